// The explorer's storage and catalog commands in a real VS Code, on the local target: create a bucket (the action
// of the project bucket's "not created yet" row), download an object (bytes compared with the uploaded file),
// delete objects (one, then a multi-selection) and every object of a zone (the store checked after each), create
// a Glue database and see it in the tree. Dialogs are skipped with each command's options object.
//
// The STEDI sample's data stays untouched: lakehouse.json is pointed, for this spec, at a bucket of its own with
// one extra dataset, and restored afterwards. Expected values come from the files this spec writes.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { QueryExecution } from '../../../src/core/model';
import type { Target } from '../../../src/core/target';
import type { CreateBucketResult, DownloadResult } from '../../../src/extension/commands/storage';
import type { LakehouseApi } from '../../../src/extension/extension';
import type { ExplorerNode } from '../../../src/extension/explorer/nodes';
import { explorerTree, label, logUntil, on, until } from './helpers';

const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';
const WORKSPACE = process.env.LAKEHOUSE_TEST_WORKSPACE ?? '';
const BUCKET = 'storage-spec-bucket';
const DATASET = 'storagespec';
const DB = 'storage_spec_db';

/** Deterministic bytes (every value 0–255, several chunks' worth) for a file to upload and download again. */
function content(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('storage and catalog commands: create bucket, download, delete, create database', function () {
  this.timeout(120_000);
  let api: LakehouseApi;
  let target: Target;
  let manifestPath: string;
  let originalManifest: string;
  let dir: string;

  const { children, item, child, walk } = explorerTree(() => api.explorer);
  const keys = async (prefix: string): Promise<string[]> => (await target.storage.list(BUCKET, { prefix })).objects.map((o) => o.key).sort();

  before(async () => {
    assert.ok(WORKSPACE, 'LAKEHOUSE_TEST_WORKSPACE is set by the launcher');
    const ext = vscode.extensions.getExtension<LakehouseApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    // the STEDI project (another spec may have made it already), pointed at this spec's bucket and dataset
    manifestPath = path.join(WORKSPACE, 'lakehouse.json');
    if (!existsSync(manifestPath)) await vscode.commands.executeCommand('lakehouse.project.createSample', vscode.Uri.file(WORKSPACE), { customers: 40, accelerometerRows: 400, seed: 3 });
    originalManifest = await fs.readFile(manifestPath, 'utf8');
    const manifest = JSON.parse(originalManifest) as { bucket: string; datasets: Record<string, Record<string, string>> };
    manifest.bucket = BUCKET;
    manifest.datasets[DATASET] = { landing: `${DATASET}/landing/`, trusted: `${DATASET}/trusted/` };
    await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    await until('the project on the spec bucket', async () => ((await api.ctx.project().catch(() => undefined))?.manifest.bucket === BUCKET ? true : undefined), [api.ctx.onDidReset]);
    target = await api.ctx.target();
    dir = await fs.mkdtemp(path.join(WORKSPACE, 'storage-spec-'));
  });

  after(async () => {
    await target?.catalog.dropDatabase(DB, { ifExists: true }).catch(() => undefined);
    await target?.storage.deletePrefix(BUCKET, '').catch(() => undefined);
    if (originalManifest !== undefined) await fs.writeFile(manifestPath, originalManifest);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
    await until('the original project', async () => ((await api.ctx.project().catch(() => undefined))?.manifest.bucket !== BUCKET ? true : undefined), [api.ctx.onDidReset]);
  });

  it('"Create Bucket…" is the action of the project bucket\'s "not created yet" row; it creates the bucket, once', async () => {
    assert.equal((await target.storage.listBuckets()).some((b) => b.name === BUCKET), false, 'a fresh bucket name');
    const bucket = await walk('Buckets', BUCKET);
    assert.equal(item(bucket).description, 'not created yet');
    assert.match(String(item(bucket).contextValue), /^bucket\b.*\bmissing\b/);
    const [missing] = await children(bucket);
    const action = item(missing!).command;
    assert.equal(action?.command, 'lakehouse.bucket.create');
    // the row's own arguments (the bucket node), and the options object instead of the input box
    const created = await vscode.commands.executeCommand<CreateBucketResult>(action!.command, ...(action!.arguments ?? []), { name: BUCKET });
    assert.deepEqual(created, { bucket: BUCKET, created: true });
    assert.ok((await target.storage.listBuckets()).some((b) => b.name === BUCKET), 'the store has the bucket');
    const now = await walk('Buckets', BUCKET);
    assert.equal(item(now).description, 'project bucket');
    assert.deepEqual((await children(now)).map((n) => label(item(n))).slice(-1), [DATASET]);
    // again: nothing to create
    const again = await vscode.commands.executeCommand<CreateBucketResult>('lakehouse.bucket.create', { name: BUCKET });
    assert.deepEqual(again, { bucket: BUCKET, created: false });
  });

  it('"Create Bucket…" refuses an invalid S3 name with the rule it breaks, creating nothing', async () => {
    const before = (await target.storage.listBuckets()).map((b) => b.name);
    const result = await vscode.commands.executeCommand<CreateBucketResult | undefined>('lakehouse.bucket.create', await walk('Buckets'), { name: 'Bad_Bucket' });
    assert.equal(result, undefined);
    assert.deepEqual((await target.storage.listBuckets()).map((b) => b.name), before);
    const log = await logUntil('the error in the log', (text) => (text.includes('Creating the bucket failed') ? text : undefined));
    assert.match(log, /Creating the bucket failed: invalid bucket name "Bad_Bucket": bucket names contain only lower-case letters, digits, dots and hyphens/);
  });

  it('"Download…" streams an object to the chosen file: the same bytes as the uploaded file, no temp file left', async () => {
    const source = path.join(dir, 'readings-0001.bin');
    const bytes = content(300_000, 42);
    await fs.writeFile(source, bytes);
    const landing = await walk('Buckets', BUCKET, DATASET, 'landing');
    assert.equal(await vscode.commands.executeCommand<number>('lakehouse.zone.uploadHere', landing, [vscode.Uri.file(source)]), 1);
    const object = await child(await walk('Buckets', BUCKET, DATASET, 'landing'), 'readings-0001.bin');
    assert.equal(object.kind, 'object');
    assert.match(String(item(object).contextValue), /^object\b/);

    const outDir = path.join(dir, 'downloads');
    await fs.mkdir(outDir);
    const file = path.join(outDir, 'copy.bin');
    const result = await vscode.commands.executeCommand<DownloadResult>('lakehouse.object.download', object, { file });
    assert.deepEqual(result, { file, bytes: bytes.length });
    assert.ok((await fs.readFile(file)).equals(await fs.readFile(source)), 'the downloaded bytes are the source file\'s');
    assert.deepEqual(await fs.readdir(outDir), ['copy.bin']);
  });

  it('"Delete…" deletes an object, then a multi-selection; the store and the zone\'s count follow', async () => {
    const names = ['a.json', 'b.json', 'c.json', 'd.json'];
    for (const n of names) await fs.writeFile(path.join(dir, n), `{"n":"${n}"}\n`);
    const landing = await walk('Buckets', BUCKET, DATASET, 'landing');
    await vscode.commands.executeCommand('lakehouse.zone.uploadHere', landing, names.map((n) => vscode.Uri.file(path.join(dir, n))));
    const prefix = `${DATASET}/landing/`;
    assert.deepEqual(await keys(prefix), [...names, 'readings-0001.bin'].map((n) => prefix + n));
    // Upload Here read the new JSON files' keys for the local engine (its key cache, written in the background)
    const cacheFile = path.join(WORKSPACE, '.lakehouse', 'cache', 'json-keys.json');
    const cacheWrites = on.files(path.dirname(cacheFile), path.basename(cacheFile));
    try {
      await until(
        'the uploaded files in the JSON key cache',
        async () => {
          const cache = JSON.parse(await fs.readFile(cacheFile, 'utf8').catch(() => '{}')) as Record<string, { keys: string[] }>;
          const learnt = names.map((n) => Object.entries(cache).find(([file]) => file.endsWith(path.join(BUCKET, prefix, n)))?.[1].keys.join(','));
          return learnt.every((k) => k === 'n') ? true : undefined;
        },
        cacheWrites.events,
      );
    } finally {
      cacheWrites.dispose();
    }

    const fired: (ExplorerNode | undefined)[] = [];
    const sub = api.explorer.onDidChangeTreeData((n) => fired.push(n));
    try {
      const zone = await walk('Buckets', BUCKET, DATASET, 'landing');
      const objects = await children(zone);
      const byName = (n: string) => objects.find((o) => label(item(o)) === n)!;
      // one object
      assert.equal(await vscode.commands.executeCommand<number>('lakehouse.object.delete', byName('a.json'), undefined, { confirmed: true }), 1);
      assert.equal(await target.storage.head(BUCKET, `${prefix}a.json`), undefined);
      // the clicked node and the selection holding it, as VS Code passes them
      const selection = [byName('b.json'), byName('c.json')];
      assert.equal(await vscode.commands.executeCommand<number>('lakehouse.object.delete', selection[0], selection, { confirmed: true }), 2);
      assert.deepEqual(await keys(prefix), [`${prefix}d.json`, `${prefix}readings-0001.bin`]);
      // the dataset was redrawn (its zones' counts), and the zone lists what is left
      assert.ok(fired.some((n) => n?.kind === 'dataset' && n.dataset === DATASET), `refreshed: ${fired.map((n) => n?.id).join(', ')}`);
    } finally {
      sub.dispose();
    }
    const zone = await walk('Buckets', BUCKET, DATASET, 'landing');
    assert.ok(zone.kind === 'zone' && zone.stats);
    assert.equal(zone.stats.objects, 2);
    assert.deepEqual((await children(zone)).map((n) => label(item(n))), ['d.json', 'readings-0001.bin']);
  });

  it('a click on a data object shows its rows in the results grid; Open as Text shows its text; Copy S3 URI and Copy Key copy its s3:// URI and its key', async () => {
    // d.json, uploaded by the test above with this text
    const object = await child(await walk('Buckets', BUCKET, DATASET, 'landing'), 'd.json');
    assert.equal(item(object).command?.command, 'lakehouse.object.open', 'a click runs the preview');
    assert.match(String(item(object).contextValue), /^object rows text\b/);
    const exec = await vscode.commands.executeCommand<QueryExecution>('lakehouse.object.open', object);
    assert.equal(exec?.state, 'SUCCEEDED', exec?.error?.message);
    const page = await target.queries.page(exec.id);
    assert.deepEqual(page.columns.map((c) => c.name), ['n']);
    assert.deepEqual(page.rows, [['d.json']]);
    assert.match(exec.message ?? '', /read as JSON lines/);
    const resultsTab = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'd.json');
    await until('the results tab', resultsTab, [on.tabs]);
    const text = await vscode.commands.executeCommand<string>('lakehouse.object.openText', object);
    assert.equal(text, '{"n":"d.json"}\n');
    const editor = await until('the text', () => (vscode.window.activeTextEditor?.document.getText() === text ? vscode.window.activeTextEditor : undefined), [on.activeEditor]);
    assert.equal(editor.document.languageId, 'json');
    assert.equal(await vscode.commands.executeCommand<string>('lakehouse.object.copyUri', object), `s3://${BUCKET}/${DATASET}/landing/d.json`);
    assert.equal(await vscode.commands.executeCommand<string>('lakehouse.object.copyKey', object), `${DATASET}/landing/d.json`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // (the tab as it is now: VS Code 1.100 refuses a Tab object from before the editor opened beside it)
    const tab = resultsTab();
    if (tab) await vscode.window.tabGroups.close(tab);
  });

  it('a CSV object shows its text values (leading zeros kept) and a Parquet object its own columns and types in the grid', async () => {
    const prefix = `${DATASET}/landing/`;
    await target.storage.put(BUCKET, `${prefix}zips.csv`, 'zip,city\n01234,Boston\n00501,Holtsville\n');
    // a Parquet file written by the engine's export, put as an object
    const made = await target.queries.wait((await target.queries.start("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, tag)")).id);
    assert.equal(made.state, 'SUCCEEDED', made.error?.message);
    const parquet = path.join(dir, 't.parquet');
    await target.queries.export(made.id, { format: 'parquet', file: parquet });
    await target.storage.put(BUCKET, `${prefix}t.parquet`, await fs.readFile(parquet));
    api.explorer.refresh();
    const zone = await walk('Buckets', BUCKET, DATASET, 'landing');
    const csv = await vscode.commands.executeCommand<QueryExecution>('lakehouse.object.open', await child(zone, 'zips.csv'));
    assert.equal(csv?.state, 'SUCCEEDED', csv?.error?.message);
    assert.deepEqual((await target.queries.page(csv.id)).rows, [
      ['01234', 'Boston'],
      ['00501', 'Holtsville'],
    ]);
    const pq = await child(zone, 't.parquet');
    assert.match(String(item(pq).contextValue), /^object rows$/, 'no Open as Text on Parquet');
    const rows = await vscode.commands.executeCommand<QueryExecution>('lakehouse.object.open', pq);
    assert.equal(rows?.state, 'SUCCEEDED', rows?.error?.message);
    const page = await target.queries.page(rows.id);
    assert.deepEqual(page.columns.map((c) => [c.name, c.type]), [
      ['id', 'integer'],
      ['tag', 'varchar'],
    ]);
    assert.deepEqual(page.rows, [
      [1, 'a'],
      [2, 'b'],
    ]);
    for (const k of ['zips.csv', 't.parquet']) await target.storage.delete(BUCKET, prefix + k);
    api.explorer.refresh();
  });

  it('"Delete All Objects…" on a zone deletes every object under its prefix and no other', async () => {
    const prefix = `${DATASET}/trusted/`;
    const written = ['part-0.json', 'part-1.json', 'sub/part-2.json'];
    for (const k of written) await target.storage.put(BUCKET, prefix + k, '{}\n');
    const trusted = await walk('Buckets', BUCKET, DATASET, 'trusted');
    assert.ok(trusted.kind === 'zone' && trusted.stats?.objects === written.length);
    assert.match(String(item(trusted).contextValue), /^zone\b/);
    const deleted = await vscode.commands.executeCommand<number>('lakehouse.zone.deleteObjects', trusted, { confirmed: true });
    assert.equal(deleted, written.length);
    assert.deepEqual(await keys(prefix), []);
    assert.equal((await keys(`${DATASET}/landing/`)).length, 2, 'the landing zone keeps its objects');
    const after = await walk('Buckets', BUCKET, DATASET, 'trusted');
    assert.ok(after.kind === 'zone' && after.stats?.objects === 0);
    const rows = await children(after);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'message', 'an empty zone shows its empty-state row');
  });

  it('"Create Database…" creates a Glue database that shows in the tree; a bad or taken name is refused', async () => {
    assert.equal(await target.catalog.database(DB), undefined);
    const name = await vscode.commands.executeCommand<string>('lakehouse.catalog.createDatabase', await walk('Glue Catalog'), { name: DB });
    assert.equal(name, DB);
    assert.equal((await target.catalog.database(DB))?.name, DB);
    const db = await walk('Glue Catalog', DB);
    assert.equal(db.kind, 'database');
    assert.equal((await children(db))[0]?.kind, 'message', 'no tables yet');

    // a name Glue refuses: one with a line break (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-common.html)
    assert.equal(await vscode.commands.executeCommand('lakehouse.catalog.createDatabase', { name: 'bad\nname' }), undefined);
    assert.ok(!(await target.catalog.databases()).some((d) => d.name.startsWith('bad')), 'no database made');
    assert.equal(await vscode.commands.executeCommand('lakehouse.catalog.createDatabase', { name: DB }), undefined);
    const log = await logUntil('both errors in the log', (text) => ((text.match(/Creating the database failed/g) ?? []).length >= 2 ? text : undefined));
    assert.match(log, /Creating the database failed: invalid database name "bad\nname": the name .*: Glue takes 1 to 255 bytes of UTF-8 on one line/);
    assert.match(log, new RegExp(`Creating the database failed: .*${DB}.* already exists`, 'i'));
  });
});
