// Storage and catalog management from the explorer, on either target through the Target interface: create a
// bucket (Buckets node, or the action of the project bucket's "not created yet" row), download an object (streamed
// into a temp file beside the destination, then renamed), delete objects (one or a multi-selection) or every
// object of a zone after a modal confirmation naming the s3:// URIs, count and size, and create a Glue database.
// Each command takes, after the node, an options object that skips its dialog (tests, other commands).
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LakehouseError } from '../../core/errors';
import type { QueryExecution } from '../../core/model';
import { formatBytes } from '../../core/units';
import type { Ctx } from '../ctx';
import { CREATE_BUCKET_COMMAND, STATS_LIMIT, STATS_LIMIT_S3, zoneStats, type ExplorerNode, type NodeOf } from '../explorer/nodes';
import type { ExplorerProvider } from '../explorer/provider';
import { count } from '../explorer/render';
import type { ReadonlyDocs } from '../readonlyDocs';
import { command } from './register';
import { databaseNameProblem, deleteObjectsConfirmation, deleteZoneConfirmation, downloadFileName, downloadToFile, optionsOf, readHead, s3Uri, selectedObjects, type Confirmation } from './storageHelpers';

export interface CreateBucketOptions {
  /** the bucket's name (no input box) */
  name: string;
}
export interface CreateBucketResult {
  bucket: string;
  /** false: the bucket existed already */
  created: boolean;
}

export interface DownloadOptions {
  /** absolute path to write (no save dialog); an existing file is replaced */
  file: string;
}
export interface DownloadResult {
  file: string;
  bytes: number;
}

export interface DeleteOptions {
  /** the caller confirmed already (no modal) */
  confirmed: boolean;
}

export interface CreateDatabaseOptions {
  /** the database's name (no input box) */
  name: string;
  description: string;
}

const isNode = <K extends ExplorerNode['kind']>(n: unknown, kind: K): n is NodeOf<K> => typeof n === 'object' && n !== null && (n as ExplorerNode).kind === kind;

export function registerStorageCommands(ctx: Ctx, explorer: ExplorerProvider, docs: ReadonlyDocs): vscode.Disposable[] {
  /** Asks before deleting; true when confirmed. */
  const confirm = async (c: Confirmation, button: string): Promise<boolean> =>
    (await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, button)) === button;

  // ------------------------------------------------------------------------------------------ create bucket

  const createBucket = async (...args: unknown[]): Promise<CreateBucketResult | undefined> => {
    const [node] = args;
    const options = optionsOf<CreateBucketOptions>(args);
    const project = await ctx.project();
    const { bucketNameProblem, validateBucketName } = await import('../../core/targets/local/objectKeys');
    const suggested = isNode(node, 'bucket') ? node.bucket : project.manifest.bucket;
    const name =
      options.name ??
      (await vscode.window.showInputBox({
        title: 'Create Bucket',
        prompt: `Name of the S3 bucket to create${project.manifest.bucket === suggested ? " (lakehouse.json's bucket)" : ''}`,
        value: suggested,
        validateInput: (v) => bucketNameProblem(v.trim()),
      }))?.trim();
    if (name === undefined) return undefined;
    validateBucketName(name);
    const target = await ctx.target();
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating s3://${name}/` }, async () => {
      // S3 answers an existing bucket of one's own with success: look first, to say so
      if ((await target.storage.listBuckets()).some((b) => b.name === name)) return { bucket: name, created: false };
      await target.storage.createBucket(name);
      return { bucket: name, created: true };
    });
    ctx.log.info(`bucket s3://${name}/ ${result.created ? `created on ${target.label}` : 'exists already'}`);
    explorer.refreshSection('buckets');
    void vscode.window.showInformationMessage(result.created ? `Bucket s3://${name}/ created.` : `Bucket s3://${name}/ exists already.`);
    return result;
  };

  // ------------------------------------------------------------------------------------------ download

  const download = async (...args: unknown[]): Promise<DownloadResult | undefined> => {
    const [node] = args;
    if (!isNode(node, 'object')) throw new LakehouseError('InvalidInput', 'choose an object in the Lakehouse explorer to download');
    const options = optionsOf<DownloadOptions>(args);
    const { bucket } = node;
    const { key, size } = node.object;
    const uri = s3Uri(bucket, key);
    let file = options.file;
    if (file === undefined) {
      const folder = ctx.projectRoot() ?? os.homedir();
      const picked = await vscode.window.showSaveDialog({ title: `Download ${uri}`, saveLabel: 'Download', defaultUri: vscode.Uri.file(path.join(folder, downloadFileName(key))) });
      if (!picked) return undefined;
      file = picked.fsPath;
    }
    const dest = file;
    const bytes = await ctx.withProgress(`Downloading ${uri}`, async (report, signal) => {
      const target = await ctx.target();
      const source = await target.storage.getStream(bucket, key);
      let shownPct = 0;
      return downloadToFile(source, dest, {
        signal,
        onProgress: (done) => {
          // the size is the listing's: one report per percent
          const pct = size > 0 ? Math.min(100, Math.floor((done / size) * 100)) : 100;
          if (pct > shownPct) {
            report(`${formatBytes(done)} of ${formatBytes(size)}`, pct - shownPct);
            shownPct = pct;
          }
        },
      });
    });
    ctx.log.info(`downloaded ${uri} to ${dest} (${formatBytes(bytes)})`);
    void vscode.window.showInformationMessage(`Downloaded ${path.basename(dest)} (${formatBytes(bytes)}).`, 'Open').then((a) => {
      if (a) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(dest));
    });
    return { file: dest, bytes };
  };

  // ------------------------------------------------------------------------------------------ delete

  /** Deletes the object (or the selected objects); returns how many were deleted, undefined when not confirmed. */
  const deleteObjects = async (...args: unknown[]): Promise<number | undefined> => {
    const [node, selected] = args;
    const objects = selectedObjects(node, selected);
    if (objects.length === 0) throw new LakehouseError('InvalidInput', 'choose one or more objects in the Lakehouse explorer to delete');
    const options = optionsOf<DeleteOptions>(args);
    // a selection may span buckets: one confirmation naming each object, then the deletions bucket by bucket
    const byBucket = new Map<string, NodeOf<'object'>[]>();
    for (const o of objects) byBucket.set(o.bucket, [...(byBucket.get(o.bucket) ?? []), o]);
    if (!options.confirmed) {
      const parts = [...byBucket].map(([bucket, nodes]) => deleteObjectsConfirmation(bucket, nodes.map((n) => n.object)));
      const c: Confirmation = parts.length === 1 ? parts[0]! : { message: `Delete ${count(objects.length)} objects from ${parts.length} buckets?`, detail: parts.map((p) => p.detail).join('\n\n') };
      if (!(await confirm(c, objects.length === 1 ? 'Delete' : `Delete ${count(objects.length)} Objects`))) return undefined;
    }
    const target = await ctx.target();
    let deleted = 0;
    try {
      await ctx.withProgress(objects.length === 1 ? `Deleting ${s3Uri(objects[0]!.bucket, objects[0]!.object.key)}` : `Deleting ${count(objects.length)} objects`, async (report, signal) => {
        for (const o of objects) {
          if (signal.aborted) throw new LakehouseError('Cancelled', `stopped after ${count(deleted)} of ${count(objects.length)} objects`);
          if (objects.length > 1) report(`${deleted + 1} of ${objects.length}: ${o.object.key}`, 100 / objects.length);
          await target.storage.delete(o.bucket, o.object.key);
          ctx.log.info(`deleted ${s3Uri(o.bucket, o.object.key)}`);
          deleted++;
        }
      });
    } finally {
      for (const [bucket, nodes] of byBucket) explorer.refreshStorage(bucket, nodes.map((n) => n.object.key));
    }
    void vscode.window.showInformationMessage(deleted === 1 ? `Deleted ${s3Uri(objects[0]!.bucket, objects[0]!.object.key)}.` : `Deleted ${count(deleted)} objects.`);
    return deleted;
  };

  /** Deletes every object of a zone; returns how many were deleted, undefined when not confirmed. */
  const deleteZoneObjects = async (...args: unknown[]): Promise<number | undefined> => {
    const [zone] = args;
    if (!isNode(zone, 'zone')) throw new LakehouseError('InvalidInput', 'choose a zone in the Lakehouse explorer to delete its objects');
    const options = optionsOf<DeleteOptions>(args);
    const uri = s3Uri(zone.bucket, zone.prefix);
    const target = await ctx.target();
    if (!options.confirmed) {
      const limit = target.kind === 'aws' ? STATS_LIMIT_S3 : STATS_LIMIT;
      const stats = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Counting the objects under ${uri}` }, () =>
        zoneStats(target, zone.bucket, zone.prefix, limit, zone.nested),
      );
      if (stats.objects === 0) {
        void vscode.window.showInformationMessage(`There are no objects under ${uri}.`);
        return 0;
      }
      if (!(await confirm(deleteZoneConfirmation(zone, stats), 'Delete All Objects'))) return undefined;
    }
    let deleted: number;
    try {
      deleted = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting every object under ${uri}` }, () =>
        // the objects of zones nested inside this one are theirs: they stay
        target.storage.deletePrefix(zone.bucket, zone.prefix, { except: zone.nested }),
      );
    } finally {
      explorer.refreshStorage(zone.bucket, [zone.prefix]);
    }
    ctx.log.info(`deleted ${deleted} object(s) under ${uri}`);
    void vscode.window.showInformationMessage(`Deleted ${count(deleted)} object${deleted === 1 ? '' : 's'} from ${zone.dataset} / ${zone.zone} (${uri}).`);
    return deleted;
  };

  // ------------------------------------------------------------------------------------------ create database

  const createDatabase = async (...args: unknown[]): Promise<string | undefined> => {
    const options = optionsOf<CreateDatabaseOptions>(args);
    const project = await ctx.project();
    let name =
      options.name ??
      (await vscode.window.showInputBox({
        title: 'Create Database',
        prompt: "Name of the Glue database (any name Glue takes, e.g. stedi-lake; Glue stores it lower-cased); lakehouse.json's database is proposed",
        value: project.manifest.database,
        validateInput: (v) => databaseNameProblem(v.trim()),
      }))?.trim();
    if (name === undefined) return undefined;
    const problem = databaseNameProblem(name);
    if (problem) throw new LakehouseError('InvalidInput', `invalid database name "${name}": ${problem}`, { object: name, field: 'database' });
    const target = await ctx.target();
    // Glue folds the name to lower case when it stores it; say the name it will have
    name = name.toLowerCase();
    await target.catalog.createDatabase({ name, ...(options.description !== undefined ? { description: options.description } : {}) });
    ctx.log.info(`database ${name} created in the catalog of ${target.label}`);
    explorer.refreshSection('catalog');
    void vscode.window.showInformationMessage(`Database ${name} created.`, 'Create Tables from sql/').then((a) => {
      if (a) void vscode.commands.executeCommand('lakehouse.catalog.createTables');
    });
    return name;
  };

  // ------------------------------------------------------------------------------------------ preview, copy

  /**
   * A click on an object: a data file (JSON lines, CSV, Parquet) shows its rows in the results grid, read by the
   * local engine (objectPreview.ts); any other its text (openText). Resolves with the execution or the text shown.
   */
  const openObject = async (...args: unknown[]): Promise<QueryExecution | string | undefined> => {
    const [node] = args;
    if (!isNode(node, 'object')) throw new LakehouseError('InvalidInput', 'choose an object in the Lakehouse explorer to preview');
    const { dataFileFormat } = await import('../../core/targets/local/filePreview');
    const format = dataFileFormat(node.object.key);
    if (format === undefined) return openText(node);
    const { previewObjectRows } = await import('./objectPreview');
    return previewObjectRows(ctx, node.bucket, node.object, format);
  };

  /** The first bytes of an object shown in a read-only editor (text); a binary or Parquet object says so. */
  const PREVIEW_BYTES = 1024 * 1024;
  const openText = async (...args: unknown[]): Promise<string | undefined> => {
    const [node] = args;
    if (!isNode(node, 'object')) throw new LakehouseError('InvalidInput', 'choose an object in the Lakehouse explorer to open as text');
    const { bucket } = node;
    const { key, size } = node.object;
    const uri = s3Uri(bucket, key);
    if (/\.(parquet|orc|avro|gz|snappy|zst|zip)$/i.test(key)) {
      const a = await vscode.window.showInformationMessage(`${uri} is a binary file (${formatBytes(size)}): preview the table over its zone, or download it.`, 'Download…');
      if (a) await vscode.commands.executeCommand('lakehouse.object.download', node);
      return undefined;
    }
    const target = await ctx.target();
    const stream = await target.storage.getStream(bucket, key);
    const { head: buf, more } = await readHead(stream, PREVIEW_BYTES);
    const cut = more || size > PREVIEW_BYTES;
    if (buf.includes(0)) {
      void vscode.window.showInformationMessage(`${uri} is not text: download it to open it.`);
      return undefined;
    }
    // cut at the last whole line (a JSON line or CSV row is not shown half)
    let text = buf.toString('utf8');
    if (cut) text = `${text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1))}`;
    const name = `${key.split('/').pop() || key}`;
    await docs.show(`s3/${bucket}/${key.split('/').slice(0, -1).join('/')}/${name}`.replace(/\/+/g, '/'), text, /\.(json|jsonl|ndjson)$/i.test(key) ? 'json' : undefined);
    if (cut) vscode.window.setStatusBarMessage(`$(info) ${name}: the first ${formatBytes(PREVIEW_BYTES)} of ${formatBytes(size)}`, 10_000);
    ctx.log.info(`previewed ${uri}${cut ? ` (the first ${formatBytes(PREVIEW_BYTES)})` : ''}`);
    return text;
  };

  /** s3://bucket/key of an object, zone, folder or bucket node, to the clipboard. */
  const copyUri = async (...args: unknown[]): Promise<string | undefined> => {
    const [node] = args as [ExplorerNode | undefined];
    const uri =
      node?.kind === 'object' ? s3Uri(node.bucket, node.object.key) : node?.kind === 'zone' || node?.kind === 'folder' ? s3Uri(node.bucket, node.prefix) : node?.kind === 'bucket' ? `s3://${node.bucket}/` : undefined;
    if (uri === undefined) throw new LakehouseError('InvalidInput', 'choose an object, folder, zone or bucket in the Lakehouse explorer');
    await vscode.env.clipboard.writeText(uri);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${uri}`, 4000);
    return uri;
  };

  const copyKey = async (...args: unknown[]): Promise<string | undefined> => {
    const [node] = args as [ExplorerNode | undefined];
    const key = node?.kind === 'object' ? node.object.key : node?.kind === 'zone' || node?.kind === 'folder' ? node.prefix : undefined;
    if (key === undefined) throw new LakehouseError('InvalidInput', 'choose an object, folder or zone in the Lakehouse explorer');
    await vscode.env.clipboard.writeText(key);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${key}`, 4000);
    return key;
  };

  return [
    command(ctx, 'lakehouse.object.open', 'Previewing the object', openObject),
    command(ctx, 'lakehouse.object.openText', 'Opening the object as text', openText),
    command(ctx, 'lakehouse.object.copyUri', 'Copying the S3 URI', copyUri),
    command(ctx, 'lakehouse.object.copyKey', 'Copying the key', copyKey),
    command(ctx, CREATE_BUCKET_COMMAND, 'Creating the bucket', createBucket),
    command(ctx, 'lakehouse.object.download', 'Downloading the object', download),
    command(ctx, 'lakehouse.object.delete', 'Deleting objects', deleteObjects),
    command(ctx, 'lakehouse.zone.deleteObjects', 'Deleting the zone\'s objects', deleteZoneObjects),
    command(ctx, 'lakehouse.catalog.createDatabase', 'Creating the database', createDatabase),
  ];
}
