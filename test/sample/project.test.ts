/**
 * The shipped STEDI project: the DDL parses, the Glue scripts keep to Glue Studio's vocabulary and agree with the
 * DDL, the manifest validates — and the scripts' SQL, run on DuckDB over a generated sample, yields the
 * generator's expected counts and exactly the columns the DDL declares.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseCreateTable } from '../../src/core/sql/ddl';
import { expandVariables, parseManifest, manifestVariables } from '../../src/core/project/manifest';
import type { CatalogTable } from '../../src/core/model';
import { generateStediSample, STEDI_TABLES, stediManifest } from '../../src/core/sample';

const ROOT = path.resolve(__dirname, '..', '..');
const VARS = { database: 'stedi_test', bucket: 'stedi-test-bucket' };
const SINK: Record<string, string> = {
  customer_landing_to_trusted: 'customer_trusted',
  accelerometer_landing_to_trusted: 'accelerometer_trusted',
  customer_trusted_to_curated: 'customer_curated',
  step_trainer_landing_to_trusted: 'step_trainer_trusted',
  machine_learning_curated: 'machine_learning_curated',
};
const JOBS = ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_landing_to_trusted', 'machine_learning_curated'];

async function ddlTables(): Promise<Map<string, CatalogTable>> {
  const tables = new Map<string, CatalogTable>();
  for (const name of (await fs.readdir(path.join(ROOT, 'sql'))).sort()) {
    const file = path.join(ROOT, 'sql', name);
    const { table } = parseCreateTable(expandVariables(await fs.readFile(file, 'utf8'), VARS, file), { file });
    assert.equal(`${table.name}.sql`, name, 'each DDL file is named after its table');
    tables.set(table.name, table);
  }
  return tables;
}

async function script(job: string): Promise<string> {
  const file = path.join(ROOT, 'glue-scripts', `${job}.py`);
  return expandVariables(await fs.readFile(file, 'utf8'), VARS, file);
}

test('the eight DDL files parse into JSON-serde tables at the STEDI layout', async () => {
  const tables = await ddlTables();
  assert.deepEqual([...tables.keys()].sort(), [...STEDI_TABLES].sort());
  const prefix: Record<string, string> = {
    customer_landing: 'customer/landing/', customer_trusted: 'customer/trusted/', customer_curated: 'customer/curated/',
    accelerometer_landing: 'accelerometer/landing/', accelerometer_trusted: 'accelerometer/trusted/',
    step_trainer_landing: 'step_trainer/landing/', step_trainer_trusted: 'step_trainer/trusted/', machine_learning_curated: 'step_trainer/curated/',
  };
  for (const t of tables.values()) {
    assert.equal(t.database, VARS.database);
    assert.equal(t.tableType, 'EXTERNAL_TABLE');
    assert.equal(t.storage.location, `s3://${VARS.bucket}/${prefix[t.name]}`);
    assert.equal(t.storage.serde.serializationLibrary, 'org.openx.data.jsonserde.JsonSerDe');
    assert.equal(t.storage.serde.parameters['case.insensitive'], 'TRUE');
    assert.equal(t.parameters.classification, 'json');
    for (const c of t.storage.columns) assert.equal(c.name, c.name.toLowerCase());
  }
  const types = (t: string): string => tables.get(t)!.storage.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  assert.equal(types('accelerometer_landing'), 'user string, timestamp bigint, x double, y double, z double');
  assert.equal(types('step_trainer_landing'), 'sensorreadingtime bigint, serialnumber string, distancefromobject bigint');
  assert.match(types('customer_landing'), /^customername string, email string, phone string, birthday string, serialnumber string, registrationdate bigint/);
  // trusted and curated zones keep their landing table's columns
  assert.equal(types('customer_trusted'), types('customer_landing'));
  assert.equal(types('customer_curated'), types('customer_landing'));
  assert.equal(types('accelerometer_trusted'), types('accelerometer_landing'));
  assert.equal(types('step_trainer_trusted'), types('step_trainer_landing'));
  assert.equal(types('machine_learning_curated'), 'sensorreadingtime bigint, serialnumber string, distancefromobject bigint, timestamp bigint, x double, y double, z double');
});

test('the scripts keep to the Glue Studio vocabulary, and read and write the DDL tables', async () => {
  const tables = await ddlTables();
  const allowed = [
    /^import sys$/, /^from awsglue\.(transforms|utils|context|job) import /, /^from awsglue import DynamicFrame$/, /^from pyspark\.context import SparkContext$/,
    /^def sparkSqlQuery\(glueContext, query, mapping, transformation_ctx\) -> DynamicFrame:$/,
    /^ {4}for alias, frame in mapping\.items\(\):$/, /^ {8}frame\.toDF\(\)\.createOrReplaceTempView\(alias\)$/,
    /^ {4}result = spark\.sql\(query\)$/, /^ {4}return DynamicFrame\.fromDF\(result, glueContext, transformation_ctx\)$/,
    /^args = getResolvedOptions\(sys\.argv, \['JOB_NAME'\]\)$/, /^sc = SparkContext\(\)$/, /^glueContext = GlueContext\(sc\)$/,
    /^spark = glueContext\.spark_session$/, /^job = Job\(glueContext\)$/, /^job\.init\(args\['JOB_NAME'\], args\)$/,
    /^(\w+) = glueContext\.create_dynamic_frame\.from_catalog\(database="stedi_test", table_name="(\w+)", transformation_ctx="\1"\)$/,
    /^SqlQuery\d+ = """$/,
    /^(\w+) = sparkSqlQuery\(glueContext, query = SqlQuery\d+, mapping = \{("\w+":\w+(, )?)+\}, transformation_ctx = "\1"\)$/,
    /^glueContext\.purge_s3_path\("s3:\/\/stedi-test-bucket\/[\w/]+\/", \{"retentionPeriod": 0\}\)$/,
    /^(\w+) = glueContext\.getSink\(path="s3:\/\/stedi-test-bucket\/[\w/]+\/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=\[\], enableUpdateCatalog=True, transformation_ctx="\1"\)$/,
    /^\w+\.setCatalogInfo\(catalogDatabase="stedi_test",catalogTableName="\w+"\)$/, /^\w+\.setFormat\("json"\)$/, /^\w+\.writeFrame\(\w+\)$/,
    /^job\.commit\(\)$/,
  ];
  for (const job of JOBS) {
    const text = await script(job);
    const outsideSql = text.replace(/"""\n[\s\S]*?\n"""/g, '"""');
    const lines = outsideSql.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    for (const line of lines) assert.ok(allowed.some((re) => re.test(line)) || line === '"""', `${job}.py: unexpected line: ${line}`);
    // one "Script generated for node" comment before each node
    const nodes = lines.filter((l) => /^\w+_node\d+ = /.test(l)).length;
    assert.equal((text.match(/^# Script generated for node [A-Z][\w ]+$/gm) ?? []).length, nodes, `${job}.py: one comment per node`);
    // sources exist; the sink writes its table's location after purging it; the job writes the table named after it
    for (const m of text.matchAll(/table_name="(\w+)"/g)) assert.ok(tables.has(m[1]!), `${job}.py reads unknown table ${m[1]}`);
    const sinkPath = /getSink\(path="([^"]+)"/.exec(text)![1];
    const purged = /purge_s3_path\("([^"]+)"/.exec(text)![1];
    const sinkTable = /catalogTableName="(\w+)"/.exec(text)![1]!;
    assert.equal(purged, sinkPath);
    assert.ok(text.indexOf('purge_s3_path') < text.indexOf('.writeFrame('), 'purged before writing');
    assert.equal(tables.get(sinkTable)?.storage.location, sinkPath);
    assert.equal(sinkTable, SINK[job]);
    assert.match(text, /job\.commit\(\)\n$/);
  }
});

const CAMEL: Record<string, string[]> = {
  customer: ['customerName', 'email', 'phone', 'birthDay', 'serialNumber', 'registrationDate', 'lastUpdateDate', 'shareWithResearchAsOfDate', 'shareWithPublicAsOfDate', 'shareWithFriendsAsOfDate'],
  accelerometer: ['user', 'timestamp', 'x', 'y', 'z'],
  step_trainer: ['sensorReadingTime', 'serialNumber', 'distanceFromObject'],
};
const DUCK_TYPE: Record<string, string> = { string: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE' };

test('the scripts’ SQL, run on DuckDB over a sample, gives the expected counts and the DDL columns', async () => {
  const tables = await ddlTables();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stedi-sql-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', autoinstall_known_extensions: 'false' });
  const con = await instance.connect();
  try {
    const sample = await generateStediSample({ outDir: dir, customers: 200, accelerometerRows: 15_000, seed: 11 });
    // landing tables: the files read with the DDL's types, camelCase keys renamed to the catalog's lower-case names
    for (const [dataset, keys] of Object.entries(CAMEL)) {
      const table = tables.get(`${dataset}_landing`)!;
      const columns = keys.map((k) => {
        const col = table.storage.columns.find((c) => c.name === k.toLowerCase())!;
        return `'${k}': '${DUCK_TYPE[col.type]}'`;
      });
      const glob = path.join(dir, dataset, 'landing', '*.json').replace(/'/g, "''");
      await con.run(`CREATE TABLE ${table.name} AS SELECT ${keys.map((k) => `"${k}" AS ${k.toLowerCase()}`).join(', ')} FROM read_json('${glob}', format = 'newline_delimited', columns = {${columns.join(', ')}})`);
    }
    for (const job of JOBS) {
      const text = await script(job);
      const query = /SqlQuery\d+ = """\n([\s\S]*?)\n"""/.exec(text)![1]!;
      const sink = /catalogTableName="(\w+)"/.exec(text)![1]!;
      await con.run(`CREATE TABLE ${sink} AS ${query}`);
      const described = (await con.runAndReadAll(`DESCRIBE ${sink}`)).getRowObjects().map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
      const declared = tables.get(sink)!.storage.columns.map((c) => `${c.name} ${DUCK_TYPE[c.type]}`);
      assert.deepEqual(described, declared, `${job} writes the columns ${sink}'s DDL declares`);
    }
    for (const t of STEDI_TABLES) {
      const rows = (await con.runAndReadAll(`SELECT count(*) AS n FROM ${t}`)).getRows();
      assert.equal(Number(rows[0]![0]), sample.expected[t], t);
    }
    // the machine-learning table has no customer PII
    const ml = tables.get('machine_learning_curated')!.storage.columns.map((c) => c.name);
    for (const pii of ['user', 'email', 'customername', 'phone', 'birthday']) assert.ok(!ml.includes(pii));
  } finally {
    con.closeSync();
    instance.closeSync();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('stediManifest validates and expands the shipped files', async () => {
  const text = JSON.stringify(stediManifest(), null, 2);
  const m = parseManifest(text);
  // no placeholder role: deploy says to set one up (lakehouse role --create) instead of sending a role that is not there
  assert.equal(m.glue.role, undefined);
  assert.equal(m.glue.timeout, 60);
  // no region: on AWS the profile's or AWS_REGION applies (the AWS CLI's precedence)
  assert.equal(m.regionSetting, undefined);
  assert.equal(m.glue.glueVersion, '4.0');
  assert.equal(m.glue.workerType, 'G.1X');
  assert.equal(m.glue.numberOfWorkers, 2);
  assert.equal(m.glue.defaultArguments['--enable-continuous-cloudwatch-log'], 'true');
  assert.equal(m.glue.defaultArguments['--job-language'], 'python');
  assert.deepEqual(Object.keys(m.datasets).sort(), ['accelerometer', 'customer', 'step_trainer']);
  assert.equal(m.datasets.step_trainer!.curated, 'step_trainer/curated/');
  assert.equal(m.sql, 'sql');
  assert.equal(m.scripts, 'glue-scripts');
  // every DDL location lies in a dataset zone of the manifest; every script expands with the manifest's variables
  const vars = manifestVariables(parseManifest(JSON.stringify(stediManifest({ name: 'demo', bucket: 'my-bucket', database: 'demo_db', region: 'eu-west-1' }))));
  assert.deepEqual([vars.name, vars.bucket, vars.database, vars.region], ['demo', 'my-bucket', 'demo_db', 'eu-west-1']);
  const zones = new Set(Object.values(m.datasets).flatMap((z) => Object.values(z)));
  for (const name of await fs.readdir(path.join(ROOT, 'sql'))) {
    const file = path.join(ROOT, 'sql', name);
    const { table } = parseCreateTable(expandVariables(await fs.readFile(file, 'utf8'), vars, file));
    assert.equal(table.database, 'demo_db');
    assert.ok(zones.has(table.storage.location.replace('s3://my-bucket/', '')), `${name}: ${table.storage.location}`);
  }
  for (const name of await fs.readdir(path.join(ROOT, 'glue-scripts'))) {
    const file = path.join(ROOT, 'glue-scripts', name);
    assert.doesNotMatch(expandVariables(await fs.readFile(file, 'utf8'), vars, file), /\$\{/);
  }
});
