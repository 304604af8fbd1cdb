/**
 * Runs a plan's nodes on the run's DuckDB connection: every node becomes a temporary view (nodeSql.ts compiles the
 * transforms), with the fields it holds tracked (frames.ts). Sources are read as Glue reads them: a Data Catalog
 * table over JSON gives the fields the data has, with the types Spark infers (Glue's schema on read: the catalog's
 * columns neither cast nor drop them; a field with values of two types stays a ChoiceType until resolveChoice), other
 * tables their declared columns; an S3 source's files are read with the schema Spark would infer.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError, isLakehouseError } from '../../errors';
import { nodeInputs, type JobPlan, type PlanNode } from '../../jobs/plan';
import type { PyConst } from '../../jobs/expr';
import type { CatalogTable } from '../../model';
import { dataQualityNodeOptions, evaluateRuleset, prepareRuleset, rowLevelOutcomesSql, ruleOutcomesSql, type DqdlResult } from '../../jobs/dqdl';
import { ident, listLiteral, literal, parseDuckError } from './duck';
import type { LocalQueryEngine } from './engine';
import type { Frame, FrameCol } from './frames';
import type { OutputCol } from './compiledNode';
import { duckTypeOfGlue } from './glueCasts';
import { sqlExpressions, usesSparkTranslation } from './nodeColumns';
import { collapsed, compileNode, mappingField, selectList, sqlLabel, sqlNodeError, type CompiledNode, type NodeContext } from './nodeSql';
import type { DataLease } from './dataLocks';
import { assertReadOnlyQuery } from './queryGuard';
import { UNDECIDED_MARKER } from './rowSql';
import { runtimeErrorPosition } from '../../sql/spark/runtimeError';
import { loadSpark, prepareSparkQuery } from './sparkSql';
import type { TableSource } from './tableSource';
import { attributeParts } from '../../jobs/vocabulary/columns';
import { readCatalog, s3SourceSelect, type JsonSource } from './sourceReads';
import { rootTableOrder } from './relationalize';

/** DuckDB's random calls as the translations write them (random() for rand/randn, uuid() and gen_random_uuid()) */
const RANDOM_CALL = /\b(random|uuid|gen_random_uuid)\(\)/i;

export interface NodeRunContext {
  engine: LocalQueryEngine;
  conn: DuckDBConnection;
  file: string;
  localPath(location: string): string;
  log(line: string): void;
  checkCancelled(): void;
  /** purges that run before the first sink: the files they delete are not read (Glue reads sources lazily) */
  readPurges: { loc: string; before: number }[];
  /** the catalog tables resolveChoice(choice="match_catalog") names, by `database.table` (lower case) */
  matchTables?: Map<string, CatalogTable>;
  /** the run's shared lease on the locations it reads (jobOutput.ts leaseSources): tables are listed under it */
  lease?: DataLease;
  /** a preview on a sample (preview.ts): each source gives only its first `sourceRows` records */
  sourceRows?: number;
  /** the job's glueVersion: its Spark SQL is Spark 3.3's on 4.0, 3.5's on 5.0 */
  glueVersion?: string | undefined;
}

export interface BuiltFrames {
  frames: Map<string, Frame>;
  sources: TableSource[];
  sourceList: CatalogTable[];
  /** the outcomes of each EvaluateDataQuality of the plan, by index */
  dataQuality(index: number): Promise<DqdlResult>;
  /** whether a field is a CSV read's, unchanged (NodeContext.wholeAsLong) */
  wholeAsLong(c: FrameCol): boolean;
  /** where a field (or a struct member: `[field, member…]`) of a frame comes from in a JSON source, unchanged (readerPath) */
  readerPath(id: string, path: readonly string[]): { source: string; path: string[] } | undefined;
  /**
   * whether a field of frame `id` that readerPath does not follow may still be NullType to Glue: the frame comes from
   * a read by Glue's JSON reader, and no ApplyMapping or resolveChoice set the field's type
   */
  mayBeNullType(id: string, c: FrameCol): boolean;
}

export async function buildFrames(plan: JobPlan, sourceTables: Map<string, CatalogTable>, rc: NodeRunContext): Promise<BuiltFrames> {
  const { conn, file } = rc;
  const frames = new Map<string, Frame>();
  const sources: TableSource[] = [];
  const sourceList: CatalogTable[] = [];
  const jsonSources = new Map<string, JsonSource>();
  /** the source nodes whose fields are typed by Glue's CSV reader (csvValueTypes.ts) */
  const csvReads = new Set<string>();
  const wholeAsLong = (c: FrameCol): boolean => c.ids.some((id) => csvReads.has(id));
  const planNodes = new Map(plan.nodes.map((n) => [n.id, n]));
  const fail = (line: number, message: string, code: 'SqlError' | 'ScriptUnsupported' = 'SqlError') => new LakehouseError(code, `${file}:${line}: ${message}`, { file, line });

  const frameOf = (id: string): Frame => {
    const f = frames.get(id);
    if (!f) throw new LakehouseError('SqlError', `${file}: frame ${id} is not defined before it is used`, { file });
    return f;
  };

  /** Where a field of a frame comes from, through transforms that keep records' keys as they are. */
  const origin = (id: string, field: string): { source: string; key: string } | undefined => {
    const node = planNodes.get(id);
    if (node === undefined) return undefined;
    switch (node.kind) {
      case 'catalogSource':
      case 's3Source':
        return jsonSources.has(id) ? { source: id, key: field } : undefined;
      case 'filter':
      case 'splitRows':
      case 'alias':
      case 'dropNullFields':
      case 'selectFields':
        return origin(node.input, field);
      case 'dropFields':
        // a field a nested path drops members of is no longer the source's value (an empty array there is gone)
        return node.paths.some((p) => (attributeParts(p)?.length ?? 1) > 1 && attributeParts(p)![0]!.toLowerCase() === field.toLowerCase()) ? undefined : origin(node.input, field);
      case 'map':
        return node.fields.some((f) => f.name === field) ? undefined : origin(node.input, field);
      case 'renameField':
        return field === node.to ? origin(node.input, node.from) : field === node.from ? undefined : origin(node.input, field);
      case 'applyMapping': {
        const m = node.mappings.find((x) => mappingField(x.target) === field);
        const source = m === undefined ? undefined : mappingField(m.source);
        const same = (a: string, b: string) => a.toLowerCase().replace(/^bigint$/, 'long') === b.toLowerCase().replace(/^bigint$/, 'long');
        return m !== undefined && source !== undefined && same(m.sourceType, m.targetType) ? origin(node.input, source) : undefined;
      }
      case 'join': {
        const side = frameOf(node.left).cols.some((c) => c.name === field) ? node.left : frameOf(node.right).cols.some((c) => c.name === field) ? node.right : undefined;
        return side === undefined ? undefined : origin(side, field);
      }
      default:
        return undefined;
    }
  };

  /**
   * Where a field of a frame, or a member inside its structs (`path`: the field's name, then the members'), comes
   * from in a JSON source, through transforms that keep values and their types as they are (the fields `origin` follows,
   * and UnnestFrame, whose `a.b` field is the member b of the struct a); undefined where the lineage is not followed.
   * The type Glue gives such a field is its JSON reader's: NullType where every record is null or missing there.
   */
  /** the field a (possibly dotted) path starts at, lower-cased */
  const first = (x: string) => (attributeParts(x)?.[0] ?? x).toLowerCase();
  const readerPath = (id: string, path: readonly string[]): { source: string; path: string[] } | undefined => {
    const node = planNodes.get(id);
    if (node === undefined || path.length === 0) return undefined;
    const [field, ...rest] = path as [string, ...string[]];
    switch (node.kind) {
      case 'catalogSource':
        return jsonSources.has(id) ? { source: id, path: [...path] } : undefined;
      case 's3Source':
        // Glue's JSON reader (from_options), newline-delimited; Spark's (spark.read.json) types such a field string
        return jsonSources.has(id) && node.reader === undefined ? { source: id, path: [...path] } : undefined;
      case 'filter':
      case 'splitRows':
      case 'alias':
      case 'dropNullFields':
      case 'selectFields':
      case 'dropFields':
        return readerPath(node.input, path);
      case 'map':
        return node.fields.some((f) => f.name === field) ? undefined : readerPath(node.input, path);
      case 'renameField': {
        // a nested rename (a dotted path) changes a struct's members: not followed
        if ([node.from, node.to].some((x) => (attributeParts(x)?.length ?? 1) > 1 && first(x) === field.toLowerCase())) return undefined;
        return field === node.to ? readerPath(node.input, [node.from, ...rest]) : field === node.from ? undefined : readerPath(node.input, path);
      }
      case 'join': {
        const side = frameOf(node.left).cols.some((c) => c.name === field) ? node.left : frameOf(node.right).cols.some((c) => c.name === field) ? node.right : undefined;
        return side === undefined ? undefined : readerPath(side, path);
      }
      case 'resolveChoice': {
        // a field no spec names keeps its type (a NullType field is not a choice: `choice=` leaves it; match_catalog
        // casts to the table's types, not followed)
        if (node.choice !== undefined || node.database !== undefined) return undefined;
        return node.specs.some((sp) => first(sp.path) === field.toLowerCase()) ? undefined : readerPath(node.input, path);
      }
      case 'unnest': {
        // a field of the input kept as it is, or `a.b.c`: the member b.c of the input's struct a (a name that could be
        // read two ways is not followed; Glue Studio's Flatten goes through a DataFrame, not followed)
        const sep = '.';
        const input = frameOf(node.input).cols;
        const prefixed = input.filter((c) => field.startsWith(`${c.name}${sep}`));
        if (input.some((c) => c.name === field)) return prefixed.length > 0 ? undefined : readerPath(node.input, path);
        const holders = prefixed.filter((c) => c.type.startsWith('STRUCT('));
        if (holders.length !== 1) return undefined;
        const members = field.slice(holders[0]!.name.length + sep.length).split(sep);
        return members.some((m) => m === '') ? undefined : readerPath(node.input, [holders[0]!.name, ...members, ...rest]);
      }
      default:
        return undefined;
    }
  };
  /** a read by Glue's JSON reader: from_catalog of JSON, from_options(format="json") (multiline too) */
  const glueJsonRead = (id: string): boolean => {
    const n = planNodes.get(id);
    return n?.kind === 'catalogSource' ? jsonSources.has(id) : n?.kind === 's3Source' && n.reader === undefined && n.format === 'json';
  };
  /** the plan nodes a node reads (any of its values, at any depth, that names a node) */
  const inputsOf = (node: PlanNode): string[] => {
    const out: string[] = [];
    const walk = (v: unknown, depth: number): void => {
      if (typeof v === 'string') {
        if (v !== node.id && planNodes.has(v)) out.push(v);
      } else if (v !== null && typeof v === 'object' && depth < 4) for (const x of Object.values(v)) walk(x, depth + 1);
    };
    walk(node, 0);
    return out;
  };
  const fromGlueJson = new Map<string, boolean>();
  const readsGlueJson = (id: string, seen = new Set<string>()): boolean => {
    const known = fromGlueJson.get(id);
    if (known !== undefined) return known;
    const node = planNodes.get(id);
    if (node === undefined || seen.has(id)) return false;
    seen.add(id);
    const r = glueJsonRead(id) || inputsOf(node).some((i) => readsGlueJson(i, seen));
    fromGlueJson.set(id, r);
    return r;
  };
  const mayBeNullType = (id: string, c: FrameCol): boolean => readsGlueJson(id) && !c.ids.some((i) => ['applyMapping', 'resolveChoice'].includes(planNodes.get(i)?.kind ?? ''));

  // SQL expression strings, Column functions and operators are translated as Spark SQL while the nodes compile
  // (synchronously): the translator first
  const timeParserPolicy = plan.timeParserPolicy;
  const spark = plan.nodes.some(usesSparkTranslation) ? { translator: await loadSpark(), glueVersion: rc.glueVersion, timeParserPolicy } : undefined;
  const ctx: NodeContext = {
    file,
    ...(spark ? { spark } : {}),
    frame: frameOf,
    wholeAsLong,
    rootOrder: (cols) => rootTableOrder(plan, cols),
    catalogTable: (database, table) => rc.matchTables?.get(`${database}.${table}`.toLowerCase()),
    aliases: plan.nodes.reduce((m, n) => (n.kind === 'alias' ? m.set(n.alias.toLowerCase(), [...(m.get(n.alias.toLowerCase()) ?? []), n.id]) : m), new Map<string, string[]>()),
    // a value that stops the run (UNDECIDED_MARKER) met while a node learns from its input's rows: the error it names
    query: async (sql) =>
      (await conn.runAndReadAll(sql).catch((e: unknown) => {
        const text = e instanceof Error ? e.message : String(e);
        throw !isLakehouseError(e) && text.includes(UNDECIDED_MARKER) ? undecided(text, file, 0) : e;
      })).getRowsJson() as unknown[][],
    sparkQuery: (text, frames, base, columns) => prepareSparkQuery(conn, text, { frames, columns, base, glueVersion: rc.glueVersion, timeParserPolicy, translations: rc.engine.translations }),
    absentOnly: async (id, fields, options) => {
      const out = new Set<string>();
      for (const field of fields) {
        const o = origin(id, field);
        if (o === undefined) continue;
        const src = jsonSources.get(o.source)!;
        if (!src.nulls.has(o.key)) {
          const rows = (await conn.runAndReadAll(
            `SELECT count(*) FILTER (WHERE json_type(json -> ${literal(o.key)}) = 'NULL') FROM read_json_objects(${listLiteral(src.files)}, format='newline_delimited')`,
          )).getRowsJson() as (string | number)[][];
          src.nulls.set(o.key, Number(rows[0]![0]) > 0);
        }
        if (src.nulls.get(o.key) === false) out.add(field);
      }
      // asked to scan (more fields than the compiler decides per record): a field the frame never holds NULL in
      // needs no decision (CSV and Parquet sources, fields made by transforms); one scan of the frame for all
      if (options?.scan !== true) return out;
      const f = frameOf(id);
      const rest = fields.filter((x) => !out.has(x) && f.cols.filter((c) => c.name === x).length === 1);
      if (rest.length > 0) {
        const cols = rest.map((x) => f.cols.find((c) => c.name === x)!);
        const row = (await conn.runAndReadAll(`SELECT ${cols.map((c) => `count(*) FILTER (WHERE ${ident(c.phys)} IS NULL)`).join(', ')} FROM ${f.view}`)).getRowsJson()[0] as (string | number)[];
        rest.forEach((x, i) => {
          if (Number(row[i]) === 0) out.add(x);
        });
      }
      return out;
    },
  };

  const dqResults = new Map<number, Promise<DqdlResult>>();
  // the evaluator reads a relation by name: a view of the frame with its fields' names (duplicates kept once)
  const dqView = async (index: number, id: string, alias: string): Promise<string> => {
    const name = `__dq_${index}_${alias}`;
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${ident(name)} AS SELECT * FROM ${sinkView(frameOf(id), file, plan.dataQuality[index]!.line)}`);
    return name;
  };
  const dataQuality = (index: number): Promise<DqdlResult> => {
    let r = dqResults.get(index);
    if (r === undefined) {
      const dq = plan.dataQuality[index]!;
      const view = (id: string, alias: string) => dqView(index, id, alias);
      r = (async () => {
        const sources: Record<string, string> = {};
        for (const [alias, id] of Object.entries(dq.sources ?? {})) sources[alias] = await view(id, alias);
        return evaluateRuleset(conn, await view(dq.input, 'primary'), dq.ruleset, {
          ...(dq.sources ? { additionalSources: sources } : {}),
          base: { file, line: dq.rulesetAt?.line ?? dq.line, column: dq.rulesetAt?.column ?? 1 },
          compositeRuleEvaluationMethod: dataQualityNodeOptions(dq.publishingOptions as Record<string, string>, dq.additionalOptions as Record<string, string>).compositeRuleEvaluationMethod,
          glueVersion: rc.glueVersion,
        });
      })();
      dqResults.set(index, r);
    }
    return r;
  };

  for (const [i, node] of plan.nodes.entries()) {
    rc.checkCancelled();
    const view = ident(`__node_${i}`);
    let query: string;
    let compiled: CompiledNode | undefined;
    switch (node.kind) {
      case 'catalogSource': {
        const table = sourceTables.get(node.id)!;
        const read = await readCatalog(node, table, rc, jsonSources, spark);
        if (read.byValues === true) csvReads.add(node.id);
        sources.push(read.source);
        sourceList.push(table);
        query = read.select;
        break;
      }
      case 's3Source':
        query = await s3SourceSelect(node, rc, jsonSources);
        if (node.format === 'csv' && node.reader === undefined) csvReads.add(node.id);
        break;
      case 'dataQualityOutcomes':
        query = ruleOutcomesSql(await dataQuality(node.dq));
        break;
      case 'dataQualityRowOutcomes': {
        // the rule outcomes are evaluated first (as process_rows does), then each record's row-level results
        await dataQuality(node.dq);
        const dq = plan.dataQuality[node.dq]!;
        const base = { file, line: dq.rulesetAt?.line ?? dq.line, column: dq.rulesetAt?.column ?? 1 };
        query = await rowLevelOutcomesSql(conn, await dqView(node.dq, node.input, 'rows'), prepareRuleset(dq.ruleset, { base }), base, { glueVersion: rc.glueVersion });
        break;
      }
      case 'rows':
        query = rowsSelect(node);
        break;
      default:
        compiled = await compileNode(node, ctx);
        // the translation is one read-only query by construction; the engine's guard checks it like any SQL it runs
        if (compiled.spark) await assertReadOnlyQuery(conn, compiled.spark.select).catch((e: unknown) => Promise.reject(sqlNodeError(e, node, file)));
        for (const n of compiled.notes ?? []) rc.log(n);
        query = compiled.query ?? `SELECT ${compiled.distinctOn ? `DISTINCT ON (${compiled.distinctOn.join(', ')}) ` : compiled.distinct ? 'DISTINCT ' : ''}${selectList(compiled.cols!)} FROM ${compiled.from}`;
        if (!compiled.spark && sqlExpressions(node).length > 0) await guardTranslated(conn, query, node, file);
    }
    if (rc.sourceRows !== undefined && (node.kind === 'catalogSource' || node.kind === 's3Source')) query = `SELECT * FROM (${query}) LIMIT ${Math.max(0, Math.floor(rc.sourceRows))}`;
    // a frame whose values are random (rand(), randn(), uuid(), Glue Studio's Add UUID) is computed once: Spark fixes a
    // random expression's seed when the frame's plan is analysed (functions.scala `rand(Utils.random.nextLong)`, the
    // ResolveRandomSeed rule for uuid()), so every action on the frame — a count, each sink, a join with itself, two
    // filters of it — sees the same values. A view would draw new ones at each read.
    const create = `CREATE OR REPLACE TEMP ${RANDOM_CALL.test(query) ? 'TABLE' : 'VIEW'} ${view} AS ${query}`;
    if (node.kind === 'sql' || sqlExpressions(node).length > 0) {
      // user text stays one statement where it is embedded (queryGuard.ts; text DuckDB cannot parse fails below)
      const count = await conn.extractStatements(create).then((x) => x.count, () => 1);
      if (count !== 1) throw fail(node.line, `${node.kind === 'sql' ? sqlLabel(node) : 'an SQL expression'}: the query makes ${count} statements where it is used; only one query can run`, 'ScriptUnsupported');
    }
    let described: { name: string; duckType: string }[];
    try {
      // the view made and described in one call into DuckDB (statements run in order, the first failure stops
      // them): one round trip fewer per node. The line break ends a `--` comment the query may end with.
      const reader = await conn.runAndReadAll(`${create}\n;\nDESCRIBE SELECT * FROM ${view}`);
      described = (reader.getRowsJson() as string[][]).map((r) => ({ name: r[0]!, duckType: r[1]! }));
    } catch (e) {
      if (compiled?.spark && !isLakehouseError(e) && !String(e instanceof Error ? e.message : e).includes(UNDECIDED_MARKER)) throw sqlNodeError(compiled.spark.runError(e, create), node, file);
      throw viewError(e, node, query, file, fail);
    }
    // a node whose columns the compiler does not describe (a join, a union…) over an input with a field that is not
    // nullable: Spark's nullability there (Union: any side's; an outer join's other side: nullable) is not followed
    const strictInput = compiled?.cols === undefined ? nodeInputs(node).some((i) => frames.get(i)?.cols.some((c) => c.nullable !== undefined)) : false;
    const cols: FrameCol[] = described.map((d, j) => {
      const meta = compiled?.cols?.[j];
      // a Spark SQL query's fields: Spark decides each by its select item (count(*) is not nullable), not followed here
      const nullable = node.kind === 'rows' ? node.columns[j]?.nullable : node.kind === 'sql' ? `the field of the ${sqlLabel(node)}` : strictInput ? `a field through ${node.kind} of a frame with a field that is not nullable` : sparkNullability(meta, node.kind, d.duckType);
      return { name: meta?.name ?? d.name, phys: d.name, type: d.duckType, ids: meta?.ids ?? [...(compiled?.ids?.[j] ?? []), node.id], ...(nullable !== undefined ? { nullable } : {}) };
    });
    frames.set(node.id, { view, cols });
    if (node.kind === 'sql') rc.log(`${node.id} (line ${node.line}): SQL query over ${Object.keys(node.mapping).join(', ') || 'no frames'}`);
  }
  return { frames, sources, sourceList, dataQuality, wholeAsLong, readerPath, mayBeNullType };
}

/** the DataFrame methods whose fields passed through keep their nullability in Spark (a Project, Filter, Sort, …) */
const KEEPS_NULLABILITY = new Set(['project', 'withColumns', 'where', 'renameColumns', 'dropColumns', 'orderBy', 'limit', 'alias', 'dropDuplicates', 'aggregate', 'renameAll']);

/**
 * Spark's nullability of a node's output column (FrameCol.nullable): what the compiler gave, but a field that is not
 * nullable passed through another node (an outer join, a union, fillna…) is not followed there, nor are the inner
 * flags (containsNull, a struct's fields) of a nested value an expression makes
 */
function sparkNullability(meta: OutputCol | undefined, kind: string, duckType: string): false | string | undefined {
  if (meta === undefined) return undefined;
  if (meta.made !== undefined && /^(STRUCT|MAP)\(|\[\d*\]$/.test(duckType)) return `the expression ${meta.made} (a nested value: whether its parts may be null)`;
  if (meta.nullable === false && !KEEPS_NULLABILITY.has(kind)) return `a field that is not nullable through ${kind}`;
  return meta.nullable;
}

/** spark.createDataFrame's rows as a query: its values cast to the fields' types (no rows: the fields only). */
function rowsSelect(node: Extract<PlanNode, { kind: 'rows' }>): string {
  // an array of scalars (createDataFrame of list values): its element type's DuckDB type, as a list
  const duckOf = (type: string): string | undefined => {
    const st = /^struct<(.+)>$/.exec(type);
    if (st !== null) {
      const fields = st[1]!.split(',').map((f) => {
        const [name, t] = [f.slice(0, f.lastIndexOf(':')), f.slice(f.lastIndexOf(':') + 1)];
        return { name, t: duckTypeOfGlue(t) };
      });
      return fields.some((f) => f.t === undefined) ? undefined : `STRUCT(${fields.map((f) => `${ident(f.name)} ${f.t}`).join(', ')})`;
    }
    const m = /^map<(\w+),(\w+)>$/.exec(type);
    if (m !== null) {
      const [k, v] = [duckTypeOfGlue(m[1]!), duckTypeOfGlue(m[2]!)];
      return k === undefined || v === undefined ? undefined : `MAP(${k}, ${v})`;
    }
    const a = /^array<(.+)>$/.exec(type);
    if (a === null) return duckTypeOfGlue(type);
    const element = duckOf(a[1]!);
    return element === undefined ? undefined : `${element}[]`;
  };
  const types = node.columns.map((c) => {
    const t = duckOf(c.type);
    if (t === undefined) throw new LakehouseError('ScriptUnsupported', `createDataFrame (line ${node.line}): the field ${c.name}'s type ${c.type} is not followed`, { line: node.line });
    return t;
  });
  const element = (v: PyConst): string => {
    switch (v.py) {
      case 'none':
        return 'NULL';
      case 'bool':
        return v.v ? 'TRUE' : 'FALSE';
      case 'str':
        return literal(v.v);
      case 'int':
        return String(v.v);
      case 'float':
        return `CAST(${literal(Number.isNaN(v.v) ? 'NaN' : v.v === Infinity ? 'Infinity' : v.v === -Infinity ? '-Infinity' : String(v.v))} AS DOUBLE)`;
      case 'list':
        // a list inside a list (an array of arrays)
        return `[${v.items.map(element).join(', ')}]`;
      default:
        throw new Error('createDataFrame: nested values are refused when the script is read');
    }
  };
  const value = (v: PyConst, j: number): string => {
    const t = types[j]!;
    switch (v.py) {
      case 'none':
        return `CAST(NULL AS ${t})`;
      case 'bool':
        return `CAST(${v.v ? 'TRUE' : 'FALSE'} AS ${t})`;
      case 'str':
        return `CAST(${literal(v.v)} AS ${t})`;
      case 'int':
        return `CAST(${v.v} AS ${t})`;
      case 'float':
        // the double's own digits (JavaScript's shortest repr, as Python's), NaN and infinities by name
        return `CAST(${literal(Number.isNaN(v.v) ? 'NaN' : v.v === Infinity ? 'Infinity' : v.v === -Infinity ? '-Infinity' : String(v.v))} AS ${t})`;
      case 'tuple': {
        // a Row value (createDataFrame.ts holds it as a tuple of its values, in the struct's order)
        const names = node.columns[j]!.type.slice(7, -1).split(',').map((f) => f.slice(0, f.lastIndexOf(':')));
        return `CAST({${v.items.map((x, i) => `${literal(names[i]!)}: ${element(x)}`).join(', ')}} AS ${t})`;
      }
      case 'list':
        // a map (createDataFrame.ts holds a dict as its (key, value) tuples), or an array of scalars of one type or
        // None, cast as the column
        if (t.startsWith('STRUCT(')) return 'NULL';
        if (t.startsWith('MAP(')) return `CAST(MAP {${v.items.map((e) => (e.py === 'tuple' ? `${element(e.items[0]!)}: ${element(e.items[1]!)}` : 'NULL')).join(', ')}} AS ${t})`;
        return `CAST([${v.items.map(element).join(', ')}] AS ${t})`;
      default:
        throw new Error('createDataFrame: nested values are refused when the script is read');
    }
  };
  const names = node.columns.map((c) => ident(c.name));
  if (node.rows.length === 0) return `SELECT ${node.columns.map((_, j) => `${value({ py: 'none' }, j)} AS ${names[j]}`).join(', ')} WHERE false`;
  return `SELECT * FROM (VALUES ${node.rows.map((r) => `(${r.map(value).join(', ')})`).join(', ')}) AS __rows(${names.join(', ')})`;
}

/**
 * A node holding SQL expression strings, as translated (sparkExpr.ts): one read-only query for DuckDB
 * (queryGuard.ts: no file, settings or SQL-running functions), as any query the engine runs — which the Spark
 * translation's allow-list already makes it.
 */
async function guardTranslated(conn: DuckDBConnection, query: string, node: PlanNode, file: string): Promise<void> {
  await assertReadOnlyQuery(conn, query).catch((e: unknown) => {
    if (!isLakehouseError(e)) throw e;
    throw new LakehouseError(e.code, `${file}:${node.line}: an SQL expression: ${e.message}`, { file, line: node.line }, { cause: e });
  });
}

function viewError(e: unknown, node: PlanNode, query: string, file: string, fail: (line: number, message: string) => LakehouseError): LakehouseError {
  if (isLakehouseError(e)) return e;
  const text = e instanceof Error ? e.message : String(e);
  if (text.includes(UNDECIDED_MARKER)) return undecided(text, file, node.line);
  // a Spark runtime error of a translated SQL expression string names its place in the script (runtimeError.ts)
  const tagged = runtimeErrorPosition(text);
  if (tagged) return new LakehouseError('SqlError', `${file}:${tagged.line}:${tagged.column}: ${tagged.message.replace(/^[A-Za-z ]+ Error: /, '').split('\n')[0]}`, { file, line: tagged.line, column: tagged.column });
  const message = parseDuckError(e, query).message.replace(/^[A-Za-z ]+ Error: /, '');
  // a Parquet read of a file that is not Parquet (JSON files another job wrote): Spark's Parquet reader fails on it
  // too ("is not a Parquet file. Expected magic number at tail"), so the job fails on Glue as well
  const notParquet = /No magic bytes found at end of file '(?:.*?[\\/])?\.lakehouse[\\/]s3[\\/]([^'\\/]+)[\\/]([^']+)'/.exec(message);
  if (notParquet)
    return fail(
      node.line,
      `${node.kind} ${node.name ?? node.id}: s3://${notParquet[1]}/${notParquet[2]!.replace(/\\/g, '/')} is not a Parquet file (it has no Parquet footer); Spark's Parquet reader fails on it too ("is not a Parquet file"), so the job fails on Glue as well: read it with the format it was written in (format="json")`,
    );
  return fail(node.line, `${node.kind} ${node.name ?? node.id}: ${message}`);
}

/** A record the local engine cannot decide (rowSql.ts, nodeSql.ts `collapsed`): the construct's own message. */
export function undecided(text: string, file: string, line: number): LakehouseError {
  const m = text.slice(text.indexOf(UNDECIDED_MARKER) + UNDECIDED_MARKER.length).trim().split('\n')[0]!;
  const pos = /^[^:]+:(\d+)(?::(\d+))?:/.exec(m.startsWith(file) ? `x${m.slice(file.length)}` : m);
  return new LakehouseError('ScriptUnsupported', m, { file, line: pos ? Number(pos[1]) : line, ...(pos?.[2] ? { column: Number(pos[2]) } : {}) });
}


/**
 * The columns of {@link sinkView}'s relation as DuckDB would describe them, known without asking it: the frame's view
 * was described when it was made (buildFrames), and the sink selects its columns unchanged, under their field names.
 * Undefined when fields of one name are collapsed (their SQL is DuckDB's to type).
 */
export function sinkColumns(frame: Frame, file: string, line: number): { name: string; duckType: string }[] | undefined {
  if (collapsed(frame, file, line, 'the sink') !== undefined) return undefined;
  return frame.cols.map((x) => ({ name: x.name, duckType: x.type }));
}

/** The view a sink writes: the frame, with fields of one name (from a DataFrame join) kept once when they agree. */
export function sinkView(frame: Frame, file: string, line: number): string {
  const c = collapsed(frame, file, line, 'the sink');
  if (c !== undefined) return `(${c.sql})`;
  if (frame.cols.every((x) => x.phys === x.name)) return frame.view;
  return `(SELECT ${frame.cols.map((x) => `${ident(x.phys)} AS ${ident(x.name)}`).join(', ')} FROM ${frame.view})`;
}
