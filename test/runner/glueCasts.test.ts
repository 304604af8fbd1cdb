/**
 * The casts of Glue transforms — ApplyMapping (Change Schema) and ResolveChoice `cast:<type>` — of a fractional number
 * to a whole-number type drop the fraction (toward zero), as the JVM's narrowing conversion does (Java Language
 * Specification §5.1.3, "Narrowing Primitive Conversion": a double is rounded toward zero) and Spark's Cast with it
 * (apache/spark sql/catalyst/.../expressions/Cast.scala, castToLong for a DoubleType: `b.asInstanceOf[Double].toLong`).
 * DuckDB's own cast rounds (1.5 → 2), which gave another answer before. Expected values worked out by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-glue-casts-');
  const lines = [
    { id: 1, x: 1.5, v: 1.5 },
    { id: 2, x: -1.5, v: 'a' },
    { id: 3, x: 2.5, v: 7 },
    { id: 4, x: 7.0, v: -2.75 },
  ];
  await p.target.storage.put(GS_BUCKET, 'nums/nums.json', Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
});
after(async () => {
  await p.close();
});

const READ = `src = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/nums/"]}, format="json")\n`;
const WRITE = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;
const rows = async (name: string, field: string) =>
  (await jsonRows(p.objects(`out/${name}`))).map((r) => [r['id'], r[field] ?? null] as [number, unknown]).sort((a, b) => a[0] - b[0]);

describe('a fractional number cast to a whole-number type by a Glue transform', () => {
  test('ApplyMapping double → long and → int: toward zero', async () => {
    await p.runOk('cast_map', `${READ}m = ApplyMapping.apply(frame=src, mappings=[("id", "long", "id", "long"), ("x", "double", "x", "long"), ("x", "double", "xi", "int")])\n${WRITE('m', 'cast_map')}`);
    assert.deepEqual(await rows('cast_map', 'x'), [[1, 1], [2, -1], [3, 2], [4, 7]]);
    assert.deepEqual(await rows('cast_map', 'xi'), [[1, 1], [2, -1], [3, 2], [4, 7]]);
  });

  test('ResolveChoice cast:long of a choice (numbers and text): the numbers toward zero, the text that is no number null', async () => {
    await p.runOk('cast_choice', `${READ}r = src.resolveChoice(specs=[("v", "cast:long")])\n${WRITE('r', 'cast_choice')}`);
    assert.deepEqual(await rows('cast_choice', 'v'), [[1, 1], [2, null], [3, 7], [4, -2]]);
  });
});
