// The walkthrough's progress as context keys: each step of "Build the STEDI lakehouse" completes on what happened
// (package.json: `completionEvents: ["onContext:lakehouse.dataUploaded"]`, …), however it happened — the step's own
// button, a notification's, a context menu, the CLI in the terminal. The target's state is read again after our
// commands and when the local data folder changes (debounced); a query run and the report shown are noted as
// they happen.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { targetProgress, WALKTHROUGH_KEYS } from './walkthroughProgress';

export class Walkthrough implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly values = new Map<string, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly ctx: Ctx) {}

  /** Starts watching: the target's state is read now (local target) and after each reset. */
  start(): void {
    this.disposables.push(this.ctx.onDidReset(() => this.watchLocalData()));
    this.watchLocalData();
  }

  /** Sets a step's key (true once it happened). */
  private set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  /** A query ran to its end with a result (Run SQL, Preview Table). */
  queryRan(): void {
    this.set(WALKTHROUGH_KEYS.queryRan, true);
  }

  /** The zone report was shown. */
  reportShown(): void {
    this.set(WALKTHROUGH_KEYS.reportShown, true);
  }

  /** The AWS setup was checked (Check AWS Setup, from the palette, the tree or a notification's button). */
  awsSetupChecked(): void {
    this.set(WALKTHROUGH_KEYS.awsSetupChecked, true);
  }

  /** The value of a step's key as last set (for tests). */
  value(key: string): boolean {
    return this.values.get(key) === true;
  }

  /**
   * Reads the steps' state from the open target (`why` is logged). Only a target already open is read, and the
   * local one (opening AWS resolves credentials, which may prompt). Runs are serialised: a check asked for during
   * one runs once more after it.
   */
  check(why: string): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.read(why);
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(why: string): Promise<void> {
    if (this.ctx.projectRoot() === undefined) return;
    if (this.ctx.config.target !== 'local' && !this.ctx.isTargetOpen()) return;
    try {
      const [project, target] = await Promise.all([this.ctx.project(), this.ctx.target()]);
      const p = await targetProgress(project, target);
      this.set(WALKTHROUGH_KEYS.dataUploaded, p.dataUploaded);
      this.set(WALKTHROUGH_KEYS.tablesCreated, p.tablesCreated);
      this.set(WALKTHROUGH_KEYS.pipelineRan, p.pipelineRan);
      this.ctx.log.debug(`walkthrough (${why}): data uploaded ${p.dataUploaded}, tables ${p.tablesCreated}, pipeline ${p.pipelineRan}`);
    } catch (e) {
      this.ctx.log.debug(`walkthrough (${why}): not read: ${String(e)}`);
    }
  }

  /** Local target: the data folder changing (the CLI in a terminal, another window) reads the state again. */
  private watchLocalData(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    const root = this.ctx.projectRoot();
    if (root === undefined || this.ctx.config.target !== 'local') return;
    const data = path.resolve(root, this.ctx.config.localDataFolder);
    // the catalog file, the job runs and the objects: what the steps look at
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(data), '{catalog.json,runs/**,s3/**}'));
    const later = (): void => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.check('the data folder changed'), 1000);
    };
    this.watcher.onDidCreate(later);
    this.watcher.onDidChange(later);
    this.watcher.onDidDelete(later);
    void this.check('the target opened');
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
