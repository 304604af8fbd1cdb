/**
 * The whole offline "AWS" for tests: s3rver for S3, and the fake awsJson1_1 endpoint with Glue (catalog and jobs),
 * Athena and CloudWatch Logs installed — plus the settings that point the AWS target (or the CLI, through
 * `AWS_ENDPOINT_URL_<SERVICE>`) at them.
 */
import type { AwsTargetOptions } from '../../../src/core/targets/aws';
import { fastRetries, S3RVER_CREDENTIALS, startS3rver, type S3rverHandle } from '../s3rver';
import { installAthena } from './athena';
import { installGlueCatalog } from './glueCatalog';
import { installGlueJobs } from './glueJobs';
import { FakeLogStore, installLogs } from './logs';
import { FakeAws } from './server';

export interface OfflineAws {
  s3rver: S3rverHandle;
  fake: FakeAws;
  logs: FakeLogStore;
  /** AwsTarget options for these servers (test credentials, no retry delays, short job polling) */
  targetOptions(overrides?: Partial<AwsTargetOptions>): AwsTargetOptions;
  /** environment for the CLI (`--target aws`): endpoints per service and the test credentials */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startFakeAws(options: { bucket?: string; database?: string } = {}): Promise<OfflineAws> {
  const s3rver = await startS3rver();
  let fake: FakeAws;
  try {
    fake = await FakeAws.start({ s3Endpoint: s3rver.endpoint, ...options });
  } catch (e) {
    await s3rver.stop();
    throw e;
  }
  const logs = new FakeLogStore();
  installGlueCatalog(fake);
  installAthena(fake);
  installLogs(fake, logs);
  installGlueJobs(fake, logs);
  const endpoints = { s3: s3rver.endpoint, glue: fake.endpoint, athena: fake.endpoint, logs: fake.endpoint };
  return {
    s3rver,
    fake,
    logs,
    targetOptions: (overrides = {}) => ({
      region: 'us-east-1',
      endpoints,
      credentials: S3RVER_CREDENTIALS,
      retryStrategy: fastRetries(3),
      timeouts: { connectMs: 2000, idleMs: 10_000, requestMs: 30_000 },
      jobPollMs: { initial: 20, max: 200 },
      ...overrides,
    }),
    env: () => ({
      AWS_ENDPOINT_URL_S3: s3rver.endpoint,
      AWS_ENDPOINT_URL_GLUE: fake.endpoint,
      AWS_ENDPOINT_URL_ATHENA: fake.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: fake.endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    async stop() {
      await fake.close();
      await s3rver.stop();
    },
  };
}
