/**
 * from_catalog's push_down_predicate, from the AWS Glue developer guide:
 * - "Optimizing reads with pushdown in AWS Glue ETL" (docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-pushdown.html):
 *   a bucket partitioned by year and month; `push_down_predicate = "year='2022' and month='06'"` reads the customer data
 *   of June 2022 only — the predicate "retrieves a list of all partitions from the AWS Glue Data Catalog" and filters
 *   them "before reading the underlying Amazon S3 files"; catalogPartitionPredicate is the server-side filter on
 *   partition indexes, in another syntax (JSQL) than push_down_predicate's Spark SQL;
 * - "Managing partitions for ETL output in AWS Glue" (aws-glue-programming-etl-partitions.html), pre-filtering using
 *   pushdown predicates: the predicate "can be any Boolean expression supported by Spark SQL", e.g.
 *   `"(year=='2017' and month=='04')"`, which loads only the partitions with both;
 * - the AWS Knowledge Center's "run an AWS Glue job on a specific partition": `push_down_predicate =
 *   "(product_category == 'Video')"`.
 * The expected rows are the records of the picked partitions, worked out from the data below. Partition columns keep
 * the catalog's types: an int partition column compares as a number (9 < 10), as Spark compares an int with an int.
 * A predicate on a column that is not a partition column, one on a table without partitions, and
 * catalogPartitionPredicate are refused by name before anything is written.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { GLUE_PROLOGUE, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows, sorted } from './harness';

let p: ScriptProject;

const put = (key: string, lines: object[]) => p.target.storage.put(GS_BUCKET, key, Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
const sql = async (text: string) => {
  const q = await p.target.queries.run(text);
  assert.equal(q.state, 'SUCCEEDED', `${text}: ${q.error?.message ?? ''}`);
};

before(async () => {
  p = await glueStudioProject('lh-pushdown-');
  // TBLPROPERTIES ('classification'=…): Glue's ETL jobs need it on a table Athena's DDL made (create-table.md)
  // customer_tbl, partitioned by year and month (strings, as a crawler declares Hive-style folders)
  await put('customers_by_month/year=2017/month=04/c.json', [{ customer: 'ann', total: 10 }, { customer: 'bob', total: 20 }]);
  await put('customers_by_month/year=2017/month=05/c.json', [{ customer: 'cid', total: 30 }]);
  await put('customers_by_month/year=2022/month=05/c.json', [{ customer: 'dan', total: 40 }]);
  await put('customers_by_month/year=2022/month=06/c.json', [{ customer: 'eve', total: 50 }, { customer: 'fay', total: 60 }]);
  await sql(`CREATE EXTERNAL TABLE lake.customer_tbl (customer string, total bigint) PARTITIONED BY (year string, month string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${GS_BUCKET}/customers_by_month/' TBLPROPERTIES ('classification'='json')`);
  await sql('MSCK REPAIR TABLE lake.customer_tbl');
  // sampletable, partitioned by product_category (the Knowledge Center's example)
  await put('products/product_category=Video/p.json', [{ item: 'film' }]);
  await put('products/product_category=Books/p.json', [{ item: 'novel' }, { item: 'atlas' }]);
  await sql(`CREATE EXTERNAL TABLE lake.sampletable (item string) PARTITIONED BY (product_category string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${GS_BUCKET}/products/' TBLPROPERTIES ('classification'='json')`);
  await sql('MSCK REPAIR TABLE lake.sampletable');
  // an int partition column: 9 < 10 as numbers ('10' < '9' as text)
  await p.target.storage.put(GS_BUCKET, 'visits/day=9/v.csv', Buffer.from('a,1\nb,2\n'));
  await p.target.storage.put(GS_BUCKET, 'visits/day=10/v.csv', Buffer.from('c,3\n'));
  await sql(`CREATE EXTERNAL TABLE lake.visits (page string, n bigint) PARTITIONED BY (day int)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://${GS_BUCKET}/visits/' TBLPROPERTIES ('classification'='csv')`);
  await sql('MSCK REPAIR TABLE lake.visits');
});
after(async () => {
  await p.close();
});

const SINK = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;
const read = (table: string, extra: string) => `src = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="${table}", transformation_ctx="src"${extra})\n`;
const out = async (name: string) => sorted(await jsonRows(p.objects(`out/${name}`)));

describe('push_down_predicate picks the partitions read', () => {
  test("the pushdown page's example: year='2022' and month='06'", async () => {
    const r = await p.runOk('pd_doc', `${read('customer_tbl', `, push_down_predicate = "year='2022' and month='06'"`)}${SINK('src', 'pd_doc')}`);
    assert.deepEqual(await out('pd_doc'), [
      { customer: 'eve', total: 50, year: '2022', month: '06' },
      { customer: 'fay', total: 60, year: '2022', month: '06' },
    ]);
    const log = (await p.target.jobs.logs('pd_doc', r.id)).join('\n');
    assert.match(log, /push_down_predicate "year='2022' and month='06'" keeps 1 of 4 partition\(s\) of lake\.customer_tbl/);
  });

  test("the partitions page's form: (year=='2017' and month=='04')", async () => {
    await p.runOk('pd_eqeq', `${read('customer_tbl', `, push_down_predicate = "(year=='2017' and month=='04')"`)}${SINK('src', 'pd_eqeq')}`);
    assert.deepEqual((await out('pd_eqeq')).map((r) => r['customer']), ['ann', 'bob']);
  });

  test("the Knowledge Center's example: (product_category == 'Video')", async () => {
    await p.runOk('pd_kc', `${read('sampletable', `, push_down_predicate = "(product_category == 'Video')"`)}${SINK('src', 'pd_kc')}`);
    assert.deepEqual(await out('pd_kc'), [{ item: 'film', product_category: 'Video' }]);
  });

  test('any Spark SQL condition: or, in, a function of a partition column', async () => {
    await p.runOk('pd_or', `${read('customer_tbl', `, push_down_predicate = "month in ('05') or (year = '2017' and month <> '05')"`)}${SINK('src', 'pd_or')}`);
    assert.deepEqual((await out('pd_or')).map((r) => r['customer']), ['ann', 'bob', 'cid', 'dan']);
    await p.runOk('pd_fn', `${read('customer_tbl', `, push_down_predicate = "concat(year, '-', month) >= '2022-06'"`)}${SINK('src', 'pd_fn')}`);
    assert.deepEqual((await out('pd_fn')).map((r) => r['customer']), ['eve', 'fay']);
  });

  test("an int partition column compares as a number (a delimited-text table, read with its declared columns)", async () => {
    await p.runOk('pd_int', `${read('visits', `, push_down_predicate = "day > 9"`)}${SINK('src', 'pd_int')}`);
    assert.deepEqual(await out('pd_int'), [{ page: 'c', n: 3, day: 10 }]);
  });

  test('a predicate no partition satisfies reads nothing', async () => {
    await p.runOk('pd_none', `${read('customer_tbl', `, push_down_predicate = "year = '1999'"`)}${SINK('src', 'pd_none')}`);
    assert.deepEqual(await jsonRows(p.objects('out/pd_none')).catch(() => []), []);
  });
});

describe('refused by name', () => {
  const refused = async (name: string, body: string, message: RegExp) => {
    const r = await p.run(name, body);
    assert.equal(r.state, 'FAILED', name);
    assert.match(r.errorMessage ?? '', message);
    const line = `${GLUE_PROLOGUE}${body}`.split('\n').findIndex((l) => l.includes('from_catalog')) + 1;
    assert.equal(r.errorLine, line, r.errorMessage);
    assert.deepEqual(await fs.readdir(p.objects(`out/${name}`)).catch(() => []), [], 'nothing written');
  };

  test('a column that is not a partition column', async () => {
    await refused('pd_data_col', `${read('customer_tbl', `, push_down_predicate = "total > 10"`)}${SINK('src', 'pd_data_col')}`, /reads total, which is not a partition column of lake\.customer_tbl \(its partition columns: year, month\)/);
  });

  test('a table without partition columns', async () => {
    await put('flat/f.json', [{ a: 1 }]);
    await sql(`CREATE EXTERNAL TABLE lake.flat (a bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${GS_BUCKET}/flat/' TBLPROPERTIES ('classification'='json')`);
    await refused('pd_flat', `${read('flat', `, push_down_predicate = "a = 1"`)}${SINK('src', 'pd_flat')}`, /push_down_predicate on lake\.flat cannot run on the local engine: the table has no partition columns/);
  });

  test("catalogPartitionPredicate (the Data Catalog's own filter on partition indexes)", async () => {
    await refused(
      'pd_catalog',
      `${read('customer_tbl', `, additional_options = {"catalogPartitionPredicate": "year='2022' and month='06'"}`)}${SINK('src', 'pd_catalog')}`,
      /additional option "catalogPartitionPredicate" cannot run on the local engine: .*JSQL.*push_down_predicate/,
    );
  });
});
