/**
 * The AWS Glue developer guide's PySpark examples that print their results (test/conformance/glue/<page>.json), run
 * as jobs through the local job runner in a temporary project, their printed output compared with the page's.
 * Sources: the DynamicFrame class page as published now (its text from a stored copy whose line breaks are partly
 * lost: each case's `docText` keeps it verbatim) and the archived guide's transform pages (awsdocs/aws-glue-developer-
 * guide @ c4620ef, doc_source/*.md). Each case's script is the doc's, adapted only where it must be to run as a job in
 * a project (the case's `adapted` says how: placeholders and catalog tables replaced by objects in the project's
 * bucket, an input frame the doc prints built from what it prints). Every case passes — the job prints what the page
 * prints — or is refused with a message naming the construct and the script's line (`refused`); no case may print
 * something else. `leftOut` lists each page's examples that cannot be reproduced (their input is not printed, or
 * they belong to Relationalize/unnest, s11-relational's work), with why.
 *
 * What `compare` means: `exact` — every printed line, in order; `spaces` — the archived Markdown lost the tables'
 * padding, so runs of spaces are ignored; `records` — a DynamicFrame's show() lines compare as JSON values with a
 * null field the same as a missing one (whether Glue prints a null field is not settled: docs/glue-jobs.md), the
 * doc's own notation (`{name: Sally, …}`) written as JSON in `expected`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { glueStudioProject, GS_BUCKET, type ScriptProject } from '../runner/glueStudioProject';

interface GlueDocCase {
  id: string;
  section: string;
  url: string;
  script: string[];
  adapted?: string;
  objects?: Record<string, string>;
  compare?: 'exact' | 'spaces' | 'records';
  expected?: string[];
  refused?: { line: number; mustName: string[] };
  docText?: string;
  doubt?: string;
  why?: string;
  note?: string;
}
interface GlueDocPage {
  page: string;
  title: string;
  url: string;
  source: string;
  cases: GlueDocCase[];
  leftOut: { section: string; why: string }[];
}

const DIR = path.join(__dirname, 'glue');
const pages: GlueDocPage[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as GlueDocPage);
const cases = pages.flatMap((p) => p.cases.map((c) => ({ page: p.page, c })));

/** a printed line as compared: runs of spaces ignored, around a table's bars too */
const spaces = (l: string): string => l.replace(/\s+/g, ' ').replace(/ ?\| ?/g, '|').trim();
/** a value without its null fields, at every depth */
const noNulls = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(noNulls) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, noNulls(x)])) : v;
const record = (l: string): string => (l.startsWith('{') ? JSON.stringify(noNulls(JSON.parse(l))) : l.trim());

function normalized(c: GlueDocCase, lines: string[]): string[] {
  if (c.compare === 'spaces') return lines.map(spaces);
  if (c.compare === 'records') return lines.map(record);
  return lines;
}

test('the Glue developer guide corpus is well-formed: each case its page, section, script, and an answer or a refusal', () => {
  assert.ok(cases.length >= 8, `at least 8 cases (has ${cases.length})`);
  const ids = new Set<string>();
  for (const p of pages) {
    assert.match(p.url, /^https:\/\/docs\.aws\.amazon\.com\/glue\/latest\/dg\//, `${p.page}: url`);
    assert.ok(p.source.length > 0, `${p.page}: source`);
    for (const l of p.leftOut) assert.ok(l.section !== '' && l.why !== '', `${p.page}: a left-out example says which and why`);
  }
  for (const { page, c } of cases) {
    const key = `${page}#${c.id}`;
    assert.ok(!ids.has(key), `${key}: unique`);
    ids.add(key);
    assert.ok(c.url.startsWith('https://docs.aws.amazon.com/glue/latest/dg/') && c.section !== '', `${key}: url and section`);
    assert.ok((c.expected !== undefined) !== (c.refused !== undefined), `${key}: expected output or a refusal, one of them`);
    if (c.refused) assert.ok(c.refused.line >= 1 && c.refused.line <= c.script.length && c.refused.mustName.length > 0, `${key}: the refused line and what the message names`);
  }
});

describe("the Glue developer guide's examples print the pages' output on the local job runner", () => {
  let p: ScriptProject;
  before(async () => {
    p = await glueStudioProject('lakehouse-gluedocs-');
  });
  after(async () => {
    await p?.close();
  });
  const outcomes: Record<string, 'pass' | 'refused'> = {};

  cases.forEach(({ page, c }, i) => {
    test(`${page}: ${c.section}`, async () => {
      for (const [key, text] of Object.entries(c.objects ?? {})) await p.target.storage.put(GS_BUCKET, key, Buffer.from(text));
      const job = `gluedoc_${i}`;
      const run = await p.runScript(job, `${c.script.join('\n')}\n`);
      if (c.refused) {
        assert.equal(run.state, 'FAILED', `${c.id}: refused, not run (${run.state})`);
        const message = run.errorMessage ?? '';
        assert.ok(message.includes(`glue-scripts/${job}.py:${c.refused.line}`), `${c.id}: the refusal names the script's line ${c.refused.line}: ${message}`);
        for (const name of c.refused.mustName) assert.ok(message.includes(name), `${c.id}: the refusal names ${name}: ${message}`);
        outcomes[`${page}#${c.id}`] = 'refused';
        return;
      }
      if (run.state !== 'SUCCEEDED') assert.fail(`${c.id}: ${run.state} ${run.errorMessage ?? ''}`);
      const printed = (await p.target.jobs.logs(job, run.id))
        .map((l) => l.replace(/^\S+ \S+ /, ''))
        .filter((l) => /^line \d+: /.test(l))
        .map((l) => l.replace(/^line \d+: /, ''));
      assert.deepEqual(normalized(c, printed), normalized(c, c.expected!));
      outcomes[`${page}#${c.id}`] = 'pass';
    });
  });

  test('every case passes or is refused by name (the counts docs/glue-jobs.md and test/conformance/README.md give)', () => {
    const count = (o: string) => Object.values(outcomes).filter((x) => x === o).length;
    assert.deepEqual({ pass: count('pass'), refused: count('refused') }, { pass: 6, refused: 3 });
  });
});
