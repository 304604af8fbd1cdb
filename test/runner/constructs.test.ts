/**
 * The local Glue job runner executing every supported construct on small hand-made data
 * (test/fixtures/runner/project/data), with the expected rows worked out by hand from that data.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET, filesUnder, jsonRows, makeProject, parquetRows, rawDuckDb, runOk, sorted, type TestProject } from './harness';

// the fixture data, by hand:
//   customers: Ann (consent 1655564100000, twice), Bob (no consent), Cid (consent 1655564400000)
//   readings:  Ann @…100001 x=1, Ann @…100002 x=-0.5, Bob @…200001 x=0, Cid @…400001 x=2.5 (twice), x=2.75
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const CID = 'cid@example.com';
const SERIAL_ANN = '7b9d2c1e-0a4f-4c1e-9a3b-1f2e3d4c5b6a';
const SERIAL_BOB = '0c4e1f7a-3b2d-4e5f-8a9b-c0d1e2f3a4b5';
const SERIAL_CID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
const CUSTOMER_ROWS = 4;
const READING_ROWS = 6;

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp.close();
});

describe('sources, the SQL Query node and the transforms', () => {
  test('SQL Query node: two mapping aliases, backticks, a double-quoted string, a trailing ";", camelCase names', async () => {
    const run = await runOk(tp, 'sql_node');
    // consenting customers (Ann twice → distinct) joined to their readings at or after the consent
    assert.deepEqual(
      sorted(await jsonRows(tp.dir('out/consented'))),
      sorted([
        { user: ANN, timestamp: 1655564100001, x: 1, name: 'Ann Lee', purpose: 'research' },
        { user: ANN, timestamp: 1655564100002, x: -0.5, name: 'Ann Lee', purpose: 'research' },
        { user: CID, timestamp: 1655564400001, x: 2.5, name: 'Cid Moe', purpose: 'research' },
        { user: CID, timestamp: 1655564400001, x: 2.75, name: 'Cid Moe', purpose: 'research' },
      ]),
    );
    assert.equal(run.rowsRead, CUSTOMER_ROWS + READING_ROWS);
    assert.equal(run.rowsWritten, 4);
    assert.equal(run.errorMessage, undefined);
    assert.ok(run.completedOn && Date.parse(run.completedOn) >= Date.parse(run.startedOn));
  });

  test('a job over tables that queries keep parsed (read twice) writes the same rows and counts the same rows read', async () => {
    const before = sorted(await jsonRows(tp.dir('out/consented')));
    for (const table of ['customer_landing', 'reading_landing'])
      for (let i = 0; i < 2; i++) assert.equal((await tp.target.queries.run(`SELECT * FROM ${table}`, { database: 'shop' })).state, 'SUCCEEDED');
    assert.deepEqual([...tp.target.queries.cachedTables().keys()].sort(), ['"shop"."customer_landing"', '"shop"."reading_landing"']);
    // (the sink appends, as Glue's: the earlier output goes first)
    await tp.target.storage.deletePrefix(BUCKET, 'out/consented/');
    const run = await runOk(tp, 'sql_node');
    assert.deepEqual(sorted(await jsonRows(tp.dir('out/consented'))), before);
    assert.equal(run.rowsRead, CUSTOMER_ROWS + READING_ROWS);
  });

  test('ApplyMapping, DropFields, SelectFields, dropDuplicates, Join on equal keys, DropNullFields, a from_catalog sink', async () => {
    const run = await runOk(tp, 'transforms');
    const rows = await jsonRows(tp.dir('readings/curated'));
    // dropDuplicates(["user", "Timestamp"]) keeps one of Cid's two readings at …400001 (x 2.5 or 2.75)
    const cid = rows.find((r) => r['email'] === CID);
    assert.ok(cid && (cid['x'] === 2.5 || cid['x'] === 2.75), JSON.stringify(cid));
    // ApplyMapping renamed and cast (bigint → string, string → date), sources matched case-insensitively;
    // DropFields dropped "Registered"; DropNullFields dropped last_update (its source does not exist: all NULL)
    // but kept consent_ms (NULL only for Bob); dropDuplicates() merged Ann's two identical customer rows. Join.apply
    // names frame2's `email` (frame1 has one) `.email`, as Glue does: Glue Studio's generated scripts drop such a
    // field as "`.serialNumber`" after a Join on keys of one name (Armando1514/Human-Balance-Analytics-Datalake
    // step_trainer_trusted.py, isemenov2015/udacity-data-engineering-aws-datalake machine_learning_curated.py)
    assert.deepEqual(
      sorted(rows.map((r) => (r['email'] === CID ? { ...r, x: 'either' } : r))),
      sorted([
        { name: 'Ann Lee', email: ANN, birth_date: '1990-01-02', consent_ms: '1655564100000', '.email': ANN, timestamp: 1655564100001, x: 1 },
        { name: 'Ann Lee', email: ANN, birth_date: '1990-01-02', consent_ms: '1655564100000', '.email': ANN, timestamp: 1655564100002, x: -0.5 },
        { name: 'Bob Ray', email: BOB, birth_date: '1985-05-06', consent_ms: null, '.email': BOB, timestamp: 1655564200001, x: 0 },
        { name: 'Cid Moe', email: CID, birth_date: '1979-12-31', consent_ms: '1655564400000', '.email': CID, timestamp: 1655564400001, x: 'either' },
      ]),
    );
    assert.equal(run.rowsRead, CUSTOMER_ROWS + READING_ROWS);
    assert.equal(run.rowsWritten, 4);
    // the sink's catalog table reads what was written, with its declared types
    const q = await tp.target.queries.run('SELECT email, birth_date, x FROM customer_readings WHERE name = \'Bob Ray\'', { database: 'shop' });
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    const page = await tp.target.queries.page(q.id);
    assert.deepEqual(page.rows, [[BOB, '1985-05-06', 0]]);
  });

  test('from_options JSON: UUID- and date-looking strings stay strings; getSink creates the catalog table, then updates it', async () => {
    const run = await runOk(tp, 'devices_to_trusted');
    assert.deepEqual(sorted(await jsonRows(tp.dir('devices/trusted'))), sorted([
      { serialNumber: SERIAL_ANN, firstSeen: '2022-06-18', model: 'A1', sensors: 2 },
      { serialNumber: SERIAL_BOB, firstSeen: '2022-06-19', model: 'B2', sensors: 3 },
      { serialNumber: SERIAL_CID, firstSeen: '2022-07-01', model: 'A1', sensors: null },
    ]));
    assert.equal(run.rowsRead, 3);
    assert.equal(run.rowsWritten, 3);
    const created = await tp.target.catalog.table('shop', 'devices_trusted');
    assert.ok(created, 'getSink with setCatalogInfo creates the table');
    assert.equal(created.storage.location, `s3://${BUCKET}/devices/trusted/`);
    assert.deepEqual(created.storage.columns, [
      { name: 'serialnumber', type: 'string' },
      { name: 'firstseen', type: 'string' },
      { name: 'model', type: 'string' },
      // 2 and 3: whole numbers that fit in 32 bits, an int to Glue's reader (the legislators sample's `seats: int`)
      { name: 'sensors', type: 'int' },
    ]);
    assert.deepEqual(created.partitionKeys, []);
    assert.equal(created.parameters['classification'], 'json');

    // the next version of the job writes other fields: the table's columns follow the data
    await tp.useScript('devices_to_trusted', 'devices_to_trusted_v2');
    await runOk(tp, 'devices_to_trusted');
    assert.deepEqual(sorted(await jsonRows(tp.dir('devices/trusted'))), sorted([
      { serialNumber: SERIAL_ANN, model_code: 'A1', channels: 20 },
      { serialNumber: SERIAL_BOB, model_code: 'B2', channels: 30 },
      { serialNumber: SERIAL_CID, model_code: 'A1', channels: 0 },
    ]));
    const updated = await tp.target.catalog.table('shop', 'devices_trusted');
    assert.deepEqual(updated?.storage.columns, [
      { name: 'serialnumber', type: 'string' },
      { name: 'model_code', type: 'string' },
      // coalesce(sensors, 0) * 10: an int (sensors an int, the literals ints: Spark's int arithmetic)
      { name: 'channels', type: 'int' },
    ]);
    const q = await tp.target.queries.run('SELECT sum(channels) FROM shop.devices_trusted');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    assert.deepEqual((await tp.target.queries.page(q.id)).rows, [[50]]);
  });

  test('from_options Parquet and CSV with a header, Join on different and on equal key names, partitioned Parquet sinks', async () => {
    const run = await runOk(tp, 'owned_devices');
    // devices ⋈ owners (serialNumber = serial): Ann's and Bob's devices; ⋈ models (model = model: the models' model is
    // `.model`, as Glue names a field of frame2 that frame1 has)
    const ann = { serialNumber: SERIAL_ANN, firstSeen: '2022-06-18', model: 'A1', sensors: 2, serial: SERIAL_ANN, owner_email: ANN, since: '2022-06-18', '.model': 'A1', maker: 'Acme', weight_g: 120 };
    const bob = { serialNumber: SERIAL_BOB, firstSeen: '2022-06-19', model: 'B2', sensors: 3, serial: SERIAL_BOB, owner_email: BOB, since: '2022-06-20', '.model': 'B2', maker: 'Bolt', weight_g: 95 };
    const without = (row: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(row).filter(([k]) => k !== key));

    // write_dynamic_frame.from_options with partitionKeys ["maker"]: maker=<value>/ folders, maker not in the files
    const owned = await filesUnder(tp.dir('out/owned'));
    assert.deepEqual([...new Set([...owned.keys()].map((k) => k.split('/')[0]))], ['maker=Acme', 'maker=Bolt']);
    for (const [folder, row] of [['maker=Acme', ann], ['maker=Bolt', bob]] as const) {
      const files = [...owned.keys()].filter((k) => k.startsWith(`${folder}/`));
      assert.ok(files.length > 0 && files.every((f) => f.endsWith('.parquet')), files.join(', '));
      const rows = (await Promise.all(files.map((f) => parquetRows(path.join(tp.dir('out/owned'), f))))).flat();
      assert.deepEqual(rows.map(normalize), [without(row, 'maker')]);
    }

    // getSink with partitionKeys ["Model"] and setCatalogInfo: model=<value>/ folders and catalog partitions
    const byModel = await filesUnder(tp.dir('out/owned_by_model'));
    assert.deepEqual([...new Set([...byModel.keys()].map((k) => k.split('/')[0]))], ['model=A1', 'model=B2']);
    const table = await tp.target.catalog.table('shop', 'owned_devices');
    assert.ok(table);
    assert.deepEqual(table.partitionKeys, [{ name: 'model', type: 'string' }]);
    assert.deepEqual(table.storage.columns.map((c) => c.name), ['serialnumber', 'firstseen', 'sensors', 'serial', 'owner_email', 'since', '.model', 'maker', 'weight_g']);
    assert.equal(table.parameters['classification'], 'parquet');
    assert.deepEqual(
      sorted((table.partitions ?? []).map((p) => ({ values: p.values, location: p.location.replace(/\/?$/, '/') }))),
      [
        { values: ['A1'], location: `s3://${BUCKET}/out/owned_by_model/model=A1/` },
        { values: ['B2'], location: `s3://${BUCKET}/out/owned_by_model/model=B2/` },
      ],
    );
    const q = await tp.target.queries.run('SELECT model, owner_email FROM shop.owned_devices ORDER BY model');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    assert.deepEqual((await tp.target.queries.page(q.id)).rows, [['A1', ANN], ['B2', BOB]]);

    // each sink scans the three sources again (as Spark does without a cache): 3 JSON + 2 CSV + 2 Parquet rows
    assert.equal(run.rowsRead, 2 * (3 + 2 + 2));
    assert.equal(run.rowsWritten, 2 + 2);
  });
});

describe("Spark SQL's arithmetic in the SQL Query node", () => {
  test('`/` divides as floating point (7/2 = 3.5); a division or remainder by zero is NULL (Spark, not ANSI mode)', async () => {
    await runOk(tp, 'arithmetic');
    // readings.json by hand: x = 1, -0.5, 0 (Bob), 2.5, 2.5, 2.75
    const readings: [string, number, number][] = [
      [ANN, 1655564100001, 1],
      [ANN, 1655564100002, -0.5],
      [BOB, 1655564200001, 0],
      [CID, 1655564400001, 2.5],
      [CID, 1655564400001, 2.5],
      [CID, 1655564400001, 2.75],
    ];
    assert.deepEqual(
      sorted(await jsonRows(tp.dir('out/arithmetic'))),
      sorted(readings.map(([user, timestamp, x]) => ({ user, timestamp, x, half: 3.5, neg_half: -3.5, inv: x === 0 ? null : 1 / x, rem: null, irem: null, idiv: null }))),
    );
  });
});

describe('a JSON sink of doubles that are not finite', () => {
  test('writes them as Spark does, as the strings "Infinity", "-Infinity", "NaN" (valid JSON), at any depth', async () => {
    // a Parquet file of the test's own DuckDB, holding ±inf and NaN (DuckDB writes them bare in JSON)
    const file = path.join(tp.root, 'measures.parquet');
    const conn = await (await rawDuckDb()).connect();
    try {
      await conn.run(
        `COPY (SELECT * FROM (VALUES (1, 'inf'::DOUBLE, ['-inf'::DOUBLE, 0.5], {'v': 'nan'::DOUBLE}, 'Infinity or NaN: "NaN"'), (2, 1.25, [], {'v': -2.0}, 'ok'))
           AS t(id, v, vs, s, note)) TO '${file}' (FORMAT parquet)`,
      );
    } finally {
      conn.closeSync();
    }
    await tp.target.storage.put(BUCKET, 'measures/measures.parquet', await fs.readFile(file));
    await runOk(tp, 'parquet_to_json');
    // jsonRows parses every line with JSON.parse: a bare Infinity would fail it
    assert.deepEqual(sorted(await jsonRows(tp.dir('out/measures'))), [
      { id: 1, v: 'Infinity', vs: ['-Infinity', 0.5], s: { v: 'NaN' }, note: 'Infinity or NaN: "NaN"' },
      { id: 2, v: 1.25, vs: [], s: { v: -2 }, note: 'ok' },
    ]);
  });
});

describe("a catalog source with 'ignore.malformed.json'='TRUE'", () => {
  test('reads the malformed lines as rows of NULLs (as the table reads them), and the run log says how many per object', async () => {
    // a.json: lines 2 and 4 malformed; b.json: none (hand-made)
    await tp.target.storage.put(BUCKET, 'lenient/a.json', '{"user":"ann","x":1}\n{"user":"bob",\n{"user":"cid","x":3}\nnot json\n');
    await tp.target.storage.put(BUCKET, 'lenient/b.json', '{"user":"dee","x":4}\n');
    // TBLPROPERTIES ('classification'=…): Glue's ETL jobs need it on a table Athena's DDL made (create-table.md)
    const ddl = `CREATE EXTERNAL TABLE shop.lenient_readings (user string, x double)
      ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('ignore.malformed.json'='TRUE')
      LOCATION 's3://${BUCKET}/lenient/' TBLPROPERTIES ('classification'='json')`;
    assert.equal((await tp.target.queries.run(ddl)).state, 'SUCCEEDED');
    const run = await runOk(tp, 'lenient_copy');
    const rows = await jsonRows(tp.dir('out/lenient'));
    assert.deepEqual(sorted(rows.filter((r) => r['user'] !== null)), [
      { user: 'ann', x: 1 },
      { user: 'cid', x: 3 },
      { user: 'dee', x: 4 },
    ]);
    assert.equal(rows.length, 5);
    const log = await tp.target.jobs.logs('lenient_copy', run.id);
    const nulls = log.filter((l) => /rows of NULLs/.test(l)).map((l) => l.replace(/^\S+ INFO /, ''));
    assert.deepEqual(nulls, [
      `LenientReadings_node1 (line 22): 2 line(s) read as rows of NULLs in s3://${BUCKET}/lenient/a.json (table shop.lenient_readings: blank, not a JSON object, or malformed with ignore.malformed.json)`,
    ]);
  });
});

describe('a CSV sink that updates the catalog', () => {
  test('writes quoted CSV with a header (Glue\'s default) and registers a table that reads it back', async () => {
    await tp.useScript('devices_to_trusted', 'devices_to_trusted_csv');
    try {
      await runOk(tp, 'devices_to_trusted');
      const table = await tp.target.catalog.table('shop', 'devices_trusted');
      assert.equal(table?.storage.serde.serializationLibrary, 'org.apache.hadoop.hive.serde2.OpenCSVSerde');
      assert.equal(table?.parameters['skip.header.line.count'], '1');
      const text = [...(await filesUnder(tp.dir('devices/trusted'))).values()].map((b) => b.toString('utf8')).join('');
      assert.equal(text.split('\n')[0], 'serialNumber,label,sensors');
      // sensors is int, as the data's type (2 and 3); Cid's is NULL, written as an empty field — which Athena's OpenCSVSerDe
      // does not read into a number column ("Does not recognize empty or null values in columns defined as a numeric
      // data type"): the query fails naming the line, as Athena's does
      const failed = await tp.target.queries.run('SELECT serialnumber, label, sensors FROM shop.devices_trusted ORDER BY serialnumber');
      assert.equal(failed.state, 'FAILED');
      assert.match(failed.error!.message, /line \d: HIVE_BAD_DATA: Error parsing field value '' for field 3 \(column sensors int\)/);
      const q = await tp.target.queries.run('SELECT serialnumber, label FROM shop.devices_trusted ORDER BY serialnumber');
      assert.equal(q.state, 'SUCCEEDED', q.error?.message);
      // the commas and quotes inside a value come back as written
      assert.deepEqual((await tp.target.queries.page(q.id)).rows, [
        [SERIAL_BOB, 'B2, "2022-06-19"'],
        [SERIAL_ANN, 'A1, "2022-06-18"'],
        [SERIAL_CID, 'A1, "2022-07-01"'],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)));
    } finally {
      await tp.restoreScript('devices_to_trusted');
    }
  });
});

describe('a CSV source without a header', () => {
  test('names the fields col0, col1, … as Glue does, and reads the first line as data', async () => {
    await tp.target.storage.put(BUCKET, 'owners_raw/owners.csv', `${SERIAL_ANN}|${ANN}|2022-06-18\n${SERIAL_BOB}|${BOB}|2022-06-20\n`);
    const run = await runOk(tp, 'headerless_csv');
    assert.deepEqual(sorted(await jsonRows(tp.dir('out/owners_raw'))), sorted([
      { serial: SERIAL_ANN, owner: ANN, since: '2022-06-18' },
      { serial: SERIAL_BOB, owner: BOB, since: '2022-06-20' },
    ]));
    assert.equal(run.rowsRead, 2);
  });
});

describe('a from_catalog sink on a partitioned table', () => {
  test('writes key=value/ folders and registers the partitions', async () => {
    const run = await runOk(tp, 'catalog_partitioned');
    const files = await filesUnder(tp.dir('out/by_consent'));
    assert.deepEqual([...new Set([...files.keys()].map((k) => k.split('/')[0]))], ['consented=no', 'consented=yes']);
    const rowsIn = async (folder: string) =>
      sorted((await Promise.all([...files.keys()].filter((k) => k.startsWith(`${folder}/`)).map((k) => parquetRows(path.join(tp.dir('out/by_consent'), k))))).flat());
    assert.deepEqual(await rowsIn('consented=no'), [{ email: BOB, name: 'Bob Ray' }]);
    assert.deepEqual(await rowsIn('consented=yes'), sorted([{ email: ANN, name: 'Ann Lee' }, { email: CID, name: 'Cid Moe' }]));
    const table = await tp.target.catalog.table('shop', 'customer_by_consent');
    assert.deepEqual(
      sorted((table?.partitions ?? []).map((p) => ({ values: p.values, location: p.location.replace(/\/?$/, '/') }))),
      [
        { values: ['no'], location: `s3://${BUCKET}/out/by_consent/consented=no/` },
        { values: ['yes'], location: `s3://${BUCKET}/out/by_consent/consented=yes/` },
      ],
    );
    // the table's declared columns are not changed by a from_catalog sink
    assert.deepEqual(table?.storage.columns.map((c) => c.name), ['email', 'name']);
    const q = await tp.target.queries.run('SELECT consented, count(*) FROM shop.customer_by_consent GROUP BY consented ORDER BY consented');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    assert.deepEqual((await tp.target.queries.page(q.id)).rows, [['no', 1], ['yes', 2]]);
    assert.equal(run.rowsRead, CUSTOMER_ROWS);
    assert.equal(run.rowsWritten, 3);
  });
});

describe('rows read', () => {
  test('a filter DuckDB pushes into a Parquet scan still counts every row the scan read', async () => {
    const run = await runOk(tp, 'heavy_models');
    assert.deepEqual(await jsonRows(tp.dir('out/heavy_models')), [{ model: 'A1', maker: 'Acme' }]);
    assert.equal(run.rowsRead, 2); // both models were read; one has weight_g > 100
    assert.equal(run.rowsWritten, 1);
  });
});

describe('purge_s3_path', () => {
  test('deletes what is older than retentionPeriod (default 168 h; 0: everything), never the run\'s own output', async () => {
    const s = tp.target.storage;
    const hoursAgo = async (key: string, h: number) => {
      await s.put(BUCKET, key, '{"a":1}\n');
      const when = new Date(Date.now() - h * 3_600_000);
      await fs.utimes(path.join(tp.dir(''), ...key.split('/')), when, when);
    };
    await hoursAgo('scratch/a.json', 0);
    await hoursAgo('scratch/sub/b.json', 500);
    await hoursAgo('archive/old.json', 8 * 24); // older than the default 168 h
    await hoursAgo('archive/new.json', 6 * 24);
    await hoursAgo('recent/old.json', 3); // retentionPeriod 2
    await hoursAgo('recent/new.json', 1);
    await hoursAgo('out/stale/x.json', 0); // out/ is purged with retentionPeriod 0, and the sink writes inside it
    const run = await runOk(tp, 'purge');
    const left = await s.list(BUCKET, { prefix: '' });
    const keys = left.objects.map((o) => o.key).filter((k) => /^(scratch|archive|recent|out)\//.test(k));
    assert.deepEqual(keys.filter((k) => !k.startsWith('out/customers_copy/')), ['archive/new.json', 'recent/new.json']);
    assert.equal(keys.filter((k) => k.startsWith('out/customers_copy/')).length, 1);
    assert.equal((await jsonRows(tp.dir('out/customers_copy'))).length, CUSTOMER_ROWS);
    const log = (await tp.target.jobs.logs('purge', run.id)).join('\n');
    assert.match(log, /purge \(line 24\): deleted 2 object\(s\) under s3:\/\/runner-test\/scratch\//);
    assert.match(log, /purge \(line 25\): deleted 1 object\(s\) under s3:\/\/runner-test\/archive\//);
    assert.match(log, /purge \(line 26\): deleted 1 object\(s\) under s3:\/\/runner-test\/recent\//);
  });
});

/** Parquet values from the test's DuckDB as JSON: BIGINT arrives as a string. */
function normalize(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) && k !== 'serial' && k !== 'serialNumber' ? Number(v) : v]));
}
