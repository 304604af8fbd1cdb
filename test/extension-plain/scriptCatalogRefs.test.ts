// A Glue script's Data Catalog names checked against the catalog as it is typed (src/extension/scriptCatalogRefs.ts,
// through scriptChecks.ts's findings). The catalog here is the STEDI sample's: the tables its sql/ DDL creates in
// database `stedi` (the sample's lakehouse.json); the scripts are the sample's own, with one name mistyped.
// setCatalogInfo's sink creates its table (AWS Glue Developer Guide, update-from-job.md: "You can also use the same
// options to create a new table in the Data Catalog. You can specify the database and new table name using
// setCatalogInfo"): only its database must exist.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readGlueScript } from '../../src/core/jobs/script';
import { expandVariables, manifestVariables, parseManifest } from '../../src/core/project/manifest';
import { stediManifest } from '../../src/core/sample';
import { scriptFindings } from '../../src/extension/scriptChecks';
import { closestFirst, type KnownCatalog } from '../../src/extension/scriptCatalogRefs';

const REPO = path.resolve(__dirname, '..', '..');
const manifest = parseManifest(JSON.stringify(stediManifest()));
const SCRIPT = 'glue-scripts/customer_landing_to_trusted.py';
const LANDING = ['accelerometer_landing', 'customer_landing', 'step_trainer_landing'];
/** the catalog after Create Tables of the landing zones only (no job has run) */
const landingOnly: KnownCatalog = { databases: ['stedi'], tables: LANDING.map((name) => ({ database: 'stedi', name })) };

const shipped = (file = SCRIPT): Promise<string> => fs.readFile(path.join(REPO, file), 'utf8');
const catalogFindings = async (raw: string, catalog: KnownCatalog | undefined, file = SCRIPT, others: { name: string; plan: Awaited<ReturnType<typeof readGlueScript>> }[] = []) =>
  (await scriptFindings(raw, file, manifest, { ...(catalog ? { catalog } : {}), others })).filter((f) => f.code === 'unknown-catalog-name');

/** The text a finding's columns cover. */
const covered = (raw: string, f: { line: number; start?: number; end?: number }): string => raw.split('\n')[f.line - 1]!.slice(f.start, f.end);

describe('Glue script: Data Catalog names the catalog does not have', () => {
  it('the shipped script against the sample catalog: none (its sink creates customer_trusted)', async () => {
    assert.deepEqual(await catalogFindings(await shipped(), landingOnly), []);
  });

  it('a mistyped table_name: a warning on its string, listing the database\'s tables closest first', async () => {
    const raw = (await shipped()).replace('table_name="customer_landing"', 'table_name="customer_landin"');
    const [f, ...more] = await catalogFindings(raw, landingOnly);
    assert.equal(more.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.line, 22);
    assert.equal(covered(raw, f!), '"customer_landin"');
    assert.equal(f!.message, 'from_catalog: table customer_landin is not in database stedi of the Data Catalog — it has customer_landing, accelerometer_landing, step_trainer_landing');
    // (edit distances 1, 9, 10, by a Levenshtein distance computed apart from the code)
  });

  it('a database the catalog does not have: the warning is on the database string (a ${variable} expanded as the run does)', async () => {
    const raw = (await shipped()).replace('from_catalog(database="${database}"', 'from_catalog(database="${database}_dev"');
    const [f, ...more] = await catalogFindings(raw, landingOnly);
    assert.equal(more.length, 0);
    assert.equal(covered(raw, f!), '"${database}_dev"');
    assert.equal(f!.message, 'from_catalog: database stedi_dev is not in the Data Catalog — it has stedi');
  });

  it('the catalog not known (the AWS target not connected): nothing said', async () => {
    const raw = (await shipped()).replace('table_name="customer_landing"', 'table_name="customer_landin"');
    assert.deepEqual(await catalogFindings(raw, undefined), []);
  });

  it('a table another job of the project creates (its setCatalogInfo sink) is not flagged; without that job it is', async () => {
    const file = 'glue-scripts/accelerometer_landing_to_trusted.py';
    const raw = await shipped(file);
    const creator = await readGlueScript(expandVariables(await shipped(), manifestVariables(manifest), SCRIPT), SCRIPT);
    assert.deepEqual(await catalogFindings(raw, landingOnly, file, [{ name: 'customer_landing_to_trusted', plan: creator }]), []);
    const alone = await catalogFindings(raw, landingOnly, file);
    assert.deepEqual(alone.map((f) => [f.line, covered(raw, f)]), [[25, '"customer_trusted"']]);
  });

  it('setCatalogInfo: a database it does not have is flagged; a new table is not (the sink creates it)', async () => {
    const raw = (await shipped()).replace('setCatalogInfo(catalogDatabase="${database}",catalogTableName="customer_trusted")', 'setCatalogInfo(catalogDatabase="stedi_curated",catalogTableName="customer_trusted")');
    const findings = await catalogFindings(raw, landingOnly);
    assert.deepEqual(findings.map((f) => [f.line, covered(raw, f)]), [[37, '"stedi_curated"']]);
    assert.match(findings[0]!.message, /^setCatalogInfo: database stedi_curated is not in the Data Catalog — it has stedi$/);
  });

  it('spark.table("db.t") and write_dynamic_frame.from_catalog: flagged on their strings', async () => {
    const raw = (await shipped())
      .replace('job.commit()', 'people = spark.table("stedi.customer_landings")\nglueContext.write_dynamic_frame.from_catalog(frame=ResearchConsent_node1718049902544, database="stedi", table_name="customer_trusted_v2")\njob.commit()');
    const findings = await catalogFindings(raw, landingOnly);
    assert.deepEqual(findings.map((f) => [f.line, covered(raw, f)]), [
      [40, '"stedi.customer_landings"'],
      [41, '"customer_trusted_v2"'],
    ]);
    assert.match(findings[0]!.message, /^spark\.table: table customer_landings is not in database stedi of the Data Catalog — it has customer_landing, /);
  });

  it('an empty catalog says how to fill it; a long list is cut', async () => {
    const raw = await shipped();
    const [f] = await catalogFindings(raw, { databases: [], tables: [] });
    assert.match(f!.message, /database stedi is not in the Data Catalog — it has none yet \(Lakehouse: Create Tables from sql\/ creates the project's\)/);
    const many = Array.from({ length: 14 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    assert.equal(closestFirst('t05', many), 't05, t00, t01, t02, t03, t04, t06, t07, t08, t09, and 4 more');
  });
});
