/**
 * A lab for trying to escape the local engine as a hostile project would: a project in a temp folder (one JSON
 * table with a few rows, a `sql/` folder, Glue scripts written by the test) and, outside it, a canary folder holding
 * a secret file. After every attempt the canary folder must hold the secret file and nothing else, unchanged, no
 * file named after the lab may have appeared in the working folder, and the secret's text (and its file's name,
 * which `glob` would give away) must appear in nothing the attempt produced: results, messages, logs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTables } from '../../src/core/actions/tables';
import type { JobRun, QueryExecution } from '../../src/core/model';
import { expandVariables, loadProject, manifestVariables } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local/index';

export const BUCKET = 'sec-lab';
export const DATABASE = 'lab';

export const CUSTOMERS = [
  { customerName: 'Ada', email: 'ada@example.com', shareWithResearchAsOfDate: 1 },
  { customerName: 'Bob', email: 'bob@example.com' },
];

export const TABLES_SQL = `CREATE EXTERNAL TABLE IF NOT EXISTS customer_landing (
  customername string,
  email string,
  sharewithresearchasofdate bigint
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://${BUCKET}/customer/landing/'
TBLPROPERTIES ('classification'='json');
`;

/** A Glue Studio script: the customer table through an SQL Query node (its query and mapping given) to an S3 sink. */
export function sqlNodeScript(query: string, mapping = '{"customers": Customers_node1}'): string {
  return `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue import DynamicFrame

def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

# Script generated for node Customers
Customers_node1 = glueContext.create_dynamic_frame.from_catalog(database="${DATABASE}", table_name="customer_landing", transformation_ctx="Customers_node1")

# Script generated for node SQL Query
SqlQuery0 = """
${query}
"""
SQLQuery_node2 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = ${mapping}, transformation_ctx = "SQLQuery_node2")

# Script generated for node Amazon S3
AmazonS3_node3 = glueContext.write_dynamic_frame.from_options(frame=SQLQuery_node2, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/", "partitionKeys": []}, transformation_ctx="AmazonS3_node3")
job.commit()
`;
}

export interface Lab {
  root: string;
  /** the folder outside the project that nothing may touch */
  canary: string;
  /** the secret file in it, and the text only it holds */
  secretFile: string;
  secret: string;
  /** a name unique to this lab: attacks name their files after it */
  token: string;
  target: LocalTarget;
  /** `<canary>/<name>`, with the lab's token in the name: a file an attack tries to create */
  canaryPath(name: string): string;
  /** runs one statement as Run SQL does (the engine API); returns its execution, its rows read when it succeeded */
  attempt(sql: string): Promise<QueryExecution>;
  /** writes glue-scripts/<job>.py and runs the job; returns the run, its log remembered */
  runScript(job: string, script: string): Promise<JobRun>;
  /** remembers what a user saw (CLI output) after giving `input`, to be searched for the secret */
  saw(input: string, ...texts: string[]): void;
  /** asserts nothing outside the project was written or read (see the module comment) */
  assertUntouched(): Promise<void>;
  close(): Promise<void>;
}

export async function openLab(options: { variables?: Record<string, string>; tablesSql?: string } = {}): Promise<Lab> {
  const token = randomBytes(6).toString('hex');
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-sec-project-'));
  const canary = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-sec-canary-'));
  const secret = `TOP-SECRET-${randomBytes(12).toString('hex')}`;
  const secretFile = path.join(canary, `secret-${token}.csv`);
  // a line that starts like JSON but is not: a reader looking for a bad line would quote it
  const content = `{"customername": ${secret}}\n`;
  await fs.writeFile(secretFile, content);
  const manifest = {
    name: 'seclab',
    bucket: BUCKET,
    database: DATABASE,
    datasets: { customer: { landing: 'customer/landing/' } },
    ...(options.variables ? { variables: options.variables } : {}),
  };
  await fs.writeFile(path.join(root, 'lakehouse.json'), JSON.stringify(manifest, null, 2));
  await fs.mkdir(path.join(root, 'sql'));
  await fs.mkdir(path.join(root, 'glue-scripts'));
  await fs.writeFile(path.join(root, 'sql', 'tables.sql'), options.tablesSql ?? TABLES_SQL);
  const project = await loadProject(root);
  const target = await LocalTarget.open(project, { threads: 2 });
  /** what each attempt gave (its input: a file name it holds was not read, but given) */
  const seen: { input: string; text: string }[] = [];
  const see = (input: string, ...texts: string[]) => void seen.push(...texts.map((text) => ({ input, text })));
  const lab: Lab = {
    root,
    canary,
    secretFile,
    secret,
    token,
    target,
    canaryPath: (name) => path.join(canary, `${token}-${name}`),
    async attempt(sql) {
      const started = await target.queries.start(sql, { database: DATABASE });
      const exec = await target.queries.wait(started.id);
      see(sql, exec.error?.message ?? '', exec.message ?? '');
      if (exec.state === 'SUCCEEDED') {
        let token: string | undefined;
        do {
          const page = await target.queries.page(exec.id, token !== undefined ? { pageToken: token } : {});
          see(sql, JSON.stringify(page.rows));
          token = page.nextPageToken;
        } while (token !== undefined);
      }
      return exec;
    },
    async runScript(job, script) {
      await fs.writeFile(path.join(root, 'glue-scripts', `${job}.py`), script);
      const input = expandVariables(script, manifestVariables(project.manifest), job);
      const started = await target.jobs.start(job);
      const run = await target.jobs.wait(job, started.id);
      see(input, run.errorMessage ?? '', ...(await target.jobs.logs(job, run.id)));
      return run;
    },
    saw: see,
    async assertUntouched() {
      assert.deepEqual(await fs.readdir(canary), [path.basename(secretFile)], 'a file appeared in the canary folder outside the project');
      assert.equal(await fs.readFile(secretFile, 'utf8'), content, 'the secret file was changed');
      for (const name of await fs.readdir(process.cwd())) assert.ok(!name.includes(token), `${name} was written in the working folder`);
      for (const { input, text } of seen) {
        // (any part of it: a reader's error can quote a few characters of a line)
        assert.ok(!text.includes(secret) && !text.includes('TOP-SECRET'), `the secret's text was read: ${text.slice(0, 300)}`);
        if (!input.includes(`secret-${token}`)) assert.ok(!text.includes(`secret-${token}`), `the secret file's name was read: ${text.slice(0, 300)}`);
      }
    },
    async close() {
      await target.close();
      await fs.rm(root, { recursive: true, force: true });
      await fs.rm(canary, { recursive: true, force: true });
    },
  };
  try {
    await createTables(project, target);
    await target.storage.createBucket(BUCKET);
    await target.storage.put(BUCKET, 'customer/landing/customer-1.json', CUSTOMERS.map((c) => JSON.stringify(c)).join('\n') + '\n');
  } catch (e) {
    await lab.close();
    throw e;
  }
  return lab;
}

/** `'text'` for SQL, quotes doubled */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Asserts an execution FAILED with a message matching `pattern`, and ran nothing (no rows). */
export function assertRefused(exec: QueryExecution, pattern: RegExp): void {
  assert.equal(exec.state, 'FAILED', `${exec.sql}\n→ ${exec.state}${exec.error ? `: ${exec.error.message}` : ''}`);
  assert.match(exec.error!.message, pattern, exec.sql);
}
