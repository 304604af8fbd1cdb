/**
 * A record's source file name on Glue.
 *   - attachFilename / attachTimestamp (Glue's S3 read options): they add a field to every record, holding the source
 *     file's name or its modification time. No public page or output in the corpora (the archived developer guide
 *     awsdocs/aws-glue-developer-guide@c4620ef has neither option; searched the docs, pages, issues and code corpora
 *     for "attachFilename" and "attachTimestamp") shows the field's text — the object's s3:// URI, its key, the
 *     time's type — so a read with one is refused by name. They used to be taken as options "without effect on the
 *     rows": the field was silently missing.
 *   - input_file_name() (pyspark.sql.functions; Spark SQL's function of that name): the file a row was read from, as
 *     Spark's FileScanRDD hands it to InputFileBlockHolder — the file's path as a URI. A Glue job of AWS's own
 *     (aws-samples/aws-big-data-blog-dmscdc-walkthrough DMSCDC_LoadIncremental.py) reads it back with
 *     `parse.urlparse(row[0])` as bucket (`o.netloc`) and key (`parse.unquote(o.path)[1:]`): `s3://bucket/key`,
 *     percent-encoded. The local frames do not carry a row's file, so it is refused by name, in both the DataFrame
 *     API and spark.sql, saying what to write instead.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-filename-');
  // hand-made: two records in one file
  await p.target.storage.put(GS_BUCKET, 'orders/o.json', Buffer.from('{"id":1}\n{"id":2}\n'));
});
after(async () => {
  await p.close();
});

describe('attachFilename and attachTimestamp on a read: refused by name, never a silently missing field', () => {
  const READ = (connection: string, format = '') =>
    `dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/orders/"]${connection}}, format="json"${format})\nprint(dyf.count())\n`;
  const cases: [string, string, string][] = [
    ['attach_conn', READ(', "attachFilename": "source_file"'), 'attachFilename'],
    ['attach_format', READ('', ', format_options={"attachFilename": "source_file"}'), 'attachFilename'],
    ['attach_ts', READ(', "attachTimestamp": "modified"'), 'attachTimestamp'],
    ['attach_catalog', `dyf = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="customer_landing", additional_options={"attachFilename": "f"})\nprint(dyf.count())\n`, 'attachFilename'],
  ];
  for (const [name, body, option] of cases)
    test(`${name}: ${option}`, async () => {
      const r = await p.run(name, body);
      assert.equal(r.state, 'FAILED');
      assert.equal(r.errorLine, bodyLine(1));
      assert.match(r.errorMessage ?? '', new RegExp(`with the option "${option}" cannot run on the local engine: it adds the field holding each record's source file`));
    });
});

describe('input_file_name(): refused by name, saying what Glue gives and what to write instead', () => {
  test('F.input_file_name() in withColumn', async () => {
    const r = await p.run('ifn_column', `df = spark.read.json("s3://${GS_BUCKET}/orders/").withColumn("f", F.input_file_name())\ndf.show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.equal(r.errorLine, bodyLine(1));
    assert.match(r.errorMessage ?? '', /pyspark\.sql\.functions\.input_file_name cannot run on the local engine: the file a row was read from \(on Glue the object's URI, s3:\/\/bucket\/key\) is not carried with the rows locally; keep a per-file value/);
  });
  test('input_file_name() in spark.sql', async () => {
    const r = await p.run('ifn_sql', `df = spark.read.json("s3://${GS_BUCKET}/orders/")\ndf.createOrReplaceTempView("o")\nspark.sql("SELECT input_file_name() AS f FROM o").show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /input_file_name is not supported by the local engine \(Spark has it\): the file a row was read from \(on Glue the object's URI, s3:\/\/bucket\/key\)/);
  });
});
