/**
 * What Glue's Data Catalog refuses in a table's definition, the local catalog refuses too (src/core/glueLimits.ts).
 * Limits: AWS Glue API reference API_Column.html — Name "Maximum length of 255", Comment "Maximum length of 255",
 * Type "Maximum length of 131072"; TableInput.Description "not more than 2048 bytes long" (awsdocs/aws-glue-developer-
 * guide c4620ef, doc_source/aws-glue-api-catalog-tables.md). "AWS Glue has a limit of 255 characters for column
 * comments. If this limit is exceeded, the Glue API throws an error" (apache/iceberg PR 16746). Athena's table COMMENT
 * is Glue's Description, a column COMMENT is Column.Comment (create-table.md).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, q, projectWithDatabase, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'shop';

const ddl = (name: string, columnComment: string, tableComment: string) =>
  `CREATE EXTERNAL TABLE ${name} (id int, note string COMMENT '${columnComment}') COMMENT '${tableComment}'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/${name}/'`;

before(async () => {
  ({ project, t } = await projectWithDatabase(DB));
});
after(async () => {
  await project.cleanup();
});

describe("CREATE EXTERNAL TABLE within Glue's lengths", () => {
  it('a column comment of 255 characters and a table comment of 2048 are taken', async () => {
    await q(t, ddl('at_limit', 'c'.repeat(255), 'd'.repeat(2048)), DB);
    const table = (await t.catalog.table(DB, 'at_limit'))!;
    assert.equal(table.storage.columns[1]!.comment, 'c'.repeat(255));
    assert.equal(table.comment, 'd'.repeat(2048));
  });

  it('a column comment of 256 characters is refused naming the table, the column and the limit; no table is made', async () => {
    const e = await fails(t, ddl('long_col_comment', 'c'.repeat(256), 'ok'), DB);
    assert.match(e.error!.message, /table shop\.long_col_comment: column note: its comment is 256 characters long, which Glue's Data Catalog refuses/);
    assert.match(e.error!.message, /Value at 'tableInput\.storageDescriptor\.columns\.2\.member\.comment' failed to satisfy constraint: Member must have length less than or equal to 255/);
    assert.equal(await t.catalog.table(DB, 'long_col_comment').catch(() => undefined), undefined);
  });

  it('a table comment of 2049 characters is refused (TableInput.Description)', async () => {
    const e = await fails(t, ddl('long_table_comment', 'ok', 'd'.repeat(2049)), DB);
    assert.match(e.error!.message, /table shop\.long_table_comment: the table comment is 2049 characters long, which Glue's Data Catalog refuses .*'tableInput\.description'.*less than or equal to 2048/);
  });

  it('a partition key comment and a column name of 256 characters are refused', async () => {
    const part = await fails(t, `CREATE EXTERNAL TABLE long_part (id int) PARTITIONED BY (dt string COMMENT '${'p'.repeat(256)}') ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/long_part/'`, DB);
    assert.match(part.error!.message, /column dt \(a partition key\): its comment is 256 characters long.*tableInput\.partitionKeys\.1\.member\.comment/);
    const name = 'n'.repeat(256);
    const named = await fails(t, `CREATE EXTERNAL TABLE long_name (${name} int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/long_name/'`, DB);
    assert.match(named.error!.message, /its name is 256 characters long.*less than or equal to 255/);
  });

  it('ALTER TABLE CHANGE COLUMN … COMMENT over 255 is refused (UpdateTable), the table keeps its comment', async () => {
    await q(t, ddl('altered', 'before', 'ok'), DB);
    const e = await fails(t, `ALTER TABLE altered CHANGE COLUMN note note string COMMENT '${'c'.repeat(256)}'`, DB);
    assert.match(e.error!.message, /table shop\.altered: column note: its comment is 256 characters long/);
    assert.equal((await t.catalog.table(DB, 'altered'))!.storage.columns[1]!.comment, 'before');
  });
});
