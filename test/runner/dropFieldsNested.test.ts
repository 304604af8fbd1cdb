/**
 * DropFields of nested paths beyond the Glue developer guide's examples (those run in
 * test/conformance/glueDocs.test.ts, with the pages' printed schemas and records): a member dropped from a struct
 * inside a struct, and the refusals — a drop that leaves a struct with no members (the archived DropFields page says
 * the struct is then removed, while its own example keeps the other records' fields: not settled), a path through a
 * field of several types. Expected values written by hand from the data below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const DATA = ['{"id": 1, "a": {"b": {"c": 1, "d": "x"}, "e": true}, "v": 1}', '{"id": 2, "a": {"b": {"c": 2, "d": "y"}, "e": false}, "v": "z"}'].join('\n');
const SOURCE = `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nested-drop/landing/"]})\n`;

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-drop-nested-');
  await p.target.storage.put(GS_BUCKET, 'nested-drop/landing/n.json', Buffer.from(`${DATA}\n`));
});
after(async () => {
  await p?.close();
});

describe('DropFields of nested paths', () => {
  test('a member two structs deep is dropped, the rest kept in order', async () => {
    const r = await p.runOk('drop_deep', `${SOURCE}S.drop_fields(["a.b.c", "v"]).show()\n`);
    assert.deepEqual(await p.printed('drop_deep', r.id, bodyLine(2)), ['{"id": 1, "a": {"b": {"d": "x"}, "e": true}}', '{"id": 2, "a": {"b": {"d": "y"}, "e": false}}']);
  });

  test('a drop that leaves a struct with no members is refused, naming the path and the line', async () => {
    const r = await p.run('drop_empty', `${SOURCE}S.drop_fields(["a.b.c", "a.b.d"]).show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', new RegExp(`drop_empty\\.py:${bodyLine(2)}:\\d+: DropFields of "a\\.b\\.c" cannot run on the local engine: it leaves a struct with no fields`));
  });

  test("a row function reading a field a nested drop changed does not take the source's keys for it", async () => {
    // the source holds "l": [] (a key with a value); after dropping l.x the empty array is gone (the archived
    // DropFields page), so whether row["l"] raises KeyError or is None is not the source's to say: refused by name
    await p.target.storage.put(GS_BUCKET, 'nested-drop-l/landing/n.json', Buffer.from('{"id": 1, "l": []}\n{"id": 2, "l": [{"x": 1, "y": 2}]}\n'));
    const r = await p.run(
      'drop_then_filter',
      `L = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nested-drop-l/landing/"]})
F = Filter.apply(frame=L.drop_fields(["l.x"]), f=lambda row: row["l"] is None)
F.show()
`,
    );
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /Filter\.apply cannot run on the local engine: a record has no value for l, and Python's answer depends on whether the record .* holds the key with null/);
  });

  test('a path through a field of several types (a ChoiceType) is refused by name', async () => {
    const r = await p.run('drop_choice', `${SOURCE}S.drop_fields(["v.x"]).show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /DropFields of "v\.x" cannot run on the local engine: its field holds values of several types \(a ChoiceType\)/);
  });
});

describe('DropNullFields prints the fields it drops', () => {
  // aws-glue-libs awsglue/transforms/drop_nulls.py (@e5f1234): `print("null_fields", null_fields)` when it is called;
  // the DropNullFields class page's output shows `null_fields ['empty_column']` between the prints around the call
  test('null_fields and the list, at the call, between the prints around it', async () => {
    await p.target.storage.put(GS_BUCKET, 'null-fields/landing/n.json', Buffer.from('{"a": 1, "b": null, "c": "x"}\n{"a": 2, "c": null}\n'));
    const r = await p.runOk(
      'null_fields',
      `N = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/null-fields/landing/"]})
print("before")
D = DropNullFields.apply(frame=N)
print("after")
`,
    );
    const logs = (await p.target.jobs.logs('null_fields', r.id)).map((l) => l.replace(/^\S+ \S+ /, '')).filter((l) => /^line \d+: /.test(l));
    assert.deepEqual(logs, [`line ${bodyLine(2)}: before`, `line ${bodyLine(3)}: null_fields ['b']`, `line ${bodyLine(4)}: after`]);
  });
});
