/**
 * S3's names as the local store keeps them: bucket names (the general purpose bucket rules), object keys (none can
 * leave its bucket: no `..`/`.`/empty segments, no leading `/`, no backslash or NUL, S3's 1024-byte limit, the file
 * system's 255-byte name limit, no `.lh-` names, which are the store's own), `s3://` URIs, S3's key order and its
 * times (whole seconds). Apart from the store (objectStore.ts): the AWS target and the output commit check names by
 * the same rules.
 */
import * as path from 'node:path';
import { LakehouseError } from '../../errors';

/**
 * An object's LastModified as S3 keeps it: whole seconds (ListObjectsV2 shows `2009-10-12T17:50:30.000Z`, HeadObject's
 * Last-Modified is an HTTP date), so that what the local target lists, and Athena's `"$file_modified_time"`, carry
 * the precision they have on AWS.
 */
export function s3Time(mtimeMs: number): Date {
  return new Date(Math.floor(mtimeMs / 1000) * 1000);
}

/** Names beginning with this are reserved for the store (temp files, journal): never valid key segments. */
export const RESERVED_PREFIX = '.lh-';
/** Folder under the store root holding replace journals and the folders they set aside. */
export const REPLACE_DIR = '.lh-replace';

/** S3's longest key, in UTF-8 bytes */
export const MAX_KEY_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;

// ---------------------------------------------------------------- names and URIs

/** Why `name` is not a valid S3 bucket name (general purpose bucket rules), or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) return 'bucket names are 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'bucket names contain only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'bucket names begin and end with a letter or digit';
  if (name.includes('..')) return 'bucket names have no two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'bucket names are not formatted as IP addresses';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'bucket names do not begin with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'bucket names do not end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)';
  return undefined;
}

export function validateBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem) throw new LakehouseError('InvalidInput', `invalid bucket name "${name}": ${problem}`, { object: name });
}

/** Why `seg` cannot be one `/`-separated part of a key, or undefined when it can. */
export function segmentProblem(seg: string): string | undefined {
  if (seg === '') return 'empty path segment ("//", or a trailing "/": folder-marker keys are not stored locally)';
  if (seg === '.' || seg === '..') return `"${seg}" segments are not allowed`;
  if (Buffer.byteLength(seg) > MAX_SEGMENT_BYTES) return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  if (seg.startsWith(RESERVED_PREFIX)) return `segments starting with "${RESERVED_PREFIX}" are reserved for the local store's own files`;
  return undefined;
}

/** Why `key` cannot be stored, or undefined when it can. */
export function objectKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key === '') return 'the key is empty';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `the key is longer than ${MAX_KEY_BYTES} bytes`;
  if (key.includes('\0')) return 'the key contains a NUL character';
  if (key.includes('\\')) return 'the key contains a backslash';
  if (key.startsWith('/')) return 'the key starts with "/"';
  for (const seg of key.split('/')) {
    const problem = segmentProblem(seg);
    if (problem) return problem;
  }
  return undefined;
}

export function validateObjectKey(key: string): void {
  const problem = objectKeyProblem(key);
  if (problem) throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": ${problem}`, { object: key });
}

/** Splits `s3://bucket/prefix/` (also `s3a://`, `s3n://`) into bucket and prefix (`''` for the bucket itself). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3[an]?:\/\/([^/]*)(?:\/(.*))?$/s.exec(typeof uri === 'string' ? uri : '');
  if (!m) throw new LakehouseError('InvalidInput', `not an S3 URI: "${uri}" (expected s3://bucket/prefix/)`, { object: String(uri) });
  const bucket = m[1];
  const problem = bucketNameProblem(bucket);
  if (problem) throw new LakehouseError('InvalidInput', `invalid bucket in S3 URI "${uri}": ${problem}`, { object: uri });
  return { bucket, prefix: m[2] ?? '' };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** S3's key order: UTF-8 binary. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Whether `child` is `parent` or lies below it (lexically). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
