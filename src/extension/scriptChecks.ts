// The plain part of the Glue script diagnostics (no `vscode` here, tested under test/extension-plain): what a
// script's output does that its author should know before it runs — a sink a re-run duplicates (with the purge to
// insert before it), a table another job writes too, a purge no target runs, a Data Catalog table the job reads or
// writes that has no `classification` (Glue fails on it; the local run refuses it), a database or table the catalog
// does not have (scriptCatalogRefs.ts) — as findings at script lines, and the edit of the quick fix.
import type { CatalogTable } from '../core/model';
import { duplicatingSinks, planPurgeRefusals, scriptPurgeRefusals, unexpandVariables } from '../core/jobs/outputChecks';
import { sharedOutputs } from '../core/jobs/pipeline';
import { unclassifiedTables } from '../core/jobs/catalogClassification';
import type { JobPlan } from '../core/jobs/plan';
import { readGlueScript } from '../core/jobs/script';
import { sharedOutputMessage } from '../core/actions/pipeline';
import { expandVariables, jobDefinition, manifestVariables, type Manifest } from '../core/project/manifest';
import { createdTables, unknownCatalogNames, type KnownCatalog } from './scriptCatalogRefs';

export type ScriptFindingCode = 'rerun-duplicates' | 'shared-output' | 'purge-refused' | 'no-classification' | 'unknown-catalog-name';

export interface ScriptFinding {
  code: ScriptFindingCode;
  severity: 'warning' | 'error';
  /** 1-based line of the sink (or purge) statement */
  line: number;
  /** 0-based columns on `line` of what the finding is about (a string naming a table); the whole line without them */
  start?: number;
  end?: number;
  message: string;
  /** the statement a quick fix inserts before the line, as the raw script would write it (`${bucket}` kept) */
  insert?: string;
}

/** The other jobs of the project, read into plans (for tables two jobs write). */
export interface OtherJob {
  name: string;
  plan: JobPlan;
}

/**
 * The findings of a script's text as it is in the editor (`rawText`, before `${variable}` expansion). `scriptPath`
 * is relative to the project root; `others`: the project's other jobs; `tables`: the catalog, when at hand (a
 * from_catalog sink's location, the table a path belongs to); `order`: the pipeline's order of the jobs; `catalog`:
 * the catalog's databases and tables when it is known (the names the script uses are checked against it).
 */
export async function scriptFindings(
  rawText: string,
  scriptPath: string,
  manifest: Manifest,
  context: { others?: OtherJob[]; tables?: CatalogTable[]; order?: string[]; catalog?: KnownCatalog } = {},
): Promise<ScriptFinding[]> {
  const vars = manifestVariables(manifest);
  let text: string;
  try {
    text = expandVariables(rawText, vars, scriptPath);
  } catch {
    return []; // an unknown ${variable}: the run says so, with its position
  }
  const def = jobDefinition(manifest, scriptPath);
  let plan: JobPlan;
  try {
    plan = await readGlueScript(text, scriptPath, { arguments: def.defaultArguments ?? {} });
  } catch {
    // a script the local runner does not read may still run on AWS: its purges are checked all the same
    const { refused } = await scriptPurgeRefusals(text, manifest).catch(() => ({ refused: [] }));
    return refused.map((r) => ({ code: 'purge-refused' as const, severity: 'error' as const, line: r.line, message: r.message }));
  }
  const tables = context.tables ?? [];
  const out: ScriptFinding[] = planPurgeRefusals(plan, manifest).map((r) => ({ code: 'purge-refused', severity: 'error', line: r.line, message: r.message }));
  for (const d of duplicatingSinks(plan, tables))
    out.push({
      code: 'rerun-duplicates',
      severity: 'warning',
      line: d.line,
      message: d.message,
      ...(d.path !== undefined ? { insert: `glueContext.purge_s3_path("${unexpandVariables(d.path, rawText, vars)}", {"retentionPeriod": 0})` } : {}),
    });
  // the run refuses these before anything runs (jobRunner.ts resolveSourceTables): said as the script is typed
  const byName = new Map(tables.map((t) => [`${t.database}.${t.name}`.toLowerCase(), t]));
  for (const u of unclassifiedTables(plan, (db, name) => byName.get(`${db}.${name}`))) out.push({ code: 'no-classification', severity: 'error', line: u.line, message: u.message });
  const others = (context.others ?? []).filter((o) => o.name !== def.name);
  if (context.catalog !== undefined) {
    const expand = (str: string): string | undefined => {
      try {
        return expandVariables(str, vars, scriptPath);
      } catch {
        return undefined;
      }
    };
    for (const u of unknownCatalogNames(rawText, plan, context.catalog, createdTables([plan, ...others.map((o) => o.plan)]), expand))
      out.push({ code: 'unknown-catalog-name', severity: 'warning', line: u.line, ...(u.start !== undefined ? { start: u.start, end: u.end! } : {}), message: u.message });
  }
  if (others.length > 0) {
    const jobs = [{ name: def.name, plan }, ...others];
    for (const s of sharedOutputs(jobs, tables, context.order ?? jobs.map((j) => j.name).sort()))
      if (s.later.job === def.name) out.push({ code: 'shared-output', severity: 'warning', line: s.later.line, message: sharedOutputMessage(s) });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * The quick fix's edit: `finding.insert` on a line of its own before the finding's line, indented as that line is.
 * Returns the 0-based line to insert at and the text (ending with a line break).
 */
export function purgeInsertion(rawText: string, finding: ScriptFinding): { line: number; text: string } | undefined {
  if (finding.insert === undefined) return undefined;
  const lines = rawText.split(/\r?\n/);
  const at = lines[finding.line - 1];
  if (at === undefined) return undefined;
  const indent = /^[ \t]*/.exec(at)![0];
  const eol = rawText.includes('\r\n') ? '\r\n' : '\n';
  return { line: finding.line - 1, text: `${indent}${finding.insert}${eol}` };
}
