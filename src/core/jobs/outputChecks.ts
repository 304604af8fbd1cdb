/**
 * What a job's output does to the lake, checked before anything runs — on the local target, in what the AWS target
 * deploys and runs, and in the editor:
 *
 * - **Purges refused everywhere**: `purge_s3_path` of a bucket's root, of (or into, or around) a landing zone of
 *   lakehouse.json's datasets, or of the folder the scripts deploy to (`glue.scriptsPrefix`). Glue would delete
 *   what cannot be rebuilt from the project. Checked on the plan when the script runs locally, and on any script's
 *   text (found by the Python parser, tolerantly: a script AWS runs need not run here) before a deploy or a run.
 * - **Sinks that duplicate rows on a re-run**: Glue's sinks add files to their path, so a re-run adds the same rows
 *   again unless the script purges the path before the sink writes (with `retentionPeriod` 0). A warning, with the
 *   purge to insert.
 * - **Tables written by two jobs** (pipeline.ts's `sharedOutputs`): both add to it; the one that runs later is named.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError } from '../errors';
import type { CatalogTable } from '../model';
import { zoneOfKey, type Manifest } from '../project/manifest';
import type { JobPlan, PlanPurge, PlanSink } from './plan';
import { normalizeS3Path } from './pipeline';
import { getPythonParser } from './python';

/** A `purge_s3_path` call as found in a script's text. */
export interface PurgeCall {
  line: number;
  column: number;
  /** the path, when the script gives it as a string literal (or a module-level constant holding one) */
  path?: string;
}

/** A purge refused on every target. */
export interface PurgeRefusal {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** `s3://bucket/prefix` (as given) → bucket and key prefix; undefined when it is not an `s3://` path. */
function splitS3(p: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3[an]?:\/\/([^/]+)(?:\/(.*))?$/s.exec(p);
  return m ? { bucket: m[1]!, prefix: m[2] ?? '' } : undefined;
}

/** Key prefixes overlap when one starts with the other (S3 prefixes: `customer/` holds `customer/landing/`). */
function overlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * Why a purge of `path` is refused, or undefined: the bucket's root, a landing zone (or a prefix holding one, or one
 * inside one) of the project's datasets, the folder its scripts deploy to. `path` is taken as given (an S3 prefix).
 */
export function purgeProblem(path: string, manifest: Manifest): string | undefined {
  const p = splitS3(path);
  if (!p) return undefined; // (not an s3:// path: the script reader refuses it)
  const what = `purge_s3_path("${path}")`;
  if (p.prefix === '' || /^\/*$/.test(p.prefix)) return `${what} would delete every object of bucket ${p.bucket}: a purge of a bucket's root is refused on every target — purge the prefix the job writes`;
  if (p.bucket !== manifest.bucket) return undefined;
  const landingProblem = (dataset: string, landing: string, whole: boolean) =>
    `${what} would delete ${whole ? 'the whole of' : 'objects of'} the landing zone of dataset ${dataset} (s3://${p.bucket}/${landing}), which lakehouse.json declares and no job can rebuild: refused on every target — purge the zone the job writes`;
  // a purge holding a landing zone deletes it whole
  for (const [dataset, zones] of Object.entries(manifest.datasets))
    if (zones.landing !== undefined && zones.landing.startsWith(p.prefix)) return landingProblem(dataset, zones.landing, true);
  // a purge inside a landing zone deletes its objects — unless it lies in a zone nested there (trusted at
  // `<landing>/trusted/`), which owns the keys under its prefix
  const owner = zoneOfKey(manifest, p.prefix);
  if (owner?.zone === 'landing') return landingProblem(owner.dataset, manifest.datasets[owner.dataset]!.landing!, false);
  const scripts = manifest.glue.scriptsPrefix.replace(/^\/+/, '');
  const scriptsPrefix = scripts === '' || scripts.endsWith('/') ? scripts : `${scripts}/`;
  if (scriptsPrefix !== '' && overlap(p.prefix, scriptsPrefix))
    return `${what} would delete the job scripts deployed to s3://${p.bucket}/${scriptsPrefix} (glue.scriptsPrefix): refused on every target — purge the zone the job writes`;
  return undefined;
}

/** The purges of a plan refused on every target. */
export function planPurgeRefusals(plan: JobPlan, manifest: Manifest): PurgeRefusal[] {
  return plan.purges.flatMap((p) => {
    const message = purgeProblem(p.path, manifest);
    return message ? [{ line: p.line, column: 1, path: p.path, message }] : [];
  });
}

/** Throws the first refused purge of a plan, as `file:line: message`. */
export function refuseDangerousPurges(plan: JobPlan, manifest: Manifest): void {
  const [r] = planPurgeRefusals(plan, manifest);
  if (r) throw new LakehouseError('ScriptUnsupported', `${plan.file}:${r.line}: ${r.message}`, { file: plan.file, line: r.line, object: r.path });
}

/**
 * The `purge_s3_path` calls of a script's text (after `${variable}` expansion), found by the Python parser without
 * reading the rest of the script: a script that runs on AWS need not run locally. A path given as a string literal,
 * or as a name assigned one at module level, is read; any other is left undefined.
 */
export async function findPurgeCalls(text: string): Promise<PurgeCall[]> {
  const parser = await getPythonParser();
  const tree = parser.parse(text);
  if (tree === null) return [];
  try {
    const constants = new Map<string, string | undefined>();
    const out: PurgeCall[] = [];
    const literal = (n: SyntaxNode | null | undefined): string | undefined => {
      if (!n) return undefined;
      if (n.type === 'parenthesized_expression') return literal(n.namedChildren[0]);
      if (n.type === 'identifier') return constants.get(n.text);
      if (n.type !== 'string' || n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
      const content = n.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence');
      if (n.namedChildren.some((c) => c?.type === 'escape_sequence')) return undefined;
      return content.map((c) => c!.text).join('');
    };
    const walk = (n: SyntaxNode): void => {
      if (n.type === 'expression_statement' && n.parent?.type === 'module') {
        const a = n.namedChildren[0];
        if (a?.type === 'assignment' && a.childForFieldName('left')?.type === 'identifier') {
          const name = a.childForFieldName('left')!.text;
          // a name assigned twice is not a constant
          constants.set(name, constants.has(name) ? undefined : literal(a.childForFieldName('right')));
        }
      }
      if (n.type === 'call') {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'purge_s3_path') {
          const args = n.childForFieldName('arguments')?.namedChildren ?? [];
          const kw = args.find((x) => x?.type === 'keyword_argument' && x.childForFieldName('name')?.text === 's3_path');
          const first = kw ? kw.childForFieldName('value') : args.find((x) => x?.type !== 'keyword_argument' && !isExtra(x));
          const path = literal(first);
          out.push({ line: n.startPosition.row + 1, column: n.startPosition.column + 1, ...(path !== undefined ? { path } : {}) });
        }
      }
      for (const c of n.namedChildren) if (c) walk(c);
    };
    walk(tree.rootNode);
    return out;
  } finally {
    tree.delete();
  }
}

/**
 * The refused purges of a script's text (see {@link findPurgeCalls}); a purge whose path is not a literal cannot be
 * checked and is reported in `unchecked`.
 */
export async function scriptPurgeRefusals(text: string, manifest: Manifest): Promise<{ refused: PurgeRefusal[]; unchecked: PurgeCall[] }> {
  const calls = await findPurgeCalls(text);
  const refused: PurgeRefusal[] = [];
  const unchecked: PurgeCall[] = [];
  for (const c of calls) {
    if (c.path === undefined) {
      unchecked.push(c);
      continue;
    }
    const message = purgeProblem(c.path, manifest);
    if (message) refused.push({ line: c.line, column: c.column, path: c.path, message });
  }
  return { refused, unchecked };
}

// ---------------------------------------------------------------- sinks a re-run duplicates

/** A sink whose re-run adds its rows again. */
export interface DuplicatingSink {
  /** the sink's statement line (getSink: its assignment), where the purge goes before */
  line: number;
  /** index in plan.sinks */
  index: number;
  /** `s3://bucket/prefix/` the sink writes, when known (a from_catalog sink's is its table's location) */
  path?: string;
  /** `db.table` of a catalog sink */
  table?: string;
  /** why: no purge of the path before it, or the purge before it keeps recent files */
  reason: string;
  /** the statement to insert before the sink, when the path is known */
  fix?: string;
  /** the warning, without file and line */
  message: string;
}

/** How many sinks the script writes before it calls this purge (the purge comes between those and the next). */
export function purgeIndex(plan: JobPlan, p: PlanPurge): number {
  return p.afterSinks ?? plan.sinks.filter((x) => x.line < p.line).length;
}

/** The location a sink writes: its path, or its catalog table's location. */
export function sinkLocation(sink: PlanSink, tables: readonly CatalogTable[] = []): { path?: string; table?: string } {
  if (sink.kind === 's3') return { path: normalizeS3Path(sink.path), ...(sink.catalog ? { table: `${sink.catalog.database}.${sink.catalog.table}`.toLowerCase() } : {}) };
  const table = `${sink.database}.${sink.table}`.toLowerCase();
  const t = tables.find((x) => `${x.database}.${x.name}`.toLowerCase() === table);
  return { table, ...(t && t.storage.location !== '' ? { path: normalizeS3Path(t.storage.location) } : {}) };
}

/**
 * The sinks of a plan that a re-run makes write their rows again beside the earlier ones: every sink of the
 * DynamicFrame writers adds files (write_dynamic_frame.from_options / from_catalog, getSink().writeFrame), so any
 * such sink without a `purge_s3_path` of a path holding its own, called before it with `retentionPeriod` 0 (or
 * less) and no exclusion of the STANDARD storage class. `tables`: the catalog, for from_catalog sinks' locations.
 */
export function duplicatingSinks(plan: JobPlan, tables: readonly CatalogTable[] = []): DuplicatingSink[] {
  const out: DuplicatingSink[] = [];
  plan.sinks.forEach((sink, index) => {
    // df.write's modes "error" and "ignore": a re-run fails, or writes nothing, where the first run wrote
    if (sink.kind === 's3' && sink.ifPathExists !== undefined) return;
    const { path, table } = sinkLocation(sink, tables);
    const before = plan.purges.filter((p) => purgeIndex(plan, p) <= index && path !== undefined && path.startsWith(p.path));
    if (before.some((p) => p.retentionHours <= 0 && !(p.excludeStorageClasses ?? []).includes('STANDARD'))) return;
    const keeping = before.find((p) => p.retentionHours > 0);
    const where = path ?? (table !== undefined ? `table ${table}` : 'its path');
    const reason = keeping
      ? `the purge at line ${keeping.line} keeps the files written in the last ${keeping.retentionHours} hour(s) (retentionPeriod)`
      : before.length > 0
        ? `the purge at line ${before[0]!.line} keeps objects of the STANDARD storage class (excludeStorageClasses)`
        : `no purge_s3_path of ${where} comes before it`;
    const fix = path !== undefined ? `glueContext.purge_s3_path("${path}", {"retentionPeriod": 0})` : undefined;
    out.push({
      line: sink.line,
      index,
      ...(path !== undefined ? { path } : {}),
      ...(table !== undefined ? { table } : {}),
      reason,
      ...(fix !== undefined ? { fix } : {}),
      message:
        `the sink writing ${where}${table !== undefined && path !== undefined ? ` (${table})` : ''} adds its files beside those already there, as Glue's sinks do, and ${reason}: ` +
        `a re-run adds the same rows again${fix !== undefined ? ` — to replace them instead, put ${fix} before it` : ''}`,
    });
  });
  return out;
}

/**
 * Puts `${name}` back into a path's segments for the variables a raw script text uses: the fix for a script that
 * writes `s3://${bucket}/…` says `${bucket}` too. Only whole segments (`/`-separated) are put back.
 */
export function unexpandVariables(value: string, rawText: string, variables: Record<string, string>): string {
  const used = Object.entries(variables).filter(([name, v]) => v !== '' && rawText.includes(`\${${name}}`));
  return value
    .split('/')
    .map((seg) => used.find(([, v]) => v === seg)?.[0] ?? undefined)
    .map((name, i) => (name !== undefined ? `\${${name}}` : value.split('/')[i]!))
    .join('/');
}
