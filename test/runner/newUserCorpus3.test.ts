/**
 * A third new user's own Glue jobs over their own data (test/fixtures/newglue3: a bike share -- rides as ONE
 * pretty-printed JSON array (multiLine), with a struct, a fare of mixed types (number, string, "", null), epoch
 * milliseconds, an array that is empty or missing, a JSON text in a string field, one of them not JSON; stations as a
 * CSV with a header, a quoted comma, padded text, empty values) and ten scripts in styles the first two projects do
 * not cover: job arguments (`getResolvedOptions` with --source_path, --target_path, --min_capacity), spark.read.csv
 * with header/inferSchema, selectExpr and F.expr, coalesce(1) + CSV with a header, spark.read.format("json").option(
 * "multiLine", …).load, from_unixtime / to_timestamp / date_format / datediff, windows with rowsBetween and
 * rangeBetween, last(ignorenulls), ntile, percent_rank, groupBy().pivot with and without values, collect_list /
 * collect_set / sort_array / array_join / countDistinct, from_json with a DDL schema, size, struct + to_json,
 * explode_outer, helper functions called from main() with for-loops over literal lists and an if, fillna / dropna /
 * isin / between, partitionBy parquet and reading it back (partition discovery), a DynamicFrame from_options JSON
 * multiline + ResolveChoice + DropNullFields + Map.apply and Filter.apply with defs + SplitFields + getSink(
 * enableUpdateCatalog, partitionKeys) / setCatalogInfo / setFormat("glueparquet"), percentile_approx, stddev, max_by,
 * first(ignorenulls), rollup / cube with grouping_id. Run as `lakehouse run` runs them (runPipeline). Every expected
 * value is worked out by hand from the data below and Spark's documented semantics (the derivation beside each), never
 * from the runner; Parquet is read by the test's own DuckDB.
 *
 * The data, for the derivations (times UTC; 1717200000 s is 2024-06-01T00:00:00Z):
 *   rides (id rider tier station start end fare tags extra):
 *     1 R1 gold  S1 06-01 09:00 09:30  12.5   [ebike,promo] {"rating":5,"comment":"great"}
 *     2 R1 gold  S2 06-02 18:30 18:42  "8.00" []            {"rating":3}
 *     3 R2 basic S1 06-01 23:50 06-02 00:20 null [ebike]   null
 *     4 R2 basic S3 06-03 07:00 07:45  20     [promo,promo] {"rating":4,"comment":null}
 *     5 R3 (no tier) S2 06-03 12:00 12:05 "" (no tags)      "not json"
 *     6 R1 gold  S1 06-04 08:00 08:20  15.25  [ebike]       {"rating":4,"comment":"ok"}
 *     7 R4 basic S4 06-04 09:00 10:00  30.0   [long]        {"rating":1,"comment":"slow"}
 *     8 R2 basic S1 06-05 10:00 (null) null   [ebike,promo] {"rating":2}
 *   Spark infers fare a string (numbers and strings together); cast to double: 12.5 8.0 null 20.0 null 15.25 30.0 null
 *   stations: S1 "Main St, North" Springfield 20 39.7817 true · S2 " River Park " springfield (empty) 39.8012 false ·
 *     S3 Old Mill Shelbyville 8 39.4 true · S5 Depot East (empty) 15 (empty) true   (no S4)
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PipelineResult } from '../../src/core/actions/pipeline';
import { LocalTarget } from '../../src/core/targets/local';
import { jsonRows, runFixturePipeline, type FixturePipeline } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'newglue3');
const BUCKET = 'bike-share-lake';

let root: string;
let target: LocalTarget;
let result: PipelineResult;
let dir: (prefix: string) => string;
let duck: FixturePipeline['duck'];
let run: FixturePipeline | undefined;

before(async () => {
  run = await runFixturePipeline(FIXTURE, BUCKET, [['rides', 'rides.json'], ['stations', 'stations.csv']]);
  ({ root, target, result, dir, duck } = run);
});
after(async () => {
  await run?.close();
});


const byKey = (k: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => (String(a[k] ?? '') < String(b[k] ?? '') ? -1 : String(a[k] ?? '') > String(b[k] ?? '') ? 1 : 0);
const linesOf = async (prefix: string) => {
  const files = (await fs.readdir(dir(prefix))).filter((f) => !f.startsWith('.') && !f.startsWith('_'));
  return (await Promise.all(files.map((f) => fs.readFile(path.join(dir(prefix), f), 'utf8')))).join('');
};

describe("a third new user's Glue jobs (bike share rides and stations), run as `lakehouse run` runs them", () => {
  it('every job runs', () => {
    assert.ok(result.ok, JSON.stringify(result.runs.map((r) => [r.jobName, r.state, r.errorMessage])));
    assert.equal(result.runs.length, 10);
  });

  it('stations_args_csv: job arguments, csv(header, inferSchema), selectExpr, F.expr, coalesce(1) to a CSV with a header', async () => {
    // capacity int (empty: null), lat double, active boolean. coalesce(capacity, 0) >= 10 keeps S1 (20) and S5 (15);
    // round(39.7817, 1) = 39.8; S5's city and lat null: empty in the CSV (Spark's nullValue ""); S1's name quoted (a comma)
    assert.equal(await linesOf('stations/trusted/clean/'), 'station_id,name,city,capacity,double_capacity,lat1,inactive,size\nS1,"Main St, North",SPRINGFIELD,20,40,39.8,false,large\nS5,Depot East,,15,30,,false,small\n');
  });

  it('rides_multiline: a JSON array read with multiLine; from_unixtime, to_timestamp, date_format, datediff; a mixed fare cast', async () => {
    // from_unixtime gives 'yyyy-MM-dd HH:mm:ss' text; to_timestamp written by Spark's JSON writer as
    // yyyy-MM-dd'T'HH:mm:ss.SSSXXX (UTC: Z); ride 3 ends the next day (datediff 1); ride 8 has no end (nulls, left
    // out of the JSON); the fare "" casts to null; fare_missing: null, "" are missing (null OR true is true)
    const rows = (await jsonRows(dir('rides/trusted/flat/'))).sort((a, b) => Number(a['ride_id']) - Number(b['ride_id']));
    assert.deepEqual(rows, [
      { ride_id: 1, rider_id: 'R1', tier: 'gold', station: 'S1', started: '2024-06-01 09:00:00', ended: '2024-06-01T09:30:00.000Z', month: '2024-06', days_spanned: 0, minutes: 30.0, fare: 12.5, fare_missing: false },
      { ride_id: 2, rider_id: 'R1', tier: 'gold', station: 'S2', started: '2024-06-02 18:30:00', ended: '2024-06-02T18:42:00.000Z', month: '2024-06', days_spanned: 0, minutes: 12.0, fare: 8.0, fare_missing: false },
      { ride_id: 3, rider_id: 'R2', tier: 'basic', station: 'S1', started: '2024-06-01 23:50:00', ended: '2024-06-02T00:20:00.000Z', month: '2024-06', days_spanned: 1, minutes: 30.0, fare_missing: true },
      { ride_id: 4, rider_id: 'R2', tier: 'basic', station: 'S3', started: '2024-06-03 07:00:00', ended: '2024-06-03T07:45:00.000Z', month: '2024-06', days_spanned: 0, minutes: 45.0, fare: 20.0, fare_missing: false },
      { ride_id: 5, rider_id: 'R3', station: 'S2', started: '2024-06-03 12:00:00', ended: '2024-06-03T12:05:00.000Z', month: '2024-06', days_spanned: 0, minutes: 5.0, fare_missing: true },
      { ride_id: 6, rider_id: 'R1', tier: 'gold', station: 'S1', started: '2024-06-04 08:00:00', ended: '2024-06-04T08:20:00.000Z', month: '2024-06', days_spanned: 0, minutes: 20.0, fare: 15.25, fare_missing: false },
      { ride_id: 7, rider_id: 'R4', tier: 'basic', station: 'S4', started: '2024-06-04 09:00:00', ended: '2024-06-04T10:00:00.000Z', month: '2024-06', days_spanned: 0, minutes: 60.0, fare: 30.0, fare_missing: false },
      { ride_id: 8, rider_id: 'R2', tier: 'basic', station: 'S1', started: '2024-06-05 10:00:00', month: '2024-06', fare_missing: true },
    ]);
  });

  it('rides_window: running sum (rowsBetween), lag, last(ignorenulls), rangeBetween over epoch ms, ntile, percent_rank, row_number', async () => {
    // R1: 1 (12.5) 2 (8.0) 6 (15.25) → 12.5 20.5 35.75; R2: 3 (null) 4 (20) 8 (null) → null 20 20. No two rides of a
    // rider within 86400000 ms (R1: 33.5 h apart, then 37.5 h; R2: 31 h 10 min, then 51 h): rides_in_day 1. ntile(2)
    // of 3 rows 1 1 2; percent_rank 0 .5 1; rn by start descending
    const rows = await duck('rides/curated/window/', 'parquet', 'SELECT ride_id::INT AS id, rider_id, running_fare, prev_station, last_known_fare, rides_in_day::INT AS d, half, pct, rn FROM read_parquet({files}) ORDER BY id');
    assert.deepEqual(rows.map((r) => Object.values(r)), [
      [1, 'R1', 12.5, null, 12.5, 1, 1, 0, 3],
      [2, 'R1', 20.5, 'S1', 8, 1, 1, 0.5, 2],
      [3, 'R2', null, null, null, 1, 1, 0, 3],
      [4, 'R2', 20, 'S1', 20, 1, 1, 0.5, 2],
      [5, 'R3', null, null, null, 1, 1, 0, 1],
      [6, 'R1', 35.75, 'S2', 15.25, 1, 2, 1, 1],
      [7, 'R4', 30, null, 30, 1, 1, 0, 1],
      [8, 'R2', 20, 'S3', 20, 1, 2, 1, 1],
    ]);
    // the latest ride of each rider (rn = 1), without rn
    assert.deepEqual((await duck('rides/curated/latest/', 'parquet', 'SELECT ride_id::INT AS id FROM read_parquet({files}) ORDER BY id')).map((r) => r['id']), [5, 6, 7, 8]);
  });

  it('rides_pivot_collect: pivot with values (count: null where none), pivot without values (null first), collect_list/collect_set', async () => {
    // S1: gold 1 6, basic 3 8; S2: gold 2 (ride 5 has no tier: in neither value); S3, S4: basic. A pivot's count of
    // no record is null (Spark's PivotFirst), left out of the JSON
    assert.deepEqual((await jsonRows(dir('rides/curated/pivot/'))).sort(byKey('station')), [
      { station: 'S1', gold: 2, basic: 2 },
      { station: 'S2', gold: 1 },
      { station: 'S3', basic: 1 },
      { station: 'S4', basic: 1 },
    ]);
    // without values: the distinct tiers sorted, null first (columns null, basic, gold); sum of fares: S1 gold 12.5 +
    // 15.25, basic null + null; S2 gold 8.0, null (ride 5) "" → null
    const fares = (await jsonRows(dir('rides/curated/pivot_fares/'))).sort(byKey('station'));
    assert.deepEqual(fares, [{ station: 'S1', gold: 27.75 }, { station: 'S2', gold: 8.0 }, { station: 'S3', basic: 20.0 }, { station: 'S4', basic: 30.0 }]);
    assert.deepEqual((await jsonRows(dir('rides/curated/riders/'))).sort(byKey('rider_id')), [
      { rider_id: 'R1', stations: ['S1', 'S1', 'S2'], distinct_stations: ['S2', 'S1'], n_stations: 2, joined: 'S1|S2' },
      { rider_id: 'R2', stations: ['S1', 'S1', 'S3'], distinct_stations: ['S3', 'S1'], n_stations: 2, joined: 'S1|S3' },
      { rider_id: 'R3', stations: ['S2'], distinct_stations: ['S2'], n_stations: 1, joined: 'S2' },
      { rider_id: 'R4', stations: ['S4'], distinct_stations: ['S4'], n_stations: 1, joined: 'S4' },
    ]);
  });

  it('rides_json_struct: from_json with a DDL schema (a text that is not JSON: a struct of nulls), size, to_json(struct), explode_outer', async () => {
    // size(null) is -1 (spark.sql.legacy.sizeOfNull true, Spark 3.3's default); to_json leaves a null field out
    assert.deepEqual((await jsonRows(dir('rides/curated/reviews/'))).sort((a, b) => Number(a['ride_id']) - Number(b['ride_id'])), [
      { ride_id: 1, rating: 5, comment: 'great', n_tags: 2, summary: '{"ride_id":1,"station":"S1","tier":"gold"}' },
      { ride_id: 2, rating: 3, n_tags: 0, summary: '{"ride_id":2,"station":"S2","tier":"gold"}' },
      { ride_id: 3, n_tags: 1, summary: '{"ride_id":3,"station":"S1","tier":"basic"}' },
      { ride_id: 4, rating: 4, n_tags: 2, summary: '{"ride_id":4,"station":"S3","tier":"basic"}' },
      { ride_id: 5, n_tags: -1, summary: '{"ride_id":5,"station":"S2"}' },
      { ride_id: 6, rating: 4, comment: 'ok', n_tags: 1, summary: '{"ride_id":6,"station":"S1","tier":"gold"}' },
      { ride_id: 7, rating: 1, comment: 'slow', n_tags: 1, summary: '{"ride_id":7,"station":"S4","tier":"basic"}' },
      { ride_id: 8, rating: 2, n_tags: 2, summary: '{"ride_id":8,"station":"S1","tier":"basic"}' },
    ]);
    // explode_outer: an empty or missing array gives one row with a null tag
    const tags = (await jsonRows(dir('rides/curated/tags/'))).map((r) => `${r['ride_id']}:${r['tag'] ?? '-'}`).sort();
    assert.deepEqual(tags, ['1:ebike', '1:promo', '2:-', '3:ebike', '4:promo', '4:promo', '5:-', '6:ebike', '7:long', '8:ebike', '8:promo']);
  });

  it('stations_helpers: def clean/with_flags called from main(), a for over a literal list, an if; fillna, dropna, isin, between; partitionBy', async () => {
    // initcap(trim(…)): "River Park", "Springfield" (was springfield); S5's city null → "Unknown", then dropped: no lat.
    // S2's capacity null → 0; big: capacity >= 15; in_springfield: city in (Springfield, Shelbyville) and lat in [39.5, 40]
    const rows = await duck('stations/trusted/by_city/', 'parquet', "SELECT station_id, name, capacity, big, in_springfield, regexp_extract(filename, 'city=([^/]+)', 1) AS city FROM read_parquet({files}, filename = true, hive_partitioning = false) ORDER BY station_id");
    assert.deepEqual(rows, [
      { station_id: 'S1', name: 'Main St, North', capacity: 20, big: true, in_springfield: true, city: 'Springfield' },
      { station_id: 'S2', name: 'River Park', capacity: 0, big: false, in_springfield: true, city: 'Springfield' },
      { station_id: 'S3', name: 'Old Mill', capacity: 8, big: false, in_springfield: false, city: 'Shelbyville' },
    ]);
  });

  it('stations_read_back: the partitioned folder read back (the partition column discovered); partitionBy of a null and of a "/"', async () => {
    assert.deepEqual((await jsonRows(dir('stations/trusted/city_summary/'))).sort(byKey('city')), [
      { city: 'Shelbyville', n: 1, cap: 8 },
      { city: 'Springfield', n: 2, cap: 20 },
    ]);
    // Spark's partition folder names: null → __HIVE_DEFAULT_PARTITION__, "/" escaped %2F (ExternalCatalogUtils.escapePathName)
    const folders = [...new Set((await fs.readdir(dir('rides/curated/by_tier/'), { recursive: true })).filter((f) => f.endsWith('.json')).map((f) => path.dirname(f)))].sort();
    assert.deepEqual(folders, ['tier=__HIVE_DEFAULT_PARTITION__/path_key=x%2FS2', 'tier=basic/path_key=x%2FS1', 'tier=basic/path_key=x%2FS3', 'tier=basic/path_key=x%2FS4', 'tier=gold/path_key=x%2FS1', 'tier=gold/path_key=x%2FS2'].map((f) => f.split('/').join(path.sep)));
  });

  it('rides_dyf_sink: from_options multiline JSON, ResolveChoice cast:double, DropNullFields, Map and Filter with defs, SplitFields, getSink glueparquet', async () => {
    // Map: minutes = (end - start) / 60000 (Python's true division), rider lifted, rider deleted; ride 8 has no end:
    // None - int raises, an error record, left out. Filter minutes >= 20: rides 1 (30) 3 (30) 4 (45) 6 (20) 7 (60)
    const rows = await duck('rides/trusted/long/', 'parquet', "SELECT ride_id::INT AS id, minutes, typeof(minutes) AS t, regexp_extract(filename, 'station=([^/]+)', 1) AS station FROM read_parquet({files}, filename = true, hive_partitioning = false) ORDER BY id");
    assert.deepEqual(rows, [
      { id: 1, minutes: 30, t: 'DOUBLE', station: 'S1' },
      { id: 3, minutes: 30, t: 'DOUBLE', station: 'S1' },
      { id: 4, minutes: 45, t: 'DOUBLE', station: 'S3' },
      { id: 6, minutes: 20, t: 'DOUBLE', station: 'S1' },
      { id: 7, minutes: 60, t: 'DOUBLE', station: 'S4' },
    ]);
    // SplitFields' first frame holds the paths given and nothing else
    // (station is the partition folder, not a column of the files)
    assert.deepEqual((await duck('rides/trusted/long/', 'parquet', 'DESCRIBE SELECT * FROM read_parquet({files}, hive_partitioning = false)')).map((r) => r['column_name']), ['ride_id', 'minutes']);
  });

  it('stations_aggs: a left join; percentile_approx, countDistinct of a struct field, stddev, max_by, first(ignorenulls)', async () => {
    // S1 fares 12.5 15.25 (two nulls): percentile_approx 0.5 is the smaller (the first value with at least half at or
    // below it), stddev_samp 2.75 / sqrt 2; S2: 8.0 and "" → null: one value, stddev null; S4 has no station: city null
    assert.deepEqual(await jsonRows(dir('stations/trusted/stats/')), [
      { station: 'S1', n: 4, median_fare: 12.5, riders: 2, sd: 1.9445436482630056, last_ride: 8, city: 'Springfield' },
      { station: 'S2', n: 2, median_fare: 8.0, riders: 2, last_ride: 5, city: 'springfield' },
      { station: 'S3', n: 1, median_fare: 20.0, riders: 1, last_ride: 4, city: 'Shelbyville' },
      { station: 'S4', n: 1, median_fare: 30.0, riders: 1, last_ride: 7 },
    ]);
  });

  it('stations_rollup: rollup and cube with grouping_id and grouping', async () => {
    // rollup(city, station): (city, station) gid 0, (city) gid 1, () gid 3; S4's city is null from the data (gid 1 row
    // with city null is its city's subtotal). Total 12.5+8+20+15.25+30 = 85.75 over 8 rides
    const roll = (await jsonRows(dir('stations/trusted/rollup/'))).map((r) => `${r['gid']}|${r['city'] ?? '-'}|${r['station'] ?? '-'}|${r['total']}|${r['n']}`).sort();
    assert.deepEqual(roll, ['0|-|S4|30|1', '0|Shelbyville|S3|20|1', '0|Springfield|S1|27.75|4', '0|springfield|S2|8|2', '1|-|-|30|1', '1|Shelbyville|-|20|1', '1|Springfield|-|27.75|4', '1|springfield|-|8|2', '3|-|-|85.75|8']);
    // cube(city, active) over the 4 stations: 4 + 4 + 2 + 1 rows
    const cube = (await jsonRows(dir('stations/trusted/cube/'))).map((r) => `${r['gid']}|${r['all_cities']}|${r['city'] ?? '-'}|${r['active'] ?? '-'}|${r['n']}`).sort();
    assert.deepEqual(cube, ['0|0|-|true|1', '0|0|Shelbyville|true|1', '0|0|Springfield|true|1', '0|0|springfield|false|1', '1|0|-|-|1', '1|0|Shelbyville|-|1', '1|0|Springfield|-|1', '1|0|springfield|-|1', '2|1|-|false|1', '2|1|-|true|3', '3|1|-|-|4']);
  });
});

describe('what the third new user met that stays refused, by name', () => {
  const HEADER = `import sys
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from pyspark.sql import functions as F
glueContext = GlueContext(SparkContext())
spark = glueContext.spark_session
rides = spark.read.json("s3://bike-share-lake/rides/landing/", multiLine=True)
`;
  const runScript = async (name: string, body: string) => {
    await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), `${HEADER}${body}\n`);
    const started = await target.jobs.start(name);
    return target.jobs.wait(name, started.id);
  };
  const OUT = '.write.mode("overwrite").json("s3://bike-share-lake/rides/curated/refused/")';

  it('approx_count_distinct, hash, monotonically_increasing_id: answers that depend on Spark internals (HLL++ sketch, Murmur3, partitions)', async () => {
    for (const [name, fn] of [['r_approx', 'approx_count_distinct'], ['r_hash', 'hash'], ['r_mono', 'monotonically_increasing_id']] as const) {
      const call = fn === 'monotonically_increasing_id' ? 'F.monotonically_increasing_id()' : `F.${fn}("station")`;
      const r = await runScript(name, `rides.select(${call}.alias("x"))${OUT}`);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', new RegExp(`${name}\\.py:8:\\d+: pyspark\\.sql\\.functions\\.${fn} cannot run on the local engine: ${fn} is not supported by the local engine \\(Spark has it\\)`));
    }
  });

  it('a value collected into Python (collect()[0][0]) and used in a later Column: the plan is made before the run', async () => {
    const r = await runScript('r_collect', `mx = rides.agg(F.max("start_ms")).collect()[0][0]\nrides.filter(F.col("start_ms") >= mx)${OUT}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /r_collect\.py:8:\d+: rides\.agg\(F\.max\("start_ms"\)\)\.collect\(\)\[0\] cannot run on the local engine: indexing .* \(computed by the run\) is not followed/);
  });

  it('the CSV options ignoreLeadingWhiteSpace / ignoreTrailingWhiteSpace', async () => {
    const r = await runScript('r_ws', `s = spark.read.option("header", "true").option("ignoreLeadingWhiteSpace", "true").csv("s3://bike-share-lake/stations/landing/")\ns${OUT}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /r_ws\.py:8:\d+: spark\.read with the option "ignoreLeadingWhiteSpace" cannot run on the local engine: it is not one of the csv options the local engine honours/);
  });
});
