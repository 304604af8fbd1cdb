/**
 * SQL translations kept in the data folder (src/core/targets/local/translationCache.ts): a later process (a new
 * LocalTarget on the same data folder, same build) serves a query's or a SQL Query node's translation without
 * translating again, with the same answer; and anything the translation depends on that changes — a table's columns
 * or types, a view's text, the frames a job's query reads, the build — misses the cache, so the answer is the new
 * one, never a stale translation. Expected answers come from the data the tests write.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as v8 from 'node:v8';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local/index';
import { MAX_TRANSLATIONS, TranslationCache } from '../../src/core/targets/local/translationCache';
import { sharedStoreFile } from '../../src/core/targets/local/planStore';
import { glueStudioProject, GLUE_PROLOGUE, GS_BUCKET } from '../runner/glueStudioProject';
import { BUCKET, jsonDdl, ndjson, q, sorted, tempProject, type TestProject } from './helpers';
import { allCases, loadCorpus } from '../conformance/corpus';

const BUILD = 'test-build-1';

describe('the translation cache as a store', () => {
  let tmp: string;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-translations-'));
  });
  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('serves a value to a later store of the same build, a copy each time; another build gets nothing', async () => {
    const file = path.join(tmp, 'a.bin');
    const a = new TranslationCache(file, BUILD);
    const value = { sql: 'SELECT 1', columns: [{ name: 'x', type: { kind: 'integer' } }], spans: [{ from: 0, to: 8, at: 0 }] };
    await a.set(['k', 1], value);
    await a.save();
    const b = new TranslationCache(file, BUILD);
    const got = await b.get<typeof value>(['k', 1]);
    assert.deepEqual(got, value);
    got!.sql = 'changed';
    assert.equal((await b.get<typeof value>(['k', 1]))!.sql, 'SELECT 1');
    assert.equal(await b.get(['k', 2]), undefined);
    assert.deepEqual(b.stats, { hits: 2, misses: 1 });
    assert.equal(await new TranslationCache(file, 'another-build').get(['k', 1]), undefined);
  });

  it('keys differ by every value and by undefined properties (keys are compared as V8 serializes them)', async () => {
    const c = new TranslationCache(path.join(tmp, 'b.bin'), BUILD);
    await c.set(['t', { kind: 'decimal', precision: 10, scale: 2 }], 1);
    assert.equal(await c.get(['t', { kind: 'decimal', precision: 10, scale: 3 }]), undefined);
    assert.equal(await c.get(['t', { kind: 'decimal', precision: 10, scale: 2, extra: undefined }]), undefined);
    assert.equal(await c.get(['t', { kind: 'decimal', precision: 10, scale: 2 }]), 1);
  });

  it('without a build (run from source) keeps nothing; an unreadable file is as good as none', async () => {
    const file = path.join(tmp, 'c.bin');
    const none = new TranslationCache(file, undefined);
    await none.set(['k'], 1);
    await none.save();
    await assert.rejects(fs.stat(file));
    await fs.writeFile(file, 'not a cache');
    const c = new TranslationCache(file, BUILD);
    assert.equal(await c.get(['k']), undefined);
    await c.set(['k'], 2);
    await c.save();
    assert.equal(await new TranslationCache(file, BUILD).get(['k']), 2);
  });

  it(`keeps at most ${MAX_TRANSLATIONS} entries, the least recently used going first`, async () => {
    const file = path.join(tmp, 'd.bin');
    const c = new TranslationCache(file, BUILD);
    for (let i = 0; i < MAX_TRANSLATIONS; i++) await c.set(['k', i], i);
    assert.equal(await c.get(['k', 0]), 0); // used: now the most recent
    await c.set(['k', 'new'], 'new');
    await c.save();
    const d = new TranslationCache(file, BUILD);
    assert.equal(await d.get(['k', 1]), undefined);
    assert.equal(await d.get(['k', 0]), 0);
    assert.equal(await d.get(['k', 'new']), 'new');
    const entries = (v8.deserialize(await fs.readFile(file)) as { entries: unknown[] }).entries;
    assert.equal(entries.length, MAX_TRANSLATIONS);
  });
});

describe('Athena SQL translations across processes (lakehouse query)', () => {
  let project: TestProject;
  before(async () => {
    project = await tempProject('tc');
    const t = await project.open({ planBuild: BUILD });
    await t.storage.createBucket(BUCKET);
    await t.storage.put(BUCKET, 'r/a.json', ndjson([{ id: 1, v: '10' }, { id: 2, v: '2' }, { id: 3, v: '30' }]));
    await q(t, 'CREATE DATABASE tc');
    await q(t, jsonDdl('tc.r', 'id bigint, v bigint', 'r'));
    await q(t, 'CREATE VIEW tc.w AS SELECT id, v FROM tc.r WHERE id > 1');
    await t.close();
  });
  after(async () => {
    await project.cleanup();
  });

  /** a new process: a target opened on the same data folder (the earlier ones are closed: their caches written) */
  async function fresh(): Promise<LocalTarget> {
    return project.open({ planBuild: BUILD });
  }

  it('a query translated by one process is served to the next from the data folder, with the same answer', async () => {
    const sql = 'SELECT max(v) AS m, count(*) AS n FROM tc.r';
    const a = await fresh();
    const first = await q(a, sql);
    assert.equal(a.queries.translations.stats.hits, 0);
    await a.close();
    const b = await fresh();
    const second = await q(b, sql);
    assert.deepEqual(b.queries.translations.stats, { hits: 2, misses: 0 }, 'the names it reads and its translation');
    assert.deepEqual(second.rows, first.rows);
    assert.deepEqual(second.rows, [[30, 3]]);
    assert.deepEqual(second.columns, first.columns);
    await b.close();
  });

  it("a table whose column type changed misses the cache: the query's answer is the new type's", async () => {
    const sql = 'SELECT max(v) AS m FROM tc.r';
    const a = await fresh();
    assert.deepEqual((await q(a, sql)).rows, [[30]]); // bigint: 30 > 10 > 2
    await a.close();
    const b = await fresh();
    await q(b, 'DROP TABLE tc.r');
    await q(b, jsonDdl('tc.r', 'id bigint, v string', 'r'));
    await b.close();
    const c = await fresh();
    const now = await q(c, sql);
    assert.equal(c.queries.translations.stats.misses, 1, 'the names are known, their translation is not');
    assert.deepEqual(now.rows, [['30']]); // varchar: '30' > '2' > '10'
    assert.equal(now.columns[0]!.type, 'varchar');
    await q(c, 'DROP TABLE tc.r');
    await q(c, jsonDdl('tc.r', 'id bigint, v bigint', 'r'));
    await c.close();
  });

  it("a view whose text changed misses the cache: the query reads the view's new rows", async () => {
    const sql = 'SELECT count(*) AS n, sum(v) AS s FROM tc.w';
    const a = await fresh();
    assert.deepEqual((await q(a, sql)).rows, [[2, 32]]);
    await a.close();
    const b = await fresh();
    await q(b, 'CREATE OR REPLACE VIEW tc.w AS SELECT id, v * 2 AS v FROM tc.r');
    await b.close();
    const c = await fresh();
    assert.deepEqual((await q(c, sql)).rows, [[3, 84]]);
    await c.close();
  });

  it('another build of the code translates again', async () => {
    const sql = 'SELECT id FROM tc.r WHERE v > 5 ORDER BY id';
    const a = await fresh();
    await q(a, sql);
    await a.close();
    const b = await project.open({ planBuild: 'test-build-2' });
    assert.deepEqual(sorted((await q(b, sql)).rows), [[1], [3]]);
    assert.equal(b.queries.translations.stats.hits, 0);
    await b.close();
  });
});

describe("a job's Spark SQL translations across processes (lakehouse run)", () => {
  const script = `r = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="r")
q = """
select * from readings where x >= 0
"""
out = sparkSqlQuery(glueContext, query = q, mapping = {"readings": r}, transformation_ctx = "out")
glueContext.purge_s3_path("s3://${GS_BUCKET}/out/", {"retentionPeriod": 0})
glueContext.write_dynamic_frame.from_options(frame=out, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/"}, transformation_ctx="sink")
`;
  const helper = `from awsglue.dynamicframe import DynamicFrame
def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
`;

  it("a re-run serves the SQL Query node's translation; frames with another field miss it and the output has the field", async () => {
    const sp = await glueStudioProject('lh-tc-spark-', { planBuild: BUILD });
    const root = sp.root;
    try {
      const file = path.join(root, 'glue-scripts', 'tc.py');
      await fs.writeFile(file, `${GLUE_PROLOGUE}${helper}${script}job.commit()\n`);
      const runIn = async (t: LocalTarget) => {
        const started = await t.jobs.start('tc');
        const run = await t.jobs.wait('tc', started.id);
        assert.equal(run.state, 'SUCCEEDED', run.errorMessage);
        const dir = path.join(root, '.lakehouse', 's3', GS_BUCKET, 'out');
        const lines: Record<string, unknown>[] = [];
        for (const f of (await fs.readdir(dir)).sort()) for (const l of (await fs.readFile(path.join(dir, f), 'utf8')).split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        return lines.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      };
      const first = await runIn(sp.target);
      assert.ok(first.length > 0);
      await sp.target.close();

      const open = async () => LocalTarget.open(await loadProject(root), { threads: 2, planBuild: BUILD });
      const b = await open();
      const second = await runIn(b);
      assert.deepEqual(b.queries.translations.stats, { hits: 1, misses: 0 });
      assert.deepEqual(second, first);
      await b.close();

      // a landing record with a field none had: the frame (a DynamicFrame reads the data's fields) has a new column
      const c = await open();
      await c.storage.put(GS_BUCKET, 'readings/landing/readings-2.json', '{"user":"cy@example.com","time":9,"x":2.5,"extra":"new"}\n');
      const third = await runIn(c);
      assert.deepEqual(c.queries.translations.stats, { hits: 0, misses: 1 });
      const added = third.find((r) => r['user'] === 'cy@example.com');
      assert.deepEqual(added, { user: 'cy@example.com', time: 9, x: 2.5, extra: 'new' });
      await c.close();
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('what the cache gives back is what the translator gave', () => {
  // A kept translation is a V8 clone of the translator's output: it must be plain data, equal to the original with
  // its prototypes (deepStrictEqual compares them) — for every statement of both conformance corpora that translates
  // (statements whose translation fails are never kept).
  for (const engine of ['trino', 'spark'] as const) {
    it(`every translation of the ${engine} conformance corpus survives a round trip through the store's format`, async () => {
      const translate =
        engine === 'trino'
          ? ((m) => (sql: string) => m.parseQuery(sql).translate({ table: () => undefined, database: () => false }))(await import('../../src/core/sql/trino'))
          : ((m) => (sql: string) => m.translateSparkQuery(sql))(await import('../../src/core/sql/spark'));
      let translated = 0;
      for (const { c } of allCases(loadCorpus(engine))) {
        let out: unknown;
        try {
          out = translate(c.sql);
        } catch {
          continue;
        }
        translated++;
        assert.deepStrictEqual(v8.deserialize(v8.serialize(out)), out, `${c.id}: ${c.sql}`);
        assert.deepStrictEqual(structuredClone(out), out, `${c.id}: ${c.sql}`);
      }
      assert.ok(translated > 100, `${translated} statements translated`);
    });
  }
});

describe('translations shared by every project (the user cache folder)', () => {
  let tmp: string;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-translations-shared-'));
  });
  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("a data folder made anew is served the shared store's entries, and keeps them; a key not in either is a miss", async () => {
    const sharedFile = sharedStoreFile(tmp, 'translations', BUILD);
    assert.equal(path.basename(sharedFile), `translations-b-${BUILD}.bin`);
    const a = new TranslationCache(path.join(tmp, 'one.bin'), BUILD, new TranslationCache(sharedFile, BUILD));
    await a.set(['k', 1], { sql: 'SELECT 1' });
    await a.save();
    const shared = new TranslationCache(sharedFile, BUILD);
    const local = path.join(tmp, 'two.bin');
    const b = new TranslationCache(local, BUILD, shared);
    assert.equal(await b.has(['k', 1]), true);
    assert.deepEqual(await b.get(['k', 1]), { sql: 'SELECT 1' });
    assert.equal(await b.get(['k', 2]), undefined);
    assert.deepEqual(b.stats, { hits: 1, misses: 1 });
    await b.save();
    // kept in the second data folder too
    assert.deepEqual(await new TranslationCache(local, BUILD).get(['k', 1]), { sql: 'SELECT 1' });
    // another build: another shared file, nothing of this one's
    const other = new TranslationCache(path.join(tmp, 'three.bin'), 'another-build', new TranslationCache(sharedStoreFile(tmp, 'translations', 'another-build'), 'another-build'));
    assert.equal(await other.get(['k', 1]), undefined);
  });

  it("another project's first run of the same job is served its SQL Query node's translation; a project whose frames differ is not, and writes its own data's answer", async () => {
    const shared = path.join(tmp, 'user-cache');
    const script = `r = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="r")
r.toDF().createOrReplaceTempView("readings")
out = DynamicFrame.fromDF(spark.sql("select * from readings where x >= 0"), glueContext, "out")
glueContext.purge_s3_path("s3://${GS_BUCKET}/out/", {"retentionPeriod": 0})
glueContext.write_dynamic_frame.from_options(frame=out, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/"}, transformation_ctx="sink")
`;
    const text = `${GLUE_PROLOGUE}from awsglue.dynamicframe import DynamicFrame\n${script}job.commit()\n`;
    const outputOf = async (root: string) => {
      const dir = path.join(root, '.lakehouse', 's3', GS_BUCKET, 'out');
      const lines: Record<string, unknown>[] = [];
      for (const f of (await fs.readdir(dir)).sort()) for (const l of (await fs.readFile(path.join(dir, f), 'utf8')).split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      return lines.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    };
    const projects = [];
    try {
      const one = await glueStudioProject('lh-tc-shared-1-', { planBuild: BUILD, sharedCacheDir: shared });
      projects.push(one.root);
      const r1 = await one.runScript('tc', text);
      assert.equal(r1.state, 'SUCCEEDED', r1.errorMessage);
      assert.deepEqual(one.target.queries.translations.stats.hits, 0);
      const first = await outputOf(one.root);
      await one.target.close();

      // the same job in another project (another data folder, the same data): translated by the first
      const two = await glueStudioProject('lh-tc-shared-2-', { planBuild: BUILD, sharedCacheDir: shared });
      projects.push(two.root);
      const r2 = await two.runScript('tc', text);
      assert.equal(r2.state, 'SUCCEEDED', r2.errorMessage);
      assert.deepEqual(two.target.queries.translations.stats, { hits: 1, misses: 0 });
      assert.deepEqual(await outputOf(two.root), first);
      await two.target.close();

      // a third project whose landing data has a field the others' do not: its frame differs, so does its answer
      const three = await glueStudioProject('lh-tc-shared-3-', { planBuild: BUILD, sharedCacheDir: shared });
      projects.push(three.root);
      await three.target.storage.put(GS_BUCKET, 'readings/landing/readings-2.json', '{"user":"cy@example.com","time":9,"x":2.5,"extra":"new"}\n');
      const r3 = await three.runScript('tc', text);
      assert.equal(r3.state, 'SUCCEEDED', r3.errorMessage);
      assert.deepEqual(three.target.queries.translations.stats, { hits: 0, misses: 1 });
      assert.deepEqual(
        (await outputOf(three.root)).find((r) => r['user'] === 'cy@example.com'),
        { user: 'cy@example.com', time: 9, x: 2.5, extra: 'new' },
      );
      await three.target.close();
    } finally {
      for (const root of projects) await fs.rm(root, { recursive: true, force: true });
    }
  });
});
