import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AthenaClient, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { DuckDBInstance } from '@duckdb/node-api';
import { isLakehouseError } from '../../src/core/errors';
import type { CellValue, QueryExecution } from '../../src/core/model';
import { athenaCsvParser, AthenaQueryEngine, athenaCostUsd } from '../../src/core/targets/aws/athena';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { GlueCatalog } from '../../src/core/targets/aws/glueCatalog';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { installAthena } from './fake/athena';
import { installGlueCatalog } from './fake/glueCatalog';
import { FakeAws } from './fake/server';
import { S3RVER_CREDENTIALS, s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

// ---------------------------------------------------------------- the data: 3000 people in 3 JSON files

const ROWS = 3000;
interface Person {
  id: number;
  name: string;
  /** null for every 7th person */
  score: number | null;
  active: boolean;
  city: string;
  zip: number;
  /** absent from the file for every 5th person (NULL in the table) */
  nickname?: string;
}

function person(i: number): Person {
  const p: Person = { id: i, name: `user ${i}`, score: i % 7 === 0 ? null : i * 0.5, active: i % 2 === 0, city: `c${i % 10}`, zip: 1000 + i };
  if (i % 5 !== 0) p.nickname = `n"${i},x`;
  return p;
}

function jsonLine(p: Person): string {
  const o: Record<string, unknown> = { id: p.id, name: p.name, score: p.score, active: p.active, address: { city: p.city, zip: p.zip } };
  if (p.nickname !== undefined) o['nickname'] = p.nickname;
  return JSON.stringify(o);
}

let s3: S3rverHandle;
let fake: FakeAws;
let conn: AwsConnection;
let store: S3ObjectStore;
let engine: AthenaQueryEngine;
let tmp: string;
let dataBytes = 0;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-athena-test-'));
  s3 = await startS3rver();
  fake = await FakeAws.start({ s3Endpoint: s3.endpoint, bucket: 'lake', database: 'stedi' });
  installGlueCatalog(fake);
  installAthena(fake);
  conn = await AwsConnection.open(s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, glue: fake.endpoint, athena: fake.endpoint, logs: fake.endpoint } }));
  store = new S3ObjectStore(conn);
  await store.createBucket('lake');
  for (let f = 0; f < 3; f++) {
    const lines: string[] = [];
    for (let i = f * 1000; i < (f + 1) * 1000; i++) lines.push(jsonLine(person(i)));
    const body = `${lines.join('\n')}\n`;
    dataBytes += Buffer.byteLength(body);
    await store.put('lake', `people/landing/part-${f}.json`, body);
  }
  engine = new AthenaQueryEngine(conn, { workgroup: 'primary', outputLocation: 's3://lake/athena-results/', s3: store, pollMs: { initial: 10, max: 100 } });
});

after(async () => {
  conn?.close();
  await fake?.close();
  await s3?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function run(sql: string, database?: string): Promise<QueryExecution> {
  const started = await engine.start(sql, database !== undefined ? { database } : {});
  assert.equal(started.state, 'QUEUED');
  return engine.wait(started.id);
}

async function succeed(sql: string, database?: string): Promise<QueryExecution> {
  const exec = await run(sql, database);
  assert.equal(exec.state, 'SUCCEEDED', `${sql} → ${exec.state}: ${exec.error?.message}`);
  return exec;
}

const CREATE_PEOPLE = `CREATE EXTERNAL TABLE IF NOT EXISTS stedi.people (
  id bigint,
  name string,
  score double,
  active boolean,
  address struct<city:string,zip:int>,
  nickname string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://lake/people/landing/'
TBLPROPERTIES ('classification' = 'json')`;

describe('Athena on the fake: DDL', () => {
  test('CREATE DATABASE and CREATE EXTERNAL TABLE go to the Glue catalog; their result is empty', async () => {
    const db = await succeed('CREATE DATABASE IF NOT EXISTS stedi');
    assert.equal(db.kind, 'CREATE_DATABASE');
    assert.deepEqual(await engine.page(db.id), { columns: [], rows: [] });
    assert.match(db.outputLocation ?? '', new RegExp(`^s3://lake/athena-results/${db.id}\\.txt$`));

    const t = await succeed(CREATE_PEOPLE);
    assert.equal(t.kind, 'CREATE_TABLE');
    assert.equal(t.statistics?.costUsd, 0, 'DDL is free');
    const table = await new GlueCatalog(conn).table('stedi', 'people');
    assert.equal(table?.storage.location, 's3://lake/people/landing/');
    assert.deepEqual(
      table?.storage.columns.map((c) => `${c.name} ${c.type}`),
      ['id bigint', 'name string', 'score double', 'active boolean', 'address struct<city:string,zip:int>', 'nickname string'],
    );
  });
});

describe('Athena on the fake: SELECT', () => {
  test('typed values and NULLs, header row dropped', async () => {
    const exec = await succeed('SELECT id, name, score, active, address, nickname FROM people WHERE id < 12 ORDER BY id', 'stedi');
    assert.equal(exec.kind, 'QUERY');
    assert.match(exec.outputLocation ?? '', new RegExp(`^s3://lake/athena-results/${exec.id}\\.csv$`));
    const page = await engine.page(exec.id);
    assert.deepEqual(page.columns, [
      { name: 'id', type: 'bigint' },
      { name: 'name', type: 'varchar' },
      { name: 'score', type: 'double' },
      { name: 'active', type: 'boolean' },
      { name: 'address', type: 'row' },
      { name: 'nickname', type: 'varchar' },
    ]);
    const expected: CellValue[][] = [];
    for (let i = 0; i < 12; i++) {
      const p = person(i);
      expected.push([i, `user ${i}`, p.score, i % 2 === 0, `{city=c${i % 10}, zip=${1000 + i}}`, p.nickname ?? null]);
    }
    assert.deepEqual(page.rows, expected);
    assert.equal(page.nextPageToken, undefined);
    // rows are known once the result was read to its end
    assert.equal((await engine.status(exec.id)).statistics?.rows, 12);
  });

  test('a few thousand rows, paged in pages larger than one GetQueryResults call', async () => {
    const exec = await succeed('SELECT id, name, score FROM stedi.people ORDER BY id');
    const before = fake.callsOf('AmazonAthena.GetQueryResults').length;
    const rows: CellValue[][] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await engine.page(exec.id, { maxRows: 1200, ...(token !== undefined ? { pageToken: token } : {}) });
      pages++;
      if (page.nextPageToken !== undefined) assert.equal(page.rows.length, 1200);
      rows.push(...page.rows);
      token = page.nextPageToken;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.equal(rows.length, ROWS);
    for (let i = 0; i < ROWS; i++) assert.deepEqual(rows[i], [i, `user ${i}`, person(i).score], `row ${i}`);
    const calls = fake.callsOf('AmazonAthena.GetQueryResults').slice(before);
    assert.ok(calls.length >= 4, `${calls.length} GetQueryResults calls`);
    for (const c of calls) assert.ok((c.input['MaxResults'] as number) <= 1000);
    assert.equal((await engine.status(exec.id)).statistics?.rows, ROWS);
  });

  test('statistics: data scanned, engine time, the 10 MB minimum cost', async () => {
    const exec = await succeed('SELECT count(*) AS n FROM stedi.people');
    const page = await engine.page(exec.id);
    assert.deepEqual(page.rows, [[ROWS]]);
    const st = exec.statistics!;
    assert.equal(st.bytesScanned, dataBytes);
    assert.ok(dataBytes < 10_000_000);
    assert.equal(st.costUsd, (10_000_000 / 1e12) * 5);
    assert.equal(typeof st.engineMs, 'number');
    assert.equal(typeof st.elapsedMs, 'number');
    assert.equal(st.engine, 'Athena (engine version 3)');
  });

  test('athenaCostUsd: whole MB, 10 MB minimum, $5 per TB', () => {
    assert.equal(athenaCostUsd(0), 0);
    assert.equal(athenaCostUsd(1), 5e-5);
    assert.equal(athenaCostUsd(10_000_000), 5e-5);
    assert.ok(Math.abs(athenaCostUsd(10_000_001) - 5.5e-5) < 1e-15);
    assert.ok(Math.abs(athenaCostUsd(1e12) - 5) < 1e-12);
  });

  test('a failing query: FAILED with the message, line and column', async () => {
    const exec = await run('SELECT id,\n  no_such_column\nFROM stedi.people', undefined);
    assert.equal(exec.state, 'FAILED');
    assert.match(exec.error?.message ?? '', /no_such_column/);
    assert.equal(exec.error?.line, 2);
    assert.equal(exec.error?.column, 3);
    assert.equal(exec.statistics?.costUsd, 0, 'failed queries are free');
    await assert.rejects(engine.page(exec.id), (e) => isLakehouseError(e, 'InvalidInput') && /FAILED/.test(e.message) && /no_such_column/.test(e.message));
  });

  test('a missing table fails naming it', async () => {
    const exec = await run('SELECT * FROM nope_table', 'stedi');
    assert.equal(exec.state, 'FAILED');
    assert.match(exec.error?.message ?? '', /nope_table/);
  });

  test('CTAS writes its files back to S3 and registers the table', async () => {
    const exec = await succeed(
      "CREATE TABLE stedi.people_small WITH (format = 'PARQUET', external_location = 's3://lake/people/small/') AS SELECT id, name FROM stedi.people WHERE id < 100",
    );
    assert.equal(exec.kind, 'CTAS');
    const listed = await store.list('lake', { prefix: 'people/small/' });
    assert.ok(listed.objects.length > 0, 'CTAS output is on S3');
    const count = await succeed('SELECT count(*), max(id) FROM people_small', 'stedi');
    assert.deepEqual((await engine.page(count.id)).rows, [[100, 99]]);
  });
});

describe('Athena on the fake: cancel, export, failures', () => {
  test('aborting wait stops the query (StopQueryExecution) and rejects Cancelled; the query ends CANCELLED', async () => {
    const started = await engine.start('SELECT sum(x * y + z) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z)');
    // wait until the engine has taken it
    let state = started.state;
    while (state !== 'RUNNING') {
      state = (await engine.status(started.id)).state;
      assert.ok(state === 'QUEUED' || state === 'RUNNING', state);
      await new Promise((r) => setTimeout(r, 20));
    }
    const controller = new AbortController();
    const waiting = engine.wait(started.id, { signal: controller.signal });
    controller.abort();
    await assert.rejects(waiting, (e) => isLakehouseError(e, 'Cancelled') && e.message.includes(started.id));
    const stops = fake.callsOf('AmazonAthena.StopQueryExecution');
    assert.equal(stops.length, 1);
    assert.equal(stops[0]!.input['QueryExecutionId'], started.id);
    const final = await engine.wait(started.id);
    assert.equal(final.state, 'CANCELLED');
  });

  test('export streams the result file: CSV as Athena wrote it, JSON lines, Parquet', async () => {
    const exec = await succeed('SELECT id, name, score, active, address, nickname FROM stedi.people WHERE id < 50 ORDER BY id');
    const before = fake.callsOf('AmazonAthena.GetQueryResults').length;

    // CSV: Athena's file byte for byte
    const csvFile = path.join(tmp, 'out.csv');
    await fs.writeFile(csvFile, 'old content');
    const csv = await engine.export(exec.id, { format: 'csv', file: csvFile });
    assert.equal(csv.rows, 50);
    const text = await fs.readFile(csvFile, 'utf8');
    assert.equal(csv.bytes, Buffer.byteLength(text));
    const key = exec.outputLocation!.replace('s3://lake/', '');
    assert.equal(text, (await store.get('lake', key)).toString('utf8'));
    const lines = text.split('\n');
    assert.equal(lines[0], '"id","name","score","active","address","nickname"');
    assert.equal(lines[1], '"0","user 0",,"true","{city=c0, zip=1000}",');
    assert.equal(lines[4], '"3","user 3","1.5","false","{city=c3, zip=1003}","n""3,x"');

    // JSON lines, typed as the grid's cells
    const jsonFile = path.join(tmp, 'out.json');
    const json = await engine.export(exec.id, { format: 'json', file: jsonFile });
    assert.equal(json.rows, 50);
    const objects = (await fs.readFile(jsonFile, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(objects.length, 50);
    objects.forEach((o, i) => {
      const p = person(i);
      assert.deepEqual(o, { id: i, name: p.name, score: p.score, active: p.active, address: `{city=${p.city}, zip=${p.zip}}`, nickname: p.nickname ?? null });
    });

    // Parquet, read back with DuckDB
    const pqFile = path.join(tmp, 'out.parquet');
    const pq = await engine.export(exec.id, { format: 'parquet', file: pqFile });
    assert.equal(pq.rows, 50);
    assert.equal(pq.bytes, (await fs.stat(pqFile)).size);
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${pqFile}')`)).getRowsJson() as string[][];
      assert.deepEqual(described.map((r) => [r[0], r[1]]), [
        ['id', 'BIGINT'],
        ['name', 'VARCHAR'],
        ['score', 'DOUBLE'],
        ['active', 'BOOLEAN'],
        ['address', 'VARCHAR'],
        ['nickname', 'VARCHAR'],
      ]);
      const rows = (await db.runAndReadAll(`SELECT id::INTEGER, name, score, active, address, nickname FROM read_parquet('${pqFile}') ORDER BY id`)).getRowsJson();
      assert.equal(rows.length, 50);
      rows.forEach((r, i) => {
        const p = person(i);
        assert.deepEqual(r, [i, p.name, p.score, p.active, `{city=${p.city}, zip=${p.zip}}`, p.nickname ?? null]);
      });
    } finally {
      db.closeSync();
      instance.closeSync();
    }

    // maxRows, for each format
    for (const format of ['csv', 'json', 'parquet'] as const) {
      const file = path.join(tmp, `limited.${format}`);
      const r = await engine.export(exec.id, { format, file, maxRows: 7 });
      assert.equal(r.rows, 7, format);
    }
    const limited = (await fs.readFile(path.join(tmp, 'limited.csv'), 'utf8')).trimEnd().split('\n');
    assert.equal(limited.length, 8);
    assert.equal(limited[7], lines[7]);

    // the exports read the file, they do not page GetQueryResults (one metadata call of one row each)
    const calls = fake.callsOf('AmazonAthena.GetQueryResults').slice(before);
    assert.ok(calls.every((c) => c.input['MaxResults'] === 1));
    // no temp files left behind
    assert.deepEqual((await fs.readdir(tmp)).filter((f) => f.startsWith('.')), []);
  });

  test('a DDL statement with rows (SHOW TABLES): no header row to drop; export reads its .txt result', async () => {
    const exec = await succeed('SHOW TABLES IN stedi');
    assert.equal(exec.kind, 'SHOW_TABLES');
    assert.match(exec.outputLocation ?? '', /\.txt$/);
    const page = await engine.page(exec.id);
    assert.deepEqual(page.rows, [['people'], ['people_small']]);
    assert.equal(page.columns.length, 1);
    const file = path.join(tmp, 'tables.json');
    const r = await engine.export(exec.id, { format: 'json', file });
    assert.equal(r.rows, 2);
    const name = page.columns[0]!.name;
    assert.deepEqual(
      (await fs.readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as unknown),
      [{ [name]: 'people' }, { [name]: 'people_small' }],
    );
  });

  test('a cancelled export rejects Cancelled and leaves no file', async () => {
    const exec = await succeed('SELECT id FROM stedi.people');
    const controller = new AbortController();
    controller.abort();
    const file = path.join(tmp, 'cancelled.json');
    await assert.rejects(engine.export(exec.id, { format: 'json', file, signal: controller.signal }), (e) => isLakehouseError(e, 'Cancelled'));
    assert.deepEqual((await fs.readdir(tmp)).filter((f) => f.includes('cancelled')), []);
  });

  test('export of a failed query is refused', async () => {
    const exec = await run('SELEC 1');
    assert.equal(exec.state, 'FAILED');
    await assert.rejects(engine.export(exec.id, { format: 'csv', file: path.join(tmp, 'x.csv') }), (e) => isLakehouseError(e, 'InvalidInput') && /FAILED/.test(e.message));
  });

  test('a hanging endpoint fails with Timeout, never spins', async () => {
    const exec = await succeed('SELECT 1 AS one');
    const quick = await AwsConnection.open(
      s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, athena: fake.endpoint }, timeouts: { connectMs: 300, idleMs: 300, requestMs: 300 } }),
    );
    const other = new AthenaQueryEngine(quick, { workgroup: 'primary', outputLocation: 's3://lake/athena-results/', s3: store });
    fake.inject({ operation: 'AmazonAthena.GetQueryExecution', kind: 'hang' });
    try {
      await assert.rejects(other.status(exec.id), (e) => isAwsError(e, 'Timeout') && /athena:GetQueryExecution/.test(e.message));
    } finally {
      fake.clearFaults();
      quick.close();
    }
  });

  test('throttled GetQueryExecution is retried; AccessDenied names the action', async () => {
    const exec = await succeed('SELECT 2 AS two');
    const other = new AthenaQueryEngine(conn, { workgroup: 'primary', outputLocation: 's3://lake/athena-results/', s3: store });
    fake.inject({ operation: 'AmazonAthena.GetQueryExecution', kind: 'throttle', times: 2 });
    assert.equal((await other.status(exec.id)).state, 'SUCCEEDED');
    fake.inject({ operation: 'AmazonAthena.StartQueryExecution', kind: 'access-denied', times: 1 });
    await assert.rejects(engine.start('SELECT 1'), (e) => isAwsError(e, 'AccessDenied') && /athena:StartQueryExecution on workgroup\/primary/.test(e.message));
  });
});

describe('the fake Athena API itself', () => {
  // API reference, StartQueryExecution ClientRequestToken (32–128 characters): a repeated token returns the same
  // QueryExecutionId and creates no query; a changed QueryString with it is an error; without an SDK it is required
  test('ClientRequestToken: required (the SDK fills it in), idempotent, refused with other parameters', async () => {
    const client = new AthenaClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    try {
      const ResultConfiguration = { OutputLocation: 's3://lake/raw/' };
      const token = 'b1f0c8a2-5d1e-4f7a-9c3b-2e6d8a4f1c07';
      const a = await client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 7', ClientRequestToken: token, ResultConfiguration }));
      const starts = fake.callsOf('AmazonAthena.StartQueryExecution').length;
      const b = await client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 7', ClientRequestToken: token, ResultConfiguration }));
      assert.equal(b.QueryExecutionId, a.QueryExecutionId, 'the same execution, no second query');
      assert.equal(fake.callsOf('AmazonAthena.StartQueryExecution').length, starts + 1);
      await assert.rejects(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 8', ClientRequestToken: token, ResultConfiguration })), (e: Error) => e.name === 'InvalidRequestException');
      await assert.rejects(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 7', ClientRequestToken: 'short', ResultConfiguration })), (e: Error) => e.name === 'InvalidRequestException' && /between 32 and 128/.test(e.message));
      // a request built by hand, without the token, fails
      const res = await fetch(fake.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonAthena.StartQueryExecution' },
        body: JSON.stringify({ QueryString: 'SELECT 1', ResultConfiguration }),
      });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { __type: string }).__type, 'InvalidRequestException');
      await engine.wait(a.QueryExecutionId!);
    } finally {
      client.destroy();
    }
  });

  test('an output location is required (from the request or the workgroup); MaxResults above 1000 is refused', async () => {
    const client = new AthenaClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    try {
      await assert.rejects(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })), (e: Error) => e.name === 'InvalidRequestException' && /output location/i.test(e.message));
      const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://lake/raw/' } }));
      await engine.wait(QueryExecutionId!);
      await assert.rejects(client.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 1001 })), (e: Error) => e.name === 'InvalidRequestException');
      const res = await client.send(new GetQueryResultsCommand({ QueryExecutionId }));
      // a SELECT's first row is the header: the column names of the metadata
      const name = res.ResultSet?.ResultSetMetadata?.ColumnInfo?.[0]?.Name;
      assert.equal(res.ResultSet?.ResultSetMetadata?.ColumnInfo?.[0]?.Type, 'integer');
      assert.deepEqual(res.ResultSet?.Rows, [{ Data: [{ VarCharValue: name }] }, { Data: [{ VarCharValue: '1' }] }]);
    } finally {
      client.destroy();
    }
  });
});

describe('athenaCsvParser', () => {
  test('quoted values with quotes, commas and newlines; NULL as an empty unquoted field; any chunking', async () => {
    const text = '"a","b","c"\n"1","x ""y"", z",\n,"","line1\nline2"\n';
    const expected = [
      ['a', 'b', 'c'],
      ['1', 'x "y", z', null],
      [null, '', 'line1\nline2'],
    ];
    for (let size = 1; size <= text.length; size++) {
      const parser = athenaCsvParser();
      const out: (string | null)[][] = [];
      parser.on('data', (r: (string | null)[]) => out.push(r));
      const done = new Promise((resolve, reject) => parser.on('end', resolve).on('error', reject));
      for (let i = 0; i < text.length; i += size) parser.write(Buffer.from(text.slice(i, i + size)));
      parser.end();
      await done;
      assert.deepEqual(out, expected, `chunks of ${size}`);
    }
  });
});
