/**
 * A new user's own Glue jobs over their own data (test/fixtures/newglue: orders.csv, customers.json, events.json and
 * thirteen scripts written the way people write them — a Glue Studio generated job, DataFrame code, Spark SQL over temp
 * views, window functions, joins of every `how`, dates, strings, when/otherwise, explode, casts, job arguments,
 * partitioned and CSV/JSON/Parquet sinks), run as `lakehouse run` runs them (runPipeline). Every expected value is
 * worked out by hand from the fixture's data and Spark's documented semantics (the derivation beside each), never
 * from the runner; Parquet and CSV are read back by a DuckDB of the test's own (harness.ts rawDuckDb).
 *
 * The data, for the derivations:
 *   orders (id customer date amount status region): 1 10 2024-01-15 100.50 shipped eu · 2 10 2024-02-20 20.00
 *   cancelled eu · 3 11 2024-01-31 55.25 shipped us · 4 12 2024-03-01 300.00 pending us · 5 13 2024-02-29 12.75
 *   shipped apac · 6 11 not-a-date 40.00 shipped us · 7 99 2024-03-15 5.00 shipped eu
 *   customers: 10 "Ana Lima" ANA@Example.com 1704067200 [vip,eu] Lisbon/1000 · 11 "bob stone" bob@example.com
 *   1706745600 [us] Boston/02101 · 12 "Chen Wei" null 1709251200 [] Austin/null · 14 "Dora  Kay" dora@example.com
 *   1712000000 [new,vip] Oslo/0150
 *   events: e1 10 view [A×1,B×2] · e2 10 buy [A×1] · e3 11 view [] · e4 12 buy [C×5] · e5 11 buy [B×1,C×1]
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PipelineResult } from '../../src/core/actions/pipeline';
import { filesUnder, jsonRows, rawDuckDb, runFixturePipeline, type FixturePipeline } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'newglue');
const BUCKET = 'shop-lakehouse';

let result: PipelineResult;
let dir: (prefix: string) => string;
let run: FixturePipeline | undefined;

before(async () => {
  run = await runFixturePipeline(FIXTURE, BUCKET, [['orders', 'orders.csv'], ['customers', 'customers.json'], ['events', 'events.json']]);
  ({ result, dir } = run);
});
after(async () => {
  await run?.close();
});

/** the rows of the Parquet or CSV files under a prefix, read by the test's own DuckDB, values as JSON, in `order` */
async function duckRows(prefix: string, reader: 'parquet' | 'csv', order: string): Promise<Record<string, unknown>[]> {
  const conn = await (await rawDuckDb()).connect();
  try {
    const files = `${dir(prefix)}/**/*.${reader}`;
    const from = reader === 'parquet' ? `read_parquet('${files}', hive_partitioning = false)` : `read_csv('${files}', header = true, all_varchar = true, allow_quoted_nulls = false)`;
    return (await conn.runAndReadAll(`SELECT * FROM ${from} ORDER BY ${order}`)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

const byKeys = (...keys: string[]) => (a: Record<string, unknown>, b: Record<string, unknown>) => {
  for (const k of keys) {
    const x = String(a[k] ?? ''), y = String(b[k] ?? '');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

describe('a new user\'s Glue jobs, run as `lakehouse run` runs them', () => {
  it('every job runs', () => {
    assert.ok(result.ok, JSON.stringify(result.runs.map((r) => [r.jobName, r.state, r.errorMessage])));
    assert.equal(result.runs.length, 13);
  });

  it('studio_orders (Glue Studio: ApplyMapping, SQL Query node, JSON sink with partitionKeys)', async () => {
    // order 2 is the one cancelled; the partition key is a folder (region=…), not a field of the files; ApplyMapping
    // dropped order_date and renamed status
    const files = [...(await filesUnder(dir('orders/trusted/studio/'))).keys()].map((k) => k.split('/')[0]);
    assert.deepEqual([...new Set(files)], ['region=apac', 'region=eu', 'region=us']);
    const eu = (await jsonRows(dir('orders/trusted/studio/region=eu/'))).sort(byKeys('order_id'));
    assert.deepEqual(eu, [
      { order_id: 1, customer_id: 10, amount: 100.5, order_status: 'shipped' },
      { order_id: 7, customer_id: 99, amount: 5.0, order_status: 'shipped' },
    ]);
    assert.deepEqual((await jsonRows(dir('orders/trusted/studio/region=us/'))).map((r) => r['order_id']).sort(), [3, 4, 6]);
    assert.deepEqual((await jsonRows(dir('orders/trusted/studio/region=apac/'))).map((r) => r['order_id']), [5]);
  });

  it('agg_by_region (groupBy/agg: count, sum, round(avg), max, countDistinct; a Parquet sink)', async () => {
    // not cancelled: us 3,4,6 = 55.25+300+40 = 395.25, avg 131.75, customers {11,12}; eu 1,7 = 100.5+5 = 105.5,
    // avg 52.75, customers {10,99}; apac 5 = 12.75. count and countDistinct are bigint (LongType)
    assert.deepEqual(await duckRows('orders/curated/agg_by_region/', 'parquet', 'total DESC'), [
      { region: 'us', n: '3', total: 395.25, avg_amount: 131.75, max_amount: 300, customers: '2' },
      { region: 'eu', n: '2', total: 105.5, avg_amount: 52.75, max_amount: 100.5, customers: '2' },
      { region: 'apac', n: '1', total: 12.75, avg_amount: 12.75, max_amount: 12.75, customers: '1' },
    ]);
  });

  it('window_rank (row_number, dense_rank, lag, a running sum over rowsBetween; a CSV sink with a header)', async () => {
    // per region by amount desc: us 4 (300) 3 (55.25) 6 (40); eu 1 (100.5) 2 (20) 7 (5); lag and the running sum by
    // order_id. A null is an empty field (Spark's CSV nullValue is "")
    assert.deepEqual(await duckRows('orders/curated/window_rank/', 'csv', 'CAST(order_id AS INT)'), [
      { order_id: '1', region: 'eu', amount: '100.5', rn: '1', rk: '1', prev_amount: null, running_total: '100.5' },
      { order_id: '2', region: 'eu', amount: '20.0', rn: '2', rk: '2', prev_amount: '100.5', running_total: '120.5' },
      { order_id: '3', region: 'us', amount: '55.25', rn: '2', rk: '2', prev_amount: null, running_total: '55.25' },
      { order_id: '4', region: 'us', amount: '300.0', rn: '1', rk: '1', prev_amount: '55.25', running_total: '355.25' },
      { order_id: '5', region: 'apac', amount: '12.75', rn: '1', rk: '1', prev_amount: null, running_total: '12.75' },
      { order_id: '6', region: 'us', amount: '40.0', rn: '3', rk: '3', prev_amount: '300.0', running_total: '395.25' },
      { order_id: '7', region: 'eu', amount: '5.0', rn: '3', rk: '3', prev_amount: '20.0', running_total: '125.5' },
    ]);
  });

  it('joins_every_how (inner, left, right, full, left_semi, left_anti; unionByName)', async () => {
    // customers 10, 11, 12, 14; orders' customers 10 10 11 12 13 11 99: 13 and 99 match nobody, 14 no order
    const rows = await jsonRows(dir('orders/curated/joins/'));
    const of = (how: string) => rows.filter((r) => r['how'] === how).map((r) => `${r['order_id'] ?? '-'}:${r['cid'] ?? '-'}`).sort();
    assert.deepEqual(of('inner'), ['1:10', '2:10', '3:11', '4:12', '6:11']);
    assert.deepEqual(of('left'), ['1:10', '2:10', '3:11', '4:12', '5:-', '6:11', '7:-']);
    assert.deepEqual(of('right'), ['-:14', '1:10', '2:10', '3:11', '4:12', '6:11']);
    assert.deepEqual(of('full'), ['-:14', '1:10', '2:10', '3:11', '4:12', '5:-', '6:11', '7:-']);
    assert.deepEqual(of('left_semi'), ['1:-', '2:-', '3:-', '4:-', '6:-']);
    assert.deepEqual(of('left_anti'), ['5:-', '7:-']);
    // Spark's JSON writer leaves out null fields (ignoreNullFields, default true)
    assert.deepEqual(rows.find((r) => r['how'] === 'right' && r['cid'] === 14), { cid: 14, name: 'Dora  Kay', how: 'right' });
  });

  it('dates_and_times (from_unixtime, to_date, date_format yyyy-MM and EEEE, unix_timestamp, datediff; session zone UTC)', async () => {
    // 1704067200 = 2024-01-01T00:00:00Z (a Monday); 1712000000 = 1711929600 (2024-04-01) + 70400 s = 19:33:20;
    // datediff to 2024-06-01: 31+29+31+30+31 = 152 from Jan 1, 121 from Feb 1, 92 from Mar 1, 61 from Apr 1
    assert.deepEqual((await jsonRows(dir('customers/trusted/dates/'))).sort(byKeys('customer_id')), [
      { customer_id: 10, signup_ts: 1704067200, signup_at: '2024-01-01 00:00:00', signup_date: '2024-01-01', signup_month: '2024-01', weekday: 'Monday', back_to_unix: 1704067200, days_to_2024_06_01: 152 },
      { customer_id: 11, signup_ts: 1706745600, signup_at: '2024-02-01 00:00:00', signup_date: '2024-02-01', signup_month: '2024-02', weekday: 'Thursday', back_to_unix: 1706745600, days_to_2024_06_01: 121 },
      { customer_id: 12, signup_ts: 1709251200, signup_at: '2024-03-01 00:00:00', signup_date: '2024-03-01', signup_month: '2024-03', weekday: 'Friday', back_to_unix: 1709251200, days_to_2024_06_01: 92 },
      { customer_id: 14, signup_ts: 1712000000, signup_at: '2024-04-01 19:33:20', signup_date: '2024-04-01', signup_month: '2024-04', weekday: 'Monday', back_to_unix: 1712000000, days_to_2024_06_01: 61 },
    ]);
  });

  it('strings_clean (trim, regexp_replace, initcap, lower, split/getItem, substring, lpad, length, concat_ws of an array, struct fields)', async () => {
    // length is of the name as it is ("Dora  Kay": 9); concat_ws of an empty array is "" (written "" in CSV: Spark's
    // emptyValue), of a NULL email NULL (an empty field); coalesce of the NULL zip gives "?"
    assert.deepEqual(await duckRows('customers/trusted/strings/', 'csv', 'customer_id'), [
      { customer_id: '10', name: 'Ana Lima', email: 'ana@example.com', domain: 'example.com', code: 'ANA', padded: '00010', name_len: '8', tag_list: 'vip|eu', where: 'Lisbon-1000' },
      { customer_id: '11', name: 'Bob Stone', email: 'bob@example.com', domain: 'example.com', code: 'BOB', padded: '00011', name_len: '9', tag_list: 'us', where: 'Boston-02101' },
      { customer_id: '12', name: 'Chen Wei', email: null, domain: null, code: 'CHE', padded: '00012', name_len: '8', tag_list: '', where: 'Austin-?' },
      { customer_id: '14', name: 'Dora Kay', email: 'dora@example.com', domain: 'example.com', code: 'DOR', padded: '00014', name_len: '9', tag_list: 'new|vip', where: 'Oslo-0150' },
    ]);
  });

  it('when_otherwise (when chains, casts to int/decimal/date/string, arithmetic on doubles)', async () => {
    // cast(double AS int) truncates; AS decimal(10,1) rounds half up (55.25 → 55.3, 12.75 → 12.8); a string that is
    // not a date casts to NULL (ANSI off, Glue 4.0's default); 12.75 * 1.2 is the double 15.299999999999999 (as Java's
    // Double.toString and Python's repr print it), 100.5 * 1.2 the double 120.6
    assert.deepEqual((await jsonRows(dir('orders/curated/when_otherwise/'))).sort(byKeys('order_key')), [
      { order_id: 1, size: 'large', shipped_flag: 1, amount_int: 100, amount_dec: 100.5, order_day: '2024-01-15', gross: 120.6, order_key: '1' },
      { order_id: 2, size: 'medium', shipped_flag: 0, amount_int: 20, amount_dec: 20.0, order_day: '2024-02-20', gross: 24.0, order_key: '2' },
      { order_id: 3, size: 'medium', shipped_flag: 1, amount_int: 55, amount_dec: 55.3, order_day: '2024-01-31', gross: 66.3, order_key: '3' },
      { order_id: 4, size: 'large', shipped_flag: 0, amount_int: 300, amount_dec: 300.0, order_day: '2024-03-01', gross: 360.0, order_key: '4' },
      { order_id: 5, size: 'small', shipped_flag: 1, amount_int: 12, amount_dec: 12.8, order_day: '2024-02-29', gross: 15.299999999999999, order_key: '5' },
      { order_id: 6, size: 'medium', shipped_flag: 1, amount_int: 40, amount_dec: 40.0, gross: 48.0, order_key: '6' },
      { order_id: 7, size: 'small', shipped_flag: 1, amount_int: 5, amount_dec: 5.0, order_day: '2024-03-15', gross: 6.0, order_key: '7' },
    ]);
  });

  it('explode_items (explode of an array of structs, struct fields, collect_set + array_sort; explode_outer keeps an empty array as NULL)', async () => {
    // bought: e2 A×1 (customer 10), e4 C×5 (12), e5 B×1 C×1 (11)
    assert.deepEqual((await jsonRows(dir('events/trusted/per_sku/'))).sort(byKeys('sku')), [
      { sku: 'A', bought: 1, buyers: [10] },
      { sku: 'B', bought: 1, buyers: [11] },
      { sku: 'C', bought: 6, buyers: [11, 12] },
    ]);
    assert.deepEqual((await jsonRows(dir('customers/trusted/tags/'))).map((r) => `${r['customer_id']}:${r['city']}:${r['tag'] ?? '-'}`).sort(), [
      '10:Lisbon:eu', '10:Lisbon:vip', '11:Boston:us', '12:Austin:-', '14:Oslo:new', '14:Oslo:vip',
    ]);
  });

  it('sql_views (spark.sql over temp views: a CTE, GROUP BY … HAVING, JOIN, CASE, size, struct access, ORDER BY)', async () => {
    // spend (not cancelled): 10 100.5 (1), 11 55.25+40 = 95.25 (2), 12 300 (1), 13 12.75, 99 5 → HAVING > 10 keeps
    // 10, 11, 12, 13; 13 is no customer
    assert.deepEqual(await jsonRows(dir('customers/trusted/spend/')), [
      { customer_id: 12, name: 'CHEN WEI', spent: 300.0, orders: 1, tier: 'gold', n_tags: 0, city: 'Austin' },
      { customer_id: 10, name: 'ANA LIMA', spent: 100.5, orders: 1, tier: 'gold', n_tags: 2, city: 'Lisbon' },
      { customer_id: 11, name: 'BOB STONE', spent: 95.25, orders: 2, tier: 'silver', n_tags: 1, city: 'Boston' },
    ]);
  });

  it('job_args_append (getResolvedOptions of the job\'s arguments and JOB_NAME, spark.table, mode append)', async () => {
    // --min_amount 50 (lakehouse.json's defaultArguments): 100.5, 55.25, 300; JOB_NAME is the job's name
    assert.deepEqual((await jsonRows(dir('orders/curated/big/'))).sort(byKeys('order_id')), [
      { order_id: 1, amount: 100.5, job: 'job_args_append' },
      { order_id: 3, amount: 55.25, job: 'job_args_append' },
      { order_id: 4, amount: 300.0, job: 'job_args_append' },
    ]);
  });

  it('partitioned_parquet (DataFrameWriter.partitionBy: one region=… folder per value, the column left out of the files)', async () => {
    const folders = [...new Set([...(await filesUnder(dir('orders/curated/by_region/'))).keys()].map((k) => k.split('/')[0]))];
    assert.deepEqual(folders, ['region=apac', 'region=eu', 'region=us']);
    const eu = await duckRows('orders/curated/by_region/region=eu/', 'parquet', 'order_id');
    assert.deepEqual(eu.map((r) => [Number(r['order_id']), Number(r['customer_id']), r['amount']]), [[1, 10, 100.5], [2, 10, 20], [7, 99, 5]]);
    assert.equal('region' in eu[0]!, false);
  });

  it('struct_json (F.struct names its fields as Spark 3.3\'s CreateStruct does; to_json of a struct)', async () => {
    // CreateStruct (Spark's complexTypeCreator.scala): a NamedExpression — a column, an alias, a nested field by its
    // dotted name (address.city: the last part) — gives its name; anything else col<position>. Spark 3.3 (Glue 4.0)
    // has no case for c["f"] (UnresolvedExtractValue: added in 3.4, SPARK-43522's regression report shows the
    // change), so address["zip"] is col3 there; upper(name) is col4. Null fields are left out, nested ones too
    // (JacksonGenerator's ignoreNullFields)
    assert.deepEqual((await jsonRows(dir('customers/trusted/struct_json/'))).sort(byKeys('customer_id')), [
      { customer_id: 10, card: { customer_id: 10, city: 'Lisbon', col3: '1000', col4: 'ANA LIMA', mail: 'ANA@Example.com' }, json: '{"customer_id":10,"name":"Ana Lima"}' },
      { customer_id: 11, card: { customer_id: 11, city: 'Boston', col3: '02101', col4: 'BOB STONE', mail: 'bob@example.com' }, json: '{"customer_id":11,"name":"bob stone"}' },
      { customer_id: 12, card: { customer_id: 12, city: 'Austin', col4: 'CHEN WEI' }, json: '{"customer_id":12,"name":"Chen Wei"}' },
      { customer_id: 14, card: { customer_id: 14, city: 'Oslo', col3: '0150', col4: 'DORA  KAY', mail: 'dora@example.com' }, json: '{"customer_id":14,"name":"Dora  Kay"}' },
    ]);
  });

  it('dynamicframe_ops (SelectFields, RenameField, Join.apply, DropNullFields, Filter with a lambda; a CSV sink)', async () => {
    // orders of customers 10, 11, 12 (13 and 99 are none), shipped: 1, 3, 6
    const rows = await duckRows('orders/curated/df_ops/', 'csv', 'CAST(order_id AS INT)');
    assert.deepEqual(rows.map((r) => [r['order_id'], r['cust_id'], r['name'], r['email'], r['status']]), [
      ['1', '10', 'Ana Lima', 'ANA@Example.com', 'shipped'],
      ['3', '11', 'bob stone', 'bob@example.com', 'shipped'],
      ['6', '11', 'bob stone', 'bob@example.com', 'shipped'],
    ]);
  });
});
