/**
 * Athena's information_schema over the local catalog. Expected values: the Athena user guide,
 * querying-glue-catalog.md (awsdocs/amazon-athena-user-guide 765e909): the queries, the columns `SELECT *` of
 * `columns` shows (table_catalog … data_type, comment, extra_info), and its sample rows (`awsdatacatalog`,
 * `BASE TABLE`, `YES`, `varchar`, `integer`, `array(varchar)`, ordinal positions from 1); Trino's
 * InformationSchemaTable / InformationSchemaPageSource (trinodb/trino core/trino-main: column types, `VIEW`,
 * NULL column_default, the view's original SQL) and the Hive connector's `partition key` extra_info (HiveUtil).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, jsonDdl, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('isdb');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE isdb');
  await q(t, 'CREATE DATABASE other');
  // the guide's rdspostgresqldb1_public_account (minus its timestamp columns), and a view like its arrayview
  await q(t, jsonDdl('isdb.account', "password string, user_id int COMMENT 'the id', email string", 'account').replace(/\)\nROW FORMAT/, ')\nPARTITIONED BY (dt string)\nROW FORMAT'));
  await q(t, "CREATE VIEW isdb.arrayview AS SELECT email AS sid, ARRAY[password] AS journeymaparray FROM isdb.account");
});
after(async () => {
  await project.cleanup();
});

describe('information_schema', () => {
  it('schemata lists the databases of the catalog (and information_schema, as Trino lists it)', async () => {
    const r = await q(t, "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'isdb'");
    assert.deepEqual(r.rows, [['isdb']]);
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['schema_name', 'varchar']]);
    const all = await q(t, 'SELECT catalog_name, schema_name FROM information_schema.schemata ORDER BY schema_name');
    assert.deepEqual(all.rows, [['awsdatacatalog', 'information_schema'], ['awsdatacatalog', 'isdb'], ['awsdatacatalog', 'other']]);
  });

  it('tables lists tables as BASE TABLE and views as VIEW', async () => {
    const r = await q(t, "SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'isdb' ORDER BY table_name");
    assert.deepEqual(r.rows, [['isdb', 'account', 'BASE TABLE'], ['isdb', 'arrayview', 'VIEW']]);
    const star = await q(t, "SELECT * FROM information_schema.tables WHERE table_name = 'account'");
    assert.deepEqual(star.columns.map((c) => c.name), ['table_catalog', 'table_schema', 'table_name', 'table_type']);
    assert.deepEqual(star.rows, [['awsdatacatalog', 'isdb', 'account', 'BASE TABLE']]);
  });

  it("columns: the guide's SELECT * columns, ordinal positions, YES, comments, partition keys after the columns", async () => {
    const r = await q(t, "SELECT * FROM information_schema.columns WHERE table_schema = 'isdb' AND table_name = 'account'");
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [
      ['table_catalog', 'varchar'], ['table_schema', 'varchar'], ['table_name', 'varchar'], ['column_name', 'varchar'], ['ordinal_position', 'bigint'],
      ['column_default', 'varchar'], ['is_nullable', 'varchar'], ['data_type', 'varchar'], ['comment', 'varchar'], ['extra_info', 'varchar'],
    ]);
    assert.deepEqual(r.rows.map((row) => row.map(String)), [
      ['awsdatacatalog', 'isdb', 'account', 'password', '1', 'null', 'YES', 'varchar', 'null', 'null'],
      ['awsdatacatalog', 'isdb', 'account', 'user_id', '2', 'null', 'YES', 'integer', 'the id', 'null'],
      ['awsdatacatalog', 'isdb', 'account', 'email', '3', 'null', 'YES', 'varchar', 'null', 'null'],
      ['awsdatacatalog', 'isdb', 'account', 'dt', '4', 'null', 'YES', 'varchar', 'null', 'partition key'],
    ]);
  });

  it("columns of a view: the view's column types (array(varchar), as the guide's arrayview)", async () => {
    const r = await q(t, "SELECT column_name, ordinal_position, data_type FROM information_schema.columns WHERE table_schema = 'isdb' AND table_name = 'arrayview' AND column_name = 'journeymaparray'");
    assert.deepEqual(r.rows.map((row) => row.map(String)), [['journeymaparray', '2', 'array(varchar)']]);
  });

  it("views: the view's SQL", async () => {
    const r = await q(t, "SELECT table_schema, table_name, view_definition FROM information_schema.views WHERE table_schema = 'isdb'");
    assert.deepEqual(r.rows, [['isdb', 'arrayview', "SELECT email AS sid, ARRAY[password] AS journeymaparray FROM isdb.account"]]);
  });

  it('refuses the other information_schema tables by name, and a column type whose Athena data_type is not established', async () => {
    assert.match((await fails(t, 'SELECT * FROM information_schema.table_privileges')).error!.message, /^line 1:15: information_schema\.table_privileges is not supported by the local engine/);
    assert.match((await fails(t, 'SELECT * FROM information_schema.key_column_usage')).error!.message, /^line 1:15: Table information_schema\.key_column_usage does not exist$/);
    const inOther = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'other'";
    assert.deepEqual((await q(t, inOther)).rows, []);
    await q(t, jsonDdl('other.stamped', 'ts timestamp', 'stamped'));
    // the catalog as it is now, not as an earlier run of the same query saw it
    assert.deepEqual((await q(t, inOther)).rows, [['stamped']]);
    assert.match((await fails(t, 'SELECT column_name FROM information_schema.columns')).error!.message, /information_schema\.columns is not supported by the local engine for other\.stamped\.ts \(timestamp\(3\)\)/);
    await q(t, 'DROP TABLE other.stamped');
  });

  it('CREATE VIEW on information_schema is refused (querying-glue-catalog.md, Considerations and limitations)', async () => {
    assert.match((await fails(t, 'CREATE VIEW isdb.names AS SELECT table_name FROM information_schema.tables')).error!.message, /Athena cannot create a view on the information_schema database/);
    assert.match((await fails(t, 'CREATE VIEW information_schema.names AS SELECT 1 AS x')).error!.message, /Athena cannot create a view on the information_schema database/);
    assert.deepEqual((await q(t, "SELECT table_name FROM information_schema.tables WHERE table_name = 'names'")).rows, []);
  });
});
