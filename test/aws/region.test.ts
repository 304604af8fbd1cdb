/**
 * Which region the AWS target uses, in the AWS CLI's precedence (https://docs.aws.amazon.com/cli/latest/userguide/
 * cli-chap-configure.html#configure-precedence: command line options, then environment variables — AWS_REGION,
 * then AWS_DEFAULT_REGION (cli-configure-envvars) — then the profile's `region` in the config file), with
 * lakehouse.json's `region` — when the project names one — right after the command line. A project that names
 * none (new projects do not, unless `init --region`) takes the profile's or the environment's, and `${region}` in
 * its scripts expands to that region.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject, manifestVariables } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';

const ENV_KEYS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'HOME', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION'];
const saved: Record<string, string | undefined> = {};
let tmp: string;

before(async () => {
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-region-'));
  await fs.writeFile(path.join(tmp, 'config'), ['[profile dev]', 'region = eu-north-1', '', '[profile noregion]', 'output = json', ''].join('\n'));
  await fs.writeFile(path.join(tmp, 'credentials'), ['[dev]', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = x', '', '[noregion]', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = x', ''].join('\n'));
  for (const k of ENV_KEYS) delete process.env[k];
  process.env['AWS_CONFIG_FILE'] = path.join(tmp, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(tmp, 'credentials');
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['HOME'] = tmp;
});

after(async () => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await fs.rm(tmp, { recursive: true, force: true });
});

async function regionOf(projectRegion: string | undefined, options: { profile?: string; region?: string } = {}): Promise<{ region: string; source: string; expands: string }> {
  const dir = await fs.mkdtemp(path.join(tmp, 'p-'));
  await initProject(dir, { sample: 'stedi', ...(projectRegion ? { region: projectRegion } : {}) });
  const target = await AwsTarget.open(await loadProject(dir), options);
  try {
    return { region: target.connection.region, source: target.connection.regionSource, expands: manifestVariables(target.project.manifest).region! };
  } finally {
    await target.close();
  }
}

test('a new project names no region: init writes none unless --region is given', async () => {
  const dir = await fs.mkdtemp(path.join(tmp, 'init-'));
  await initProject(dir, { sample: 'stedi' });
  assert.equal((JSON.parse(await fs.readFile(path.join(dir, 'lakehouse.json'), 'utf8')) as { region?: string }).region, undefined);
  assert.equal((await loadProject(dir)).manifest.regionSetting, undefined);
});

test('no region in lakehouse.json: the profile\'s region, and ${region} expands to it', async () => {
  assert.deepEqual(await regionOf(undefined, { profile: 'dev' }), { region: 'eu-north-1', source: 'profile "dev"', expands: 'eu-north-1' });
});

test('AWS_REGION wins over the profile; AWS_DEFAULT_REGION too when AWS_REGION is unset; AWS_REGION over AWS_DEFAULT_REGION', async () => {
  process.env['AWS_DEFAULT_REGION'] = 'ca-central-1';
  try {
    assert.equal((await regionOf(undefined, { profile: 'dev' })).region, 'ca-central-1');
    process.env['AWS_REGION'] = 'ap-south-1';
    const r = await regionOf(undefined, { profile: 'dev' });
    assert.deepEqual([r.region, r.source], ['ap-south-1', 'AWS_REGION']);
  } finally {
    delete process.env['AWS_REGION'];
    delete process.env['AWS_DEFAULT_REGION'];
  }
});

test('lakehouse.json\'s region, when it names one, wins over the environment and the profile', async () => {
  process.env['AWS_REGION'] = 'ap-south-1';
  try {
    assert.deepEqual(await regionOf('eu-west-3', { profile: 'dev' }), { region: 'eu-west-3', source: 'lakehouse.json', expands: 'eu-west-3' });
  } finally {
    delete process.env['AWS_REGION'];
  }
});

test('--region wins over all of them', async () => {
  process.env['AWS_REGION'] = 'ap-south-1';
  try {
    const r = await regionOf('eu-west-3', { profile: 'dev', region: 'sa-east-1' });
    assert.deepEqual([r.region, r.source, r.expands], ['sa-east-1', '--region', 'sa-east-1']);
  } finally {
    delete process.env['AWS_REGION'];
  }
});

test('no region anywhere: the error says where one can be set', async () => {
  await assert.rejects(regionOf(undefined, { profile: 'noregion' }), (e) => isLakehouseError(e, 'InvalidInput') && /no AWS region: pass --region, or set "region" in lakehouse\.json or in profile "noregion"/.test(e.message));
});
