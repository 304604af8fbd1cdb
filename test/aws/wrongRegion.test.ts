/**
 * A second region on the same endpoints: a regional AWS endpoint refuses a request signed for another region with
 * 403 "Credential should be scoped to a valid region, not 'eu-west-1'." (InvalidSignatureException from the JSON
 * services — aws/aws-sdk-js-v3 issue 5576; SignatureDoesNotMatch from awsQuery's IAM and STS — JuliaCloud/AWS.jl
 * issue 565, cognitect-labs/aws-api issue 27). The fake endpoint serves us-east-1 and refuses the same way (it
 * answered every region from one catalog, so a deploy to a second region saw the first region's jobs). The keys are
 * fine: the message says the region and the endpoint disagree, not that the secret key is wrong.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { isAwsError } from '../../src/core/targets/aws/connection';
import { startFakeAws, type OfflineAws } from './fake';

describe('a region the endpoint does not serve', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-aws-region2-'));
    await initProject(tmp, { name: 'two', bucket: 'two-regions-lake' });
    project = await loadProject(tmp);
    aws = await startFakeAws({ bucket: 'two-regions-lake', database: project.manifest.database });
  });
  after(async () => {
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('Glue and STS signed for eu-west-1 at a us-east-1 endpoint: WrongRegion naming both, not a bad key', async () => {
    const target = await AwsTarget.open(project, aws.targetOptions({ region: 'eu-west-1' }));
    try {
      await assert.rejects(target.catalog.databases(), (e) => {
        assert.ok(isAwsError(e, 'WrongRegion'), String(e));
        assert.match(e.message, /^WrongRegion: http:\/\/127\.0\.0\.1:\d+ does not serve region eu-west-1 \(glue:GetDatabases/);
        assert.match(e.message, /AWS says: Credential should be scoped to a valid region, not 'eu-west-1'\. Fix: pass the endpoint's own region/);
        return true;
      });
      await assert.rejects(target.connection.callerIdentity(), (e) => isAwsError(e, 'WrongRegion') && /sts:GetCallerIdentity/.test(e.message));
      // doctor's credentials row: the region is to fix, not the profile
      const row = (await target.checkSetup()).find((r) => r.id === 'credentials')!;
      assert.equal(row.status, 'fail');
      assert.match(row.fix ?? '', /^pass the region the endpoint serves \(--region\)/);
    } finally {
      await target.close();
    }
    // the endpoint's own region works
    const ok = await AwsTarget.open(project, aws.targetOptions());
    try {
      assert.ok(Array.isArray(await ok.catalog.databases()));
    } finally {
      await ok.close();
    }
  });
});
