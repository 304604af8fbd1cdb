// Glue Studio's data preview and canvas in a real VS Code (extension host): the CodeLens above a STEDI script's
// nodes, a preview's rows in the results grid (the node's rows: counted here from the landing files, independently),
// the lens and the inlay hint showing the figures afterwards, the job graph's model as the page drew it, the graph
// following an edit (a refused construct marked at its node, with a diagnostic), a sink's schema diff as a
// diagnostic, Run to here, and the counts of a job run. Every wait is on an event that can change the answer.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { planUpload, upload } from '../../../src/core/actions/upload';
import type { Target } from '../../../src/core/target';
import type { LakehouseApi } from '../../../src/extension/extension';
import type { JobRun, QueryExecution } from '../../../src/core/model';

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';
const WORKSPACE = process.env.LAKEHOUSE_TEST_WORKSPACE ?? '';
const JOB = 'customer_landing_to_trusted';
const SOURCE = 'CustomerLanding_node1718049871201';
const SQL_NODE = 'ResearchConsent_node1718049902544';

/**
 * The first value of `probe()` that is not undefined: checked now, then each time one of `events` fires. No time
 * limit of its own (mocha's timeout catches a hang).
 */
async function until<T>(probe: () => Promise<T | undefined> | T | undefined, events: vscode.Event<unknown>[]): Promise<T> {
  const subs: vscode.Disposable[] = [];
  try {
    return await new Promise<T>((resolve, reject) => {
      let checking = false;
      let again = false;
      const check = async (): Promise<void> => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            const v = await probe();
            if (v !== undefined) return resolve(v);
          } while (again);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        } finally {
          checking = false;
        }
      };
      for (const e of events) subs.push(e(() => void check()));
      void check();
    });
  } finally {
    for (const s of subs) s.dispose();
  }
}

/** The customers of the landing files, as JSON lines parsed here. */
async function landingCustomers(): Promise<Record<string, unknown>[]> {
  const dir = path.join(WORKSPACE, 'data', 'customer', 'landing');
  const rows: Record<string, unknown>[] = [];
  for (const f of (await fs.readdir(dir)).sort()) for (const line of (await fs.readFile(path.join(dir, f), 'utf8')).split('\n')) if (line.trim() !== '') rows.push(JSON.parse(line) as Record<string, unknown>);
  return rows;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('Glue script previews, CodeLens and the job graph', function () {
  this.timeout(180_000);
  let api: LakehouseApi;
  let target: Target;
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let consenting: number;
  let landing: number;

  const lenses = async (): Promise<vscode.CodeLens[]> => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  const lensTitles = async (line: number): Promise<string[]> => (await lenses()).filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');

  before(async () => {
    assert.ok(WORKSPACE, 'LAKEHOUSE_TEST_WORKSPACE is set by the launcher');
    const ext = vscode.extensions.getExtension<LakehouseApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    if (!existsSync(path.join(WORKSPACE, 'lakehouse.json')))
      await vscode.commands.executeCommand('lakehouse.project.createSample', vscode.Uri.file(WORKSPACE), { customers: 40, accelerometerRows: 400, seed: 3 });
    const project = await until(() => api.ctx.project().catch(() => undefined), [api.ctx.onDidReset]);
    target = await api.ctx.target();
    if (!(await target.catalog.database(project.manifest.database))) await vscode.commands.executeCommand('lakehouse.catalog.createTables');
    const bucket = project.manifest.bucket;
    const present = await target.storage.list(bucket, { prefix: 'customer/landing/' }).catch(() => undefined);
    if (!present || present.objects.length === 0) await upload(target, await planUpload(project, path.join(WORKSPACE, 'data')));
    const customers = await landingCustomers();
    landing = customers.length;
    // the SQL node keeps the customers whose shareWithResearchAsOfDate is not null (absent keys are NULL)
    consenting = customers.filter((c) => c['shareWithResearchAsOfDate'] !== undefined && c['shareWithResearchAsOfDate'] !== null).length;
    assert.ok(consenting > 0 && consenting < landing, 'the sample has customers who consented and customers who did not');
    uri = vscode.Uri.file(path.join(WORKSPACE, 'glue-scripts', `${JOB}.py`));
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    api?.preview.graphPanel()?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('puts "Preview", "Run to here" and "Count rows" above each node and the sink', async () => {
    const text = doc.getText();
    const sqlLine = lineOf(text, `${SQL_NODE} = sparkSqlQuery`);
    const titles = await until(async () => {
      const t = await lensTitles(sqlLine);
      return t.length > 0 ? t : undefined;
    }, [api.preview.codeLens.onDidChangeCodeLenses]);
    assert.equal(titles[0]!.startsWith('Preview'), true, titles.join(' | '));
    assert.ok(titles.includes('Run to here'));
    const all = await lenses();
    const lines = [...new Set(all.map((l) => l.range.start.line))].sort((a, b) => a - b);
    assert.deepEqual(lines, [lineOf(text, `${SOURCE} =`), sqlLine, lineOf(text, 'glueContext.getSink(')]);
    for (const l of all) assert.ok(l.command && /^lakehouse\.preview\./.test(l.command.command), l.command?.command);
  });

  it('the lens previews the node: its rows in the results grid, then its figures in the lens and an inlay hint', async () => {
    const text = doc.getText();
    const sqlLine = lineOf(text, `${SQL_NODE} = sparkSqlQuery`);
    const lens = (await lenses()).find((l) => l.range.start.line === sqlLine && l.command?.command === 'lakehouse.preview.node')!;
    const exec = await vscode.commands.executeCommand<QueryExecution>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(exec?.state, 'SUCCEEDED', exec?.error?.message);
    await until(() => webviewTabs('lakehouse.results').find((t) => t.label.startsWith('Preview: Research Consent')), [vscode.window.tabGroups.onDidChangeTabs]);
    assert.equal(exec.statistics?.rows, consenting);
    const page = await target.queries.page(exec.id, { maxRows: 1000 });
    assert.deepEqual(
      page.columns.map((c) => c.name),
      ['customerName', 'email', 'phone', 'birthDay', 'serialNumber', 'registrationDate', 'lastUpdateDate', 'shareWithResearchAsOfDate', 'shareWithPublicAsOfDate', 'shareWithFriendsAsOfDate'],
    );
    const emails = new Set((await landingCustomers()).filter((c) => c['shareWithResearchAsOfDate'] != null).map((c) => c['email']));
    assert.deepEqual(new Set(page.rows.map((r) => r[1])), emails);
    // the figures in the lens and after the line
    const title = await until(async () => (await lensTitles(sqlLine)).find((t) => t.startsWith(`Preview · ${consenting.toLocaleString('en-US')} rows`)), [api.preview.codeLens.onDidChangeCodeLenses]);
    assert.equal(title, `Preview · ${consenting.toLocaleString('en-US')} rows · 10 columns`);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0));
    const hint = hints.find((h) => h.position.line === sqlLine);
    assert.ok(hint, `an inlay hint on line ${sqlLine + 1}`);
    assert.equal(typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''), `${consenting.toLocaleString('en-US')} rows · 10 cols`);
  });

  it('the job graph beside the script: the page draws its nodes (sources, the SQL Query, the target)', async () => {
    const drawn = new Promise<{ nodes: number }>((resolve) => {
      const d = api.preview.onDidRenderGraph((r) => {
        if (r.uri === uri.toString()) {
          d.dispose();
          resolve(r);
        }
      });
    });
    const t0 = performance.now();
    await vscode.commands.executeCommand('lakehouse.preview.showGraph', uri);
    const t1 = performance.now();
    const rendered = await drawn;
    // a figure for the record (not an assertion). On VS Code 1.100 (this suite's code-server) a webview opened after
    // another can wait ~30 s before its page loads — the workbench's webview frame logs "Found unexpected service
    // worker controller … Waiting for controllerchange" — before our page runs at all
    console.log(`      the graph panel: shown ${Math.round(t1 - t0)} ms, drawn ${Math.round(performance.now() - t0)} ms after the command`);
    assert.equal(webviewTabs('lakehouse.jobGraph').length, 1, 'one job graph tab');
    assert.equal(api.preview.graphPanel()?.panel.title, `Job graph: ${JOB}`);
    assert.equal(rendered.nodes, 3);
    const state = api.preview.docs.state(uri)!;
    assert.deepEqual(
      state.graph.nodes.map((n) => [n.category, n.type, n.name]),
      [
        ['source', 'AWS Glue Data Catalog', 'Customer Landing'],
        ['transform', 'SQL Query', 'Research Consent'],
        ['target', 'AWS Glue Data Catalog', 'Customer Trusted'],
      ],
    );
  });

  it('follows an edit as it is typed: a refused construct is a node of the graph and a diagnostic at its line', async () => {
    const text = doc.getText();
    const at = lineOf(text, '# Script generated for node Customer Trusted');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(at, 0), '# Script generated for node Doubled\nDoubled_node9 = Map.apply(frame=ResearchConsent_node1718049902544, f=lambda r: r)\n');
    let changedAt = 0;
    const changeSub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString() && changedAt === 0) changedAt = performance.now();
    });
    let readAt = 0;
    const readSub = api.preview.docs.onDidChange(() => {
      if (api.preview.docs.state(uri)?.graph.nodes.some((n) => n.category === 'refused') && readAt === 0) readAt = performance.now();
    });
    let pageMs = 0;
    let roundTrip = 0;
    const rendered = new Promise<void>((resolve) => {
      const d = api.preview.onDidRenderGraph((r) => {
        const g = api.preview.docs.state(uri)?.graph;
        if (g?.nodes.some((n) => n.category === 'refused')) {
          pageMs = r.ms;
          roundTrip = r.roundTripMs ?? 0;
          d.dispose();
          readSub.dispose();
          changeSub.dispose();
          resolve();
        }
      });
    });
    const typed = performance.now();
    assert.ok(await vscode.workspace.applyEdit(edit));
    await rendered;
    // figures for the record (not assertions): from the edit to the page's drawing, the debounce included
    const since = (t: number) => Math.round(t - changedAt);
    console.log(
      `      graph after an edit (ms from the extension host's change event): read ${since(readAt)} (reading itself ${Math.round(api.preview.docs.state(uri)!.readMs)}, after the pause for typing), ` +
        `the page's answer ${since(performance.now())} (post → page → answer ${Math.round(roundTrip)}, of which the page's layout and drawing ${Math.round(pageMs)}); the edit's own trip to the workbench and back ${Math.round(changedAt - typed)}`,
    );
    const graph = api.preview.docs.state(uri)!.graph;
    const refused = graph.nodes.find((n) => n.category === 'refused')!;
    assert.equal(refused.name, 'Doubled');
    assert.equal(refused.line, at + 2);
    assert.deepEqual(graph.edges.filter((e) => e.to === 'refused').map((e) => e.from), [SQL_NODE]);
    const diag = await until(() => vscode.languages.getDiagnostics(uri).find((d) => /Map\.apply cannot run on the local engine/.test(d.message)), [vscode.languages.onDidChangeDiagnostics]);
    assert.equal(diag.range.start.line, at + 1);
    // undone: the refusal goes
    await vscode.commands.executeCommand('undo');
    await until(() => (vscode.languages.getDiagnostics(uri).some((d) => /Map\.apply/.test(d.message)) ? undefined : true), [vscode.languages.onDidChangeDiagnostics]);
    assert.equal(doc.getText(), text);
  });

  it('a sink whose write would change its catalog table\'s columns: a diagnostic before the job runs', async () => {
    const text = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    const from = doc.positionAt(text.indexOf('select customername, email, phone'));
    edit.replace(uri, new vscode.Range(from, from.translate(0, 'select customername, email, phone'.length)), 'select customername, email, cast(1.5 as double) as score');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diag = await until(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'schema-diff'), [vscode.languages.onDidChangeDiagnostics]);
    const table = `${(await api.ctx.project()).manifest.database}.customer_trusted`;
    assert.ok(diag.message.startsWith(`Customer Trusted: writing updates the columns of ${table}: it adds score double; drops phone string`), diag.message);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diag.range.start.line, lineOf(text, 'glueContext.getSink('));
    await vscode.commands.executeCommand('undo');
    await until(() => (vscode.languages.getDiagnostics(uri).some((d) => d.code === 'schema-diff') ? undefined : true), [vscode.languages.onDidChangeDiagnostics]);
  });

  it('Run to here shows the node\'s rows and writes nothing', async () => {
    const before = await target.storage.list((await api.ctx.project()).manifest.bucket, { prefix: 'customer/trusted/' });
    const final = await api.preview.preview(uri, SOURCE, 'script');
    assert.equal(final?.state, 'SUCCEEDED', final?.error?.message);
    assert.equal(final?.statistics?.rows, landing);
    const after = await target.storage.list((await api.ctx.project()).manifest.bucket, { prefix: 'customer/trusted/' });
    assert.deepEqual(after.objects.map((o) => [o.key, o.size]), before.objects.map((o) => [o.key, o.size]));
  });

  it('after a run of the job, the lenses and hovers show the counts the run recorded', async () => {
    const run = await vscode.commands.executeCommand<JobRun | undefined>('lakehouse.job.run', uri);
    assert.equal(run?.state, 'SUCCEEDED');
    assert.deepEqual(run?.nodeRows, { [SOURCE]: landing, [SQL_NODE]: consenting });
    const sourceLine = lineOf(doc.getText(), `${SOURCE} =`);
    const hoverText = async (): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(sourceLine, 2));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    };
    // Run Job tells the editor its run finished (runs of the CLI arrive through a file watcher): the lenses change
    // when the run's counts are read
    const text = await until(async () => {
      const t = await hoverText();
      return /job's last run/.test(t) ? t : undefined;
    }, [api.preview.codeLens.onDidChangeCodeLenses]);
    assert.match(text, new RegExp(`${landing.toLocaleString('en-US')} rows`));
    assert.deepEqual(await lensTitles(sourceLine), [`Preview · ${landing.toLocaleString('en-US')} rows · 10 columns`, 'Run to here']);
  });
});
