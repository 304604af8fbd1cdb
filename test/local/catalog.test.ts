import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LakehouseError } from '../../src/core/errors';
import type { CatalogTable } from '../../src/core/model';
import { LocalCatalog } from '../../src/core/targets/local/catalog';
import { isCode } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..');
const catalogModule = path.join(repoRoot, 'src', 'core', 'targets', 'local', 'catalog.ts');

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-catalog-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

let n = 0;
function freshFile(): string {
  return path.join(tmp, `case${++n}`, 'catalog.json');
}


function table(database: string, name: string, location = `s3://stedi-lakehouse/${name}/`): CatalogTable {
  return {
    database,
    name,
    tableType: 'EXTERNAL_TABLE',
    storage: {
      columns: [
        { name: 'customername', type: 'string' },
        { name: 'serialnumber', type: 'string', comment: 'device' },
        { name: 'sharewithresearchasofdate', type: 'bigint' },
      ],
      location,
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      serde: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'case.insensitive': 'TRUE' } },
    },
    partitionKeys: [],
    parameters: { classification: 'json' },
  };
}

/** Starts a child running `code` (TypeScript via tsx); it prints "ready" and waits for a line on stdin. */
function startChild(code: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: repoRoot });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('ready')) resolve();
    });
    child.on('exit', () => resolve());
  });
  const done = new Promise<{ status: number | null; stderr: string }>((resolve) => child.on('exit', (status) => resolve({ status, stderr })));
  return { ready, go: () => child.stdin.write('go\n'), done };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

test('databases and tables persist across instances, with lower-cased names and Glue shape', async () => {
  const file = freshFile();
  const a = new LocalCatalog(file);
  assert.deepEqual(await a.databases(), []);
  await a.createDatabase({ name: 'STEDI', description: 'STEDI lakehouse' });
  await a.putTable(table('Stedi', 'Customer_Landing'));
  await a.putTable(table('stedi', 'accelerometer_landing'));

  const b = new LocalCatalog(file);
  const dbs = await b.databases();
  assert.deepEqual(dbs.map((d) => [d.name, d.description]), [['stedi', 'STEDI lakehouse']]);
  assert.ok(dbs[0].createTime && !Number.isNaN(Date.parse(dbs[0].createTime)));
  assert.deepEqual((await b.tables('STEDI')).map((t) => t.name), ['accelerometer_landing', 'customer_landing']);
  const t = await b.table('stedi', 'CUSTOMER_LANDING');
  assert.ok(t);
  assert.equal(t.database, 'stedi');
  assert.equal(t.name, 'customer_landing');
  assert.deepEqual(t.storage, table('x', 'Customer_Landing').storage);
  assert.deepEqual(t.parameters, { classification: 'json' });
  assert.ok(t.createTime && t.updateTime);
  assert.equal(await b.table('stedi', 'nope'), undefined);
  assert.equal(await b.table('nodb', 'nope'), undefined);
  assert.equal(await b.database('nodb'), undefined);
  // results are copies: changing them changes nothing stored
  t.storage.columns.push({ name: 'x', type: 'int' });
  assert.equal((await b.table('stedi', 'customer_landing'))?.storage.columns.length, 3);
  // the file is plain, readable JSON
  const raw = JSON.parse(await fs.readFile(file, 'utf8'));
  assert.equal(raw.version, 1);
  assert.deepEqual(Object.keys(raw.databases.stedi.tables).sort(), ['accelerometer_landing', 'customer_landing']);
});

test('errors name the database or table', async () => {
  const c = new LocalCatalog(freshFile());
  await assert.rejects(c.tables('stedi'), isCode('EntityNotFound', /^Database stedi not found$/));
  await assert.rejects(c.putTable(table('stedi', 'customer_landing')), isCode('EntityNotFound', /^Database stedi not found$/));
  await assert.rejects(c.dropDatabase('stedi'), isCode('EntityNotFound', /^Database stedi not found$/));
  await c.dropDatabase('stedi', { ifExists: true });
  await c.createDatabase({ name: 'stedi' });
  await assert.rejects(c.createDatabase({ name: 'Stedi' }), isCode('AlreadyExists', /^Database stedi already exists$/));
  await c.createDatabase({ name: 'stedi' }, { ifNotExists: true });
  await assert.rejects(c.dropTable('stedi', 'customer_landing'), isCode('EntityNotFound', /^Table stedi\.customer_landing not found$/));
  await assert.rejects(c.requireTable('stedi', 'customer_landing'), isCode('EntityNotFound', /^Table stedi\.customer_landing not found$/));
  await assert.rejects(c.requireTable('other', 'customer_landing'), isCode('EntityNotFound', /^Database other not found$/));
  await c.dropTable('stedi', 'customer_landing', { ifExists: true });
  await c.putTable(table('stedi', 'customer_landing'));
  await assert.rejects(c.putTable(table('stedi', 'customer_landing')), isCode('AlreadyExists', /^Table stedi\.customer_landing already exists$/));
  // Glue refuses line breaks and control characters, and more than 255 bytes (API_DatabaseInput / API_TableInput)
  await assert.rejects(c.createDatabase({ name: 'bad\nname' }), isCode('InvalidInput', /invalid database name "bad\\nname": it holds a line feed at position 4 \(Glue takes 1 to 255 bytes/));
  await assert.rejects(c.putTable(table('stedi', 'x'.repeat(256))), isCode('InvalidInput', /invalid table name "x{256}": it is 256 bytes long in UTF-8/));
  const broken = table('stedi', 'broken') as unknown as { storage: { columns: unknown[] } };
  broken.storage.columns = [{ name: 'a' }];
  await assert.rejects(c.putTable(broken as unknown as CatalogTable), isCode('InvalidInput', /stedi\.broken: table\.storage\.columns\[0\]\.type must be a non-empty string/));
});

// Names Glue accepts (API_DatabaseInput / API_TableInput: 1-255 bytes of UTF-8 on one line, folded to lower case),
// as real projects use them: hyphenated databases made with `aws glue create-database` (stedi-lake, silver-layer) and
// Glue Studio sinks that name their table with spaces (catalogTableName="step trainer trusted").
test('every name Glue accepts is stored, lower-cased, and read back under it; the file survives a reload', async () => {
  const file = freshFile();
  const c = new LocalCatalog(file);
  for (const db of ['stedi-lake', 'Silver-Layer', 'my lake', 'a.b', 'données']) await c.createDatabase({ name: db });
  assert.deepEqual((await c.databases()).map((d) => d.name).sort(), ['a.b', 'données', 'my lake', 'silver-layer', 'stedi-lake']);
  await c.putTable(table('stedi-lake', 'Step Trainer Trusted'));
  await c.putTable(table('SILVER-LAYER', 'cada-cont/x'));
  assert.equal((await c.table('stedi-lake', 'step trainer trusted'))?.name, 'step trainer trusted');
  assert.equal((await c.table('Stedi-Lake', 'STEP TRAINER TRUSTED'))?.database, 'stedi-lake');
  const again = new LocalCatalog(file);
  assert.deepEqual((await again.tables('silver-layer')).map((t) => t.name), ['cada-cont/x']);
});

test('replace keeps createTime and sets updateTime; ifNotExists leaves the table', async () => {
  const c = new LocalCatalog(freshFile());
  await c.createDatabase({ name: 'stedi' });
  await c.putTable({ ...table('stedi', 't'), createTime: '2024-01-01T00:00:00.000Z' });
  const first = await c.requireTable('stedi', 't');
  assert.equal(first.createTime, '2024-01-01T00:00:00.000Z');
  assert.equal(first.updateTime, '2024-01-01T00:00:00.000Z');
  await c.putTable(table('stedi', 't', 's3://other-bucket/t/'), { ifNotExists: true });
  assert.equal((await c.requireTable('stedi', 't')).storage.location, 's3://stedi-lakehouse/t/');
  await c.putTable({ ...table('stedi', 't', 's3://other-bucket/t/'), partitions: [{ values: ['2024'], location: 's3://other-bucket/t/year=2024/' }] }, { replace: true });
  const replaced = await c.requireTable('stedi', 't');
  assert.equal(replaced.storage.location, 's3://other-bucket/t/');
  assert.equal(replaced.createTime, '2024-01-01T00:00:00.000Z');
  assert.ok(replaced.updateTime && replaced.updateTime > '2024-01-01T00:00:00.000Z');
  assert.deepEqual(replaced.partitions, [{ values: ['2024'], location: 's3://other-bucket/t/year=2024/' }]);
  // replace of a missing table creates it
  await c.putTable(table('stedi', 'u'), { replace: true });
  assert.ok(await c.table('stedi', 'u'));
});

test('replacing a table with the same definition writes nothing and keeps updateTime; a change is written', async () => {
  const file = freshFile();
  const c = new LocalCatalog(file);
  await c.createDatabase({ name: 'stedi' });
  await c.putTable({ ...table('stedi', 't'), createTime: '2024-01-01T00:00:00.000Z' });
  const before = await fs.stat(file);
  const text = await fs.readFile(file, 'utf8');
  // what a job re-writing its sink does: the table as read, put back
  await c.putTable(await c.requireTable('stedi', 't'), { replace: true });
  await c.putTable({ ...table('stedi', 't'), updateTime: '2030-01-01T00:00:00.000Z' }, { replace: true });
  assert.equal(await fs.readFile(file, 'utf8'), text);
  assert.equal((await fs.stat(file)).mtimeMs, before.mtimeMs);
  assert.equal((await c.requireTable('stedi', 't')).updateTime, '2024-01-01T00:00:00.000Z');
  // one column more is an update
  const changed = table('stedi', 't');
  changed.storage.columns.push({ name: 'email', type: 'string' });
  await c.putTable(changed, { replace: true });
  const after = await new LocalCatalog(file).requireTable('stedi', 't');
  assert.deepEqual(after.storage.columns.map((col) => col.name), ['customername', 'serialnumber', 'sharewithresearchasofdate', 'email']);
  assert.ok(after.updateTime && after.updateTime > '2024-01-01T00:00:00.000Z');
});

test('dropDatabase refuses a database with tables unless cascade', async () => {
  const c = new LocalCatalog(freshFile());
  await c.createDatabase({ name: 'stedi' });
  await c.createDatabase({ name: 'other' });
  await c.putTable(table('stedi', 'a'));
  await c.putTable(table('stedi', 'b'));
  await c.putTable(table('other', 'a'));
  await assert.rejects(c.dropDatabase('stedi'), isCode('InvalidInput', /Database stedi is not empty \(2 tables: a, b\).*CASCADE/));
  await c.dropDatabase('stedi', { cascade: true });
  assert.deepEqual((await c.databases()).map((d) => d.name), ['other']);
  await c.createDatabase({ name: 'stedi' });
  assert.deepEqual(await c.tables('stedi'), []);
  assert.equal((await c.tables('other')).length, 1);
});

test('a corrupted or invalid catalog file is reported, never reset', async () => {
  const file = freshFile();
  await fs.mkdir(path.dirname(file), { recursive: true });
  const broken = '{\n  "version": 1,\n  "databases": {\n    "stedi": {\n';
  await fs.writeFile(file, broken);
  const c = new LocalCatalog(file);
  await assert.rejects(c.databases(), (e: unknown) => {
    assert.ok(e instanceof LakehouseError);
    assert.equal(e.code, 'DataError');
    assert.equal(e.detail.file, file);
    assert.ok(e.message.startsWith(file), e.message);
    return true;
  });
  await assert.rejects(c.createDatabase({ name: 'x' }), isCode('DataError'));
  assert.equal(await fs.readFile(file, 'utf8'), broken);

  const bad = { version: 1, databases: { stedi: { name: 'stedi', tables: { t: { ...table('stedi', 't'), storage: { ...table('stedi', 't').storage, location: 42 } } } } } };
  await fs.writeFile(file, JSON.stringify(bad));
  await assert.rejects(c.tables('stedi'), isCode('DataError', /catalog\.json: invalid catalog: databases\.stedi\.tables\.t\.storage\.location must be a string/));
  await fs.writeFile(file, JSON.stringify({ version: 7, databases: {} }));
  await assert.rejects(c.databases(), isCode('DataError', /version 7 was written by a newer/));
  await fs.writeFile(file, '');
  await assert.rejects(c.databases(), isCode('DataError', /empty/));
});

test('reads see changes made through another instance (another process)', async () => {
  const file = freshFile();
  const a = new LocalCatalog(file);
  const b = new LocalCatalog(file);
  await a.createDatabase({ name: 'stedi' });
  assert.deepEqual(await b.tables('stedi'), []); // b caches this state
  await a.putTable(table('stedi', 'one'));
  assert.deepEqual((await b.tables('stedi')).map((t) => t.name), ['one']);
  await a.dropTable('stedi', 'one');
  assert.deepEqual(await b.tables('stedi'), []);
});

test('concurrent writers in two processes lose nothing', async () => {
  const file = freshFile();
  await new LocalCatalog(file).createDatabase({ name: 'stedi' });
  const writer = (tag: string) => `
    const { LocalCatalog } = require(${JSON.stringify(catalogModule)});
    (async () => {
      const c = new LocalCatalog(${JSON.stringify(file)});
      process.stdout.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      process.stdin.pause();
      for (let i = 0; i < 20; i++) {
        await c.putTable({ database: 'stedi', name: '${tag}_' + i, tableType: 'EXTERNAL_TABLE',
          storage: { columns: [{ name: 'i', type: 'int' }], location: 's3://bkt/${tag}/' + i + '/',
            serde: { serializationLibrary: 'x', parameters: {} } }, partitionKeys: [], parameters: {} });
      }
    })().catch((e) => { console.error(e); process.exit(1); });`;
  // both children load first, then start writing at the same moment
  const children = [startChild(writer('p')), startChild(writer('q'))];
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  const results = await Promise.all(children.map((c) => c.done));
  for (const r of results) assert.equal(r.status, 0, r.stderr);
  const names = (await new LocalCatalog(file).tables('stedi')).map((t) => t.name).sort();
  const want = [...Array.from({ length: 20 }, (_, i) => `p_${i}`), ...Array.from({ length: 20 }, (_, i) => `q_${i}`)].sort();
  assert.deepEqual(names, want);
  assert.deepEqual((await fs.readdir(path.dirname(file))).sort(), ['catalog.json']); // no lock or temp file left
});

test('a lock left by a dead process is taken over; a live holder makes writers wait, then fail naming the lock', async () => {
  const file = freshFile();
  const c = new LocalCatalog(file, { lockWaitMs: 50 });
  await c.createDatabase({ name: 'stedi' });
  const lock = `${file}.lock`;
  await fs.writeFile(lock, JSON.stringify({ pid: await deadPid(), token: 'x', acquiredOn: new Date().toISOString() }));
  await c.putTable(table('stedi', 'after_dead_lock'));
  assert.ok(await c.table('stedi', 'after_dead_lock'));
  await assert.rejects(fs.stat(lock), { code: 'ENOENT' });

  await fs.writeFile(lock, JSON.stringify({ pid: process.ppid, token: 'y', acquiredOn: '2030-01-01T00:00:00.000Z' }));
  await assert.rejects(c.putTable(table('stedi', 'blocked')), isCode('InvalidInput', new RegExp(`locked by process ${process.ppid}.*catalog\\.json\\.lock`)));
  assert.equal(await c.table('stedi', 'blocked'), undefined);
  // reads don't need the lock
  assert.equal((await c.tables('stedi')).length, 1);
  await fs.rm(lock);
  await c.putTable(table('stedi', 'unblocked'));
  assert.ok(await c.table('stedi', 'unblocked'));
});

test('many writes from one instance at once are serialised', async () => {
  const c = new LocalCatalog(freshFile());
  await c.createDatabase({ name: 'stedi' });
  await Promise.all(Array.from({ length: 25 }, (_, i) => c.putTable(table('stedi', `t${i}`))));
  assert.equal((await c.tables('stedi')).length, 25);
});

test('a batch stores its changes once, at its end, holding the lock: this instance sees them at once, other processes after', async () => {
  const file = freshFile();
  const c = new LocalCatalog(file);
  const other = new LocalCatalog(file, { lockWaitMs: 30 });
  await c.createDatabase({ name: 'stedi' });
  const before = await fs.stat(file);
  await c.batch(async () => {
    await c.putTable(table('stedi', 'one'));
    await c.putTable(table('stedi', 'two'));
    await c.createDatabase({ name: 'more' });
    await c.batch(async () => c.putTable(table('more', 'nested'))); // a batch in a batch is part of it
    assert.deepEqual((await c.tables('stedi')).map((t) => t.name), ['one', 'two']);
    // the file is as it was; another process reads that, and waits for the lock to write
    assert.equal((await fs.stat(file)).mtimeMs, before.mtimeMs);
    assert.deepEqual(await other.tables('stedi'), []);
    await assert.rejects(other.putTable(table('stedi', 'blocked')), isCode('InvalidInput', /the catalog is locked by process/));
  });
  assert.deepEqual((await other.tables('stedi')).map((t) => t.name), ['one', 'two']);
  assert.deepEqual((await other.tables('more')).map((t) => t.name), ['nested']);
  await other.putTable(table('stedi', 'after'));
  assert.deepEqual((await c.tables('stedi')).map((t) => t.name), ['after', 'one', 'two']);
  await assert.rejects(fs.stat(`${file}.lock`), { code: 'ENOENT' });
});

test('a batch whose work fails stores the changes made before the failure, not the failed one, and passes the error on', async () => {
  const file = freshFile();
  const c = new LocalCatalog(file);
  await c.createDatabase({ name: 'stedi' });
  await assert.rejects(
    c.batch(async () => {
      await c.putTable(table('stedi', 'kept'));
      await c.putTable(table('stedi', 'kept')); // exists: fails, changes nothing
    }),
    isCode('AlreadyExists'),
  );
  assert.deepEqual((await new LocalCatalog(file).tables('stedi')).map((t) => t.name), ['kept']);
  // a batch that changes nothing writes nothing
  const st = await fs.stat(file);
  await c.batch(async () => c.putTable(table('stedi', 'kept'), { ifNotExists: true }));
  assert.equal((await fs.stat(file)).mtimeMs, st.mtimeMs);
});
