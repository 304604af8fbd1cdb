/**
 * Partition projection on the local engine, as Athena documents it (https://docs.aws.amazon.com/athena/latest/ug/
 * partition-projection.html, partition-projection-supported-types.html, partition-projection-setting-up.html): the
 * partitions are those the `projection.<column>.*` properties describe, at `storage.location.template` (or
 * `<location>/<key>=<value>/`), and the partitions registered in the catalog are ignored. Where the pages are silent,
 * Trino's implementation of Athena's projection (trinodb/trino plugin/trino-hive/…/projection/DateProjection.java,
 * commit 017fcfcc9759d14557c0b1a4ef7377af27ea9590): a date range's bounds are cut to the format's precision and the
 * values step from the left bound. Expected rows are worked out by hand from those rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, q, projectWithDatabase, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'proj';

before(async () => {
  ({ project, t } = await projectWithDatabase(DB));
});
after(async () => {
  await project.cleanup();
});

const row = (id: number) => ndjson([{ id }]);
const ddl = (name: string, keys: string, props: Record<string, string>, location = `s3://${BUCKET}/${name}/`) =>
  `CREATE EXTERNAL TABLE ${DB}.${name} (id int) PARTITIONED BY (${keys})
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '${location}'
TBLPROPERTIES (${Object.entries({ 'projection.enabled': 'true', ...props })
    .map(([k, v]) => `'${k}'='${v}'`)
    .join(', ')})`;

describe('partition projection: which objects are in the table', () => {
  it('enum, integer with digits and a date of days, at the template; registered partitions are ignored', async () => {
    const put = (key: string, id: number) => t.storage.put(BUCKET, `logs/${key}/data.json`, row(id));
    await put('us-east-1/07/2021/01/01', 1);
    await put('us-east-1/7/2021/01/01', 2); // not 2 digits: no value of the projection
    await put('eu-west-1/07/2021/01/02', 3);
    await put('ap-south-1/07/2021/01/01', 4); // not one of the enum's values
    await put('us-east-1/24/2021/01/01', 5); // past the integer range
    await put('us-east-1/07/2020/12/31', 6); // before the date range
    await put('us-east-1/07/2021/01/05', 7); // after it
    await t.storage.put(BUCKET, 'logs/us-east-1/07/2021/01/01/sub/more.json', row(8)); // under the partition's folder
    await q(
      t,
      ddl('logs', 'region string, hour int, day string', {
        'projection.region.type': 'enum',
        'projection.region.values': 'us-east-1,eu-west-1',
        'projection.hour.type': 'integer',
        'projection.hour.range': '0,23',
        'projection.hour.digits': '2',
        'projection.day.type': 'date',
        'projection.day.range': '2021/01/01,2021/01/04',
        'projection.day.format': 'yyyy/MM/dd',
        'storage.location.template': `s3://${BUCKET}/logs/\${region}/\${hour}/\${day}/`,
      }),
    );
    assert.deepEqual((await q(t, `SELECT id, region, hour, day FROM ${DB}.logs ORDER BY id`)).rows, [
      [1, 'us-east-1', 7, '2021/01/01'],
      [3, 'eu-west-1', 7, '2021/01/02'],
      [8, 'us-east-1', 7, '2021/01/01'],
    ]);
    // "Athena ignores any partition metadata registered to the table"
    await t.storage.put(BUCKET, 'elsewhere/x.json', row(9));
    await q(t, `ALTER TABLE ${DB}.logs ADD PARTITION (region='us-east-1', hour=7, day='2021/01/03') LOCATION 's3://${BUCKET}/elsewhere/'`);
    assert.deepEqual((await q(t, `SELECT count(*) FROM ${DB}.logs WHERE id = 9`)).rows, [[0]]);
    // "$partition" names the projected partition as Trino's PartitionProjection.getProjectedPartitionNamesByFilter
    // names it — escapePathName(column) + "=" + escapePathName(projected value), joined by "/" — the value being its
    // text in the path (`hour=07`, the date in its format with `/` escaped as %2F); it was NULL
    assert.deepEqual((await q(t, `SELECT id, "$partition" FROM ${DB}.logs ORDER BY id`)).rows, [
      [1, 'region=us-east-1/hour=07/day=2021%2F01%2F01'],
      [3, 'region=eu-west-1/hour=07/day=2021%2F01%2F02'],
      [8, 'region=us-east-1/hour=07/day=2021%2F01%2F01'],
    ]);
    assert.deepEqual((await q(t, `SELECT count(*) FROM ${DB}.logs WHERE "$partition" = 'region=eu-west-1/hour=07/day=2021%2F01%2F02'`)).rows, [[1]]);
  });

  it('without a template, the partitions are <location>/<key>=<value>/; an interval steps from the left bound', async () => {
    for (const [n, id] of [
      [0, 1],
      [5, 2],
      [10, 3],
      [15, 4],
    ] as const)
      await t.storage.put(BUCKET, `hive/n=${n}/data.json`, row(id));
    await q(t, ddl('hive', 'n bigint', { 'projection.n.type': 'integer', 'projection.n.range': '0,12', 'projection.n.interval': '5' }));
    assert.deepEqual((await q(t, `SELECT id, n FROM ${DB}.hive ORDER BY id`)).rows, [
      [1, 0],
      [2, 5],
      [3, 10],
    ]);
  });

  it('months: a format of months steps a month at a time by default; a date column gets the first day', async () => {
    await t.storage.put(BUCKET, 'months/202101/a.json', row(1));
    await t.storage.put(BUCKET, 'months/202113/a.json', row(2)); // no month 13
    await t.storage.put(BUCKET, 'months/202203/a.json', row(3)); // after the range
    await q(t, ddl('months', 'm date', { 'projection.m.type': 'date', 'projection.m.range': '202012,202202', 'projection.m.format': 'yyyyMM', 'storage.location.template': `s3://${BUCKET}/months/\${m}` }));
    assert.deepEqual((await q(t, `SELECT id, CAST(m AS VARCHAR) FROM ${DB}.months`)).rows, [[1, '2021-01-01']]);
  });

  it('hours from a left bound cut to the format: an object of another minute is in no partition', async () => {
    await t.storage.put(BUCKET, 'hours/2021-01-01-13-00/a.json', row(1));
    await t.storage.put(BUCKET, 'hours/2021-01-01-13-30/a.json', row(2));
    await q(
      t,
      ddl('hours', 'h string', {
        'projection.h.type': 'date',
        'projection.h.range': '2021-01-01-00-00,2021-01-02-00-00',
        'projection.h.format': 'yyyy-MM-dd-HH-mm',
        'projection.h.interval': '1',
        'projection.h.interval.unit': 'HOURS',
        'storage.location.template': `s3://${BUCKET}/hours/\${h}/`,
      }),
    );
    assert.deepEqual((await q(t, `SELECT id, h FROM ${DB}.hours`)).rows, [[1, '2021-01-01-13-00']]);
  });

  it('NOW in a range is the query time, in UTC', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // three days of margin either way: a run across midnight keeps the same answer
    await t.storage.put(BUCKET, `now/${day(-1)}/a.json`, row(1));
    await t.storage.put(BUCKET, `now/${day(-10)}/a.json`, row(2));
    await t.storage.put(BUCKET, `now/${day(5)}/a.json`, row(3));
    await q(t, ddl('now', 'd string', { 'projection.d.type': 'date', 'projection.d.range': 'NOW-3DAYS,NOW', 'projection.d.format': 'yyyy-MM-dd', 'storage.location.template': `s3://${BUCKET}/now/\${d}/` }));
    assert.deepEqual((await q(t, `SELECT id FROM ${DB}.now`)).rows, [[1]]);
  });
});

describe('partition projection: what is refused or fails', () => {
  it('an injected projection is refused (its values come from the WHERE clause); a missing type fails as a bad table', async () => {
    await q(t, ddl('injected', 'device string', { 'projection.device.type': 'injected', 'storage.location.template': `s3://${BUCKET}/inj/\${device}/` }));
    assert.match((await fails(t, `SELECT * FROM ${DB}.injected WHERE device = 'a'`)).error!.message, /the injected partition projection of column device .*is not supported by the local engine/);
    await q(t, ddl('untyped', 'a string, b string', { 'projection.a.type': 'enum', 'projection.a.values': 'x' }));
    assert.match((await fails(t, `SELECT * FROM ${DB}.untyped`)).error!.message, /partition projection of column b: projection\.b\.type is required for every partition column/);
  });

  it('a date format with letters other than digits (MMM) is refused naming it; a template without a placeholder fails', async () => {
    await q(t, ddl('named', 'd string', { 'projection.d.type': 'date', 'projection.d.range': '2021-Jan,2021-Mar', 'projection.d.format': 'yyyy-MMM' }));
    assert.match((await fails(t, `SELECT * FROM ${DB}.named`)).error!.message, /the date format 'yyyy-MMM' of projection\.d\.format \('MMM'.*is not supported by the local engine/);
    await q(t, ddl('noplace', 'a string', { 'projection.a.type': 'enum', 'projection.a.values': 'x', 'storage.location.template': `s3://${BUCKET}/noplace/` }));
    assert.match((await fails(t, `SELECT * FROM ${DB}.noplace`)).error!.message, /storage\.location\.template 's3:\/\/engine-test\/noplace\/' has no \$\{a\} placeholder/);
  });

  it('INSERT INTO a projected table is refused', async () => {
    assert.match((await fails(t, `INSERT INTO ${DB}.hive VALUES (1, 0)`)).error!.message, /writing a table with partition projection \(projection\.enabled\) is not supported by the local engine/);
  });
});
