/**
 * spark.read.text: a DataFrame of one string column `value`, a row per line ("Each line in the text file is a new
 * row in the resulting DataFrame", pyspark.sql.DataFrameReader.text; `wholetext`: "each file from input path(s) as a
 * single row"). Lines end as Hadoop's LineRecordReader ends them (org.apache.hadoop.util.LineReader: "\n", "\r" or
 * "\r\n"), a final terminator starts no row, and an empty line is an empty string. Expected rows by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-text-');
  await p.target.storage.put(GS_BUCKET, 'logs/landing/a.log', Buffer.from('GET /a 200\r\nPOST /b 500\rx\n\nlast'));
  await p.target.storage.put(GS_BUCKET, 'logs/landing/b.log', Buffer.from('only\n'));
});
after(async () => {
  await p?.close();
});

describe('spark.read.text', () => {
  test('a row per line: \\n, \\r\\n and \\r end a line; an empty line is an empty string; the value column', async () => {
    const r = await p.runOk('text_lines', `df = spark.read.text("s3://${GS_BUCKET}/logs/landing/a.log")\nprint(df.columns)\ndf.show()\nprint(df.where(F.col("value") == "").count())\n`);
    assert.deepEqual(await p.printed('text_lines', r.id, bodyLine(2)), ["['value']"]);
    assert.deepEqual(await p.printed('text_lines', r.id, bodyLine(3)), ['+-----------+', '|      value|', '+-----------+', '| GET /a 200|', '|POST /b 500|', '|          x|', '|           |', '|       last|', '+-----------+']);
    assert.deepEqual(await p.printed('text_lines', r.id, bodyLine(4)), ['1']);
  });

  test('a final line terminator starts no row; wholetext makes each file one row', async () => {
    const r = await p.runOk('text_whole', `n = spark.read.text("s3://${GS_BUCKET}/logs/landing/b.log").count()\nprint(n)\nw = spark.read.text("s3://${GS_BUCKET}/logs/landing/", wholetext=True)\nprint(w.count())\n`);
    assert.deepEqual(await p.printed('text_whole', r.id, bodyLine(2)), ['1']);
    assert.deepEqual(await p.printed('text_whole', r.id, bodyLine(4)), ['2']);
  });
});
