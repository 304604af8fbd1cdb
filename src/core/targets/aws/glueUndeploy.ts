/**
 * Undeploying: removing from AWS what `lakehouse deploy` made there for this project, and nothing else.
 *
 * - The jobs: the Glue jobs tagged `lakehouse:project=<project>` (deploy tags every job it creates or adopts), found
 *   with ListJobs' tag filter ("If you choose to use tags filtering, only resources with the tag are retrieved", AWS
 *   Glue API reference, ListJobs) -- a job whose script was deleted locally since is found too. A job of one of the
 *   project's names without the tag (made in the console, another project's) is left, and said.
 * - The scripts: a deleted job's script when it is where deploy puts it (`s3://<bucket>/<glue.scriptsPrefix><job>.py`);
 *   a script elsewhere (a job adopted with its own location) is left, and said.
 * - The catalog, only when asked: the tables and views the project's DDL files define (what `lakehouse tables`
 *   makes; Glue's DeleteTable removes the definition, not the files under its LOCATION), then the project's database
 *   when nothing else is left in it (Glue's DeleteDatabase would take every table in it along).
 * - Never objects of the zones: their data stays.
 */
import type { GlueClient } from '@aws-sdk/client-glue';
import { LakehouseError } from '../../errors';
import { projectJobDefinitions, type Project } from '../../project/manifest';
import { isAwsError, type AwsCallContext, type AwsConnection } from './connection';
import type { GlueCatalog } from './glueCatalog';
import { PROJECT_TAG } from './glueRole';
import type { S3ObjectStore } from './s3';

/** ListJobs' MaxResults: 1-1000 (AWS Glue API reference, ListJobs) */
const LIST_JOBS_MAX = 1000;
/** BatchGetJobs' JobNames: at most 1000 (AWS Glue API reference, BatchGetJobs); asked 25 at a time as deploy does */
const BATCH_GET_JOBS = 25;

/** Something undeploy leaves on AWS, and why. */
export interface UndeployLeft {
  /** `job x`, `s3://bucket/key`, `table db.t`, `database db`, `the zones (s3://bucket/...)` */
  what: string;
  why: string;
}

/** What an undeploy removes (and leaves). */
export interface UndeployPlan {
  /** Glue jobs tagged as this project's, with their script location */
  jobs: { name: string; scriptLocation?: string }[];
  /** the scripts of those jobs in the project's scripts folder (`s3://...`) */
  scripts: string[];
  /** with `catalog`: the tables and views of the project's DDL that are in the catalog (`db.name`) */
  tables: string[];
  /** with `catalog`: the project's database, when nothing but the tables above is in it */
  database?: string;
  left: UndeployLeft[];
}

/** What an undeploy did. */
export interface UndeployResult {
  deleted: { jobs: string[]; scripts: string[]; tables: string[]; database?: string };
  left: UndeployLeft[];
}

export interface UndeployContext {
  conn: AwsConnection;
  project: Project;
  storage: S3ObjectStore;
  catalog: GlueCatalog;
  /** where deploy puts a job's script: `s3://<bucket>/<glue.scriptsPrefix><job>.py` */
  scriptLocation: (job: string) => string;
}

async function glue<T>(conn: AwsConnection, call: AwsCallContext, fn: (client: GlueClient, sdk: typeof import('@aws-sdk/client-glue')) => Promise<T>): Promise<T> {
  const [client, sdk] = await Promise.all([conn.glue(), import('@aws-sdk/client-glue')]);
  return conn.call(call, () => fn(client, sdk));
}

/** The names of the Glue jobs tagged `lakehouse:project=<name>` (ListJobs with its tag filter, every page). */
export async function projectJobNames(conn: AwsConnection, projectName: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const res = await glue(conn, { action: 'glue:ListJobs', resource: `jobs tagged ${PROJECT_TAG}=${projectName}` }, (c, { ListJobsCommand }) =>
      c.send(new ListJobsCommand({ Tags: { [PROJECT_TAG]: projectName }, MaxResults: LIST_JOBS_MAX, ...(token ? { NextToken: token } : {}) }), signal ? { abortSignal: signal } : {}),
    );
    out.push(...(res.JobNames ?? []));
    token = res.NextToken || undefined;
  } while (token);
  return [...new Set(out)].sort();
}

/** The script location of each job of these names that exists (BatchGetJobs). */
async function scriptLocations(conn: AwsConnection, names: string[], signal?: AbortSignal): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  for (let i = 0; i < names.length; i += BATCH_GET_JOBS) {
    const batch = names.slice(i, i + BATCH_GET_JOBS);
    const res = await glue(conn, { action: 'glue:BatchGetJobs', resource: batch.length === 1 ? `job ${batch[0]}` : `jobs ${batch.join(', ')}` }, (c, { BatchGetJobsCommand }) =>
      c.send(new BatchGetJobsCommand({ JobNames: batch }), signal ? { abortSignal: signal } : {}),
    );
    for (const j of res.Jobs ?? []) if (j.Name) out.set(j.Name, j.Command?.ScriptLocation);
  }
  return out;
}

function parseS3(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** What `undeploy` would remove, and what it leaves (see the module's comment). Nothing is changed. */
export async function undeployPlan(ctx: UndeployContext, options: { catalog?: boolean; signal?: AbortSignal } = {}): Promise<UndeployPlan> {
  const { conn, project } = ctx;
  const m = project.manifest;
  const { signal } = options;
  return conn.withSignal(signal, async () => {
    const left: UndeployLeft[] = [];
    const tagged = await projectJobNames(conn, m.name, signal);
    // the project's job names that are in Glue without the tag: someone else's
    const local = (await projectJobDefinitions(project)).map((j) => j.name).filter((n) => !tagged.includes(n));
    const untagged = local.length > 0 ? await scriptLocations(conn, local, signal) : new Map<string, string | undefined>();
    for (const name of untagged.keys()) left.push({ what: `job ${name}`, why: `it has no ${PROJECT_TAG}=${m.name} tag: this project did not create it (or another project did)` });
    const locations = await scriptLocations(conn, tagged, signal);
    const jobs = tagged.filter((n) => locations.has(n)).map((name) => ({ name, ...(locations.get(name) ? { scriptLocation: locations.get(name)! } : {}) }));
    const scripts: string[] = [];
    for (const j of jobs) {
      if (!j.scriptLocation) continue;
      if (j.scriptLocation !== ctx.scriptLocation(j.name)) {
        left.push({ what: j.scriptLocation, why: `job ${j.name}'s script is not in the project's scripts folder (${ctx.scriptLocation(j.name)}): it was not uploaded by deploy` });
        continue;
      }
      const loc = parseS3(j.scriptLocation)!;
      if (await ctx.storage.head(loc.bucket, loc.key)) scripts.push(j.scriptLocation);
    }
    const tables: string[] = [];
    let database: string | undefined;
    if (options.catalog) {
      // (the SQL parser loads here, not with the AWS target)
      const { ddlDefinedTables } = await import('../../actions/tables');
      const defined = await ddlDefinedTables(project);
      const dbs = [...new Set([m.database.toLowerCase(), ...defined.map((d) => d.database)])];
      for (const db of dbs) {
        let inDb;
        try {
          inDb = await ctx.catalog.tables(db);
        } catch (e) {
          if (isAwsError(e, 'NotFound')) continue;
          throw e;
        }
        const ours = new Set(defined.filter((d) => d.database === db).map((d) => d.name));
        for (const t of inDb) {
          if (ours.has(t.name.toLowerCase())) tables.push(`${db}.${t.name}`);
          else if (db === m.database.toLowerCase()) left.push({ what: `table ${db}.${t.name}`, why: `the project's DDL (${m.sql}/) does not define it (a job's sink, Athena or someone else made it)` });
        }
        if (db === m.database.toLowerCase()) {
          if (inDb.every((t) => ours.has(t.name.toLowerCase()))) database = db;
          else left.push({ what: `database ${db}`, why: 'it holds tables the project\'s DDL does not define (deleting a Glue database deletes its tables)' });
        }
      }
    } else left.push({ what: `the catalog (database ${m.database} and its tables)`, why: 'not asked for: --catalog removes the tables the project\'s DDL defines, and the database when nothing else is in it' });
    left.push({ what: `the zones' data (s3://${m.bucket}/...)`, why: 'undeploy never deletes data' });
    return { jobs, scripts, tables, ...(database !== undefined ? { database } : {}), left };
  });
}

/**
 * Removes what the plan lists: the jobs (DeleteJob; a job already gone is no error, as Glue's DeleteJob says: "If the
 * job definition is not found, no exception is thrown"), their scripts, then the tables and the database. Before
 * each job is deleted its tag is read again: a job taken over by another project meanwhile is left.
 */
export async function undeploy(ctx: UndeployContext, plan: UndeployPlan, options: { signal?: AbortSignal } = {}): Promise<UndeployResult> {
  const { conn, project } = ctx;
  const { signal } = options;
  return conn.withSignal(signal, async () => {
    const deleted: UndeployResult['deleted'] = { jobs: [], scripts: [], tables: [] };
    const left = [...plan.left];
    const cancelled = () => {
      if (signal?.aborted) throw new LakehouseError('Cancelled', `undeploy cancelled (deleted: ${[...deleted.jobs.map((j) => `job ${j}`), ...deleted.scripts].join(', ') || 'nothing'})`);
    };
    const stillOurs = new Set(await projectJobNames(conn, project.manifest.name, signal));
    for (const j of plan.jobs) {
      cancelled();
      if (!stillOurs.has(j.name)) {
        left.push({ what: `job ${j.name}`, why: `its ${PROJECT_TAG} tag changed since the plan: left as it is` });
        continue;
      }
      await glue(conn, { action: 'glue:DeleteJob', resource: `job ${j.name}` }, (c, { DeleteJobCommand }) => c.send(new DeleteJobCommand({ JobName: j.name }), signal ? { abortSignal: signal } : {}));
      deleted.jobs.push(j.name);
      const script = plan.scripts.find((s) => s === j.scriptLocation);
      if (script) {
        const loc = parseS3(script)!;
        await ctx.storage.delete(loc.bucket, loc.key);
        deleted.scripts.push(script);
      }
    }
    for (const t of plan.tables) {
      cancelled();
      const dot = t.indexOf('.');
      await ctx.catalog.dropTable(t.slice(0, dot), t.slice(dot + 1), { ifExists: true });
      deleted.tables.push(t);
    }
    if (plan.database !== undefined) {
      cancelled();
      // only when it is empty now: a table made since the plan keeps it
      const now = await ctx.catalog.tables(plan.database).catch((e: unknown) => (isAwsError(e, 'NotFound') ? undefined : Promise.reject(e)));
      if (now === undefined) {
        // already gone
      } else if (now.length > 0) left.push({ what: `database ${plan.database}`, why: `it holds tables made since the plan (${now.map((t) => t.name).join(', ')})` });
      else {
        await ctx.catalog.dropDatabase(plan.database, { ifExists: true });
        deleted.database = plan.database;
      }
    }
    return { deleted, left };
  });
}
