/**
 * S3 as a real account sees it, in front of s3rver: an HTTP proxy on 127.0.0.1 that forwards path-style requests
 * to s3rver and makes them behave as S3 does where s3rver cannot:
 *
 * - SSE-KMS buckets: "Objects encrypted by SSE-C or SSE-KMS have ETags that are not an MD5 digest of their object
 *   data" (S3 API reference, Object.ETag). The ETags s3rver answers (headers and ListObjectsV2/CompleteMultipartUpload
 *   XML) are replaced by a tag that is not the MD5, stable per object version; `x-amz-server-side-encryption: aws:kms`.
 * - default checksums: S3 adds a full-object CRC64NVME checksum to objects uploaded without one, and returns it to
 *   a HEAD with `x-amz-checksum-mode: ENABLED` (S3 user guide, "Checking object integrity"; API reference, Checksum
 *   .ChecksumCRC64NVME). Computed here with the AWS SDK's own CRC64NVME over the object's bytes.
 * - buckets another account owns: HeadBucket answers a bare 403 (HEAD has no body: "A message body is not
 *   included", HeadBucket), CreateBucket 409 BucketAlreadyExists ("The requested bucket name is not available. The
 *   bucket namespace is shared by all users of the system"), anything else 403 AccessDenied. A HeadBucket with
 *   `x-amz-expected-bucket-owner` other than the fake account is a 403 too (HeadBucket ExpectedBucketOwner).
 * - an access denial as S3 words it (`denials`): "… is not authorized to perform: s3:GetObject on resource: "…" with
 *   an explicit deny in a service control policy" (S3 user guide, troubleshoot-403-errors, message examples).
 * - buckets in another region (`bucketRegions`): a request signed for another region is answered as S3's regional
 *   endpoint answers it — a HEAD with a bare 301 and the `x-amz-bucket-region` header (HeadBucket: "x-amz-bucket-region:
 *   The Region that the bucket is located"; HEAD has no body), anything else 301 `PermanentRedirect`, "The bucket you are
 *   attempting to access must be addressed using the specified endpoint. Please send all future requests to this
 *   endpoint." with its `<Endpoint>` and `<Bucket>` (S3 API reference, "Error responses": PermanentRedirect, 301 Moved
 *   Permanently; the body's members as aws/aws-sdk-js-v3's region-redirect middleware reads them). With
 *   `regionAnswer = 'malformed'` the request reached the bucket's own region signed for another (a global endpoint):
 *   400 AuthorizationHeaderMalformed, "The authorization header is malformed; the region 'us-east-1' is wrong;
 *   expecting 'eu-central-1'" with `<Region>` and `x-amz-bucket-region` (a real answer, jsoma/flatware issue 10).
 * - S3's request limits s3rver does not enforce: DeleteObjects with more than 1,000 keys is a 400 MalformedXML ("The
 *   request can contain a list of up to 1,000 keys that you want to delete", DeleteObjects; MalformedXML, "The XML
 *   that you provided was not well-formed or did not validate against our published schema", Error responses); a
 *   key longer than 1,024 bytes of UTF-8 is a 400 KeyTooLongError ("The key name … 1,024 bytes long", user guide
 *   object-keys; KeyTooLongError, "Your key is too long", Error responses).
 * - a request signed with the account's access key but another secret: 403 SignatureDoesNotMatch, "The request
 *   signature we calculated does not match the signature you provided. Check your key and signing method." (Error
 *   responses) — s3rver takes any secret.
 * Every request is recorded (method, path, headers).
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type * as net from 'node:net';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { S3RVER_CREDENTIALS } from '../s3rver';
import { FAKE_ACCOUNT, FAKE_CALLER_ARN, sigV4Matches } from './server';

export interface ProxiedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface S3ProxyDenial {
  /** the S3 action, e.g. `s3:GetObject` */
  action: string;
  method: string;
  /** the request path starts with this (`/bucket/`) */
  pathPrefix: string;
  /** `service control policy`: an explicit deny of the Organization */
  explicitIn?: string;
}

export interface S3Proxy {
  endpoint: string;
  requests: ProxiedRequest[];
  /** buckets with SSE-KMS default encryption */
  kmsBuckets: Set<string>;
  /** bucket names another AWS account owns */
  foreignBuckets: Set<string>;
  /** buckets of the account that live in another region than the requests are signed for: bucket → its region */
  bucketRegions: Map<string, string>;
  /** how a request signed for another region than its bucket's is answered: S3's regional 301, or the 400 of the bucket's own region */
  regionAnswer: 'redirect' | 'malformed';
  /** answer checksum-mode HEADs with the full-object CRC64NVME (S3's default checksum) */
  defaultChecksums: boolean;
  denials: S3ProxyDenial[];
  close(): Promise<void>;
}

function xmlError(code: string, message: string): string {
  const esc = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${esc}</Message><RequestId>PROXY</RequestId></Error>`;
}

/** A KMS bucket's ETag for an object: not its MD5, stable as long as the object is. */
function kmsEtag(bucket: string, key: string, etag: string): string {
  return createHash('sha256').update(`kms\0${bucket}\0${key}\0${etag}`).digest('hex').slice(0, 32);
}

export async function startS3Proxy(upstream: string): Promise<S3Proxy> {
  const up = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  // the proxy's own reads of s3rver (a client's signature covers its own method: a HEAD cannot be replayed as GET)
  const reader = new S3Client({
    endpoint: upstream,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const proxy = {
    requests,
    kmsBuckets: new Set<string>(),
    foreignBuckets: new Set<string>(),
    bucketRegions: new Map<string, string>(),
    regionAnswer: 'redirect' as 'redirect' | 'malformed',
    defaultChecksums: false,
    denials: [] as S3ProxyDenial[],
  };

  const forward = (req: http.IncomingMessage, body: Buffer, headers: http.OutgoingHttpHeaders = req.headers): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const r = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(body);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        const url = new URL(req.url ?? '/', 'http://proxy');
        const [, bucket = '', ...rest] = url.pathname.split('/');
        const key = decodeURIComponent(rest.join('/'));
        const send = (status: number, headers: http.OutgoingHttpHeaders, body?: Buffer | string) => {
          res.writeHead(status, headers);
          res.end(req.method === 'HEAD' ? undefined : body);
        };

        const accessKey = /Credential=([^/,\s]+)\//.exec(String(req.headers['authorization'] ?? ''))?.[1];
        if (accessKey === S3RVER_CREDENTIALS.accessKeyId && !sigV4Matches(req, Buffer.concat(chunks), S3RVER_CREDENTIALS.secretAccessKey))
          return send(403, { 'content-type': 'application/xml' }, xmlError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'));
        const denial = proxy.denials.find((d) => d.method === req.method && url.pathname.startsWith(d.pathPrefix));
        if (denial) {
          const resource = `arn:aws:s3:::${bucket}${key ? `/${key}` : ''}`;
          const why = denial.explicitIn ? `with an explicit deny in a ${denial.explicitIn}` : `because no identity-based policy allows the ${denial.action} action`;
          return send(403, { 'content-type': 'application/xml' }, xmlError('AccessDenied', `User: ${FAKE_CALLER_ARN} is not authorized to perform: ${denial.action} on resource: "${resource}" ${why}`));
        }

        if (proxy.foreignBuckets.has(bucket)) {
          if (req.method === 'PUT' && rest.join('') === '')
            return send(409, { 'content-type': 'application/xml' }, xmlError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.'));
          return send(403, { 'content-type': 'application/xml' }, xmlError('AccessDenied', 'Access Denied'));
        }
        const home = proxy.bucketRegions.get(bucket);
        const signed = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(String(req.headers['authorization'] ?? ''))?.[1];
        if (home !== undefined && signed !== undefined && signed !== home) {
          const headers = { 'x-amz-bucket-region': home, 'content-type': 'application/xml' };
          if (proxy.regionAnswer === 'malformed') {
            const xml = xmlError('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${signed}' is wrong; expecting '${home}'`).replace('<RequestId>', `<Region>${home}</Region><RequestId>`);
            return send(400, headers, xml);
          }
          if (req.method === 'HEAD') return send(301, headers);
          const xml = xmlError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.').replace(
            '<RequestId>',
            `<Endpoint>${bucket}.s3.${home}.amazonaws.com</Endpoint><Bucket>${bucket}</Bucket><RequestId>`,
          );
          return send(301, headers, xml);
        }
        if (Buffer.byteLength(key, 'utf8') > 1024) return send(400, { 'content-type': 'application/xml' }, xmlError('KeyTooLongError', 'Your key is too long'));
        if (req.method === 'POST' && url.searchParams.has('delete') && (Buffer.concat(chunks).toString('utf8').match(/<Object>/g) ?? []).length > 1000)
          return send(400, { 'content-type': 'application/xml' }, xmlError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'));
        const owner = req.headers['x-amz-expected-bucket-owner'];
        if (typeof owner === 'string' && owner !== FAKE_ACCOUNT) return send(403, { 'content-type': 'application/xml' }, xmlError('AccessDenied', 'Access Denied'));

        const up = await forward(req, Buffer.concat(chunks));
        const headers: http.OutgoingHttpHeaders = { ...up.headers };
        let body = up.body;
        const kms = proxy.kmsBuckets.has(bucket);
        if (kms && key) {
          headers['x-amz-server-side-encryption'] = 'aws:kms';
          if (typeof headers['etag'] === 'string') headers['etag'] = `"${kmsEtag(bucket, key, headers['etag'].replace(/"/g, ''))}"`;
        }
        if (kms && /xml/.test(String(up.headers['content-type'] ?? '')) && body.length > 0) {
          let text = body.toString('utf8');
          // ListObjectsV2: each <Contents> names its key and ETag; CompleteMultipartUpload: the object's
          text = text.replace(/<Contents>([\s\S]*?)<\/Contents>/g, (whole: string, inner: string) => {
            const k = /<Key>([\s\S]*?)<\/Key>/.exec(inner)?.[1] ?? '';
            return whole.replace(/<ETag>(?:&quot;|")?([0-9a-f-]+)(?:&quot;|")?<\/ETag>/, (_m, e: string) => `<ETag>&quot;${kmsEtag(bucket, k.replace(/&amp;/g, '&'), e)}&quot;</ETag>`);
          });
          if (/<CompleteMultipartUploadResult/.test(text))
            text = text.replace(/<ETag>(?:&quot;|")?([0-9a-f-]+)(?:&quot;|")?<\/ETag>/, (_m, e: string) => `<ETag>&quot;${kmsEtag(bucket, key, e)}&quot;</ETag>`);
          body = Buffer.from(text, 'utf8');
          headers['content-length'] = String(body.length);
        }
        if (proxy.defaultChecksums && req.method === 'HEAD' && key && up.status === 200 && String(req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED') {
          const got = await reader.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          const crc = new Crc64Nvme();
          crc.update(await got.Body!.transformToByteArray());
          headers['x-amz-checksum-crc64nvme'] = Buffer.from(await crc.digest()).toString('base64');
          headers['x-amz-checksum-type'] = 'FULL_OBJECT';
        }
        send(up.status, headers, body);
      })().catch((e: unknown) => {
        // S3's own 500 (S3 API reference, "Error responses": InternalError, "We encountered an internal error. Please try again.")
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end(xmlError('InternalError', String(e)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    ...proxy,
    get kmsBuckets() {
      return proxy.kmsBuckets;
    },
    get foreignBuckets() {
      return proxy.foreignBuckets;
    },
    get bucketRegions() {
      return proxy.bucketRegions;
    },
    get regionAnswer() {
      return proxy.regionAnswer;
    },
    set regionAnswer(v: 'redirect' | 'malformed') {
      proxy.regionAnswer = v;
    },
    get defaultChecksums() {
      return proxy.defaultChecksums;
    },
    set defaultChecksums(v: boolean) {
      proxy.defaultChecksums = v;
    },
    denials: proxy.denials,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        reader.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
