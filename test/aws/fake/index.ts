/**
 * The whole offline "AWS" for tests: s3rver for S3 (behind a proxy that behaves as S3 does where s3rver cannot:
 * SSE-KMS ETags, default checksums, buckets of other accounts), and the fake endpoint with Glue (catalog and jobs),
 * Athena, CloudWatch Logs, IAM and STS installed — plus the settings that point the AWS target (or the CLI, through
 * `AWS_ENDPOINT_URL_<SERVICE>`) at them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AwsTargetOptions } from '../../../src/core/targets/aws';
import { fastRetries, S3RVER_CREDENTIALS, startS3rver, type S3rverHandle } from '../s3rver';
import { installAthena } from './athena';
import { installGlueCatalog } from './glueCatalog';
import { installGlueJobs, type FakeGlueJobs } from './glueJobs';
import { FakeIam, installIam } from './iam';
import { FakeLogStore, installLogs } from './logs';
import { startS3Proxy, type S3Proxy } from './s3proxy';
import { FakeAws } from './server';

/** The role the tests' projects run their Glue jobs as (the fake IAM has it, trusting glue.amazonaws.com). */
export const TEST_GLUE_ROLE = 'arn:aws:iam::123456789012:role/lakehouse-test-glue';

/** Sets lakehouse.json's glue.role of the project in `root` to {@link TEST_GLUE_ROLE} (as `lakehouse role --use` would). */
export async function useTestRole(root: string): Promise<void> {
  const file = path.join(root, 'lakehouse.json');
  const m = JSON.parse(await fs.readFile(file, 'utf8')) as { glue?: Record<string, unknown> };
  m.glue = { ...m.glue, role: TEST_GLUE_ROLE };
  await fs.writeFile(file, `${JSON.stringify(m, null, 2)}\n`);
}

export interface OfflineAws {
  s3rver: S3rverHandle;
  /** S3 as the AWS target sees it (in front of s3rver) */
  s3: S3Proxy;
  fake: FakeAws;
  logs: FakeLogStore;
  iam: FakeIam;
  glue: FakeGlueJobs;
  /** AwsTarget options for these servers (test credentials, no retry delays, short job polling) */
  targetOptions(overrides?: Partial<AwsTargetOptions>): AwsTargetOptions;
  /** environment for the CLI (`--target aws`): endpoints per service and the test credentials */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startFakeAws(options: { bucket?: string; database?: string } = {}): Promise<OfflineAws> {
  const s3rver = await startS3rver();
  let fake: FakeAws;
  let s3: S3Proxy;
  try {
    s3 = await startS3Proxy(s3rver.endpoint);
    fake = await FakeAws.start({ s3Endpoint: s3rver.endpoint, ...options });
  } catch (e) {
    await s3rver.stop();
    throw e;
  }
  fake.bucketRegion = (bucket) => s3.bucketRegions.get(bucket);
  const logs = new FakeLogStore();
  const iam = new FakeIam();
  iam.addGlueRole('lakehouse-test-glue');
  installIam(fake, iam);
  installGlueCatalog(fake);
  installAthena(fake);
  installLogs(fake, logs);
  const glue = installGlueJobs(fake, logs, { iam });
  const endpoints = { s3: s3.endpoint, glue: fake.endpoint, athena: fake.endpoint, logs: fake.endpoint, iam: fake.endpoint, sts: fake.endpoint };
  return {
    s3rver,
    s3,
    fake,
    logs,
    iam,
    glue,
    targetOptions: (overrides = {}) => ({
      region: 'us-east-1',
      endpoints,
      credentials: S3RVER_CREDENTIALS,
      retryStrategy: fastRetries(3),
      timeouts: { connectMs: 2000, idleMs: 10_000, requestMs: 30_000 },
      jobPollMs: { initial: 20, max: 200 },
      // the fake delivers late lines after reads, not after time: a run that just ended is read until two reads are quiet
      jobLogSettleMs: 600_000,
      ...overrides,
    }),
    env: () => ({
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_GLUE: fake.endpoint,
      AWS_ENDPOINT_URL_ATHENA: fake.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: fake.endpoint,
      AWS_ENDPOINT_URL_IAM: fake.endpoint,
      AWS_ENDPOINT_URL_STS: fake.endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
    }),
    async stop() {
      await fake.close();
      await s3.close();
      await s3rver.stop();
    },
  };
}
