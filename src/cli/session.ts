/**
 * One invocation of the CLI: its global options, the project and target it opens, progress on stderr, stdout that
 * stops quietly when its reader goes (`… | head`), and Ctrl-C stopping what runs.
 */
import type { Command } from 'commander';
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadProject, MANIFEST_FILE, type Project } from '../core/project/manifest';
import type { Target } from '../core/target';
import { LocalTarget } from '../core/targets/local';
import type { AwsTarget } from '../core/targets/aws';
import { sharedCacheDir } from '../core/userCache';
import { awsSettingsFromEnv, terminalMfaCode, type AwsCliOptions } from './aws';
import { formatDuration } from './format';

export interface GlobalOptions extends AwsCliOptions {
  dir?: string;
  target: string;
  dataDir?: string;
  memoryLimit?: string;
  quiet?: boolean;
}

export class Progress {
  constructor(private readonly quiet: boolean) {}
  info(line: string): void {
    if (!this.quiet) process.stderr.write(`${line}\n`);
  }
  /** a warning: printed even with -q */
  warn(line: string): void {
    process.stderr.write(`${line}\n`);
  }
  /** runs a step, printing its name and how long it took */
  async step<T>(label: string, body: () => Promise<T>, summary?: (v: T) => string): Promise<T> {
    const t0 = performance.now();
    if (!this.quiet) process.stderr.write(`• ${label}…`);
    try {
      const v = await body();
      if (!this.quiet) process.stderr.write(` ${summary ? `${summary(v)}, ` : ''}${formatDuration(performance.now() - t0)}\n`);
      return v;
    } catch (e) {
      if (!this.quiet) process.stderr.write(' failed\n');
      throw e;
    }
  }
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** The project folder: `--dir`, else the nearest folder upwards holding lakehouse.json. */
export function projectRoot(opts: GlobalOptions): string {
  if (opts.dir) return path.resolve(opts.dir);
  let d = process.cwd();
  for (;;) {
    if (existsSync(path.join(d, MANIFEST_FILE))) return d;
    const up = path.dirname(d);
    if (up === d) return process.cwd();
    d = up;
  }
}

export async function openTarget(project: Project, opts: GlobalOptions, signal?: AbortSignal): Promise<Target> {
  if (opts.target === 'aws') return openAws(project, opts, signal);
  // plans and translations that hold for any project: in the user's cache folder too, so that a data folder made
  // anew does not read the same scripts and queries again (planStore.ts)
  const shared = sharedCacheDir();
  return LocalTarget.open(project, {
    ...(opts.dataDir ? { dataDir: path.resolve(opts.dataDir) } : {}),
    ...(opts.memoryLimit !== undefined ? { memoryLimit: opts.memoryLimit } : {}),
    ...(shared !== undefined ? { sharedCacheDir: shared } : {}),
  });
}

/**
 * The AWS target: every call carries `signal` (Ctrl-C stops the request in flight, not only the polling), and a
 * profile that assumes a role with MFA asks for the code on the terminal.
 */
export async function openAws(project: Project, opts: GlobalOptions, signal?: AbortSignal): Promise<AwsTarget> {
  const { AwsTarget } = await import('../core/targets/aws');
  const holder: { profile: string } = { profile: opts.profile ?? process.env['AWS_PROFILE'] ?? 'default' };
  const target = await AwsTarget.open(project, {
    ...awsSettingsFromEnv(opts, process.env),
    ...(signal ? { signal } : {}),
    mfaCodeProvider: terminalMfaCode(() => holder.profile),
  });
  holder.profile = target.connection.profile;
  return target;
}

/**
 * How this invocation was stopped early, if it was. `interrupted`: SIGINT (Ctrl-C) reached a command; it stops what
 * it is doing (a running job is stopped, a query cancelled) and the CLI exits 130 (128 + SIGINT, the shell's
 * convention) however the command ended. `outputClosed`: the reader of stdout or stderr went away (`… | head`); the
 * command stops quietly and the CLI exits 141 (128 + SIGPIPE, as a tool killed by SIGPIPE).
 */
export const session: { interrupted: boolean; outputClosed: boolean; outputError?: Error; controller?: AbortController } = { interrupted: false, outputClosed: false };

/** Writes to stdout; nothing once its reader has gone. */
export function print(text: string): void {
  if (!session.outputClosed) process.stdout.write(text);
}

/** An error of stdout or stderr: a closed pipe stops the command quietly; any other is reported once stopped. */
export function onOutputError(e: NodeJS.ErrnoException): void {
  if (session.outputClosed) return;
  session.outputClosed = true;
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') session.outputError = e;
  session.controller?.abort();
}

/** Waits until what was written to stdout has gone out (or failed: a reader gone after the last write). */
export async function stdoutFlushed(): Promise<void> {
  if (session.outputClosed || process.stdout.destroyed) return;
  await new Promise<void>((resolve) =>
    process.stdout.write('', (e) => {
      if (e) onOutputError(e);
      resolve();
    }),
  );
}

/** How many requests may wait on a command's signal at once before Node warns (a leak would pass it: they end). */
const COMMAND_SIGNAL_LISTENERS = 256;

export async function withTarget<T>(cmd: Command, body: (project: Project, target: Target, progress: Progress, signal: AbortSignal) => Promise<T>, given?: GlobalOptions): Promise<T> {
  const opts = given ?? globals(cmd);
  const controller = new AbortController();
  // every AWS request in flight listens to the command's signal (Ctrl-C aborts it): `jobs` asks each job's runs at
  // once, an upload sends 4 files × 4 parts — past Node's default of 10 listeners, which prints a
  // MaxListenersExceededWarning ("Possible EventTarget memory leak") that is none
  setMaxListeners(COMMAND_SIGNAL_LISTENERS, controller.signal);
  session.controller = controller;
  if (session.outputClosed) controller.abort();
  // a second Ctrl-C finds no listener and ends the process at once (Node's default for SIGINT)
  const onSigint = () => {
    session.interrupted = true;
    process.stderr.write('\ninterrupted: stopping… (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const project = await loadProject(projectRoot(opts));
    const target = await openTarget(project, opts, controller.signal);
    try {
      return await body(project, target, new Progress(!!opts.quiet), controller.signal);
    } finally {
      await target.close();
    }
  } finally {
    process.off('SIGINT', onSigint);
    session.controller = undefined;
  }
}

/** A command of the AWS target only (doctor, role): opens it whatever --target says. */
export async function withAws<T>(cmd: Command, body: (project: Project, target: AwsTarget, progress: Progress, signal: AbortSignal) => Promise<T>): Promise<T> {
  const opts = globals(cmd);
  opts.target = 'aws';
  return withTarget(cmd, (project, target, progress, signal) => body(project, target as AwsTarget, progress, signal), opts);
}

export function printJson(value: unknown): void {
  print(`${JSON.stringify(value, null, 2)}\n`);
}

