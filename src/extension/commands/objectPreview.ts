// An S3 object's rows in the results grid (the explorer's click on a JSON lines, CSV or Parquet object), read by the
// local engine (core/targets/local/filePreview.ts): on the local target the object's file where it lies; on AWS the
// object downloaded into the project's local data folder first — a text file's first PREVIEW_TEXT_BYTES, cut at its
// last whole line, a Parquet (or compressed) file whole, up to PREVIEW_WHOLE_BYTES — and deleted once read.
// The grid sorts, filters and exports the rows as any result's.
import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LakehouseError } from '../../core/errors';
import type { QueryExecution, StoredObject } from '../../core/model';
import type { Target } from '../../core/target';
import type { DataFileFormat } from '../../core/targets/local/filePreview';
import { formatBytes } from '../../core/units';
import type { Ctx } from '../ctx';
import { showComputedResults, type ExecutionSource } from '../panels';
import { reshapeSql } from '../panels/resultQuery';
import { readHead, s3Uri } from './storageHelpers';

/** The bytes of a JSON lines or CSV object read from S3 for its preview (its first lines). */
export const PREVIEW_TEXT_BYTES = 16 * 1024 * 1024;
/** The largest Parquet or compressed object downloaded whole for a preview. */
export const PREVIEW_WHOLE_BYTES = 256 * 1024 * 1024;

/**
 * Writes the object (or, for a text file larger than PREVIEW_TEXT_BYTES, its first lines) to `file`; returns whether
 * it was cut.
 */
async function download(target: Target, bucket: string, object: StoredObject, format: DataFileFormat, file: string): Promise<boolean> {
  const whole = format === 'parquet' || /\.(gz|zst)$/i.test(object.key);
  if (whole && object.size > PREVIEW_WHOLE_BYTES)
    throw new LakehouseError(
      'InvalidInput',
      `${s3Uri(bucket, object.key)} is ${formatBytes(object.size)}: a ${whole && format === 'parquet' ? 'Parquet' : 'compressed'} file is previewed whole, up to ${formatBytes(PREVIEW_WHOLE_BYTES)} — download it, or query the table over its zone`,
      { object: s3Uri(bucket, object.key) },
    );
  const stream = await target.storage.getStream(bucket, object.key);
  if (whole || object.size <= PREVIEW_TEXT_BYTES) {
    await pipeline(stream, createWriteStream(file));
    return false;
  }
  // the first bytes, up to the last whole line (a JSON line or CSV row is never read half)
  const { head } = await readHead(stream, PREVIEW_TEXT_BYTES);
  await fs.writeFile(file, head.subarray(0, head.lastIndexOf(0x0a) + 1));
  return true;
}

/** Whether two listings of a key are of the same object (ETag, size, time of writing). */
function sameObject(a: StoredObject, b: StoredObject): boolean {
  return a.etag === b.etag && a.size === b.size && a.lastModified.getTime() === b.lastModified.getTime();
}

/** Shows the rows of a data object in the results grid; resolves with the execution shown. */
export async function previewObjectRows(ctx: Ctx, bucket: string, object: StoredObject, format: DataFileFormat): Promise<QueryExecution> {
  const { FILE_PREVIEW_ROWS, FORMAT_NAMES, startFilePreview, startReshapeOf } = await import('../../core/targets/local/filePreview');
  const uri = s3Uri(bucket, object.key);
  const { local, own } = await ctx.fileEngine();
  const label = object.key.split('/').pop() || object.key;
  const limit = `the first ${FILE_PREVIEW_ROWS.toLocaleString('en-US')} rows at most`;
  // the object as it was when its rows were read (its ETag: the local store's listing has none, and its times are
  // whole seconds; asked beside the reading, not before it): a job run afterwards tells the tab only when it changed it
  let read: Promise<StoredObject | undefined> = Promise.resolve(undefined);
  const source: ExecutionSource = {
    ...(own ? { engine: local.queries } : {}),
    unchanged: async (target) => {
      const [then, now] = await Promise.all([read, target.storage.head(bucket, object.key)]);
      return then !== undefined && now !== undefined && sameObject(then, now);
    },
    start: async (target) => {
      read = target.storage.head(bucket, object.key).catch(() => undefined);
      if (!own) {
        // the local target: the object's own file
        const file = local.storage.pathOf(bucket, object.key);
        return startFilePreview(local.queries, file, format, { label, maxRows: FILE_PREVIEW_ROWS, message: `${uri} read as ${FORMAT_NAMES[format]} (${limit}).` });
      }
      const dir = path.join(local.dataDir, 'tmp', 'object-previews');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${randomUUID()}-${label.replace(/[^\w.-]+/g, '_')}`);
      try {
        const cut = await download(target, bucket, object, format, file);
        const what = cut ? `the first ${formatBytes(PREVIEW_TEXT_BYTES)} of ${uri} (${formatBytes(object.size)})` : uri;
        const started = await startFilePreview(local.queries, file, format, { label, maxRows: FILE_PREVIEW_ROWS, message: `${what} read as ${FORMAT_NAMES[format]} (${limit}).` });
        // read at once (at most FILE_PREVIEW_ROWS of a bounded file): the rows are the engine's then, and the
        // downloaded copy goes before the tab shows them
        return await local.queries.wait(started.id);
      } finally {
        await fs.rm(file, { force: true });
      }
    },
    reshape: (_t, base, columns, view) => startReshapeOf(local.queries, base, (relation) => reshapeSql(`SELECT * FROM ${relation}`, columns, view)),
  };
  ctx.log.info(`previewing the rows of ${uri} (${FORMAT_NAMES[format]})`);
  return showComputedResults(ctx, { sql: label }, source);
}
