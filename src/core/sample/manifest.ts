/**
 * The lakehouse.json of the STEDI sample project (`lakehouse init --sample stedi`): the three datasets with their
 * zone prefixes, the shipped `sql/` DDL and `glue-scripts/` jobs, and Glue job settings that deploy as they are.
 */

/** lakehouse.json as written to disk (before defaults are applied; see lakehouse.schema.json). */
export interface LakehouseJson {
  name: string;
  bucket: string;
  database: string;
  region?: string;
  sql?: string;
  scripts?: string;
  datasets: Record<string, { landing?: string; trusted?: string; curated?: string }>;
  glue?: {
    role?: string;
    glueVersion?: '3.0' | '4.0' | '5.0';
    workerType?: string;
    numberOfWorkers?: number;
    timeout?: number;
    scriptsPrefix?: string;
    jobPrefix?: string;
    defaultArguments?: Record<string, string>;
  };
  variables?: Record<string, string>;
}

/** The IAM role placed in the sample manifest: an obvious placeholder (account 123456789012) to replace. */
export const STEDI_PLACEHOLDER_ROLE = 'arn:aws:iam::123456789012:role/stedi-glue-role';

export function stediManifest(overrides: { name?: string; bucket?: string; database?: string; region?: string } = {}): LakehouseJson {
  return {
    name: overrides.name ?? 'stedi',
    bucket: overrides.bucket ?? 'stedi-lakehouse',
    database: overrides.database ?? 'stedi',
    region: overrides.region ?? 'us-east-1',
    sql: 'sql',
    scripts: 'glue-scripts',
    datasets: {
      customer: { landing: 'customer/landing/', trusted: 'customer/trusted/', curated: 'customer/curated/' },
      accelerometer: { landing: 'accelerometer/landing/', trusted: 'accelerometer/trusted/' },
      // step_trainer/curated/ holds machine_learning_curated
      step_trainer: { landing: 'step_trainer/landing/', trusted: 'step_trainer/trusted/', curated: 'step_trainer/curated/' },
    },
    glue: {
      role: STEDI_PLACEHOLDER_ROLE,
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 2,
      timeout: 60,
      defaultArguments: {
        '--enable-continuous-cloudwatch-log': 'true',
        '--job-language': 'python',
        // the jobs purge their output and rewrite it whole: a bookmark would make a re-run read nothing new and
        // write an empty zone
        '--job-bookmark-option': 'job-bookmark-disable',
      },
    },
  };
}
