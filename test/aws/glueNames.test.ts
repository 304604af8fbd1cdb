/**
 * Database and table names Glue accepts but that are no plain SQL identifiers (`stedi-lake`, `customer-landing`,
 * `customer trusted`, `odd "name``s`) through the AWS target: the DDL through Athena, the tables through the Glue API,
 * the job deployed and run, queries, the zone report — against s3rver and the fake Glue/Athena endpoint, whose Glue
 * checks names by Glue's own rule (API_DatabaseInput/API_TableInput: 1-255 bytes on one line, stored lower-cased).
 * The project is test/fixtures/names/project; expected rows are counted by hand from its data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPipeline } from '../../src/core/actions/pipeline';
import { runStatement } from '../../src/core/actions/query';
import { createTables } from '../../src/core/actions/tables';
import { planUpload, upload } from '../../src/core/actions/upload';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { zoneReport } from '../../src/core/report/zoneReport';
import { AwsTarget } from '../../src/core/targets/aws';
import { startFakeAws, type OfflineAws } from './fake';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'names', 'project');

describe('names Glue accepts, through the AWS target', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;
  let target: AwsTarget;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-aws-names-'));
    await fs.cp(FIXTURE, tmp, { recursive: true });
    project = await loadProject(tmp);
    aws = await startFakeAws({ bucket: project.manifest.bucket, database: project.manifest.database });
    // the fixture's glue.role, in the fake account's IAM (deploy checks the role exists and trusts Glue)
    aws.iam.addGlueRole('names-glue-role');
    target = await AwsTarget.open(project, aws.targetOptions());
  });
  after(async () => {
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('upload, DDL, deploy, run, query and report', async () => {
    await upload(target, await planUpload(project, path.join(tmp, 'data')));
    const ddl = await createTables(project, target);
    assert.ok(ddl.every((r) => r.execution.state === 'SUCCEEDED'), JSON.stringify(ddl.map((r) => r.execution.error)));
    assert.deepEqual((await target.catalog.tables('stedi-lake')).map((t) => t.name).sort(), ['customer-landing', 'odd "name`s']);
    await target.jobs.deploy();
    const run = await runPipeline(project, target);
    assert.ok(run.ok, JSON.stringify(run.runs.map((r) => [r.jobName, r.state, r.errorMessage])));
    assert.equal((await target.catalog.table('stedi-lake', 'customer trusted'))?.storage.location, 's3://names-test/customer/trusted/');

    const count = async (sql: string) => {
      const exec = await runStatement(target, sql, { database: 'stedi-lake' });
      assert.equal(exec.state, 'SUCCEEDED', `${sql}: ${exec.error?.message}`);
      return (await target.queries.page(exec.id)).rows.map((r) => r.map(Number));
    };
    assert.deepEqual(await count('SELECT count(*) FROM "stedi-lake"."customer-landing"'), [[3]]);
    assert.deepEqual(await count('SELECT count(*) FROM "customer trusted"'), [[2]]);

    const report = await zoneReport(project, target);
    assert.deepEqual(
      report.tables.map((t) => [t.table, t.zone, t.rows]),
      [
        ['customer-landing', 'landing', 3],
        ['customer trusted', 'trusted', 2],
        ['odd "name`s', 'landing', 1],
      ],
    );
  });

  test('the Glue API refuses a name Glue refuses, and the client names it', async () => {
    await assert.rejects(
      target.catalog.createDatabase({ name: 'two\nlines' }),
      /glue:CreateDatabase on two\nlines was rejected: .*'databaseInput\.name' failed to satisfy constraint: Member must satisfy regular expression pattern/s,
    );
  });
});
