/**
 * Creating a project: lakehouse.json and its folders, or the STEDI sample project (its DDL and Glue scripts ship
 * with the CLI and the extension).
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import { checkManifestText, MANIFEST_FILE } from '../project/manifest';
import { stediManifest } from '../sample';

export interface InitOptions {
  sample?: string;
  name?: string;
  bucket?: string;
  database?: string;
  region?: string;
  force?: boolean;
  /** where the sample's `sql/`, `glue-scripts/` and `queries/` are; default: next to the bundle or, from source, the repository */
  sampleDir?: string;
}

/** The shipped STEDI sample: next to the bundle (dist/sample/stedi) or, from source, the repository's folders. */
export function sampleSource(): string {
  // bundled: dist/sample/stedi; from source (src/core/actions): the repository root
  const candidates = [path.join(__dirname, 'sample', 'stedi'), path.resolve(__dirname, '..', '..', '..')];
  for (const c of candidates) if (existsSync(path.join(c, 'sql')) && existsSync(path.join(c, 'glue-scripts'))) return c;
  throw new LakehouseError('InvalidInput', `the STEDI sample files are missing from this installation (looked in ${candidates.join(', ')})`);
}

/** One setting of a project `initProject` would write that lakehouse.json's validation refuses. */
export interface InitProblem {
  /** the lakehouse.json field: name, bucket, database or region (an InitOptions name too) */
  field: string;
  value: unknown;
  /** why, e.g. `must be a valid S3 bucket name (…)` */
  reason: string;
  /** the value was not given but made from another (the bucket and database from the name) */
  derived: boolean;
}

/** lakehouse.json as `initProject` would write it for these options. */
function initManifest(root: string, options: InitOptions): Record<string, unknown> {
  if (options.sample !== undefined) {
    if (options.sample !== 'stedi') throw new LakehouseError('InvalidInput', `unknown sample "${options.sample}" (available: stedi)`, { field: 'sample' });
    return { ...stediManifest(overridesOf(options)) };
  }
  const name = options.name ?? (path.basename(root).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'lakehouse');
  // the bucket and database are made from the name: lower case, and only the characters each allows
  const base = name.toLowerCase();
  return {
    name,
    bucket: options.bucket ?? `${base.replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+/, '')}-lakehouse`.slice(0, 63).replace(/[^a-z0-9]+$/, ''),
    database: options.database ?? base.replace(/[^a-z0-9_]/g, '_'),
    // no region unless one is given: on AWS the profile's or AWS_REGION then applies, as in the AWS CLI
    ...(options.region !== undefined ? { region: options.region } : {}),
    sql: 'sql',
    scripts: 'glue-scripts',
    datasets: { example: { landing: 'example/landing/', trusted: 'example/trusted/', curated: 'example/curated/' } },
    // a one-hour timeout: a job that hangs is stopped instead of running (and billing) for Glue's default 48 hours
    glue: { glueVersion: '4.0', workerType: 'G.1X', numberOfWorkers: 2, timeout: 60 },
  };
}

function overridesOf(options: InitOptions): { name?: string; bucket?: string; database?: string; region?: string } {
  return {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.bucket !== undefined ? { bucket: options.bucket } : {}),
    ...(options.database !== undefined ? { database: options.database } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
  };
}

/**
 * What lakehouse.json's own validation (its JSON Schema, as `lakehouse` commands load it) says of the manifest
 * `initProject` would write — empty when it is valid. Nothing is written.
 */
export function initProblems(dir: string, options: InitOptions = {}): InitProblem[] {
  return problemsOf(initManifest(path.resolve(dir), options), options);
}

/** The name, bucket and database `initProject` would write for these options (the ones not given, derived). */
export function initSettings(dir: string, options: InitOptions = {}): { name: string; bucket: string; database: string } {
  const m = initManifest(path.resolve(dir), options) as { name: string; bucket: string; database: string };
  return { name: m.name, bucket: m.bucket, database: m.database };
}

function problemsOf(manifest: Record<string, unknown>, options: InitOptions): InitProblem[] {
  const given = overridesOf(options) as Record<string, unknown>;
  return checkManifestText(JSON.stringify(manifest, null, 2)).map((p) => ({
    field: p.field,
    value: manifest[p.field],
    reason: p.message.startsWith(`${p.field} `) ? p.message.slice(p.field.length + 1) : p.message,
    derived: !(p.field in given),
  }));
}

/**
 * Creates the project; returns the files written, relative to `dir`. Settings lakehouse.json's validation would
 * refuse are refused before anything is written (see {@link initProblems}).
 */
export async function initProject(dir: string, options: InitOptions = {}): Promise<string[]> {
  const root = path.resolve(dir);
  const manifestPath = path.join(root, MANIFEST_FILE);
  if (existsSync(manifestPath) && !options.force)
    throw new LakehouseError('AlreadyExists', `${manifestPath} already exists (use --force to overwrite)`, { file: manifestPath });
  const manifest = initManifest(root, options);
  const problems = problemsOf(manifest, options);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.field} ${JSON.stringify(p.value)} ${p.reason}${p.derived ? ' (made from the name: give it)' : ''}`).join('; ');
    throw new LakehouseError('InvalidInput', `cannot create the project: ${list}; nothing was written`, { field: problems[0]!.field });
  }
  await fs.mkdir(root, { recursive: true });
  const written: string[] = [];
  if (options.sample !== undefined) {
    const src = options.sampleDir ?? sampleSource();
    // queries/: questions to ask the finished lakehouse (the walkthrough opens queries/explore.sql)
    for (const folder of ['sql', 'glue-scripts', 'queries']) {
      if (folder === 'queries' && !existsSync(path.join(src, folder))) continue;
      await fs.cp(path.join(src, folder), path.join(root, folder), { recursive: true, force: !!options.force, errorOnExist: false });
      for (const f of await fs.readdir(path.join(src, folder))) written.push(path.join(folder, f));
    }
    await fs.writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  } else {
    await fs.writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const folder of ['sql', 'glue-scripts']) await fs.mkdir(path.join(root, folder), { recursive: true });
  }
  written.unshift(MANIFEST_FILE);
  if (!existsSync(path.join(root, '.gitignore'))) await fs.writeFile(path.join(root, '.gitignore'), '.lakehouse/\ndata/\n');
  return written;
}
