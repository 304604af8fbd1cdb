// The plain parts of the storage and catalog commands (no `vscode` here, tested under test/extension-plain):
// Glue database names, the file name a download proposes, which objects a (multi-)selection deletes, what the
// delete confirmation says, and the download itself — streamed into a temp file beside the destination, then
// renamed, so a failed or cancelled download leaves no half-written file.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isLakehouseError, LakehouseError } from '../../core/errors';
import { GLUE_NAME_RULE, glueNameProblem } from '../../core/glueNames';
import type { StoredObject } from '../../core/model';
import { writeError } from '../../core/targets/local/fsutil';
import { formatBytes } from '../../core/units';
import type { ExplorerNode, NodeOf, ZoneStats } from '../explorer/nodes';

/**
 * Why Glue would refuse `name` as a database name (1 to 255 bytes of UTF-8 on one line: `stedi-lake` and
 * `my lake` are fine; Glue stores it lower-cased), or undefined when it takes it.
 */
export function databaseNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'enter a database name';
  const problem = glueNameProblem(name);
  return problem === undefined ? undefined : `the name ${problem}: ${GLUE_NAME_RULE}`;
}

/** Characters no file name may hold on Windows, macOS or Linux (and control characters). */
// eslint-disable-next-line no-control-regex
const UNSAFE_FILE_CHARS = /[<>:"/\\|?*\u0000-\u001f]/g;

/** The file name a download of `key` proposes: the key's last segment, made safe for any file system. */
export function downloadFileName(key: string): string {
  const last = key.split('/').filter((s) => s !== '').pop() ?? '';
  const safe = last.replace(UNSAFE_FILE_CHARS, '_').replace(/[. ]+$/, '');
  return safe === '' || safe === '.' || safe === '..' ? 'download' : safe;
}

/** `s3://bucket/key` */
export const s3Uri = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/**
 * The object nodes a command invoked on `node` applies to. With a multi-selection VS Code passes the clicked node
 * and every selected node; a selection that does not hold the clicked node is not what the user acted on.
 */
export function selectedObjects(node: unknown, selected: unknown): NodeOf<'object'>[] {
  const isObject = (n: unknown): n is NodeOf<'object'> => typeof n === 'object' && n !== null && (n as ExplorerNode).kind === 'object';
  if (!isObject(node)) return [];
  const all = Array.isArray(selected) && selected.some((n) => isObject(n) && n.id === node.id) ? selected.filter(isObject) : [node];
  const seen = new Set<string>();
  return all.filter((n) => !seen.has(n.id) && seen.add(n.id));
}

/** The options object among a command's arguments (an object that is no explorer node and no selection array). */
export function optionsOf<T extends object>(args: readonly unknown[]): Partial<T> {
  for (const a of args) if (typeof a === 'object' && a !== null && !Array.isArray(a) && !('kind' in a) && !('scheme' in a)) return a as Partial<T>;
  return {};
}

export interface Confirmation {
  message: string;
  detail: string;
}

/** URIs listed in a confirmation before "… and N more". */
export const CONFIRM_LISTED = 10;

/** What the modal asks before objects are deleted: their URIs (the first {@link CONFIRM_LISTED}), count and size. */
export function deleteObjectsConfirmation(bucket: string, objects: Pick<StoredObject, 'key' | 'size'>[]): Confirmation {
  const bytes = objects.reduce((n, o) => n + o.size, 0);
  const listed = objects.slice(0, CONFIRM_LISTED).map((o) => s3Uri(bucket, o.key));
  const more = objects.length - listed.length;
  const message = objects.length === 1 ? `Delete ${listed[0]}?` : `Delete ${objects.length.toLocaleString('en-US')} objects (${formatBytes(bytes)}) from s3://${bucket}/?`;
  const lines = objects.length === 1 ? [`${formatBytes(bytes)}.`] : [...listed, ...(more > 0 ? [`… and ${more.toLocaleString('en-US')} more`] : [])];
  return { message, detail: [...lines, '', 'Deleted objects cannot be restored (unless the bucket keeps versions).'].join('\n') };
}

/** What the modal asks before every object of a zone is deleted: the zone's URI and its counted objects and size. */
export function deleteZoneConfirmation(zone: Pick<NodeOf<'zone'>, 'bucket' | 'prefix' | 'dataset' | 'zone' | 'filter' | 'nested'>, stats: ZoneStats): Confirmation {
  const uri = s3Uri(zone.bucket, zone.prefix);
  const n = `${stats.objects.toLocaleString('en-US')}${stats.truncated ? '+' : ''}`;
  const what = `${n} object${stats.objects === 1 && !stats.truncated ? '' : 's'} (${formatBytes(stats.bytes)}${stats.truncated ? '+' : ''})`;
  return {
    message: `Delete all ${what} under ${uri}?`,
    detail: [
      `Every object of ${zone.dataset} / ${zone.zone} is deleted.`,
      stats.truncated ? `Counting stopped after ${stats.limit.toLocaleString('en-US')} objects: there are more, and they are deleted too.` : undefined,
      zone.filter ? `The prefix filter "${zone.filter}" does not limit this.` : undefined,
      zone.nested.length > 0 ? `The zones nested inside it keep their objects: ${zone.nested.map((p) => s3Uri(zone.bucket, p)).join(', ')}.` : undefined,
      '',
      'Deleted objects cannot be restored (unless the bucket keeps versions).',
    ]
      .filter((l) => l !== undefined)
      .join('\n'),
  };
}

/**
 * The first `max` bytes of an object's stream (all of it when it is shorter), and whether there was more; the stream
 * is released once they are read.
 */
export async function readHead(source: Readable, max: number): Promise<{ head: Buffer; more: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of source) {
      const b = chunk as Buffer;
      chunks.push(b);
      bytes += b.length;
      if (bytes > max) break;
    }
  } finally {
    source.destroy();
  }
  return { head: Buffer.concat(chunks).subarray(0, max), more: bytes > max };
}

export interface DownloadOptions {
  signal?: AbortSignal;
  /** bytes written so far, after each chunk */
  onProgress?: (bytes: number) => void;
}

/**
 * Streams `source` into `file`: into a temp file in the same folder (synced), renamed over `file` once complete.
 * A failure or an abort removes the temp file and leaves an existing `file` as it was; an abort is a
 * LakehouseError `Cancelled`. Returns the bytes written.
 */
export async function downloadToFile(source: Readable, file: string, options: DownloadOptions = {}): Promise<number> {
  const { signal, onProgress } = options;
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.download`);
  let bytes = 0;
  let fh: fs.FileHandle | undefined;
  try {
    signal?.throwIfAborted();
    fh = await fs.open(tmp, 'wx', 0o644);
    const out = fh;
    // the sink writes chunk by chunk (backpressure: the next chunk is read once this one is written); an abort
    // destroys the source and rejects
    await pipeline(
      source,
      async (chunks: AsyncIterable<Buffer | string>) => {
        for await (const chunk of chunks) {
          const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          for (let at = 0; at < b.length; ) at += (await out.write(b, at, b.length - at)).bytesWritten;
          bytes += b.length;
          onProgress?.(bytes);
        }
      },
      signal ? { signal } : {},
    );
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, file);
    return bytes;
  } catch (e) {
    source.destroy();
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (signal?.aborted && !isLakehouseError(e)) throw new LakehouseError('Cancelled', `download to ${file} cancelled after ${formatBytes(bytes)}: nothing was written`, { file }, { cause: e });
    throw writeError(e, file);
  }
}
