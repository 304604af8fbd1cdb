/**
 * The SELECT each plan node amounts to, over its inputs' views, with the semantics of the Glue transform or Spark
 * method it came from: Glue transforms match field names case-insensitively (as the runner always has), DataFrame
 * methods resolve names as Spark does (case-insensitively, ambiguity is an error), a DataFrame join keeps both
 * sides' fields (two of one name stay distinct until a DynamicFrame takes them, which keeps one when they agree),
 * unions are by position or by name, aggregates name their columns as Spark does.
 */
import type { ColExpr, PyConst, RowExpr } from '../../jobs/expr';
import type { PlanNode } from '../../jobs/plan';
import type { CatalogTable } from '../../model';
import { LakehouseError, isLakehouseError } from '../../errors';
import { attributeParts } from '../../jobs/vocabulary/columns';
import { compileCol, isNum, isText, literalSql, resolveField, structFields, type ColScope, type Compiled, type Side } from './colSql';
import { ident, literal } from './duck';
import { holdsChoice } from '../../sql/types';
import { errorAt, matching, physNames, pyKind, unsupportedAt, type Frame, type FrameCol } from './frames';
import { compileSqlText, sqlTextLabel, type SparkText } from './sparkExpr';
import type { PreparedSparkQuery } from './sparkSql';
import { compileRowPredicate, compileRowValue, MAX_UNCERTAIN_FIELDS, uncertainPaths, UNDECIDED_MARKER } from './rowSql';

/** One output column of a node: its SQL, its name (undefined: DuckDB's name for it) and the frames it passes through. */
export interface OutputCol {
  sql: string;
  name?: string;
  ids: string[];
}

export interface CompiledNode {
  /** FROM and what follows; the select list comes from `cols` (undefined: the SQL is a whole query) */
  from?: string;
  cols?: OutputCol[];
  /** a whole SELECT (set operations, the SQL Query node): names come from DuckDB */
  query?: string;
  /** an SQL node's Spark SQL as translated: maps DuckDB's errors back to the query's text */
  spark?: PreparedSparkQuery;
  /** ids each output column passes through, by position, for a whole query */
  ids?: string[][];
  /** SELECT DISTINCT, or DISTINCT ON these columns */
  distinct?: boolean;
  distinctOn?: string[];
  notes?: string[];
}

export interface NodeContext {
  file: string;
  frame(id: string): Frame;
  /** top-level fields of a frame whose NULL is known to be a missing key (JSON sources); see jobRunner */
  absentOnly(id: string, fields: string[], options?: { scan?: boolean }): Promise<Set<string>>;
  /** runs a query on the run's connection, rows as JSON */
  query(sql: string): Promise<unknown[][]>;
  /** the plan's df.alias names: alias (lower case) → node id */
  aliases: Map<string, string[]>;
  /** an SQL node's Spark SQL translated over `frames` (name → relation), its text starting at `base` in the script */
  sparkQuery(text: string, frames: Record<string, string>, base: { line: number; column: number }): Promise<PreparedSparkQuery>;
  /** a catalog table a node names (resolveChoice's match_catalog), fetched before the run */
  catalogTable(database: string, table: string): CatalogTable | undefined;
  /** the Spark SQL translator for SQL expression strings, loaded when the plan has any (sqlExpressions) */
  spark?: SparkText;
}

const passThrough = (c: FrameCol, node: string, qual?: string): OutputCol => ({ sql: qual ? `${qual}.${ident(c.phys)}` : ident(c.phys), name: c.name, ids: [...c.ids, node] });

/** The select list of a compiled node, with unique view columns. */
export function selectList(cols: OutputCol[]): string {
  const phys = physNames(cols.map((c, i) => c.name ?? `__unnamed_${i}`));
  return cols.map((c, i) => (c.name === undefined ? c.sql : `${c.sql} AS ${ident(phys[i]!)}`)).join(', ');
}

/**
 * A DynamicFrame made of a DataFrame with two fields of one name keeps one: the view with each such name once,
 * failing the run on a record where their values differ (which Glue's value would be is not known here).
 */
export function collapsed(frame: Frame, file: string, line: number, what: string): { sql: string; cols: FrameCol[] } | undefined {
  const groups = new Map<string, FrameCol[]>();
  for (const c of frame.cols) groups.set(c.name.toLowerCase(), [...(groups.get(c.name.toLowerCase()) ?? []), c]);
  if ([...groups.values()].every((g) => g.length === 1)) return undefined;
  const items: string[] = [];
  const cols: FrameCol[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    if (g.length === 1) items.push(ident(first.phys));
    else {
      const agree = g.slice(1).map((o) => `${ident(o.phys)} IS NOT DISTINCT FROM ${ident(first.phys)}`).join(' AND ');
      const msg = `${UNDECIDED_MARKER} ${file}:${line}: ${what} cannot run on the local engine: the frame has ${g.length} fields named ${first.name} (from a join) whose values differ in a record, and which one a DynamicFrame keeps is not known here; drop or rename one before (df.drop(other["${first.name}"]), or join on="${first.name}")`;
      items.push(`CASE WHEN ${agree} THEN ${ident(first.phys)} ELSE error(${literal(msg)}) END AS ${ident(first.phys)}`);
    }
    cols.push({ ...first, ids: [...new Set(g.flatMap((x) => x.ids))] });
  }
  return { sql: `SELECT ${items.join(', ')} FROM ${frame.view}`, cols };
}

/** The frame a Glue transform sees: duplicate fields collapsed. */
function glueFrame(ctx: NodeContext, id: string, line: number, what: string): { from: string; cols: FrameCol[] } {
  const f = ctx.frame(id);
  const c = collapsed(f, ctx.file, line, what);
  return c === undefined ? { from: f.view, cols: f.cols } : { from: `(${c.sql})`, cols: c.cols };
}

/**
 * Glue's (case-insensitive here) lookup of a field by its path: backticks quote a name (`` `sum(sales)` ``,
 * `` `.serialNumber` ``), a dot outside them reads a nested field, which is refused by name.
 */
function glueField(ctx: NodeContext, cols: FrameCol[], path: string, node: PlanNode, what: string): FrameCol | undefined {
  const parts = attributeParts(path) ?? [path];
  if (parts.length > 1) {
    if (matching(cols, path).length > 0) return matching(cols, path)[0];
    throw unsupportedAt(ctx.file, { line: node.line, column: 1, text: path }, `${what} with the nested path "${path}"`, 'nested field paths are not supported locally', 'use an SQL Query node');
  }
  return matching(cols, parts[0]!)[0];
}

const pos = (node: PlanNode, text: string = node.kind) => ({ line: node.line, column: 1, text });

/**
 * How messages name an SQL node: Glue Studio's SQL Query node by the name of its "# Script generated for node"
 * comment; else the spark.sql(…) call (which Glue Studio's sparkSqlQuery helper makes too).
 */
export function sqlLabel(node: PlanNode): string {
  return node.name !== undefined ? `SQL Query node ${node.name}` : `spark.sql(…) ${node.id}`;
}

/** An error of an SQL node's Spark SQL (its translation, analysis or run), at its line in the script and naming the node. */
export function sqlNodeError(e: unknown, node: PlanNode, file: string): LakehouseError {
  if (!isLakehouseError(e)) throw e;
  const line = e.detail.line ?? node.line;
  return new LakehouseError(e.code, `${file}:${line}: ${sqlLabel(node)}: ${e.message}`, { file, line, ...(e.detail.column !== undefined ? { column: e.detail.column } : {}) }, { cause: e });
}

export async function compileNode(node: PlanNode, ctx: NodeContext): Promise<CompiledNode> {
  const file = ctx.file;
  const scopeOf = (id: string, extra: Partial<ColScope> = {}): ColScope => ({ file, sides: [{ cols: ctx.frame(id).cols }], aliases: ctx.aliases, ...(ctx.spark ? { spark: ctx.spark } : {}), ...extra });
  switch (node.kind) {
    case 'catalogSource':
    case 's3Source':
    case 'dataQualityOutcomes':
      throw new Error('sources and data-quality outcomes are made by the runner');
    case 'sql': {
      // Spark SQL translated (src/core/sql/spark) over the mapping's frames, with their columns' types, as the job's
      // glueVersion's Spark reads it (targets/local/sparkSql.ts)
      const frames: Record<string, string> = {};
      for (const [alias, id] of Object.entries(node.mapping)) {
        const viewName = sparkViewName(alias);
        if (viewName === undefined)
          throw errorAt(file, pos(node), `${sqlLabel(node)}: mapping alias ${JSON.stringify(alias)} is not a name Spark can give a view (createOrReplaceTempView fails on it): use letters, digits and _`, 'ScriptUnsupported');
        const f = ctx.frame(id);
        // the node makes a DataFrame of each frame (toDF), where a ChoiceType becomes a struct of one field per type:
        // its text here would be another value (selected, it would be written as it was read, not as that struct)
        const choice = f.cols.find((x) => holdsChoice(x.type));
        if (choice !== undefined)
          throw unsupportedAt(
            file,
            pos(node),
            sqlLabel(node),
            `the field ${choice.name} of ${JSON.stringify(alias)} ${choice.type === 'JSON' ? 'has values of two types' : 'holds a field with values of two types'} (a ChoiceType), which toDF() makes a struct of one field per type on Glue`,
            `resolve it first: resolveChoice(specs=[("${choice.name}", "cast:string")])`,
          );
        const c = collapsed(f, file, node.line, `the ${sqlLabel(node)}`);
        frames[viewName] = `(${c?.sql ?? `SELECT ${f.cols.map((x) => (x.phys === x.name ? ident(x.phys) : `${ident(x.phys)} AS ${ident(x.name)}`)).join(', ')} FROM ${f.view}`})`;
      }
      let spark: PreparedSparkQuery;
      try {
        spark = await ctx.sparkQuery(node.query, frames, { line: node.queryLine, column: 1 });
      } catch (e) {
        throw sqlNodeError(e, node, file);
      }
      return { query: spark.select, spark };
    }
    case 'dropFields':
    case 'selectFields': {
      const what = node.kind === 'dropFields' ? 'DropFields' : 'SelectFields';
      const { from, cols } = glueFrame(ctx, node.input, node.line, what);
      const named = new Set(node.paths.map((p) => glueField(ctx, cols, p, node, what)).filter((c): c is FrameCol => c !== undefined));
      const keep = cols.filter((c) => (node.kind === 'dropFields' ? !named.has(c) : named.has(c)));
      if (keep.length === 0) throw errorAt(file, pos(node), `${what} leaves no fields`);
      return { from, cols: keep.map((c) => passThrough(c, node.id)) };
    }
    case 'renameField': {
      const { from, cols } = glueFrame(ctx, node.input, node.line, 'RenameField');
      const hit = glueField(ctx, cols, node.from, node, 'RenameField');
      return { from, cols: cols.map((c) => (c === hit ? { sql: ident(c.phys), name: node.to, ids: [node.id] } : passThrough(c, node.id))) };
    }
    case 'applyMapping': {
      const { from, cols } = glueFrame(ctx, node.input, node.line, 'ApplyMapping');
      const out = node.mappings.map((m) => {
        if (m.target.includes('.')) throw unsupportedAt(file, pos(node, m.target), `ApplyMapping to the nested target "${m.target}"`, 'building nested fields is not supported locally', 'use an SQL Query node');
        const type = glueType(m.targetType, node, file);
        let source: string | undefined;
        let sourceType: string | undefined;
        const hit = matching(cols, m.source)[0];
        if (hit) [source, sourceType] = [ident(hit.phys), hit.type];
        else if (m.source.includes('.')) {
          try {
            const field = resolveField({ file, sides: [{ cols }] }, m.source.split('.').map((p) => `\`${p}\``).join('.'), pos(node, m.source));
            [source, sourceType] = [field.sql, field.type];
          } catch {
            source = undefined; // a missing source field is NULL (Glue: absent)
          }
        }
        // a ChoiceType (JSON here): how ApplyMapping casts each of its types is not documented, and a cast of the JSON
        // text would keep a string's quotes
        if (sourceType !== undefined && holdsChoice(sourceType))
          throw unsupportedAt(
            file,
            pos(node, m.source),
            `ApplyMapping of "${m.source}"`,
            `${sourceType === 'JSON' ? 'its values have' : 'a field inside it has values of'} two types in the data (a ChoiceType), and how ApplyMapping casts each of them is not documented`,
            sourceType === 'JSON' ? `resolve it first: resolveChoice(specs=[("${m.source}", "cast:${m.sourceType === 'choice' ? 'string' : m.sourceType}")])` : 'drop the field holding it (DropFields), or leave it out of the mappings',
          );
        return { sql: source === undefined ? `CAST(NULL AS ${type})` : glueCast(source, sourceType, type), name: m.target, ids: [node.id] };
      });
      return { from, cols: out };
    }
    case 'join': {
      const l = glueFrame(ctx, node.left, node.line, 'Join');
      const r = glueFrame(ctx, node.right, node.line, 'Join');
      if (node.leftKeys.length !== node.rightKeys.length || node.leftKeys.length === 0) throw errorAt(file, pos(node), 'Join needs as many keys1 as keys2');
      const lk = node.leftKeys.map((k) => glueField(ctx, l.cols, k, node, 'Join'));
      const rk = node.rightKeys.map((k) => glueField(ctx, r.cols, k, node, 'Join'));
      // a key no record of its frame has: whether Glue fails or joins nothing is not documented
      const missingKey = (key: string, side: string) =>
        unsupportedAt(file, pos(node), `Join key ${key}`, `it is not a field of ${side}: no record of ${side} has it, and whether Glue then fails or joins nothing is not documented`, `name a field ${side} has`);
      lk.forEach((k, i) => {
        if (k === undefined) throw missingKey(node.leftKeys[i]!, 'frame1');
      });
      rk.forEach((k, i) => {
        if (k === undefined) throw missingKey(node.rightKeys[i]!, 'frame2');
      });
      // a key whose values have two types (a ChoiceType, JSON here): how Glue compares it with the other side's is
      // not documented
      for (const [k, key] of [...lk.map((x, i) => [x, node.leftKeys[i]] as const), ...rk.map((x, i) => [x, node.rightKeys[i]] as const)])
        if (holdsChoice(k!.type))
          throw unsupportedAt(file, pos(node), `Join on ${key}`, `the key ${k!.name} has values of two types in the data (a ChoiceType), and how Glue compares such a key is not documented`, `resolve it first: resolveChoice(specs=[("${k!.name}", "cast:string")])`);
      // a field of frame2 whose name frame1 has too is named `.<name>` in the result (Glue Studio's generated scripts
      // drop such fields as "`.serialNumber`" after a Join on keys of one name)
      const leftLower = new Set(l.cols.map((c) => c.name.toLowerCase()));
      // a string key against a number key: no record matches while no string holds a number (an e-mail never equals
      // a timestamp, as the corpus's MaximilianLutz/stedi-lakehouse machine_learning.py has it); a string that does
      // hold one would match or not depending on how Glue compares its records' values, which is not reproduced
      let never = false;
      for (const [i, a] of lk.entries()) {
        const b = rk[i]!;
        if (!((isText(a!.type) && isNum(b.type)) || (isNum(a!.type) && isText(b.type)))) continue;
        const [side, text] = isText(a!.type) ? [l, a!] : [r, b];
        const rows = await ctx.query(`SELECT count(*) FROM ${side.from} WHERE TRY_CAST(trim(${ident(text.phys)}) AS DOUBLE) IS NOT NULL`);
        if (Number((rows[0] as (string | number)[])[0]) > 0)
          throw unsupportedAt(
            file,
            pos(node),
            `Join on ${node.leftKeys[i]} = ${node.rightKeys[i]}`,
            `it compares the string field ${text.name} with a number field, and some of its strings hold numbers; whether Glue matches them is not reproduced locally`,
            'give both keys one type first (ApplyMapping)',
          );
        never = true;
      }
      const on = never ? 'FALSE' : lk.map((k, i) => `l.${ident(k!.phys)} = r.${ident(rk[i]!.phys)}`).join(' AND ');
      // with several keys, a DynamicFrame join has been seen to match records whose key values are a permutation of
      // each other ((1, 2) with (2, 1): awslabs/aws-glue-libs issue #76, not answered): where such a pair exists, the
      // local answer (keys matched in order) may not be Glue's, so the run stops
      if (lk.length > 1) {
        const values = (side: string, keys: (FrameCol | undefined)[]) => `list_sort([${keys.map((k) => `CAST(${side}.${ident(k!.phys)} AS VARCHAR)`).join(', ')}])`;
        const pairs = await ctx.query(`SELECT count(*) FROM ${l.from} l JOIN ${r.from} r ON ${values('l', lk)} = ${values('r', rk)} WHERE NOT coalesce(${on}, false)`);
        if (Number((pairs[0] as (string | number)[])[0]) > 0)
          throw unsupportedAt(
            file,
            pos(node),
            `Join on ${node.leftKeys.join(', ')} = ${node.rightKeys.join(', ')}`,
            'a record of frame1 and one of frame2 have the same key values in another order, and Glue\'s DynamicFrame join has been seen to match such records (awslabs/aws-glue-libs issue #76), which is not documented',
            'join on one key, or on the keys in an SQL Query node',
          );
      }
      const cols = [
        ...l.cols.map((c) => passThrough(c, node.id, 'l')),
        ...r.cols.map((c) => (leftLower.has(c.name.toLowerCase()) ? { sql: `r.${ident(c.phys)}`, name: `.${c.name}`, ids: [node.id] } : passThrough(c, node.id, 'r'))),
      ];
      return { from: `${l.from} l JOIN ${r.from} r ON ${on}`, cols };
    }
    case 'splitRows': {
      // SplitRows: the records for which every comparison holds, or all the others. A record without a value for a
      // compared field, and a field of another type than its constant, are refused: how Glue's splitRows compares
      // them is not documented
      const { from, cols } = glueFrame(ctx, node.input, node.line, node.construct);
      const tests: string[] = [];
      const present: string[] = [];
      for (const cmp of node.comparisons) {
        const col = glueField(ctx, cols, cmp.path, node, node.construct);
        const at = pos(node, `${cmp.path} ${cmp.op} ${JSON.stringify((cmp.value as { v: unknown }).v)}`);
        if (col === undefined)
          throw unsupportedAt(file, at, `${node.construct} on ${cmp.path}`, `no record of the frame has the field ${cmp.path}, and how Glue's splitRows compares a missing value is not documented`, 'compare a field the frame has');
        const kind = pyKind(col.type);
        const numeric = ['int', 'float', 'decimal'];
        const fits = cmp.value.py === 'str' ? kind === 'str' : cmp.value.py === 'bool' ? kind === 'bool' : numeric.includes(kind);
        if (!fits)
          throw unsupportedAt(file, at, `${node.construct} on ${cmp.path}`, `it compares the ${col.type} field ${col.name} with ${cmp.value.py === 'str' ? 'a string' : cmp.value.py === 'bool' ? 'a boolean' : 'a number'}, and how Glue's splitRows compares values of two types is not documented`, 'give the field the constant\'s type first (ApplyMapping)');
        tests.push(`${ident(col.phys)} ${cmp.op === '!=' ? '<>' : cmp.op} ${literalSql(cmp.value).sql}`);
        present.push(`${ident(col.phys)} IS NOT NULL`);
      }
      const message = `${UNDECIDED_MARKER} ${file}:${node.line}: ${node.construct} cannot run on the local engine: a record has no value (null or missing) for ${[...new Set(node.comparisons.map((x) => x.path))].join(' or ')}, and how Glue's splitRows compares a missing value is not documented; drop those records first (Filter.apply(f=lambda row: row["${node.comparisons[0]!.path}"] is not None))`;
      const holds = `CASE WHEN ${present.join(' AND ')} THEN (${tests.join(' AND ')}) ELSE error(${literal(message)}) END`;
      return { from: `${from} WHERE ${node.side === 'matching' ? holds : `NOT (${holds})`}`, cols: cols.map((c) => passThrough(c, node.id)) };
    }
    case 'dropNullFields': {
      // Glue drops the fields that are null in every record: known from the data
      const { from, cols } = glueFrame(ctx, node.input, node.line, 'DropNullFields');
      const counts = cols.length === 0 ? [] : ((await ctx.query(`SELECT ${cols.map((c) => `count(${ident(c.phys)})`).join(', ')} FROM ${from}`))[0] as (string | number)[]);
      const keep = cols.filter((_, j) => Number(counts[j]) > 0);
      if (keep.length === 0) return { from: `${from} WHERE false`, cols: cols.map((c) => passThrough(c, node.id)) };
      return { from, cols: keep.map((c) => passThrough(c, node.id)) };
    }
    case 'dropDuplicates': {
      const f = ctx.frame(node.input);
      if (!node.columns || node.columns.length === 0) return { from: f.view, cols: f.cols.map((c) => passThrough(c, node.id)), distinct: true };
      const on = node.columns.map((c) => {
        const hits = matching(f.cols, c);
        if (hits.length === 0) throw errorAt(file, pos(node), `dropDuplicates: no field ${c}`);
        if (hits.length > 1) throw errorAt(file, pos(node), `dropDuplicates: the reference ${c} is ambiguous`);
        return ident(hits[0]!.phys);
      });
      return { from: f.view, cols: f.cols.map((c) => passThrough(c, node.id)), distinctOn: on };
    }
    case 'filter': {
      const { from, cols } = glueFrame(ctx, node.input, node.line, node.construct);
      const fields = [...new Set(collectFields(node.predicate))];
      const absentOnly = await decidedFields(ctx, node.input, fields, [node.predicate], cols, node.construct);
      const p = compileRowPredicate(node.predicate, { file, cols, absentOnly, construct: node.construct, pos: node.predicate.pos });
      return { from: `${from} WHERE ${p.sql}`, cols: cols.map((c) => passThrough(c, node.id)), notes: p.notes };
    }
    case 'map': {
      // Map.apply: the records the function does not raise on, with the keys it set and without those it deleted
      const { from, cols } = glueFrame(ctx, node.input, node.line, node.construct);
      const fields = [...new Set(collectFields(node))];
      const absentOnly = await decidedFields(ctx, node.input, fields, [node.check, ...node.fields.flatMap((f) => (f.value ? [f.value] : []))], cols, node.construct);
      const input = { file, cols, absentOnly, construct: node.construct, pos: node.check.pos };
      const check = compileRowPredicate(node.check, input);
      const out: OutputCol[] = [];
      for (const c of cols) {
        const set = node.fields.find((f) => f.name === c.name);
        if (set === undefined) {
          const other = node.fields.find((f) => f.name.toLowerCase() === c.name.toLowerCase() && f.value !== null);
          if (other !== undefined)
            throw unsupportedAt(file, other.pos, `the key "${other.name}" in the function given to ${node.construct}`, `the record has the field "${c.name}": Python's keys are case-sensitive, so the record would hold both, which Spark's case-insensitive names cannot tell apart`, `set "${c.name}"`);
          out.push(passThrough(c, node.id));
        } else if (set.value !== null && !set.readded) out.push({ sql: compileRowValue(set.value, input, `"${set.name}"`), name: c.name, ids: [node.id] });
      }
      for (const f of node.fields)
        if (f.value !== null && (f.readded || !cols.some((c) => c.name === f.name))) out.push({ sql: compileRowValue(f.value, input, `"${f.name}"`), name: f.name, ids: [node.id] });
      if (out.length === 0) throw unsupportedAt(file, node.check.pos, `the function given to ${node.construct}`, 'it deletes every key: Glue makes an empty record an error record (the output has no records)', 'keep a field');
      return { from: `${from} WHERE ${check.sql}`, cols: out, notes: check.notes };
    }
    case 'where': {
      const f = ctx.frame(node.input);
      const c = node.condition.k === 'sql' ? compileSqlText(node.condition, scopeOf(node.input), { many: false, generator: false, condition: true })[0]! : compileCol(node.condition, scopeOf(node.input));
      return { from: `${f.view} WHERE ${c.sql}`, cols: f.cols.map((x) => passThrough(x, node.id)) };
    }
    case 'project': {
      const f = ctx.frame(node.input);
      const scope = scopeOf(node.input, { generator: true });
      const cols: OutputCol[] = [];
      // whether each column aggregates: a select of aggregates alone (selectExpr("count(*)")) is one row, as in Spark
      const aggregates: boolean[] = [];
      let sqlGenerators = 0;
      for (const item of node.items.flatMap((i) => expandFields(i, ctx))) {
        if (item.k === 'star') {
          for (const c of item.frame === undefined ? f.cols : f.cols.filter((x) => x.ids.includes(item.frame!))) {
            cols.push(passThrough(c, node.id));
            aggregates.push(false);
          }
          continue;
        }
        if (item.k === 'sql') {
          const made = compileSqlText(item, { ...scope, aggregate: true }, { many: true, generator: true });
          if (made.some((c) => c.generator)) sqlGenerators++;
          for (const c of made) {
            if (c.name === undefined)
              throw unsupportedAt(file, { line: item.line, column: item.column ?? item.pos.column, text: item.text }, sqlTextLabel(item), "Spark's name for this column is made from its expression, which the local engine does not reproduce", 'give it an alias in the text (… AS name)');
            cols.push(c.field !== undefined ? { sql: c.sql, name: c.name, ids: [...c.field.ids, node.id] } : { sql: c.sql, name: c.name, ids: [node.id] });
            aggregates.push(c.agg === true);
          }
          continue;
        }
        const c = compileCol(item, scope);
        cols.push(outputOf(c, node, item, file));
        aggregates.push(false);
      }
      const plain = aggregates.indexOf(false);
      if (aggregates.includes(true) && plain >= 0)
        throw errorAt(file, pos(node), `select: [MISSING_GROUP_BY] the column ${cols[plain]!.name ?? plain + 1} is neither an aggregate nor grouped, next to aggregate columns (Spark: grouping expressions sequence is empty); group with groupBy(…).agg(…)`);
      const gens = node.items.filter(isGenerator).length + sqlGenerators;
      if (gens > 1) throw unsupportedAt(file, node.items[0]!.pos, 'select(…) with two generators', 'Spark allows one generator (explode) per select', 'explode in two steps');
      return { from: f.view, cols };
    }
    case 'withColumns': {
      const f = ctx.frame(node.input);
      const scope = scopeOf(node.input, { generator: true });
      const cols: OutputCol[] = f.cols.map((c) => passThrough(c, node.id));
      const names = f.cols.map((c) => c.name.toLowerCase());
      for (const { name, expr } of node.columns) {
        const c = compileCol(expr, scope);
        const out: OutputCol = { sql: c.sql, name, ids: [node.id] };
        const at = names.indexOf(name.toLowerCase());
        if (at >= 0) {
          // every field of that name is replaced (Spark: withColumn replaces the existing column)
          names.forEach((n, i) => {
            if (n === name.toLowerCase()) cols[i] = i === at ? out : { sql: '', name: '', ids: [] };
          });
        } else {
          cols.push(out);
          names.push(name.toLowerCase());
        }
      }
      return { from: f.view, cols: cols.filter((c) => c.sql !== '') };
    }
    case 'renameColumns': {
      const f = ctx.frame(node.input);
      return {
        from: f.view,
        cols: f.cols.map((c) => {
          const r = node.renames.find((x) => x.from.toLowerCase() === c.name.toLowerCase());
          return r ? { sql: ident(c.phys), name: r.to, ids: [node.id] } : passThrough(c, node.id);
        }),
      };
    }
    case 'dropColumns': {
      const f = ctx.frame(node.input);
      const drop = new Set<FrameCol>();
      for (const e of node.columns.flatMap((i) => expandFields(i, ctx))) {
        if (e.k === 'col') {
          const hits = e.frame === undefined && !e.name.includes('.') ? matching(f.cols, e.name.replace(/^`|`$/g, '')) : e.frame !== undefined ? matching(f.cols, e.name.replace(/^`|`$/g, ''), e.frame) : [];
          for (const h of hits) drop.add(h);
        }
      }
      const keep = f.cols.filter((c) => !drop.has(c));
      if (keep.length === 0) return { query: `SELECT 1 AS __lakehouse_no_fields WHERE false`, ids: [[]] };
      return { from: f.view, cols: keep.map((c) => passThrough(c, node.id)) };
    }
    case 'dfJoin':
      return dfJoin(node, ctx);
    case 'union': {
      const frames = node.inputs.map((id) => ctx.frame(id));
      if (!node.byName) {
        const width = frames[0]!.cols.length;
        for (const f of frames.slice(1))
          if (f.cols.length !== width) throw errorAt(file, pos(node), `union: the frames have ${width} and ${f.cols.length} fields; Spark's union is by position and needs the same number (use unionByName)`);
        return { query: frames.map((f) => `SELECT ${f.cols.map((c) => ident(c.phys)).join(', ')} FROM ${f.view}`).join(` UNION ${node.distinct ? '' : 'ALL '}`), ids: frames[0]!.cols.map(() => [node.id]) };
      }
      if (!node.allowMissing) {
        const names = (f: Frame) => f.cols.map((c) => c.name.toLowerCase()).sort().join(',');
        for (const f of frames.slice(1))
          if (names(f) !== names(frames[0]!)) throw errorAt(file, pos(node), 'unionByName: the frames have different fields; pass allowMissingColumns=True to fill the missing ones with null');
      }
      const sel = (f: Frame) => `SELECT ${f.cols.map((c) => `${ident(c.phys)} AS ${ident(c.name)}`).join(', ')} FROM ${f.view}`;
      return { query: frames.map(sel).join(` UNION ${node.distinct ? '' : 'ALL '}BY NAME `) };
    }
    case 'setOp': {
      const l = ctx.frame(node.left);
      const r = ctx.frame(node.right);
      if (l.cols.length !== r.cols.length) throw errorAt(file, pos(node), `${node.op}: the frames have ${l.cols.length} and ${r.cols.length} fields`);
      const sel = (f: Frame) => `SELECT ${f.cols.map((c) => ident(c.phys)).join(', ')} FROM ${f.view}`;
      return { query: `${sel(l)} ${node.op === 'intersect' ? 'INTERSECT' : 'EXCEPT'}${node.all ? ' ALL' : ''} ${sel(r)}`, ids: l.cols.map((c) => [...c.ids, node.id]) };
    }
    case 'aggregate':
      return aggregate(node, ctx);
    case 'orderBy': {
      const f = ctx.frame(node.input);
      const scope = scopeOf(node.input);
      const keys = node.keys.map((k) => (k.k === 'sort' ? compileCol(k, scope).sql : `${compileCol(k, scope).sql} ASC NULLS FIRST`));
      return { from: `${f.view} ORDER BY ${keys.join(', ')}`, cols: f.cols.map((c) => passThrough(c, node.id)) };
    }
    case 'limit': {
      const f = ctx.frame(node.input);
      return { from: `${f.view} LIMIT ${Math.max(0, node.n)}`, cols: f.cols.map((c) => passThrough(c, node.id)) };
    }
    case 'fillna': {
      const f = ctx.frame(node.input);
      const cols = f.cols.map((c): OutputCol => {
        const value = node.values !== undefined ? Object.entries(node.values).find(([k]) => k.toLowerCase() === c.name.toLowerCase())?.[1] : node.subset === undefined || node.subset.some((s) => s.toLowerCase() === c.name.toLowerCase()) ? node.value : undefined;
        if (value === undefined || !fillApplies(value, c.type)) return passThrough(c, node.id);
        return { sql: `coalesce(${ident(c.phys)}, TRY_CAST(${literalSql(value).sql} AS ${c.type}))`, name: c.name, ids: [node.id] };
      });
      return { from: f.view, cols };
    }
    case 'dropna': {
      const f = ctx.frame(node.input);
      const subset = node.subset === undefined ? f.cols : node.subset.map((s) => {
        const hit = matching(f.cols, s)[0];
        if (hit === undefined) throw errorAt(file, pos(node), `dropna: no field ${s}`);
        return hit;
      });
      const nonNull = subset.map((c) => `(CASE WHEN ${ident(c.phys)} IS NOT NULL${pyKind(c.type) === 'float' ? ` AND NOT isnan(${ident(c.phys)})` : ''} THEN 1 ELSE 0 END)`).join(' + ') || '0';
      const min = node.thresh !== undefined ? node.thresh : node.how === 'any' ? subset.length : 1;
      return { from: `${f.view} WHERE (${nonNull}) >= ${min}`, cols: f.cols.map((c) => passThrough(c, node.id)) };
    }
    case 'flatten': {
      // Glue Studio's Flatten (docs: transforms-flatten.html): each struct field becomes a top-level field named
      // with the path to it, joined by the separator ("phone_numbers.home_phone.number"), in the struct's place;
      // maxLevels limits how deep (0: every level); arrays are left as they are
      const { from, cols } = glueFrame(ctx, node.input, node.line, 'Flatten');
      const out: OutputCol[] = [];
      const walk = (sql: string, name: string, type: string, level: number, col: FrameCol) => {
        const fields = type.startsWith('STRUCT(') && (node.maxLevels === 0 || level < node.maxLevels) ? structFields(type) : [];
        if (fields.length === 0) {
          out.push(level === 0 ? passThrough(col, node.id) : { sql, name, ids: [node.id] });
          return;
        }
        for (const f of fields) walk(`${sql}[${literal(f.name)}]`, `${name}${node.separator}${f.name}`, f.type, level + 1, col);
      };
      for (const c of cols) walk(ident(c.phys), c.name, c.type, 0, c);
      return { from, cols: out };
    }
    case 'alias': {
      const f = ctx.frame(node.input);
      return { from: f.view, cols: f.cols.map((c) => passThrough(c, node.id)) };
    }
    case 'renameAll': {
      const f = ctx.frame(node.input);
      if (node.names.length !== f.cols.length) throw errorAt(file, pos(node), `toDF: the frame has ${f.cols.length} fields, ${node.names.length} names given`);
      return { from: f.view, cols: f.cols.map((c, i) => ({ sql: ident(c.phys), name: node.names[i]!, ids: [node.id] })) };
    }
    case 'resolveChoice':
      return await resolveChoice(node, ctx);
    case 'toDF':
      return await toDF(node, ctx);
  }
}

/**
 * DynamicFrame.toDF(): the same records as a DataFrame — but a ChoiceType field (a JSON column here) becomes, on Glue,
 * a struct of one field per type ("AWS Glue type systems": a choice has no DataFrame type of its own), whose field
 * names follow the types Glue's reader gave the values (int or long, …). The local engine does not make that struct:
 * a frame with such a field is refused at the toDF() line — known only once the data's schema is, so here, at run
 * time. (A toDF() only SQL nodes read, which refuse a ChoiceType naming themselves, or only a count, is no node of
 * the plan: planBuilder.ts.)
 */
async function toDF(node: Extract<PlanNode, { kind: 'toDF' }>, ctx: NodeContext): Promise<CompiledNode> {
  const f = ctx.frame(node.input);
  const choice = f.cols.find((c) => holdsChoice(c.type));
  if (choice !== undefined) {
    const present =
      choice.type === 'JSON'
        ? (await ctx.query(`SELECT DISTINCT json_type(${ident(choice.phys)}) AS t FROM ${f.view} WHERE ${ident(choice.phys)} IS NOT NULL ORDER BY t`)).map((r) => CHOICE_TYPES[String(r[0])] ?? String(r[0]).toLowerCase())
        : [];
    const types = [...new Set(present)];
    const at = node.calledAt ?? { line: node.line, column: node.column };
    const construct = node.calledAt ? `${node.calledAt.fn}(…) (its ${node.construct}, line ${node.line})` : node.construct;
    const cast = types.includes('string') ? 'cast:string' : `cast:${types[0] ?? 'string'}`;
    throw unsupportedAt(
      ctx.file,
      { line: at.line, column: at.column, text: node.construct },
      construct,
      choice.type === 'JSON'
        ? `the field ${choice.name} has values of ${types.length > 1 ? `two types (${types.join(' and ')})` : 'two types'} in the data — a ChoiceType, which toDF() makes a struct of one field per type on Glue, not the values themselves`
        : `a field inside ${choice.name} has values of two types in the data — a ChoiceType (${choice.name} is ${choice.type} here, JSON marking it), which toDF() makes a struct of one field per type on Glue, not the values themselves`,
      choice.type === 'JSON'
        ? `resolve it before toDF(): .resolveChoice(specs=[("${choice.name}", "${cast}")]), or "project:<type>" to keep one type's values, or choice="make_cols" for a field per type`
        : `the local engine does not resolve a nested choice: drop ${choice.name} before toDF() (DropFields), or write the DynamicFrame to JSON as it is`,
    );
  }
  return { from: f.view, cols: f.cols.map((c) => passThrough(c, node.id)) };
}

/**
 * `df.columns` as columns: the names the frame has now (Python's exact comparison for the names left out or kept),
 * each as `F.col(prefix + name + suffix)`.
 */
function expandFields(e: ColExpr, ctx: NodeContext): ColExpr[] {
  if (e.k !== 'fields') return [e];
  const names = ctx
    .frame(e.frame)
    .cols.map((c) => c.name)
    .filter((n) => !e.exclude.includes(n) && (e.include === undefined || e.include.includes(n)));
  return names.map((n) => ({ pos: e.pos, k: 'col', name: e.prefix === '' && e.suffix === '' ? `\`${n.replace(/`/g, '``')}\`` : `${e.prefix}${n}${e.suffix}` }));
}

function isGenerator(e: ColExpr): boolean {
  if (e.k === 'alias') return isGenerator(e.arg);
  return e.k === 'fn' && (e.name === 'explode' || e.name === 'explode_outer');
}

/**
 * The view a mapping alias becomes, as Spark's `createOrReplaceTempView(alias)` reads it (Dataset.createTempView:
 * `parseMultipartIdentifier(viewName)`, one part for a temporary view): a name of letters, digits and `_` (not all
 * digits), or one `` `quoted` `` name. Undefined when Spark refuses it ("Invalid view name").
 */
export function sparkViewName(alias: string): string | undefined {
  if (/^[A-Za-z0-9_]+$/.test(alias) && !/^\d+$/.test(alias)) return alias;
  const quoted = /^`((?:[^`]|``)+)`$/.exec(alias);
  return quoted ? quoted[1]!.replace(/``/g, '`') : undefined;
}

/** The SQL expression strings a node embeds (filter("a > 1"), expr(…), selectExpr, Derived Column), for the guard. */
export function sqlExpressions(node: PlanNode): Extract<ColExpr, { k: 'sql' }>[] {
  const out: Extract<ColExpr, { k: 'sql' }>[] = [];
  const walk = (e: ColExpr): void => {
    switch (e.k) {
      case 'sql':
        out.push(e);
        return;
      case 'fn':
      case 'op':
        e.args.forEach(walk);
        return;
      case 'when':
        e.branches.forEach((b) => (walk(b.cond), walk(b.value)));
        if (e.otherwise) walk(e.otherwise);
        return;
      case 'cast':
      case 'alias':
      case 'sort':
        walk(e.arg);
        return;
      case 'over':
        walk(e.arg);
        e.window.partitionBy.forEach(walk);
        e.window.orderBy.forEach(walk);
        return;
      default:
        return;
    }
  };
  switch (node.kind) {
    case 'catalogSource':
      return node.pushDownPredicate ? [node.pushDownPredicate] : [];
    case 'where':
      walk(node.condition);
      break;
    case 'project':
      node.items.forEach(walk);
      break;
    case 'withColumns':
      node.columns.forEach((c) => walk(c.expr));
      break;
    case 'dropColumns':
      node.columns.forEach(walk);
      break;
    case 'aggregate':
      [...node.groupBy, ...node.aggs, ...(node.pivot ? [node.pivot.column] : [])].forEach(walk);
      break;
    case 'orderBy':
      node.keys.forEach(walk);
      break;
    case 'dfJoin':
      if (node.on.kind === 'expr') walk(node.on.expr);
      break;
    default:
      break;
  }
  return out;
}

function outputOf(c: Compiled, node: PlanNode, item: ColExpr, file: string): OutputCol {
  if (c.field !== undefined && item.k === 'col') return { sql: c.sql, name: c.name!, ids: [...c.field.ids, node.id] };
  if (c.name === undefined)
    throw unsupportedAt(file, item.pos, `the column ${item.pos.text}`, "Spark's name for this unnamed expression is not reproduced locally", 'give it a name with .alias("name")');
  return { sql: c.sql, name: c.name, ids: [node.id] };
}

function fillApplies(v: PyConst, duckType: string): boolean {
  const k = pyKind(duckType);
  if (v.py === 'int' || v.py === 'float') return k === 'int' || k === 'float' || k === 'decimal';
  if (v.py === 'str') return k === 'str';
  if (v.py === 'bool') return k === 'bool';
  return false;
}

/**
 * The fields whose NULL needs no null-or-missing decision: known for JSON sources; where more than the compiler
 * decides per record remain, the frame is scanned once for those it never holds NULL in (CSV, Parquet, …).
 */
async function decidedFields(ctx: NodeContext, input: string, fields: string[], exprs: RowExpr[], cols: FrameCol[], construct: string): Promise<Set<string>> {
  const known = await ctx.absentOnly(input, fields);
  const open = new Set(exprs.flatMap((e) => uncertainPaths(e, { file: ctx.file, cols, absentOnly: known, construct, pos: e.pos })));
  return open.size > MAX_UNCERTAIN_FIELDS ? ctx.absentOnly(input, fields, { scan: true }) : known;
}

function collectFields(e: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    const o = x as { k?: string; path?: string[] };
    if ((o.k === 'field' || o.k === 'get') && Array.isArray(o.path)) out.push(o.path[0]!);
    for (const v of Object.values(x)) walk(v);
  };
  walk(e);
  return out;
}

function dfJoin(node: Extract<PlanNode, { kind: 'dfJoin' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
  const l = ctx.frame(node.left);
  const r = ctx.frame(node.right);
  const sides: Side[] = [
    { cols: l.cols, qual: 'l' },
    { cols: r.cols, qual: 'r' },
  ];
  const how = { inner: 'JOIN', left: 'LEFT JOIN', right: 'RIGHT JOIN', full: 'FULL JOIN', semi: 'SEMI JOIN', anti: 'ANTI JOIN', cross: 'CROSS JOIN' }[node.how];
  if (node.on.kind === 'cross') return { from: `${l.view} l ${how} ${r.view} r`, cols: [...l.cols.map((c) => passThrough(c, node.id, 'l')), ...r.cols.map((c) => passThrough(c, node.id, 'r'))] };
  if (node.on.kind === 'using') {
    const keys = node.on.columns.map((k) => {
      const lh = matching(l.cols, k);
      const rh = matching(r.cols, k);
      if (lh.length !== 1 || rh.length !== 1) throw errorAt(file, pos(node), `join on "${k}": ${lh.length === 0 || rh.length === 0 ? `the ${lh.length === 0 ? 'left' : 'right'} frame has no field ${k}` : 'the field is ambiguous'}`);
      return { l: lh[0]!, r: rh[0]! };
    });
    const on = keys.map((k) => `l.${ident(k.l.phys)} = r.${ident(k.r.phys)}`).join(' AND ');
    const keyCols: OutputCol[] = keys.map((k) => ({
      sql: node.how === 'full' ? `coalesce(l.${ident(k.l.phys)}, r.${ident(k.r.phys)})` : node.how === 'right' ? `r.${ident(k.r.phys)}` : `l.${ident(k.l.phys)}`,
      name: k.l.name,
      ids: node.how === 'full' ? [node.id] : node.how === 'right' ? [...k.r.ids, node.id] : [...k.l.ids, node.id],
    }));
    const lRest = l.cols.filter((c) => !keys.some((k) => k.l === c)).map((c) => passThrough(c, node.id, 'l'));
    if (node.how === 'semi' || node.how === 'anti') return { from: `${l.view} l ${how} ${r.view} r ON ${on}`, cols: l.cols.map((c) => passThrough(c, node.id, 'l')) };
    const rRest = r.cols.filter((c) => !keys.some((k) => k.r === c)).map((c) => passThrough(c, node.id, 'r'));
    return { from: `${l.view} l ${how} ${r.view} r ON ${on}`, cols: [...keyCols, ...lRest, ...rRest] };
  }
  const cond = compileCol(node.on.expr, { file, sides, aliases: ctx.aliases, ...(ctx.spark ? { spark: ctx.spark } : {}) });
  const cols = node.how === 'semi' || node.how === 'anti' ? l.cols.map((c) => passThrough(c, node.id, 'l')) : [...l.cols.map((c) => passThrough(c, node.id, 'l')), ...r.cols.map((c) => passThrough(c, node.id, 'r'))];
  return { from: `${l.view} l ${how} ${r.view} r ON ${cond.sql}`, cols };
}

function aggregate(node: Extract<PlanNode, { kind: 'aggregate' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const scope: ColScope = { file, sides: [{ cols: f.cols }], aliases: ctx.aliases, ...(ctx.spark ? { spark: ctx.spark } : {}) };
  const keys = node.groupBy.map((k) => {
    const c = compileCol(k, scope);
    return outputOf(c, node, k, file);
  });
  const aggScope: ColScope = { ...scope, aggregate: true };
  const aggs = node.aggs.map((a) => {
    const c = compileCol(a, aggScope);
    if (c.name === undefined) throw unsupportedAt(file, a.pos, `the aggregate ${a.pos.text}`, "Spark's name for this column is not reproduced locally", 'give it a name with .alias("name")');
    return { c, expr: a };
  });
  const groupBy = keys.length > 0 ? ` GROUP BY ${keys.map((k) => k.sql).join(', ')}` : '';
  if (node.pivot === undefined) return { from: `${f.view}${groupBy}`, cols: [...keys, ...aggs.map(({ c }) => ({ sql: c.sql, name: c.name!, ids: [node.id] }))] };
  // pivot: one column per value (and per aggregate when there are several: value_name)
  const pc = compileCol(node.pivot.column, scope);
  const cols: OutputCol[] = [...keys];
  for (const v of node.pivot.values ?? []) {
    const lit = literalSql(v);
    for (const { c, expr } of aggs) {
      if (!/^\w+\(.*\)$/s.test(c.sql) || c.sql.includes('FILTER')) throw unsupportedAt(file, expr.pos, `pivot(…).agg(${expr.pos.text})`, 'this aggregate cannot be split by the pivot values locally', 'use sum, count, avg, min or max');
      const filtered = `${c.sql} FILTER (WHERE ${pc.sql} IS NOT DISTINCT FROM ${lit.sql})`;
      cols.push({ sql: filtered, name: aggs.length === 1 ? lit.name : `${lit.name}_${c.name}`, ids: [node.id] });
    }
  }
  return { from: `${f.view}${groupBy}`, cols };
}

/** A ChoiceType's member types (JSON values of a column), as Glue names them, from DuckDB's json_type. */
const CHOICE_TYPES: Record<string, string> = { VARCHAR: 'string', BIGINT: 'long', UBIGINT: 'long', DOUBLE: 'double', BOOLEAN: 'boolean', OBJECT: 'struct', ARRAY: 'array' };
const CHOICE_DUCK: Record<string, string> = { string: 'VARCHAR', long: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN' };

/**
 * ResolveChoice (AWS Glue developer guide, ResolveChoice class and DynamicFrame.resolveChoice): for a field with
 * values of several types (a ChoiceType: a JSON column here) `cast:T` casts every value, `project:T` keeps the values
 * of type T (the others are null), `make_cols` makes a field `<name>_<type>` per type, `make_struct` a struct with a
 * field per type, and `match_catalog` casts to the type the catalog table declares for the field.
 */
async function resolveChoice(node: Extract<PlanNode, { kind: 'resolveChoice' }>, ctx: NodeContext): Promise<CompiledNode> {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const cols: OutputCol[] = [];
  const castTo = (c: FrameCol, t: string): string =>
    c.type === 'JSON'
      ? INTEGRAL.has(t)
        ? `CASE WHEN json_type(${ident(c.phys)}) = 'DOUBLE' THEN ${glueCast(`CAST(${ident(c.phys)} AS DOUBLE)`, 'DOUBLE', t)} ELSE TRY_CAST(json_extract_string(${ident(c.phys)}, '$') AS ${t}) END`
        : `TRY_CAST(json_extract_string(${ident(c.phys)}, '$') AS ${t})`
      : glueCast(ident(c.phys), c.type, t);
  // a path inside a struct or an array (`a.b`, `myList[].price`): not resolved here
  for (const s of node.specs)
    if (!f.cols.some((c) => c.name.toLowerCase() === s.path.toLowerCase()) && /[.[]/.test(s.path))
      throw unsupportedAt(file, pos(node, s.path), `ResolveChoice of the nested path "${s.path}"`, 'choices inside structs and arrays are not resolved locally', 'resolve a top-level field, or drop the field holding it (DropFields)');
  for (const c of f.cols) {
    const spec = node.specs.find((s) => s.path.toLowerCase() === c.name.toLowerCase());
    const action = spec?.action ?? (c.type === 'JSON' ? node.choice : undefined);
    if (action === undefined) {
      cols.push(passThrough(c, node.id));
      continue;
    }
    const a = action.toLowerCase();
    const cast = /^(cast|project):(.+)$/.exec(a);
    if (cast) {
      const t = glueType(cast[2]!, node, file);
      if (cast[1] === 'project' && c.type === 'JSON') {
        const jt = { VARCHAR: "'VARCHAR'", BIGINT: "'UBIGINT', 'BIGINT'", INTEGER: "'UBIGINT', 'BIGINT'", DOUBLE: "'DOUBLE', 'UBIGINT', 'BIGINT'", BOOLEAN: "'BOOLEAN'" }[t];
        if (jt === undefined) throw unsupportedAt(file, pos(node), `ResolveChoice project:${cast[2]}`, 'projecting to this type is not translated', 'use cast:<type>');
        cols.push({ sql: `CASE WHEN json_type(${ident(c.phys)}) IN (${jt}) THEN ${castTo(c, t)} END`, name: c.name, ids: [node.id] });
      } else cols.push({ sql: castTo(c, t), name: c.name, ids: [node.id] });
      continue;
    }
    if (a === 'match_catalog') {
      const table = node.database !== undefined && node.table !== undefined ? ctx.catalogTable(node.database, node.table) : undefined;
      if (table === undefined) throw errorAt(file, pos(node), `ResolveChoice match_catalog: the table ${node.database ?? '?'}.${node.table ?? '?'} does not exist in the catalog`);
      const declared = [...table.storage.columns, ...table.partitionKeys].find((x) => x.name.toLowerCase() === c.name.toLowerCase());
      if (c.type !== 'JSON' || declared === undefined) {
        cols.push(passThrough(c, node.id));
        continue;
      }
      cols.push({ sql: castTo(c, glueType(declared.type, node, file)), name: c.name, ids: [node.id] });
      continue;
    }
    if (c.type !== 'JSON') {
      cols.push(passThrough(c, node.id));
      continue;
    }
    // make_cols / make_struct: one part per type the values have
    const present = (await ctx.query(`SELECT DISTINCT json_type(${ident(c.phys)}) FROM ${f.view} WHERE ${ident(c.phys)} IS NOT NULL`)).map((r) => String(r[0]));
    const types = [...new Set(present.map((t) => CHOICE_TYPES[t] ?? t.toLowerCase()))].sort();
    const nested = types.find((t) => CHOICE_DUCK[t] === undefined);
    if (nested !== undefined)
      throw unsupportedAt(file, pos(node), `ResolveChoice ${action} of ${c.name}`, `one of its types is ${nested === 'struct' || nested === 'array' ? `a ${nested}` : nested}, whose fields are not known locally`, 'use cast:string, or project:<type>');
    const part = (t: string) => `CASE WHEN json_type(${ident(c.phys)}) IN (${Object.entries(CHOICE_TYPES).filter(([, g]) => g === t).map(([j]) => literal(j)).join(', ')}) THEN ${castTo(c, CHOICE_DUCK[t]!)} END`;
    if (a === 'make_cols') for (const t of types) cols.push({ sql: part(t), name: `${c.name}_${t}`, ids: [node.id] });
    else cols.push({ sql: types.length === 0 ? 'NULL' : `CASE WHEN ${ident(c.phys)} IS NOT NULL THEN struct_pack(${types.map((t) => `${ident(t)} := ${part(t)}`).join(', ')}) END`, name: c.name, ids: [node.id] });
  }
  return { from: f.view, cols };
}

const INTEGRAL = new Set(['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT']);

/**
 * A Glue transform's cast (ApplyMapping, ResolveChoice cast:T) of a value of DuckDB type `from` to `to`: a fractional
 * number to a whole-number type drops its fraction (toward zero), as the JVM's narrowing conversion and Spark's Cast
 * do (Java Language Specification 5.1.3; 1.5 → 1, -1.5 → -1) — DuckDB's cast rounds (1.5 → 2); else DuckDB's TRY_CAST.
 */
function glueCast(sql: string, from: string | undefined, to: string): string {
  if (INTEGRAL.has(to) && from !== undefined && /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(from)) return `TRY_CAST(trunc(${sql}) AS ${to})`;
  return `TRY_CAST(${sql} AS ${to})`;
}

/** Spark/Glue type names (ApplyMapping, ResolveChoice) → DuckDB */
const GLUE_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  long: 'BIGINT',
  bigint: 'BIGINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  short: 'SMALLINT',
  smallint: 'SMALLINT',
  byte: 'TINYINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
};

export function glueType(name: string, node: PlanNode, file: string): string {
  const t = name.trim().toLowerCase();
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  const mapped = GLUE_TYPES[t];
  if (!mapped) throw unsupportedAt(file, pos(node, name), `the type "${name}"`, 'it is not one of the types the local engine maps', 'use string, long, int, double, float, boolean, date, timestamp or decimal(p,s)');
  return mapped;
}
