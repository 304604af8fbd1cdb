/**
 * Where an object's path may lie: inside its bucket folder, lexically and after symbolic links are resolved (the
 * object store's defence in depth, objectStore.ts).
 */
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import { isInside, validateObjectKey } from './objectKeys';

/**
 * The real path of each bucket folder this process checked, with the folder's identity then (device and inode, the
 * links on the way followed): a check whose folder has that identity still takes its real path from here instead of
 * resolving every component of it again (a run checks ~110 paths, each a `readlink` per component). A folder
 * replaced since (another inode: made again, or a link to elsewhere now) is resolved again; a path whose real path
 * is not the cached one's is checked again against a fresh one before it is refused, so the cache changes no answer
 * when the folder moved.
 */
const realBuckets = new Map<string, { real: string; dev: number; ino: number }>();

/**
 * The bucket folder's real path (undefined when there is no such folder); `fresh` resolves it again. The bucket
 * folder's real path must lie inside the data folder's: it is what the objects are checked against.
 */
export function realBucketOf(bucketDir: string, fresh: boolean): string | undefined {
  let st;
  try {
    st = statSync(bucketDir);
  } catch {
    realBuckets.delete(bucketDir);
    return undefined;
  }
  const known = realBuckets.get(bucketDir);
  if (!fresh && known !== undefined && known.dev === st.dev && known.ino === st.ino) return known.real;
  let real: string;
  try {
    real = realpathSync.native(bucketDir);
  } catch {
    realBuckets.delete(bucketDir);
    return undefined;
  }
  // the bucket folder may be a link (a folder moved and linked back) only to a folder inside the data folder
  // (<data>/s3/<bucket>): a link to elsewhere would lead every object of the bucket out of it
  const dataDir = path.dirname(path.dirname(bucketDir));
  let realData: string;
  try {
    realData = realpathSync.native(dataDir);
  } catch {
    realData = dataDir;
  }
  if (!isInside(realData, real)) {
    realBuckets.delete(bucketDir);
    const name = path.basename(bucketDir);
    throw new LakehouseError('InvalidObjectKey', `bucket ${name}: its folder is a symbolic link leading out of the data folder; it is not followed`, {
      object: name,
    });
  }
  if (realBuckets.size > 1000) realBuckets.clear();
  realBuckets.set(bucketDir, { real, dev: st.dev, ino: st.ino });
  return real;
}

/**
 * Defence in depth: the path must be inside the bucket folder lexically and after resolving symlinks of its
 * deepest existing ancestor (a symlinked folder inside the bucket could otherwise lead out of it). The path itself
 * is resolved at every check (a link made inside the bucket since the last one is seen); the bucket folder's own
 * real path is kept ({@link realBuckets}).
 */
export function checkContained(bucketDir: string, p: string, key: string): void {
  if (!isInside(bucketDir, p) || p === bucketDir) {
    throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": it resolves outside its bucket`, { object: key });
  }
  const cached = realBucketOf(bucketDir, false);
  if (cached === undefined) return; // no bucket folder yet: nothing on disk to lead anywhere
  let realBucket = cached;
  let probe = p;
  for (;;) {
    try {
      const real = realpathSync.native(probe);
      const rel = path.relative(bucketDir, probe);
      if (!isInside(realBucket, real) || (real !== path.join(realBucket, rel) && rel !== '')) {
        // (the bucket folder moved since its real path was kept: checked again against where it is now)
        const now = realBucket === cached ? realBucketOf(bucketDir, true) : undefined;
        if (now !== undefined && now !== realBucket) {
          realBucket = now;
          continue;
        }
        throw new LakehouseError(
          'InvalidObjectKey',
          `invalid object key "${key}": ${path.relative(bucketDir, probe) || 'its folder'} is a symbolic link; links inside a bucket are not followed`,
          { object: key },
        );
      }
      return;
    } catch (e) {
      if (e instanceof LakehouseError) throw e;
      if (probe === bucketDir) return;
      probe = path.dirname(probe);
    }
  }
}

/** An object's path from its key, checked as text only (the key's rules, inside the bucket folder). */
export function lexicalPathOf(bucketDir: string, key: string): string {
  validateObjectKey(key);
  const p = path.join(bucketDir, ...key.split('/'));
  if (!isInside(bucketDir, p) || p === bucketDir) {
    throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": it resolves outside its bucket`, { object: key });
  }
  return p;
}
