/**
 * The AWS target's object store: S3 through SDK v3, with the semantics {@link ObjectStore} documents and
 * `LocalObjectStore` shows.
 *
 * - Small Buffer/string bodies go up in one PutObject; streams and large bodies through `@aws-sdk/lib-storage`'s
 *   `Upload` (multipart, at most `queueSize` parts in flight, so memory stays below `(queueSize + 1) × partSize`).
 * - Part size: {@link DEFAULT_PART_SIZE} (8 MiB, the AWS CLI's default `multipart_chunksize` and
 *   `multipart_threshold`), grown in whole MiB for files above 80 GiB so no upload exceeds S3's 10,000 parts.
 *   {@link S3ObjectStore.partSizeFor} is a pure function of the size, so a sync can recompute the multipart ETag
 *   (`md5-of-part-md5s-N`) of a local file and compare it with the stored one.
 * - Cancelling (`signal`) stops reading the body; lib-storage then aborts the multipart upload on the server
 *   (AbortMultipartUpload) before `put` rejects, so no parts linger and no partial object is ever visible (S3 only
 *   shows an object once CompleteMultipartUpload succeeds). Parts already being sent finish first. A small
 *   PutObject is aborted mid-request.
 * - Every SDK failure becomes an `AwsError` naming the action (`s3:PutObject`) and `s3://bucket/key`.
 */
import { promises as fs, ReadStream } from 'node:fs';
import { Readable, Transform, pipeline } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { LakehouseError, errorMessage } from '../../errors';
import type { Bucket, ListOptions, ObjectPage, StoredObject } from '../../model';
import type { ObjectStore } from '../../target';
import { validateBucketName } from '../local/objectStore';
import { isAwsError, type AwsCallContext, type AwsConnection } from './connection';

const MiB = 1024 * 1024;
/** Multipart part size and threshold, as the AWS CLI's defaults (`multipart_chunksize`, `multipart_threshold`). */
export const DEFAULT_PART_SIZE = 8 * MiB;
/** S3's minimum part size (all parts but the last). */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PARTS = 10_000;
export const DEFAULT_QUEUE_SIZE = 4;
const MAX_KEY_BYTES = 1024;
const DELETE_BATCH = 1000;

export interface S3StoreOptions {
  /** minimum part size of multipart uploads (≥ 5 MiB); default 8 MiB */
  partSize?: number;
  /** parts uploaded in parallel per object; default 4 */
  queueSize?: number;
  /** Buffer/string bodies of at least this many bytes go up as multipart; default: the part size */
  multipartThreshold?: number;
}

/** The part size for an object of `size` bytes: `minPartSize`, or more (whole MiB) to stay within 10,000 parts. */
export function partSizeFor(size: number, minPartSize: number = DEFAULT_PART_SIZE): number {
  const needed = Math.ceil(size / MAX_PARTS / MiB) * MiB;
  return Math.max(minPartSize, needed);
}

function unquote(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : etag.replace(/^W\//, '').replace(/"/g, '');
}

function uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}

/** Why S3 refuses `key`, or undefined: S3 takes any UTF-8 key of 1 to 1024 bytes. */
function s3KeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key === '') return 'the key is empty';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `the key is longer than ${MAX_KEY_BYTES} bytes`;
  return undefined;
}

function checkKey(key: string): void {
  const problem = s3KeyProblem(key);
  if (problem) throw new LakehouseError('InvalidObjectKey', `invalid object key "${typeof key === 'string' && key.length > 60 ? `${key.slice(0, 60)}…` : String(key)}": ${problem}`, { object: String(key) });
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/**
 * `source` piped through a byte counter: the stream to send, the bytes it has passed so far, and the error reading
 * the source failed with, if any (so an upload can tell a bad file from a failed request).
 */
function countedBody(source: Readable): { stream: Transform; readonly counted: number; readonly error: unknown } {
  const state = { counted: 0, error: undefined as unknown };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      state.counted += chunk.length;
      done(null, chunk);
    },
  });
  pipeline(source, stream, (err) => {
    if (err) state.error = err;
  });
  return {
    stream,
    get counted() {
      return state.counted;
    },
    get error() {
      return state.error;
    },
  };
}

export class S3ObjectStore implements ObjectStore {
  readonly partSize: number;
  readonly queueSize: number;
  readonly multipartThreshold: number;

  constructor(
    readonly connection: AwsConnection,
    options: S3StoreOptions = {},
  ) {
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    this.queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
    this.multipartThreshold = options.multipartThreshold ?? this.partSize;
    if (!Number.isInteger(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw new LakehouseError('InvalidInput', `S3 part size must be at least 5 MiB (${MIN_PART_SIZE} bytes), got ${this.partSize}`, { field: 'partSize' });
    }
    if (!Number.isInteger(this.queueSize) || this.queueSize < 1) {
      throw new LakehouseError('InvalidInput', `S3 queue size must be a positive integer, got ${this.queueSize}`, { field: 'queueSize' });
    }
  }

  keyProblem(key: string): string | undefined {
    return s3KeyProblem(key);
  }

  /** The part size a multipart upload of `size` bytes uses (for recomputing multipart ETags). */
  partSizeFor(size: number): number {
    return partSizeFor(size, this.partSize);
  }

  private async client(): Promise<S3Client> {
    return this.connection.s3();
  }

  private async send<T>(call: AwsCallContext, fn: (client: S3Client, sdk: typeof import('@aws-sdk/client-s3')) => Promise<T>): Promise<T> {
    const [client, sdk] = await Promise.all([this.client(), import('@aws-sdk/client-s3')]);
    return this.connection.call(call, () => fn(client, sdk));
  }

  // ------------------------------------------------------------ buckets

  async listBuckets(): Promise<Bucket[]> {
    const out: Bucket[] = [];
    let token: string | undefined;
    do {
      const res = await this.send({ action: 's3:ListAllMyBuckets', resource: 's3://' }, (c, { ListBucketsCommand }) =>
        c.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {})),
      );
      for (const b of res.Buckets ?? []) if (b.Name) out.push({ name: b.Name, ...(b.CreationDate ? { created: b.CreationDate } : {}) });
      token = res.ContinuationToken || undefined;
    } while (token);
    return out.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  }

  /** Creates the bucket in the connection's region; creating one you already own succeeds. */
  async createBucket(name: string): Promise<void> {
    validateBucketName(name);
    const region = this.connection.region;
    const call = { action: 's3:CreateBucket', resource: uri(name) };
    try {
      await this.send(call, (c, { CreateBucketCommand }) =>
        c.send(
          new CreateBucketCommand({
            Bucket: name,
            ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}),
          }),
        ),
      );
    } catch (e) {
      if (!isAwsError(e, 'AlreadyExists') && !(isAwsError(e) && e.message.startsWith('BucketAlreadyOwnedByYou'))) throw e;
      // BucketAlreadyExists: ours (some servers answer so for a bucket of the same account) or another account's
      if (!(await this.bucketExists(name))) throw e;
    }
  }

  /** Whether the bucket exists and is reachable with these credentials. */
  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.send({ action: 's3:ListBucket', resource: uri(bucket) }, (c, { HeadBucketCommand }) => c.send(new HeadBucketCommand({ Bucket: bucket })));
      return true;
    } catch (e) {
      if (isAwsError(e, 'NotFound') || isAwsError(e, 'NoSuchBucket')) return false;
      throw e;
    }
  }

  private noSuchBucket(bucket: string, action: string): LakehouseError {
    return this.connection.error(Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', Code: 'NoSuchBucket' }), {
      action,
      resource: uri(bucket),
    });
  }

  // ------------------------------------------------------------ listing

  async list(bucket: string, options: ListOptions = {}): Promise<ObjectPage> {
    const maxKeys = options.maxKeys ?? 1000;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new LakehouseError('InvalidInput', `maxKeys must be a positive integer (got ${maxKeys})`, { field: 'maxKeys' });
    }
    const prefix = options.prefix ?? '';
    const res = await this.send({ action: 's3:ListBucket', resource: uri(bucket, prefix) }, (c, { ListObjectsV2Command }) =>
      c.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          MaxKeys: Math.min(maxKeys, 1000),
          ...(prefix ? { Prefix: prefix } : {}),
          ...(options.delimiter ? { Delimiter: options.delimiter } : {}),
          ...(options.pageToken ? { ContinuationToken: options.pageToken } : options.startAfter ? { StartAfter: options.startAfter } : {}),
        }),
      ),
    );
    const page: ObjectPage = {
      objects: (res.Contents ?? [])
        .filter((o) => o.Key !== undefined)
        .map((o) => {
          const etag = unquote(o.ETag);
          return { key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), ...(etag ? { etag } : {}) };
        }),
      commonPrefixes: (res.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => p !== undefined),
    };
    if (res.IsTruncated && res.NextContinuationToken) page.nextPageToken = res.NextContinuationToken;
    return page;
  }

  // ------------------------------------------------------------ reading

  async head(bucket: string, key: string): Promise<StoredObject | undefined> {
    checkKey(key);
    try {
      const res = await this.send({ action: 's3:GetObject', resource: uri(bucket, key) }, (c, { HeadObjectCommand }) =>
        c.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      );
      const etag = unquote(res.ETag);
      return { key, size: res.ContentLength ?? 0, lastModified: res.LastModified ?? new Date(0), ...(etag ? { etag } : {}) };
    } catch (e) {
      // a HEAD 404 has no body: it may be the key or the whole bucket that is missing
      if (isAwsError(e, 'NotFound') || isAwsError(e, 'NoSuchKey')) {
        if (await this.bucketExists(bucket)) return undefined;
        throw this.noSuchBucket(bucket, 's3:GetObject');
      }
      throw e;
    }
  }

  private async getObject(bucket: string, key: string) {
    checkKey(key);
    const res = await this.send({ action: 's3:GetObject', resource: uri(bucket, key) }, (c, { GetObjectCommand }) =>
      c.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    );
    if (!res.Body) throw new LakehouseError('DataError', `S3 returned no body for ${uri(bucket, key)}`, { object: key });
    return res.Body;
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const body = await this.getObject(bucket, key);
    const bytes = await this.connection.call({ action: 's3:GetObject', resource: uri(bucket, key) }, () => body.transformToByteArray());
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async getStream(bucket: string, key: string): Promise<Readable> {
    const body = await this.getObject(bucket, key);
    if (body instanceof Readable) return body;
    return Readable.fromWeb(body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
  }

  // ------------------------------------------------------------ writing

  /**
   * Writes the object. `options.size` (an extension of the ObjectStore signature) is the stream body's length when
   * the caller knows it: it picks the part size ({@link partSizeFor}); without it a stream's part size is the
   * configured minimum, or its file's size for an `fs.ReadStream`.
   */
  async put(bucket: string, key: string, body: Buffer | string | Readable, options: { signal?: AbortSignal; size?: number } = {}): Promise<StoredObject> {
    validateBucketName(bucket);
    checkKey(key);
    const { signal } = options;
    const call = { action: 's3:PutObject', resource: uri(bucket, key) };
    if (signal?.aborted) throw this.connection.error(abortError(), call);

    if (!(body instanceof Readable)) {
      const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      if (buf.length < this.multipartThreshold) {
        const res = await this.send(call, (c, { PutObjectCommand }) =>
          c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: buf, ContentLength: buf.length }), signal ? { abortSignal: signal } : {}),
        );
        const etag = unquote(res.ETag);
        return { key, size: buf.length, lastModified: new Date(), ...(etag ? { etag } : {}) };
      }
      return this.multipart(bucket, key, Readable.from([buf], { objectMode: false }), buf.length, signal);
    }
    let size = options.size;
    if (size === undefined && body instanceof ReadStream && typeof body.path === 'string') size = (await fs.stat(body.path).catch(() => undefined))?.size;
    // a stream of known size below the threshold goes up in one PutObject, streamed (no buffering, no multipart)
    if (size !== undefined && size < this.multipartThreshold) return this.putStream(bucket, key, body, size, signal);
    return this.multipart(bucket, key, body, size, signal);
  }

  private async putStream(bucket: string, key: string, source: Readable, size: number, signal: AbortSignal | undefined): Promise<StoredObject> {
    const call = { action: 's3:PutObject', resource: uri(bucket, key) };
    const body = countedBody(source);
    try {
      const res = await this.send(call, (c, { PutObjectCommand }) =>
        c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body.stream, ContentLength: size }), signal ? { abortSignal: signal } : {}),
      );
      if (body.error !== undefined) throw body.error;
      if (body.counted !== size) {
        throw new LakehouseError('DataError', `upload of ${uri(bucket, key)}: ${body.counted} bytes read, ${size} expected (the file changed while it was uploaded)`, { object: key });
      }
      const etag = unquote(res.ETag);
      return { key, size, lastModified: new Date(), ...(etag ? { etag } : {}) };
    } catch (e) {
      source.destroy();
      if (body.error !== undefined && !(e instanceof LakehouseError && e.code === 'Cancelled')) {
        throw new LakehouseError('DataError', `upload of ${uri(bucket, key)} failed reading its content: ${errorMessage(body.error)}`, { object: key }, { cause: body.error });
      }
      throw e;
    }
  }

  private async multipart(bucket: string, key: string, source: Readable, size: number | undefined, signal: AbortSignal | undefined): Promise<StoredObject> {
    const call = { action: 's3:PutObject', resource: uri(bucket, key) };
    const [client, { Upload }] = await Promise.all([this.client(), import('@aws-sdk/lib-storage')]);
    // count the bytes; cancelling destroys the source, which makes lib-storage abort the multipart upload
    const body = countedBody(source);
    const onAbort = () => source.destroy(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: body.stream },
        partSize: size !== undefined ? this.partSizeFor(size) : this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false,
      });
      const res = await upload.done();
      const etag = unquote(res.ETag);
      return { key, size: body.counted, lastModified: new Date(), ...(etag ? { etag } : {}) };
    } catch (e) {
      source.destroy();
      if (signal?.aborted) throw this.connection.error(abortError(), call);
      if (body.error !== undefined && !(typeof e === 'object' && e !== null && '$metadata' in e)) {
        throw new LakehouseError('DataError', `upload of ${uri(bucket, key)} failed reading its content: ${errorMessage(body.error)}`, { object: key }, { cause: body.error });
      }
      throw this.connection.error(e, call);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Deletes the object; deleting a missing one succeeds (as in S3). */
  async delete(bucket: string, key: string): Promise<void> {
    checkKey(key);
    await this.send({ action: 's3:DeleteObject', resource: uri(bucket, key) }, (c, { DeleteObjectCommand }) =>
      c.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
    );
  }

  /**
   * Deletes every object under `prefix` (the whole bucket for `''`) but those under an `except` prefix, with
   * DeleteObjects, 1000 keys a request.
   */
  async deletePrefix(bucket: string, prefix: string, options: { except?: readonly string[] } = {}): Promise<number> {
    validateBucketName(bucket);
    const except = options.except ?? [];
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.list(bucket, { prefix, maxKeys: DELETE_BATCH, ...(token ? { pageToken: token } : {}) });
      token = page.nextPageToken;
      for (let i = 0; i < page.objects.length; i += DELETE_BATCH) {
        const keys = page.objects.slice(i, i + DELETE_BATCH).map((o) => o.key).filter((k) => !except.some((e) => k.startsWith(e)));
        if (keys.length === 0) continue;
        const call = { action: 's3:DeleteObject', resource: uri(bucket, prefix) };
        const res = await this.send(call, (c, { DeleteObjectsCommand }) =>
          c.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } })),
        );
        const errors = res.Errors ?? [];
        if (errors.length) {
          const first = errors[0];
          throw this.connection.error(Object.assign(new Error(first.Message ?? 'delete failed'), { name: first.Code ?? 'Error', Code: first.Code, $fault: 'client' }), {
            action: 's3:DeleteObject',
            resource: uri(bucket, first.Key ?? prefix) + (errors.length > 1 ? ` (and ${errors.length - 1} more keys)` : ''),
          });
        }
        deleted += keys.length;
      }
    } while (token);
    return deleted;
  }
}
