/**
 * Reads a Glue script into a job plan by following its Python syntax tree (tree-sitter) without running it
 * (interpreter.ts): the Glue Studio vocabulary, the DataFrame API and pyspark.sql.functions around it, and Python
 * record functions translated to expressions. What cannot be translated faithfully is refused before anything runs,
 * naming the construct, its line and column, and what to write instead.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError, positionAt } from '../errors';
import { Interpreter } from './interpreter';
import type { JobPlan } from './plan';
import type { KnownField } from './planBuilder';
import { getPythonParser } from './python';

export interface ReadScriptOptions {
  /**
   * Job arguments (`--name` → value, as in Glue's DefaultArguments) that resolve `args["name"]` when the script
   * lists `name` in getResolvedOptions. Without them, `args[…]` can only be passed along (job.init, print).
   */
  arguments?: Record<string, string>;
  /** the fields of frames a run learnt for a script that computes with them (plan.ts FieldsPending) */
  fields?: Record<string, KnownField[]>;
}

/**
 * Plans already read, by file, text and arguments: a pipeline run reads every script for its graph and again as each
 * job starts, and the extension re-reads on every change of an editor. A plan depends on nothing else.
 */
const planCache = new Map<string, JobPlan>();
const PLAN_CACHE_SIZE = 64;

/** Forgets the plans read so far (a benchmark's cold run reads every script again). */
export function clearPlanCache(): void {
  planCache.clear();
}

/** Reads a script (after `${variable}` expansion) into a plan; throws LakehouseError with file:line:column. */
export async function readGlueScript(text: string, file: string, options: ReadScriptOptions = {}): Promise<JobPlan> {
  const args = options.arguments ?? {};
  const key = JSON.stringify([file, text, Object.keys(args).sort().map((k) => [k, args[k]]), ...(options.fields !== undefined ? [options.fields] : [])]);
  const known = planCache.get(key);
  // a copy: callers own what they are given
  if (known) return structuredClone(known);
  // read by an earlier process with the same code (the local target's data folder keeps them): no parser to load
  const stored = await persistentPlans?.get(key).catch(() => undefined);
  if (stored) {
    remember(key, stored);
    return stored;
  }
  const parser = await getPythonParser();
  const tree = parser.parse(text);
  if (tree === null) throw new LakehouseError('ScriptSyntax', `${file}: the Python parser returned no tree`, { file });
  let plan: JobPlan;
  try {
    checkSyntax(tree.rootNode, text, file);
    checkIndentation(tree.rootNode, text, file);
    plan = new Interpreter(text, file, options).run(tree.rootNode);
  } finally {
    tree.delete();
  }
  remember(key, plan);
  persistentPlans?.set(key, plan);
  return plan;
}

function remember(key: string, plan: JobPlan): void {
  if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value!);
  planCache.set(key, structuredClone(plan));
}

/**
 * Plans kept beyond the process, by the same key: a store that knows which build of the reader made them (a plan
 * read by other code is not served). The local target sets its data folder's (planStore.ts) while it is open.
 */
export interface PersistentPlans {
  get(key: string): Promise<JobPlan | undefined>;
  set(key: string, plan: JobPlan): void;
}

let persistentPlans: PersistentPlans | undefined;

/** Sets (or, with undefined, removes) the store of plans that outlives the process. */
export function usePersistentPlans(store: PersistentPlans | undefined): void {
  persistentPlans = store;
}

/** The store in use, if any. */
export function persistentPlanStore(): PersistentPlans | undefined {
  return persistentPlans;
}

function where(text: string, file: string, n: SyntaxNode): { file: string; line: number; column: number } {
  const { line, column } = positionAt(text, n.startIndex);
  return { file, line, column };
}

function checkSyntax(root: SyntaxNode, text: string, file: string): void {
  if (!root.hasError) return;
  const bad = firstError(root);
  if (bad === undefined) return;
  const w = where(text, file, bad);
  const near = bad.text.split('\n')[0]!.slice(0, 40);
  const what = bad.isMissing ? `missing ${JSON.stringify(bad.type)}` : near.trim() === '' ? 'invalid syntax' : `invalid syntax near ${JSON.stringify(near)}`;
  throw new LakehouseError('ScriptSyntax', `${w.file}:${w.line}:${w.column}: Python syntax error: ${what}`, w);
}

/**
 * tree-sitter accepts statements indented differently from their block (Python's IndentationError): module
 * statements must start in column 1, and a block's statements in the column of its first one.
 */
function checkIndentation(block: SyntaxNode, text: string, file: string, column = 0): void {
  let previous: SyntaxNode | undefined;
  /** the indentation of the block the previous statement opened, if any */
  let innerIndent: number | undefined;
  /** a `;` came after the previous statement */
  let semicolon = false;
  for (const stmt of block.children) {
    if (!stmt.isNamed) {
      if (stmt.type === ';') semicolon = true;
      continue;
    }
    if (stmt.type === 'comment') continue;
    const sameLine = previous !== undefined && previous.endPosition.row === stmt.startPosition.row; // `a = 1; b = 2`
    // tree-sitter also reads `a = f()b = 2` as two statements; Python ends a simple statement only at a NEWLINE or a
    // `;` (https://docs.python.org/3/reference/simple_stmts.html): a SyntaxError before the job starts
    if (sameLine && !semicolon) {
      const w = where(text, file, stmt);
      throw new LakehouseError('ScriptSyntax', `${w.file}:${w.line}:${w.column}: Python syntax error: invalid syntax`, w);
    }
    semicolon = false;
    const at = stmt.startPosition.column;
    if (!sameLine && at !== column) {
      const w = where(text, file, stmt);
      const what = at < column || (innerIndent !== undefined && at < innerIndent) ? 'unindent does not match any outer indentation level' : 'unexpected indent';
      throw new LakehouseError('ScriptSyntax', `${w.file}:${w.line}:${w.column}: Python syntax error: ${what}`, w);
    }
    previous = stmt;
    innerIndent = undefined;
    const blocks: SyntaxNode[] = [];
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    for (const field of ['body', 'consequence', 'alternative']) {
      const inner = def?.childForFieldName(field);
      if (inner?.type === 'block') blocks.push(inner);
    }
    // elif / else / except / finally clauses hold their own blocks
    for (const c of stmt.namedChildren) if (['elif_clause', 'else_clause', 'except_clause', 'finally_clause'].includes(c.type)) for (const b of c.namedChildren) if (b.type === 'block') blocks.push(b);
    for (const inner of blocks) {
      const first = inner.namedChildren.find((c) => !isExtra(c));
      if (first !== undefined && first.startPosition.row !== stmt.startPosition.row && first.startPosition.row !== inner.parent!.startPosition.row) {
        innerIndent = first.startPosition.column;
        checkIndentation(inner, text, file, innerIndent);
      }
    }
  }
}

/** The first ERROR or MISSING node in document order. */
function firstError(n: SyntaxNode): SyntaxNode | undefined {
  if (n.isError || n.isMissing) return n;
  for (const c of n.children) {
    if (c.hasError || c.isMissing || c.isError) {
      const e = firstError(c);
      if (e !== undefined) return e;
    }
  }
  return undefined;
}

/**
 * A script read as far as it can be: the whole plan, or — when the script cannot be read — the plan of the statements
 * before the one that stopped the reader (none for a syntax error) and the error (a LakehouseError with file, line
 * and column). For editors, which show the part that reads while the script is being written.
 */
export interface ScriptReading {
  plan: JobPlan;
  /** why the reader stopped; absent when `plan` is the whole script's */
  error?: LakehouseError;
}

export async function readGlueScriptPartly(text: string, file: string, options: ReadScriptOptions = {}): Promise<ScriptReading> {
  try {
    return { plan: await readGlueScript(text, file, options) };
  } catch (e) {
    if (!(e instanceof LakehouseError)) throw e;
    const empty: JobPlan = { file, nodes: [], sinks: [], purges: [], logs: [], dataQuality: [], assertions: [] };
    if (e.code === 'ScriptSyntax') return { plan: empty, error: e };
    // read again, keeping the interpreter to ask what it had read when it stopped
    const parser = await getPythonParser();
    const tree = parser.parse(text);
    if (tree === null) return { plan: empty, error: e };
    const interpreter = new Interpreter(text, file, options);
    try {
      interpreter.run(tree.rootNode);
      return { plan: empty, error: e };
    } catch {
      return { plan: interpreter.partialPlan(), error: e };
    } finally {
      tree.delete();
    }
  }
}
