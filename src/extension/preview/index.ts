// Glue Studio's data preview and canvas in the editor: the commands that preview a node of a script (its rows in the
// results grid), run the script to a node, count every node's rows and show the job's graph — and the registration
// of the CodeLens, inlay hints, hovers, diagnostics and the graph panel. Previews run on the local engine and write
// nothing (src/core/targets/local/preview.ts).
import * as vscode from 'vscode';
import { LakehouseError } from '../../core/errors';
import type { QueryExecution } from '../../core/model';
import type { LocalTarget } from '../../core/targets/local';
import { JOB_GRAPH_VIEW_TYPE, type GraphPanelState } from '../../webview/jobGraph/protocol';
import type { Ctx } from '../ctx';
import { showComputedResults, type ExecutionSource } from '../panels';
import { command } from '../commands/register';
import { webviewOptions } from '../panels/html';
import { reshapeSql } from '../panels/resultQuery';
import { NodeCodeLens, NodeHover, NodeInlayHints, PREVIEW_COMMANDS, SCRIPT_SELECTOR, ScriptDiagnostics } from './editorFeatures';
import { JobGraphPanel, type GraphRendered } from './graphPanel';
import { JobDocuments, type JobDocState } from './jobDocuments';
import { figuresFromOutputs, figuresFromPreview, lensNodes } from './model';

/** What the extension-host tests reach (through LakehouseApi.preview). */
export interface PreviewApi {
  docs: JobDocuments;
  codeLens: NodeCodeLens;
  inlayHints: NodeInlayHints;
  diagnostics: ScriptDiagnostics;
  /** previews a node of a script and resolves with the final execution */
  preview(uri: vscode.Uri, nodeId: string, scope?: 'node' | 'script'): Promise<QueryExecution | undefined>;
  graphPanel(): JobGraphPanel | undefined;
  /** a graph page drew a model (of `uri`, with `nodes` nodes, in `ms`) */
  onDidRenderGraph: vscode.Event<GraphRendered>;
}

/** Rows of each source a preview reads: `lakehouse.preview.sampleRows` (0 or less: the whole data). */
function sampleRows(uri: vscode.Uri): number | undefined {
  const v = vscode.workspace.getConfiguration('lakehouse', uri).get<number>('preview.sampleRows', 0);
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
}

export function registerPreview(ctx: Ctx, context: vscode.ExtensionContext): PreviewApi {
  const docs = new JobDocuments(ctx);
  const codeLens = new NodeCodeLens(docs);
  const inlayHints = new NodeInlayHints(docs);
  const diagnostics = new ScriptDiagnostics(docs);

  /** The reading of a script and the local target its previews run on. */
  const prepare = async (uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; state: JobDocState; local: LocalTarget }> => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const state = await docs.current(doc);
    if (state === undefined) throw new LakehouseError('InvalidInput', `${vscode.workspace.asRelativePath(uri)} is not a Glue script of this project: the jobs are the scripts in the project's scripts folder`, { file: uri.fsPath });
    const local = await ctx.localTarget();
    if (local === undefined)
      throw new LakehouseError('InvalidInput', 'previews run on the local engine, over the local data: select the local target (Lakehouse: Select Target…) to preview a node', { field: 'lakehouse.target' });
    return { doc, state, local };
  };

  const preview = async (
    uri: vscode.Uri,
    nodeId: string,
    scope: 'node' | 'script' = 'node',
    signal?: AbortSignal,
    viewColumn?: vscode.ViewColumn,
  ): Promise<QueryExecution | undefined> => {
    const { state, local } = await prepare(uri);
    const node = state.graph.nodes.find((n) => n.id === nodeId);
    if (node?.preview === undefined)
      throw new LakehouseError('InvalidInput', node ? `${node.name} has no rows of its own to preview${node.error ? `: ${node.error}` : ''}` : `the script has no node ${nodeId} (any more)`, { file: state.scriptPath });
    const target = node.preview;
    const { startPreview, startReshape, previewLabel } = await import('../../core/targets/local/preview');
    const { plan, sigs } = state;
    const sample = sampleRows(uri);
    const tag = scope === 'script' ? 'run to here' : 'preview';
    const source: ExecutionSource = {
      start: async () => {
        const started = await startPreview(plan, target, local.preview, {
          scope,
          ...(sample !== undefined ? { sample } : {}),
          ...(signal ? { signal } : {}),
          log: (line) => ctx.log.info(`[${tag} ${node.name}] ${line}`),
        });
        void started.done.then((p) => docs.addFigures(uri, figuresFromPreview(node.id, p, sigs, Date.now())));
        return started.execution;
      },
      reshape: (_target, base, columns, view) => startReshape(local.queries, base, (relation) => reshapeSql(`SELECT * FROM ${relation}`, columns, view)),
    };
    const label = previewLabel(plan, target);
    ctx.log.info(`${tag}: ${label}${sample !== undefined ? ` (each source's first ${sample} records)` : ''}`);
    return showComputedResults(ctx, { sql: label, source: { uri, range: new vscode.Range(0, 0, 0, 0) }, ...(viewColumn !== undefined ? { viewColumn } : {}) }, source);
  };

  /** The node of the script whose line is the cursor's, or the nearest above it. */
  const nodeAtCursor = async (): Promise<{ uri: vscode.Uri; node: string } | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return undefined;
    const state = await docs.current(editor.document);
    if (state === undefined) throw new LakehouseError('InvalidInput', 'the active editor is not a Glue script of this project');
    const line = editor.selection.active.line + 1;
    const nodes = lensNodes(state.graph).filter((n) => n.line <= line);
    const node = nodes[nodes.length - 1] ?? lensNodes(state.graph)[0];
    return node ? { uri: editor.document.uri, node: node.id } : undefined;
  };

  const uriOf = (arg: unknown): vscode.Uri | undefined => (arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri);

  const countRows = async (uri: vscode.Uri): Promise<void> => {
    const { state, local } = await prepare(uri);
    const sample = sampleRows(uri);
    const { planOutputs } = await import('../../core/targets/local/preview');
    const outputs = await ctx.withProgress(`Counting the rows of every node of ${state.jobName}`, (_report, signal) =>
      planOutputs(state.plan, local.preview, { counts: true, signal, ...(sample !== undefined ? { sample } : {}) }),
    );
    docs.addFigures(uri, figuresFromOutputs(outputs, state.sigs, Date.now(), 'counts'));
    ctx.log.info(`counted the rows of ${outputs.nodes.filter((n) => n.rows !== undefined).length} node(s) of ${state.scriptPath} in ${outputs.elapsedMs} ms`);
    if (outputs.error) throw new LakehouseError('SqlError', outputs.error.message, { file: state.scriptPath, ...(outputs.error.line !== undefined ? { line: outputs.error.line } : {}) });
  };

  const graphActions = { preview: (uri: vscode.Uri, node: string, viewColumn?: vscode.ViewColumn) => preview(uri, node, 'node', undefined, viewColumn) };

  context.subscriptions.push(
    docs,
    codeLens,
    inlayHints,
    diagnostics,
    vscode.languages.registerCodeLensProvider(SCRIPT_SELECTOR, codeLens),
    vscode.languages.registerInlayHintsProvider(SCRIPT_SELECTOR, inlayHints),
    vscode.languages.registerHoverProvider(SCRIPT_SELECTOR, new NodeHover(docs)),
    // each resolves with the final execution it showed (tests read its rows through the engine)
    command(ctx, PREVIEW_COMMANDS.preview, 'Preview', async (uri?: vscode.Uri, node?: string) => {
      const at = uri && node ? { uri, node } : await nodeAtCursor();
      if (!at) return undefined;
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Lakehouse: previewing' }, () => preview(at.uri, at.node));
    }),
    command(ctx, PREVIEW_COMMANDS.atCursor, 'Preview', async () => {
      const at = await nodeAtCursor();
      return at ? preview(at.uri, at.node) : undefined;
    }),
    command(ctx, PREVIEW_COMMANDS.runToHere, 'Run to here', async (uri?: vscode.Uri, node?: string) => {
      const at = uri && node ? { uri, node } : await nodeAtCursor();
      if (!at) return undefined;
      const final = await ctx.withProgress('Running the script to here (nothing is written)', (_report, signal) => preview(at.uri, at.node, 'script', signal));
      if (final?.state === 'SUCCEEDED') ctx.log.show(true);
      return final;
    }),
    command(ctx, PREVIEW_COMMANDS.countRows, 'Counting rows', async (uri?: unknown) => {
      const u = uriOf(uri);
      if (u) await countRows(u);
    }),
    command(ctx, PREVIEW_COMMANDS.showGraph, 'Showing the job graph', async (uri?: unknown) => {
      const u = uriOf(uri);
      if (!u) throw new LakehouseError('InvalidInput', 'open a Glue script of the project to see its graph');
      await JobGraphPanel.show(ctx, docs, graphActions, await vscode.workspace.openTextDocument(u));
    }),
    vscode.window.registerWebviewPanelSerializer(JOB_GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        panel.webview.options = webviewOptions(ctx.extensionUri);
        JobGraphPanel.restore(ctx, docs, graphActions, panel, state as GraphPanelState | undefined);
      },
    }),
    { dispose: () => JobGraphPanel.current?.dispose() },
  );
  return {
    docs,
    codeLens,
    inlayHints,
    diagnostics,
    preview: (uri, node, scope) => preview(uri, node, scope),
    graphPanel: () => JobGraphPanel.current,
    onDidRenderGraph: JobGraphPanel.onDidRenderAny,
  };
}
