/**
 * DropNullFields and nested fields null in every record. Glue's DropNullFields drops every field whose type is
 * NullType at any depth of structs and inside arrays of structs (aws-glue-libs awsglue/transforms/drop_nulls.py,
 * `_find_null_fields`: it walks a StructType's fields, recurses into an ArrayType whose element is a StructType, and
 * appends the path of a NullType field). The local DropNullFields drops top-level fields only: a frame with such a
 * nested field is refused by name (it kept the field: another schema than Glue's), with the DropFields to write first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const DATA = [
  '{"id": 1, "info": {"a": 1, "b": null}, "tags": [{"k": "x", "v": null}], "gone": null}',
  '{"id": 2, "info": {"a": 2}, "tags": [], "gone": null}',
].join('\n');
const SOURCE = `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/null-nested/landing/"]})\n`;

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-dropnull-nested-');
  await p.target.storage.put(GS_BUCKET, 'null-nested/landing/n.json', Buffer.from(`${DATA}\n`));
});
after(async () => {
  await p?.close();
});

describe('DropNullFields of nested fields null in every record', () => {
  test('a struct member and an array element member null everywhere: refused, naming both and the DropFields to write', async () => {
    const r = await p.run('dropnull_nested', `${SOURCE}D = DropNullFields.apply(frame=S)\nD.show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', new RegExp(`dropnull_nested\\.py:${bodyLine(2)}:\\d+: DropNullFields of nested fields cannot run on the local engine: info\\.b, tags\\.v are null in every record.*DropFields\\.apply\\(frame=…, paths=\\["info\\.b", "tags\\.v"\\]\\)`));
  });

  test('with those dropped first, it runs and drops the top-level field null everywhere', async () => {
    const r = await p.runOk('dropnull_after', `${SOURCE}D = DropNullFields.apply(frame=DropFields.apply(frame=S, paths=["info.b", "tags.v"]))\nD.toDF().printSchema()\n`);
    // drop_nulls.py prints the list it drops (`print("null_fields", null_fields)`), then the schema has no `gone`
    assert.deepEqual(await p.printed('dropnull_after', r.id, bodyLine(2)), ["null_fields ['gone']"]);
    const schema = await p.printed('dropnull_after', r.id, bodyLine(3));
    assert.ok(!schema.some((l) => /gone/.test(l)), schema.join('\n'));
    assert.ok(schema.some((l) => /\|-- info: struct/.test(l)), schema.join('\n'));
  });
});
