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
 * - What a sync compares is written with the object: the whole content's MD5 in the `md5chksum` metadata (as
 *   rclone writes it, base64: rclone/rclone backend/s3/s3.go `metaMD5Hash`) when the caller knows it, and — on AWS
 *   itself — a full-object CRC64NVME checksum (`ChecksumAlgorithm: CRC64NVME`, full-object even for multipart
 *   uploads: https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html). `head` reads both
 *   back (checksum mode), so an object whose ETag is not an MD5 (SSE-KMS, SSE-C, multipart) is still recognised.
 * - Buckets as S3 wants them used ({@link S3ObjectStore.ensureBucket}): HeadBucket first, CreateBucket only on a 404,
 *   and a name another account owns said in those words; nothing needs s3:ListAllMyBuckets.
 * - Every SDK failure becomes an `AwsError` naming the action (`s3:PutObject`) and `s3://bucket/key`.
 */
import { promises as fs, ReadStream } from 'node:fs';
import { Readable, Transform, pipeline } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { LakehouseError, errorMessage } from '../../errors';
import type { Bucket, ListOptions, ObjectPage, StoredObject } from '../../model';
import type { ObjectStore } from '../../target';
import { validateBucketName } from '../local/objectKeys';
import { AwsError, isAwsError, type AwsCallContext, type AwsConnection } from './connection';

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

/** The metadata key of the whole content's MD5 (base64), as rclone names it: `x-amz-meta-md5chksum`. */
export const MD5_METADATA = 'md5chksum';

function md5Base64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

function md5FromMetadata(meta: Record<string, string> | undefined): string | undefined {
  const v = meta?.[MD5_METADATA];
  if (!v) return undefined;
  const hex = /^[0-9a-f]{32}$/i.test(v) ? v.toLowerCase() : Buffer.from(v, 'base64').toString('hex');
  return hex.length === 32 ? hex : undefined;
}

/** What `ensureBucket` found: the bucket was there, or it was created. */
export type BucketState = 'exists' | 'created';

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

  /**
   * Creates the bucket in the connection's region; creating one you already own succeeds. A name another account
   * owns is said to be taken (S3's BucketAlreadyExists: "The requested bucket name is not available. The bucket
   * namespace is shared by all users of the system", S3 API reference, CreateBucket).
   */
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
      if (isAwsError(e) && e.awsCode === 'BucketAlreadyOwnedByYou') return;
      if (!isAwsError(e, 'AlreadyExists')) throw e;
      // BucketAlreadyExists: on AWS another account's. Some S3-compatible servers answer so for a bucket of the
      // caller's own: there, a HeadBucket that succeeds says it is ours (anything else: taken)
      if (!this.connection.s3IsAws && (await this.bucketExists(name).catch(() => false))) return;
      throw e;
    }
  }

  /** Whether the bucket exists and is reachable with these credentials. */
  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.headBucket(bucket);
      return true;
    } catch (e) {
      if (isAwsError(e, 'NotFound') || isAwsError(e, 'NoSuchBucket')) return false;
      throw e;
    }
  }

  /** HeadBucket (needs s3:ListBucket); `expectedOwner` (an account id) makes a bucket of another account a 403. */
  async headBucket(bucket: string, options: { expectedOwner?: string } = {}): Promise<{ region?: string }> {
    const res = await this.send({ action: 's3:ListBucket', resource: uri(bucket) }, (c, { HeadBucketCommand }) =>
      c.send(new HeadBucketCommand({ Bucket: bucket, ...(options.expectedOwner ? { ExpectedBucketOwner: options.expectedOwner } : {}) })),
    );
    return res.BucketRegion ? { region: res.BucketRegion } : {};
  }

  /**
   * Makes sure the bucket is there, as S3 wants it asked: HeadBucket first (200: it is there and usable), then
   * CreateBucket only when that says 404. A 403 is a bucket these credentials may not use — another account's
   * (bucket names are global) or one the policy does not grant s3:ListBucket on — and the message says both;
   * BucketAlreadyExists on create is a name taken by another account. Needs no s3:ListAllMyBuckets.
   * (HeadBucket: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html)
   */
  async ensureBucket(name: string): Promise<BucketState> {
    validateBucketName(name);
    try {
      await this.headBucket(name);
      return 'exists';
    } catch (e) {
      if (isAwsError(e, 'AccessDenied')) {
        // S3 answers a HEAD without a body: a 403 is also what keys S3 does not know get. STS tells them apart (it
        // needs no permission: "No permissions are required to perform this operation", GetCallerIdentity)
        await this.connection.callerIdentity().catch((who: unknown) => {
          if (isAwsError(who, 'Credentials')) throw who;
        });
        throw new AwsError(
          'InvalidInput',
          'AccessDenied',
          `bucket ${name} exists but these credentials may not use it (HeadBucket answered 403 Forbidden): either another AWS account owns the name — bucket names are shared by all accounts: choose another "bucket" in lakehouse.json — or your IAM policy lacks s3:ListBucket on arn:aws:s3:::${name} (credentials of ${this.connection.credentialsLabel})`,
          e.call,
          { grant: { action: 's3:ListBucket', resource: `arn:aws:s3:::${name}` } },
          e.summary,
        );
      }
      if (!isAwsError(e, 'NotFound') && !isAwsError(e, 'NoSuchBucket')) throw e;
    }
    await this.createBucket(name);
    return 'created';
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
      // checksum mode: S3 says the full-object checksum it holds (CRC64NVME by default since 2025)
      const res = await this.send({ action: 's3:GetObject', resource: uri(bucket, key) }, (c, { HeadObjectCommand }) =>
        c.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' })),
      );
      const etag = unquote(res.ETag);
      const md5 = md5FromMetadata(res.Metadata);
      // a composite (per-part) checksum is not the content's: only a full-object one is kept
      const crc = res.ChecksumCRC64NVME && res.ChecksumType !== 'COMPOSITE' ? res.ChecksumCRC64NVME : undefined;
      return {
        key,
        size: res.ContentLength ?? 0,
        lastModified: res.LastModified ?? new Date(0),
        ...(etag ? { etag } : {}),
        ...(md5 ? { contentMd5: md5 } : {}),
        ...(crc ? { crc64nvme: crc } : {}),
      };
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
   * configured minimum, or its file's size for an `fs.ReadStream`. `options.md5` (hex), when the caller knows the
   * content's MD5, goes into the `md5chksum` metadata.
   */
  async put(bucket: string, key: string, body: Buffer | string | Readable, options: { signal?: AbortSignal; size?: number; md5?: string } = {}): Promise<StoredObject> {
    validateBucketName(bucket);
    checkKey(key);
    const { signal } = options;
    const extra = this.writeParams(options.md5);
    const call = { action: 's3:PutObject', resource: uri(bucket, key) };
    if (signal?.aborted) throw this.connection.error(abortError(), call);

    if (!(body instanceof Readable)) {
      const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      if (buf.length < this.multipartThreshold) {
        const res = await this.send(call, (c, { PutObjectCommand }) =>
          c.send(
            new PutObjectCommand({ Bucket: bucket, Key: key, Body: buf, ContentLength: buf.length, ...extra }),
            signal ? { abortSignal: signal } : {},
          ),
        );
        const etag = unquote(res.ETag);
        return { key, size: buf.length, lastModified: new Date(), ...(etag ? { etag } : {}), ...(options.md5 ? { contentMd5: options.md5 } : {}) };
      }
      return this.multipart(bucket, key, Readable.from([buf], { objectMode: false }), buf.length, signal, extra, options.md5);
    }
    let size = options.size;
    if (size === undefined && body instanceof ReadStream && typeof body.path === 'string') size = (await fs.stat(body.path).catch(() => undefined))?.size;
    // a stream of known size below the threshold goes up in one PutObject, streamed (no buffering, no multipart)
    if (size !== undefined && size < this.multipartThreshold) return this.putStream(bucket, key, body, size, signal, extra, options.md5);
    return this.multipart(bucket, key, body, size, signal, extra, options.md5);
  }

  /**
   * What every write sends besides the body: the MD5 metadata when known, and on AWS a full-object CRC64NVME
   * checksum (custom endpoints get checksums only where required: see connection.ts).
   */
  private writeParams(md5: string | undefined): { Metadata?: Record<string, string>; ChecksumAlgorithm?: 'CRC64NVME' } {
    return {
      ...(md5 ? { Metadata: { [MD5_METADATA]: md5Base64(md5) } } : {}),
      ...(this.connection.s3IsAws ? { ChecksumAlgorithm: 'CRC64NVME' as const } : {}),
    };
  }

  private async putStream(
    bucket: string,
    key: string,
    source: Readable,
    size: number,
    signal: AbortSignal | undefined,
    extra: ReturnType<S3ObjectStore['writeParams']>,
    md5: string | undefined,
  ): Promise<StoredObject> {
    const call = { action: 's3:PutObject', resource: uri(bucket, key) };
    const body = countedBody(source);
    try {
      const res = await this.send(call, (c, { PutObjectCommand }) =>
        c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body.stream, ContentLength: size, ...extra }), signal ? { abortSignal: signal } : {}),
      );
      if (body.error !== undefined) throw body.error;
      if (body.counted !== size) {
        throw new LakehouseError('DataError', `upload of ${uri(bucket, key)}: ${body.counted} bytes read, ${size} expected (the file changed while it was uploaded)`, { object: key });
      }
      const etag = unquote(res.ETag);
      return { key, size, lastModified: new Date(), ...(etag ? { etag } : {}), ...(md5 ? { contentMd5: md5 } : {}) };
    } catch (e) {
      source.destroy();
      if (body.error !== undefined && !(e instanceof LakehouseError && e.code === 'Cancelled')) {
        throw new LakehouseError('DataError', `upload of ${uri(bucket, key)} failed reading its content: ${errorMessage(body.error)}`, { object: key }, { cause: body.error });
      }
      throw e;
    }
  }

  private async multipart(
    bucket: string,
    key: string,
    source: Readable,
    size: number | undefined,
    signal: AbortSignal | undefined,
    extra: ReturnType<S3ObjectStore['writeParams']> = {},
    md5?: string,
  ): Promise<StoredObject> {
    const call = { action: 's3:PutObject', resource: uri(bucket, key) };
    const [client, { Upload }] = await Promise.all([this.client(), import('@aws-sdk/lib-storage')]);
    // count the bytes; cancelling destroys the source, which makes lib-storage abort the multipart upload
    const body = countedBody(source);
    const onAbort = () => source.destroy(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: body.stream, ...extra },
        partSize: size !== undefined ? this.partSizeFor(size) : this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false,
      });
      const res = await upload.done();
      const etag = unquote(res.ETag);
      return { key, size: body.counted, lastModified: new Date(), ...(etag ? { etag } : {}), ...(md5 ? { contentMd5: md5 } : {}) };
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
