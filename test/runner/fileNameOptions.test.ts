/**
 * A record's source file name on Glue.
 *   - attachFilename / attachTimestamp (Glue's S3 read options): they add a field to every record, holding the source
 *     file's name or its modification time. No public page or output in the corpora (the archived developer guide
 *     awsdocs/aws-glue-developer-guide@c4620ef has neither option; searched the docs, pages, issues and code corpora
 *     for "attachFilename" and "attachTimestamp") shows the field's text — the object's s3:// URI, its key, the
 *     time's type — so a read with one is refused by name. They used to be taken as options "without effect on the
 *     rows": the field was silently missing.
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
