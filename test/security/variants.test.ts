/**
 * Variants of the escapes, as a hostile contributor would try them next: statements hidden by quoting that only
 * DuckDB reads (dollar quotes, E'' strings, nested comments, a comment ended by a carriage return, unicode escapes,
 * semicolons inside names and strings), DuckDB statements of every kind, DuckDB functions that read files, run SQL
 * text or read the engine's settings, files and DuckDB's own catalogs as table names, and all of these inside the
 * query of a CTAS, an INSERT, an EXPLAIN, a CREATE VIEW, a view's text in the catalog, a Glue SQL Query node (its
 * query and its mapping's names) and a `${variable}` of lakehouse.json. Each one fails with a message naming what
 * was refused, and nothing outside the project is written or read (lab.ts checks after every attempt).
 *
 * An Athena query (and a view's stored text) is read with Trino's grammar and translated first
 * (src/core/sql/trino): DuckDB's syntax fails there as Athena fails on it (`mismatched input …`), a function Athena
 * does not have as `Function 'getenv' not registered`, a table that is not the catalog's as missing — Athena's own
 * answers; what the translation gives DuckDB is then read by the guard (queryGuard.ts) like any other query. A Glue
 * SQL Query node's Spark SQL still meets the guard first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isLakehouseError } from '../../src/core/errors';
import { diagnoseDataError } from '../../src/core/targets/local/diagnose';
import { DATABASE, assertRefused, openLab, sqlNodeScript, sqlString, type Lab } from './lab';

let lab: Lab;
before(async () => {
  lab = await openLab();
});
after(async () => {
  await lab.close();
});

/** An attempt: its SQL (made with the lab, for its paths) and what the refusal must say. */
interface Attempt {
  name: string;
  sql: (lab: Lab) => string;
  refused: RegExp;
}

const copyTo = (lab: Lab, name: string) => `COPY (SELECT 'owned') TO ${sqlString(lab.canaryPath(name))}`;
const secret = (lab: Lab) => sqlString(lab.secretFile);
const SECOND_COPY = /only one statement can run at a time; a second one \(COPY\) starts (at line \d+, column \d+|here)$/;

const HIDDEN_STATEMENTS: Attempt[] = [
  { name: 'a dollar-quoted string holding a quote', sql: (l) => `SELECT $$'$$ AS a; ${copyTo(l, 'd1.csv')}; --'`, refused: SECOND_COPY },
  { name: 'a tagged dollar-quoted string holding a ;', sql: (l) => `SELECT $x$ ; $x$ AS a; ${copyTo(l, 'd2.csv')}`, refused: SECOND_COPY },
  { name: "a lower-case e'' string ending in an escaped backslash", sql: (l) => `SELECT e'\\\\' AS a; ${copyTo(l, 'e1.csv')}; --'`, refused: SECOND_COPY },
  { name: "an E'' string with both escapes ('' and \\')", sql: (l) => `SELECT E'it''s \\' ; ' AS a; ATTACH ${sqlString(l.canaryPath('a.db'))} AS x`, refused: /a second one \(ATTACH\)/ },
  { name: 'a line comment ended by a carriage return', sql: (l) => `SELECT 1 AS a --\r; ${copyTo(l, 'cr.csv')}`, refused: SECOND_COPY },
  { name: 'a nested block comment hiding the SELECT', sql: (l) => `/* /* */ SELECT 1 AS a; */ ${copyTo(l, 'nest.csv')}`, refused: /expected a statement .* but found 'COPY'/ },
  { name: "a U&'' unicode-escape string before a second statement", sql: (l) => `SELECT U&'\\0041' AS a; ${copyTo(l, 'u1.csv')}`, refused: SECOND_COPY },
  { name: 'a U&"" unicode-escape name spelling a path', sql: () => `SELECT * FROM U&"\\002Fetc\\002Fhostname"`, refused: /^line 1:16: extraneous input '&'$/ },
  { name: 'a ; inside a string, then SET', sql: () => `SELECT ';' AS x; SET enable_external_access = true`, refused: /a second one \(SET\)/ },
  { name: 'a ; inside a quoted name, then INSTALL', sql: () => `SELECT 1 AS "x;"; INSTALL httpfs`, refused: /a second one \(INSTALL\)/ },
  { name: 'two statements on two lines', sql: (l) => `SELECT 1\n;\n${copyTo(l, 'two.csv')}`, refused: /a second one \(COPY\) starts at line 3, column 1/ },
];

const STATEMENTS: Attempt[] = [
  { name: 'COPY … TO a file outside', sql: (l) => copyTo(l, 'copy.csv'), refused: /expected a statement .* but found 'COPY'/ },
  { name: 'COPY … TO a path relative to the working folder', sql: (l) => `COPY (SELECT 1) TO '${l.token}-rel.csv'`, refused: /found 'COPY'/ },
  { name: 'ATTACH', sql: (l) => `ATTACH ${sqlString(l.canaryPath('x.db'))} AS x`, refused: /found 'ATTACH'/ },
  { name: 'INSTALL', sql: () => 'INSTALL httpfs', refused: /found 'INSTALL'/ },
  { name: 'LOAD', sql: () => 'LOAD httpfs', refused: /^line 1:1: LOAD is not supported by the local engine$/ },
  { name: 'PRAGMA', sql: () => 'PRAGMA enable_profiling', refused: /found 'PRAGMA'/ },
  { name: 'SET', sql: () => 'SET enable_external_access = true', refused: /SET is not supported by the local engine/ },
  { name: 'EXPORT DATABASE', sql: (l) => `EXPORT DATABASE ${sqlString(l.canaryPath('export'))}`, refused: /EXPORT is not supported by the local engine/ },
  { name: 'IMPORT DATABASE', sql: (l) => `IMPORT DATABASE ${sqlString(l.canary)}`, refused: /IMPORT is not supported by the local engine/ },
  { name: 'CALL', sql: (l) => `CALL read_text(${secret(l)})`, refused: /CALL is not supported by the local engine/ },
  { name: 'CHECKPOINT', sql: () => 'CHECKPOINT', refused: /found 'CHECKPOINT'/ },
  { name: 'CREATE MACRO', sql: (l) => `CREATE MACRO m() AS TABLE SELECT * FROM read_text(${secret(l)})`, refused: /CREATE MACRO is not supported by the local engine/ },
  { name: 'CREATE TEMP TABLE', sql: (l) => `CREATE TEMP TABLE t AS SELECT * FROM read_text(${secret(l)})`, refused: /CREATE TEMP is not supported by the local engine/ },
  { name: 'CREATE SECRET', sql: () => `CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')`, refused: /CREATE SECRET is not supported by the local engine/ },
  { name: 'WITH … INSERT (DuckDB reads it as an INSERT)', sql: () => `WITH x AS (SELECT 1 AS a) INSERT INTO customer_landing SELECT * FROM x`, refused: /^line 1:27: mismatched input 'INSERT'/ },
];

const FUNCTIONS: Attempt[] = [
  { name: 'query() runs SQL text', sql: (l) => `SELECT * FROM query('SELECT content FROM read_text(' || ${sqlString(sqlString(l.secretFile))} || ')')`, refused: /^line 1:\d+: mismatched input/ },
  { name: 'query_table()', sql: () => `SELECT * FROM query_table('customer_landing')`, refused: /^line 1:27: mismatched input/ },
  { name: 'json_execute_serialized_sql()', sql: () => `SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 42'))`, refused: /^line 1:43: extraneous input 'json_serialize_sql'/ },
  { name: 'sniff_csv()', sql: (l) => `SELECT * FROM sniff_csv(${secret(l)})`, refused: /^line 1:25: mismatched input/ },
  { name: 'parquet_metadata()', sql: (l) => `SELECT * FROM parquet_metadata(${secret(l)})`, refused: /^line 1:\d+: mismatched input/ },
  { name: 'read_blob()', sql: (l) => `SELECT content FROM read_blob(${secret(l)})`, refused: /^line 1:31: mismatched input/ },
  { name: 'read_duckdb()', sql: (l) => `SELECT * FROM read_duckdb(${sqlString(l.canaryPath('x.db'))})`, refused: /^line 1:\d+: mismatched input/ },
  { name: 'glob() of a relative pattern', sql: () => `SELECT * FROM glob('*')`, refused: /^line 1:20: mismatched input/ },
  { name: 'a file read from a scalar subquery', sql: (l) => `SELECT (SELECT max(content) FROM read_text(${secret(l)})) AS x`, refused: /^line 1:\d+: mismatched input '\('/ },
  { name: 'a file read inside UNNEST (an allowed table function)', sql: (l) => `SELECT * FROM unnest((SELECT list(content) FROM read_text(${secret(l)})))`, refused: /^line 1:\d+: mismatched input '\('/ },
  { name: 'a file read in a LATERAL join', sql: () => `SELECT * FROM customer_landing c, LATERAL (SELECT * FROM read_text(c.email))`, refused: /^line 1:67: mismatched input '\('/ },
  { name: 'a file of the data folder itself (the catalog)', sql: (l) => `SELECT content FROM read_text(${sqlString(path.join(l.root, '.lakehouse', 'catalog.json'))})`, refused: /^line 1:\d+: mismatched input/ },
  { name: 'getenv()', sql: () => `SELECT getenv('HOME')`, refused: /^line 1:8: Function 'getenv' not registered$/ },
  { name: 'current_setting()', sql: () => `SELECT current_setting('allowed_directories')`, refused: /^line 1:8: Function 'current_setting' not registered$/ },
  { name: 'duckdb_settings()', sql: () => `SELECT * FROM duckdb_settings()`, refused: /^line 1:31: mismatched input '\)'/ },
  { name: 'which_secret()', sql: () => `SELECT * FROM which_secret('s3://b/k', 's3')`, refused: /^line 1:\d+: mismatched input/ },
  { name: 'range() as a table (a DuckDB table function Athena does not have)', sql: () => `SELECT * FROM range(3)`, refused: /^line 1:21: mismatched input '3'/ },
  { name: 'setseed()', sql: () => `SELECT setseed(0.5)`, refused: /^line 1:8: Function 'setseed' not registered$/ },
];

const TABLES: Attempt[] = [
  { name: "a file as a table name in quotes ('…')", sql: (l) => `SELECT * FROM ${secret(l)}`, refused: /^line 1:15: mismatched input/ },
  { name: 'a file as a quoted name ("…")', sql: (l) => `SELECT * FROM "${l.secretFile}"`, refused: /^line 1:15: Table lab\..*secret-.* does not exist$/ },
  { name: 'a glob as a table name', sql: (l) => `SELECT * FROM '${l.canary}/*.csv'`, refused: /^line 1:15: mismatched input/ },
  { name: 'a name in three parts (DuckDB tries it as a file)', sql: () => 'SELECT * FROM lab.secret.csv', refused: /^line 1:15: the catalog 'lab' \(the local engine has the AwsDataCatalog only\) is not supported by the local engine \(Athena has it\)$/ },
  { name: "DuckDB's system view duckdb_views", sql: () => 'SELECT sql FROM duckdb_views', refused: /^line 1:17: Table lab\.duckdb_views does not exist$/ },
  { name: "DuckDB's information_schema (Athena's is the catalog's)", sql: () => 'SELECT * FROM information_schema.key_column_usage', refused: /^line 1:15: Table information_schema\.key_column_usage does not exist$/ },
  { name: 'pg_catalog', sql: () => 'SELECT * FROM pg_catalog.pg_settings', refused: /^line 1:15: Database pg_catalog does not exist$/ },
  { name: "the engine's results of other queries", sql: () => 'SELECT * FROM __lakehouse_results.r_0', refused: /^line 1:15: Database __lakehouse_results does not exist$/ },
  { name: 'SUMMARIZE inside a query', sql: (l) => `SELECT * FROM (SUMMARIZE SELECT * FROM read_text(${secret(l)}))`, refused: /^line 1:26: mismatched input 'SELECT'/ },
  { name: 'DESCRIBE inside a query', sql: () => 'SELECT * FROM (DESCRIBE customer_landing)', refused: /^line 1:16: mismatched input 'DESCRIBE'/ },
];

const CARRIERS: Attempt[] = [
  { name: 'CTAS of a file', sql: (l) => `CREATE TABLE t1 AS SELECT * FROM read_csv(${secret(l)})`, refused: /^line 1:43: mismatched input/ },
  { name: "CTAS hiding a COPY after an E'' string", sql: (l) => `CREATE TABLE t2 AS SELECT E'\\'' AS a; ${copyTo(l, 'ctas.csv')}; --'`, refused: SECOND_COPY },
  {
    name: "CTAS's write_compression closing the COPY options",
    sql: (l) => `CREATE TABLE t3 WITH (format = 'PARQUET', write_compression = 'zstd); copy (select 1) to ''${l.token}-c.csv''; --') AS SELECT 1 AS a`,
    refused: /Parquet compression 'zstd\); copy .*' is not supported by the local engine/,
  },
  { name: 'INSERT of a file', sql: (l) => `INSERT INTO customer_landing SELECT content, content, 1 FROM read_text(${secret(l)})`, refused: /^line 1:72: mismatched input/ },
  { name: 'EXPLAIN of a file read', sql: (l) => `EXPLAIN SELECT * FROM read_text(${secret(l)})`, refused: /^line 1:33: mismatched input/ },
  { name: 'EXPLAIN ANALYZE of a glob', sql: (l) => `EXPLAIN ANALYZE SELECT * FROM glob('${l.canary}/*')`, refused: /^line 1:\d+: mismatched input/ },
  { name: 'CREATE VIEW over query()', sql: () => `CREATE VIEW v1 AS SELECT * FROM query('SELECT 1')`, refused: /^line 1:39: mismatched input/ },
  { name: 'CREATE VIEW with a second statement after its query', sql: (l) => `CREATE VIEW v2 AS (SELECT 1 AS a); ${copyTo(l, 'view.csv')}`, refused: SECOND_COPY },
];

for (const [group, attempts] of [
  ['statements hidden by quoting DuckDB reads its own way', HIDDEN_STATEMENTS],
  ['DuckDB statements that touch files or the engine', STATEMENTS],
  ['DuckDB functions that read files, run SQL or read the engine', FUNCTIONS],
  ['files and DuckDB catalogs as table names', TABLES],
  ['queries carried by CTAS, INSERT, EXPLAIN and CREATE VIEW', CARRIERS],
] as const) {
  describe(group, () => {
    for (const a of attempts)
      test(a.name, async () => {
        assertRefused(await lab.attempt(a.sql(lab)), a.refused);
        await lab.assertUntouched();
      });
  });
}

describe('the text of a view in the catalog (a catalog.json anyone could have written)', () => {
  const evilView = async (name: string, viewText: string) => {
    await lab.target.catalog.putTable(
      {
        database: DATABASE,
        name,
        tableType: 'VIRTUAL_VIEW',
        storage: { columns: [{ name: 'content', type: 'string' }], location: '', serde: { serializationLibrary: '', parameters: {} } },
        partitionKeys: [],
        parameters: { presto_view: 'true' },
        viewText,
      },
      { replace: true },
    );
  };

  test('a view reading a file: refused when a query binds it, naming the view and the function', async () => {
    await evilView('v_file', `SELECT content FROM read_text(${secret(lab)})`);
    assertRefused(await lab.attempt('SELECT * FROM v_file'), /^view lab\.v_file \(its SQL in the catalog\): line 1:31: mismatched input ''…''$/);
    await lab.assertUntouched();
  });

  test('a view defining a macro', async () => {
    await evilView('v_macro', `CREATE MACRO m() AS TABLE SELECT * FROM read_text(${secret(lab)})`);
    assertRefused(await lab.attempt('SELECT * FROM v_macro'), /^view lab\.v_macro \(its SQL in the catalog\): line 1:8: mismatched input 'MACRO'/);
    await lab.assertUntouched();
  });

  test('a view with a second statement', async () => {
    await evilView('v_two', `SELECT 1 AS content; ${copyTo(lab, 'v2.csv')}`);
    assertRefused(await lab.attempt('SELECT * FROM v_two'), /^view lab\.v_two \(its SQL in the catalog\): line 1:22: extraneous input 'COPY'/);
    await lab.assertUntouched();
  });

  test('a view read by a job refuses the same way', async () => {
    await evilView('v_job', `SELECT content FROM read_text(${secret(lab)})`);
    const script = sqlNodeScript('select * from customers').replace('table_name="customer_landing"', 'table_name="v_job"');
    const run = await lab.runScript('view_job', script);
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage!, /view lab\.v_job \(its SQL in the catalog\): line 1:31: mismatched input ''…''/);
    await lab.assertUntouched();
  });
});

describe('a Glue SQL Query node', () => {
  const queryLine = (script: string, start: string) => script.split('\n').findIndex((l) => l.startsWith(start)) + 1;

  test('its query reading a file: the run fails at the script line, naming the function', async () => {
    const script = sqlNodeScript(`select content from read_text(${secret(lab)})`);
    const run = await lab.runScript('node_file', script);
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorMessage, `glue-scripts/node_file.py:${queryLine(script, 'select content')}: SQL Query node SQL Query: [UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve \`read_text\` to a table-valued function.`);
    await lab.assertUntouched();
  });

  test('its query followed by a second statement', async () => {
    const script = sqlNodeScript(`select * from customers;\n${copyTo(lab, 'node2.csv')}`);
    const run = await lab.runScript('node_two', script);
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorMessage, `glue-scripts/node_two.py:${queryLine(script, 'COPY')}: SQL Query node SQL Query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'COPY'`);
    await lab.assertUntouched();
  });

  test("Spark's SQL on a file (json.`path`) is refused by name", async () => {
    const run = await lab.runScript('node_spark_file', sqlNodeScript(`select * from json.\`${lab.secretFile}\``));
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage!, /SQL Query node SQL Query: SQL on a file \(json\.`.*secret-.*`\) is not supported by the local engine \(Spark has it\)/);
    await lab.assertUntouched();
  });

  test('a mapping alias holding SQL (it would be a CTE name): refused as Spark refuses the view name', async () => {
    const alias = `x" AS (SELECT 1)), y AS (SELECT content FROM read_text(${secret(lab).replace(/'/g, "\\'")})) SELECT * FROM y --`;
    const run = await lab.runScript('node_alias', sqlNodeScript('select * from x', `{'${alias}': Customers_node1}`));
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage!, /SQL Query node SQL Query: mapping alias ".*" is not a name Spark can give a view \(createOrReplaceTempView fails on it\)/);
    await lab.assertUntouched();
  });

  test('a mapping alias Spark accepts in backquotes still works (normal use)', async () => {
    const run = await lab.runScript('node_backquoted', sqlNodeScript('select email from `my frame` where sharewithresearchasofdate is not null', '{"`my frame`": Customers_node1}'));
    assert.equal(run.state, 'SUCCEEDED', run.errorMessage);
    assert.equal(run.rowsWritten, 1);
    await lab.assertUntouched();
  });
});

/** A script reading one S3 source and writing one S3 sink, in Glue Studio's shape. */
function s3Script(sourcePath: string, sinkPath: string, sinkFormat = 'json', sinkOptions = ''): string {
  return `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
S3_node1 = glueContext.create_dynamic_frame.from_options(format_options={"multiline": False}, connection_type="s3", format="json", connection_options={"paths": ["${sourcePath}"], "recurse": True}, transformation_ctx="S3_node1")
S3_node2 = glueContext.write_dynamic_frame.from_options(frame=S3_node1, connection_type="s3", format="${sinkFormat}", connection_options={"path": "${sinkPath}", "partitionKeys": []${sinkOptions}}, transformation_ctx="S3_node2")
job.commit()
`;
}

describe('paths, links and options of a project', () => {
  const outside = (l: Lab) => `s3://sec-lab/${'../'.repeat(12)}${l.canary.slice(1)}/`;

  test("a table's LOCATION climbing out of its bucket: refused when read", async () => {
    assert.equal((await lab.attempt(`CREATE EXTERNAL TABLE climb (a string) LOCATION '${outside(lab)}'`)).state, 'SUCCEEDED');
    assertRefused(await lab.attempt('SELECT * FROM climb'), /invalid prefix ".*": "\.\." segments are not allowed/);
    await lab.assertUntouched();
  });

  test("a CTAS's external_location climbing out of its bucket", async () => {
    assertRefused(await lab.attempt(`CREATE TABLE climb2 WITH (external_location = '${outside(lab)}', format = 'JSON') AS SELECT 1 AS a`), /"\.\." segments are not allowed/);
    await lab.assertUntouched();
  });

  test("a job's S3 source and sink paths climbing out of the bucket", async () => {
    const run = await lab.runScript('climb_job', s3Script(outside(lab), `${outside(lab)}out/`));
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage!, /"\.\." segments are not allowed/);
    // the source alone: named with the script's line and the source (it was the bare path error)
    const read = await lab.runScript('climb_read', s3Script(outside(lab), 's3://sec-lab/climb-out/'));
    assert.equal(read.state, 'FAILED');
    assert.match(read.errorMessage!, /^glue-scripts\/climb_read\.py:\d+: S3 source S3_node1 reads s3:\/\/sec-lab\/\.\.\/.*: invalid prefix ".*": "\.\." segments are not allowed$/);
    await lab.assertUntouched();
  });

  test("a symbolic link in a table's folder pointing at the secret is not read", async () => {
    const folder = path.join(lab.root, '.lakehouse', 's3', 'sec-lab', 'linked');
    await fs.mkdir(folder, { recursive: true });
    await fs.symlink(lab.secretFile, path.join(folder, 'data.csv'));
    await fs.symlink(lab.canary, path.join(folder, 'sub'));
    assert.equal((await lab.attempt(`CREATE EXTERNAL TABLE linked (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://sec-lab/linked/'`)).state, 'SUCCEEDED');
    const e = await lab.attempt('SELECT * FROM linked');
    assert.equal(e.state, 'SUCCEEDED', e.error?.message);
    assert.deepEqual((await lab.target.queries.page(e.id)).rows, []);
    await lab.assertUntouched();
  });

  test('a bucket folder that is itself a symbolic link (to a folder outside): CTAS and UNLOAD write nothing there', async () => {
    // (session 14 red team: the bucket folder's real path was trusted, so s3://linked-bucket/ wrote outside)
    await fs.symlink(lab.canary, path.join(lab.root, '.lakehouse', 's3', 'linked-bucket'));
    assertRefused(await lab.attempt(`CREATE TABLE via_link WITH (external_location = 's3://linked-bucket/w/') AS SELECT 1 AS a`), /linked-bucket: its folder is a symbolic link leading out of the data folder/);
    assertRefused(await lab.attempt(`UNLOAD (SELECT 1 AS a) TO 's3://linked-bucket/u/' WITH (format = 'TEXTFILE')`), /linked-bucket: its folder is a symbolic link leading out of the data folder/);
    assert.equal((await lab.attempt(`CREATE EXTERNAL TABLE via_link_read (a string) LOCATION 's3://linked-bucket/'`)).state, 'SUCCEEDED');
    assertRefused(await lab.attempt('SELECT * FROM via_link_read'), /linked-bucket: its folder is a symbolic link leading out of the data folder/);
    await lab.assertUntouched();
  });

  test("a Glue sink's compression closing COPY's options", async () => {
    const options = `, "compression": "snappy); copy (select 1) to '${lab.token}-sink.csv'; --"`;
    const run = await lab.runScript('sink_compression', s3Script('s3://sec-lab/customer/landing/', 's3://sec-lab/pq/', 'parquet', options));
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage!, /Parquet compression 'snappy\); copy .*' is not supported by the local engine/);
    await lab.assertUntouched();
  });

  test("spark.sql in a script is Spark SQL, translated (the guard checks the translation): a COPY fails to parse as on Spark, before anything runs", async () => {
    // (spark.sql is followed since the script reader became an interpreter: its text is an SQL node's query, which the
    // Spark translator parses with Spark's grammar — COPY is no Spark statement — and the read-only guard checks)
    const script = sqlNodeScript('select * from customers').replace('job.commit()', `spark.sql("COPY (SELECT 1) TO '${lab.canaryPath('spark.csv')}'")\njob.commit()`);
    const run = await lab.runScript('spark_sql', script);
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage!, /spark\.sql\(…\) \S+: \[PARSE_SYNTAX_ERROR\] Syntax error at or near 'COPY'/);
    await lab.assertUntouched();
  });
});

describe('an error message quoting a path', () => {
  test('a file named in a DuckDB message (which can quote data) is not read to find its line when it is outside the project', async () => {
    const table = (await lab.target.catalog.table(DATABASE, 'customer_landing'))!;
    const locationOf = (file: string) => lab.target.queries.locationOf(file);
    for (const message of [
      `Invalid Input Error: Malformed JSON in file "${lab.secretFile}", at byte 1`,
      `Conversion Error: Could not convert string 'in file "${lab.secretFile}"' to INT64`,
      `Invalid Input Error: CSV Error on Line: 1\n  file = ${lab.secretFile}\n`,
    ]) {
      // as when binding a table fails: its files are not listed yet, so any file the message names was taken as its
      const e = await diagnoseDataError(message, [table], [], locationOf);
      lab.saw(message, e?.message ?? '');
    }
    await lab.assertUntouched();
  });
});

describe('${variables} of lakehouse.json', () => {
  test('a variable closing a string of the DDL: `tables` stops at the COPY, naming its file and line', async () => {
    const zone = `landing/'; ${copyTo(lab, 'v1.csv')}; --`;
    const other = await openLab({ variables: { zone }, tablesSql: "CREATE EXTERNAL TABLE t (a string)\nLOCATION 's3://sec-lab/${zone}/';\n" }).catch((e: unknown) => e);
    // the lab's own setup runs createTables: it must have failed there, naming the statement
    assert.ok(isLakehouseError(other), String(other));
    assert.match(other.message, /^sql\/tables\.sql:2:\d+: expected a statement .* but found 'COPY'$/);
    await lab.assertUntouched();
  });

  test('a variable holding a second statement in a job query: the run fails, nothing written', async () => {
    const varLab = await openLab({ variables: { cond: `1 = 1; ${copyTo(lab, 'var.csv')}` } });
    try {
      const run = await varLab.runScript('var_job', sqlNodeScript('select * from customers where ${cond}'));
      assert.equal(run.state, 'FAILED');
      assert.match(run.errorMessage!, /SQL Query node SQL Query: \[PARSE_SYNTAX_ERROR\] Syntax error at or near 'COPY'/);
      await varLab.assertUntouched();
      await lab.assertUntouched();
    } finally {
      await varLab.close();
    }
  });
});
