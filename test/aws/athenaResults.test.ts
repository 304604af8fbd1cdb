/**
 * What an Athena query costs, kept in check: the grid sorts, filters and exports the result Athena already
 * computed (read once into a local engine — no new query, nothing scanned or billed again); workgroups that
 * enforce their own output location or keep managed results; the scan estimate from the tables' files; and what
 * Athena refuses, refused by the fake Athena too.
 *
 * Sources: Athena bills "$5 per TB of data scanned … a minimum of 10 MB per query" (Athena pricing); a workgroup
 * with EnforceWorkGroupConfiguration overrides client-side settings (API reference, WorkGroupConfiguration); with
 * managed results "A workgroup cannot have the ResultConfiguration$OutputLocation parameter"
 * (ManagedQueryResultsConfiguration) and results are read with GetQueryResults; DML quotes identifiers with double
 * quotes, backticks are DDL's (Athena user guide, "Reserved keywords": "enclose them in backticks (`) in DDL
 * statements … enclose them in double quotes (") in SELECT statements").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLakehouseError } from '../../src/core/errors';
import type { CellValue, QueryExecution } from '../../src/core/model';
import { AthenaQueryEngine } from '../../src/core/targets/aws/athena';
import { AwsConnection } from '../../src/core/targets/aws/connection';
import { GlueCatalog } from '../../src/core/targets/aws/glueCatalog';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { estimateScan, needsConfirmation } from '../../src/core/targets/aws/scanEstimate';
import { installAthena, setAthenaWorkgroup } from './fake/athena';
import { installGlueCatalog } from './fake/glueCatalog';
import { FakeAws } from './fake/server';
import { s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

/** 40 readings, written by the test: the expected rows are computed from these, not by the code under test. */
const READINGS = Array.from({ length: 40 }, (_, i) => ({ id: i, sensor: `s${i % 4}`, value: ((i * 37) % 101) / 4, tags: [`t${i % 3}`], note: i % 5 === 0 ? null : `n${i}` }));

let s3: S3rverHandle;
let fake: FakeAws;
let conn: AwsConnection;
let store: S3ObjectStore;
let tmp: string;
let dataBytes = 0;

function engineFor(workgroup: string, outputLocation = 's3://results-lake/athena-results/'): AthenaQueryEngine {
  return new AthenaQueryEngine(conn, { workgroup, outputLocation, s3: store, pollMs: { initial: 10, max: 100 } });
}

async function succeed(engine: AthenaQueryEngine, sql: string): Promise<QueryExecution> {
  const exec = await engine.wait((await engine.start(sql, { database: 'lab' })).id);
  assert.equal(exec.state, 'SUCCEEDED', `${sql} → ${exec.state}: ${exec.error?.message}`);
  return exec;
}

async function allRows(engine: AthenaQueryEngine, id: string): Promise<CellValue[][]> {
  const rows: CellValue[][] = [];
  let token: string | undefined;
  do {
    const p = await engine.page(id, { maxRows: 7, ...(token ? { pageToken: token } : {}) });
    rows.push(...p.rows);
    token = p.nextPageToken;
  } while (token);
  return rows;
}

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-athena-results-'));
  s3 = await startS3rver();
  fake = await FakeAws.start({ s3Endpoint: s3.endpoint, bucket: 'results-lake', database: 'lab' });
  installGlueCatalog(fake);
  installAthena(fake);
  conn = await AwsConnection.open(s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, glue: fake.endpoint, athena: fake.endpoint, logs: fake.endpoint } }));
  store = new S3ObjectStore(conn);
  await store.ensureBucket('results-lake');
  for (let f = 0; f < 2; f++) {
    const body = READINGS.slice(f * 20, f * 20 + 20).map((r) => JSON.stringify(r)).join('\n') + '\n';
    dataBytes += Buffer.byteLength(body);
    await store.put('results-lake', `readings/part-${f}.json`, body);
  }
  const primary = engineFor('primary');
  await succeed(primary, 'CREATE DATABASE IF NOT EXISTS lab');
  await succeed(
    primary,
    "CREATE EXTERNAL TABLE readings (id bigint, sensor string, value double, tags array<string>, note string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://results-lake/readings/'",
  );
  await succeed(primary, 'CREATE VIEW strong AS SELECT id, value FROM readings WHERE value > 10');
});

after(async () => {
  conn?.close();
  await fake?.close();
  await s3?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('the grid on Athena: sorting, filtering and exporting the result Athena already computed', () => {
  test('sorted and filtered views are computed locally: no new Athena query, nothing billed', async () => {
    const engine = engineFor('primary');
    const base = await succeed(engine, 'SELECT id, sensor, value, note FROM readings');
    const starts = fake.callsOf('AmazonAthena.StartQueryExecution').length;

    const byValue = await engine.view(base.id, { sort: [{ column: 2, direction: 'desc' }], filter: '' });
    assert.equal(byValue.statistics?.costUsd, 0);
    assert.equal(byValue.statistics?.bytesScanned, 0);
    assert.equal(byValue.offsetPaging, true);
    const expected = [...READINGS].sort((a, b) => b.value - a.value || a.id - b.id).map((r) => r.id);
    assert.deepEqual((await allRows(engine, byValue.id)).map((r) => r[0]), expected, 'numbers sorted as numbers (not as text), ties in Athena\'s order');

    // the quick filter: any column's text holds the needle, ignoring case
    const s3rows = await engine.view(base.id, { sort: [{ column: 0, direction: 'asc' }], filter: 'S3' });
    assert.deepEqual((await allRows(engine, s3rows.id)).map((r) => r[0]), READINGS.filter((r) => r.sensor === 's3' || (r.note ?? '').toLowerCase().includes('s3')).map((r) => r.id));

    // NULLs last whichever the direction
    const byNote = await engine.view(base.id, { sort: [{ column: 3, direction: 'asc' }], filter: '' });
    const notes = (await allRows(engine, byNote.id)).map((r) => r[3]);
    assert.deepEqual(notes.slice(-8), Array(8).fill(null));

    assert.equal(fake.callsOf('AmazonAthena.StartQueryExecution').length, starts, 'no new query was started');
    // the result file was read once, for all three views
    assert.equal((await engine.status(byNote.id)).viewOf, base.id);
  });

  test('a view exports as the grid shows it (CSV as Athena writes it), and a sort by an array column is refused by name', async () => {
    const engine = engineFor('primary');
    const base = await succeed(engine, 'SELECT id, tags FROM readings WHERE id < 6');
    const view = await engine.view(base.id, { sort: [{ column: 0, direction: 'desc' }], filter: '' });
    const file = path.join(tmp, 'view.csv');
    const written = await engine.export(view.id, { format: 'csv', file });
    assert.equal(written.rows, 6);
    const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
    assert.equal(lines[0], '"id","tags"');
    assert.equal(lines[1], '"5","[t2]"');
    await assert.rejects(engine.view(base.id, { sort: [{ column: 1, direction: 'asc' }], filter: '' }), (e) => isLakehouseError(e, 'SqlUnsupported') && /sorting by column tags \(array/.test(e.message));
  });
});

describe('workgroups: enforced output location, managed results', () => {
  test('a workgroup that enforces its configuration puts results in its own location; export reads them there', async () => {
    setAthenaWorkgroup(fake, 'enforced', { enforced: true, outputLocation: 's3://results-lake/workgroup-results/' });
    const engine = engineFor('enforced', 's3://results-lake/ours/');
    const exec = await succeed(engine, 'SELECT id FROM readings WHERE id < 3');
    assert.match(exec.outputLocation ?? '', /^s3:\/\/results-lake\/workgroup-results\//);
    const file = path.join(tmp, 'enforced.json');
    assert.equal((await engine.export(exec.id, { format: 'json', file })).rows, 3);
  });

  test('managed results: no output location is sent, none comes back; pages, export and views read GetQueryResults', async () => {
    setAthenaWorkgroup(fake, 'managed', { managed: true });
    const engine = engineFor('managed');
    const exec = await succeed(engine, 'SELECT id, sensor FROM readings WHERE id < 25');
    const sent = fake.callsOf('AmazonAthena.StartQueryExecution').at(-1)!.input;
    assert.equal(sent['ResultConfiguration'], undefined, 'a managed workgroup refuses an output location');
    assert.equal(exec.outputLocation, undefined);
    const file = path.join(tmp, 'managed.csv');
    assert.equal((await engine.export(exec.id, { format: 'csv', file })).rows, 25);
    const view = await engine.view(exec.id, { sort: [{ column: 0, direction: 'desc' }], filter: '' });
    assert.equal((await allRows(engine, view.id))[0]![0], 24);
  });

  test('the fake refuses an output location in a managed workgroup, as Athena does', async () => {
    setAthenaWorkgroup(fake, 'managed2', { managed: true });
    const client = await conn.athena();
    const { StartQueryExecutionCommand } = await import('@aws-sdk/client-athena');
    await assert.rejects(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'managed2', ResultConfiguration: { OutputLocation: 's3://results-lake/x/' } })), /managed query results/);
  });
});

describe('the scan estimate: the files of every table a query reads', () => {
  test('a table: the total size of the files under its LOCATION; a view: its tables\'', async () => {
    const catalog = new GlueCatalog(conn);
    const direct = await estimateScan('SELECT count(*) FROM readings', 'lab', { catalog, storage: store });
    assert.equal(direct.unread, undefined);
    assert.equal(direct.bytes, dataBytes);
    assert.deepEqual(direct.tables.map((t) => [t.table, t.objects]), [['lab.readings', 2]]);
    const viaView = await estimateScan('WITH s AS (SELECT * FROM strong) SELECT count(*) FROM s', 'lab', { catalog, storage: store });
    assert.equal(viaView.bytes, dataBytes);
    assert.ok(needsConfirmation(direct, dataBytes - 1));
    assert.ok(!needsConfirmation(direct, dataBytes));
  });

  test('no estimate for what cannot be read: a table the catalog does not have, a query the parser refuses', async () => {
    const catalog = new GlueCatalog(conn);
    const missing = await estimateScan('SELECT * FROM nope', 'lab', { catalog, storage: store });
    assert.match(missing.unread ?? '', /lab\.nope is not in the catalog/);
    assert.ok(!needsConfirmation(missing, 0));
    assert.equal(missing.unparsed, undefined, 'the query itself was read');
    // the query itself: no estimate, flagged (the CLI then prints no estimate line, only Athena's own error)
    const typo = await estimateScan('SELEC 1', 'lab', { catalog, storage: store });
    assert.equal(typo.unparsed, true);
    assert.ok(!needsConfirmation(typo, 0));
  });
});

describe('the fake Athena refuses what Athena refuses', () => {
  test('backticks in a SELECT (DML quotes identifiers with double quotes)', async () => {
    const engine = engineFor('primary');
    const exec = await engine.wait((await engine.start('SELECT `id` FROM readings', { database: 'lab' })).id);
    assert.equal(exec.state, 'FAILED');
  });

  // DuckDB's own functions are not Athena's: the Athena SQL translator fails them as Athena does (Function '…' not registered)
  test('DuckDB-only functions (list_value, strftime) are refused', async () => {
    const engine = engineFor('primary');
    for (const sql of ['SELECT list_value(1, 2)', "SELECT strftime(now(), '%Y')"]) {
      const exec = await engine.wait((await engine.start(sql, { database: 'lab' })).id);
      assert.equal(exec.state, 'FAILED', sql);
      assert.match(exec.error?.message ?? '', /^FUNCTION_NOT_FOUND: .*not registered/, sql);
    }
  });

  // Trino's error names (io.trino.spi.StandardErrorCode): a parse error is SYNTAX_ERROR (ParsingException), and
  // "column" in a position ("line 1, column 11") is not COLUMN_NOT_FOUND — the fake said so of two statements
  test('the error names: SYNTAX_ERROR for a second statement, COLUMN_NOT_FOUND for an unknown column', async () => {
    const engine = engineFor('primary');
    const two = await engine.wait((await engine.start('SELECT 1; SELECT 2', { database: 'lab' })).id);
    assert.equal(two.state, 'FAILED');
    assert.match(two.error?.message ?? '', /^SYNTAX_ERROR: /);
    const col = await engine.wait((await engine.start('SELECT nope FROM readings', { database: 'lab' })).id);
    assert.match(col.error?.message ?? '', /^COLUMN_NOT_FOUND: .*Column 'nope' cannot be resolved/);
  });
});
