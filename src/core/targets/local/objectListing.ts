/**
 * S3's listing over a bucket folder: keys in UTF-8 binary order (a walk of the folders), the folder a prefix fixes,
 * and the opaque page tokens holding the last key returned (objectStore.ts: list, deletePrefix).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import { errnoCode } from './fsutil';
import { MAX_KEY_BYTES, byteCompare, objectKeyProblem, segmentProblem } from './objectKeys';
import { realBucketOf } from './objectPaths';

export interface PageMarker {
  /** last key or common prefix returned */
  k: string;
  /** it was a common prefix: everything below it was returned too */
  p?: boolean;
}

export function encodeToken(marker: PageMarker): string {
  return Buffer.from(JSON.stringify(marker), 'utf8').toString('base64url');
}

export function decodeToken(token: string): PageMarker {
  try {
    const m = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageMarker;
    if (m && typeof m.k === 'string') return m;
  } catch {
    // fall through
  }
  throw new LakehouseError('InvalidInput', `invalid page token "${token.slice(0, 40)}": pass the nextPageToken of a previous page`);
}

/**
 * Keys under `dirAbs` (whose key prefix is `dirKey`) in UTF-8 binary order, restricted to `prefix`, after
 * `marker`, and skipping whatever starts with `state.skip` (a common prefix already returned).
 */
export async function* walkKeys(
  dirAbs: string,
  dirKey: string,
  prefix: string,
  marker: string | undefined,
  state: { skip?: string },
): AsyncGenerator<{ key: string; abs: string }> {
  let entries;
  try {
    entries = await fs.readdir(dirAbs, { withFileTypes: true });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return;
    throw e;
  }
  const items = entries
    .filter((ent) => (ent.isFile() || ent.isDirectory()) && !segmentProblem(ent.name) && !ent.name.includes('\\'))
    .map((ent) => {
      const dir = ent.isDirectory();
      const key = dirKey + ent.name + (dir ? '/' : '');
      return { name: ent.name, dir, key, sort: Buffer.from(key) };
    })
    .sort((a, b) => Buffer.compare(a.sort, b.sort));
  for (const item of items) {
    const { key } = item;
    if (state.skip !== undefined && key.startsWith(state.skip)) continue;
    if (item.dir) {
      // descend when keys below may match the prefix and may come after the marker
      if (!(key.startsWith(prefix) || prefix.startsWith(key))) continue;
      if (marker !== undefined && byteCompare(key, marker) <= 0 && !marker.startsWith(key)) continue;
      if (Buffer.byteLength(key) >= MAX_KEY_BYTES) continue;
      yield* walkKeys(path.join(dirAbs, item.name), key, prefix, marker, state);
    } else {
      if (!key.startsWith(prefix) || Buffer.byteLength(key) > MAX_KEY_BYTES) continue;
      if (marker !== undefined && byteCompare(key, marker) <= 0) continue;
      yield { key, abs: path.join(dirAbs, item.name) };
    }
  }
}

/** The folder to walk for a prefix: the deepest one the prefix fixes; undefined when no key can match. */
export async function walkStart(bucketDir: string, prefix: string): Promise<{ dir: string; dirKey: string } | undefined> {
  realBucketOf(bucketDir, false); // (refuses a bucket folder that is a symbolic link)
  const cut = prefix.lastIndexOf('/');
  if (cut < 0) return { dir: bucketDir, dirKey: '' };
  const dirKey = prefix.slice(0, cut + 1);
  if (objectKeyProblem(dirKey.slice(0, -1))) return undefined;
  const dir = path.join(bucketDir, ...dirKey.slice(0, -1).split('/'));
  // a symlinked folder on the way is not followed (the full walk skips it too); the bucket folder's real path is the
  // one kept (objectPaths.ts realBucketOf), and a fresh one before a refusal
  try {
    const real = await fs.realpath(dir);
    const under = (realBucket: string | undefined) => realBucket !== undefined && real === path.join(realBucket, ...dirKey.slice(0, -1).split('/'));
    if (!under(realBucketOf(bucketDir, false)) && !under(realBucketOf(bucketDir, true))) return undefined;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
  return { dir, dirKey };
}
