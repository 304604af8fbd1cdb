/**
 * Database and table names Glue accepts but that are no plain SQL identifiers, end to end on the local target:
 * lakehouse.json, the DDL, the catalog, a Glue Studio-shaped job, queries, views and the zone report.
 *
 * Sources: Glue's rule (DatabaseInput/TableInput Name: 1-255 bytes of UTF-8 on one line, folded to lower case,
 * https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html, API_TableInput.html); Athena's quoting
 * (DDL names in backticks, query names in double quotes: https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html,
 * https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html). The names come from public Glue scripts:
 * `catalogDatabase="stedi-hb"`, `catalogDatabase="udacity-stedi"`, `catalogDatabase="silver-layer", catalogTableName="CADA_CONT_CORE_CLIE"`,
 * and Glue Studio sinks whose table names hold spaces (`catalogTableName="step trainer trusted"`).
 * The project is test/fixtures/names/project; expected rows are counted by hand from its data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPipeline } from '../../src/core/actions/pipeline';
import { createTables } from '../../src/core/actions/tables';
import { planUpload, upload } from '../../src/core/actions/upload';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { zoneReport } from '../../src/core/report/zoneReport';
import { dmlTableName } from '../../src/core/glueNames';
import { LocalTarget } from '../../src/core/targets/local';
import { fails, q } from './helpers';

export const NAMES_FIXTURE = path.join(__dirname, '..', 'fixtures', 'names', 'project');

describe('names Glue accepts, end to end on the local target', () => {
  let root: string;
  let project: Project;
  let target: LocalTarget;

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-names-'));
    await fs.cp(NAMES_FIXTURE, root, { recursive: true });
    project = await loadProject(root);
    target = await LocalTarget.open(project, { threads: 2 });
    await upload(target, await planUpload(project, path.join(root, 'data')));
  });
  after(async () => {
    await target?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  test('lakehouse.json takes the hyphenated, mixed-case name and holds it as Glue stores it', () => {
    assert.equal(project.manifest.database, 'stedi-lake');
  });

  test('the DDL creates the database and tables under the lower-cased names, quotes and backticks included', async () => {
    const results = await createTables(project, target);
    assert.deepEqual(results.map((r) => r.execution.message), ['Table stedi-lake.customer-landing created', 'Table stedi-lake.odd "name`s created']);
    assert.deepEqual((await target.catalog.databases()).map((d) => d.name), ['stedi-lake']);
    assert.deepEqual((await target.catalog.tables('stedi-lake')).map((t) => t.name).sort(), ['customer-landing', 'odd "name`s']);
  });

  test('a Glue job reads and writes them (the sink creates "customer trusted")', async () => {
    const result = await runPipeline(project, target);
    assert.ok(result.ok, JSON.stringify(result.runs.map((r) => [r.jobName, r.state, r.errorMessage])));
    const t = await target.catalog.table('stedi-lake', 'customer trusted');
    assert.equal(t?.storage.location, 's3://names-test/customer/trusted/');
  });

  test('queries name them in double quotes, qualified or with the default database', async () => {
    assert.deepEqual((await q(target, 'SELECT count(*) FROM "stedi-lake"."customer-landing"')).rows, [[3]]);
    assert.deepEqual((await q(target, 'SELECT count(*) FROM "customer trusted"', 'stedi-lake')).rows, [[2]]);
    assert.deepEqual((await q(target, 'SELECT email FROM "STEDI-LAKE"."Customer Trusted" ORDER BY email')).rows, [['a@x'], ['c@x']]);
    assert.deepEqual((await q(target, 'SELECT email FROM "stedi-lake"."odd ""name`s"')).rows, [['o@x']]);
    // Athena (Trino) reads `stedi-lake.t` unquoted as a subtraction: it fails there, so it must fail here
    await fails(target, 'SELECT count(*) FROM stedi-lake."customer-landing"');
  });

  test('DDL statements take them in backticks: SHOW TABLES, DESCRIBE, SHOW CREATE TABLE, views, DROP', async () => {
    assert.deepEqual((await q(target, 'SHOW TABLES IN `stedi-lake`')).rows.map((r) => r[0]).sort(), ['customer trusted', 'customer-landing', 'odd "name`s']);
    assert.deepEqual((await q(target, 'DESCRIBE `stedi-lake`.`customer-landing`')).rows.map((r) => r[0]), ['email', 'sharewithresearchasofdate']);
    const ddl = String((await q(target, 'SHOW CREATE TABLE `stedi-lake`.`odd "name``s`')).rows.map((r) => r[0]).join('\n'));
    assert.match(ddl, /^CREATE EXTERNAL TABLE `stedi-lake`\.`odd "name``s`\(/);
    await q(target, 'CREATE VIEW "stedi-lake"."consented-emails" AS SELECT email FROM "customer trusted"', 'stedi-lake');
    assert.deepEqual((await q(target, 'SELECT count(*) FROM "stedi-lake"."consented-emails"')).rows, [[2]]);
    await q(target, 'DROP VIEW `stedi-lake`.`consented-emails`');
    assert.equal(await target.catalog.table('stedi-lake', 'consented-emails'), undefined);
  });

  test("Athena's other statements take them too: ALTER TABLE, SHOW TBLPROPERTIES, SHOW VIEWS, INSERT INTO, UNLOAD", async () => {
    // alter-table-set-tblproperties.html / show-tblproperties.html: DDL, names in backticks
    await q(target, "ALTER TABLE `stedi-lake`.`odd \"name``s` SET TBLPROPERTIES ('notes'='odd one')");
    assert.deepEqual((await q(target, "SHOW TBLPROPERTIES `stedi-lake`.`odd \"name``s`('notes')")).rows, [['odd one']]);
    // alter-table-add-columns.html
    await q(target, 'ALTER TABLE `stedi-lake`.`customer-landing` ADD COLUMNS (`serial-number` string)');
    assert.deepEqual((await q(target, 'DESCRIBE `stedi-lake`.`customer-landing`')).rows.map((r) => r[0]), ['email', 'sharewithresearchasofdate', 'serial-number']);
    assert.deepEqual((await q(target, 'SELECT count("serial-number") FROM "stedi-lake"."customer-landing"')).rows, [[0]]);
    // show-views.html
    await q(target, 'CREATE VIEW "stedi-lake"."odd-view" AS SELECT email FROM "stedi-lake"."odd ""name`s"');
    assert.deepEqual((await q(target, 'SHOW VIEWS IN `stedi-lake`')).rows, [['odd-view']]);
    await q(target, 'DROP VIEW `stedi-lake`.`odd-view`');
    // insert-into.html: DML, names in double quotes; 1 row of the 3 landing rows has no consent (data/customer/landing/c-1.json)
    await q(target, 'INSERT INTO "stedi-lake"."odd ""name`s" SELECT email FROM "stedi-lake"."customer-landing" WHERE sharewithresearchasofdate IS NULL');
    assert.deepEqual((await q(target, 'SELECT count(*) FROM "stedi-lake"."odd ""name`s"')).rows, [[2]]);
    // unload.html: a query in DML quoting; the 2 landing rows with a consent date
    const unloaded = await q(target, `UNLOAD (SELECT email FROM "stedi-lake"."customer-landing" WHERE sharewithresearchasofdate IS NOT NULL) TO 's3://names-test/unload/' WITH (format = 'JSON')`);
    assert.equal(unloaded.exec.statistics?.rows, 2);
  });

  test("the tree's Preview and Count Rows name every table as the tree holds it (dmlTableName: double quotes, a quote doubled)", async () => {
    // src/extension/commands/catalog.ts builds these two statements from the catalog table of the clicked node
    const counts: [string, number][] = [];
    for (const t of await target.catalog.tables('stedi-lake')) {
      assert.equal((await q(target, `SELECT * FROM ${dmlTableName(t)} LIMIT 100`, t.database)).exec.state, 'SUCCEEDED');
      counts.push([t.name, Number((await q(target, `SELECT count(*) AS n FROM ${dmlTableName(t)}`, t.database)).rows[0]![0])]);
    }
    assert.equal(dmlTableName({ database: 'stedi-lake', name: 'odd "name`s' }), '"stedi-lake"."odd ""name`s"');
    // the landing file's 3 rows, the sink's 2, and the odd table's file and the row INSERT INTO added above
    assert.deepEqual(counts.sort(), [['customer trusted', 2], ['customer-landing', 3], ['odd "name`s', 2]]);
  });

  test('the zone report counts every table under its name and zone', async () => {
    const report = await zoneReport(project, target);
    assert.deepEqual(
      report.tables.map((t) => [t.database, t.table, t.zone, t.rows]),
      [
        ['stedi-lake', 'customer-landing', 'landing', 3],
        ['stedi-lake', 'customer trusted', 'trusted', 2],
        // its file and the row INSERT INTO added above
        ['stedi-lake', 'odd "name`s', 'landing', 2],
      ],
    );
  });
});
