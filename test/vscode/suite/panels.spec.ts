// The results grid and the zone report panel in a real VS Code (extension host): a query run through the
// extension's own registerPanels wiring (the internal command) opens a tab and returns the final execution; a
// failing one returns FAILED with its position; the whole result exports through the engine; the report opens.
// The data is a small table made here, in the test workspace (LAKEHOUSE_TEST_WORKSPACE), with hand-written rows.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { QueryExecution } from '../../../src/core/model';
import type { Target } from '../../../src/core/target';
import type { LakehouseApi } from '../../../src/extension/extension';
// resultTab.ts, not the panels' index: the index pulls in the zone report's core modules, which this bundle does
// not need (the report is opened through the extension's command)
import { ResultTab } from '../../../src/extension/panels/resultTab';
import { ResultsPanel } from '../../../src/extension/panels/resultsPanel';
import { titleOfSql } from '../../../src/extension/panels/resultQuery';
import { logUntil, on, until } from './helpers';

const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';
const WORKSPACE = process.env.LAKEHOUSE_TEST_WORKSPACE ?? '';
const DB = 'panels_test';
/** registered by registerPanels() for tests: showQueryResults with the extension's own host */
const SHOW_QUERY_RESULTS_INTERNAL = 'lakehouse.internal.showQueryResults';

/** The table's rows, as written to its JSON file (and so as a query must return them). */
const PEOPLE: { name: string; n: number; city: string | null }[] = [
  { name: 'Ann', n: 1, city: 'Oslo' },
  { name: '<img src=x onerror=alert(1)>', n: 2, city: null },
  { name: 'Bob, "the builder"', n: 3, city: 'Lima' },
  { name: 'Chloé', n: 4, city: 'Paris' },
];

interface InternalResult {
  id: string;
  state: string;
  rows?: number;
  error?: { message: string; line?: number; column?: number };
}

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

describe('results grid and zone report panels', function () {
  this.timeout(120_000);
  let api: LakehouseApi;
  let target: Target;
  let tmp: string;

  before(async () => {
    assert.ok(WORKSPACE, 'LAKEHOUSE_TEST_WORKSPACE is set by the launcher');
    const ext = vscode.extensions.getExtension<LakehouseApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    // the STEDI project (another suite may have made it already) with its tables, and a small table of our own
    if (!existsSync(path.join(WORKSPACE, 'lakehouse.json')))
      await vscode.commands.executeCommand('lakehouse.project.createSample', vscode.Uri.file(WORKSPACE), { customers: 40, accelerometerRows: 400, seed: 3 });
    const project = await api.ctx.project();
    target = await api.ctx.target();
    if (!(await target.catalog.database(project.manifest.database))) await vscode.commands.executeCommand('lakehouse.catalog.createTables');
    const bucket = project.manifest.bucket;
    if (!(await target.storage.listBuckets()).some((b) => b.name === bucket)) await target.storage.createBucket(bucket);
    await target.storage.put(bucket, 'panels/people/people.json', PEOPLE.map((p) => JSON.stringify(p)).join('\n') + '\n');
    for (const sql of [
      `CREATE DATABASE IF NOT EXISTS ${DB}`,
      `CREATE EXTERNAL TABLE IF NOT EXISTS ${DB}.people (name string, n bigint, city string)
       ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${bucket}/panels/people/'`,
    ]) {
      const exec = await target.queries.wait((await target.queries.start(sql)).id);
      assert.equal(exec.state, 'SUCCEEDED', `${sql}: ${exec.error?.message}`);
    }
    tmp = await fs.mkdtemp(path.join(WORKSPACE, 'exports-'));
  });

  after(async () => {
    for (const p of [...ResultTab.open]) p.dispose();
    await vscode.workspace.getConfiguration('lakehouse').update('export.maxRows', undefined, vscode.ConfigurationTarget.Workspace);
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('showQueryResults (the extension\'s wiring) returns SUCCEEDED with the table\'s row count and opens a tab titled by the SQL', async () => {
    // short enough to be the whole tab title
    const sql = `SELECT * FROM ${DB}.people`;
    const r = await vscode.commands.executeCommand<InternalResult>(SHOW_QUERY_RESULTS_INTERNAL, { sql });
    assert.equal(r.state, 'SUCCEEDED', r.error?.message);
    assert.equal(r.rows, PEOPLE.length);
    await until(`a results tab titled "${sql}"`, () => webviewTabs('lakehouse.results').find((t) => t.label === sql), [on.tabs]);
    // the rows are the table's (read through the engine, as the grid's pages are)
    const page = await target.queries.page(r.id, { maxRows: 100 });
    assert.deepEqual(page.columns.map((c) => [c.name, c.type]), [
      ['name', 'varchar'],
      ['n', 'bigint'],
      ['city', 'varchar'],
    ]);
    assert.deepEqual([...page.rows].sort((a, b) => Number(a[1]) - Number(b[1])), PEOPLE.map((p) => [p.name, p.n, p.city]));
  });

  it('a file of several statements: each one that answers with rows gets a result tab of its own (kept) in the results panel, the last the preview tab', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('no results tab', () => (webviewTabs('lakehouse.results').length === 0 ? true : undefined), [on.tabs]);
    const file = path.join(tmp, 'several.sql');
    const first = `SELECT name FROM ${DB}.people WHERE n = 1`;
    const second = `SHOW TABLES IN ${DB}`;
    const last = `SELECT count(*) AS c FROM ${DB}.people`;
    await fs.writeFile(file, `${first};\n${second};\nCREATE DATABASE IF NOT EXISTS ${DB};\n${last};\n`);
    // the explorer's "Run SQL" on a file runs all of it
    const execs = await vscode.commands.executeCommand<{ id: string; state: string }[]>('lakehouse.sql.run', vscode.Uri.file(file), [vscode.Uri.file(file)]);
    assert.deepEqual(execs.map((e) => e.state), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // one results editor (the tabs are inside it), titled by the result it shows: the last one's
    await until('the results editor titled by the last statement', () => (webviewTabs('lakehouse.results').map((t) => t.label).join() === last ? true : undefined), [on.tabs]);
    // each statement's own result
    assert.deepEqual((await target.queries.page(execs[0]!.id)).rows, [['Ann']]);
    assert.deepEqual((await target.queries.page(execs[1]!.id)).rows, [['people']]);
    assert.deepEqual((await target.queries.page(execs[3]!.id)).rows, [[PEOPLE.length]]);
    // the first two are kept: the next query takes the last one's (preview) tab
    const next = `SELECT max(n) AS m FROM ${DB}.people`;
    const r = await vscode.commands.executeCommand<InternalResult & { tabs?: string[] }>(SHOW_QUERY_RESULTS_INTERNAL, { sql: next });
    assert.equal(r.state, 'SUCCEEDED');
    assert.deepEqual(r.tabs, [first, second, next], 'a tab for each statement that answered with rows, the last one taken by the next query');
    await until('the results editor titled by the next query', () => (webviewTabs('lakehouse.results').map((t) => t.label).join() === next ? true : undefined), [on.tabs]);
  });

  it('results open beside the SQL editor, or below it with lakehouse.results.location "below"; the editor keeps the focus', async () => {
    const file = path.join(tmp, 'where.sql');
    await fs.writeFile(file, `SELECT name FROM ${DB}.people WHERE n = 2;\n`);
    const settings = vscode.workspace.getConfiguration('lakehouse');
    try {
      // vscode.getEditorLayout: orientation 0 = groups side by side, 1 = one above the other
      for (const [location, orientation] of [['beside', 0], ['below', 1]] as const) {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await until('no results tab', () => (webviewTabs('lakehouse.results').length === 0 ? true : undefined), [on.tabs]);
        await settings.update('results.location', location, vscode.ConfigurationTarget.Workspace);
        const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
        editor.selection = new vscode.Selection(0, 0, 0, 0);
        const execs = await vscode.commands.executeCommand<{ state: string }[]>('lakehouse.sql.run');
        assert.deepEqual(execs.map((e) => e.state), ['SUCCEEDED']);
        await until('a results tab', () => (webviewTabs('lakehouse.results').length === 1 ? true : undefined), [on.tabs]);
        const layout = await vscode.commands.executeCommand<{ orientation: number; groups: unknown[] }>('vscode.getEditorLayout');
        assert.deepEqual({ groups: layout.groups.length, orientation: layout.orientation }, { groups: 2, orientation }, location);
        assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file, `${location}: the SQL editor keeps the focus`);
      }
    } finally {
      await settings.update('results.location', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('results are tabs of one results panel: a kept result and the next one share one webview; export from the second tab; Run SQL in a new tab; closing tabs, then the panel with its last tab', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('no results tab', () => (webviewTabs('lakehouse.results').length === 0 ? true : undefined), [on.tabs]);
    const host = api.ctx;
    const firstSql = `SELECT name FROM ${DB}.people ORDER BY n`;
    const first = await ResultTab.create(host, { sql: firstSql });
    assert.equal((await first.execute()).state, 'SUCCEEDED');
    await until('the results panel', () => (webviewTabs('lakehouse.results').length === 1 ? true : undefined), [on.tabs]);
    assert.ok(first.isPreview, 'a new result is a preview');
    first.keep('test');
    const secondSql = `SELECT n, city FROM ${DB}.people WHERE city IS NOT NULL ORDER BY n DESC`;
    const second = await ResultTab.create(host, { sql: secondSql });
    assert.equal((await second.execute()).state, 'SUCCEEDED');
    // one panel, one webview: the second result is a tab inside it, and the panel is titled by it
    assert.equal(ResultsPanel.open.size, 1);
    const panel = [...ResultsPanel.open][0]!;
    assert.equal(second.panel, panel);
    assert.deepEqual(panel.tabList.map((t) => t.title), [firstSql, titleOfSql(secondSql)]);
    assert.equal(panel.active, second);
    await until('the results editor titled by the second result', () => (webviewTabs('lakehouse.results').map((t) => t.label).join() === titleOfSql(secondSql) ? true : undefined), [on.tabs]);

    // export from the second tab: its own rows (the person without a city is left out)
    const csv = path.join(tmp, 'second-tab.csv');
    assert.equal((await second.exportTo('csv', csv))?.rows, 3);
    const withCity = PEOPLE.filter((p) => p.city !== null).sort((a, b) => b.n - a.n);
    assert.equal((await fs.readFile(csv, 'utf8')).trim(), ['n,city', ...withCity.map((p) => `${p.n},${p.city}`)].join('\n'));

    // closing a tab: the panel shows its neighbour and takes its title; the last one closes the panel
    const before = webviewTabs('lakehouse.results').length;
    second.dispose();
    assert.deepEqual(panel.tabList.map((t) => t.title), [firstSql]);
    assert.equal(panel.active, first);
    first.dispose();
    assert.equal(panel.isDisposed, true);
    assert.equal(ResultsPanel.open.size, 0);
    await until('the results panel closed', () => (webviewTabs('lakehouse.results').length === before - 1 ? true : undefined), [on.tabs]);

    // "Run SQL in a new tab", through the extension's own wiring (its own copy of the panels): a new tab although a
    // preview is open, which is kept; the next query replaces the preview made last
    const thirdSql = `SELECT count(*) AS c FROM ${DB}.people`;
    const run = (request: { sql: string; newTab?: boolean }) => vscode.commands.executeCommand<InternalResult & { tabs?: string[] }>(SHOW_QUERY_RESULTS_INTERNAL, request);
    assert.deepEqual((await run({ sql: thirdSql })).tabs, [thirdSql]);
    assert.deepEqual((await run({ sql: firstSql, newTab: true })).tabs, [thirdSql, firstSql]);
    assert.deepEqual((await run({ sql: secondSql })).tabs, [thirdSql, titleOfSql(secondSql)], 'the preview tab made last takes the next query');
    await until('one results editor', () => (webviewTabs('lakehouse.results').length === 1 ? true : undefined), [on.tabs]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a failing query returns FAILED with the line and column of the error', async () => {
    const r = await vscode.commands.executeCommand<InternalResult>(SHOW_QUERY_RESULTS_INTERNAL, { sql: `SELECT name,\n  nope\nFROM ${DB}.people` });
    assert.equal(r.state, 'FAILED');
    assert.equal(r.error?.line, 2);
    assert.equal(r.error?.column, 3);
    assert.match(r.error?.message ?? '', /nope/);
  });

  it('exports the whole result to CSV, JSON and Parquet through the engine, and honours lakehouse.export.maxRows', async () => {
    const host = api.ctx;
    const exec = await (await ResultTab.create(host, { sql: `SELECT n, name FROM ${DB}.people ORDER BY n` })).execute();
    assert.equal(exec.state, 'SUCCEEDED');
    const panel = [...ResultTab.open].find((p) => p.execution?.id === exec.id);
    assert.ok(panel, 'the panel of the query');

    const csv = path.join(tmp, 'people.csv');
    assert.deepEqual(await panel.exportTo('csv', csv), { rows: 4, bytes: (await fs.stat(csv)).size });
    const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    assert.equal((await fs.readFile(csv, 'utf8')).trim(), ['n,name', ...PEOPLE.map((p) => `${p.n},${quote(p.name)}`)].join('\n'));

    const json = path.join(tmp, 'people.json');
    await panel.exportTo('json', json);
    assert.deepEqual(JSON.parse(await fs.readFile(json, 'utf8')), PEOPLE.map((p) => ({ n: p.n, name: p.name })));

    const parquet = path.join(tmp, 'people.parquet');
    assert.equal((await panel.exportTo('parquet', parquet))?.rows, 4);
    const bytes = await fs.readFile(parquet);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PAR1');
    assert.equal(bytes.subarray(bytes.length - 4).toString('latin1'), 'PAR1');

    await vscode.workspace.getConfiguration('lakehouse').update('export.maxRows', 2, vscode.ConfigurationTarget.Workspace);
    const capped = path.join(tmp, 'capped.csv');
    assert.equal((await panel.exportTo('csv', capped))?.rows, 2);
    assert.equal((await fs.readFile(capped, 'utf8')).trim(), ['n,name', ...PEOPLE.slice(0, 2).map((p) => `${p.n},${quote(p.name)}`)].join('\n'));
  });

  it('the query history keeps a result as Parquet in the data folder: Open Result shows those rows without running the query; Clear deletes it', async () => {
    const project = await api.ctx.project();
    const sql = `SELECT name, n FROM ${DB}.people ORDER BY n`;
    const ran = await vscode.commands.executeCommand<InternalResult>(SHOW_QUERY_RESULTS_INTERNAL, { sql });
    assert.equal(ran.state, 'SUCCEEDED', ran.error?.message);
    await api.ctx.keptResult;
    const entry = api.ctx.history.entries.find((e) => e.executionId === ran.id);
    assert.ok(entry?.result?.kind === 'local', `kept: ${JSON.stringify(entry)}`);
    assert.equal(entry.result.rows, PEOPLE.length);
    const file = path.join(WORKSPACE, '.lakehouse', 'cache', 'results', `${ran.id}.parquet`);
    assert.ok(existsSync(file), `${file} written`);
    const item = api.ctx.history.getTreeItem(entry);
    assert.equal(item.command?.command, 'lakehouse.history.openResult', 'a click opens the result');
    assert.match(String(item.contextValue), /^history\.succeeded\.kept$/);
    // the table changes: a query run again would see the new rows, the kept result shows the old ones
    const bucket = project.manifest.bucket;
    await target.storage.put(bucket, 'panels/people/people.json', `${JSON.stringify({ name: 'Zed', n: 9, city: 'Rome' })}\n`);
    try {
      const shown = await vscode.commands.executeCommand<{ id: string; state: string; statistics?: { rows?: number }; message?: string }>('lakehouse.history.openResult', entry);
      assert.equal(shown?.state, 'SUCCEEDED');
      assert.notEqual(shown.id, ran.id);
      assert.match(shown.message ?? '', /The result kept from .* \(4 rows\), not run again/);
      const page = await target.queries.page(shown.id);
      assert.deepEqual(page.columns.map((c) => c.name), ['name', 'n']);
      assert.deepEqual(page.rows.map((r) => [r[0], Number(r[1])]), PEOPLE.map((p) => [p.name, p.n]));
      assert.ok(!api.ctx.history.entries.some((e) => e.executionId === shown.id), 'opening a kept result adds no history entry');
    } finally {
      await target.storage.put(bucket, 'panels/people/people.json', PEOPLE.map((p) => JSON.stringify(p)).join('\n') + '\n');
    }
    await vscode.commands.executeCommand('lakehouse.history.clear');
    assert.deepEqual(api.ctx.history.entries, []);
    assert.equal(existsSync(file), false, 'Clear deletes the kept results');
  });

  it('the query history is written once the page has drawn the first rows of the result (not while it draws them)', async () => {
    const host = api.ctx;
    // nothing is written before the page's word: the history's write and the result's Parquet file would take the
    // cores (and the workbench's thread, which the page shares) while it draws the rows
    const exec: QueryExecution = { id: 'drawn-gate-test', sql: 'SELECT 1 AS one', state: 'SUCCEEDED', context: {}, submitted: new Date() };
    let open!: () => void;
    host.noteQueryFinished(exec, undefined, new Promise<void>((resolve) => (open = resolve)));
    const written = host.keptResult;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(!host.history.entries.some((e) => e.executionId === exec.id), 'not written before the rows are drawn');
    open();
    await written;
    assert.ok(host.history.entries.some((e) => e.executionId === exec.id), 'written once they are');

    // the page says when it has drawn the first rows of an execution
    const tab = await ResultTab.create(host, { sql: `SELECT name, n FROM ${DB}.people ORDER BY n` });
    const drawn = new Promise<string>((resolve) => {
      // (the panel is shared: the other tabs' pages say when they have drawn theirs)
      const listening = tab.panel.panel.webview.onDidReceiveMessage((m: { type: string; tab?: number; executionId?: string }) => {
        if (m.type !== 'drawn' || m.tab !== tab.id) return;
        listening.dispose();
        resolve(String(m.executionId));
      });
    });
    const ran = await tab.execute();
    assert.equal(ran.state, 'SUCCEEDED');
    assert.equal(await drawn, ran.id);
    tab.dispose();
  });

  it('"Show Zone Report" opens the zone report panel', async () => {
    await vscode.commands.executeCommand('lakehouse.report.show');
    await until('the zone report tab', () => webviewTabs('lakehouse.zoneReport')[0], [on.tabs]);
  });

  // last: it closes the target the tests above use
  it('a SQL editor coming into view opens the local engine in the background, once per target', async () => {
    const READY = /local engine ready in \d+ ms \(opened in the background: a SQL editor is open\)/g;
    const readyLines = (text: string): number => (text.match(READY) ?? []).length;
    /** shows a document and waits until it is the active editor (the extension's listener has run by then) */
    const show = async (doc: vscode.TextDocument): Promise<void> => {
      await vscode.window.showTextDocument(doc);
      await until(`${doc.languageId} editor active`, () => (vscode.window.activeTextEditor?.document === doc ? true : undefined), [on.activeEditor]);
    };
    // a plain-text editor first, so that the SQL editor below is a change of the active editor
    await show(await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'notes' }));
    await api.ctx.reset('panels spec: a fresh target for the warm-up');
    const before = await logUntil('the log', (t) => readyLines(t));
    const warmUps = api.ctx.warmUps;
    await show(await vscode.workspace.openTextDocument({ language: 'sql', content: 'SELECT 1' }));
    assert.equal(api.ctx.warmUps, warmUps + 1, 'a warm-up started for the SQL editor');
    await logUntil('the warm-up line in the log', (t) => (readyLines(t) === before + 1 ? true : undefined));
    // the target it opened is the one queries use, and its engine is open: no second warm-up for another SQL editor
    const t = await api.ctx.target();
    const exec = await t.queries.wait((await t.queries.start('SELECT 42')).id);
    assert.equal(exec.state, 'SUCCEEDED');
    await show(await vscode.workspace.openTextDocument({ language: 'sql', content: 'SELECT 2' }));
    assert.equal(api.ctx.warmUps, warmUps + 1, 'no second warm-up for the same target');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
