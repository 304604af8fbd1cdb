/**
 * The header of a file Glue's own CSV writer writes (a DynamicFrame sink to S3) — expected outcomes from Glue's own
 * output files, committed in vijayanand-88/DIQA @d8848dc
 * (src/test/resources/testdata/rest/payloads/ida/amazonGlueLineagePayloads/s3Files/):
 *   - job 711 (TestFiles/QATest711.py: from_catalog over a CSV table, LazySimpleSerDe, columns passengerid, age,
 *     ticket, fare, sex, city; SplitRows; CSV sinks) wrote passenger 6 — whose age is empty in
 *     SourceFiles/Source611/Titanic611Table/Titanic611.csv — first in TargetFiles/Target711/split1_op1/
 *     run-1587373952180-part-r-00000_sp1, headed `passengerid,ticket,fare,sex,city,age`: the field the first record
 *     lacks moved last, and every line's value with it (`6,330877,8.4583,M,Mumbai,`). No output shows whether a field
 *     a record holds as null moves too, nor where several missing fields go: a first record without a value for a
 *     field stops the run, naming the sink's line and the field, and nothing is written;
 *   - job 912 (TestFiles/QATest912.py: from_options CSV, withHeader) wrote TargetFiles/Target912/mapToColf0OP headed
 *     as its source, `snno,year,quarter,delay,dud,time,…`: a first record with every field keeps the fields' order;
 *   - a first record without the last field only, which a later record of the file has: the header is the same
 *     whether the field moves last or not — it runs (the corpus's akhileshappala/Masters-BDA-project state file has
 *     an empty population, its last column, in its first line).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-glue-csv-header-');
  await p.target.storage.put(GS_BUCKET, 'csvh/first_empty/t.csv', Buffer.from('passengerid,age,ticket\n6,,330877\n7,54,17463\n'));
  await p.target.storage.put(GS_BUCKET, 'csvh/later_empty/t.csv', Buffer.from('passengerid,age,ticket\n7,54,17463\n6,,330877\n'));
  await p.target.storage.put(GS_BUCKET, 'csvh/last_empty/t.csv', Buffer.from('passengerid,ticket,age\n6,330877,\n7,17463,54\n'));
  await p.target.storage.put(GS_BUCKET, 'csvh/never/t.csv', Buffer.from('passengerid,ticket,age\n6,330877,\n7,17463,\n'));
});
after(() => p.close());

const job = (src: string, out: string) =>
  `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="csv", format_options={"withHeader": True}, connection_options={"paths": ["s3://${GS_BUCKET}/csvh/${src}/"]}, transformation_ctx="S")
glueContext.write_dynamic_frame.from_options(frame=S, connection_type="s3", format="csv", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})
`;

describe("the header of Glue's own CSV writer", () => {
  test('a first record without a value for a field: refused, naming the sink line and the field; nothing written', async () => {
    const r = await p.run('csv_first_empty', job('first_empty', 'csv_first_empty'));
    assert.equal(r.state, 'FAILED');
    assert.match(
      r.errorMessage ?? '',
      /^glue-scripts\/csv_first_empty\.py:\d+: the sink writes CSV with Glue's own writer, and the first record it writes has no value for the field age: Glue's CSV writer heads its file with the fields of the first record .* so the local engine does not guess the column order; give the field a value first/,
    );
    await assert.rejects(fs.access(p.objects('out/csv_first_empty')));
  });

  test('a first record without the last field only, which a later record has: runs, the order being the same either way', async () => {
    await p.runOk('csv_last_empty', job('last_empty', 'csv_last_empty'));
    assert.deepEqual(await p.writtenLines('out/csv_last_empty'), ['passengerid,ticket,age', '6,330877,', '7,17463,54']);
  });

  test('the last field in no record: refused (whether Glue writes a field no record has is not shown)', async () => {
    const r = await p.run('csv_never', job('never', 'csv_never'));
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /the first record it writes has no value for the field age/);
  });

  test('a first record with every field: the source order, a later record without a value written as an empty field', async () => {
    await p.runOk('csv_later_empty', job('later_empty', 'csv_later_empty'));
    assert.deepEqual(await p.writtenLines('out/csv_later_empty'), ['passengerid,age,ticket', '7,54,17463', '6,,330877']);
  });
});
