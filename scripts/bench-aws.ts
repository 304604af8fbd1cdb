/**
 * `npm run bench:aws` — benchmarks of the AWS target against the offline servers (s3rver + the test tree's fake
 * Glue/Athena endpoint); figures, not tests.
 *
 *   1. Upload a landing folder (default 1 GiB) with `lakehouse upload`'s sync (multipart for big files, bounded
 *      concurrency) vs a plain SDK loop over the same files (one PutObject with a file stream per file, one after
 *      another) — into separate buckets of the same s3rver. Ratio = plain time / ours (≥ 1: ours is faster). Two
 *      folder shapes: `stedi` (1 MiB files, the STEDI landing layout) and `mixed` (a quarter of the bytes in 4 big
 *      files that go up as multipart — s3rver assembles parts by copying them, real S3 does not).
 *   2. The second sync of the unchanged folder: bytes uploaded (0 expected) and time — on a plain bucket (the ETag is
 *      the MD5) and on an SSE-KMS bucket (the ETags are not MD5s: S3 as the test proxy models it; the sync reads the
 *      MD5 it kept in each object's metadata instead).
 *   3. Paging a 100k-row Athena result the way the grid does (the target's `page`, 1,000 rows per page) vs a plain
 *      `paginateGetQueryResults` loop over the same execution.
 *
 * Options: --mib 1024 (folder size) --shapes stedi,mixed --rows 100000 --reps 2 --json FILE.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { AthenaClient, paginateGetQueryResults } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { initProject } from '../src/core/actions/init';
import { runStatement } from '../src/core/actions/query';
import { planUpload, upload } from '../src/core/actions/upload';
import { loadProject } from '../src/core/project/manifest';
import { AwsTarget } from '../src/core/targets/aws';
import { startFakeAws } from '../test/aws/fake';
import { S3RVER_CREDENTIALS } from '../test/aws/s3rver';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const MiB = 1024 * 1024;

/**
 * A landing folder of `totalMiB`: `stedi` — 1 MiB files, as the STEDI landing zones hold (the generator's default file
 * size); `mixed` — a quarter of the bytes in 4 big files (multipart), the rest in 1 MiB files.
 */
async function writeFolder(dir: string, totalMiB: number, shape: 'stedi' | 'mixed'): Promise<{ files: number; bytes: number }> {
  const plan: { dataset: string; size: number }[] = [];
  let left = totalMiB;
  if (shape === 'mixed') {
    const big = Math.max(1, Math.floor(totalMiB / 16));
    for (let i = 0; i < 4; i++) plan.push({ dataset: 'accelerometer', size: big * MiB });
    left -= 4 * big;
  }
  for (; left > 0; left--) plan.push({ dataset: 'step_trainer', size: MiB });
  let bytes = 0;
  for (const [i, p] of plan.entries()) {
    const folder = path.join(dir, p.dataset, 'landing');
    await fs.mkdir(folder, { recursive: true });
    // JSON lines unique to the file (a random serial per file and a counter), so no two objects are alike
    const serial = crypto.randomBytes(16).toString('hex');
    const lines: string[] = [];
    let size = 0;
    for (let n = 0; size < p.size; n++) {
      const l = `{"sensorReadingTime":${1655564444103 + n},"serialNumber":"${serial}","distanceFromObject":${n % 300}}\n`;
      lines.push(l);
      size += l.length;
    }
    await fs.writeFile(path.join(folder, `${p.dataset}-${String(i).padStart(4, '0')}.json`), lines.join(''));
    bytes += size;
  }
  return { files: plan.length, bytes };
}

async function main(): Promise<void> {
  const totalMiB = Number(opt('mib', '1024'));
  const rows = Number(opt('rows', '100000'));
  const reps = Number(opt('reps', '2'));
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-bench-aws-'));
  const aws = await startFakeAws({ bucket: 'stedi-lakehouse', database: 'stedi' });
  const results: Record<string, unknown> = {};
  try {
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Athena paging of a large result — first: the fake endpoint copies all of s3rver's objects into its local
    // engine before each query, which would include the GiBs uploaded below
    const dir = path.join(tmp, 'athena');
    await initProject(dir, { sample: 'stedi' });
    const project = await loadProject(dir);
    const target = await AwsTarget.open(project, aws.targetOptions());
    await target.storage.createBucket(project.manifest.bucket);
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) lines.push(`{"id":${i},"name":"row ${i}","score":${(i * 0.37) % 100},"ok":${i % 2 === 0}}`);
    await target.storage.createBucket('bench-athena');
    await target.storage.put('bench-athena', 'rows/part-0.json', `${lines.join('\n')}\n`);
    for (const sql of [
      'CREATE DATABASE IF NOT EXISTS bench',
      "CREATE EXTERNAL TABLE bench.big (id bigint, name string, score double, ok boolean) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://bench-athena/rows/'",
    ]) {
      const e = await runStatement(target, sql);
      if (e.state !== 'SUCCEEDED') throw new Error(e.error?.message);
    }
    const exec = await runStatement(target, 'SELECT * FROM bench.big');
    if (exec.state !== 'SUCCEEDED') throw new Error(exec.error?.message);
    const athena = new AthenaClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
    const oursPaging: number[] = [];
    const plainPaging: number[] = [];
    const pageOurs = async () => {
      const t = performance.now();
      let token: string | undefined;
      let n = 0;
      do {
        const p = await target.queries.page(exec.id, { maxRows: 1000, ...(token ? { pageToken: token } : {}) });
        n += p.rows.length;
        token = p.nextPageToken;
      } while (token);
      if (n !== rows) throw new Error(`paged ${n} rows of ${rows}`);
      oursPaging.push(performance.now() - t);
    };
    const pagePlain = async () => {
      const t = performance.now();
      let m = 0;
      for await (const p of paginateGetQueryResults({ client: athena, pageSize: 1000 }, { QueryExecutionId: exec.id })) m += p.ResultSet?.Rows?.length ?? 0;
      if (m !== rows + 1) throw new Error(`plain loop got ${m} rows (with the header) of ${rows + 1}`);
      plainPaging.push(performance.now() - t);
    };
    // alternate which goes first (the machine's noise and warm-up should not favour one)
    for (let rep = 0; rep < Math.max(reps, 4); rep++) {
      if (rep % 2 === 0) {
        await pageOurs();
        await pagePlain();
      } else {
        await pagePlain();
        await pageOurs();
      }
    }
    athena.destroy();
    await target.close();
    results['athenaPaging'] = { rows, oursMs: oursPaging.map(Math.round), plainMs: plainPaging.map(Math.round), ratio: Number((med(oursPaging) / med(plainPaging)).toFixed(2)) };
    const s3 = new S3Client({ endpoint: aws.s3rver.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    for (const shape of opt('shapes', 'stedi,mixed').split(',') as ('stedi' | 'mixed')[]) {
      const data = path.join(tmp, `data-${shape}`);
      const t0 = performance.now();
      const folder = await writeFolder(data, totalMiB, shape);
      process.stderr.write(`${shape} folder: ${folder.files} files, ${(folder.bytes / MiB).toFixed(0)} MiB (written in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      const files = await listFiles(data);
      const ours: number[] = [];
      const plain: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        // ours: a fresh project (its own bucket) each time, so every byte goes up
        const dir = path.join(tmp, `project-${shape}-${rep}`);
        await initProject(dir, { sample: 'stedi', bucket: `bench-ours-${shape}-${rep}` });
        const project = await loadProject(dir);
        // straight to s3rver, as the plain loop (not through the test proxy that models S3's SSE-KMS and checksums)
        const direct = aws.targetOptions({ timeouts: { connectMs: 5000, idleMs: 120_000, requestMs: 600_000 } });
        const target = await AwsTarget.open(project, { ...direct, endpoints: { ...direct.endpoints, s3: aws.s3rver.endpoint } });
        const plan = await planUpload(project, data);
        const bucket = `bench-plain-${shape}-${rep}`;
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        const runOurs = async () => {
          const t = performance.now();
          const first = await upload(target, plan);
          ours.push(performance.now() - t);
          if (first.bytesUploaded !== folder.bytes) throw new Error(`ours uploaded ${first.bytesUploaded} of ${folder.bytes} bytes`);
        };
        // the plain loop
        const runPlain = async () => {
          const t = performance.now();
          for (const f of files) {
            const st = await fs.stat(f);
            await s3.send(new PutObjectCommand({ Bucket: bucket, Key: path.relative(data, f).split(path.sep).join('/'), Body: createReadStream(f), ContentLength: st.size }));
          }
          plain.push(performance.now() - t);
        };
        // alternate which goes first (the machine's noise and the page cache should not favour one)
        if (rep % 2 === 0) {
          await runOurs();
          await runPlain();
        } else {
          await runPlain();
          await runOurs();
        }
        let t: number;

        if (rep === 0) {
          t = performance.now();
          const second = await upload(target, plan);
          results[`secondSync-${shape}`] = { bytesUploaded: second.bytesUploaded, skipped: second.skipped.length, ms: Math.round(performance.now() - t) };
          // an SSE-KMS bucket (through the proxy): a first sync, then the second — 0 bytes expected there too
          const kmsDir = path.join(tmp, `project-${shape}-kms`);
          await initProject(kmsDir, { sample: 'stedi', bucket: `bench-kms-${shape}` });
          const kmsProject = await loadProject(kmsDir);
          aws.s3.kmsBuckets.add(`bench-kms-${shape}`);
          const kms = await AwsTarget.open(kmsProject, aws.targetOptions({ timeouts: { connectMs: 5000, idleMs: 120_000, requestMs: 600_000 } }));
          const kmsPlan = await planUpload(kmsProject, data);
          await upload(kms, kmsPlan);
          t = performance.now();
          const kmsSecond = await upload(kms, kmsPlan);
          results[`secondSyncKms-${shape}`] = { bytesUploaded: kmsSecond.bytesUploaded, skipped: kmsSecond.skipped.length, ms: Math.round(performance.now() - t) };
          await kms.close();
        }
        await target.close();
        process.stderr.write(`  rep ${rep + 1}: ours ${(ours[rep]! / 1000).toFixed(1)} s, plain loop ${(plain[rep]! / 1000).toFixed(1)} s → ${(plain[rep]! / ours[rep]!).toFixed(2)}×\n`);
      }
      results[`upload-${shape}`] = {
        mib: Math.round(folder.bytes / MiB),
        files: folder.files,
        oursMs: ours.map(Math.round),
        plainMs: plain.map(Math.round),
        ratio: Number((med(plain) / med(ours)).toFixed(2)),
        oursMiBps: Number((folder.bytes / MiB / (med(ours) / 1000)).toFixed(1)),
      };
      await fs.rm(data, { recursive: true, force: true });
    }
    s3.destroy();

  } finally {
    await aws.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  const out = opt('json', '');
  if (out) await fs.writeFile(out, JSON.stringify(results, null, 2));
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out.sort();
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
