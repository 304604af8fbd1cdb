/**
 * Where an object's path may lie: inside its bucket folder, lexically and after symbolic links are resolved (the
 * object store's defence in depth, objectStore.ts).
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import { isInside, validateObjectKey } from './objectKeys';

/**
 * Defence in depth: the path must be inside the bucket folder lexically and after resolving symlinks of its
 * deepest existing ancestor (a symlinked folder inside the bucket could otherwise lead out of it).
 */
export function checkContained(bucketDir: string, p: string, key: string): void {
  if (!isInside(bucketDir, p) || p === bucketDir) {
    throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": it resolves outside its bucket`, { object: key });
  }
  let realBucket: string;
  try {
    realBucket = realpathSync.native(bucketDir);
  } catch {
    return; // no bucket folder yet: nothing on disk to lead anywhere
  }
  let probe = p;
  for (;;) {
    try {
      const real = realpathSync.native(probe);
      const rel = path.relative(bucketDir, probe);
      if (!isInside(realBucket, real) || (real !== path.join(realBucket, rel) && rel !== '')) {
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
