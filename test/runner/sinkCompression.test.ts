/**
 * An S3 sink's "compression" for JSON and CSV: AWS Glue's "Connection types and options for ETL" (S3 connection
 * options: `"compression"` for Amazon S3 targets, possible values "gzip" and "bzip"; "Using the JSON format in AWS
 * Glue": Glue reads gzip- and bzip-compressed JSON). With "gzip" each file is gzipped (`….json.gz`), and the next job
 * of the pipeline reads the rows back. Expected rows by hand from test/fixtures/glue-studio/project/data/readings.json
 * (5 readings, times 1–5).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
const SOURCES = `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")\n`;

before(async () => {
  p = await glueStudioProject('lh-sinkgz-');
});
after(() => p.close());

describe('write_dynamic_frame.from_options with connection_options "compression": "gzip"', () => {
  for (const format of ['json', 'csv'] as const) {
    test(`${format}: gzipped files, read back by the next job`, async () => {
      const out = `out/gz_${format}`;
      const first = await p.run(
        `gz_write_${format}`,
        `${SOURCES}glueContext.write_dynamic_frame.from_options(frame=readings, connection_type="s3", format="${format}", connection_options={"path": "s3://${GS_BUCKET}/${out}/", "compression": "gzip", "partitionKeys": []})\n`,
      );
      assert.equal(first.state, 'SUCCEEDED', first.errorMessage);
      const files = await fs.readdir(p.objects(out));
      assert.ok(files.length > 0 && files.every((f) => f.endsWith(`.${format}.gz`)), files.join(', '));
      const lines: string[] = [];
      for (const f of files) lines.push(...gunzipSync(await fs.readFile(path.join(p.objects(out), f))).toString('utf8').split('\n').filter((l) => l !== ''));
      assert.equal(lines.length, format === 'csv' ? 6 : 5, lines.join('\n')); // CSV: Glue writes a header line
      const second = await p.run(
        `gz_read_${format}`,
        `back = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="${format}", connection_options={"paths": ["s3://${GS_BUCKET}/${out}/"]}${format === 'csv' ? ', format_options={"withHeader": True}' : ''})
glueContext.write_dynamic_frame.from_options(frame=back, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/${out}_back/"})\n`,
      );
      assert.equal(second.state, 'SUCCEEDED', second.errorMessage);
      assert.deepEqual((await jsonRows(p.objects(`${out}_back`))).map((r) => Number(r['time'])).sort(), [1, 2, 3, 4, 5]);
    });
  }
});
