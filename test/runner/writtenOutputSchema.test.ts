/**
 * A job reading what an earlier job wrote takes the DynamicFrame's schema from the write (writtenSchema.ts) rather
 * than from a read of every record; what it sees must be what that read gives. The second job reads the first
 * job's output and a byte-for-byte copy of it at another path (not a write of the engine: its schema is learnt from
 * the records, as before) and prints both schemas: they are the same, field by field — for integers, doubles
 * (integral values too), booleans, strings, a date (a string to Glue's JSON reader; a timestamp is refused by Glue's JSON sink, whose text for it is not known), a field NULL in
 * every record and mixed-case names (written as the frame spells them, as Glue's writer does). Non-finite doubles make a write that is not predicted;
 * its read is checked the same way.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { JsonSchemaCache } from '../../src/core/targets/local/jsonSchemas';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-written-schema-');
  // (as text: x keeps `1.0` and `2.0`, doubles to Glue's reader — JSON.stringify would write 1 and 2, ints)
  const lines = [
    '{"Id":1,"Name":"ann","x":1.0,"ok":true,"At":"2024-01-02 03:04:05","Day":"2024-01-02","none":null}',
    '{"Id":2,"Name":"bob","x":-0.5,"ok":false,"At":"2024-02-03 00:00:00","Day":"2024-02-03","none":null}',
    '{"Id":3,"Name":null,"x":2.0,"ok":null,"At":null,"Day":null,"none":null}',
  ];
  await p.target.storage.put(GS_BUCKET, 'src/src.json', Buffer.from(lines.join('\n') + '\n'));
});
after(async () => {
  await p.close();
});

const read = (name: string, at: string) =>
  `${name} = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/${at}/"]}, format="json")\n`;
const write = (frame: string, at: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/${at}/"})\n`;

/** the DynamicFrame `printSchema()` blocks of a run's log (Glue's `root`, `|-- name: type`), each as its `name: type` lines */
function schemas(log: string): string[][] {
  return log
    .split(/\broot\b/)
    .slice(1)
    .map((block) => [...block.matchAll(/: \|-- (.*)$/gm)].map((m) => m[1]!));
}

async function copyOf(at: string, to: string): Promise<void> {
  const from = p.objects(at);
  const dest = p.objects(to);
  await fs.mkdir(dest, { recursive: true });
  for (const f of await fs.readdir(from)) await fs.writeFile(path.join(dest, `copy-${f}`), await fs.readFile(path.join(from, f)));
}

async function logOf(run: { id: string }, job: string): Promise<string> {
  return (await p.target.jobs.logs(job, run.id)).join('\n');
}

describe('a job reading an earlier job output', () => {
  test('sees the schema a read of every record gives', async () => {
    const mapped = `m = ApplyMapping.apply(frame=s, mappings=[("Id", "long", "Id", "int"), ("Name", "string", "CustomerName", "string"), ("x", "double", "x", "double"), ("ok", "boolean", "ok", "boolean"), ("Day", "string", "Day", "date"), ("none", "string", "none", "long")])\n`;
    await p.runOk('w1', `${read('s', 'src')}${mapped}${write('m', 'out1')}`);
    await copyOf('out1', 'copy1');
    const r = await p.runOk('r1', `${read('a', 'out1')}a.printSchema()\n${read('b', 'copy1')}b.printSchema()\n${write('a', 'again1')}`);
    const [written, copied] = schemas(await logOf(r, 'r1'));
    assert.ok(written && written.length > 0);
    assert.deepEqual(written, copied);
    // Id mapped to int: its whole numbers fit in 32 bits, an int to Glue's reader (the legislators sample's `seats: int`)
    // none, null in every record written: NullType to Glue's JSON reader, printed `null` (the developer guide's
    // UnnestFrame page, `|-- pears: null`: test/runner/nullTypeSchema.test.ts)
    assert.deepEqual(written, ['Id: int', 'CustomerName: string', 'x: double', 'ok: boolean', 'Day: string', 'none: null']);
    // the output's schema was the write's: registered, and no schema learnt from its records
    // (written in the background: waited for, as the engine does when it closes)
    await JsonSchemaCache.of(path.join(p.root, '.lakehouse', 'cache')).flush();
    const cache = JSON.parse(await fs.readFile(path.join(p.root, '.lakehouse', 'cache', 'json-schemas.json'), 'utf8')) as Record<string, unknown>;
    const out1 = p.objects('out1');
    assert.ok(Object.keys(cache).some((k) => k.startsWith(`written:v2:${out1}`)));
    assert.ok(!Object.keys(cache).some((k) => !k.startsWith('written:') && k.includes(out1)));
    assert.ok(Object.keys(cache).some((k) => !k.startsWith('written:') && k.includes(p.objects('copy1'))));
  });

  test('with non-finite doubles (written as strings, as Spark does): the same schema, learnt from the records', async () => {
    const lines = ['{"id": 1, "v": 1.5}', '{"id": 2, "v": "Infinity"}', '{"id": 3, "v": "NaN"}'];
    await p.target.storage.put(GS_BUCKET, 'nf/nf.json', Buffer.from(lines.join('\n') + '\n'));
    // the strings made doubles (Glue's ResolveChoice cast), then written: DuckDB's non-finite doubles, quoted
    await p.runOk('w2', `${read('s', 'nf')}m = ResolveChoice.apply(frame=s, specs=[("v", "cast:double")])\n${write('m', 'out2')}`);
    const text = (await Promise.all((await fs.readdir(p.objects('out2'))).map((f) => fs.readFile(path.join(p.objects('out2'), f), 'utf8')))).join('');
    assert.match(text, /"Infinity"/);
    await copyOf('out2', 'copy2');
    const r = await p.runOk('r2', `${read('a', 'out2')}a.printSchema()\n${read('b', 'copy2')}b.printSchema()\n${write('a', 'again2')}`);
    const [written, copied] = schemas(await logOf(r, 'r2'));
    assert.ok(written && written.length > 0);
    assert.deepEqual(written, copied);
  });
});
