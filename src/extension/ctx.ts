// The extension's context: owns the settings, the log, the status bar, the open project and target, and the
// cleanup of all of them. Views and commands get it by constructor injection and ask it for the project and the
// target, which open lazily (DuckDB or the AWS SDK load on first use, not at activation) and close when
// lakehouse.json or the target settings change, and on deactivate.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isLakehouseError, LakehouseError } from '../core/errors';
import type { JobRun, QueryExecution } from '../core/model';
import type { Project } from '../core/project/manifest';
import type { Target } from '../core/target';
import { localTargetOptions } from './localTargetOptions';
import type { LocalTarget } from '../core/targets/local';
import type { AwsTargetApi } from './awsSettings';
import { isAwsError } from '../core/targets/aws/connection';
import { mfaCodeProblem, remedyActions } from './awsUi';
import { affectsTarget, CONFIG_SECTION, readConfig, type Config } from './config';
import { isTargetChoice, TARGET_CHOICE_KEY, withChoice, type TargetChoice } from './targetChoice';
import { TrackedQueries, trackTarget } from './trackedQueries';
import { QueryHistory } from './history/historyView';
import { Walkthrough } from './walkthrough';

export const MANIFEST_FILE = 'lakehouse.json';
/** Context keys read by package.json's `when` clauses. */
export const CONTEXT = {
  manifestFound: 'lakehouse.manifestFound',
  queryRunning: 'lakehouse.queryRunning',
  scriptFolders: 'lakehouse.scriptFolders',
  /** `local` or `aws`: the selected target (commands only the AWS target has, like Deploy Jobs) */
  targetKind: 'lakehouse.targetKind',
} as const;

/** An action offered next to an error, e.g. "Open Script" at the failing line. */
export interface ErrorAction {
  title: string;
  run: () => unknown;
}

const attachedActions = new WeakMap<object, ErrorAction[]>();

/** Attaches actions to an error (e.g. "Deploy Jobs"): {@link Ctx.showError} offers them wherever it is shown. */
export function withActions<E extends object>(e: E, actions: ErrorAction[]): E {
  attachedActions.set(e, [...(attachedActions.get(e) ?? []), ...actions]);
  return e;
}

interface Opened {
  /** the target with its queries tracked (what views and commands use) */
  target: Target;
  /** the target itself (the AWS target's connection and deployment are not on the Target interface) */
  raw: Target;
  queries: TrackedQueries;
}

/** The terminal "Run aws sso login" sends its command to. */
const LOGIN_TERMINAL = 'Lakehouse: AWS login';

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statusBar: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<void>();
  /** fires when the project or the target was reset (lakehouse.json or a target setting changed) */
  readonly onDidReset = this.changed.event;
  private readonly jobRunFinished = new vscode.EventEmitter<JobRun>();
  /** a job run started from this window finished (Run Job, the pipeline): the editor reads its node counts */
  readonly onDidFinishJobRun = this.jobRunFinished.event;
  private projectPromise: Promise<Project> | undefined;
  private opened: Promise<Opened> | undefined;
  private manifestText: string | undefined;
  private runningQueries = 0;
  /** the label of the open target ("AWS dev (eu-west-1)"), for the status bar */
  private openedLabel: string | undefined;
  private generation = 0;
  /** the opening whose engine `warmEngine` started (one warm-up per target) */
  private warmed: Promise<Opened> | undefined;
  /** how many background warm-ups `warmEngine` started in this window (one per target: the tests check it) */
  warmUps = 0;

  /** the walkthrough's steps as context keys (walkthrough.ts) */
  readonly walkthrough: Walkthrough;
  /** the project's queries (the Query History view), in workspace state */
  readonly history: QueryHistory;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Lakehouse', { log: true });
    this.walkthrough = new Walkthrough(this);
    this.history = new QueryHistory(extension.workspaceState);
    this.statusBar = vscode.window.createStatusBarItem('lakehouse.status', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'Lakehouse';
    this.disposables.push(
      this.walkthrough,
      this.history,
      this.log,
      this.statusBar,
      this.changed,
      this.jobRunFinished,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsTarget(e)) {
          this.updateTargetKind();
          void this.reset('the target settings changed');
        }
      }),
    );
    this.updateTargetKind();
    this.updateStatusBar();
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  /** The settings, with the target chosen in this window (workspace state) over them. */
  get config(): Config {
    return withChoice(readConfig(this.projectUri()), this.extension.workspaceState.get(TARGET_CHOICE_KEY));
  }

  /** The target chosen in this window, if any (else the settings decide). */
  get targetChoice(): TargetChoice | undefined {
    const c = this.extension.workspaceState.get(TARGET_CHOICE_KEY);
    return isTargetChoice(c) ? c : undefined;
  }

  /**
   * Works on `choice` from now on: kept in the workspace's state (never in the project's files), the target closed
   * and opened again on next use.
   */
  async chooseTarget(choice: TargetChoice): Promise<void> {
    await this.extension.workspaceState.update(TARGET_CHOICE_KEY, choice);
    this.updateTargetKind();
    await this.reset(`the target was switched to ${choice.target === 'aws' ? `AWS (${choice.profile || 'default chain'}${choice.region ? `, ${choice.region}` : ''})` : 'Local'}`);
  }

  // ------------------------------------------------------------------------------------------ project

  /** The first workspace folder with a lakehouse.json at its root. */
  projectRoot(): string | undefined {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (f.uri.scheme === 'file' && existsSync(path.join(f.uri.fsPath, MANIFEST_FILE))) return f.uri.fsPath;
    }
    return undefined;
  }

  projectUri(): vscode.Uri | undefined {
    const root = this.projectRoot();
    return root === undefined ? undefined : vscode.Uri.file(root);
  }

  manifestUri(): vscode.Uri | undefined {
    const root = this.projectRoot();
    return root === undefined ? undefined : vscode.Uri.file(path.join(root, MANIFEST_FILE));
  }

  /** The loaded project; a missing or invalid lakehouse.json is a LakehouseError naming the file, line and field. */
  project(): Promise<Project> {
    this.projectPromise ??= (async () => {
      const root = this.projectRoot();
      if (root === undefined)
        throw new LakehouseError('ManifestInvalid', `no ${MANIFEST_FILE} at the root of a workspace folder: create the STEDI sample project or open a folder that has one`);
      const { loadProject } = await import('../core/project/manifest');
      this.manifestText = await fs.readFile(path.join(root, MANIFEST_FILE), 'utf8').catch(() => undefined);
      const project = await loadProject(root);
      void vscode.commands.executeCommand('setContext', CONTEXT.scriptFolders, [path.resolve(root, project.manifest.scripts)]);
      return project;
    })();
    // a failed load is retried on the next call (after the user fixed lakehouse.json)
    this.projectPromise.catch(() => (this.projectPromise = undefined));
    return this.projectPromise;
  }

  /**
   * A query shown in a results tab ended: into the history, with the target it ran on; its result kept — once
   * `after` settles (the page has drawn the result's first rows: writing the history and the result's Parquet file
   * takes the cores and the workbench's thread, which the page shares, while it draws them).
   */
  noteQueryFinished(exec: QueryExecution, source?: vscode.Uri, after: Promise<void> = Promise.resolve()): void {
    const opened = this.opened;
    const before = this.keptResult;
    const target = this.openedLabel ?? this.configuredLabel(this.config);
    this.keptResult = after
      .then(() => this.history.record(exec, target, source))
      // one after another: each keep prunes what the one before kept
      .then(() => before)
      .then(() => this.keepResult(exec, opened))
      .catch((e: unknown) => this.log.warn(`keeping the result of query ${exec.id}: ${errorMessage(e)}`));
  }

  /** resolves when the latest query's history entry and its kept result are written (the tests wait for it) */
  keptResult: Promise<void> = Promise.resolve();

  /**
   * Keeps a query's result for the history's "Open Result" (history/keptResults.ts): on the local target written as
   * Parquet into the data folder's cache, within the limits; on Athena its QueryExecutionId (Athena keeps the result).
   */
  private async keepResult(exec: QueryExecution, opening: Promise<Opened> | undefined): Promise<void> {
    if (exec.state !== 'SUCCEEDED' || exec.id === 'unstarted' || opening === undefined) return;
    const { raw } = await opening;
    if (raw.kind === 'aws') {
      // (Athena's statistics have no row count: every succeeded execution has a result file)
      await this.history.setResult(exec.id, { kind: 'athena', executionId: exec.id });
      return;
    }
    if (!((exec.statistics?.rows ?? 0) > 0)) return;
    const { KEEP_FILE_BYTES, keptResultName, keptResultsDir, notKeptReason } = await import('./history/keptResults');
    const why = notKeptReason(exec.statistics?.rows);
    if (why !== undefined) {
      this.log.info(`the result of query ${exec.id} is not kept for the history: ${why}`);
      return;
    }
    const dir = keptResultsDir((raw as LocalTarget).dataDir);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, keptResultName(exec.id));
    const { rows, bytes } = await raw.queries.export(exec.id, { format: 'parquet', file });
    if (bytes > KEEP_FILE_BYTES) {
      await fs.rm(file, { force: true });
      this.log.info(`the result of query ${exec.id} is not kept for the history: ${bytes} bytes as Parquet, more than ${KEEP_FILE_BYTES}`);
      return;
    }
    await this.history.setResult(exec.id, { kind: 'local', file: path.basename(file), rows, bytes });
    await this.history.prune(dir);
  }

  /** Clears the query history and deletes the results it kept in the local data folder. */
  async clearHistory(): Promise<void> {
    await this.history.clear();
    const root = this.projectRoot();
    if (root === undefined) return;
    const { keptResultsDir } = await import('./history/keptResults');
    await this.history.prune(keptResultsDir(path.resolve(root, this.config.localDataFolder)));
  }

  /** The local data folder of the project (where kept results and downloaded objects go, whatever the target). */
  async localDataDir(): Promise<string> {
    const project = await this.project();
    return path.resolve(project.root, this.config.localDataFolder);
  }

  private scratch: Promise<LocalTarget> | undefined;

  /**
   * A local engine for files on this machine (an S3 object downloaded from AWS, a result the history kept): the
   * active target's when it is the local one (`own: false`), else one opened on the project's local data folder
   * (`own: true`: its executions are not the active target's), closed when the target is.
   */
  async fileEngine(): Promise<{ local: LocalTarget; own: boolean }> {
    const { raw } = await this.open();
    if (raw.kind === 'local') return { local: raw as LocalTarget, own: false };
    const scratch = (this.scratch ??= (async () => {
      const project = await this.project();
      const { LocalTarget } = await import('../core/targets/local');
      const local = await LocalTarget.open(project, localTargetOptions(project.root, this.config));
      this.log.info(`local engine opened on ${local.dataDir} for files shown while the target is ${raw.label}`);
      return local;
    })());
    scratch.catch(() => {
      if (this.scratch === scratch) this.scratch = undefined;
    });
    return { local: await scratch, own: true };
  }

  /** A query shown in a results tab succeeded. */
  noteQueryRan(): void {
    this.walkthrough.queryRan();
  }

  /** Whether a target is open (or opening): reading it then costs no login or engine start. */
  isTargetOpen(): boolean {
    return this.opened !== undefined;
  }

  /** The active target, opened on first use. */
  async target(): Promise<Target> {
    return (await this.open()).target;
  }

  /**
   * Opens the local target and its engine in the background, once per target, because the user is about to run
   * SQL (`why`: a SQL editor is open): the first Run SQL then does not wait for DuckDB to load. Not the AWS target:
   * opening it resolves credentials, which may prompt (SSO, a credential process). A failure is left to the first
   * real use, which reports it.
   */
  warmEngine(why: string): void {
    if (this.config.target !== 'local' || this.projectRoot() === undefined) return;
    const opening = this.open();
    if (opening === this.warmed) return;
    this.warmed = opening;
    this.warmUps++;
    const started = performance.now();
    void opening
      .then(async ({ target }) => {
        // (a target closed meanwhile is not opened again)
        if (!target.queries.warm || this.opened !== opening) return;
        await target.queries.warm();
        if (this.opened === opening) this.log.info(`local engine ready in ${Math.round(performance.now() - started)} ms (opened in the background: ${why})`);
      })
      .catch(() => undefined);
  }

  /** The active target if it is open already (nothing is opened for the asker: no DuckDB, no credentials). */
  async openTarget(): Promise<Target | undefined> {
    const opened = this.opened ? await this.opened.catch(() => undefined) : undefined;
    return opened?.target;
  }

  /** The local target when it is the active one (previews of a job's nodes run on its engine); undefined for AWS. */
  async localTarget(): Promise<LocalTarget | undefined> {
    const { raw } = await this.open();
    return raw.kind === 'local' ? (raw as LocalTarget) : undefined;
  }

  /** The AWS target when it is the active one (deployment, live logs, the connection); undefined for the local target. */
  async awsTarget(): Promise<AwsTargetApi | undefined> {
    const { raw } = await this.open();
    return raw.kind === 'aws' ? (raw as AwsTargetApi) : undefined;
  }

  /** The AWS target, or an error saying that `what` needs it. */
  async requireAws(what: string): Promise<AwsTargetApi> {
    const aws = await this.awsTarget();
    if (!aws)
      throw new LakehouseError('InvalidInput', `${what} needs the AWS target: the local target runs the scripts from the folder as they are (Lakehouse: Select Target… to switch)`, {
        field: `${CONFIG_SECTION}.target`,
      });
    return aws;
  }

  private open(): Promise<Opened> {
    if (this.opened) return this.opened;
    // a generation number tells a stale opening (the target was reset meanwhile) from the current one
    const generation = ++this.generation;
    const opening: Promise<Opened> = (this.opened = (async () => {
      const project = await this.project();
      const config = this.config;
      const started = performance.now();
      let raw: Target;
      let where: string;
      if (config.target === 'aws') {
        const [{ AwsTarget }, { awsTargetOptions }] = await Promise.all([import('../core/targets/aws'), import('./awsSettings')]);
        const aws = await AwsTarget.open(project, {
          ...awsTargetOptions(config.aws, process.env),
          // a profile assuming a role with mfa_serial: the code is asked in an input box (once: the credentials are kept)
          mfaCodeProvider: async (serial) => {
            const code = await vscode.window.showInputBox({
              title: `MFA code for ${serial}`,
              prompt: `AWS profile "${config.aws.profile || 'default'}" assumes a role that needs the code of your MFA device`,
              placeHolder: '123456',
              ignoreFocusOut: true,
              validateInput: mfaCodeProblem,
            });
            if (code === undefined) throw new LakehouseError('Cancelled', 'no MFA code was given: the AWS target was not opened');
            return code.trim();
          },
        });
        try {
          // resolve the credentials now (SSO token, credential_process, role): a problem shows at once, with its remedy
          await aws.connection.checkCredentials();
        } catch (e) {
          await aws.close().catch(() => undefined);
          throw e;
        }
        const api: AwsTargetApi = aws;
        raw = api;
        where = `region ${aws.connection.region}`;
      } else {
        const { LocalTarget } = await import('../core/targets/local');
        // runs count every node's rows: the script editor shows them above the nodes (src/extension/preview)
        const local = await LocalTarget.open(project, localTargetOptions(project.root, config, { recordNodeRows: true })).catch((e: unknown) => {
          // a limit the engine cannot take: say which setting holds it
          throw isLakehouseError(e, 'InvalidInput') && /^memory limit /.test(e.message)
            ? new LakehouseError('InvalidInput', `the setting lakehouse.local.memoryLimit: ${e.message}`, { field: 'lakehouse.local.memoryLimit' }, { cause: e })
            : e;
        });
        raw = local;
        where = local.dataDir;
      }
      const queries = new TrackedQueries(raw.queries, (n) => {
        this.runningQueries = n;
        void vscode.commands.executeCommand('setContext', CONTEXT.queryRunning, n > 0);
        this.updateStatusBar();
      });
      if (generation !== this.generation) {
        // reset while opening (another switch): this target is already stale
        await raw.close().catch(() => undefined);
        throw new LakehouseError('Cancelled', `the target ${raw.label} was replaced while it opened`);
      }
      this.log.info(`target ${raw.label} opened (${where}) in ${Math.round(performance.now() - started)} ms`);
      this.openedLabel = raw.label;
      this.updateStatusBar();
      return { target: trackTarget(raw, queries), raw, queries };
    })());
    opening.catch(() => {
      if (this.opened === opening) this.opened = undefined;
    });
    return opening;
  }

  /** Cancels the running queries; returns how many there were. */
  async cancelQueries(): Promise<number> {
    if (!this.opened) return 0;
    const { queries } = await this.opened;
    return queries.cancelAll();
  }

  /** Whether lakehouse.json on disk differs from the text the open project was loaded from. */
  async manifestChanged(): Promise<boolean> {
    const root = this.projectRoot();
    const text = root === undefined ? undefined : await fs.readFile(path.join(root, MANIFEST_FILE), 'utf8').catch(() => undefined);
    return text !== this.manifestText || (this.projectPromise === undefined && this.opened === undefined);
  }

  /** Closes the target and forgets the project; the next use opens them again. */
  async reset(reason: string): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    const scratch = this.scratch;
    this.scratch = undefined;
    if (scratch) await scratch.then((s) => s.close()).catch(() => undefined);
    this.generation++;
    this.openedLabel = undefined;
    this.projectPromise = undefined;
    this.manifestText = undefined;
    if (opened) {
      this.log.info(`closing the target: ${reason}`);
      await opened.then((o) => o.target.close()).catch((e: unknown) => this.log.warn(`closing the target: ${errorMessage(e)}`));
    }
    this.updateStatusBar();
    this.changed.fire();
  }

  // ------------------------------------------------------------------------------------------ status bar

  /** Drops the AWS clients so the next call reads the config files and resolves credentials again (after `aws sso login`). */
  async retryConnection(): Promise<void> {
    const opened = this.opened ? await this.opened.catch(() => undefined) : undefined;
    if (opened?.raw.kind === 'aws') {
      (opened.raw as AwsTargetApi).connection.refresh();
      this.log.info(`AWS connection ${opened.raw.label}: credentials will be resolved again`);
      this.changed.fire();
    } else await this.reset('retrying the AWS connection');
  }

  private updateTargetKind(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT.targetKind, this.config.target);
  }

  /** What the status bar says before the target is open: the settings' profile and region. */
  private configuredLabel(config: Config): string {
    if (config.target === 'local') return 'Local (embedded)';
    const profile = config.aws.profile || 'default chain';
    return `AWS ${profile}${config.aws.region ? ` (${config.aws.region})` : ''}`;
  }

  private updateStatusBar(): void {
    const s = this.statusBar;
    if (this.runningQueries > 0) {
      s.text = `$(sync~spin) Lakehouse: ${this.runningQueries} ${this.runningQueries === 1 ? 'query' : 'queries'} running`;
      s.tooltip = 'Click to cancel the running queries';
      s.command = 'lakehouse.query.cancel';
    } else {
      const config = this.config;
      const label = this.openedLabel ?? this.configuredLabel(config);
      s.text = `$(${config.target === 'aws' ? 'cloud' : 'database'}) ${label}`;
      s.tooltip = `Lakehouse target: ${label} — click to select another`;
      s.command = 'lakehouse.target.select';
    }
    if (this.projectRoot() !== undefined) s.show();
    else s.hide();
  }

  refreshStatusBar(): void {
    this.updateStatusBar();
  }

  // ------------------------------------------------------------------------------------------ long work and errors

  /**
   * Runs `body` under a cancellable progress notification; cancelling aborts the signal handed to the core.
   * `report` sets the message and, optionally, advances the bar by a percentage.
   */
  withProgress<T>(title: string, body: (report: (message: string, increment?: number) => void, signal: AbortSignal) => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => {
        this.log.info(`${title}: cancelled by the user`);
        controller.abort();
      });
      try {
        const run = () => body((message, increment) => progress.report({ message, ...(increment !== undefined ? { increment } : {}) }), controller.signal);
        // on AWS every call made under the progress carries its cancellation, even calls that take no signal
        const opened = this.opened ? await this.opened.catch(() => undefined) : undefined;
        if (opened?.raw.kind === 'aws') return await (opened.raw as AwsTargetApi).connection.withSignal(controller.signal, run);
        return await run();
      } finally {
        sub.dispose();
      }
    });
  }

  /** Tells the window a job run it started has finished. */
  noteJobRunFinished(run: JobRun): void {
    this.jobRunFinished.fire(run);
  }

  /** A file named by an error's detail (relative to the project), as a URI with the position to reveal. */
  errorLocation(e: unknown): { uri: vscode.Uri; position: vscode.Position } | undefined {
    if (!isLakehouseError(e) || e.detail.file === undefined) return undefined;
    const root = this.projectRoot();
    const file = path.isAbsolute(e.detail.file) || root === undefined ? e.detail.file : path.join(root, e.detail.file);
    if (!existsSync(file)) return undefined;
    const position = new vscode.Position(Math.max(0, (e.detail.line ?? 1) - 1), Math.max(0, (e.detail.column ?? 1) - 1));
    return { uri: vscode.Uri.file(file), position };
  }

  /**
   * Logs an error and shows it with "Show Log" and, when it names a file and line, an action opening it there.
   * A cancellation is reported as such, not as a failure.
   */
  async showError(what: string, e: unknown, actions: ErrorAction[] = [], options: { logged?: boolean } = {}): Promise<void> {
    const message = errorMessage(e);
    if (isLakehouseError(e, 'Cancelled')) {
      this.log.info(`${what}: ${message}`);
      void vscode.window.showInformationMessage(`${what}: cancelled. ${message}`);
      return;
    }
    // (`logged`: the caller logged it already, with its position)
    if (!options.logged) this.log.error(`${what} failed: ${message}`);
    if (!isLakehouseError(e) && e instanceof Error && e.stack) this.log.debug(e.stack);
    const all: ErrorAction[] = [...actions, ...(typeof e === 'object' && e !== null ? (attachedActions.get(e) ?? []) : []), ...this.remedies(e)];
    const at = this.errorLocation(e);
    if (at && !actions.length) {
      const name = `${path.basename(at.uri.fsPath)}:${at.position.line + 1}`;
      all.push({ title: `Open ${name}`, run: () => revealPosition(at.uri, at.position) });
    }
    all.push({ title: 'Show Log', run: () => this.log.show(true) });
    const picked = await vscode.window.showErrorMessage(`${what} failed: ${message}`, ...all.map((a) => a.title));
    await all.find((a) => a.title === picked)?.run();
  }

  /**
   * The actions an AWS error's remedy offers: run `aws sso login` in a terminal (then retry), switch the region; a
   * credentials problem also offers "Connect to AWS…" (another profile) and "Back to Local".
   */
  private remedies(e: unknown): ErrorAction[] {
    const connect: ErrorAction[] = isAwsError(e, 'Credentials')
      ? [
          { title: 'Connect to AWS…', run: () => vscode.commands.executeCommand('lakehouse.aws.connect') },
          { title: 'Back to Local', run: () => this.chooseTarget({ target: 'local' }) },
        ]
      : [];
    return [...connect, ...remedyActions(e).map((r): ErrorAction => {
      if (r.kind === 'region')
        return {
          title: r.title,
          run: async () => {
            await this.chooseTarget({ target: 'aws', profile: this.config.aws.profile, region: r.region });
            this.log.info(`AWS region switched to ${r.region}`);
          },
        };
      return { title: r.title, run: () => this.runRemedyCommand(r.command) };
    })];
  }

  /** Sends `command` (e.g. `aws sso login --profile dev`) to a terminal, then offers "Retry" once it has finished. */
  async runRemedyCommand(command: string): Promise<void> {
    const terminal = vscode.window.terminals.find((t) => t.name === LOGIN_TERMINAL) ?? vscode.window.createTerminal({ name: LOGIN_TERMINAL });
    terminal.show();
    terminal.sendText(command);
    this.log.info(`sent \`${command}\` to the terminal "${LOGIN_TERMINAL}"`);
    const answer = await vscode.window.showInformationMessage(`Finish \`${command}\` in the terminal, then retry.`, 'Retry');
    if (answer === 'Retry') await this.retryConnection();
  }

  dispose(): void {
    void this.reset('the extension is deactivating');
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

/** Opens a file with the cursor at a position, revealed in the middle of the editor. */
export async function revealPosition(uri: vscode.Uri, position: vscode.Position): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
