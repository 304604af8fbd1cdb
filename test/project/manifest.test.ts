import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifestText, expandVariables, parseManifest, zoneOfKey, jobDefinition } from '../../src/core/project/manifest';
import { LakehouseError } from '../../src/core/errors';

const valid = {
  name: 'stedi',
  bucket: 'stedi-lakehouse',
  database: 'stedi',
  datasets: { customer: { landing: 'customer/landing/', trusted: 'customer/trusted/' } },
  glue: { role: 'arn:aws:iam::123456789012:role/glue', jobs: { customer_landing_to_trusted: { numberOfWorkers: 4 } } },
};

test('a valid manifest loads with defaults', () => {
  const m = parseManifest(JSON.stringify(valid));
  assert.equal(m.region, 'us-east-1');
  assert.equal(m.sql, 'sql');
  assert.equal(m.scripts, 'glue-scripts');
  assert.equal(m.glue.glueVersion, '4.0');
  assert.equal(m.glue.workerType, 'G.1X');
  assert.deepEqual(zoneOfKey(m, 'customer/trusted/part-0.json'), { dataset: 'customer', zone: 'trusted' });
  assert.equal(zoneOfKey(m, 'other/x.json'), undefined);
  const job = jobDefinition(m, 'glue-scripts/customer_landing_to_trusted.py');
  assert.equal(job.name, 'customer_landing_to_trusted');
  assert.equal(job.numberOfWorkers, 4);
  assert.equal(job.role, valid.glue.role);
});

test('a missing field is named with its line', () => {
  const text = JSON.stringify({ ...valid, bucket: undefined }, null, 2);
  assert.throws(() => parseManifest(text, 'lakehouse.json'), (e: unknown) => {
    assert.ok(e instanceof LakehouseError);
    assert.equal(e.detail.field, 'bucket');
    assert.match(e.message, /^lakehouse\.json:1:1: bucket is required/);
    return true;
  });
});

test('an invalid field is named at the line of its value', () => {
  const text = JSON.stringify({ ...valid, glue: { glueVersion: '9.9' } }, null, 2);
  const problems = checkManifestText(text);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.field, 'glue.glueVersion');
  const line = text.split('\n').findIndex((l) => l.includes('"9.9"')) + 1;
  assert.equal(problems[0]!.line, line);
  assert.match(problems[0]!.message, /glue\.glueVersion must be one of "3\.0", "4\.0", "5\.0"/);
});

test('bad bucket names, prefixes and unknown fields are reported', () => {
  const text = JSON.stringify({ ...valid, bucket: 'Bad_Bucket', datasets: { customer: { landing: '/abs/' } }, extra: 1 }, null, 2);
  const fields = checkManifestText(text).map((p) => p.field).sort();
  assert.deepEqual(fields, ['bucket', 'datasets.customer.landing', 'extra']);
});

test('a zone prefix is folder names each ending in "/": no "..", ".", empty folder or backslash', () => {
  const problems = (landing: string) => checkManifestText(JSON.stringify({ ...valid, datasets: { customer: { landing } } })).map((p) => p.field);
  for (const bad of ['../a/landing/', 'a/../landing/', './a/', 'a/./', 'a//b/', '/a/', 'a\\b/', 'a', 'a/b', '..', '../'])
    assert.deepEqual(problems(bad), ['datasets.customer.landing'], JSON.stringify(bad));
  for (const good of ['customer/landing/', 'a/', '..a/', 'a..b/c/', 'x.y/z/', 'données été/landing/']) assert.deepEqual(problems(good), [], JSON.stringify(good));
});

test('overlapping zone prefixes are refused', () => {
  const text = JSON.stringify({ ...valid, datasets: { a: { landing: 'a/' }, b: { landing: 'a/b/' } } });
  assert.match(checkManifestText(text)[0]!.message, /datasets\.b\.landing .* lies inside datasets\.a\.landing/);
});

test('invalid JSON is reported at its position', () => {
  const problems = checkManifestText('{\n  "name": "x",\n  oops\n}');
  assert.equal(problems[0]!.line, 3);
  assert.match(problems[0]!.message, /invalid JSON/);
});

test('invalid JSON is said in words: a trailing comma, a missing comma', () => {
  const trailing = checkManifestText('{\n  "name": "x",\n}');
  assert.deepEqual([trailing[0]!.line, trailing[0]!.message], [3, 'invalid JSON: a property name was expected (a trailing comma before "}"?)']);
  const missing = checkManifestText('{\n  "name": "x"\n  "bucket": "b"\n}');
  assert.deepEqual([missing[0]!.line, missing[0]!.message], [3, 'invalid JSON: a "," was expected between two entries']);
});

test('a byte-order mark before the JSON is not an error', () => {
  const text = `\uFEFF${JSON.stringify(valid)}`;
  assert.deepEqual(checkManifestText(text), []);
  assert.equal(parseManifest(text).bucket, valid.bucket);
});

test('variables expand; unknown ones are errors with a position; $${x} escapes', () => {
  assert.equal(expandVariables("LOCATION 's3://${bucket}/x/'", { bucket: 'b1' }), "LOCATION 's3://b1/x/'");
  assert.equal(expandVariables('keep $${bucket}', { bucket: 'b1' }), 'keep ${bucket}');
  assert.throws(() => expandVariables('a\n  ${nope}', { bucket: 'b' }, 'f.sql'), /f\.sql:2:3: unknown variable \$\{nope\}/);
});
