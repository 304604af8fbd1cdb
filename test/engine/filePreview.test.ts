/**
 * A data file's rows as an execution of the local engine (the explorer's object preview, the query history's kept
 * results): JSON lines, CSV as the file's text, Parquet with its own types; a row limit; a file outside the data
 * folder refused by the engine's sandbox. Expected values are the files' contents written here.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CellValue, QueryColumn } from '../../src/core/model';
import { dataFileFormat, startFilePreview } from '../../src/core/targets/local/filePreview';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('fp');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
});
after(async () => {
  await project.cleanup();
});

async function preview(file: string, format: 'jsonl' | 'csv' | 'parquet', maxRows?: number): Promise<{ columns: QueryColumn[]; rows: CellValue[][]; message?: string }> {
  const started = await startFilePreview(t.queries, file, format, { label: path.basename(file), ...(maxRows !== undefined ? { maxRows } : {}), message: 'what it is' });
  const exec = await t.queries.wait(started.id);
  assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
  assert.equal(exec.kind, 'PREVIEW');
  const page = await t.queries.page(exec.id, { maxRows: 1000 });
  return { columns: page.columns, rows: page.rows, ...(exec.message !== undefined ? { message: exec.message } : {}) };
}

describe('data file previews on the local engine', () => {
  it('knows a data file by its name: JSON lines, CSV (also compressed) and Parquet; anything else is not one', () => {
    assert.equal(dataFileFormat('a/b/part-0.json'), 'jsonl');
    assert.equal(dataFileFormat('a/b/part-0.JSONL'), 'jsonl');
    assert.equal(dataFileFormat('x.ndjson.gz'), 'jsonl');
    assert.equal(dataFileFormat('x.csv'), 'csv');
    assert.equal(dataFileFormat('x.csv.gz'), 'csv');
    assert.equal(dataFileFormat('x.parquet'), 'parquet');
    assert.equal(dataFileFormat('x.txt'), undefined);
    assert.equal(dataFileFormat('x.json.bak'), undefined);
    assert.equal(dataFileFormat('parquet'), undefined);
  });

  it('JSON lines: a row per line, a column per key, with JSON\'s types; the message is the execution\'s', async () => {
    const o = await t.storage.put(BUCKET, 'data/people.json', '{"id":1,"name":"Zoë","tags":["a"]}\n{"id":2,"name":null,"tags":[]}\n');
    assert.ok(o);
    const file = t.storage.pathOf(BUCKET, 'data/people.json');
    const r = await preview(file, 'jsonl');
    assert.deepEqual(r.columns.map((c) => c.name), ['id', 'name', 'tags']);
    assert.deepEqual(r.rows.map((row) => [Number(row[0]), row[1]]), [
      [1, 'Zoë'],
      [2, null],
    ]);
    assert.equal(r.message, 'what it is');
  });

  it('JSON lines: a string stays the text written, however it looks (a date, time, timestamp, UUID), at any depth', async () => {
    // RFC 8259 §7: a string is its characters — JSON has no date, time or UUID type. DuckDB's read_json detects them
    // in strings (dateformat/timestampformat 'iso' by default: https://duckdb.org/docs/stable/data/json/loading_json),
    // which showed "2024-01-10T12:34:56" as 2024-01-10 12:34:56 of type timestamp, an upper-case UUID in lower case
    // and "12:00" as 12:00:00.
    const lines = [
      '{"ts":"2024-01-10T12:34:56","d":"2024-01-10","t":"12:00","z":"2024-01-10T12:34:56.5Z","u":"550E8400-E29B-41D4-A716-446655440000","o":{"day":"2024-01-10"},"a":["2024-01-10T00:00:00Z"]}',
      '{"ts":"2024-01-11T01:02:03","d":"2024-01-11","t":"13:00","z":"2024-01-11T00:00:00+02:00","u":"550E8400-E29B-41D4-A716-446655440001","o":{"day":"2024-01-11"},"a":[]}',
    ];
    await t.storage.put(BUCKET, 'data/when.json', lines.join('\n') + '\n');
    const r = await preview(t.storage.pathOf(BUCKET, 'data/when.json'), 'jsonl');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [
      ['ts', 'varchar'],
      ['d', 'varchar'],
      ['t', 'varchar'],
      ['z', 'varchar'],
      ['u', 'varchar'],
      ['o', 'row(day varchar)'],
      ['a', 'array(varchar)'],
    ]);
    assert.deepEqual(r.rows, lines.map((l) => Object.values(JSON.parse(l) as Record<string, unknown>)));
  });

  it('JSON lines: numbers, booleans, objects and arrays keep their JSON types beside a string read as text', async () => {
    // the values expected are JSON.parse's (ECMA-262 §25.5.1): 1.10 is the number 1.1; an integer past 2^53 is kept
    // exactly (a string cell, as the grid shows 64-bit integers a double cannot hold)
    await t.storage.put(BUCKET, 'data/kinds.json', '{"n":9007199254740993,"x":1.10,"b":true,"o":{"k":[1,2],"when":"2024-01-10"},"s":"2024-01-10"}\n');
    const r = await preview(t.storage.pathOf(BUCKET, 'data/kinds.json'), 'jsonl');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [
      ['n', 'bigint'],
      ['x', 'double'],
      ['b', 'boolean'],
      ['o', 'row(k array(bigint), when varchar)'],
      ['s', 'varchar'],
    ]);
    assert.deepEqual(r.rows, [['9007199254740993', 1.1, true, { k: [1, 2], when: '2024-01-10' }, '2024-01-10']]);
  });

  it('JSON lines: keys differing only in case keep DuckDB\'s reading (a, A_1), not a column of NULLs', async () => {
    // a guard of the re-read above: read_json's columns cannot name both "a" and "A" (DuckDB 1.5: Duplicate struct
    // entry name), so such a file is read as DuckDB detects it, the date-looking string as a date (a known limit)
    await t.storage.put(BUCKET, 'data/cases.json', '{"a":1,"A":"2024-01-10"}\n');
    const r = await preview(t.storage.pathOf(BUCKET, 'data/cases.json'), 'jsonl');
    assert.deepEqual(r.columns.map((c) => c.name), ['a', 'A_1']);
    assert.deepEqual(r.rows, [[1, '2024-01-10']]);
  });

  it('CSV: the header names the columns, every value is the file\'s text (leading zeros kept), in the file\'s order', async () => {
    await t.storage.put(BUCKET, 'data/zips.csv', 'zip,city\n01234,Boston\n90210,Beverly Hills\n00501,Holtsville\n');
    const r = await preview(t.storage.pathOf(BUCKET, 'data/zips.csv'), 'csv');
    assert.deepEqual(r.columns.map((c) => c.name), ['zip', 'city']);
    assert.ok(r.columns.every((c) => c.type === 'varchar'), r.columns.map((c) => c.type).join(', '));
    assert.deepEqual(r.rows, [
      ['01234', 'Boston'],
      ['90210', 'Beverly Hills'],
      ['00501', 'Holtsville'],
    ]);
  });

  it('CSV: an empty field is empty text, not NULL; nor is the text NULL or \\N (the file holds no NULL)', async () => {
    // RFC 4180 has no NULL: a field is its characters, none for an empty one, quoted or not (found by a new user,
    // session 12: a customer with an empty name showed NULL in the object's preview, and '' in the table's rows)
    await t.storage.put(BUCKET, 'data/names.csv', 'id,name\nc1,\nc2,""\nc3,NULL\nc4,\\N\n');
    const r = await preview(t.storage.pathOf(BUCKET, 'data/names.csv'), 'csv');
    assert.deepEqual(r.rows, [
      ['c1', ''],
      ['c2', ''],
      ['c3', 'NULL'],
      ['c4', '\\N'],
    ]);
  });

  it('Parquet: the file\'s columns and types; maxRows cuts the rows', async () => {
    const out = path.join(t.dataDir, 'tmp', 'fp-test.parquet');
    await fs.mkdir(path.dirname(out), { recursive: true });
    // Trino's sequence() is of bigint (https://trino.io/docs/current/functions/array.html#sequence)
    const ran = await q(t, 'SELECT x AS n, CAST(x AS varchar) AS s FROM UNNEST(sequence(1, 50)) AS u(x)');
    await t.queries.export(ran.exec.id, { format: 'parquet', file: out });
    const r = await preview(out, 'parquet', 10);
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [
      ['n', 'bigint'],
      ['s', 'varchar'],
    ]);
    assert.equal(r.rows.length, 10);
    assert.deepEqual([Number(r.rows[9]![0]), r.rows[9]![1]], [10, '10']);
  });

  it('an object under key=value folders (a partitioned sink\'s output) shows its own columns, not the folder names as columns', async () => {
    // found by a new user (session 13): a Parquet file Spark's partitionBy("region") wrote under region=apac/ —
    // Spark leaves the partition column out of the data files (https://spark.apache.org/docs/latest/sql-data-sources-parquet.html#partition-discovery)
    // — showed a region column in the object's preview: DuckDB's readers add one per key=value folder by default
    const dir = path.join(t.storage.pathOf(BUCKET, 'part'), 'region=apac', 'day=2024-01-02');
    await fs.mkdir(dir, { recursive: true });
    const ran = await q(t, "SELECT 5 AS order_id, 12.75E0 AS amount");
    await t.queries.export(ran.exec.id, { format: 'parquet', file: path.join(dir, 'part-0.parquet') });
    await t.storage.put(BUCKET, 'part/region=apac/day=2024-01-02/part-0.json', '{"order_id":5,"amount":12.75}\n');
    await t.storage.put(BUCKET, 'part/region=apac/day=2024-01-02/part-0.csv', 'order_id,amount\n5,12.75\n');
    for (const [file, format] of [
      ['part-0.parquet', 'parquet'],
      ['part-0.json', 'jsonl'],
      ['part-0.csv', 'csv'],
    ] as const) {
      const r = await preview(path.join(dir, file), format);
      assert.deepEqual(r.columns.map((c) => c.name), ['order_id', 'amount'], file);
      assert.equal(r.rows.length, 1, file);
    }
  });

  it('a file outside the data folder is refused by the engine\'s sandbox', async () => {
    const outside = path.join(os.tmpdir(), `lh-fp-outside-${process.pid}.csv`);
    await fs.writeFile(outside, 'a\n1\n');
    try {
      const started = await startFilePreview(t.queries, outside, 'csv', { label: 'outside' });
      const exec = await t.queries.wait(started.id);
      assert.equal(exec.state, 'FAILED');
      assert.match(exec.error?.message ?? '', /Permission|Cannot access|not allowed/i);
    } finally {
      await fs.rm(outside, { force: true });
    }
  });
});
