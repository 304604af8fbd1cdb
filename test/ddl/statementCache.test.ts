/**
 * Parsed statements kept across processes (src/core/targets/local/statementCache.ts): a later `lakehouse tables` (a
 * new LocalTarget on the same data folder, or on another one sharing the user's cache) takes the DDL's parse from the
 * cache instead of parsing again, and gets what parseStatement gives; a `.sql` file whose text changed — even with
 * its size and modification time as they were — is parsed again, and a text is never served another text's parse.
 * Expected catalogs come from the DDL the tests write.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import { parseStatement } from '../../src/core/sql/statements';
import { sharedStoreFile } from '../../src/core/targets/local/planStore';
import { StatementCache } from '../../src/core/targets/local/statementCache';
import { loadProject } from '../../src/core/project/manifest';
import { BUCKET, tempProject, type TestProject } from '../engine/helpers';

const BUILD = 'test-build-statements';

/** a JSON table's DDL with one column `v` of type `type` */
const ddl = (table: string, type: string) =>
  `CREATE EXTERNAL TABLE IF NOT EXISTS sc.${table} (\n  id bigint,\n  v ${type}\n)\nROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION 's3://${BUCKET}/${table}/'\nTBLPROPERTIES ('classification' = 'json')\n`;

describe('the statement cache as a store', () => {
  let tmp: string;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-statements-'));
  });
  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("serves a later store of the same build parseStatement's answer; another text, other options or another build miss", async () => {
    const file = path.join(tmp, 'a.bin');
    const text = ddl('t', 'string');
    const a = new StatementCache(file, BUILD);
    assert.deepEqual(await a.parse(text, { defaultDatabase: 'sc' }), parseStatement(text, { defaultDatabase: 'sc' }));
    await a.save();
    const b = new StatementCache(file, BUILD);
    assert.deepEqual(await b.parse(text, { defaultDatabase: 'sc' }), parseStatement(text, { defaultDatabase: 'sc' }));
    assert.deepEqual(b.stats, { hits: 1, misses: 0 });
    // the same length, another type: another text, its own parse
    const other = ddl('t', 'binary');
    assert.equal(other.length, text.length);
    const parsed = await b.parse(other, { defaultDatabase: 'sc' });
    assert.deepEqual(parsed, parseStatement(other, { defaultDatabase: 'sc' }));
    assert.equal(parsed.kind === 'CREATE_TABLE' ? parsed.table.storage.columns.find((c) => c.name === 'v')?.type : undefined, 'binary');
    // another default database, a position in the file: parses of their own (the table's database, error positions)
    const elsewhere = await b.parse(text.replace('sc.t', 't'), { defaultDatabase: 'other' });
    assert.equal(elsewhere.kind === 'CREATE_TABLE' ? elsewhere.table.database : undefined, 'other');
    await b.parse(text, { defaultDatabase: 'sc', line: 3, column: 1 });
    assert.deepEqual(b.stats, { hits: 1, misses: 3 });
    assert.deepEqual((await new StatementCache(file, 'another-build').parse(text, { defaultDatabase: 'sc' })).kind, 'CREATE_TABLE');
    const c = new StatementCache(file, 'another-build');
    await c.parse(text, { defaultDatabase: 'sc' });
    assert.deepEqual(c.stats, { hits: 0, misses: 1 });
  });

  it('keeps no query and no statement that does not parse (parsed again: the same error); without a build keeps nothing', async () => {
    const file = path.join(tmp, 'b.bin');
    const a = new StatementCache(file, BUILD);
    await a.parse('SELECT 1', {});
    await assert.rejects(a.parse('CREATE EXTERNAL TABLE (', {}), /SqlSyntax|expected|:/);
    await a.save();
    const b = new StatementCache(file, BUILD);
    assert.deepEqual(await b.parse('SELECT 1', {}), { kind: 'QUERY', query: 'SELECT 1' });
    await assert.rejects(b.parse('CREATE EXTERNAL TABLE (', {}));
    // (a query is not even looked up)
    assert.deepEqual(b.stats, { hits: 0, misses: 1 });
    const none = new StatementCache(path.join(tmp, 'c.bin'), undefined);
    await none.parse(ddl('t', 'string'), {});
    await none.save();
    await assert.rejects(fs.stat(path.join(tmp, 'c.bin')));
  });
});

describe('lakehouse tables with the statement cache', () => {
  let project: TestProject;
  let shared: string;
  before(async () => {
    project = await tempProject('sc');
    shared = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-statements-shared-'));
    await fs.mkdir(path.join(project.root, 'sql'));
    await fs.writeFile(path.join(project.root, 'sql', 'a.sql'), ddl('a', 'string'));
    await fs.writeFile(path.join(project.root, 'sql', 'b.sql'), ddl('b', 'string'));
  });
  after(async () => {
    await project.cleanup();
    await fs.rm(shared, { recursive: true, force: true });
  });

  const columnType = async (t: Awaited<ReturnType<TestProject['open']>>, table: string) => (await t.catalog.table('sc', table))?.storage.columns.find((c) => c.name === 'v')?.type;

  it('a later process parses nothing it parsed before; a file whose text changed (same size and time) is parsed again', async () => {
    const a = await project.open({ planBuild: BUILD, sharedCacheDir: shared });
    await createTables(await loadProject(project.root), a);
    assert.equal(a.queries.parsedStatements.stats.hits, 0);
    await a.close();

    const b = await project.open({ planBuild: BUILD, sharedCacheDir: shared });
    await createTables(await loadProject(project.root), b);
    // each statement twice (createTables orders them, the engine runs them), with the CREATE DATABASE the engine runs first
    assert.deepEqual(b.queries.parsedStatements.stats, { hits: 5, misses: 0 });
    assert.equal(await columnType(b, 'b'), 'string');
    await b.close();

    // b.sql's text changes, its size and modification time do not
    const file = path.join(project.root, 'sql', 'b.sql');
    const { mtime } = await fs.stat(file);
    await fs.writeFile(file, ddl('b', 'binary'));
    await fs.utimes(file, mtime, mtime);
    assert.equal((await fs.stat(file)).size, ddl('b', 'string').length);
    const c = await project.open({ planBuild: BUILD, sharedCacheDir: shared });
    await c.catalog.dropTable('sc', 'b');
    await createTables(await loadProject(project.root), c);
    assert.deepEqual(c.queries.parsedStatements.stats, { hits: 3, misses: 2 });
    assert.equal(await columnType(c, 'b'), 'binary');
    assert.equal(await columnType(c, 'a'), 'string');
    await c.close();
  });

  it("a data folder made anew takes the parses from the user's cache, kept per build", async () => {
    await fs.rm(path.join(project.root, '.lakehouse', 'cache'), { recursive: true, force: true });
    const d = await project.open({ planBuild: BUILD, sharedCacheDir: shared });
    await createTables(await loadProject(project.root), d);
    assert.deepEqual(d.queries.parsedStatements.stats, { hits: 5, misses: 0 });
    await d.close();
    await fs.stat(sharedStoreFile(shared, 'statements', BUILD));
  });
});
