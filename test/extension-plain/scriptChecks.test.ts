// The Glue script diagnostics' plain part (src/extension/scriptChecks.ts): the findings of a script as it is in the
// editor and the quick fix's edit. The shipped STEDI script purges its path before its sink; without that line its
// sink is a re-run's duplicate, and the quick fix puts the purge back — as the raw script writes it (`${bucket}`).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readGlueScript } from '../../src/core/jobs/script';
import { expandVariables, manifestVariables, parseManifest } from '../../src/core/project/manifest';
import { stediManifest } from '../../src/core/sample';
import { purgeInsertion, scriptFindings } from '../../src/extension/scriptChecks';
import { parseCreateTable } from '../../src/core/sql/ddl';

const REPO = path.resolve(__dirname, '..', '..');
const manifest = parseManifest(JSON.stringify(stediManifest()));
const SCRIPT = 'glue-scripts/customer_landing_to_trusted.py';

/** Applies an insertion at a 0-based line. */
function applyInsertion(text: string, edit: { line: number; text: string }): string {
  const lines = text.split('\n');
  return [...lines.slice(0, edit.line), edit.text.replace(/\n$/, ''), ...lines.slice(edit.line)].join('\n');
}

describe('Glue script findings and the purge quick fix', () => {
  it('the shipped STEDI script has none', async () => {
    const raw = await fs.readFile(path.join(REPO, SCRIPT), 'utf8');
    assert.deepEqual(await scriptFindings(raw, SCRIPT, manifest), []);
  });

  it('without its purge, the sink is a re-run\'s duplicate; the fix inserts the purge before it, indented, ${bucket} kept — and then there is none', async () => {
    const shipped = await fs.readFile(path.join(REPO, SCRIPT), 'utf8');
    const purgeLine = shipped.split('\n').find((l) => l.includes('purge_s3_path'))!;
    const raw = shipped.replace(`${purgeLine}\n`, '');
    const sinkLine = raw.split('\n').findIndex((l) => l.includes('glueContext.getSink(')) + 1;
    const findings = await scriptFindings(raw, SCRIPT, manifest);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.code, 'rerun-duplicates');
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.line, sinkLine);
    assert.match(f!.message, /s3:\/\/stedi-lakehouse\/customer\/trusted\/ \(stedi\.customer_trusted\) adds its files beside those already there/);
    assert.equal(f!.insert, 'glueContext.purge_s3_path("s3://${bucket}/customer/trusted/", {"retentionPeriod": 0})');
    const edit = purgeInsertion(raw, f!)!;
    assert.deepEqual(edit, { line: sinkLine - 1, text: 'glueContext.purge_s3_path("s3://${bucket}/customer/trusted/", {"retentionPeriod": 0})\n' });
    const fixed = applyInsertion(raw, edit);
    assert.deepEqual(await scriptFindings(fixed, SCRIPT, manifest), []);
    // what the fix inserted reads as the shipped purge does
    const plan = await readGlueScript(expandVariables(fixed, manifestVariables(manifest), SCRIPT), SCRIPT);
    assert.deepEqual(plan.purges.map((p) => [p.path, p.retentionHours, p.afterSinks]), [['s3://stedi-lakehouse/customer/trusted/', 0, 0]]);
  });

  it('the inserted line is indented as the sink\'s line, with the file\'s line breaks', () => {
    const finding = { code: 'rerun-duplicates' as const, severity: 'warning' as const, line: 2, message: '', insert: 'glueContext.purge_s3_path("s3://b/x/", {"retentionPeriod": 0})' };
    assert.deepEqual(purgeInsertion('if True:\r\n    sink = 1\r\n', finding), { line: 1, text: '    glueContext.purge_s3_path("s3://b/x/", {"retentionPeriod": 0})\r\n' });
    assert.equal(purgeInsertion('one line\n', { ...finding, line: 9 }), undefined);
  });

  it('a purge of a landing zone is an error on its line; a second job writing the same table is named on its sink', async () => {
    const shipped = await fs.readFile(path.join(REPO, SCRIPT), 'utf8');
    const landing = shipped.replace('purge_s3_path("s3://${bucket}/customer/trusted/"', 'purge_s3_path("s3://${bucket}/customer/landing/"');
    const purgeLine = landing.split('\n').findIndex((l) => l.includes('purge_s3_path')) + 1;
    const errors = (await scriptFindings(landing, SCRIPT, manifest)).filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((e) => [e.code, e.line]), [['purge-refused', purgeLine]]);
    assert.match(errors[0]!.message, /landing zone of dataset customer/);

    // another script writing customer/trusted/ too, running first
    const other = await readGlueScript(expandVariables(shipped, manifestVariables(manifest), 'glue-scripts/a_copy.py'), 'glue-scripts/a_copy.py');
    const sinkLine = shipped.split('\n').findIndex((l) => l.includes('glueContext.getSink(')) + 1;
    const shared = (await scriptFindings(shipped, SCRIPT, manifest, { others: [{ name: 'a_copy', plan: other }], order: ['a_copy', 'customer_landing_to_trusted'] })).filter((f) => f.code === 'shared-output');
    assert.deepEqual(shared.map((f) => f.line), [sinkLine]);
    assert.match(shared[0]!.message, /job a_copy writes stedi\.customer_trusted too \(glue-scripts\/a_copy\.py:\d+\), and runs before this one/);
  });

  it('a from_catalog read of a table without classification is an error on its line, as the run refuses it', async () => {
    // the shipped DDL without its TBLPROPERTIES ('classification' = 'json'): Athena adds none, and Glue's ETL jobs
    // fail on such a table (Athena User Guide, create-table.md, TBLPROPERTIES)
    const ddl = (await fs.readFile(path.join(REPO, 'sql', 'customer_landing.sql'), 'utf8')).replace(/TBLPROPERTIES \('classification' = 'json'\)/, '');
    const vars = manifestVariables(manifest);
    const bare = parseCreateTable(expandVariables(ddl, vars, 'sql/customer_landing.sql')).table;
    const shipped = await fs.readFile(path.join(REPO, SCRIPT), 'utf8');
    const readLine = shipped.split('\n').findIndex((l) => l.includes('table_name="customer_landing"')) + 1;
    const findings = (await scriptFindings(shipped, SCRIPT, manifest, { tables: [bare] })).filter((f) => f.code === 'no-classification');
    assert.deepEqual(findings.map((f) => [f.severity, f.line]), [['error', readLine]]);
    assert.match(findings[0]!.message, /create_dynamic_frame\.from_catalog reads stedi\.customer_landing, a table with no 'classification' table property: .*TBLPROPERTIES \('classification'='json'\)/);
    // with it, as shipped: none
    const classified = parseCreateTable(expandVariables(await fs.readFile(path.join(REPO, 'sql', 'customer_landing.sql'), 'utf8'), vars, 'sql/customer_landing.sql')).table;
    assert.deepEqual((await scriptFindings(shipped, SCRIPT, manifest, { tables: [classified] })).filter((f) => f.code === 'no-classification'), []);
  });
});
