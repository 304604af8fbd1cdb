/**
 * The lakehouse.json of the STEDI sample project (`lakehouse init --sample stedi`): the three datasets with their
 * zone prefixes, the shipped `sql/` DDL and `glue-scripts/` jobs, and Glue job settings (a one-hour timeout) — all
 * but the IAM role the jobs run as, which is the user's to make or pick (`lakehouse role`).
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

export function stediManifest(overrides: { name?: string; bucket?: string; database?: string; region?: string } = {}): LakehouseJson {
  return {
    name: overrides.name ?? 'stedi',
    bucket: overrides.bucket ?? 'stedi-lakehouse',
    database: overrides.database ?? 'stedi',
    // no region unless one is given: on AWS the profile's or AWS_REGION then applies, as in the AWS CLI
    ...(overrides.region !== undefined ? { region: overrides.region } : {}),
    sql: 'sql',
    scripts: 'glue-scripts',
    datasets: {
      customer: { landing: 'customer/landing/', trusted: 'customer/trusted/', curated: 'customer/curated/' },
      accelerometer: { landing: 'accelerometer/landing/', trusted: 'accelerometer/trusted/' },
      // step_trainer/curated/ holds machine_learning_curated
      step_trainer: { landing: 'step_trainer/landing/', trusted: 'step_trainer/trusted/', curated: 'step_trainer/curated/' },
    },
    // no role: `lakehouse role --create` (or "Set Up Glue Role…") makes one Glue can assume and writes it here
    glue: {
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
