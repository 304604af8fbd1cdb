/**
 * The proof corpus in tables: which constructs the public scripts use and which of those scripts run locally
 * (from test/fixtures/glue-public/status.json, which test/runner/public-scripts.test.ts keeps), and what blocks the
 * others, most common first — the Glue runner's work queue.
 *
 *   node --import tsx scripts/glue-corpus-report.ts          # writes test/fixtures/glue-public/STATUS.md and the
 *                                                             # README block between the glue-corpus markers
 *   node --import tsx scripts/glue-corpus-report.ts --check  # exits 1 when either is out of date
 *
 * The constructs a script uses are read from its syntax tree (tree-sitter), so the scripts must be in place
 * (scripts/glue-corpus-fetch.ts).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { getPythonParser } from '../src/core/jobs/python';
import { CORPUS_DIR, loadCorpus, loadStatus, missingUpstream, scriptFileName, statusKey, upstreamFile, type ScriptStatus } from '../test/runner/publicCorpus';

// the block lives in the local engine's reference (docs/glue-jobs.md), since the README became a front door
const README = path.join(__dirname, '..', 'docs', 'glue-jobs.md');
const STATUS_MD = path.join(CORPUS_DIR, 'STATUS.md');
const BEGIN = '<!-- glue-corpus:begin (scripts/glue-corpus-report.ts) -->';
const END = '<!-- glue-corpus:end -->';

/** A call's callee (its last two dotted names) → the construct it is; `{format}` is the call's format argument. */
const CALLS: [RegExp, string][] = [
  [/create_dynamic_frame\.from_catalog$|create_dynamic_frame_from_catalog$/, 'source: Data Catalog (from_catalog)'],
  [/create_dynamic_frame\.from_options$|create_dynamic_frame_from_options$/, 'source: S3 from_options ({format})'],
  [/write_dynamic_frame\.from_options$|write_dynamic_frame_from_options$/, 'sink: from_options ({format})'],
  [/write_dynamic_frame\.from_catalog$/, 'sink: write_dynamic_frame.from_catalog'],
  [/write_dynamic_frame\.from_jdbc_conf$/, 'sink: from_jdbc_conf'],
  [/\.getSink$/, 'sink: getSink + setCatalogInfo (catalog update)'],
  [/\.purge_s3_path$/, 'purge_s3_path'],
  [/^sparkSqlQuery$/, 'SQL Query node (sparkSqlQuery)'],
  [/^sparkAggregate$/, 'Aggregate node (sparkAggregate)'],
  [/^threadedRoute$/, 'Conditional Router (threadedRoute)'],
  [/\.process_rows$/, 'Evaluate Data Quality (process_rows)'],
  [/^(Filter|Join|ApplyMapping|DropFields|SelectFields|RenameField|DropNullFields|ResolveChoice|SplitRows|SplitFields|SelectFromCollection|Spigot|Map|MapToCollection|Relationalize|Unbox|Union)\.apply$/, '{name}'],
  [/\.relationalize$/, 'Relationalize'],
  [/^UnnestFrame\.apply$|\.unnest$/, 'unnest (UnnestFrame)'],
  [/\.gs_[a-z_]+$/, 'Glue Studio custom transform ({method})'],
  [/DynamicFrame\.fromDF$/, 'DynamicFrame.fromDF'],
  [/\.dropDuplicates$|\.distinct$/, 'DataFrame.dropDuplicates / distinct'],
  [/\.createOrReplaceTempView$/, 'DataFrame.createOrReplaceTempView'],
  [/^spark\.sql$/, 'spark.sql'],
  [/^spark\.read\.[a-z]+$|\.read\.(json|csv|parquet)$/, 'spark.read'],
  [/\.saveAsTable$/, 'DataFrame.saveAsTable'],
  [/\.write\.[a-z]+\.parquet$|\.write\.mode$|\.write\.parquet$/, 'DataFrame.write'],
  [/\.(join|select|filter|where|withColumn|withColumnRenamed|groupBy|agg|orderBy|limit|drop)$/, 'DataFrame.{method}'],
  [/\.toDF$/, 'DynamicFrame.toDF'],
  [/\.coalesce$|\.repartition$/, 'frame.coalesce / repartition'],
  [/\.count$/, 'frame.count()'],
  [/^StructType$|^StructField$/, 'StructType schema'],
  [/^print$/, 'print'],
  [/getLogger$|\.info$|\.warn$/, 'logger'],
];

const STATEMENTS: Record<string, string> = {
  function_definition: 'def (a function besides the generated helpers)',
  class_definition: 'class',
  if_statement: 'if',
  for_statement: 'for',
  with_statement: 'with',
  lambda: 'lambda',
};
/** helpers Glue Studio writes into a script with the nodes that need them: their bodies are not the author's */
const GENERATED_HELPERS = new Set(['sparkSqlQuery', 'sparkAggregate', 'threadedRoute', 'apply_group_filter', 'GroupFilter']);

function callee(node: SyntaxNode): string {
  return node.text.replace(/\s+/g, '');
}

function keyword(call: SyntaxNode, name: string): string | undefined {
  const args = call.childForFieldName('arguments');
  for (const a of args?.namedChildren ?? [])
    if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value')?.text.replace(/^["']|["']$/g, '');
  return undefined;
}

/** The constructs a script uses, read from its syntax tree. */
async function constructsOf(text: string): Promise<Set<string>> {
  const parser = await getPythonParser();
  const tree = parser.parse(text)!;
  const found = new Set<string>();
  const walk = (n: SyntaxNode): void => {
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const name = fn ? callee(fn) : '';
      const tail = name.split('.').slice(-2).join('.');
      for (const [pattern, label] of CALLS) {
        if (!pattern.test(name) && !pattern.test(tail)) continue;
        const format = keyword(n, 'format') ?? keyword(n, 'connection_type') ?? '?';
        found.add(
          label
            .replace('{format}', format === 'glueparquet' ? 'parquet' : format)
            .replace('{name}', `${tail.split('.')[0]}`)
            .replace('{method}', name.split('.').pop()!),
        );
        break;
      }
    }
    if ((n.type === 'function_definition' || n.type === 'class_definition') && GENERATED_HELPERS.has(n.childForFieldName('name')?.text ?? '')) return;
    const statement = STATEMENTS[n.type];
    if (statement) found.add(statement);
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(tree.rootNode);
  tree.delete();
  return found;
}

/** A refusal or failure without its place and the script's own names: what blocks, to group scripts by. */
function blocker(s: ScriptStatus): string {
  return (s.by ?? '')
    .replace(/^[^:]*(\.py|\.json|\.sql):\d+(:\d+)?: /, '')
    .replace(/\b[A-Za-z_]*_node\d+\b/g, '<node>')
    .replace(/the function \w+\(\)/, 'the function …()')
    .replace(/^the jobs .* form a cycle/, 'the jobs … form a cycle')
    .replace(/\b\w+\.toDF\(\)/, '….toDF()')
    .replace(/s3:\/\/[^\s'",)]+/g, 's3://…')
    .replace(/'[^']*'|"[^"]*"/g, '…')
    .replace(/\(supported: [^)]*\)/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const corpus = loadCorpus();
  const status = loadStatus();
  const missing = corpus.projects.flatMap((p) => missingUpstream(p).map((f) => `${p.repository}:${f}`));
  if (missing.length > 0) throw new Error(`the repositories' files are not in place (${missing.length}): node --import tsx scripts/glue-corpus-fetch.ts`);

  const rows: { project: string; repository: string; file: string; status: ScriptStatus; uses: Set<string>; glue?: string; mustRefuse?: string }[] = [];
  for (const p of corpus.projects)
    for (const s of p.scripts) {
      const st = status[statusKey(p, s)];
      if (!st) throw new Error(`status.json has no entry for ${statusKey(p, s)}: run GLUE_CORPUS_UPDATE=1 node --import tsx --test test/runner/public-scripts.test.ts`);
      rows.push({
        project: p.id,
        repository: p.repository,
        file: scriptFileName(s),
        status: st,
        uses: await constructsOf(await fs.readFile(upstreamFile(p, s.path), 'utf8')),
        ...(s.glue ? { glue: s.glue.fails } : {}),
        ...(s.mustRefuse ? { mustRefuse: s.mustRefuse } : {}),
      });
    }

  const count = (state: string) => rows.filter((r) => r.status.state === state).length;
  const repos = new Set(rows.map((r) => r.repository)).size;
  const summary = `${rows.length} scripts from ${repos} public repositories: **${count('runs')} run** with the row counts their own logic gives (0 wrong counts), **${count('refused')} are refused** before anything runs, naming the construct and its line, **${count('fails')} fail** here (the run fails, or the runner will not start it).`;

  // constructs: how many scripts use each, how many of those run
  const byConstruct = new Map<string, { uses: number; runs: number }>();
  for (const r of rows)
    for (const c of r.uses) {
      const e = byConstruct.get(c) ?? { uses: 0, runs: 0 };
      e.uses++;
      if (r.status.state === 'runs') e.runs++;
      byConstruct.set(c, e);
    }
  const constructs = [...byConstruct.entries()].sort((a, b) => b[1].uses - a[1].uses || a[0].localeCompare(b[0]));
  const constructTable = [
    '| construct (as the scripts write it) | scripts using it | of which run locally |',
    '| --- | ---: | ---: |',
    ...constructs.map(([c, e]) => `| ${esc(c)} | ${e.uses} | ${e.runs} |`),
  ].join('\n');

  // what blocks the scripts that do not run, most common first
  const blockers = new Map<string, { state: string; scripts: string[] }>();
  for (const r of rows) {
    if (r.status.state === 'runs') continue;
    const key = blocker(r.status);
    const e = blockers.get(key) ?? { state: r.status.state, scripts: [] };
    e.scripts.push(`${r.project}/${r.file}`);
    blockers.set(key, e);
  }
  const blockerTable = [
    '| what stops it (the first construct refused, or the failure) | state | scripts |',
    '| --- | --- | ---: |',
    ...[...blockers.entries()].sort((a, b) => b[1].scripts.length - a[1].scripts.length || a[0].localeCompare(b[0])).map(([k, e]) => `| ${esc(k)} | ${e.state} | ${e.scripts.length} |`),
  ].join('\n');

  const glueFails = rows.filter((r) => r.glue);
  const perScript = [
    '| repository | script | state | message (refused, fails) | note |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.repository} | ${esc(r.file)} | ${r.status.state} | ${esc(r.status.by ?? '')} | ${esc(
          r.glue ? `fails on Glue too: ${r.glue}${r.status.saysWhy === false ? ' — the local message does not say so yet' : ''}` : r.mustRefuse ? `must not run here: ${r.mustRefuse}` : '',
        )} |`,
    ),
  ].join('\n');

  const statusMd = `# The public Glue scripts, locally

Generated by \`scripts/glue-corpus-report.ts\` from \`corpus.json\` and \`status.json\` (kept by
\`test/runner/public-scripts.test.ts\`). ${summary} ${glueFails.length} of the scripts fail on Glue itself (their
authors' bugs); they count as correctly refused only when the message says why.

One adaptation of the harness, not of the scripts nor the DDL files: a table the DDL makes without a \`classification\`
table property gets the one its SerDe implies (json, parquet, csv for delimited text). Athena's CREATE EXTERNAL TABLE
adds none and Glue's ETL jobs fail without it (Athena User Guide, CREATE TABLE), so the local runner refuses a
from_catalog read of such a table; these pipelines ran on Glue, so their tables had one — made in the Glue console or
by a crawler (both write it), or given it there after the DDL ran — which the committed DDL does not say.

## What stops the others, most common first

${blockerTable}

## Constructs

${constructTable}

## Every script

${perScript}
`;

  const readmeBlock = `${BEGIN}
${summary} Per construct (how many of the scripts using it run; a script runs when every construct it uses does):

${constructTable}

What stops the rest, and every script's state: [test/fixtures/glue-public/STATUS.md](../test/fixtures/glue-public/STATUS.md).
${END}`;

  const readme = await fs.readFile(README, 'utf8');
  const at = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (at < 0 || end < at) throw new Error(`${path.relative(process.cwd(), README)} has no ${BEGIN} … ${END} block`);
  const newReadme = readme.slice(0, at) + readmeBlock + readme.slice(end + END.length);
  const oldStatus = await fs.readFile(STATUS_MD, 'utf8').catch(() => '');
  if (check) {
    const stale = [newReadme !== readme ? path.relative(process.cwd(), README) : '', statusMd !== oldStatus ? path.relative(process.cwd(), STATUS_MD) : ''].filter(Boolean);
    if (stale.length > 0) {
      process.stderr.write(`out of date: ${stale.join(', ')} (node --import tsx scripts/glue-corpus-report.ts)\n`);
      process.exitCode = 1;
    }
    return;
  }
  await fs.writeFile(STATUS_MD, statusMd);
  await fs.writeFile(README, newReadme);
  process.stderr.write(`${summary}\nwrote ${path.relative(process.cwd(), STATUS_MD)} and the README block\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
