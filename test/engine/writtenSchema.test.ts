/**
 * The columns a DynamicFrame read of a JSON write infers, known from the write (writtenSchema.ts) instead of a
 * `DESCRIBE` over every record: for every write the prediction is checked against that `DESCRIBE`'s answer
 * (runNodes.ts inferJsonColumns, the definition) on the very files written — in the three ways the files are read
 * (an S3 source, a catalog table, spark.read) — for scalar types of every kind, mixed-case names, NULLs, and the
 * writes it must leave to the `DESCRIBE` (decimals, structs, lists, maps, non-finite doubles, a column NULL as far
 * as the scan reads). Then the cache: a read of exactly the files of one write takes the prediction; any other set
 * of files (one more, one fewer, one changed) does not.
 */
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JsonKeyCache } from '../../src/core/targets/local/jsonKeys';
import { JsonSchemaCache } from '../../src/core/targets/local/jsonSchemas';
import { inferJsonColumns } from '../../src/core/targets/local/sourceReads';
import { registerStagedKeys, stageSelect, type StagedWrite, type WriterContext } from '../../src/core/targets/local/writer';
import { SCAN_BYTES, sparkReadOfWritten, writtenJsonColumns } from '../../src/core/targets/local/writtenSchema';
import { JSON_READ_MODES, READ_CONTEXT } from './helpers';

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;
let ctx: WriterContext;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-written-schema-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  conn = await instance.connect();
  // the engine's session: timestamps in UTC
  await conn.run("SET TimeZone = 'UTC'");
  ctx = { conn, stagingRoot: path.join(dir, 'staging'), keyCache: new JsonKeyCache(path.join(dir, 'cache', 'json-keys.json')), localPath: (l) => path.join(dir, 'lake', l.replace(/^s3:\/\//, '')) };
});
after(async () => {
  conn.closeSync();
  instance.closeSync();
  // (the caches' writes in the background done first, as an engine's close waits for them)
  await JsonSchemaCache.flushAll();
  await fs.rm(dir, { recursive: true, force: true });
});

const rc = READ_CONTEXT;
const MODES = JSON_READ_MODES;

async function write(select: string): Promise<{ staged: StagedWrite; files: string[] }> {
  const staged = await stageSelect(ctx, select, { location: 's3://lake/out/', format: 'json' });
  return { staged, files: staged.files.map((f) => path.join(staged.dir, f)) };
}

/**
 * The write's prediction: known at the write (gzipped files), or learnt from the files as they are left, as the
 * first read of them does (jsonSchemas.ts `written`).
 */
async function prediction(staged: StagedWrite): Promise<string | undefined> {
  if (staged.readColumns !== undefined) return staged.readColumns;
  return staged.readColumnsOf === undefined ? undefined : writtenJsonColumns(staged.readColumnsOf, staged.files.map((f) => path.join(staged.dir, f)));
}

/** What the DESCRIBE of every record says, in each way of reading (spark.read's choice fields as strings, as runNodes.ts). */
async function described(files: string[]): Promise<string[]> {
  return Promise.all(
    MODES.map(async ([, mode]) => {
      const c = await inferJsonColumns(conn, files, rc, 'test', 1, false, mode);
      return mode.sparkReader ? c.replace(/: 'JSON'/g, ": 'VARCHAR'") : c;
    }),
  );
}

/** The write's prediction is defined and is what every way of reading the files infers. */
async function predictedAsDescribed(select: string): Promise<string> {
  const { staged, files } = await write(select);
  const predicted = await prediction(staged);
  assert.ok(predicted !== undefined, `no prediction for ${select}`);
  const d = await described(files);
  MODES.forEach(([how, mode], i) => assert.equal(mode.sparkReader ? sparkReadOfWritten(predicted) : predicted, d[i], `${how}: ${select}`));
  return predicted;
}

/** The write makes no prediction (a read describes the files). */
async function notPredicted(select: string): Promise<void> {
  const { staged } = await write(select);
  assert.equal(await prediction(staged), undefined, select);
}

describe('a JSON write knows the columns a DynamicFrame read infers', () => {
  it('integers of every width, floating-point numbers (integral ones too), booleans', async () => {
    const cols = await predictedAsDescribed(
      `SELECT * FROM (VALUES (1::TINYINT, -2::SMALLINT, 3::INTEGER, 9223372036854775807::BIGINT, 255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER, 1.5::FLOAT, 1.0::DOUBLE, true),
        (NULL, NULL, NULL, (-9223372036854775807 - 1)::BIGINT, 0, 0, 0, 3.0::FLOAT, 0.0::DOUBLE, false),
        (0, 0, 0, 0, NULL, NULL, NULL, NULL, -0.0::DOUBLE, NULL),
        (0, 0, 0, 0, 1, 1, 1, 1e38::FLOAT, 1e300::DOUBLE, NULL),
        (0, 0, 0, 0, 1, 1, 1, 1e-38::FLOAT, 1e-300::DOUBLE, NULL),
        (0, 0, 0, 0, 1, 1, 1, 0.1::FLOAT, 123456789012345.0::DOUBLE, NULL)) t(ti, si, i, bi, ut, us, ui, f, d, b)`,
    );
    // Glue's reader: a whole number that fits in 32 bits an int, a larger one a long, a field of both a choice (the
    // legislators sample's `|-- seats: int`; SuperCowPowers/workbench issue #287, "flow_id (int AND long)"): bi holds
    // ±2^63 and 0, ui 4294967295 and 0 — both; every narrower integer column fits
    assert.equal(cols, "'ti': 'INTEGER', 'si': 'INTEGER', 'i': 'INTEGER', 'bi': 'JSON', 'ut': 'INTEGER', 'us': 'INTEGER', 'ui': 'JSON', 'f': 'DOUBLE', 'd': 'DOUBLE', 'b': 'BOOLEAN'");
    // a BIGINT column of values of one size: int, or long
    assert.equal(await predictedAsDescribed(`SELECT i::BIGINT AS small, (i + 2147483648)::BIGINT AS big, (-i - 2147483649)::BIGINT AS neg FROM range(3) r(i)`), "'small': 'INTEGER', 'big': 'BIGINT', 'neg': 'BIGINT'");
  });

  it('text, and what DuckDB writes as text: dates, times, timestamps, intervals, UUIDs, blobs, bits, enums', async () => {
    const cols = await predictedAsDescribed(
      `SELECT * FROM (VALUES ('x', DATE '2020-01-02', TIME '01:02:03', TIMESTAMP '2020-01-01 01:02:03.5', TIMESTAMPTZ '2020-01-01 00:00:00+00', TIMESTAMP_NS '2020-01-01 00:00:00.123456789', TIMESTAMP_MS '2020-01-01 00:00:00.123', TIMESTAMP_S '2020-01-01 00:00:00', INTERVAL 1 DAY, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID, '\\x00ab'::BLOB, '101'::BIT, 'a'::ENUM('a', 'b')),
        ('123', DATE '1970-01-01', TIME '00:00:00', TIMESTAMP '1900-01-01', TIMESTAMPTZ '2030-06-01 12:00:00+02', NULL, NULL, NULL, INTERVAL 3 MONTH, NULL, NULL, NULL, 'b'),
        ('true', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        ('2020-01-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        ('NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        ('', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) t(s, dt, tm, ts, tz, tns, tms, tss, iv, u, bl, bt, e)`,
    );
    assert.match(cols, /^'s': 'VARCHAR', 'dt': 'VARCHAR', .*'e': 'VARCHAR'$/);
    assert.doesNotMatch(cols, /'(BIGINT|DOUBLE|BOOLEAN|DATE|TIMESTAMP|TIME|UUID)'/);
  });

  it('mixed-case names: written and read in lower case, as the catalog names them', async () => {
    const cols = await predictedAsDescribed(`SELECT 'Ann' AS "CustomerName", 7 AS "serialNUMBER", 2.5::DOUBLE AS "X"`);
    assert.equal(cols, "'customername': 'VARCHAR', 'serialnumber': 'INTEGER', 'x': 'DOUBLE'");
  });

  it('a column NULL in every record of a write read to its end: a field of nulls (a string)', async () => {
    const cols = await predictedAsDescribed(`SELECT i, NULL::BIGINT AS n, NULL::DOUBLE AS d, NULL::BOOLEAN AS b, NULL::VARCHAR AS s FROM range(100) r(i)`);
    assert.equal(cols, "'i': 'INTEGER', 'n': 'VARCHAR', 'd': 'VARCHAR', 'b': 'VARCHAR', 's': 'VARCHAR'");
  });

  it('a column whose first value comes after the records the scan reads: left to the DESCRIBE', async () => {
    // records of ~100 bytes: the one value of v lies past the first SCAN_BYTES
    const n = Math.ceil((2 * SCAN_BYTES) / 100);
    const select = `SELECT i::INTEGER AS i, repeat('p', 80) AS pad, CASE WHEN i = ${n - 1} THEN 1.5 END::DOUBLE AS v FROM range(${n}) r(i)`;
    await notPredicted(select);
    // (what the DESCRIBE says: v is a double — a prediction from the first records, NULL only, would be wrong)
    const { files } = await write(select);
    assert.match((await described(files))[0]!, /'v': 'DOUBLE'/);
    // … and a value in the first records: known
    await predictedAsDescribed(`SELECT i::INTEGER AS i, repeat('p', 80) AS pad, CASE WHEN i = 3 THEN 1.5 END::DOUBLE AS v FROM range(${n}) r(i)`);
    // a BIGINT column's values' sizes are read in every record: a long only in the last one makes it a choice
    assert.equal(
      await predictedAsDescribed(`SELECT CASE WHEN i = ${n - 1} THEN 3000000000 ELSE i END::BIGINT AS i, repeat('p', 80) AS pad, 1.5::DOUBLE AS v FROM range(${n}) r(i)`),
      "'i': 'JSON', 'pad': 'VARCHAR', 'v': 'DOUBLE'",
    );
  });

  it("several BIGINT columns' sizes read in one pass: each value counted for its own key, a key ending like another's too", async () => {
    // `x"a` is written as "x\"a": its text ends as a's key does ("a":), after a backslash, not after { or ,
    const select = `SELECT i::BIGINT AS a, (i * 10000000000)::BIGINT AS "x""a", CASE WHEN i % 2 = 0 THEN i ELSE i * 10000000000 END::BIGINT AS "A2", NULL::BIGINT AS n, i::BIGINT AS "b" FROM range(1, 200) r(i)`;
    const predicted = await predictedAsDescribed(select);
    // (what the DESCRIBE of every record says — the definition — for the ints, the longs and the choice)
    assert.match(predicted, /^'a': 'INTEGER', 'x"a': 'BIGINT', 'a2': 'JSON', 'n': 'VARCHAR', 'b': 'INTEGER'$/);
  });

  it("a BIGINT column's sizes read a block of whole lines at a time: records longer than a block, and across blocks' ends", async () => {
    // a record of ~1.5 MB between short ones (the sizes' reads take 1 MiB at a time, grown for a longer line): an
    // int first, a long last
    assert.equal(
      await predictedAsDescribed(`SELECT i::BIGINT AS i, pad FROM (VALUES (1, 0, 'x'), (2, 5, repeat('p', 1500000)), (3, -3000000000, 'y')) t(k, i, pad) ORDER BY k`),
      "'i': 'JSON', 'pad': 'VARCHAR'",
    );
    // ~2.3 MB of short records with the only int near the end: every block read
    const n = 60000;
    assert.equal(
      await predictedAsDescribed(`SELECT CASE WHEN i = ${n - 2} THEN 7 ELSE 1655657266000 + i END::BIGINT AS ts, (i % 3 = 0)::BOOLEAN AS b FROM range(${n}) r(i)`),
      "'ts': 'JSON', 'b': 'BOOLEAN'",
    );
  });

  it('a first value some blocks into the file, past lines cut by the reads and characters of two bytes: known', async () => {
    // records of ~100 bytes with a two-byte character every other byte: the value of v comes ~300 kB in, so the scan
    // reads the file a block at a time, and records (and characters) lie across the blocks' ends
    const n = Math.ceil((2 * SCAN_BYTES) / 100);
    const cols = await predictedAsDescribed(`SELECT i, repeat('é', 40) AS pad, CASE WHEN i = 3000 THEN 1.5 END::DOUBLE AS v FROM range(${n}) r(i)`);
    assert.match(cols, /'v': 'DOUBLE'/);
  });

  it('values whose reading depends on the data: decimals, structs, lists, maps, JSON, huge integers — not predicted', async () => {
    // (a DECIMAL(18,0) of 0 is written `0`, read back as an integer; -5 as -5.0, a double; a map as a struct of its keys)
    for (const select of [
      `SELECT 0::DECIMAL(18,0) AS d UNION ALL SELECT -5::DECIMAL(18,0)`,
      `SELECT 1.50::DECIMAL(5,2) AS d`,
      `SELECT {'a': 1, 'b': NULL} AS s`,
      `SELECT [1, 2] AS l`,
      `SELECT []::INTEGER[] AS l`,
      `SELECT MAP {'k': 1} AS m`,
      `SELECT '{"a":1}'::JSON AS j`,
      `SELECT 170141183460469231731687303715884105727::HUGEINT AS h`,
      `SELECT 18446744073709551615::UBIGINT AS u`,
      `SELECT 1 AS a, [1] AS l`,
    ]) {
      await notPredicted(select);
      // the DESCRIBE still reads them
      const { files } = await write(select);
      assert.ok((await described(files))[0]!.length > 0);
    }
  });

  it('doubles that are not finite (quoted as Spark writes them: a field of numbers and strings) — not predicted', async () => {
    for (const v of ["'inf'::DOUBLE", "'-inf'::DOUBLE", "'nan'::DOUBLE"]) {
      const select = `SELECT 1.5::DOUBLE AS x UNION ALL SELECT ${v}`;
      await notPredicted(select);
      const { files } = await write(select);
      assert.match((await fs.readFile(files[0]!, 'utf8')), /"(-?Infinity|NaN)"/);
      assert.match((await described(files))[0]!, /'x': 'JSON'/);
    }
  });

  it('a write of no rows — not predicted (a read of it says it holds no JSON objects)', async () => {
    await notPredicted('SELECT 1 AS a WHERE false');
  });

  it('the records only (a partitioned write keeps its keys in folder names) — not predicted', async () => {
    const staged = await stageSelect(ctx, 'SELECT 1 AS a, 2 AS p', { location: 's3://lake/part/', format: 'json', partitionKeys: ['p'] });
    assert.equal(await prediction(staged), undefined);
  });

  it('gzip-compressed output: the prediction is what the DESCRIBE of the .gz files says', async () => {
    const staged = await stageSelect(ctx, `SELECT 1 AS a, 'x' AS "B", 2.0::DOUBLE AS c`, { location: 's3://lake/gz/', format: 'json', gzip: true });
    const files = staged.files.map((f) => path.join(staged.dir, f));
    assert.ok(files.every((f) => f.endsWith('.json.gz')));
    assert.equal(staged.readColumns, (await described(files))[0]);
  });
});

describe('the cache of written files', () => {
  /** A JSON write staged, registered and committed (the commit's rename keeps size and mtime); its files where they are committed. */
  async function committed(cacheDir: string, location: string, select: string): Promise<{ staged: StagedWrite; files: string[] }> {
    const w: WriterContext = { ...ctx, keyCache: new JsonKeyCache(path.join(cacheDir, 'json-keys.json')) };
    const staged = await stageSelect(w, select, { location, format: 'json' });
    await registerStagedKeys(w, staged);
    const dest = w.localPath(location);
    await fs.mkdir(dest, { recursive: true });
    const files = await Promise.all(staged.files.map(async (f) => (await fs.rename(path.join(staged.dir, f), path.join(dest, f)), path.join(dest, f))));
    return { staged, files };
  }

  it('answers a read of exactly the files of one write, committed where the write says', async () => {
    const cacheDir = path.join(dir, 'cache-a');
    const { staged, files } = await committed(cacheDir, 's3://lake/a/', `SELECT 1 AS a, 'x' AS b`);
    // the write reads nothing back: what a read infers is learnt from the files at the first read that asks
    assert.equal(staged.readColumns, undefined);
    assert.deepEqual(staged.readColumnsOf, [
      { name: 'a', duckType: 'INTEGER' },
      { name: 'b', duckType: 'VARCHAR' },
    ]);
    const cache = JsonSchemaCache.of(cacheDir);
    const stats = (await JsonSchemaCache.statsOf(files))!;
    const inferred = (await described(files))[0];
    assert.equal(await cache.written(stats), inferred);
    // the same, from the file (a later process; the entries of version 2: whole numbers int or long, jsonSchemas.ts),
    // once its writes in the background are done (an engine waits for them when it closes)
    await cache.flush();
    const text = JSON.parse(await fs.readFile(path.join(cacheDir, 'json-schemas.json'), 'utf8')) as Record<string, { columns: string }>;
    assert.ok(Object.entries(text).some(([k, e]) => k === `written:v2:${files[0]}` && e.columns === inferred));
    assert.ok(!Object.keys(text).some((k) => k.startsWith('written-later:')));

    // one more file: not the write's files
    const other = path.join(path.dirname(files[0]!), 'other.json');
    await fs.writeFile(other, '{"a":1.5,"b":"y"}\n');
    assert.equal(await cache.written((await JsonSchemaCache.statsOf([...files, other]))!), undefined);
    assert.equal(await cache.written((await JsonSchemaCache.statsOf([other, ...files]))!), undefined);
    // a file changed since (its size or time)
    await fs.appendFile(files[0]!, '{"a":"text","b":1}\n');
    assert.equal(await cache.written((await JsonSchemaCache.statsOf(files))!), undefined);
  });

  it('learns nothing from files changed between the write and their first read', async () => {
    const cacheDir = path.join(dir, 'cache-c');
    const { files } = await committed(cacheDir, 's3://lake/c/', `SELECT 1 AS a, 'x' AS b`);
    // a value that would change what is learnt (a long), in a file of the write, before any read
    await fs.appendFile(files[0]!, '{"a":5000000000,"b":"y"}\n');
    const cache = JsonSchemaCache.of(cacheDir);
    assert.equal(await cache.written((await JsonSchemaCache.statsOf(files))!), undefined);
  });

  it('a later process learns the columns of a write no read asked for yet (from the cache file)', async () => {
    const cacheDir = path.join(dir, 'cache-d');
    const { files } = await committed(cacheDir, 's3://lake/d/', `SELECT 5000000000 AS n, 2.5::DOUBLE AS x`);
    await JsonSchemaCache.of(cacheDir).flush();
    const text = JSON.parse(await fs.readFile(path.join(cacheDir, 'json-schemas.json'), 'utf8')) as Record<string, { columns: string }>;
    assert.ok(Object.keys(text).some((k) => k === `written-later:v1:${files[0]}`));
    // another process's cache (a fresh instance over the same file): JsonSchemaCache.of keeps one per folder, so copied
    const copy = path.join(dir, 'cache-d2');
    await fs.mkdir(copy, { recursive: true });
    await fs.copyFile(path.join(cacheDir, 'json-schemas.json'), path.join(copy, 'json-schemas.json'));
    assert.equal(await JsonSchemaCache.of(copy).written((await JsonSchemaCache.statsOf(files))!), (await described(files))[0]);
  });

  it('does not answer for part of a write, or for a file of another write under the same name', async () => {
    const cacheDir = path.join(dir, 'cache-b');
    const cache = JsonSchemaCache.of(cacheDir);
    const a = path.join(dir, 'b1.json');
    const b = path.join(dir, 'b2.json');
    await fs.writeFile(a, '{"a":1}\n');
    await fs.writeFile(b, '{"a":2}\n');
    const stats = (await JsonSchemaCache.statsOf([a, b]))!;
    await cache.registerWritten('w1', stats, "'a': 'BIGINT'");
    assert.equal(await cache.written(stats), "'a': 'BIGINT'");
    assert.equal(await cache.written([...stats].reverse()), "'a': 'BIGINT'");
    assert.equal(await cache.written([stats[0]!]), undefined);
    assert.equal(await cache.written([stats[0]!, stats[0]!]), undefined);
    // b registered again by another write: a and b are no longer one write's files
    await cache.registerWritten('w2', [stats[1]!], "'a': 'BIGINT'");
    assert.equal(await cache.written(stats), undefined);
  });
});
