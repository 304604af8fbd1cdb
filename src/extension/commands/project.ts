// Project commands: create the STEDI sample project, open lakehouse.json, select the target, upload landing data
// (into every dataset's landing zone, or files into one zone), create the tables from sql/.
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isLakehouseError, LakehouseError } from '../../core/errors';
import type { StediSample } from '../../core/sample';
import { formatBytes } from '../../core/units';
import { filesUnder } from '../../core/actions/sync';
import { isRemedyCommand, isTargetChoice, profileItems, regionProblem, type TargetChoice } from '../awsUi';
import { CONFIG_SECTION } from '../config';
import { MANIFEST_FILE, revealPosition, type Ctx } from '../ctx';
import { AWS_REMEDY_COMMAND, AWS_SWITCH_REGION_COMMAND, type NodeOf } from '../explorer/nodes';
import type { ExplorerProvider } from '../explorer/provider';
import { count } from '../explorer/render';
import { command } from './register';
import { SQL_DIAGNOSTIC_SOURCE_DDL, type SqlDiagnostics } from './sql';
import type { DdlSkipped } from '../../core/actions/tables';

export interface CreateSampleOptions {
  /** generated data size (defaults: the generator's, ~81k accelerometer readings) */
  customers?: number;
  accelerometerRows?: number;
  seed?: number;
}

export interface CreatedSample {
  dir: string;
  files: string[];
  sample: StediSample;
}

export type { TargetChoice } from '../awsUi';

export function registerProjectCommands(ctx: Ctx, explorer: ExplorerProvider, sqlDiagnostics: SqlDiagnostics): vscode.Disposable[] {
  /** Where to create a project: the given folder, a workspace folder without a project, or a picked folder. */
  const projectFolder = async (given: vscode.Uri | undefined, what: string): Promise<string | undefined> => {
    if (given) return given.fsPath;
    const free = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' && !existsSync(path.join(f.uri.fsPath, MANIFEST_FILE)));
    type Pick = vscode.QuickPickItem & { dir?: string };
    const items: Pick[] = [
      ...free.map((f): Pick => ({ label: `$(root-folder) ${f.name}`, description: 'this workspace folder', detail: f.uri.fsPath, dir: f.uri.fsPath })),
      { label: '$(folder-opened) Choose a folder…', description: 'then open it' },
    ];
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Create the ${what} in…` });
    if (!picked) return undefined;
    if (picked.dir) return picked.dir;
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Here', title: `Folder for the ${what}` });
    return chosen?.[0]?.fsPath;
  };

  const createSample = async (folder?: vscode.Uri, options: CreateSampleOptions = {}): Promise<CreatedSample | undefined> => {
    const dir = await projectFolder(folder, 'STEDI sample project');
    if (dir === undefined) return undefined;
    if (existsSync(path.join(dir, MANIFEST_FILE)))
      throw new LakehouseError('AlreadyExists', `${dir} already has a ${MANIFEST_FILE}: create the sample in another folder`, { file: path.join(dir, MANIFEST_FILE) });
    const { initProject } = await import('../../core/actions/init');
    const { generateStediSample } = await import('../../core/sample');
    const created = await ctx.withProgress('Creating the STEDI sample project', async (report, signal) => {
      const files = await initProject(dir, { sample: 'stedi' });
      report('generating landing data…');
      const sample = await generateStediSample({
        outDir: path.join(dir, 'data'),
        signal,
        onProgress: (p) => report(`generating ${p.dataset} data: ${count(p.rows)} rows`),
        ...(options.customers !== undefined ? { customers: options.customers } : {}),
        ...(options.accelerometerRows !== undefined ? { accelerometerRows: options.accelerometerRows } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      });
      return { dir, files, sample };
    });
    const rows = Object.entries(created.sample.rows).map(([d, n]) => `${count(n)} ${d}`).join(', ');
    ctx.log.info(`STEDI sample project created in ${dir}: ${created.files.join(', ')}; landing data in data/ (${rows}, ${formatBytes(created.sample.bytes)})`);
    if (!(await adoptProject(dir, 'STEDI sample project'))) return created;
    void vscode.window.showInformationMessage(`STEDI sample project created, with landing data in data/ (${rows}). Next: upload it to the landing zones.`, 'Upload Landing Data').then((a) => {
      if (a) void vscode.commands.executeCommand('lakehouse.data.upload', vscode.Uri.file(path.join(dir, 'data')));
    });
    return created;
  };

  /** After a project was made in `dir`: the extension takes it up when it is in the workspace, else offers to open it. */
  const adoptProject = async (dir: string, what: string): Promise<boolean> => {
    const inWorkspace = (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.fsPath === dir);
    if (!inWorkspace) {
      void vscode.window.showInformationMessage(`The ${what} is in ${dir}.`, 'Open Folder').then((a) => {
        if (a) void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir));
      });
      return false;
    }
    await ctx.reset('a project was created');
    await vscode.commands.executeCommand('setContext', 'lakehouse.manifestFound', true);
    ctx.refreshStatusBar();
    explorer.refresh();
    return true;
  };

  /**
   * A new, empty project: lakehouse.json (name, bucket and database asked, each checked as lakehouse.json's
   * validation checks it; one example dataset) and empty `sql/` and `glue-scripts/`. `answers` skips the questions.
   */
  const newProject = async (folder?: vscode.Uri, answers: { name?: string; bucket?: string; database?: string } = {}): Promise<string[] | undefined> => {
    const dir = await projectFolder(folder, 'new lakehouse project');
    if (dir === undefined) return undefined;
    if (existsSync(path.join(dir, MANIFEST_FILE)))
      throw new LakehouseError('AlreadyExists', `${dir} already has a ${MANIFEST_FILE}: create the project in another folder`, { file: path.join(dir, MANIFEST_FILE) });
    const { initProblems, initProject, initSettings } = await import('../../core/actions/init');
    type Field = 'name' | 'bucket' | 'database';
    // the answers so far: the next question's default is made from them as `lakehouse init` makes it
    const chosen: Partial<Record<Field, string>> = {};
    const problemWith = (field: Field, value: string): string | undefined => {
      const p = initProblems(dir, { ...chosen, [field]: value }).find((x) => x.field === field);
      return p ? `${field} ${p.reason}` : undefined;
    };
    const ask = async (field: Field, prompt: string): Promise<string | undefined> => {
      const given = answers[field];
      if (given !== undefined) {
        const problem = problemWith(field, given);
        if (problem) throw new LakehouseError('InvalidInput', problem, { field });
        return (chosen[field] = given);
      }
      const value = initSettings(dir, chosen)[field];
      const answer = await vscode.window.showInputBox({ title: `New lakehouse project: ${field}`, prompt, value, ignoreFocusOut: true, validateInput: (v) => problemWith(field, v) });
      if (answer !== undefined) chosen[field] = answer;
      return answer;
    };
    const name = await ask('name', 'The project\'s name');
    if (name === undefined) return undefined;
    const bucket = await ask('bucket', 'The S3 bucket holding every zone (on the local target, a folder under .lakehouse/s3/)');
    if (bucket === undefined) return undefined;
    const database = await ask('database', 'The Glue database of its tables');
    if (database === undefined) return undefined;
    const files = await initProject(dir, { name, bucket, database });
    ctx.log.info(`lakehouse project "${name}" created in ${dir}: ${files.join(', ')}`);
    if (await adoptProject(dir, `project "${name}"`)) {
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, MANIFEST_FILE)));
      void vscode.window.showInformationMessage(
        `Project "${name}" created. Name your datasets and zones in lakehouse.json, put CREATE TABLE statements in sql/ and Glue job scripts in glue-scripts/.`,
      );
    }
    return files;
  };

  const openManifest = async (at?: { line?: number; column?: number }): Promise<vscode.Uri | undefined> => {
    const uri = ctx.manifestUri();
    if (uri) {
      const position = new vscode.Position(Math.max(0, (at?.line ?? 1) - 1), Math.max(0, (at?.column ?? 1) - 1));
      await revealPosition(uri, position);
      return uri;
    }
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, filters: { 'Lakehouse project': ['json'] }, openLabel: 'Open Project', title: 'Open a lakehouse.json' });
    const file = picked?.[0];
    if (!file) return undefined;
    if (path.basename(file.fsPath) !== MANIFEST_FILE) throw new LakehouseError('InvalidInput', `${file.fsPath} is not a ${MANIFEST_FILE}`);
    // the project is the folder holding it: open that folder (the window reloads)
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(path.dirname(file.fsPath)));
    return file;
  };

  /**
   * Local (embedded) | AWS, then for AWS the profile (from the shared config files, or the default credential
   * chain) and the region; saved to the workspace settings, which resets the target. `choice` skips the questions
   * (tests, other commands); a node from the explorer's context menu is not a choice.
   */
  const selectTarget = async (choice?: unknown, options: { aws?: boolean } = {}): Promise<TargetChoice | undefined> => {
    const config = ctx.config;
    let picked: TargetChoice | undefined = isTargetChoice(choice) ? choice : undefined;
    if (!picked) {
      type Pick = vscode.QuickPickItem & { kind2: 'local' | 'aws' };
      const awsNow = config.target === 'aws' ? `${config.aws.profile || 'default credential chain'}${config.aws.region ? ` · ${config.aws.region}` : ''}` : 'S3, Glue, Athena';
      const items: Pick[] = [
        { kind2: 'local', label: `${config.target === 'local' ? '$(check) ' : ''}Local (embedded)`, description: config.localDataFolder, detail: 'Buckets as files in the data folder, DuckDB as Athena, Glue jobs run by reading their scripts. No AWS account needed.' },
        { kind2: 'aws', label: `${config.target === 'aws' ? '$(check) ' : ''}AWS`, description: awsNow, detail: 'S3, the Glue Data Catalog, Glue jobs and Athena in your account: pick a profile and a region next.' },
      ];
      // "Connect to AWS…" goes straight to the profile
      const kind = options.aws ? items[1]! : await vscode.window.showQuickPick(items, { title: 'Lakehouse target', placeHolder: 'Where the buckets, tables, jobs and queries live' });
      if (!kind) return undefined;
      if (kind.kind2 === 'local') picked = { target: 'local' };
      else {
        const { listProfiles } = await import('../../core/targets/aws/connection');
        const profiles = await listProfiles().catch((e: unknown) => {
          ctx.log.warn(`reading the AWS config files: ${errorMessage(e)}`);
          return [];
        });
        const profile = await vscode.window.showQuickPick(profileItems(profiles, config.target === 'aws' ? config.aws.profile : '\0'), {
          title: 'AWS profile (from ~/.aws/config and ~/.aws/credentials)',
          placeHolder: profiles.length ? 'The profile whose credentials the target uses' : 'No profiles in the AWS config files: the default credential chain',
          matchOnDescription: true,
        });
        if (!profile) return undefined;
        const manifestRegion = await ctx.project().then((p) => p.manifest.region, () => undefined);
        const region = await vscode.window.showInputBox({
          title: 'AWS region',
          prompt: `The region of the bucket, the Glue catalog and Athena${manifestRegion ? ` (lakehouse.json says ${manifestRegion})` : ''}`,
          value: profile.region ?? manifestRegion ?? config.aws.region,
          placeHolder: 'eu-west-1',
          validateInput: (v) => regionProblem(v),
        });
        if (region === undefined) return undefined;
        picked = { target: 'aws', profile: profile.profile ?? '', region: region.trim() };
      }
    }
    if (picked.target === 'aws') {
      const problem = picked.region ? regionProblem(picked.region) : undefined;
      if (problem) throw new LakehouseError('InvalidInput', problem, { field: `${CONFIG_SECTION}.aws.region` });
    }
    // kept in the workspace's state, not in the project's files (.vscode/settings.json is often committed)
    await ctx.chooseTarget(picked.target === 'aws' ? { target: 'aws', profile: picked.profile ?? '', region: picked.region ?? '' } : { target: 'local' });
    ctx.log.info(`target selected: ${picked.target === 'aws' ? `AWS, profile ${picked.profile || '(default chain)'}, region ${picked.region || "(lakehouse.json's)"}` : 'Local (embedded)'}`);
    ctx.refreshStatusBar();
    return picked;
  };

  /**
   * "Connect to AWS…": the profile (from the AWS config files, or the default chain) and region, then the
   * connection is tried at once; an SSO profile whose session expired offers `aws sso login`, any other failure
   * the same actions as the tree (another profile, the AWS files, back to Local).
   */
  const connectAws = async (): Promise<TargetChoice | undefined> => {
    const picked = await selectTarget(undefined, { aws: true });
    if (!picked) return undefined;
    try {
      await ctx.target();
      void vscode.window.showInformationMessage(`Connected to ${(await ctx.awsTarget())?.label ?? 'AWS'}.`);
    } catch (e) {
      void ctx.showError('Connecting to AWS', e);
    }
    return picked;
  };

  /** Opens the AWS config or credentials file (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/…); a missing one is made, after asking. */
  const openAwsFile = async (which?: unknown): Promise<vscode.Uri | undefined> => {
    const kind = which === 'credentials' ? 'credentials' : 'config';
    const file = kind === 'credentials' ? (process.env['AWS_SHARED_CREDENTIALS_FILE'] ?? path.join(os.homedir(), '.aws', 'credentials')) : (process.env['AWS_CONFIG_FILE'] ?? path.join(os.homedir(), '.aws', 'config'));
    if (!existsSync(file)) {
      const a = await vscode.window.showInformationMessage(`${file} does not exist. Create it?`, { modal: true, detail: kind === 'config' ? 'Profiles, their regions and SSO settings go here (`aws configure sso` writes it too).' : 'Access keys go here (`aws configure` writes it too).' }, 'Create');
      if (a !== 'Create') return undefined;
      await fs.mkdir(path.dirname(file), { recursive: true });
      const template =
        kind === 'config'
          ? '# AWS profiles: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html\n[default]\nregion = us-east-1\n'
          : '# AWS access keys (keep this file private)\n[default]\naws_access_key_id =\naws_secret_access_key =\n';
      await fs.writeFile(file, template, { mode: 0o600 });
    }
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    return uri;
  };

  /** An AWS error's remedy command (`aws sso login --profile dev`), run in a terminal; then "Retry". */
  const runRemedy = async (commandLine?: unknown): Promise<void> => {
    if (typeof commandLine !== 'string' || !isRemedyCommand(commandLine)) throw new LakehouseError('InvalidInput', `not an AWS CLI command to run: ${String(commandLine)}`);
    await ctx.runRemedyCommand(commandLine);
  };

  const switchRegion = async (region?: unknown): Promise<void> => {
    const problem = typeof region === 'string' ? regionProblem(region) : 'no region given';
    if (problem) throw new LakehouseError('InvalidInput', problem, { field: `${CONFIG_SECTION}.aws.region` });
    await ctx.chooseTarget({ target: 'aws', profile: ctx.config.aws.profile, region: region as string });
  };

  const upload = async (folder?: vscode.Uri) => {
    const project = await ctx.project();
    let source = folder?.fsPath;
    if (source === undefined) {
      const data = path.join(project.root, 'data');
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        openLabel: 'Upload',
        title: 'Landing data folder (laid out as <dataset>/landing/…)',
        ...(existsSync(data) ? { defaultUri: vscode.Uri.file(data) } : { defaultUri: vscode.Uri.file(project.root) }),
      });
      source = picked?.[0]?.fsPath;
      if (source === undefined) return undefined;
    }
    const { planUpload, upload: runUpload } = await import('../../core/actions/upload');
    const plan = await planUpload(project, source);
    for (const m of plan.missing) ctx.log.warn(`upload: ${path.join(source, m, 'landing')} does not exist: no ${m} data uploaded`);
    for (const i of plan.ignored) ctx.log.warn(`upload: skipped ${path.join(source, i.path)}: ${i.reason}`);
    const result = await ctx.withProgress(`Uploading to s3://${plan.bucket}/`, async (report, signal) => {
      const target = await ctx.target();
      let lastPct = 0;
      return runUpload(target, plan, {
        signal,
        onProgress: (p) => {
          const pct = p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * 100 : (p.done / p.total) * 100;
          report(`${p.done} of ${p.total} files (${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)})`, pct - lastPct);
          lastPct = pct;
        },
        onPreparing: () => report(`reading the JSON keys of ${plan.files.length} files`, 0),
      });
    });
    const summary = `${result.uploaded.length} file(s) uploaded (${formatBytes(result.bytesUploaded)}), ${result.skipped.length} already there`;
    ctx.log.info(`upload of ${source} to s3://${plan.bucket}/: ${summary}${result.missing.length ? `; no data for ${result.missing.join(', ')}` : ''}`);
    explorer.refreshSection('buckets');
    void ctx.walkthrough.check('landing data uploaded');
    void vscode.window.showInformationMessage(`Landing data: ${summary}.${result.missing.length ? ` No data for ${result.missing.join(', ')}.` : ''}`, 'Create Tables').then((a) => {
      if (a) void vscode.commands.executeCommand('lakehouse.catalog.createTables');
    });
    return result;
  };

  const uploadHere = async (zone: NodeOf<'zone'>, picked?: unknown) => {
    if (zone?.kind !== 'zone') throw new LakehouseError('InvalidInput', 'choose a zone in the Lakehouse explorer to upload into');
    // files given by a caller; a click in the tree passes the selected nodes there instead
    const given = Array.isArray(picked) && picked.length > 0 && picked.every((u) => u instanceof vscode.Uri) ? (picked as vscode.Uri[]) : undefined;
    const uris = given ?? (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Upload', title: `Upload into s3://${zone.bucket}/${zone.prefix}` }));
    if (!uris || uris.length === 0) return undefined;
    const files: { file: string; key: string }[] = [];
    for (const u of uris) {
      const st = await fs.stat(u.fsPath);
      // a folder keeps its name below the zone, as the S3 console's "Add folder" does
      if (st.isDirectory()) for (const f of await filesUnder(u.fsPath)) files.push({ file: f, key: `${zone.prefix}${path.basename(u.fsPath)}/${path.relative(u.fsPath, f).split(path.sep).join('/')}` });
      else files.push({ file: u.fsPath, key: zone.prefix + path.basename(u.fsPath) });
    }
    // a folder named like a zone nested in this one (trusted/ inside landing) would put its files into that zone
    const intoNested = files.filter((f) => zone.nested.some((n) => f.key.startsWith(n)));
    if (intoNested.length > 0)
      throw new LakehouseError(
        'InvalidInput',
        `${intoNested[0]!.file}${intoNested.length > 1 ? ` (and ${intoNested.length - 1} more)` : ''} would go to s3://${zone.bucket}/${intoNested[0]!.key}, which is in the zone nested at ${zone.nested.find((n) => intoNested[0]!.key.startsWith(n))}, not ${zone.dataset} / ${zone.zone}: upload it into that zone; nothing was uploaded`,
        { file: intoNested[0]!.file, object: intoNested[0]!.key },
      );
    const done = await ctx.withProgress(`Uploading into s3://${zone.bucket}/${zone.prefix}`, async (report, signal) => {
      const target = await ctx.target();
      if (!(await target.storage.listBuckets()).some((b) => b.name === zone.bucket)) await target.storage.createBucket(zone.bucket);
      let n = 0;
      for (const f of files) {
        if (signal.aborted) throw new LakehouseError('Cancelled', `upload cancelled after ${n} of ${files.length} files`);
        report(`${n + 1} of ${files.length}: ${path.basename(f.file)}`, 100 / files.length);
        await target.storage.put(zone.bucket, f.key, createReadStream(f.file), { signal });
        n++;
      }
      // as an upload of landing data does: the engine reads what it needs of the new files now
      if (target.queries.prepareObjects) {
        report(`reading the JSON keys of ${files.length} files`, 0);
        const { prepareUploaded } = await import('../../core/actions/upload');
        await prepareUploaded(target, zone.bucket, files.map((f) => f.key), signal);
      }
      return n;
    });
    ctx.log.info(`uploaded ${done} file(s) into s3://${zone.bucket}/${zone.prefix}`);
    explorer.refreshSection('buckets');
    void ctx.walkthrough.check('objects uploaded');
    return done;
  };

  /**
   * Runs the DDL of sql/ (core createTables: other statements are skipped with a note, a failing statement stops only
   * what needs it). Each failure is a diagnostic at its file, line and column; each statement skipped because it
   * needs a failed one is a warning there; each one skipped as not DDL is logged.
   */
  const createTables = async () => {
    const project = await ctx.project();
    const { createTables: run, DdlFailedError } = await import('../../core/actions/tables');
    const skipped: DdlSkipped[] = [];
    const uriOf = (file: string) => vscode.Uri.file(path.resolve(project.root, file));
    const files = new Set<string>();
    const note = (): void => {
      sqlDiagnostics.clearSource(SQL_DIAGNOSTIC_SOURCE_DDL);
      for (const s of skipped.filter((x) => x.why === 'depends')) sqlDiagnostics.addFile(uriOf(s.file), s.line, s.column, `Skipped: ${s.reason}`, vscode.DiagnosticSeverity.Warning, SQL_DIAGNOSTIC_SOURCE_DDL);
    };
    try {
      const results = await ctx.withProgress(`Creating tables from ${project.manifest.sql}/`, async (report, signal) => {
        const target = await ctx.target();
        return run(project, target, {
          signal,
          onStatement: (r) => {
            files.add(r.file);
            report(`${r.file}:${r.line}`);
            ctx.log.info(`${r.file}:${r.line}: ${r.execution.message ?? r.execution.state}`);
          },
          onSkipped: (s) => {
            files.add(s.file);
            skipped.push(s);
            (s.why === 'depends' ? ctx.log.warn : ctx.log.info).call(ctx.log, `${s.file}:${s.line}:${s.column}: skipped: ${s.reason}`);
          },
        });
      });
      for (const f of files) sqlDiagnostics.clear(uriOf(f));
      note();
      explorer.refreshSection('catalog');
      ctx.walkthrough.check('tables created');
      const notDdl = skipped.filter((s) => s.why === 'not-ddl').length;
      void vscode.window
        .showInformationMessage(`Tables created: ${results.length} DDL statement${results.length === 1 ? '' : 's'} from ${project.manifest.sql}/ ran${notDdl ? `; ${notDdl} other statement${notDdl === 1 ? '' : 's'} skipped (not DDL: see the log)` : ''}.`, 'Run Pipeline')
        .then((a) => {
          if (a) void vscode.commands.executeCommand('lakehouse.pipeline.run');
        });
      return results;
    } catch (e) {
      for (const f of files) sqlDiagnostics.clear(uriOf(f));
      note();
      // each failing statement: a diagnostic at its file, line and column; the error names the first
      if (e instanceof DdlFailedError) for (const f of e.failures) sqlDiagnostics.addFile(uriOf(f.file), f.line, f.column, f.message);
      else if (isLakehouseError(e) && e.detail.file !== undefined && e.detail.line !== undefined) sqlDiagnostics.markFile(uriOf(e.detail.file), e.detail.line, e.detail.column ?? 1, e.message);
      explorer.refreshSection('catalog');
      ctx.walkthrough.check('tables created');
      throw e;
    }
  };

  /** The walkthrough's "Query a table": opens queries/explore.sql of the project (made by the sample). */
  const openExploreQueries = async (): Promise<vscode.Uri> => {
    const project = await ctx.project();
    const file = path.join(project.root, 'queries', 'explore.sql');
    if (!existsSync(file))
      throw new LakehouseError('EntityNotFound', `${path.relative(project.root, file)} is not in this project (the STEDI sample has it): open any .sql file and press Ctrl+Enter`, { file });
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    return vscode.Uri.file(file);
  };

  return [
    command(ctx, 'lakehouse.aws.connect', 'Connecting to AWS', connectAws),
    command(ctx, 'lakehouse.aws.openConfigFile', 'Opening the AWS file', openAwsFile),
    command(ctx, 'lakehouse.target.useLocal', 'Switching to the local target', async () => {
      await ctx.chooseTarget({ target: 'local' });
      return { target: 'local' } satisfies TargetChoice;
    }),
    command(ctx, 'lakehouse.project.openExploreQueries', 'Opening the sample queries', openExploreQueries),
    command(ctx, 'lakehouse.project.createSample', 'Creating the STEDI sample project', createSample),
    command(ctx, 'lakehouse.project.new', 'Creating the project', newProject),
    command(ctx, 'lakehouse.project.openManifest', 'Opening lakehouse.json', openManifest),
    command(ctx, 'lakehouse.target.select', 'Selecting the target', selectTarget),
    command(ctx, AWS_REMEDY_COMMAND, 'Running the AWS command', runRemedy),
    command(ctx, AWS_SWITCH_REGION_COMMAND, 'Switching the AWS region', switchRegion),
    command(ctx, 'lakehouse.data.upload', 'Uploading landing data', upload),
    command(ctx, 'lakehouse.zone.uploadHere', 'Uploading', uploadHere),
    command(ctx, 'lakehouse.catalog.createTables', 'Creating tables', createTables),
  ];
}
