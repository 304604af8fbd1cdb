import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifestText, expandVariables, jobDefinition, manifestVariables, nestedZonePrefixes, parseManifest, zoneOfKey } from '../../src/core/project/manifest';
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

// Real buckets nest zones: the STEDI solutions put trusted inside landing's folder (landing at
// accelerometer_landing/, trusted at accelerometer_landing/trusted/). An object belongs to the deepest zone.
test('zone prefixes may nest; each key belongs to the deepest zone whose prefix holds it', () => {
  const datasets = { accelerometer: { landing: 'accelerometer_landing/', trusted: 'accelerometer_landing/trusted/' }, customer: { landing: 'customer/landing/' } };
  const text = JSON.stringify({ ...valid, datasets });
  assert.deepEqual(checkManifestText(text), []);
  const m = parseManifest(text);
  assert.deepEqual(zoneOfKey(m, 'accelerometer_landing/a-1.json'), { dataset: 'accelerometer', zone: 'landing' });
  assert.deepEqual(zoneOfKey(m, 'accelerometer_landing/trusted/run-1.json'), { dataset: 'accelerometer', zone: 'trusted' });
  assert.deepEqual(zoneOfKey(m, 'accelerometer_landing/trusted/deep/x.json'), { dataset: 'accelerometer', zone: 'trusted' });
  // a folder merely named like a nested zone is the outer zone's
  assert.deepEqual(zoneOfKey(m, 'accelerometer_landing/trustedx/x.json'), { dataset: 'accelerometer', zone: 'landing' });
  assert.deepEqual(nestedZonePrefixes(m, 'accelerometer_landing/'), [{ dataset: 'accelerometer', zone: 'trusted', prefix: 'accelerometer_landing/trusted/' }]);
  assert.deepEqual(nestedZonePrefixes(m, 'accelerometer_landing/trusted/'), []);
  // nesting across datasets is allowed too, the deepest still wins
  const across = parseManifest(JSON.stringify({ ...valid, datasets: { a: { landing: 'a/' }, b: { landing: 'a/b/' } } }));
  assert.deepEqual(zoneOfKey(across, 'a/b/x'), { dataset: 'b', zone: 'landing' });
  assert.deepEqual(zoneOfKey(across, 'a/x'), { dataset: 'a', zone: 'landing' });
});

test('two zones with the same prefix are refused, naming both', () => {
  const text = JSON.stringify({ ...valid, datasets: { a: { landing: 'x/', trusted: 'y/' }, b: { landing: 'y/' } } }, null, 2);
  const problems = checkManifestText(text);
  assert.deepEqual(problems.map((p) => p.field), ['datasets.b.landing']);
  assert.match(problems[0]!.message, /^datasets\.b\.landing \("y\/"\) is also datasets\.a\.trusted: two zones cannot share a prefix$/);
  assert.equal(problems[0]!.line, text.split('\n').findIndex((l) => l.includes('"landing": "y/"')) + 1);
});

test("the scripts' folder or Athena's results inside a zone are refused (a table over the zone would read them)", () => {
  const scripts = checkManifestText(JSON.stringify({ ...valid, glue: { scriptsPrefix: 'customer/landing/scripts/' } }));
  assert.deepEqual(scripts.map((p) => p.field), ['glue.scriptsPrefix']);
  assert.match(scripts[0]!.message, /lies inside datasets\.customer\.landing \("customer\/landing\/"\): the zone's tables would read the scripts as data/);
  const results = checkManifestText(JSON.stringify({ ...valid, athena: { outputLocation: 's3://stedi-lakehouse/customer/trusted/athena' } }));
  assert.deepEqual(results.map((p) => p.field), ['athena.outputLocation']);
  // the default scripts/ and athena-results/ folders, or results in another bucket, are fine
  assert.deepEqual(checkManifestText(JSON.stringify({ ...valid, datasets: { s: { landing: 'scripts/x/' } } })), []);
  assert.deepEqual(checkManifestText(JSON.stringify({ ...valid, athena: { outputLocation: 's3://other-bucket/customer/trusted/' } })), []);
  // a zone that is the default scripts folder is named at the zone
  assert.deepEqual(checkManifestText(JSON.stringify({ ...valid, datasets: { s: { landing: 'scripts/' } } })).map((p) => p.field), ['datasets.s.landing']);
});

// Glue's rule for database names: DatabaseInput.Name, 1-255 bytes of UTF-8 matching the single-line string pattern
// [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*, folded to lower case when stored
// (https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html). Athena queries such names quoted
// ("stedi-lake".t; https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html).
test('any database name Glue accepts is accepted, and stored lower-cased as Glue stores it', () => {
  for (const database of ['stedi-lake', 'stedi-hb', 'udacity-stedi', 'silver-layer', 'my lake', 'a.b', '_x', '9', 'données', 'tab\there', 'a'.repeat(255), 'é'.repeat(127), '😀'])
    assert.deepEqual(checkManifestText(JSON.stringify({ ...valid, database })), [], JSON.stringify(database));
  assert.equal(parseManifest(JSON.stringify({ ...valid, database: 'STEDI-Lake' })).database, 'stedi-lake');
  assert.deepEqual(expandVariables('db=${database}', manifestVariables(parseManifest(JSON.stringify({ ...valid, database: 'Stedi-Lake' })))), 'db=stedi-lake');
});

test("a database name Glue refuses is refused with Glue's rule, at its line", () => {
  const cases: [string, RegExp][] = [
    ['', /database must be a Glue database name \(Glue takes 1 to 255 bytes/],
    ['two\nlines', /database must be a Glue database name \(Glue takes 1 to 255 bytes of UTF-8 on one line/],
    ['bell\u0007', /database must be a Glue database name/],
    ['a'.repeat(256), /database must be a Glue database name/],
    // 128 two-byte characters: 256 bytes, 128 characters (the schema's maxLength counts characters)
    ['é'.repeat(128), /database must be a Glue database name: it is 256 bytes long in UTF-8 \(Glue takes 1 to 255 bytes/],
    ['lone\uD800', /database must be a Glue database name/],
  ];
  for (const [database, message] of cases) {
    const text = JSON.stringify({ ...valid, database }, null, 2);
    const problems = checkManifestText(text);
    assert.deepEqual(problems.map((p) => p.field), ['database'], JSON.stringify(database));
    assert.match(problems[0]!.message, message, JSON.stringify(database));
    assert.equal(problems[0]!.line, 4, JSON.stringify(database));
  }
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
  // a storage.location.template's `${dt}` (partition-projection-setting-up.md) is Athena's, not the project's: the message says how to write it
  assert.throws(() => expandVariables("'storage.location.template'='s3://b/fares/${dt}/'", { bucket: 'b' }, 'f.sql'), /unknown variable \$\{dt\} \(known: bucket\); for a literal \$\{dt\}, as a partition projection's storage\.location\.template needs it, write \$\$\{dt\}$/);
});

test('lakehouse.schema.json is a valid JSON Schema (the loader compiles it without checking: validateSchema is off)', async () => {
  const { default: Ajv } = await import('ajv');
  const { default: schema } = await import('../../src/core/project/lakehouse.schema.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
});

test('the validator the bundles carry (compiled at build time) finds what the one compiled at run time finds', async () => {
  const { manifestValidator, manifestValidatorSource } = await import('../../src/core/project/manifestValidator');
  const mod = { exports: {} as { manifestValidator: typeof manifestValidator } };
  new Function('module', 'exports', 'require', manifestValidatorSource())(mod, mod.exports, require);
  const built = mod.exports.manifestValidator();
  const runtime = manifestValidator();
  const cases: unknown[] = [
    { name: 'x', bucket: 'stedi-lakehouse', database: 'stedi', region: 'us-east-1', datasets: { customer: { landing: 'customer/landing/' } } },
    { name: '-x', bucket: 'B', database: 'Stedi', region: 'mars', datasets: {}, extra: 1 },
    { bucket: 'stedi-lakehouse', datasets: { customer: { landing: '/abs/', nope: 'x/' } }, glue: { numberOfWorkers: 'two' } },
    [],
    null,
  ];
  for (const c of cases) {
    const a = built(c);
    const b = runtime(c);
    assert.equal(a, b, JSON.stringify(c));
    assert.deepEqual(built.errors ?? null, runtime.errors ?? null, JSON.stringify(c));
  }
});

test('an empty lakehouse.json is said to be empty (not "a trailing comma before ]")', () => {
  for (const text of ['', '\n', '  \n\t\n']) {
    assert.deepEqual(
      checkManifestText(text).map((p) => [p.line, p.message]),
      [[1, 'invalid JSON: the file is empty (it holds no JSON object)']],
      JSON.stringify(text),
    );
  }
});

test('a misspelt field: every problem is said, each at its line (the misspelling too, not only what it left missing)', () => {
  const text = JSON.stringify({ name: 'shop', bucket: 'shop-lakehouse', database: 'shop', dataset: valid.datasets }, null, 2);
  assert.throws(
    () => parseManifest(text, 'lakehouse.json'),
    (e: unknown) => e instanceof LakehouseError && e.message === 'lakehouse.json:1:1: datasets is required\nlakehouse.json:5:3: dataset is not a known field (did you mean datasets?)',
  );
});

test('a misspelt field is answered with the known field nearest it, at every level; a name near none gets no guess', () => {
  const text = JSON.stringify({ name: 'shop', bucket: 'shop-lakehouse', databse: 'shop', datasets: { orders: { landing: 'orders/landing/', trused: 'orders/trusted/' } }, glue: { workertype: 'G.1X' }, colour: 'red' }, null, 2);
  assert.deepEqual(
    checkManifestText(text).map((p) => p.message),
    ['database is required', 'databse is not a known field (did you mean database?)', 'colour is not a known field', 'datasets.orders.trused is not a known field (did you mean trusted?)', 'glue.workertype is not a known field (did you mean workerType?)'],
  );
});
