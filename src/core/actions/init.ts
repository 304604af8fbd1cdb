/**
 * Creating a project: lakehouse.json and its folders, or the STEDI sample project (its DDL and Glue scripts ship
 * with the CLI and the extension).
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import { MANIFEST_FILE } from '../project/manifest';
import { stediManifest } from '../sample';

export interface InitOptions {
  sample?: string;
  name?: string;
  bucket?: string;
  database?: string;
  region?: string;
  force?: boolean;
  /** where the sample's `sql/` and `glue-scripts/` are; default: next to the bundle or, from source, the repository */
  sampleDir?: string;
}

/** The shipped STEDI sample: next to the bundle (dist/sample/stedi) or, from source, the repository's folders. */
export function sampleSource(): string {
  // bundled: dist/sample/stedi; from source (src/core/actions): the repository root
  const candidates = [path.join(__dirname, 'sample', 'stedi'), path.resolve(__dirname, '..', '..', '..')];
  for (const c of candidates) if (existsSync(path.join(c, 'sql')) && existsSync(path.join(c, 'glue-scripts'))) return c;
  throw new LakehouseError('InvalidInput', `the STEDI sample files are missing from this installation (looked in ${candidates.join(', ')})`);
}

/** Creates the project; returns the files written, relative to `dir`. */
export async function initProject(dir: string, options: InitOptions = {}): Promise<string[]> {
  const root = path.resolve(dir);
  const manifestPath = path.join(root, MANIFEST_FILE);
  if (existsSync(manifestPath) && !options.force)
    throw new LakehouseError('AlreadyExists', `${manifestPath} already exists (use --force to overwrite)`, { file: manifestPath });
  await fs.mkdir(root, { recursive: true });
  const written: string[] = [];
  const overrides = {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.bucket !== undefined ? { bucket: options.bucket } : {}),
    ...(options.database !== undefined ? { database: options.database } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
  };
  if (options.sample !== undefined) {
    if (options.sample !== 'stedi') throw new LakehouseError('InvalidInput', `unknown sample "${options.sample}" (available: stedi)`);
    const src = options.sampleDir ?? sampleSource();
    for (const folder of ['sql', 'glue-scripts']) {
      await fs.cp(path.join(src, folder), path.join(root, folder), { recursive: true, force: !!options.force, errorOnExist: false });
      for (const f of await fs.readdir(path.join(src, folder))) written.push(path.join(folder, f));
    }
    await fs.writeFile(manifestPath, `${JSON.stringify(stediManifest(overrides), null, 2)}\n`);
  } else {
    const name = options.name ?? (path.basename(root).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'lakehouse');
    const manifest = {
      name,
      bucket: options.bucket ?? `${name.replace(/[^a-z0-9.-]/g, '-')}-lakehouse`.slice(0, 63),
      database: options.database ?? name.replace(/[^a-z0-9_]/g, '_'),
      region: options.region ?? 'us-east-1',
      sql: 'sql',
      scripts: 'glue-scripts',
      datasets: { example: { landing: 'example/landing/', trusted: 'example/trusted/', curated: 'example/curated/' } },
      glue: { glueVersion: '4.0', workerType: 'G.1X', numberOfWorkers: 2 },
    };
    await fs.writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const folder of ['sql', 'glue-scripts']) await fs.mkdir(path.join(root, folder), { recursive: true });
  }
  written.unshift(MANIFEST_FILE);
  if (!existsSync(path.join(root, '.gitignore'))) await fs.writeFile(path.join(root, '.gitignore'), '.lakehouse/\ndata/\n');
  return written;
}

