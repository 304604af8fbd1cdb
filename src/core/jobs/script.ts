/**
 * Reads a Glue Studio PySpark script into a job plan by walking its Python syntax tree (tree-sitter), without
 * running it. The vocabulary is what AWS Glue Studio generates for visual jobs (catalog and S3 sources, SQL Query
 * nodes, the common transforms, S3 and catalog sinks, purge_s3_path, the data-quality boilerplate). Anything else
 * that has effects — Python predicates and functions, UDFs, Spark DataFrame code, loops, unknown calls — is refused
 * before anything runs, with the line and column of the construct.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError, positionAt } from '../errors';
import type { JobPlan, PlanFormat, PlanNode, PlanPurge, PlanSink } from './plan';
import { getPythonParser } from './python';

export interface ReadScriptOptions {
  /**
   * Job arguments (`--name` → value, as in Glue's DefaultArguments) that resolve `args["name"]` when the script
   * lists `name` in getResolvedOptions. Without them, `args[…]` can only be passed to `job.init`.
   */
  arguments?: Record<string, string>;
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
  const key = JSON.stringify([file, text, Object.keys(args).sort().map((k) => [k, args[k]])]);
  const known = planCache.get(key);
  // a copy: callers own what they are given
  if (known) return structuredClone(known);
  const parser = await getPythonParser();
  const tree = parser.parse(text);
  if (tree === null) throw new LakehouseError('ScriptSyntax', `${file}: the Python parser returned no tree`, { file });
  let plan: JobPlan;
  try {
    plan = new ScriptReader(text, file, options).read(tree.rootNode);
  } finally {
    tree.delete();
  }
  if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value!);
  planCache.set(key, structuredClone(plan));
  return plan;
}

// ---------------------------------------------------------------- variables

type Var =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'const'; value: unknown }
  | { kind: 'frame'; id: string }
  | { kind: 'args'; names: string[] }
  | { kind: 'glueContext' | 'sparkContext' | 'spark' | 'job' | 'logger' | 'dataQuality' | 'written' | 'none' }
  | { kind: 'sink'; sink: PendingSink };

interface PendingSink {
  variable: string;
  line: number;
  name?: string;
  path: string;
  partitionKeys: string[];
  enableUpdateCatalog: boolean;
  updateBehavior?: string;
  format?: PlanFormat;
  compression?: string;
  formatOptions: Record<string, unknown>;
  catalog?: { database: string; table: string };
  written: boolean;
}

const VAR_DESCRIPTION: Record<Var['kind'], string> = {
  string: 'a string',
  const: 'a constant',
  frame: 'a DynamicFrame',
  args: 'the job arguments',
  glueContext: 'the GlueContext',
  sparkContext: 'the SparkContext',
  spark: 'the Spark session',
  job: 'the Job',
  logger: 'a logger',
  dataQuality: 'a data-quality result',
  written: 'the result of a sink',
  none: 'None',
  sink: 'a sink',
};

/** A call's arguments by parameter name. */
type Args = Map<string, SyntaxNode>;

interface Signature {
  /** parameter names in positional order */
  positional: string[];
  /** further keyword-only parameters */
  keywords?: string[];
  /** parameters accepted and ignored (no effect on the data) */
  ignored?: string[];
  required?: string[];
}

const SQL_HELPER = 'sparkSqlQuery';
const SQL_HELPER_PARAMS = ['glueContext', 'query', 'mapping', 'transformation_ctx'];
const NODE_COMMENT = /^#\s*Script generated for node\s+(.*?)\s*$/;
const SUPPORTED_TRANSFORMS = ['DropFields', 'SelectFields', 'ApplyMapping', 'Join', 'DropNullFields'];
const SQL_HINT = 'use an SQL Query node instead';

const kids = (n: SyntaxNode): SyntaxNode[] => n.namedChildren.filter((c) => c.type !== 'comment');
const lineOf = (n: SyntaxNode): number => n.startPosition.row + 1;

class ScriptReader {
  private readonly vars = new Map<string, Var>();
  private readonly nodes: PlanNode[] = [];
  private readonly sinks: PlanSink[] = [];
  private readonly purges: PlanPurge[] = [];
  private readonly nodeIds = new Set<string>();
  private readonly pendingSinks: PendingSink[] = [];
  private helperDefined = false;
  /** the name from the last `# Script generated for node …` comment not yet given to a node or sink */
  private pendingName: string | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly options: ReadScriptOptions,
  ) {}

  read(root: SyntaxNode): JobPlan {
    this.checkSyntax(root);
    this.checkIndentation(root);
    for (const stmt of root.namedChildren) this.statement(stmt);
    if (this.sinks.length === 0) {
      const unwritten = this.pendingSinks.find((s) => !s.written);
      throw new LakehouseError(
        'InvalidInput',
        unwritten !== undefined
          ? `${this.file}:${unwritten.line}: the sink ${unwritten.variable} is never written: call ${unwritten.variable}.writeFrame(<frame>)`
          : `${this.file}: the script has no sink: write a frame with glueContext.write_dynamic_frame.from_options(…), write_dynamic_frame.from_catalog(…) or getSink(…).writeFrame(…)`,
        { file: this.file, ...(unwritten !== undefined ? { line: unwritten.line } : {}) },
      );
    }
    return { file: this.file, nodes: this.nodes, sinks: this.sinks, purges: this.purges };
  }

  // ---------------------------------------------------------------- errors

  private where(n: SyntaxNode): { file: string; line: number; column: number } {
    const { line, column } = positionAt(this.text, n.startIndex);
    return { file: this.file, line, column };
  }

  /** `<file>:<line>:<col>: <construct> cannot run on the local engine: <why>; <hint>` */
  private unsupported(n: SyntaxNode, construct: string, why: string, hint = SQL_HINT): LakehouseError {
    const w = this.where(n);
    return new LakehouseError('ScriptUnsupported', `${w.file}:${w.line}:${w.column}: ${construct} cannot run on the local engine: ${why}; ${hint}`, w);
  }

  private invalid(n: SyntaxNode, message: string): LakehouseError {
    const w = this.where(n);
    return new LakehouseError('InvalidInput', `${w.file}:${w.line}:${w.column}: ${message}`, w);
  }

  private checkSyntax(root: SyntaxNode): void {
    if (!root.hasError) return;
    const bad = firstError(root);
    if (bad === undefined) return;
    const w = this.where(bad);
    const near = bad.text.split('\n')[0]!.slice(0, 40);
    const what = bad.isMissing ? `missing ${JSON.stringify(bad.type)}` : near.trim() === '' ? 'invalid syntax' : `invalid syntax near ${JSON.stringify(near)}`;
    throw new LakehouseError('ScriptSyntax', `${w.file}:${w.line}:${w.column}: Python syntax error: ${what}`, w);
  }

  /**
   * tree-sitter accepts statements indented differently from their block (Python's IndentationError): module
   * statements must start in column 1, and a block's statements in the column of its first one.
   */
  private checkIndentation(block: SyntaxNode, column = 0): void {
    let previous: SyntaxNode | undefined;
    /** the indentation of the block the previous statement opened, if any */
    let innerIndent: number | undefined;
    for (const stmt of block.namedChildren) {
      if (stmt.type === 'comment') continue;
      const sameLine = previous !== undefined && previous.endPosition.row === stmt.startPosition.row; // `a = 1; b = 2`
      const at = stmt.startPosition.column;
      if (!sameLine && at !== column) {
        const w = this.where(stmt);
        const what = at < column || (innerIndent !== undefined && at < innerIndent) ? 'unindent does not match any outer indentation level' : 'unexpected indent';
        throw new LakehouseError('ScriptSyntax', `${w.file}:${w.line}:${w.column}: Python syntax error: ${what}`, w);
      }
      previous = stmt;
      innerIndent = undefined;
      for (const field of ['body', 'consequence', 'alternative']) {
        const inner = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition')?.childForFieldName(field) : stmt.childForFieldName(field);
        const first = inner?.type === 'block' ? inner.namedChildren.find((c) => c.type !== 'comment') : undefined;
        if (inner && first !== undefined && first.startPosition.row !== stmt.startPosition.row) {
          innerIndent = first.startPosition.column;
          this.checkIndentation(inner, innerIndent);
        }
      }
    }
  }

  // ---------------------------------------------------------------- statements

  private statement(stmt: SyntaxNode): void {
    switch (stmt.type) {
      case 'comment': {
        const m = NODE_COMMENT.exec(stmt.text);
        if (m !== null) this.pendingName = m[1];
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'pass_statement':
        return;
      case 'function_definition':
        return this.functionDefinition(stmt);
      case 'decorated_definition': {
        const udf = stmt.namedChildren.some((c) => c.type === 'decorator' && /\budf\b/.test(c.text));
        throw this.unsupported(stmt, udf ? 'a Python UDF (@udf)' : 'a decorated definition', udf ? 'it runs Python code on every row' : 'only the sparkSqlQuery helper may be defined');
      }
      case 'for_statement':
      case 'while_statement':
        throw this.unsupported(stmt, `a ${stmt.type === 'for_statement' ? 'for' : 'while'} loop`, 'the local engine reads the script without running Python');
      case 'expression_statement':
        return this.expressionStatement(stmt);
      default:
        throw this.unsupported(stmt, article(stmt.type.replace(/_/g, ' ')), 'the local engine reads the script without running Python');
    }
  }

  private functionDefinition(def: SyntaxNode): void {
    const name = def.childForFieldName('name')?.text ?? '';
    if (name !== SQL_HELPER) throw this.unsupported(def, `the function ${name}()`, 'only the sparkSqlQuery helper Glue Studio generates may be defined');
    const params = kids(def.childForFieldName('parameters')!).map((p) => p.text);
    if (params.join(',') !== SQL_HELPER_PARAMS.join(','))
      throw this.unsupported(def, `the sparkSqlQuery helper`, `its parameters must be (${SQL_HELPER_PARAMS.join(', ')}) as Glue Studio generates them`, 'restore the generated helper');
    // the body is not executed: it must only register the mapping as views, run spark.sql(query) and wrap the result
    const body = def.childForFieldName('body')!;
    let sql = false;
    let fromDF = false;
    for (const call of body.descendantsOfType('call')) {
      const fn = call.childForFieldName('function')!;
      const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')!.text : fn.text;
      const object = fn.type === 'attribute' ? fn.childForFieldName('object')!.text : '';
      if (method === 'sql' && (object === 'spark' || object === 'glueContext.spark_session')) sql = true;
      else if (method === 'fromDF' && object === 'DynamicFrame') fromDF = true;
      else if (!(method === 'items' && object === 'mapping') && method !== 'toDF' && method !== 'createOrReplaceTempView')
        throw this.unsupported(call, `${fn.text}() in the sparkSqlQuery helper`, 'the helper must be the one Glue Studio generates', 'restore the generated helper');
    }
    if (!sql || !fromDF)
      throw this.unsupported(def, 'the sparkSqlQuery helper', 'it must run spark.sql(query) and return DynamicFrame.fromDF(…) as Glue Studio generates it', 'restore the generated helper');
    this.helperDefined = true;
  }

  private expressionStatement(stmt: SyntaxNode): void {
    const parts = kids(stmt);
    const expr = parts[0];
    if (parts.length !== 1 || expr === undefined) throw this.unsupported(stmt, 'an expression list', 'the local engine reads the script without running Python');
    switch (expr.type) {
      case 'assignment':
        return this.assignment(stmt, expr);
      case 'call':
        this.call(expr, undefined, stmt);
        return;
      case 'string':
      case 'concatenated_string':
        return; // a docstring
      case 'augmented_assignment':
        throw this.unsupported(expr, `the augmented assignment ${expr.childForFieldName('left')?.text ?? ''} ${expr.childForFieldName('operator')?.text ?? ''}`, 'the local engine reads the script without running Python');
      default:
        throw this.unsupported(expr, `the expression ${excerpt(expr)}`, 'the local engine reads the script without running Python');
    }
  }

  private assignment(stmt: SyntaxNode, asg: SyntaxNode): void {
    const left = asg.childForFieldName('left')!;
    const right = asg.childForFieldName('right');
    if (left.type !== 'identifier') throw this.unsupported(left, `the assignment to ${excerpt(left)}`, 'only assignments to a single variable are read');
    if (right === null) return; // a bare annotation `x: int`
    if (right.type === 'assignment') throw this.unsupported(right, 'a chained assignment', 'assign one variable per statement');
    const name = left.text;
    const value = this.assignedValue(name, right, stmt);
    this.vars.set(name, value);
  }

  /** What a right-hand side binds its variable to. */
  private assignedValue(name: string, right: SyntaxNode, stmt: SyntaxNode): Var {
    const r = unparen(right);
    switch (r.type) {
      case 'call':
        return this.call(r, name, stmt);
      case 'attribute': {
        const obj = r.childForFieldName('object')!;
        const attr = r.childForFieldName('attribute')!.text;
        if (obj.type === 'identifier' && this.vars.get(obj.text)?.kind === 'glueContext' && attr === 'spark_session') return { kind: 'spark' };
        throw this.unsupported(r, excerpt(r), 'it is not part of the Glue Studio vocabulary');
      }
      case 'identifier': {
        if (r.text === 'None') return { kind: 'none' };
        const v = this.vars.get(r.text);
        if (v === undefined) throw this.invalid(r, `${r.text} is not defined before line ${lineOf(r)}`);
        return v; // an alias: the same frame, string or object
      }
      case 'string':
      case 'concatenated_string':
      case 'binary_operator':
      case 'subscript': {
        const s = this.string(r, `the value of ${name}`);
        return { kind: 'string', value: s.value, line: s.line };
      }
      case 'none':
        return { kind: 'none' };
      default:
        return { kind: 'const', value: this.literal(r, `the value of ${name}`) };
    }
  }

  // ---------------------------------------------------------------- calls

  /**
   * A call, as a statement or the right-hand side of `target = …`. Returns what the target is bound to (frames
   * become plan nodes; sinks, purges and boilerplate are recorded as they come).
   */
  private call(call: SyntaxNode, target: string | undefined, stmt: SyntaxNode): Var {
    const fn = call.childForFieldName('function')!;
    const path = this.callPath(fn);
    const [head, ...rest] = path ?? [];
    const tail = rest.join('.');
    const headVar = head === undefined ? undefined : this.vars.get(head);

    // boilerplate
    if (path !== undefined && path.length === 1) {
      switch (head) {
        case 'getResolvedOptions':
          return this.resolvedOptions(call);
        case 'SparkContext':
          return { kind: 'sparkContext' };
        case 'GlueContext':
          return { kind: 'glueContext' };
        case 'Job':
          return { kind: 'job' };
        case SQL_HELPER:
          return this.frame(target, stmt, this.sqlNode(call));
        case 'udf':
        case 'pandas_udf':
          throw this.unsupported(call, `a Python UDF (${head})`, 'it runs Python code on every row');
        case 'print':
          throw this.unsupported(call, 'print()', 'the local engine reads the script without running Python', 'remove it');
      }
    }
    if (head === 'SparkContext' && tail === 'getOrCreate') return { kind: 'sparkContext' };
    if (head === 'DynamicFrame' && tail === 'fromDF') return this.frame(target, stmt, this.fromDF(call));

    if (headVar?.kind === 'glueContext') {
      switch (tail) {
        case 'create_dynamic_frame.from_catalog':
          return this.frame(target, stmt, this.catalogSource(call));
        case 'create_dynamic_frame.from_options':
          return this.frame(target, stmt, this.s3Source(call));
        case 'write_dynamic_frame.from_options':
          this.s3Sink(call, target, stmt);
          return { kind: 'written' };
        case 'write_dynamic_frame.from_catalog':
          this.catalogSink(call, target, stmt);
          return { kind: 'written' };
        case 'getSink':
          return this.getSink(call, target, stmt);
        case 'purge_s3_path':
          this.purge(call);
          return { kind: 'none' };
        case 'get_logger':
          return { kind: 'logger' };
        case 'spark_session.sql':
          throw this.sparkSqlRefused(call);
      }
      throw this.unsupported(call, `${fn.text}()`, 'this GlueContext method is not part of the Glue Studio vocabulary the local engine runs');
    }
    if (headVar?.kind === 'job' && (tail === 'init' || tail === 'commit')) return { kind: 'none' };
    if (headVar?.kind === 'logger' && ['info', 'warn', 'warning', 'error', 'debug'].includes(tail)) return { kind: 'none' };
    if (headVar?.kind === 'sink' && rest.length === 1) return this.sinkMethod(call, headVar.sink, tail);
    if (headVar?.kind === 'spark') {
      if (tail === 'sql') throw this.sparkSqlRefused(call);
      throw this.unsupported(call, `${fn.text}()`, 'it is Spark code, not a Glue Studio node');
    }
    if (headVar?.kind === 'frame') throw this.unsupported(call, `${fn.text}()`, 'only DynamicFrame.fromDF(frame.toDF().dropDuplicates(…), glueContext, "…") is read as DataFrame code');

    // Glue transforms
    if (path !== undefined && path.length === 2 && rest[0] === 'apply' && headVar === undefined) {
      switch (head) {
        case 'DropFields':
        case 'SelectFields':
          return this.frame(target, stmt, this.fieldsNode(call, head));
        case 'ApplyMapping':
          return this.frame(target, stmt, this.applyMapping(call));
        case 'Join':
          return this.frame(target, stmt, this.join(call));
        case 'DropNullFields':
          return this.frame(target, stmt, this.dropNullFields(call));
        case 'Filter':
          throw this.unsupported(call, 'Filter.apply', 'its predicate f is Python code');
        case 'Map':
          throw this.unsupported(call, 'Map.apply', 'its function f is Python code');
        case 'FlatMap':
          throw this.unsupported(call, 'FlatMap.apply', 'its function is Python code');
        case 'EvaluateDataQuality':
          return this.dataQuality(call);
      }
      if (/^[A-Z]/.test(head!))
        throw this.unsupported(call, `${head}.apply`, `the Glue transform ${head} is not supported (supported: ${SUPPORTED_TRANSFORMS.join(', ')}, SQL Query, Drop Duplicates)`);
    }
    // EvaluateDataQuality().process_rows(…)
    if (fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'process_rows') {
      const obj = unparen(fn.childForFieldName('object')!);
      if (obj.type === 'call' && obj.childForFieldName('function')!.text === 'EvaluateDataQuality' && kids(obj.childForFieldName('arguments')!).length === 0)
        return this.dataQuality(call);
    }
    if (callsToDF(fn))
      throw this.unsupported(call, `${excerpt(fn)}()`, 'it is Spark DataFrame code; only DynamicFrame.fromDF(frame.toDF().dropDuplicates(…), glueContext, "…") is read');
    if (path?.length === 1 && headVar === undefined) throw this.unsupported(call, `${head}()`, 'it is an unknown function');
    throw this.unsupported(call, `${excerpt(fn)}()`, 'it is an unknown call');
  }

  private sparkSqlRefused(call: SyntaxNode): LakehouseError {
    return this.unsupported(call, 'spark.sql(…)', 'it queries temporary views that only Python code registers');
  }

  /** `a.b.c` for a function expression made of names, else undefined. */
  private callPath(fn: SyntaxNode): string[] | undefined {
    if (fn.type === 'identifier') return [fn.text];
    if (fn.type === 'attribute') {
      const obj = this.callPath(fn.childForFieldName('object')!);
      return obj === undefined ? undefined : [...obj, fn.childForFieldName('attribute')!.text];
    }
    return undefined;
  }

  /** Binds a call's arguments to parameter names as Python would, refusing arguments the local engine can't honour. */
  private bind(call: SyntaxNode, construct: string, sig: Signature): Args {
    const args: Args = new Map();
    const argList = call.childForFieldName('arguments')!;
    if (argList.type !== 'argument_list') throw this.unsupported(argList, construct, 'its arguments are a generator expression');
    let position = 0;
    for (const a of kids(argList)) {
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')!.text;
        const known = sig.positional.includes(name) || (sig.keywords ?? []).includes(name) || (sig.ignored ?? []).includes(name);
        if (!known)
          throw this.unsupported(a, `${construct} with ${name}=`, `the argument ${name} is not supported`, 'remove it');
        if (args.has(name)) throw this.invalid(a, `${construct}: the argument ${name} is given twice`);
        args.set(name, a.childForFieldName('value')!);
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        throw this.unsupported(a, `${construct} with ${a.text}`, 'its arguments are only known when Python runs', 'write the arguments out');
      } else {
        const name = sig.positional[position++];
        if (name === undefined) throw this.invalid(a, `${construct} takes at most ${sig.positional.length} positional arguments`);
        if (args.has(name)) throw this.invalid(a, `${construct}: the argument ${name} is given twice`);
        args.set(name, a);
      }
    }
    for (const r of sig.required ?? []) if (!args.has(r)) throw this.invalid(call, `${construct} needs the argument ${r}=`);
    for (const i of sig.ignored ?? []) args.delete(i);
    return args;
  }

  // ---------------------------------------------------------------- boilerplate

  private resolvedOptions(call: SyntaxNode): Var {
    const args = this.bind(call, 'getResolvedOptions', { positional: ['args', 'options'], required: ['args', 'options'] });
    const argv = args.get('args')!;
    if (argv.text.replace(/\s/g, '') !== 'sys.argv') throw this.unsupported(argv, `getResolvedOptions(${argv.text}, …)`, 'the arguments must be sys.argv', 'pass sys.argv');
    return { kind: 'args', names: this.stringList(args.get('options')!, 'the option names of getResolvedOptions') };
  }

  // ---------------------------------------------------------------- nodes

  /** Records a node for `target = …`; a call whose frame is not assigned is read (checked) and dropped. */
  private frame(target: string | undefined, stmt: SyntaxNode, node: DistributiveOmit<PlanNode, 'id' | 'line' | 'name'>): Var {
    if (target === undefined) return { kind: 'none' };
    const line = lineOf(stmt);
    const id = this.nodeIds.has(target) ? `${target}@${line}` : target;
    this.nodeIds.add(id);
    const name = this.takeName();
    this.nodes.push({ id, line, ...(name !== undefined ? { name } : {}), ...node } as PlanNode);
    return { kind: 'frame', id };
  }

  private takeName(): string | undefined {
    const name = this.pendingName;
    this.pendingName = undefined;
    return name;
  }

  private catalogSource(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = 'create_dynamic_frame.from_catalog';
    const a = this.bind(call, c, {
      positional: ['database', 'table_name', 'redshift_tmp_dir', 'transformation_ctx', 'push_down_predicate', 'additional_options', 'catalog_id'],
      ignored: ['redshift_tmp_dir', 'additional_options', 'catalog_id'],
      required: ['database', 'table_name'],
    });
    this.transformationCtx(a);
    this.refuseIfSet(a, 'push_down_predicate', c, 'a partition predicate is not supported', 'filter in an SQL Query node instead');
    return { kind: 'catalogSource', database: this.string(a.get('database')!, `${c} database`).value, table: this.string(a.get('table_name')!, `${c} table_name`).value };
  }

  private s3Source(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = 'create_dynamic_frame.from_options';
    const a = this.bind(call, c, {
      positional: ['connection_type', 'connection_options', 'format', 'format_options', 'transformation_ctx', 'push_down_predicate'],
      required: ['connection_type', 'connection_options', 'format'],
    });
    this.transformationCtx(a);
    this.refuseIfSet(a, 'push_down_predicate', c, 'a partition predicate is not supported', 'filter in an SQL Query node instead');
    this.connectionType(a.get('connection_type')!, c);
    const opts = this.dict(a.get('connection_options')!, `${c} connection_options`);
    const paths = opts.get('paths');
    if (paths === undefined) throw this.invalid(a.get('connection_options')!, `${c}: connection_options needs "paths": ["s3://…"]`);
    const recurse = opts.get('recurse');
    for (const [key, entry] of opts)
      if (!['paths', 'recurse', 'groupFiles', 'groupSize'].includes(key))
        throw this.unsupported(entry.key, `${c} with connection option "${key}"`, 'only "paths" and "recurse" are read', 'remove it');
    const pathList = this.stringList(paths.value, `${c} paths`);
    for (const p of pathList) this.checkS3(p, paths.value, `${c} paths`);
    return {
      kind: 's3Source',
      paths: pathList,
      format: this.format(a.get('format')!, c, false),
      recurse: recurse === undefined ? false : this.bool(recurse.value, `${c} recurse`),
      formatOptions: a.has('format_options') ? this.literalDict(a.get('format_options')!, `${c} format_options`) : {},
    };
  }

  private sqlNode(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    if (!this.helperDefined) throw this.invalid(call, `${SQL_HELPER} is called before it is defined: keep the helper Glue Studio generates at the top of the script`);
    const a = this.bind(call, SQL_HELPER, { positional: SQL_HELPER_PARAMS, required: SQL_HELPER_PARAMS });
    this.glueContextArg(a.get('glueContext')!, SQL_HELPER);
    this.transformationCtx(a);
    const query = this.string(a.get('query')!, `${SQL_HELPER} query`);
    const mapping: Record<string, string> = {};
    const m = a.get('mapping')!;
    const entries = this.dict(m, `${SQL_HELPER} mapping`);
    if (entries.size === 0) throw this.invalid(m, `${SQL_HELPER}: the mapping is empty: map each alias the query uses to a frame`);
    for (const [alias, { value }] of entries) mapping[alias] = this.frameRef(value, `the frame of alias "${alias}"`);
    return { kind: 'sql', query: query.value, queryLine: query.line, mapping };
  }

  private fieldsNode(call: SyntaxNode, transform: 'DropFields' | 'SelectFields'): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = `${transform}.apply`;
    const a = this.bind(call, c, { positional: ['frame', 'paths', 'transformation_ctx', 'info', 'stageThreshold', 'totalThreshold'], ignored: ['info', 'stageThreshold', 'totalThreshold'], required: ['frame', 'paths'] });
    this.transformationCtx(a);
    const input = this.frameRef(a.get('frame')!, `the frame of ${c}`);
    const paths = this.stringList(a.get('paths')!, `${c} paths`);
    return transform === 'DropFields' ? { kind: 'dropFields', input, paths } : { kind: 'selectFields', input, paths };
  }

  private applyMapping(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = 'ApplyMapping.apply';
    const a = this.bind(call, c, {
      positional: ['frame', 'mappings', 'case_sensitive', 'transformation_ctx', 'info', 'stageThreshold', 'totalThreshold'],
      ignored: ['case_sensitive', 'info', 'stageThreshold', 'totalThreshold'],
      required: ['frame', 'mappings'],
    });
    this.transformationCtx(a);
    const input = this.frameRef(a.get('frame')!, `the frame of ${c}`);
    const listNode = unparen(a.get('mappings')!);
    // a literal list keeps each tuple's position for errors; a constant is checked as a whole
    const items: { node: SyntaxNode; value: unknown }[] =
      listNode.type === 'list' || listNode.type === 'tuple'
        ? kids(listNode).map((t) => ({ node: t, value: this.literal(t, `${c} mappings`) }))
        : asArray(this.literal(listNode, `${c} mappings`)).map((value) => ({ node: listNode, value }));
    if (items.length === 0 && listNode.type !== 'list' && listNode.type !== 'tuple')
      throw this.notLiteral(listNode, `${c} mappings`, 'a list of ("source", "type", "target", "type") tuples');
    const mappings = items.map(({ node, value }) => {
      if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => typeof v === 'string'))
        throw this.invalid(node, `${c}: each mapping must be ("source", "source type", "target", "target type"), not ${excerpt(node)}`);
      const [source, sourceType, target, targetType] = value as [string, string, string, string];
      return { source, sourceType, target, targetType };
    });
    return { kind: 'applyMapping', input, mappings };
  }

  private join(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = 'Join.apply';
    const a = this.bind(call, c, {
      positional: ['frame1', 'frame2', 'keys1', 'keys2', 'transformation_ctx', 'info', 'stageThreshold', 'totalThreshold'],
      ignored: ['info', 'stageThreshold', 'totalThreshold'],
      required: ['frame1', 'frame2', 'keys1', 'keys2'],
    });
    this.transformationCtx(a);
    const left = this.frameRef(a.get('frame1')!, `frame1 of ${c}`);
    const right = this.frameRef(a.get('frame2')!, `frame2 of ${c}`);
    const leftKeys = this.stringList(a.get('keys1')!, `${c} keys1`);
    const rightKeys = this.stringList(a.get('keys2')!, `${c} keys2`);
    if (leftKeys.length === 0 || leftKeys.length !== rightKeys.length)
      throw this.invalid(a.get('keys2')!, `${c}: keys1 and keys2 must name the same number of columns (at least one); got ${leftKeys.length} and ${rightKeys.length}`);
    return { kind: 'join', left, right, leftKeys, rightKeys };
  }

  private dropNullFields(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = 'DropNullFields.apply';
    const a = this.bind(call, c, {
      positional: ['frame', 'transformation_ctx', 'info', 'stageThreshold', 'totalThreshold'],
      ignored: ['info', 'stageThreshold', 'totalThreshold'],
      required: ['frame'],
    });
    this.transformationCtx(a);
    return { kind: 'dropNullFields', input: this.frameRef(a.get('frame')!, `the frame of ${c}`) };
  }

  /** `DynamicFrame.fromDF(X.toDF().dropDuplicates([…]?), glueContext, "…")` (also `.distinct()`) */
  private fromDF(call: SyntaxNode): DistributiveOmit<PlanNode, 'id' | 'line' | 'name'> {
    const c = 'DynamicFrame.fromDF';
    const a = this.bind(call, c, { positional: ['dataframe', 'glue_ctx', 'name'], required: ['dataframe', 'glue_ctx', 'name'] });
    this.glueContextArg(a.get('glue_ctx')!, c);
    this.string(a.get('name')!, `${c} name`);
    const df = unparen(a.get('dataframe')!);
    const refuse = (): LakehouseError =>
      this.unsupported(df, `${c}(${excerpt(df)}, …)`, 'it is Spark DataFrame code; only frame.toDF().dropDuplicates([…]) is read');
    if (df.type !== 'call') throw refuse();
    const method = df.childForFieldName('function')!;
    const dfPath = this.callPath(method);
    if (dfPath?.length === 2 && dfPath[1] === 'sql' && this.vars.get(dfPath[0]!)?.kind === 'spark') throw this.sparkSqlRefused(df);
    if (method.type !== 'attribute') throw refuse();
    const op = method.childForFieldName('attribute')!.text;
    if (op !== 'dropDuplicates' && op !== 'distinct' && op !== 'drop_duplicates') throw refuse();
    const toDF = unparen(method.childForFieldName('object')!);
    const toDFfn = toDF.type === 'call' ? toDF.childForFieldName('function')! : undefined;
    if (toDFfn?.type !== 'attribute' || toDFfn.childForFieldName('attribute')!.text !== 'toDF' || kids(toDF.childForFieldName('arguments')!).length !== 0) throw refuse();
    const input = this.frameRef(toDFfn.childForFieldName('object')!, `the frame of ${c}`);
    const opArgs = this.bind(df, op, { positional: op === 'distinct' ? [] : ['subset'] });
    const subset = opArgs.get('subset');
    const columns = subset === undefined || unparen(subset).type === 'none' ? undefined : this.stringList(subset, `${op} columns`);
    return { kind: 'dropDuplicates', input, ...(columns !== undefined && columns.length > 0 ? { columns } : {}) };
  }

  private dataQuality(call: SyntaxNode): Var {
    // the rules are evaluated on AWS only; the frame must exist, the rest is not read
    const argList = kids(call.childForFieldName('arguments')!);
    const frame = argList.find((x) => x.type === 'keyword_argument' && x.childForFieldName('name')!.text === 'frame')?.childForFieldName('value') ?? argList[0];
    if (frame === undefined || frame.type === 'keyword_argument') throw this.invalid(call, 'EvaluateDataQuality needs frame=');
    this.frameRef(frame, 'the frame of EvaluateDataQuality');
    return { kind: 'dataQuality' };
  }

  // ---------------------------------------------------------------- sinks

  private s3Sink(call: SyntaxNode, target: string | undefined, stmt: SyntaxNode): void {
    const c = 'write_dynamic_frame.from_options';
    const a = this.bind(call, c, {
      positional: ['frame', 'connection_type', 'connection_options', 'format', 'format_options', 'transformation_ctx'],
      required: ['frame', 'connection_type', 'connection_options', 'format'],
    });
    const ctx = this.transformationCtx(a);
    const input = this.frameRef(a.get('frame')!, `the frame of ${c}`);
    this.connectionType(a.get('connection_type')!, c);
    const optsNode = a.get('connection_options')!;
    const opts = this.dict(optsNode, `${c} connection_options`);
    let path: string | undefined;
    let partitionKeys: string[] = [];
    let compression: string | undefined;
    for (const [key, { value }] of opts) {
      if (key === 'path') path = this.checkS3(this.string(value, `${c} path`).value, value, `${c} path`);
      else if (key === 'partitionKeys') partitionKeys = this.stringList(value, `${c} partitionKeys`);
      else if (key === 'compression') compression = this.string(value, `${c} compression`).value;
      else throw this.unsupported(value, `${c} with connection option "${key}"`, 'only "path", "partitionKeys" and "compression" are read', 'remove it');
    }
    if (path === undefined) throw this.invalid(optsNode, `${c}: connection_options needs "path": "s3://…/"`);
    const formatOptions = a.has('format_options') ? this.literalDict(a.get('format_options')!, `${c} format_options`) : {};
    if (typeof formatOptions.compression === 'string') compression = formatOptions.compression;
    delete formatOptions.compression;
    const name = this.takeName();
    const id = target ?? ctx;
    this.sinks.push({
      kind: 's3',
      line: lineOf(stmt),
      input,
      ...(id !== undefined ? { id } : {}),
      ...(name !== undefined ? { name } : {}),
      path: withSlash(path),
      format: this.format(a.get('format')!, c, true),
      partitionKeys,
      ...(compression !== undefined ? { compression } : {}),
      formatOptions,
    });
  }

  private catalogSink(call: SyntaxNode, target: string | undefined, stmt: SyntaxNode): void {
    const c = 'write_dynamic_frame.from_catalog';
    const a = this.bind(call, c, {
      positional: ['frame', 'database', 'table_name', 'redshift_tmp_dir', 'transformation_ctx', 'additional_options', 'catalog_id'],
      ignored: ['redshift_tmp_dir', 'additional_options', 'catalog_id'],
      required: ['frame', 'database', 'table_name'],
    });
    const ctx = this.transformationCtx(a);
    const input = this.frameRef(a.get('frame')!, `the frame of ${c}`);
    const name = this.takeName();
    const id = target ?? ctx;
    this.sinks.push({
      kind: 'catalog',
      line: lineOf(stmt),
      input,
      ...(id !== undefined ? { id } : {}),
      ...(name !== undefined ? { name } : {}),
      database: this.string(a.get('database')!, `${c} database`).value,
      table: this.string(a.get('table_name')!, `${c} table_name`).value,
    });
  }

  private getSink(call: SyntaxNode, target: string | undefined, stmt: SyntaxNode): Var {
    const c = 'getSink';
    if (target === undefined) throw this.invalid(call, 'assign the result of getSink(…) to a variable and call its writeFrame(…)');
    const a = this.bind(call, c, {
      positional: ['connection_type', 'format', 'transformation_ctx'],
      keywords: ['path', 'partitionKeys', 'enableUpdateCatalog', 'updateBehavior', 'compression'],
      required: ['connection_type', 'path'],
    });
    this.transformationCtx(a);
    this.connectionType(a.get('connection_type')!, c);
    const pathNode = a.get('path')!;
    const name = this.takeName();
    const sink: PendingSink = {
      variable: target,
      line: lineOf(stmt),
      ...(name !== undefined ? { name } : {}),
      path: withSlash(this.checkS3(this.string(pathNode, `${c} path`).value, pathNode, `${c} path`)),
      partitionKeys: a.has('partitionKeys') ? this.stringList(a.get('partitionKeys')!, `${c} partitionKeys`) : [],
      enableUpdateCatalog: a.has('enableUpdateCatalog') ? this.bool(a.get('enableUpdateCatalog')!, `${c} enableUpdateCatalog`) : false,
      formatOptions: {},
      written: false,
    };
    if (a.has('updateBehavior')) sink.updateBehavior = this.string(a.get('updateBehavior')!, `${c} updateBehavior`).value;
    if (a.has('compression')) sink.compression = this.string(a.get('compression')!, `${c} compression`).value;
    if (a.has('format')) sink.format = this.format(a.get('format')!, c, true);
    this.pendingSinks.push(sink);
    return { kind: 'sink', sink };
  }

  private sinkMethod(call: SyntaxNode, sink: PendingSink, method: string): Var {
    const c = `${sink.variable}.${method}`;
    if (sink.written && method !== 'writeFrame')
      throw this.invalid(call, `${c}(…) comes after ${sink.variable}.writeFrame(…): set the sink up before writing`);
    switch (method) {
      case 'setCatalogInfo': {
        const a = this.bind(call, c, { positional: ['catalogDatabase', 'catalogTableName', 'catalogId'], ignored: ['catalogId'], required: ['catalogDatabase', 'catalogTableName'] });
        sink.catalog = { database: this.string(a.get('catalogDatabase')!, `${c} catalogDatabase`).value, table: this.string(a.get('catalogTableName')!, `${c} catalogTableName`).value };
        return { kind: 'none' };
      }
      case 'setFormat': {
        const argList = call.childForFieldName('arguments')!;
        const positional = kids(argList).filter((x) => x.type !== 'keyword_argument');
        if (positional.length !== 1) throw this.invalid(call, `${c} takes the format as its one positional argument, e.g. setFormat("json")`);
        for (const x of positional) if (x.type === 'list_splat' || x.type === 'dictionary_splat') throw this.unsupported(x, c, 'its arguments are only known when Python runs', 'write the arguments out');
        sink.format = this.format(positional[0]!, c, true);
        for (const kw of kids(argList).filter((x) => x.type === 'keyword_argument')) {
          const key = kw.childForFieldName('name')!.text;
          const value = this.literal(kw.childForFieldName('value')!, `${c} ${key}`);
          if (key === 'compression' && typeof value === 'string') sink.compression = value;
          else sink.formatOptions[key] = value;
        }
        return { kind: 'none' };
      }
      case 'writeFrame': {
        const a = this.bind(call, c, { positional: ['dynamic_frame', 'info'], ignored: ['info'], required: ['dynamic_frame'] });
        const input = this.frameRef(a.get('dynamic_frame')!, `the frame of ${c}`);
        if (sink.format === undefined) throw this.invalid(call, `${c}: the sink has no format: call ${sink.variable}.setFormat("json") before writing`);
        sink.written = true;
        this.sinks.push({
          kind: 's3',
          line: sink.line,
          input,
          id: sink.variable,
          ...(sink.name !== undefined ? { name: sink.name } : {}),
          path: sink.path,
          format: sink.format,
          partitionKeys: sink.partitionKeys,
          ...(sink.catalog !== undefined && sink.enableUpdateCatalog ? { catalog: sink.catalog } : {}),
          ...(sink.updateBehavior !== undefined ? { updateBehavior: sink.updateBehavior } : {}),
          ...(sink.compression !== undefined ? { compression: sink.compression } : {}),
          formatOptions: sink.formatOptions,
        });
        return { kind: 'written' };
      }
    }
    throw this.unsupported(call, `${c}()`, 'only setCatalogInfo, setFormat and writeFrame are read on a sink', 'remove it');
  }

  /**
   * `purge_s3_path(s3_path, options={}, transformation_ctx="")` as Glue documents it: `s3_path` in the form
   * `s3://<bucket>/<prefix>/`, taken as given; options `retentionPeriod` (hours, default 168), `excludeStorageClasses`
   * (S3 storage class names); `manifestFilePath` (Glue writes Success.csv/Failed.csv there) is refused.
   */
  private purge(call: SyntaxNode): void {
    const c = 'purge_s3_path';
    const a = this.bind(call, c, { positional: ['s3_path', 'options', 'transformation_ctx'], required: ['s3_path'] });
    this.transformationCtx(a);
    const p = a.get('s3_path')!;
    const path = this.string(p, `${c} path`).value;
    if (!/^s3:\/\/[^/]+\//.test(path) || !path.endsWith('/'))
      throw this.invalid(p, `${c}: the path must be in the form s3://<bucket>/<prefix>/ (Glue's documented form, with the trailing "/"), not ${JSON.stringify(path)}`);
    let retentionHours = 168;
    let excludeStorageClasses: string[] = [];
    if (a.has('options')) {
      const opts = this.literalDict(a.get('options')!, `${c} options`);
      if (opts.retentionPeriod !== undefined) {
        if (typeof opts.retentionPeriod !== 'number' || !Number.isFinite(opts.retentionPeriod))
          throw this.invalid(a.get('options')!, `${c}: "retentionPeriod" must be a number of hours (0: every object older than now)`);
        retentionHours = opts.retentionPeriod;
      }
      if (opts.excludeStorageClasses !== undefined) {
        const classes = opts.excludeStorageClasses;
        if (!Array.isArray(classes) || classes.some((x) => typeof x !== 'string'))
          throw this.invalid(a.get('options')!, `${c}: "excludeStorageClasses" must be a list of S3 storage class names, e.g. ["GLACIER"]`);
        const unknown = (classes as string[]).find((x) => !S3_STORAGE_CLASSES.includes(x));
        if (unknown !== undefined)
          throw this.invalid(a.get('options')!, `${c}: "${unknown}" is not an S3 storage class (${S3_STORAGE_CLASSES.join(', ')})`);
        excludeStorageClasses = classes as string[];
      }
      for (const key of Object.keys(opts)) {
        if (key === 'manifestFilePath')
          throw this.unsupported(a.get('options')!, `${c} with "manifestFilePath"`, 'the manifest files Glue writes there (Success.csv, Failed.csv) are not written locally', 'remove it to run the job here');
        if (key !== 'retentionPeriod' && key !== 'excludeStorageClasses')
          throw this.unsupported(a.get('options')!, `${c} with option "${key}"`, 'only "retentionPeriod" and "excludeStorageClasses" are read', 'remove it');
      }
    }
    this.purges.push({ path, line: lineOf(call), retentionHours, excludeStorageClasses, afterSinks: this.sinks.length });
  }

  // ---------------------------------------------------------------- argument values

  private transformationCtx(a: Args): string | undefined {
    const n = a.get('transformation_ctx');
    return n === undefined ? undefined : this.string(n, 'transformation_ctx').value;
  }

  private refuseIfSet(a: Args, key: string, construct: string, why: string, hint: string): void {
    const n = a.get(key);
    if (n === undefined) return;
    const v = unparen(n);
    if (v.type === 'none' || (isStringNode(v) && this.string(v, key).value === '')) return;
    throw this.unsupported(n, `${construct} with ${key}=`, why, hint);
  }

  private connectionType(n: SyntaxNode, construct: string): void {
    const t = this.string(n, `${construct} connection_type`).value;
    if (t !== 's3') throw this.unsupported(n, `${construct} with connection_type="${t}"`, 'the local engine reads and writes S3 only', 'use an S3 or Data Catalog node');
  }

  private glueContextArg(n: SyntaxNode, construct: string): void {
    if (n.type !== 'identifier' || this.vars.get(n.text)?.kind !== 'glueContext') throw this.invalid(n, `${construct}: expected the GlueContext variable, not ${excerpt(n)}`);
  }

  private format(n: SyntaxNode, construct: string, sink: boolean): PlanFormat {
    const f = this.string(n, `${construct} format`).value;
    if (f === 'json' || f === 'parquet' || f === 'csv') return f;
    if (sink && f === 'glueparquet') return 'parquet';
    throw this.unsupported(n, `${construct} with format="${f}"`, 'the local engine reads and writes json, parquet and csv', 'use one of those');
  }

  private checkS3(path: string, n: SyntaxNode, what: string): string {
    if (!/^s3a?:\/\/[^/]+/.test(path)) throw this.invalid(n, `${what} must be an s3://bucket/prefix/ path, not ${JSON.stringify(path)}`);
    return path;
  }

  /** Names a frame variable; errors name the variable and the line. */
  private frameRef(n: SyntaxNode, what: string): string {
    const x = unparen(n);
    if (x.type !== 'identifier')
      throw this.unsupported(x, `${excerpt(x)} as ${what}`, 'a frame must be a variable assigned by an earlier node', 'assign it to a variable first');
    const v = this.vars.get(x.text);
    if (v === undefined) throw this.invalid(x, `${x.text} is not defined before line ${lineOf(x)} (${what})`);
    if (v.kind === 'dataQuality')
      throw this.unsupported(x, `${x.text} (a data-quality result) as ${what}`, 'data-quality results are evaluated on AWS only', 'write the frame the rules were evaluated on');
    if (v.kind !== 'frame') throw this.invalid(x, `${x.text} is ${VAR_DESCRIPTION[v.kind]}, not a DynamicFrame (${what})`);
    return v.id;
  }

  private notLiteral(n: SyntaxNode, what: string, expected: string): LakehouseError {
    return this.unsupported(n, `${excerpt(n)} as ${what}`, `expected ${expected}, which the local engine reads without running Python`, 'write the value literally or as a module-level constant');
  }

  /** A string value: literals (any quoting, implicit concatenation, `+`), string constants, `args["name"]`. */
  private string(n: SyntaxNode, what: string): { value: string; line: number } {
    const x = unparen(n);
    switch (x.type) {
      case 'string':
        return { value: this.stringLiteral(x, what), line: lineOf(x) };
      case 'concatenated_string':
        return { value: kids(x).map((s) => this.stringLiteral(s, what)).join(''), line: lineOf(x) };
      case 'binary_operator': {
        if (x.childForFieldName('operator')!.text !== '+') break;
        const l = this.string(x.childForFieldName('left')!, what);
        return { value: l.value + this.string(x.childForFieldName('right')!, what).value, line: l.line };
      }
      case 'identifier': {
        const v = this.vars.get(x.text);
        if (v === undefined) throw this.invalid(x, `${x.text} is not defined before line ${lineOf(x)} (${what})`);
        if (v.kind === 'string') return { value: v.value, line: v.line };
        break;
      }
      case 'subscript':
        return { value: this.jobArgument(x, what), line: lineOf(x) };
    }
    throw this.notLiteral(x, what, 'a string');
  }

  private stringLiteral(s: SyntaxNode, what: string): string {
    if (s.type !== 'string') throw this.notLiteral(s, what, 'a string');
    const start = s.namedChildren.find((c) => c.type === 'string_start');
    const end = s.namedChildren.find((c) => c.type === 'string_end');
    if (start === undefined || end === undefined) throw this.notLiteral(s, what, 'a string');
    const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
    if (prefix.includes('b')) throw this.notLiteral(s, what, 'a str (not bytes)');
    const interpolation = s.descendantsOfType('interpolation')[0];
    if (interpolation !== undefined) throw this.unsupported(interpolation, `the f-string ${excerpt(s)}`, 'its value is only known when Python runs', 'write the value literally, or use ${variables} from lakehouse.json');
    const raw = this.text.slice(start.endIndex, end.startIndex);
    return prefix.includes('r') ? raw : decodeEscapes(raw);
  }

  /** `args["name"]`: the job argument `--name`, when given. */
  private jobArgument(x: SyntaxNode, what: string): string {
    const obj = x.childForFieldName('value')!;
    const v = obj.type === 'identifier' ? this.vars.get(obj.text) : undefined;
    if (v?.kind !== 'args') throw this.notLiteral(x, what, 'a string');
    const keyNode = x.childForFieldName('subscript')!;
    const key = this.string(keyNode, 'the argument name');
    if (!v.names.includes(key.value)) throw this.invalid(x, `args["${key.value}"]: "${key.value}" is not among the options of getResolvedOptions (${v.names.join(', ')})`);
    const value = this.options.arguments?.[`--${key.value}`];
    if (value === undefined)
      throw this.unsupported(x, `args["${key.value}"] as ${what}`, 'its value is only known when the job runs', `give the job the default argument --${key.value} in lakehouse.json (glue.defaultArguments), or write the value, e.g. with \${variables}`);
    return value;
  }

  private stringList(n: SyntaxNode, what: string): string[] {
    const x = unparen(n);
    if (x.type === 'list' || x.type === 'tuple') return kids(x).map((i) => this.string(i, what).value);
    const v = x.type === 'identifier' ? this.literal(x, what) : undefined;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    throw this.notLiteral(x, what, 'a list of strings');
  }

  private bool(n: SyntaxNode, what: string): boolean {
    const v = this.literal(n, what);
    if (typeof v !== 'boolean') throw this.notLiteral(n, what, 'True or False');
    return v;
  }

  /** A dict literal's entries (keys must be strings), keeping the value nodes. */
  private dict(n: SyntaxNode, what: string): Map<string, { key: SyntaxNode; value: SyntaxNode }> {
    const x = unparen(n);
    if (x.type !== 'dictionary') throw this.notLiteral(x, what, 'a dict literal');
    const out = new Map<string, { key: SyntaxNode; value: SyntaxNode }>();
    for (const p of kids(x)) {
      if (p.type !== 'pair') throw this.notLiteral(p, what, '"key": value pairs');
      const key = p.childForFieldName('key')!;
      out.set(this.string(key, `a key of ${what}`).value, { key, value: p.childForFieldName('value')! });
    }
    return out;
  }

  private literalDict(n: SyntaxNode, what: string): Record<string, unknown> {
    const v = this.literal(n, what);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.notLiteral(n, what, 'a dict');
    return { ...(v as Record<string, unknown>) };
  }

  /** A Python literal (str, int, float, bool, None, list, tuple, dict) or a module-level constant, as JSON-like data. */
  private literal(n: SyntaxNode, what: string): unknown {
    const x = unparen(n);
    switch (x.type) {
      case 'integer':
      case 'float': {
        const v = Number(x.text.replace(/_/g, ''));
        if (Number.isNaN(v)) break;
        return v;
      }
      case 'unary_operator': {
        const v = this.literal(x.childForFieldName('argument')!, what);
        const op = x.childForFieldName('operator')!.text;
        if (typeof v === 'number' && (op === '-' || op === '+')) return op === '-' ? -v : v;
        break;
      }
      case 'true':
        return true;
      case 'false':
        return false;
      case 'none':
        return null;
      case 'list':
      case 'tuple':
        return kids(x).map((i) => this.literal(i, what));
      case 'dictionary': {
        const out: Record<string, unknown> = {};
        for (const [k, { value }] of this.dict(x, what)) out[k] = this.literal(value, what);
        return out;
      }
      case 'identifier': {
        const v = this.vars.get(x.text);
        if (v === undefined) throw this.invalid(x, `${x.text} is not defined before line ${lineOf(x)} (${what})`);
        if (v.kind === 'string') return v.value;
        if (v.kind === 'const') return v.value;
        if (v.kind === 'none') return null;
        break;
      }
      default:
        if (isStringNode(x) || x.type === 'binary_operator' || x.type === 'subscript') return this.string(x, what).value;
    }
    throw this.notLiteral(x, what, 'a literal value');
  }
}

// ---------------------------------------------------------------- helpers

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function unparen(n: SyntaxNode): SyntaxNode {
  let x = n;
  while (x.type === 'parenthesized_expression') {
    const inner = kids(x);
    if (inner.length !== 1) break;
    x = inner[0]!;
  }
  return x;
}

/** Whether a function expression is (or hangs off) a `….toDF()` call. */
function callsToDF(fn: SyntaxNode): boolean {
  for (let x: SyntaxNode | null = fn; x !== null; ) {
    if (x.type === 'attribute') {
      if (x.childForFieldName('attribute')!.text === 'toDF') return true;
      x = x.childForFieldName('object');
    } else if (x.type === 'call') x = x.childForFieldName('function');
    else return false;
  }
  return false;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isStringNode(n: SyntaxNode): boolean {
  return n.type === 'string' || n.type === 'concatenated_string';
}

function excerpt(n: SyntaxNode): string {
  const t = n.text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
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

/** S3's storage classes (the API's StorageClass values), as `excludeStorageClasses` names them. */
const S3_STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE'];

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

/** Python's escape sequences in a non-raw str literal's body. */
function decodeEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r\n|[\s\S])/g, (m, e: string) => {
    if (e === '\r\n') return '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return m; // unknown escapes stay as written, as in Python
  });
}
