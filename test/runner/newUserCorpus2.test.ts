/**
 * A second new user's own Glue jobs over their own data (test/fixtures/newglue2: an IoT plant — sensor readings as
 * JSON lines with a struct, an array of structs, a field of three types, epoch milliseconds and string timestamps, an
 * exact duplicate record; devices as a CSV with a header and quoted fields holding commas; maintenance logs as Parquet
 * with a timestamp, a decimal and a list) and thirteen scripts in the shapes people write: Glue Studio visual jobs
 * (Drop Duplicates, Change Schema, Filter, Derived Column, Add Current Timestamp, Evaluate Data Quality with eight DQDL
 * rules, Join of every type with the "Renamed keys for Join" node, SQL Query, Aggregate through sparkAggregate, Pivot,
 * Concatenate Columns, Split String, Drop Fields, Drop Null Fields, Rename Field, Explode, Custom Transform, Select
 * From Collection, Flatten, Spigot, a catalog-updating glueparquet sink), DataFrame code (windows, dates, regexp,
 * explode, groupBy/agg, joins, Spark SQL) and DynamicFrame code (ResolveChoice, ApplyMapping, Relationalize, Filter
 * and Map with Python functions). The Glue database's name has a hyphen (`plant-iot`). Run as `lakehouse run` runs
 * them (runPipeline). Every expected value is worked out by hand from the data below and Spark's/Glue's documented
 * semantics (the derivation beside each), never from the runner; Parquet and CSV are read by the test's own DuckDB.
 *
 * The data, for the derivations:
 *   readings (reading_id device ts(ms) recorded_at temp humidity alerts value status):
 *     1 D1 1717229700000 2024-06-01 08:15:00 71.5 40 [] 12 ok
 *     2 D1 1717233300000 2024-06-01 09:15:00 95.0 35 [T_HIGH/2] "n/a" alert
 *     3 D2 1717230000000 2024-06-01 08:20:00 38.25 null [H_MISSING/1] 7.5 ok     (twice: an exact duplicate)
 *     4 D2 1717315200000 2024-06-02 08:00:00 41.0 55 [T_HIGH/3, H_HIGH/1] 3 alert
 *     5 D3 1717286400000 2024-06-02 00:00:00 60.0 20 [] null ok
 *     6 D9 1717372800000 2024-06-03 00:00:00 -5.5 90 (no alerts, no value) ok
 *     7 D1 1717380000000 2024-06-03 02:00:00 88.0 41 [T_HIGH/1] 15 ok
 *     8 D4 1717387200000 2024-06-03 04:00:00 55.5 60 [] "9" null
 *   (1717200000 s is 2024-06-01T00:00:00Z, a Saturday: ts / 1000 and recorded_at are the same instant in UTC)
 *   devices (device_id name site model installed_on max_temp): D1 "Boiler, North" plant-a TX100 2023-05-01 90.5 ·
 *     D2 "Chiller, Big" plant-a TX200 2023-07-15 40 · D3 Fan Unit plant-b TX100 (empty) 75 · D4 "Pump, East" plant-b
 *     (empty) 2024-01-10 60.0 · D5 Spare plant-c TX300 2024-02-01 (empty)
 *   maintenance (log device performed_at cost technician parts): 1 D1 2024-05-20 10:00 120.50 ana [valve,gasket] ·
 *     2 D1 2024-06-02 14:30 80.00 null [filter] · 3 D2 2024-06-01 09:00 200.25 raj [] · 4 D3 2024-04-11 08:00 50.00
 *     ana null · 5 D9 2024-06-03 12:00 10.00 lee [fuse]
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PipelineResult } from '../../src/core/actions/pipeline';
import { LocalTarget } from '../../src/core/targets/local';
import { filesUnder, jsonRows, runFixturePipeline, type FixturePipeline } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'newglue2');
const BUCKET = 'plant-iot-lake';

let root: string;
let target: LocalTarget;
let result: PipelineResult;
let dir: (prefix: string) => string;
let duck: FixturePipeline['duck'];
let run: FixturePipeline | undefined;

before(async () => {
  run = await runFixturePipeline(FIXTURE, BUCKET, [['readings', 'readings.json'], ['devices', 'devices.csv'], ['maintenance', 'maintenance.parquet']]);
  ({ root, target, result, dir, duck } = run);
});
after(async () => {
  await run?.close();
});


const byKeys = (...keys: string[]) => (a: Record<string, unknown>, b: Record<string, unknown>) => {
  for (const k of keys) {
    const x = a[k] ?? '', y = b[k] ?? '';
    if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return 0;
};

describe("a second new user's Glue jobs (IoT readings, devices, maintenance), run as `lakehouse run` runs them", () => {
  it('every job runs', () => {
    assert.ok(result.ok, JSON.stringify(result.runs.map((r) => [r.jobName, r.state, r.errorMessage])));
    assert.equal(result.runs.length, 13);
  });

  it('studio_readings_trusted (Drop Duplicates on a key, Change Schema of struct members, Filter, Derived Column, Add Current Timestamp, glueparquet partitioned)', async () => {
    // dropDuplicates(["reading_id"]) leaves 8; the Filter (temp > 0 and not D4) drops 6 (-5.5) and 8 (D4); temp_f is
    // temp * 9 / 5 + 32 in doubles (Python's 71.5*9/5+32 = 160.7, 38.25 → 100.85, 41 → 105.8); reading_id long,
    // humidity int (ApplyMapping's target types); device_id is the folder, not a column
    const rows = await duck('readings/trusted/studio/', 'parquet', "SELECT * EXCLUDE (filename, loaded_at), regexp_extract(filename, 'device_id=([^/]+)', 1) AS folder, typeof(loaded_at) AS loaded_type FROM read_parquet({files}, hive_partitioning = false, filename = true) ORDER BY reading_id");
    assert.deepEqual(rows, [
      { reading_id: '1', ts_ms: '1717229700000', recorded_at: '2024-06-01 08:15:00', temp: 71.5, humidity: 40, status: 'ok', temp_f: 160.7, folder: 'D1', loaded_type: 'TIMESTAMP' },
      { reading_id: '2', ts_ms: '1717233300000', recorded_at: '2024-06-01 09:15:00', temp: 95, humidity: 35, status: 'alert', temp_f: 203, folder: 'D1', loaded_type: 'TIMESTAMP' },
      { reading_id: '3', ts_ms: '1717230000000', recorded_at: '2024-06-01 08:20:00', temp: 38.25, humidity: null, status: 'ok', temp_f: 100.85, folder: 'D2', loaded_type: 'TIMESTAMP' },
      { reading_id: '4', ts_ms: '1717315200000', recorded_at: '2024-06-02 08:00:00', temp: 41, humidity: 55, status: 'alert', temp_f: 105.8, folder: 'D2', loaded_type: 'TIMESTAMP' },
      { reading_id: '5', ts_ms: '1717286400000', recorded_at: '2024-06-02 00:00:00', temp: 60, humidity: 20, status: 'ok', temp_f: 140, folder: 'D3', loaded_type: 'TIMESTAMP' },
      { reading_id: '7', ts_ms: '1717380000000', recorded_at: '2024-06-03 02:00:00', temp: 88, humidity: 41, status: 'ok', temp_f: 190.4, folder: 'D1', loaded_type: 'TIMESTAMP' },
    ]);
  });

  it('studio_readings_trusted: Evaluate Data Quality (eight DQDL rules) and its ruleOutcomes written', async () => {
    // 6 records: RowCount 6; device_id complete, 2 characters, 3 distinct (D1 D2 D3); reading_id unique; temps 38.25
    // to 95 are between 0 and 100; humidity null in 1 of 6 → 5/6 = 0.8333333333333334 < 0.9 fails; temp_f > 200 in
    // 1 record (203) ≠ 0 fails. Reasons as Deequ's DQDL evaluator words them ("Value: … does not meet the constraint
    // requirement!")
    const rows = await jsonRows(dir('readings/trusted/dq_rules/'));
    assert.deepEqual(rows.map((r) => [r['Rule'], r['Outcome'], r['FailureReason']]), [
      ['RowCount = 6', 'Passed', null],
      ['IsComplete "device_id"', 'Passed', null],
      ['IsUnique "reading_id"', 'Passed', null],
      ['ColumnValues "temp" between 0 and 100', 'Passed', null],
      ['Completeness "humidity" >= 0.9', 'Failed', 'Value: 0.8333333333333334 does not meet the constraint requirement!'],
      ['ColumnLength "device_id" = 2', 'Passed', null],
      ['CustomSql "select count(*) from primary where temp_f > 200" = 0', 'Failed', 'Value: 1.0 does not meet the constraint requirement!'],
      ['DistinctValuesCount "device_id" = 3', 'Passed', null],
    ]);
    const run = result.runs.find((r) => r.jobName === 'studio_readings_trusted')!;
    const logs = (await target.jobs.logs('studio_readings_trusted', run.id)).join('\n');
    assert.match(logs, /score 6\/8 \(75%\)/);
  });

  it('studio_joins (Join.apply for inner; DataFrame joins "left", "right", "outer", "leftsemi", "leftanti" as Glue Studio generates them)', async () => {
    // readings' devices D1 D1 D2 D2 D2 D3 D9 D1 D4 (reading 3 twice); devices D1–D5: D9 matches none, D5 no reading
    const of = async (how: string) => (await jsonRows(dir(`readings/curated/joins/${how}/`))).map((r) => `${r['reading_id'] ?? '-'}:${r['right_device_id'] ?? '-'}:${r['site'] ?? '-'}`).sort();
    const matched = ['1:D1:plant-a', '2:D1:plant-a', '3:D2:plant-a', '3:D2:plant-a', '4:D2:plant-a', '5:D3:plant-b', '7:D1:plant-a', '8:D4:plant-b'];
    assert.deepEqual(await of('inner'), matched);
    assert.deepEqual(await of('left'), [...matched.slice(0, 6), '6:-:-', ...matched.slice(6)]);
    assert.deepEqual(await of('right'), ['-:D5:plant-c', ...matched]);
    assert.deepEqual(await of('outer'), ['-:D5:plant-c', ...matched.slice(0, 6), '6:-:-', ...matched.slice(6)]);
    // a semi join keeps the left's rows (the duplicate too) and only its fields; an anti join the unmatched one
    assert.deepEqual((await jsonRows(dir('readings/curated/joins/leftsemi/'))).map((r) => Object.keys(r).join(',')).filter((v, i, a) => a.indexOf(v) === i), ['reading_id,device_id']);
    assert.deepEqual(await of('leftsemi'), ['1:-:-', '2:-:-', '3:-:-', '3:-:-', '4:-:-', '5:-:-', '7:-:-', '8:-:-']);
    assert.deepEqual(await jsonRows(dir('readings/curated/joins/leftanti/')), [{ reading_id: 6, device_id: 'D9' }]);
  });

  it('studio_aggregate (SQL Query node with select distinct and struct fields; sparkAggregate avg/max/count/sum; gs_pivot max)', async () => {
    // distinct drops the duplicate 3. D1: 71.5 95 88 → avg 254.5/3, max 95, humidity 40+35+41; D2: 38.25 41 → avg
    // 39.625, humidity null+55 = 55; Spark names the columns avg(temp), max(temp), count(reading_id), sum(humidity)
    assert.deepEqual((await jsonRows(dir('readings/curated/per_device/'))).sort(byKeys('device_id')), [
      { device_id: 'D1', 'avg(temp)': 84.83333333333333, 'max(temp)': 95.0, 'count(reading_id)': 3, 'sum(humidity)': 116 },
      { device_id: 'D2', 'avg(temp)': 39.625, 'max(temp)': 41.0, 'count(reading_id)': 2, 'sum(humidity)': 55 },
      { device_id: 'D3', 'avg(temp)': 60.0, 'max(temp)': 60.0, 'count(reading_id)': 1, 'sum(humidity)': 20 },
      { device_id: 'D4', 'avg(temp)': 55.5, 'max(temp)': 55.5, 'count(reading_id)': 1, 'sum(humidity)': 60 },
      { device_id: 'D9', 'avg(temp)': -5.5, 'max(temp)': -5.5, 'count(reading_id)': 1, 'sum(humidity)': 90 },
    ]);
    // pivot of status (null, alert, ok: sorted, null first and named "null"), max(temp) per device
    const pivot = (await jsonRows(dir('readings/curated/pivot/'))).sort(byKeys('device_id'));
    assert.deepEqual(pivot.map((r) => Object.keys(r)), Array(5).fill(['device_id', 'null', 'alert', 'ok']));
    assert.deepEqual(pivot.map((r) => [r['device_id'], r['null'], r['alert'], r['ok']]), [
      ['D1', null, 95.0, 88.0], ['D2', null, 41.0, 38.25], ['D3', null, null, 60.0], ['D4', 55.5, null, null], ['D9', null, null, -5.5],
    ]);
  });

  it('studio_devices (S3 CSV source with quoted commas; Concatenate Columns, Split String, Drop Fields, Drop Null Fields, Rename Field; a catalog-updating glueparquet sink partitioned by site)', async () => {
    // gs_concat reads a null (D4's model) as the empty string; gs_split on ", "; DropNullFields drops nothing (no
    // field is null in every record); the sink made the catalog table devices_trusted, which Athena reads
    const q = await target.queries.run('SELECT device_id, name, model, installed, label, name_parts, site FROM "plant-iot".devices_trusted ORDER BY device_id');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    const rows = await target.queries.page(q.id);
    assert.deepEqual(rows.rows, [
      ['D1', 'Boiler, North', 'TX100', '2023-05-01', 'plant-a/D1/TX100', ['Boiler', 'North'], 'plant-a'],
      ['D2', 'Chiller, Big', 'TX200', '2023-07-15', 'plant-a/D2/TX200', ['Chiller', 'Big'], 'plant-a'],
      ['D3', 'Fan Unit', 'TX100', null, 'plant-b/D3/TX100', ['Fan Unit'], 'plant-b'],
      ['D4', 'Pump, East', null, '2024-01-10', 'plant-b/D4/', ['Pump', 'East'], 'plant-b'],
      ['D5', 'Spare', 'TX300', '2024-02-01', 'plant-c/D5/TX300', ['Spare'], 'plant-c'],
    ]);
  });

  it('studio_alerts (Explode, Drop Fields, Custom Transform through a DynamicFrameCollection, Select From Collection, Flatten, Spigot)', async () => {
    // explode without outer drops the readings with no alert (1, 5, 6, 8): 2, 3, 3, 4, 4, 7; severity high for level
    // >= 2; Flatten names nested fields a.b; the Spigot (topk 100) writes all six and passes the frame on
    const rows = (await jsonRows(dir('readings/curated/alerts/'))).sort(byKeys('reading_id', 'alert.code'));
    assert.deepEqual(rows.map((r) => [r['reading_id'], r['alert.code'], r['alert.level'], r['severity'], r['metrics.temp']]), [
      [2, 'T_HIGH', 2, 'high', 95.0], [3, 'H_MISSING', 1, 'low', 38.25], [3, 'H_MISSING', 1, 'low', 38.25],
      [4, 'H_HIGH', 1, 'low', 41.0], [4, 'T_HIGH', 3, 'high', 41.0], [7, 'T_HIGH', 1, 'low', 88.0],
    ]);
    assert.equal('alerts' in rows[0]! || 'value' in rows[0]! || 'recorded_at' in rows[0]!, false);
    assert.equal((await jsonRows(dir('readings/curated/spigot/'))).length, 6);
  });

  it('df_window (row_number, lag, lead, a moving avg over rowsBetween(-1, 0), rank desc, count over a partition, first over the whole partition)', async () => {
    // dropDuplicates() drops the exact duplicate 3; per device by ts: D1 1 (71.5) 2 (95) 7 (88); D2 3 (38.25) 4 (41)
    const rows = await duck('readings/curated/window/', 'parquet', 'SELECT reading_id, device_id, temp, seq, prev_temp, next_temp, delta, moving_avg, heat_rank, n_readings, first_temp FROM read_parquet({files}) ORDER BY device_id, seq');
    assert.deepEqual(rows.map((r) => Object.values(r)), [
      ['1', 'D1', 71.5, 1, null, 95, null, 71.5, 3, '3', 71.5],
      ['2', 'D1', 95, 2, 71.5, 88, 23.5, 83.25, 1, '3', 71.5],
      ['7', 'D1', 88, 3, 95, null, -7, 91.5, 2, '3', 71.5],
      ['3', 'D2', 38.25, 1, null, 41, null, 38.25, 2, '2', 38.25],
      ['4', 'D2', 41, 2, 38.25, null, 2.75, 39.625, 1, '2', 38.25],
      ['5', 'D3', 60, 1, null, null, null, 60, 1, '1', 60],
      ['8', 'D4', 55.5, 1, null, null, null, 55.5, 1, '1', 55.5],
      ['6', 'D9', -5.5, 1, null, null, null, -5.5, 1, '1', -5.5],
    ]);
    // row_number and rank are IntegerType (Spark's windowExpressions.scala: RowNumberLike and RankLike's dataType),
    // count bigint: written as INT32 and INT64
    const types = await duck('readings/curated/window/', 'parquet', "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({files})) WHERE column_name IN ('seq', 'heat_rank', 'n_readings')");
    assert.deepEqual(types.map((t) => `${t['column_name']}:${t['column_type']}`).sort(), ['heat_rank:INTEGER', 'n_readings:BIGINT', 'seq:INTEGER']);
  });

  it('df_dates (from_unixtime of epoch millis / 1000, to_timestamp with a pattern, hour, EEE, dayofweek, date_trunc, date_add; a CSV and a day-partitioned JSON sink)', async () => {
    // 2024-06-01 is a Saturday (dayofweek 7, Sunday = 1); recorded_at equals ts / 1000 (lag 0); date_trunc to the
    // hour; +30 days; a timestamp in Spark's CSV is yyyy-MM-dd'T'HH:mm:ss.SSSXXX (Z in UTC)
    const rows = await duck('readings/curated/dates/', 'csv', "SELECT * FROM read_csv({files}, header = true, all_varchar = true) ORDER BY CAST(reading_id AS INT)");
    assert.deepEqual(rows.map((r) => Object.values(r).join(',')), [
      '1,D1,2024-06-01,8,Sat,7,0,2024-06-01T08:00:00.000Z,2024-07-01,2024-06-01T08:15:00',
      '2,D1,2024-06-01,9,Sat,7,0,2024-06-01T09:00:00.000Z,2024-07-01,2024-06-01T09:15:00',
      '3,D2,2024-06-01,8,Sat,7,0,2024-06-01T08:00:00.000Z,2024-07-01,2024-06-01T08:20:00',
      '4,D2,2024-06-02,8,Sun,1,0,2024-06-02T08:00:00.000Z,2024-07-02,2024-06-02T08:00:00',
      '5,D3,2024-06-02,0,Sun,1,0,2024-06-02T00:00:00.000Z,2024-07-02,2024-06-02T00:00:00',
      '6,D9,2024-06-03,0,Mon,2,0,2024-06-03T00:00:00.000Z,2024-07-03,2024-06-03T00:00:00',
      '7,D1,2024-06-03,2,Mon,2,0,2024-06-03T02:00:00.000Z,2024-07-03,2024-06-03T02:00:00',
      '8,D4,2024-06-03,4,Mon,2,0,2024-06-03T04:00:00.000Z,2024-07-03,2024-06-03T04:00:00',
    ]);
    const daily = async (day: string) => (await jsonRows(dir(`readings/curated/daily/day=${day}/`))).sort(byKeys('device_id')).map((r) => `${r['device_id']}:${r['n']}:${r['first_hour']}-${r['last_hour']}`);
    assert.deepEqual(await daily('2024-06-01'), ['D1:2:8-9', 'D2:1:8-8']);
    assert.deepEqual(await daily('2024-06-02'), ['D2:1:8-8', 'D3:1:0-0']);
    assert.deepEqual(await daily('2024-06-03'), ['D1:1:2-2', 'D4:1:4-4', 'D9:1:0-0']);
  });

  it('df_devices_regexp (spark.read.csv with a header: quoted commas; rlike, regexp_extract, regexp_replace, split, coalesce, when chains, cast, year(to_date))', async () => {
    // all strings without inferSchema; an empty field is null (nullValue ""); Spark's JSON writer leaves null fields out
    assert.deepEqual((await jsonRows(dir('devices/trusted/regexp/'))).sort(byKeys('device_id')), [
      { device_id: 'D1', name: 'Boiler, North', site: 'plant-a', model: 'TX100', max_temp: 90.5, short_name: 'Boiler', plant: 'A', first_part: 'Boiler', series: 'legacy', hot: true, installed_year: 2023, name_len: 13 },
      { device_id: 'D2', name: 'Chiller, Big', site: 'plant-a', model: 'TX200', max_temp: 40.0, short_name: 'Chiller', plant: 'A', first_part: 'Chiller', series: 'legacy', hot: false, installed_year: 2023, name_len: 12 },
      { device_id: 'D3', name: 'Fan Unit', site: 'plant-b', model: 'TX100', max_temp: 75.0, short_name: 'Fan', plant: 'B', first_part: 'Fan Unit', series: 'legacy', hot: true, name_len: 8 },
      { device_id: 'D4', name: 'Pump, East', site: 'plant-b', model: 'unknown', max_temp: 60.0, short_name: 'Pump', plant: 'B', first_part: 'Pump', hot: false, installed_year: 2024, name_len: 10 },
      { device_id: 'D5', name: 'Spare', site: 'plant-c', model: 'TX300', short_name: 'Spare', plant: 'C', first_part: 'Spare', series: 'current', hot: false, installed_year: 2024, name_len: 5 },
    ]);
  });

  it('df_alerts_explode (explode of an array of structs, groupBy/agg, sort_array(collect_set), size of a null array, array_contains of alerts.code; Spark SQL alerts.code and alerts[\'level\'])', async () => {
    // alerts by reading (duplicate dropped): 2 T_HIGH/2 (D1), 3 H_MISSING/1 (D2), 4 T_HIGH/3 H_HIGH/1 (D2), 7 T_HIGH/1 (D1)
    assert.deepEqual(await jsonRows(dir('readings/curated/per_code/')), [
      { code: 'T_HIGH', n: 3, max_level: 3, total_level: 6, devices: ['D1', 'D2'], readings: 3 },
      { code: 'H_HIGH', n: 1, max_level: 1, total_level: 1, devices: ['D2'], readings: 1 },
      { code: 'H_MISSING', n: 1, max_level: 1, total_level: 1, devices: ['D2'], readings: 1 },
    ]);
    // alerts.code of an array of structs is the array of the codes (GetArrayStructFields); size(null) is -1 (Spark 3.3's
    // legacy sizeOfNull, ANSI off) and array_contains(null, …) null, left out
    assert.deepEqual((await jsonRows(dir('readings/curated/alert_counts/'))).sort(byKeys('reading_id')), [
      { reading_id: 1, n_alerts: 0, too_hot: false }, { reading_id: 2, n_alerts: 1, too_hot: true }, { reading_id: 3, n_alerts: 1, too_hot: false },
      { reading_id: 4, n_alerts: 2, too_hot: true }, { reading_id: 5, n_alerts: 0, too_hot: false }, { reading_id: 6, n_alerts: -1 },
      { reading_id: 7, n_alerts: 1, too_hot: true }, { reading_id: 8, n_alerts: 0, too_hot: false },
    ]);
    // posexplode_outer(…).alias("pos", "alert") names the generator's two columns (a MultiAlias); an empty or null
    // array gives one row of nulls, which Spark's JSON writer leaves out
    assert.deepEqual((await jsonRows(dir('readings/curated/alert_positions/'))).sort(byKeys('reading_id', 'pos')), [
      { reading_id: 1 }, { reading_id: 2, pos: 0, code: 'T_HIGH' }, { reading_id: 3, pos: 0, code: 'H_MISSING' },
      { reading_id: 4, pos: 0, code: 'T_HIGH' }, { reading_id: 4, pos: 1, code: 'H_HIGH' }, { reading_id: 5 }, { reading_id: 6 },
      { reading_id: 7, pos: 0, code: 'T_HIGH' }, { reading_id: 8 },
    ]);
    assert.deepEqual((await jsonRows(dir('readings/curated/alert_codes/'))).sort(byKeys('reading_id')), [
      { reading_id: 2, codes: ['T_HIGH'], levels: [2] }, { reading_id: 3, codes: ['H_MISSING'], levels: [1] },
      { reading_id: 4, codes: ['T_HIGH', 'H_HIGH'], levels: [3, 1] }, { reading_id: 7, codes: ['T_HIGH'], levels: [1] },
    ]);
  });

  it('df_maintenance (spark.read.parquet, a from_catalog CSV table toDF, left join, sum of a decimal, size(coalesce(parts, array())), max of a timestamp, countDistinct; spark.sql row_number; partitionBy)', async () => {
    // plant-a: logs 1 2 3 = 120.50 + 80.00 + 200.25 = 400.75, parts 2+1+0, last 2024-06-02 14:30, technicians
    // {ana, raj} (null not counted); plant-b: log 4; D9 has no device: unknown. sum of decimal(8,2) is decimal(18,2)
    const rows = await duck('maintenance/curated/per_site/', 'parquet', "SELECT site, CAST(total_cost AS VARCHAR) AS total_cost, typeof(total_cost) AS cost_type, jobs, parts_used, strftime(last_service, '%Y-%m-%d %H:%M') AS last_service, technicians FROM read_parquet({files}) ORDER BY site");
    assert.deepEqual(rows, [
      { site: 'plant-a', total_cost: '400.75', cost_type: 'DECIMAL(18,2)', jobs: '3', parts_used: '3', last_service: '2024-06-02 14:30', technicians: '2' },
      { site: 'plant-b', total_cost: '50.00', cost_type: 'DECIMAL(18,2)', jobs: '1', parts_used: '0', last_service: '2024-04-11 08:00', technicians: '1' },
      { site: 'unknown', total_cost: '10.00', cost_type: 'DECIMAL(18,2)', jobs: '1', parts_used: '1', last_service: '2024-06-03 12:00', technicians: '1' },
    ]);
    // Spark's JSON writer writes a decimal as Java's BigDecimal.toString (JacksonGenerator's writeNumber of
    // toJavaBigDecimal): the scale's zeros kept
    const costs = [...(await filesUnder(dir('maintenance/curated/costs/'))).values()].flatMap((b) => b.toString('utf8').split('\n').filter((l) => l !== '')).sort();
    assert.deepEqual(costs, ['{"log_id":1,"cost":120.50}', '{"log_id":2,"cost":80.00}', '{"log_id":3,"cost":200.25}', '{"log_id":4,"cost":50.00}', '{"log_id":5,"cost":10.00}']);
    // the latest log per device; site is the folder. The files' timestamps are UTC-adjusted (isAdjustedToUTC): Spark's
    // TimestampType, whose text in the session zone (UTC on Glue) is yyyy-MM-dd HH:mm:ss, no zone (Spark's Cast to
    // string)
    const latest = await duck('maintenance/curated/latest/', 'parquet', "SELECT device_id, log_id, CAST(cost AS VARCHAR) AS cost, technician, performed, regexp_extract(filename, 'site=([^/]+)', 1) AS site FROM read_parquet({files}, hive_partitioning = false, filename = true) ORDER BY device_id");
    assert.deepEqual(latest, [
      { device_id: 'D1', log_id: 2, cost: '80.00', technician: null, performed: '2024-06-02 14:30:00', site: 'plant-a' },
      { device_id: 'D2', log_id: 3, cost: '200.25', technician: 'raj', performed: '2024-06-01 09:00:00', site: 'plant-a' },
      { device_id: 'D3', log_id: 4, cost: '50.00', technician: 'ana', performed: '2024-04-11 08:00:00', site: 'plant-b' },
      { device_id: 'D9', log_id: 5, cost: '10.00', technician: 'lee', performed: '2024-06-03 12:00:00', site: 'unknown' },
    ]);
  });

  it('dyf_choice_resolve (a ChoiceType of double, int and string: cast:double to Parquet, make_cols to JSON; ApplyMapping of struct members to decimal and string, a CSV sink with a header)', async () => {
    // cast:double: 12 → 12.0, "n/a" → null, "9" → 9.0, no value → null
    const doubles = await duck('readings/trusted/value_double/', 'parquet', 'SELECT reading_id, value, typeof(value) AS t FROM read_parquet({files}) ORDER BY reading_id');
    assert.deepEqual(doubles.map((r) => [r['reading_id'], r['value']]), [[1, 12], [2, null], [3, 7.5], [3, 7.5], [4, 3], [5, null], [6, null], [7, 15], [8, 9]]);
    assert.equal(doubles[0]!['t'], 'DOUBLE');
    // make_cols: value_<type> per type, each record's value in its type's column
    assert.deepEqual((await jsonRows(dir('readings/trusted/value_cols/'))).sort(byKeys('reading_id')).map((r) => [r['reading_id'], r['value_int'] ?? null, r['value_double'] ?? null, r['value_string'] ?? null]), [
      [1, 12, null, null], [2, null, null, 'n/a'], [3, null, 7.5, null], [3, null, 7.5, null], [4, 3, null, null],
      [5, null, null, null], [6, null, null, null], [7, 15, null, null], [8, null, null, '9'],
    ]);
    // a bare "decimal" is decimal(10,2) (the Change Schema page); humidity as text, null an empty field
    const mapped = await duck('readings/trusted/mapped/', 'csv', 'SELECT * FROM read_csv({files}, header = true, all_varchar = true) ORDER BY CAST(reading_id AS INT), ts');
    assert.deepEqual(mapped.map((r) => Object.values(r).map((v) => v ?? '').join(',')), [
      '1,D1,71.50,40,1717229700000', '2,D1,95.00,35,1717233300000', '3,D2,38.25,,1717230000000', '3,D2,38.25,,1717230000000',
      '4,D2,41.00,55,1717315200000', '5,D3,60.00,20,1717286400000', '6,D9,-5.50,90,1717372800000', '7,D1,88.00,41,1717380000000',
      '8,D4,55.50,60,1717387200000',
    ]);
  });

  it('dyf_relationalize (Relationalize of a struct and an array of structs: root with the array\'s key, root_alerts with id, index, alerts.val.*)', async () => {
    // the Filter keeps the readings with alerts (2, 3, 3, 4, 7); metrics flattened to metrics.temp / metrics.humidity;
    // each root record's alerts is the id of its rows in root_alerts (index from 0 in array order)
    const root = await jsonRows(dir('readings/curated/rel_root/'));
    const alerts = await jsonRows(dir('readings/curated/rel_alerts/'));
    assert.deepEqual(root.map((r) => r['reading_id']).sort(), [2, 3, 3, 4, 7]);
    assert.deepEqual(Object.keys(root[0]!).sort(), ['alerts', 'device_id', 'metrics.humidity', 'metrics.temp', 'reading_id', 'status', 'ts']);
    const joined = root.map((r) => `${r['reading_id']}:${alerts.filter((a) => a['id'] === r['alerts']).sort(byKeys('index')).map((a) => `${a['index']}/${a['alerts.val.code']}/${a['alerts.val.level']}`).join(',')}`).sort();
    assert.deepEqual(joined, ['2:0/T_HIGH/2', '3:0/H_MISSING/1', '3:0/H_MISSING/1', '4:0/T_HIGH/3,1/H_HIGH/1', '7:0/T_HIGH/1']);
    assert.equal(alerts.length, 6);
  });

  it('dyf_filter_map (Filter with a def, drop_fields, rename_field of a struct member in place, Map with a def)', async () => {
    // temp >= 60 on D1 or D3: 1 (71.5), 2 (95), 5 (60), 7 (88); temp_f as Python computes it
    assert.deepEqual((await jsonRows(dir('readings/curated/hot/'))).sort(byKeys('reading_id')).map((r) => [r['reading_id'], r['metrics'], r['temp_f']]), [
      [1, { temp_c: 71.5, humidity: 40 }, 160.7],
      [2, { temp_c: 95.0, humidity: 35 }, 203.0],
      [5, { temp_c: 60.0, humidity: 20 }, 140.0],
      [7, { temp_c: 88.0, humidity: 41 }, 190.4],
    ]);
  });
});

describe('what the second new user met that stays refused, by name', () => {
  const HEADER = `import sys
from awsglue.transforms import *
from awsglue.context import GlueContext
from pyspark.context import SparkContext
glueContext = GlueContext(SparkContext())
readings = glueContext.create_dynamic_frame.from_catalog(database="plant-iot", table_name="readings_landing")
`;
  const runScript = async (name: string, body: string) => {
    await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), `${HEADER}${body}\n`);
    const started = await target.jobs.start(name);
    return target.jobs.wait(name, started.id);
  };

  it('rename_field that moves a struct member to the top level: where Glue puts it is not documented', async () => {
    const r = await runScript('refused_move', 'moved = readings.rename_field("metrics.temp", "temp_c")\nglueContext.write_dynamic_frame.from_options(frame=moved, connection_type="s3", format="json", connection_options={"path": "s3://plant-iot-lake/readings/curated/moved/"})');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /refused_move\.py:7:\d+: RenameField of "metrics\.temp" to "temp_c" cannot run on the local engine: the new path moves the field out of its struct/);
    assert.match(r.errorMessage ?? '', /new_name "metrics\.temp_c"/);
  });

  it('a MultiAlias whose names do not match the generator\'s columns fails as Spark fails', async () => {
    const r = await runScript('refused_multialias', 'df = readings.toDF().select("reading_id", F.explode("alerts").alias("i", "alert"))\ndf.write.mode("overwrite").json("s3://plant-iot-lake/readings/curated/multialias/")'.replace('df = ', 'from pyspark.sql import functions as F\ndf = '));
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /refused_multialias\.py:8:\d+: \.alias\("i", "alert"\) cannot run on the local engine: the generator makes 1 column\(s\) \(col\) and Spark wants as many names/);
  });

  it('ApplyMapping of epoch milliseconds (a long) to timestamp: seconds, milliseconds or null is not documented for Glue', async () => {
    // Spark's Cast reads a number as seconds; DuckDB has no such cast (the run gave null silently before); what
    // ApplyMapping gives is not documented: the run stops at the first value, naming the mapping, also when the first
    // use of the frame is a printSchema
    const r = await runScript('refused_epoch', 'm = ApplyMapping.apply(frame=readings, mappings=[("reading_id", "int", "reading_id", "int"), ("ts", "long", "ts", "timestamp")])\nm.printSchema()\nglueContext.write_dynamic_frame.from_options(frame=m, connection_type="s3", format="parquet", connection_options={"path": "s3://plant-iot-lake/readings/curated/epoch/"})');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /^glue-scripts\/refused_epoch\.py:7: ApplyMapping of "ts" to timestamp cannot run on the local engine: a value of it is a number, and whether Glue's cast reads it as seconds since 1970 \(as Spark's cast does\), as milliseconds, or makes it null is not documented; map it to long and convert it/);
    // the same for ResolveChoice's cast:timestamp of the choice value (ints, a double, strings)
    const c = await runScript('refused_choice_epoch', 'c = readings.resolveChoice(specs=[("value", "cast:timestamp")]).select_fields(["reading_id", "value"])\nglueContext.write_dynamic_frame.from_options(frame=c, connection_type="s3", format="parquet", connection_options={"path": "s3://plant-iot-lake/readings/curated/choice_epoch/"})');
    assert.equal(c.state, 'FAILED');
    assert.match(c.errorMessage ?? '', /^glue-scripts\/refused_choice_epoch\.py:7: ResolveChoice cast to timestamp of "value" cannot run on the local engine: a value of it is a number/);
  });

  it('Unbox names what to write instead', async () => {
    const r = await runScript('refused_unbox', 'u = Unbox.apply(frame=readings, path="meta", format="json")\nglueContext.write_dynamic_frame.from_options(frame=u, connection_type="s3", format="json", connection_options={"path": "s3://plant-iot-lake/readings/curated/unboxed/"})');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /refused_unbox\.py:7:\d+: Unbox\.apply cannot run on the local engine: .*F\.from_json/);
  });

  it('Add Current Timestamp into a JSON sink: the text Glue\'s JSON writer gives a timestamp is not documented', async () => {
    const r = await runScript('refused_now_json', 'n = readings.gs_now(colName="loaded_at")\nglueContext.write_dynamic_frame.from_options(frame=n, connection_type="s3", format="json", connection_options={"path": "s3://plant-iot-lake/readings/curated/now/"})');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /refused_now_json\.py:8: the sink writes JSON with Glue's own writer, and the field loaded_at holds timestamps/);
  });
});
