/**
 * A partitioned table whose partitions are not registered, end to end with the CLI (dist/cli.js) on the local target:
 * objects in a Hive-style `dt=2024-01-01/` folder under the table's LOCATION, a CREATE EXTERNAL TABLE … PARTITIONED BY
 * over it (what a Glue job with partitionKeys or Spark's partitionBy leaves, plus the user's DDL). Athena reads only
 * the partitions registered in the catalog: "To load new Hive partitions into a partitioned table, you can use the
 * MSCK REPAIR TABLE command, which works only with Hive-style partitions … For such non-Hive style partitions, you use
 * ALTER TABLE ADD PARTITION to add the partitions manually" (Athena user guide, partitions.md; msck-repair-table.md:
 * "so that you can query the data in the new partitions from Athena"). So the table counts 0 rows until
 * MSCK REPAIR TABLE, then the 2 lines of its one object; the report says why it counts 0. A table with partition
 * projection (`projection.enabled` = `true`, partition-projection-setting-up.md) has no partition to register: no
 * hint, though its enum projection (2023-12-31) misses the only folder and it counts 0 too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function lakehouse(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `lakehouse ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

interface ReportJson {
  tables: { database: string; table: string; rows: number; hint?: string }[];
}

const TABLE = (name: string, properties: string) => `CREATE EXTERNAL TABLE IF NOT EXISTS \`\${database}\`.\`${name}\` (
  \`id\` bigint,
  \`kind\` string
)
PARTITIONED BY (\`dt\` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://\${bucket}/events/landing/'
TBLPROPERTIES (${properties});
`;

describe('a partitioned table with no registered partition through the CLI', () => {
  let dir: string;
  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-partitions-'));
    await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify({ name: 'parts', bucket: 'parts-zones', database: 'parts', datasets: { events: { landing: 'events/landing/' } } }));
    await fs.mkdir(path.join(dir, 'data', 'events', 'landing', 'dt=2024-01-01'), { recursive: true });
    await fs.writeFile(path.join(dir, 'data', 'events', 'landing', 'dt=2024-01-01', 'events-1.json'), '{"id":1,"kind":"click"}\n{"id":2,"kind":"view"}\n');
    await fs.mkdir(path.join(dir, 'sql'));
    await fs.writeFile(
      path.join(dir, 'sql', 'tables.sql'),
      `${TABLE('events_landing', "'classification'='json'")}\n${TABLE('events_projected', "'classification'='json', 'projection.enabled'='true', 'projection.dt.type'='enum', 'projection.dt.values'='2023-12-31'")}`,
    );
    lakehouse(['upload', 'data', '-q'], dir);
    lakehouse(['tables', '-q'], dir);
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('the report counts 0 rows and says no partition is registered, naming MSCK REPAIR TABLE and ALTER TABLE ADD PARTITION', () => {
    const report = JSON.parse(lakehouse(['report', '--json'], dir).stdout) as ReportJson;
    assert.deepEqual(report.tables.map((t) => [t.table, t.rows, t.hint !== undefined]), [
      ['events_landing', 0, true],
      ['events_projected', 0, false],
    ]);
    const hint = report.tables[0]!.hint!;
    assert.match(hint, /partitioned by dt and no partition of it is registered in the catalog/);
    assert.match(hint, /MSCK REPAIR TABLE parts\.events_landing registers them \(Hive-style key=value folders\)/);
    assert.match(hint, /ALTER TABLE parts\.events_landing ADD PARTITION \(dt='\.\.\.'\)/);
    const text = lakehouse(['report'], dir).stdout;
    assert.match(text, /\nnote: parts\.events_landing counts 0 rows but objects are under its location: it is partitioned by dt/);
    assert.doesNotMatch(text, /note: parts\.events_projected/);
  });

  test('after MSCK REPAIR TABLE the table counts its rows and the hint is gone', () => {
    lakehouse(['query', 'MSCK REPAIR TABLE events_landing', '-q'], dir);
    const report = JSON.parse(lakehouse(['report', '--json'], dir).stdout) as ReportJson;
    assert.deepEqual(report.tables.map((t) => [t.table, t.rows, t.hint]), [
      ['events_landing', 2, undefined],
      ['events_projected', 0, undefined],
    ]);
  });
});
