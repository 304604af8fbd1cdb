/**
 * DynamicFrame.show() prints records as Glue prints them — one JSON object a line, fields in the schema's order,
 * `{"key": value, "key": value}` with a struct as a nested object — while DataFrame.show() prints Spark's table.
 * Sources for Glue's format (src/core/targets/local/glueShow.ts says what they do not settle):
 *   - aws-samples/aws-glue-samples @50030ca006ec03fd6cc04f9f96f54974277fba14, GlueCustomConnectors/development/Athena/README.md, "Step 5": after `dyf.printSchema()`
 *     and `dyf.show()`, the output `{"account_id": "2152", "month": 11, "encrypted_payload": "Z4/G…", "year": 2017,
 *     "day": 1, "transaction": {"id": 426795206, "completed": false}}` (one record a line, keys in the order of the
 *     printed schema: account_id, month, encrypted_payload, year, day, transaction{id, completed});
 *   - awslabs/aws-glue-libs issue #76: `joined_dyf.show()` prints `{"b": 2, ".b": 2, ".a": 1, "a": 1}`;
 *   - awslabs/aws-glue-libs @067b9f9f awsglue/dynamicframe.py: `def show(self, num_rows = 20): self._jdf.show(num_rows)`.
 * Expected lines are written by hand from the data below in that format (a double as Java's Double.toString: `1.0`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const NESTED = [
  '{"id": 1, "c": {"name": "Ann \\"A\\"", "ok": true}, "tags": ["a", "b"]}',
  '{"id": 2, "c": {"name": "Bob", "ok": false}, "tags": []}',
].join('\n');

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-show-');
  await p.target.storage.put(GS_BUCKET, 'nested/landing/n.json', Buffer.from(`${NESTED}\n`));
});
after(async () => {
  await p?.close();
});

describe('DynamicFrame.show()', () => {
  test('prints the first records as JSON objects, one a line, in the schema order', async () => {
    const r = await p.runOk(
      'show_readings',
      `ReadingLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="ReadingLanding_node1")
ReadingLanding_node1.show(3)
ReadingLanding_node1.toDF().show(2)
`,
    );
    assert.deepEqual(await p.printed('show_readings', r.id, bodyLine(2)), [
      '{"user": "ann@example.com", "time": 1, "x": 1.0}',
      '{"user": "ann@example.com", "time": 2, "x": -0.5}',
      '{"user": "bob@example.com", "time": 3, "x": 0.0}',
    ]);
    // a DataFrame's show stays Spark's table
    assert.deepEqual(await p.printed('show_readings', r.id, bodyLine(3)), [
      '+---------------+----+----+',
      '|           user|time|   x|',
      '+---------------+----+----+',
      '|ann@example.com|   1| 1.0|',
      '|ann@example.com|   2|-0.5|',
      '+---------------+----+----+',
      'only showing top 2 rows',
    ]);
  });

  test('a struct is a nested object, a string is JSON-escaped', async () => {
    const r = await p.runOk(
      'show_nested',
      `Nested_node1 = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nested/landing/"]}, transformation_ctx="Nested_node1")
Nested_node1.show()
`,
    );
    assert.deepEqual(await p.printed('show_nested', r.id, bodyLine(2)), [
      '{"id": 1, "c": {"name": "Ann \\"A\\"", "ok": true}, "tags": ["a", "b"]}',
      '{"id": 2, "c": {"name": "Bob", "ok": false}, "tags": []}',
    ]);
  });
});
