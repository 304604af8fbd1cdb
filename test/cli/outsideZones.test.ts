/**
 * A table whose LOCATION is misspelt (`itemz/landing/` for the dataset's `items/landing/`), end to end with the CLI
 * (dist/cli.js) on the local target. Athena's CREATE TABLE only registers the table ("you register your table with
 * the AWS Glue Data Catalog", Athena User Guide, tables-location-format.md): a misspelt LOCATION is taken as it is,
 * and with no object under it the table has no row. So `report` counts 0 rows and says why: the location is in no
 * zone of lakehouse.json, naming the zone meant. A table in a zone gets no note; one near no zone, the zones there are.
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

const TABLE = (name: string, location: string) =>
  `CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (id bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://\${bucket}/${location}' TBLPROPERTIES ('classification'='json');\n`;

describe('a table whose LOCATION is in no zone of lakehouse.json', () => {
  let dir: string;
  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-outside-'));
    await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify({ name: 'shop', bucket: 'shop-zones', database: 'shop', datasets: { items: { landing: 'items/landing/' } } }));
    await fs.mkdir(path.join(dir, 'data', 'items', 'landing'), { recursive: true });
    await fs.writeFile(path.join(dir, 'data', 'items', 'landing', 'items.json'), '{"id":1}\n{"id":2}\n');
    await fs.mkdir(path.join(dir, 'sql'));
    await fs.writeFile(path.join(dir, 'sql', 'tables.sql'), TABLE('items_landing', 'items/landing/') + TABLE('items_typo', 'itemz/landing/') + TABLE('elsewhere', 'reference/countries/'));
    lakehouse(['upload', 'data', '-q'], dir);
    lakehouse(['tables', '-q'], dir);
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('report counts 0 rows for it, as Athena would, and names the zone its LOCATION was meant to be', () => {
    const report = JSON.parse(lakehouse(['report', '--json'], dir).stdout) as { tables: { table: string; zone: string | null; rows: number; hint?: string }[] };
    const byName = new Map(report.tables.map((t) => [t.table, t]));
    assert.deepEqual([byName.get('items_landing')!.rows, byName.get('items_landing')!.zone, byName.get('items_landing')!.hint], [2, 'landing', undefined]);
    assert.deepEqual([byName.get('items_typo')!.rows, byName.get('items_typo')!.zone], [0, null]);
    assert.equal(
      byName.get('items_typo')!.hint,
      "shop.items_typo counts 0 rows and its location s3://shop-zones/itemz/landing/ is in no zone of lakehouse.json: did you mean LOCATION 's3://shop-zones/items/landing/' (items.landing)?",
    );
    assert.equal(byName.get('elsewhere')!.hint, 'shop.elsewhere counts 0 rows and its location s3://shop-zones/reference/countries/ is in no zone of lakehouse.json: the zones: items.landing s3://shop-zones/items/landing/');
    // the table form says it below the table, as a note
    assert.match(lakehouse(['report'], dir).stdout + lakehouse(['report'], dir).stderr, /note: shop\.items_typo counts 0 rows .* did you mean LOCATION 's3:\/\/shop-zones\/items\/landing\/'/);
  });
});
