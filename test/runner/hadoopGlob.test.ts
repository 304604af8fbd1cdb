/**
 * Hadoop glob patterns in spark.read paths: Spark expands a path holding `*?[{\` with Hadoop's globStatus
 * (DataSource.checkAndGlobPathIfNecessary) and reads the files it matches, one path component at a time
 * (org.apache.hadoop.fs.Globber / GlobPattern). Public scripts that need it: mkubkowski/projekt_big_data
 * Mariusz/1_4_json_to_parquet_v2.py (`spark.read.json("s3://projekt-landing-zone/*.json")`) and
 * aws-samples/aws-big-data-blog-dmscdc-walkthrough DMSCDC_LoadInitial.py (`spark.read.parquet(path + "/LOAD*.parquet")`,
 * the full-load files AWS DMS names LOAD00000001.parquet …). Before, both failed with "no data files under …".
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { globComponentRegExp, globDataFiles, isGlob } from '../../src/core/targets/local/hadoopGlob';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

describe('GlobPattern, one path component', () => {
  // the pattern syntax of Hadoop's FileSystem.globStatus javadoc
  const cases: [string, string[], string[]][] = [
    ['*.json', ['a.json', '.json', 'part-0.json'], ['a.jsonl', 'a.json.gz', 'x/a.json']],
    ['LOAD*.parquet', ['LOAD00000001.parquet', 'LOAD.parquet'], ['20201010-120000000.parquet', 'xLOAD1.parquet', 'LOAD1.parquetx']],
    ['part-?.csv', ['part-0.csv', 'part-a.csv'], ['part-10.csv', 'part-.csv']],
    ['[ab]c', ['ac', 'bc'], ['cc', 'abc']],
    ['[a-c]x', ['ax', 'bx', 'cx'], ['dx']],
    ['[^a]x', ['bx'], ['ax']],
    ['[!a]x', ['bx'], ['ax']],
    ['{2020,2021}-*', ['2020-01', '2021-x'], ['2022-01', '2020']],
    ['{a,b{c,d}}', ['a', 'bc', 'bd'], ['b', 'bcd']],
    ['\\*.txt', ['*.txt'], ['a.txt']],
    ['a.b', ['a.b'], ['axb']],
    ['(x)+', ['(x)+'], ['x', 'xx']],
  ];
  for (const [glob, yes, no] of cases)
    test(glob, () => {
      const re = globComponentRegExp(glob);
      for (const s of yes) assert.ok(re.test(s), `${glob} matches ${s}`);
      for (const s of no) assert.ok(!re.test(s), `${glob} does not match ${s}`);
    });

  test('which keys are patterns', () => {
    for (const k of ['*.json', 'a/LOAD*.parquet', 'p?', '[ab]', '{a,b}', 'a\\b']) assert.ok(isGlob(k), k);
    for (const k of ['a/b.json', 'trip data/x.csv', 'region=ca/']) assert.ok(!isGlob(k), k);
  });

  test('an unclosed set or brace is an error, not a pattern that matches nothing', () => {
    assert.throws(() => globComponentRegExp('[ab'), /"\[" without "\]"/);
    assert.throws(() => globComponentRegExp('{a,b'), /"\{" without "\}"/);
  });
});

describe('spark.read over a glob path', () => {
  let p: ScriptProject;
  before(async () => {
    p = await glueStudioProject('lh-glob-');
    const put = (key: string, lines: object[]) => p.target.storage.put(GS_BUCKET, key, Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
    await put('glob/LOAD00000001.json', [{ id: 1 }, { id: 2 }]);
    await put('glob/LOAD00000002.json', [{ id: 3 }]);
    await put('glob/20201010-120000.json', [{ id: 99 }]);
    await put('glob/sub/LOAD00000003.json', [{ id: 50 }]);
    await put('glob/2020-a/x.json', [{ id: 20 }]);
    await put('glob/2021-b/deep/y.json', [{ id: 21 }]);
    await put('glob/2022-c/z.json', [{ id: 22 }]);
  });
  after(() => p.close());

  const ids = async (dir: string) => (await jsonRows(p.objects(dir))).map((r) => r['id']).sort((a, b) => Number(a) - Number(b));

  test('a file pattern reads the files of that folder it matches, not those of its subfolders nor other names', async () => {
    await p.runOk(
      'glob_files',
      `df = spark.read.json("s3://${GS_BUCKET}/glob" + "/LOAD*.json")
df.write.mode("append").json("s3://${GS_BUCKET}/out/glob_files/")`,
    );
    assert.deepEqual(await ids('out/glob_files'), [1, 2, 3]);
  });

  test('a folder pattern reads every file under each folder it matches; braces choose', async () => {
    await p.runOk(
      'glob_dirs',
      `df = spark.read.json("s3://${GS_BUCKET}/glob/{2020,2021}-*/")
df.write.mode("append").json("s3://${GS_BUCKET}/out/glob_dirs/")`,
    );
    assert.deepEqual(await ids('out/glob_dirs'), [20, 21]);
  });

  test('a pattern that matches nothing: no data files, as before', async () => {
    const r = await p.run('glob_none', `df = spark.read.json("s3://${GS_BUCKET}/glob/NOPE*.json")\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/glob_none/")`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /no data files under s3:\/\/gs-test\/glob\/NOPE\*\.json/);
  });
});

describe('a glob never follows a link out of the bucket', () => {
  test('links to a folder or a file elsewhere, named by a pattern or a plain component, are not read', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-glob-links-'));
    try {
      const bucket = path.join(tmp, 'bucket');
      const outside = path.join(tmp, 'outside');
      await fs.mkdir(path.join(bucket, 'glob'), { recursive: true });
      await fs.mkdir(outside);
      await fs.writeFile(path.join(outside, 'secret.json'), '{"secret":1}\n');
      await fs.writeFile(path.join(bucket, 'glob', 'a.json'), '{"id":1}\n');
      await fs.symlink(outside, path.join(bucket, 'glob', 'evil'));
      await fs.symlink(path.join(outside, 'secret.json'), path.join(bucket, 'glob', 'l.json'));
      const names = async (key: string) => (await globDataFiles(bucket, key)).map((f) => path.relative(bucket, f.path));
      assert.deepEqual(await names('glob/*'), ['glob/a.json']);
      assert.deepEqual(await names('glob/*.json'), ['glob/a.json']);
      assert.deepEqual(await names('glob/evil/*.json'), []);
      assert.deepEqual(await names('glob/{evil,x}/*'), []);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
});
