/**
 * Join and union over frames whose records lack a field — each expected value from Glue's public record:
 *   - DynamicFrame.union of a field that is null in every record of one frame and of one type in the other: the
 *     union's records keep their own values (the DynamicFrame class page: records are self-describing, "no schema is
 *     required initially … AWS Glue computes a schema on-the-fly when required, and explicitly encodes schema
 *     inconsistencies using a choice (or union) type" — an inconsistency being "the same field … of a different type
 *     in different records"); a null is no value of another type: the DropNullFields class page
 *     (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-DropNullFields.html) calls a
 *     field NullType only where it has "missing or null values in every record", so a field null in some records and
 *     an int in others is an int, not a choice. The union runs; its rows are counted by hand from the data below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-join-empty-');
  // a: v null in every record; b: v an int in every record
  await p.target.storage.put(GS_BUCKET, 'u/a/a.json', Buffer.from('{"id":1,"v":null}\n{"id":2,"v":null}\n'));
  await p.target.storage.put(GS_BUCKET, 'u/b/b.json', Buffer.from('{"id":3,"v":5}\n'));
});
after(() => p.close());

const READ = (name: string, prefix: string) =>
  `${name} = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/${prefix}/"]}, transformation_ctx="${name}")\n`;

describe('DynamicFrame.union of a field null in every record of one frame', () => {
  test('runs: the records keep their values (null, null, 5), no choice is made', async () => {
    const r = await p.run(
      'union_null_side',
      `${READ('A', 'u/a')}${READ('B', 'u/b')}U = A.union(B)\nprint(U.count())\nglueContext.write_dynamic_frame.from_options(frame=U, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/union_null_side/"})\n`,
    );
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual(await p.printed('union_null_side', r.id, bodyLine(4)), ['3']);
    const rows = (await jsonRows(p.objects('out/union_null_side'))).sort((x, y) => Number(x['id']) - Number(y['id']));
    assert.deepEqual(rows.map((x) => [x['id'], x['v'] ?? null]), [[1, null], [2, null], [3, 5]]);
  });
});
