/**
 * The vocabulary as documentation: the README's "what runs" tables are generated from the rows of the vocabulary
 * tables (scripts/vocabulary-table.ts writes them; test/jobs/vocabulary.test.ts checks the README holds exactly
 * them), so the docs cannot drift from the code.
 */
import { FUNCTION_ALIASES, FUNCTIONS } from './functions';
import { vocabulary } from './modules';
import type { CallSpec } from './registry';

export interface VocabularyRow {
  /** e.g. `Filter.apply`, `DynamicFrame.rename_field`, `DataFrame.withColumn` */
  call: string;
  /** the parameters as data (`frame!, paths!, …`) */
  params: string;
  /** what it becomes, or undefined when refused */
  becomes?: string;
  refused?: { why: string; instead: string };
  doc?: string;
}

const GROUPS: [string, RegExp][] = [
  ['Sources, sinks and GlueContext', /^(GlueContext\.|DataSink\.|getResolvedOptions)/],
  ['Glue transforms (awsglue.transforms, awsgluedq, awsglueml)', /^[A-Z]\w*\.(apply|process_rows)$/],
  ['DynamicFrame and DynamicFrameCollection methods', /^(DynamicFrame\.(?!gs_)|DynamicFrameCollection)/],
  ['Glue Studio visual transforms (gs_*)', /^DynamicFrame\.gs_/],
  ['DataFrame', /^(DataFrame\.|DataFrameNaFunctions\.)/],
  ['GroupedData, Column, Window', /^(GroupedData\.|Column\.|Window\.|WindowSpec\.)/],
  ['Spark session and the rest', /./],
];

export function vocabularyRows(): VocabularyRow[] {
  return Object.entries(vocabulary())
    .filter(([call]) => !call.startsWith('__'))
    .map(([call, spec]: [string, CallSpec]) =>
      'refuse' in spec
        ? { call, params: spec.sig ?? '', refused: { why: spec.refuse, instead: spec.instead }, ...(spec.doc ? { doc: spec.doc } : {}) }
        : { call, params: spec.sig, becomes: spec.becomes, ...(spec.doc ? { doc: spec.doc } : {}) },
    )
    .sort((a, b) => (a.call < b.call ? -1 : 1));
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const params = (p: string) =>
  p
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '' && !x.endsWith('~') && x !== '**-')
    .map((x) => (x.startsWith('*') ? x.replace(/\*/g, '\\*') : x.endsWith('!') ? `**${x.slice(0, -1)}**` : x))
    .join(', ');

/** The README's tables: the calls that run (by group), the calls refused, the functions. */
export function vocabularyMarkdown(): string {
  const rows = vocabularyRows();
  const out: string[] = [];
  const placed = new Set<string>();
  out.push('| call | parameters (**required**) | becomes |', '| --- | --- | --- |');
  for (const [title, re] of GROUPS) {
    const group = rows.filter((r) => r.becomes !== undefined && !placed.has(r.call) && re.test(r.call));
    if (group.length === 0) continue;
    out.push(`| *${title}* | | |`);
    for (const r of group) {
      placed.add(r.call);
      out.push(`| \`${cell(r.call)}\` | ${cell(params(r.params))} | ${cell(r.becomes!)} |`);
    }
  }
  out.push('', 'Refused by name, before anything runs:', '', '| call | why | write instead |', '| --- | --- | --- |');
  for (const r of rows.filter((x) => x.refused !== undefined)) out.push(`| \`${cell(r.call)}\` | ${cell(r.refused!.why)} | ${cell(r.refused!.instead)} |`);
  const fns = Object.entries(FUNCTIONS);
  const conventions = fns.filter(([, f]) => !('refuse' in f)).map(([n]) => n);
  const aliases = Object.keys(FUNCTION_ALIASES);
  const refused = fns.filter(([, f]) => 'refuse' in f).map(([n]) => n);
  out.push(
    '',
    `\`pyspark.sql.functions\`: \`col\`, \`column\`, \`lit\`, \`expr\`, \`when\`/\`otherwise\`, \`broadcast\`, \`asc\`, \`desc\`, and every other function is the Spark SQL function of its name, translated by the SQL Query node's translation (the same semantics, result types, column names and refusals; docs/conformance-spark.md). PySpark's argument conventions are kept — a string is a field name except where PySpark passes a value — for ${conventions.map((n) => `\`${n}\``).join(', ')} (and ${aliases.map((n) => `\`${n}\``).join(', ')}); any other function takes Columns and field names only (a number there: write \`F.lit(n)\`). Refused by name: ${refused.map((n) => `\`${n}\``).join(', ')}.`,
  );
  return out.join('\n');
}
