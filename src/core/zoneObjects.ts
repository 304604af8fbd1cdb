/**
 * The objects of one zone when zones nest. With landing at `accelerometer_landing/` and trusted at
 * `accelerometer_landing/trusted/` (real buckets are laid out so), an object belongs to the deepest zone whose prefix
 * holds it: landing's objects are the keys under its prefix that are not under trusted's. Listing, counting and
 * deleting a zone's objects go through here, so the nested zone's objects are never counted or deleted twice.
 *
 * A nested zone is skipped with S3's StartAfter (a key past every key of the nested prefix), so its objects cost one
 * request to step over, not a listing of all of them.
 */
import { LakehouseError } from './errors';
import type { ObjectPage, StoredObject } from './model';
import type { ObjectStore } from './target';

/** Objects counted, their bytes, and whether counting stopped at `limit` (there are more). */
export interface ZoneStats {
  objects: number;
  bytes: number;
  /** counting stopped at `limit`: there are more objects */
  truncated: boolean;
  limit: number;
}

/** A key that sorts after every key starting with `prefix` (the highest code point appended). */
function pastPrefix(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

interface Cursor {
  /** the store's page token */
  t?: string;
  /** list after this key */
  a?: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(token: string | undefined): Cursor {
  if (token === undefined) return {};
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (c && (typeof c.t === 'string' || typeof c.a === 'string')) return c;
  } catch {
    // fall through
  }
  throw new LakehouseError('InvalidInput', `invalid zone page token "${token.slice(0, 40)}": pass the nextPageToken of a previous page`);
}

/**
 * One page of the zone's own objects: the keys under `prefix` (and `filter`, a further key prefix inside the zone)
 * that are under none of the `nested` zone prefixes. Pages hold up to `maxKeys` objects (fewer at the end); the
 * token is this function's own, to pass back as `pageToken`.
 */
export async function listZoneObjects(
  storage: Pick<ObjectStore, 'list'>,
  bucket: string,
  prefix: string,
  nested: readonly string[],
  options: { maxKeys?: number; pageToken?: string; filter?: string } = {},
): Promise<ObjectPage> {
  const max = options.maxKeys ?? 1000;
  const listPrefix = prefix + (options.filter ?? '');
  const skip = nested.filter((n) => n.startsWith(listPrefix) || listPrefix.startsWith(n));
  // a filter inside a nested zone: nothing of this zone is there
  if (skip.some((n) => listPrefix.startsWith(n))) return { objects: [], commonPrefixes: [] };
  let cursor = decodeCursor(options.pageToken);
  const objects: StoredObject[] = [];
  for (;;) {
    const page = await storage.list(bucket, {
      prefix: listPrefix,
      maxKeys: Math.max(1, max - objects.length),
      ...(cursor.t !== undefined ? { pageToken: cursor.t } : cursor.a !== undefined ? { startAfter: cursor.a } : {}),
    });
    let jumped: string | undefined;
    for (const o of page.objects) {
      const inner = skip.find((n) => o.key.startsWith(n));
      if (inner !== undefined) {
        jumped = pastPrefix(inner);
        break;
      }
      objects.push(o);
    }
    if (jumped !== undefined) cursor = { a: jumped };
    else if (page.nextPageToken !== undefined) cursor = { t: page.nextPageToken };
    else return { objects, commonPrefixes: [] };
    if (objects.length >= max) return { objects, commonPrefixes: [], nextPageToken: encodeCursor(cursor) };
  }
}

/** Counts the zone's own objects (see {@link listZoneObjects}) page by page, stopping at `limit`. */
export async function zoneObjectStats(storage: Pick<ObjectStore, 'list'>, bucket: string, prefix: string, nested: readonly string[], limit: number): Promise<ZoneStats> {
  let objects = 0;
  let bytes = 0;
  let pageToken: string | undefined;
  do {
    const page = await listZoneObjects(storage, bucket, prefix, nested, { maxKeys: Math.min(1000, limit - objects), ...(pageToken !== undefined ? { pageToken } : {}) });
    for (const o of page.objects) {
      objects++;
      bytes += o.size;
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined && objects < limit);
  return { objects, bytes, truncated: pageToken !== undefined, limit };
}
