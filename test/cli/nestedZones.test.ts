/**
 * Nested zone prefixes end to end with the CLI (dist/cli.js): the layout of public STEDI solutions, each trusted zone
 * inside its landing folder (`accelerometer_landing/` and `accelerometer_landing/trusted/`), with a hyphenated
 * database (`udacity-stedi`). The project is test/fixtures/nested/project; its README gives the counts, worked out by
 * hand from its data. Tables read every object under their LOCATION, subfolders included, as Athena does ("Athena
 * reads all data stored in the Amazon S3 folder that you specify",
 * https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html): the landing tables count the nested
 * trusted zone's rows too, and the report says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'nested', 'project');

function lakehouse(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `lakehouse ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

interface ReportJson {
  tables: { database: string; table: string; zone: string; rows: number; readsNested?: string[] }[];
}

describe('nested zone prefixes through the CLI', () => {
  let dir: string;
  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-nested-'));
    await fs.cp(FIXTURE, dir, { recursive: true });
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test("upload puts landing files in the landing zone and skips a file whose key falls in the nested trusted zone", () => {
    const r = lakehouse(['upload', 'data', '--json'], dir);
    const up = JSON.parse(r.stdout) as { uploaded: string[]; ignored: { path: string; reason: string }[] };
    assert.deepEqual(up.uploaded.sort(), ['accelerometer_landing/accelerometer-1.json', 'customer_landing/customer-1.json']);
    assert.deepEqual(up.ignored.map((i) => i.path), ['accelerometer/landing/trusted/stale.json']);
    assert.match(up.ignored[0]!.reason, /would be in accelerometer's trusted zone \(s3:\/\/nested-zones\/accelerometer_landing\/trusted\/\), nested in the landing zone/);
    assert.ok(!existsSync(path.join(dir, '.lakehouse', 's3', 'nested-zones', 'accelerometer_landing', 'trusted')));
  });

  const expected = [
    ['customer_landing', 'landing', 5, ['customer.trusted']],
    ['customer_trusted', 'trusted', 2, undefined],
    ['accelerometer_landing', 'landing', 7, ['accelerometer.trusted']],
    ['accelerometer_trusted', 'trusted', 3, undefined],
  ];

  test('tables, run, report: each table in the deepest zone, the landing tables reading the nested rows too', () => {
    lakehouse(['tables', '-q'], dir);
    lakehouse(['run', '-q'], dir);
    const report = JSON.parse(lakehouse(['report', '--json'], dir).stdout) as ReportJson;
    assert.deepEqual(report.tables.map((t) => [t.table, t.zone, t.rows, t.readsNested]), expected);
    const text = lakehouse(['report'], dir).stdout;
    assert.match(text, /note: udacity-stedi\.accelerometer_landing also reads the objects of accelerometer\.trusted, nested under its location/);
  });

  test('a re-run gives the same counts: the purge of the nested trusted zone comes before Glue reads landing', () => {
    lakehouse(['run', '-q'], dir);
    const report = JSON.parse(lakehouse(['report', '--json'], dir).stdout) as ReportJson;
    assert.deepEqual(report.tables.map((t) => [t.table, t.zone, t.rows, t.readsNested]), expected);
    assert.match(lakehouse(['logs', 'customer_landing_to_trusted'], dir).stdout, /the files under s3:\/\/nested-zones\/customer_landing\/trusted\/ are purged before Glue reads udacity-stedi\.customer_landing: not read/);
  });
});
