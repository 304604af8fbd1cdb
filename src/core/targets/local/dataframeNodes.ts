/**
 * The DataFrame side of the plan (the Spark methods Glue scripts call on DataFrames, and the DataFrame that Glue
 * Studio's generated helpers and gs_* nodes make): each plan node kind → the SELECT it amounts to over its inputs'
 * views, with Spark's semantics — names resolved case-insensitively (ambiguity is an error), Spark's column names for
 * expressions and aggregates, joins that keep both sides' fields, unions by position or by name.
 */
import type { ColExpr, PyConst } from '../../jobs/expr';
import type { PlanNode } from '../../jobs/plan';
import { isGeneratorFunction } from '../../jobs/vocabulary/functions';
import { compileCol, literalSql, type ColScope, type Compiled, type Side } from './colSql';
import { passThrough, nodePos as pos, type CompiledNode, type NodeContext, type OutputCol } from './compiledNode';
import { ident } from './duck';
import { holdsChoice } from '../../sql/types';
import { CHOICE_DUCK, choiceMembersQuery, choiceStructSql, formatGlueType, glueTypeOf } from './glueSchema';

/** A DuckDB type as Glue names it (`int`, `long`, `struct<…>`, `choice`). */
const glueTypeName = (t: string): string => formatGlueType(glueTypeOf(t));
import { errorAt, matching, NO_FIELDS, pyKind, unsupportedAt, type Frame, type FrameCol } from './frames';
import { compileSqlText, sqlTextLabel } from './sparkExpr';
import { sparkNullable } from './sparkNullable';
import { replace, summary } from './statNodes';

type DataFrameKind = 'dropDuplicates' | 'where' | 'project' | 'withColumns' | 'renameColumns' | 'dropColumns' | 'dfJoin' | 'union' | 'setOp' | 'aggregate' | 'gsPivot' | 'orderBy' | 'limit' | 'fillna' | 'dropna' | 'alias' | 'renameAll' | 'toDF' | 'summary' | 'replace';
type Compiler<K extends DataFrameKind> = (node: Extract<PlanNode, { kind: K }>, ctx: NodeContext) => CompiledNode | Promise<CompiledNode>;

/** Each DataFrame plan node → its compiler. */
export const DATAFRAME_NODES: { [K in DataFrameKind]: Compiler<K> } = {
  dropDuplicates,
  where,
  project,
  withColumns,
  renameColumns,
  dropColumns,
  dfJoin,
  union,
  setOp,
  aggregate,
  gsPivot,
  orderBy,
  limit,
  fillna,
  dropna,
  alias,
  renameAll,
  toDF,
  summary,
  replace,
};

export function isDataFrameNode(node: PlanNode): node is Extract<PlanNode, { kind: DataFrameKind }> {
  return Object.prototype.hasOwnProperty.call(DATAFRAME_NODES, node.kind);
}

export function compileDataFrameNode(node: Extract<PlanNode, { kind: DataFrameKind }>, ctx: NodeContext): CompiledNode | Promise<CompiledNode> {
  return (DATAFRAME_NODES[node.kind] as Compiler<DataFrameKind>)(node, ctx);
}

const scopeOf = (ctx: NodeContext, id: string, extra: Partial<ColScope> = {}): ColScope => ({ file: ctx.file, sides: [{ cols: ctx.frame(id).cols }], aliases: ctx.aliases, ...(ctx.spark ? { spark: ctx.spark } : {}), ...extra });

function dropDuplicates(node: Extract<PlanNode, { kind: 'dropDuplicates' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
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

function where(node: Extract<PlanNode, { kind: 'where' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  const c = node.condition.k === 'sql' ? compileSqlText(node.condition, scopeOf(ctx, node.input), { many: false, generator: false, condition: true })[0]! : compileCol(node.condition, scopeOf(ctx, node.input));
  return { from: `${f.view} WHERE ${c.sql}`, cols: f.cols.map((x) => passThrough(x, node.id)) };
}

function project(node: Extract<PlanNode, { kind: 'project' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const scope = scopeOf(ctx, node.input, { generator: true });
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
        cols.push(c.field !== undefined ? { sql: c.sql, name: c.name, ids: [...c.field.ids, node.id], ...(c.field.nullable !== undefined ? { nullable: c.field.nullable } : {}) } : { sql: c.sql, name: c.name, ids: [node.id], ...computed(item, f) });
        aggregates.push(c.agg === true);
      }
      continue;
    }
    const c = compileCol(item, scope);
    for (const one of [c, ...(c.more ?? [])]) {
      cols.push(outputOf(one, node, item, file, f));
      aggregates.push(false);
    }
  }
  const plain = aggregates.indexOf(false);
  if (aggregates.includes(true) && plain >= 0)
    throw errorAt(file, pos(node), `select: [MISSING_GROUP_BY] the column ${cols[plain]!.name ?? plain + 1} is neither an aggregate nor grouped, next to aggregate columns (Spark: grouping expressions sequence is empty); group with groupBy(…).agg(…)`);
  const gens = node.items.filter(isGenerator).length + sqlGenerators;
  if (gens > 1) throw unsupportedAt(file, node.items[0]!.pos, 'select(…) with two generators', 'Spark allows one generator (explode) per select', 'explode in two steps');
  return { from: f.view, cols };
}

function withColumns(node: Extract<PlanNode, { kind: 'withColumns' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  const scope = scopeOf(ctx, node.input, { generator: true });
  const cols: OutputCol[] = f.cols.map((c) => passThrough(c, node.id));
  const names = f.cols.map((c) => c.name.toLowerCase());
  for (const { name, expr } of node.columns) {
    const c = compileCol(expr, scope);
    if (c.more !== undefined)
      throw unsupportedAt(ctx.file, expr.pos, `withColumn("${name}", …)`, `the generator makes ${c.more.length + 1} columns (${[c, ...c.more].map((x) => x.name).join(', ')}), and withColumn takes one (Spark fails: "The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF")`, 'select the generator instead: df.select("*", F.explode(…))');
    const out: OutputCol = { sql: c.sql, name, ids: [node.id], ...computed(expr, f) };
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

function renameColumns(node: Extract<PlanNode, { kind: 'renameColumns' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  return {
    from: f.view,
    cols: f.cols.map((c) => {
      const r = node.renames.find((x) => x.from.toLowerCase() === c.name.toLowerCase());
      return r ? { sql: ident(c.phys), name: r.to, ids: [node.id] } : passThrough(c, node.id);
    }),
  };
}

function dropColumns(node: Extract<PlanNode, { kind: 'dropColumns' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  const drop = new Set<FrameCol>();
  for (const e of node.columns.flatMap((i) => expandFields(i, ctx))) {
    if (e.k === 'col') {
      const hits = e.frame === undefined && !e.name.includes('.') ? matching(f.cols, e.name.replace(/^`|`$/g, '')) : e.frame !== undefined ? matching(f.cols, e.name.replace(/^`|`$/g, ''), e.frame) : [];
      for (const h of hits) drop.add(h);
    }
  }
  const keep = f.cols.filter((c) => !drop.has(c));
  // Spark keeps the rows (Dataset.drop selects the remaining columns: a select of none is a frame of as many rows
  // and no fields — count() is unchanged); the local frames cannot hold rows without a field, so it is refused
  // rather than giving no rows
  if (keep.length === 0) throw unsupportedAt(ctx.file, pos(node), 'drop(…) of every field', 'Spark keeps the rows, as a frame of no fields, which the local engine does not hold', 'keep a field, or count the rows before the drop');
  return { from: f.view, cols: keep.map((c) => passThrough(c, node.id)) };
}

async function union(node: Extract<PlanNode, { kind: 'union' }>, ctx: NodeContext): Promise<CompiledNode> {
  const file = ctx.file;
  // a frame of no fields (a read of no objects) has a placeholder column and no rows: it adds nothing to a union, and
  // its placeholder must not reach the result (it did: a sink wrote "__lakehouse_no_fields": null in every record)
  const fieldsOf = (f: Frame) => f.cols.filter((c) => c.name !== NO_FIELDS);
  const all = node.inputs.map((id) => ctx.frame(id));
  if (!node.byName) {
    // by position: a Relationalize root table's fields in their (undocumented) order there decide which meet
    const o = all.map((f) => ctx.rootOrder?.(f.cols)).find((x) => x !== undefined);
    if (o !== undefined) throw unsupportedAt(file, pos(node), 'union (by position)', rootOrderText(o), 'use unionByName, or give the fields an order of your own first (ApplyMapping)');
    const width = fieldsOf(all[0]!).length;
    for (const f of all.slice(1))
      if (fieldsOf(f).length !== width) throw errorAt(file, pos(node), `union: the frames have ${width} and ${fieldsOf(f).length} fields; Spark's union is by position and needs the same number (use unionByName)`);
    if (width === 0) return { query: `SELECT 1 AS ${NO_FIELDS} WHERE false`, ids: [[]] };
    return { query: all.map((f) => `SELECT ${fieldsOf(f).map((c) => ident(c.phys)).join(', ')} FROM ${f.view}`).join(` UNION ${node.distinct ? '' : 'ALL '}`), ids: fieldsOf(all[0]!).map(() => [node.id]) };
  }
  if (!node.allowMissing) {
    const names = (f: Frame) => fieldsOf(f).map((c) => c.name.toLowerCase()).sort().join(',');
    for (const f of all.slice(1))
      if (names(f) !== names(all[0]!)) throw errorAt(file, pos(node), 'unionByName: the frames have different fields; pass allowMissingColumns=True to fill the missing ones with null');
  }
  const frames = all.filter((f) => fieldsOf(f).length > 0).map((f) => ({ ...f, cols: fieldsOf(f) }));
  if (frames.length === 0) return { query: `SELECT 1 AS ${NO_FIELDS} WHERE false`, ids: [[]] };
  if (frames.length === 1) return { from: frames[0]!.view, cols: frames[0]!.cols.map((c) => passThrough(c, node.id)), ...(node.distinct ? { distinct: true } : {}) };
  /** per frame: a field (lower-case name) selected as a NULL of the other frame's type */
  const asNull: Map<string, string>[] = frames.map(() => new Map());
  if (node.dynamic) {
    // DynamicFrame.union: each record keeps its fields' types, so a field of one type in one frame and another in the
    // other (an int and a long, a number and a string) is a ChoiceType on Glue — DuckDB's union would cast the values.
    // A field null in every record of one frame has no values of a type there (a NullType field: the DropNullFields
    // class page, "missing or null values in every record"): its nulls join the other frame's values, no choice
    const allNull = async (f: Frame, c: FrameCol) => Number(((await ctx.query(`SELECT count(*) FROM ${f.view} WHERE ${ident(c.phys)} IS NOT NULL`))[0] as (string | number)[])[0]) === 0;
    for (const c of frames[0]!.cols) {
      const other = frames[1]!.cols.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
      if (other === undefined || other.type === c.type) continue;
      if (await allNull(frames[0]!, c)) {
        asNull[0]!.set(c.name.toLowerCase(), other.type);
        continue;
      }
      if (await allNull(frames[1]!, other)) {
        asNull[1]!.set(other.name.toLowerCase(), c.type);
        continue;
      }
      throw unsupportedAt(
        file,
        pos(node),
        'DynamicFrame.union',
        `the field ${c.name} is ${glueTypeName(c.type)} in one frame and ${glueTypeName(other.type)} in the other: the union's records keep their own types, a ChoiceType on Glue, which the local engine does not make from two frames`,
        `give the field one type in both first, e.g. with ApplyMapping: ("${c.name}", "${glueTypeName(c.type)}", "${c.name}", "${[glueTypeName(c.type), glueTypeName(other.type)].includes('string') ? 'string' : [glueTypeName(c.type), glueTypeName(other.type)].includes('double') ? 'double' : 'long'}") on the first frame, and the like on the other`,
      );
    }
  }
  const sel = (f: Frame, i: number) =>
    `SELECT ${f.cols
      .map((c) => {
        const t = asNull[i]!.get(c.name.toLowerCase());
        return `${t === undefined ? ident(c.phys) : `CAST(NULL AS ${t})`} AS ${ident(c.name)}`;
      })
      .join(', ')} FROM ${f.view}`;
  return { query: frames.map(sel).join(` UNION ${node.distinct ? '' : 'ALL '}BY NAME `) };
}

function setOp(node: Extract<PlanNode, { kind: 'setOp' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
  const l = ctx.frame(node.left);
  const r = ctx.frame(node.right);
  if (l.cols.length !== r.cols.length) throw errorAt(file, pos(node), `${node.op}: the frames have ${l.cols.length} and ${r.cols.length} fields`);
  const sel = (f: Frame) => `SELECT ${f.cols.map((c) => ident(c.phys)).join(', ')} FROM ${f.view}`;
  return { query: `${sel(l)} ${node.op === 'intersect' ? 'INTERSECT' : 'EXCEPT'}${node.all ? ' ALL' : ''} ${sel(r)}`, ids: l.cols.map((c) => [...c.ids, node.id]) };
}

function orderBy(node: Extract<PlanNode, { kind: 'orderBy' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  const scope = scopeOf(ctx, node.input);
  const keys = node.keys.map((k) => (k.k === 'sort' ? compileCol(k, scope).sql : `${compileCol(k, scope).sql} ASC NULLS FIRST`));
  return { from: `${f.view} ORDER BY ${keys.join(', ')}`, cols: f.cols.map((c) => passThrough(c, node.id)) };
}

function limit(node: Extract<PlanNode, { kind: 'limit' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  return { from: `${f.view} LIMIT ${Math.max(0, node.n)}`, cols: f.cols.map((c) => passThrough(c, node.id)) };
}

function fillna(node: Extract<PlanNode, { kind: 'fillna' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  const cols = f.cols.map((c): OutputCol => {
    const value = node.values !== undefined ? Object.entries(node.values).find(([k]) => k.toLowerCase() === c.name.toLowerCase())?.[1] : node.subset === undefined || node.subset.some((s) => s.toLowerCase() === c.name.toLowerCase()) ? node.value : undefined;
    if (value === undefined || !fillApplies(value, c.type)) return passThrough(c, node.id);
    // Spark's DataFrameNaFunctions.fillCol is coalesce(col, lit(value).cast(type)): not nullable unless the cast may
    // give null (Cast.forceNullable), which is not followed here — printSchema of the field stops (sparkNullable.ts)
    return { sql: `coalesce(${ident(c.phys)}, TRY_CAST(${literalSql(value).sql} AS ${c.type}))`, name: c.name, ids: [node.id], nullable: 'fillna(…) of the field' };
  });
  return { from: f.view, cols };
}

function dropna(node: Extract<PlanNode, { kind: 'dropna' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
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

function alias(node: Extract<PlanNode, { kind: 'alias' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  return { from: f.view, cols: f.cols.map((c) => passThrough(c, node.id)) };
}

function renameAll(node: Extract<PlanNode, { kind: 'renameAll' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  if (node.names.length !== f.cols.length) throw errorAt(file, pos(node), `toDF: the frame has ${f.cols.length} fields, ${node.names.length} names given`);
  // names given by position: a Relationalize root table's fields in their (undocumented) order there decide which
  const o = ctx.rootOrder?.(f.cols);
  if (o !== undefined) throw unsupportedAt(file, pos(node), `toDF(${node.names.map((n) => JSON.stringify(n)).join(', ')})`, rootOrderText(o), 'rename the fields by name (withColumnRenamed), or give them an order of your own first (ApplyMapping)');
  return { from: f.view, cols: f.cols.map((c, i) => ({ sql: ident(c.phys), name: node.names[i]!, ids: [node.id] })) };
}

/** The member types of a ChoiceType column (JSON) of `view`, in name order, and the first that is not atomic (a struct, an array: no struct of them is made locally). */
export async function choiceStructMembers(c: FrameCol, view: string, ctx: NodeContext): Promise<{ types: string[]; nested?: string }> {
  const types = (await ctx.query(choiceMembersQuery(ident(c.phys), view, ctx.wholeAsLong(c)))).map((r) => String(r[0]));
  const nested = types.find((t) => CHOICE_DUCK[t] === undefined);
  return nested === undefined ? { types } : { types, nested };
}

/**
 * DynamicFrame.toDF(): the same records as a DataFrame, where a ChoiceType field (a JSON column here) becomes a struct
 * of one field per type: "Because DataFrames don't support ChoiceTypes, this method automatically converts ChoiceType
 * columns into StructTypes" (AWS Glue developer guide, the Scala DynamicFrame class, def toDF). That struct is the
 * make_struct resolution (aws-glue-libs awsglue/context.py convert_resolve_option: toDF's "KeepAsStruct" option is
 * `ResolveSpec(path, "make_struct")`), whose fields are named by the types (`provider id: struct`, `long: long`,
 * `string: string`: awslabs/aws-glue-samples examples/resolve_choice.md) — here in name order, as make_struct's are
 * (followed from every printed choice found; no output orders them otherwise). A choice inside a struct or an array
 * (its column not JSON itself) is not made so locally: refused at the toDF() line, known once the data's schema is, so
 * here, at run time. (A toDF() only a count reads is no node of the plan: planBuilder.ts.)
 */
async function toDF(node: Extract<PlanNode, { kind: 'toDF' }>, ctx: NodeContext): Promise<CompiledNode> {
  const f = ctx.frame(node.input);
  const at = node.calledAt ?? { line: node.line, column: node.column };
  const construct = node.calledAt ? `${node.calledAt.fn}(…) (its ${node.construct}, line ${node.line})` : node.construct;
  const cols: OutputCol[] = [];
  for (const c of f.cols) {
    if (!holdsChoice(c.type)) {
      cols.push(passThrough(c, node.id));
      continue;
    }
    if (c.type !== 'JSON')
      throw unsupportedAt(
        ctx.file,
        { line: at.line, column: at.column, text: node.construct },
        construct,
        `a field inside ${c.name} has values of two types in the data — a ChoiceType (${c.name} is ${c.type} here, JSON marking it), which toDF() makes a struct of one field per type on Glue; the local engine does not make it for a choice inside a struct or an array`,
        `drop ${c.name} before toDF() (DropFields), or write the DynamicFrame to JSON as it is`,
      );
    const { types, nested } = await choiceStructMembers(c, f.view, ctx);
    if (nested !== undefined)
      throw unsupportedAt(
        ctx.file,
        { line: at.line, column: at.column, text: node.construct },
        construct,
        `the field ${c.name} has values of several types in the data (${types.join(', ')}) — a ChoiceType, which toDF() makes a struct of one field per type on Glue; one of them is ${nested === 'struct' || nested === 'array' ? `a ${nested}` : nested}, whose fields are not known locally`,
        `resolve it before toDF(): .resolveChoice(specs=[("${c.name}", "cast:string")]), or "project:<type>" to keep one type's values`,
      );
    cols.push({ sql: choiceStructSql(ident(c.phys), types, ctx.wholeAsLong(c)), name: c.name, ids: [node.id] });
  }
  return { from: f.view, cols };
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
  return e.k === 'fn' && isGeneratorFunction(e.name);
}

function outputOf(c: Compiled, node: PlanNode, item: ColExpr, file: string, f: Frame): OutputCol {
  if (c.field !== undefined && item.k === 'col') return { sql: c.sql, name: c.name!, ids: [...c.field.ids, node.id], ...(c.field.nullable !== undefined ? { nullable: c.field.nullable } : {}) };
  if (c.name === undefined)
    throw unsupportedAt(file, item.pos, `the column ${item.pos.text}`, "Spark's name for this unnamed expression is not reproduced locally", 'give it a name with .alias("name")');
  return { sql: c.sql, name: c.name, ids: [node.id], ...computed(item, f) };
}

/** a column computed from an expression: Spark's nullability of it over the frame's fields (sparkNullable.ts) */
function computed(e: ColExpr, f: Frame): Pick<OutputCol, 'nullable' | 'made'> {
  const n = sparkNullable(e, (name) => matching(f.cols, name)[0]);
  return { made: e.pos.text, ...(n === true ? {} : { nullable: n }) };
}

function fillApplies(v: PyConst, duckType: string): boolean {
  const k = pyKind(duckType);
  if (v.py === 'int' || v.py === 'float') return k === 'int' || k === 'float' || k === 'decimal';
  if (v.py === 'str') return k === 'str';
  if (v.py === 'bool') return k === 'bool';
  return false;
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
      // a key that is not nullable on a side: which side's nullability Spark gives the key is not followed here
      ...(k.l.nullable !== undefined || k.r.nullable !== undefined ? { nullable: `the join key ${k.l.name}` } : {}),
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

async function aggregate(node: Extract<PlanNode, { kind: 'aggregate' }>, ctx: NodeContext): Promise<CompiledNode> {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const scope: ColScope = { file, sides: [{ cols: f.cols }], aliases: ctx.aliases, ...(ctx.spark ? { spark: ctx.spark } : {}) };
  const keys = node.groupBy
    .flatMap((k) => expandFields(k, ctx))
    .map((k) => {
      const c = compileCol(k, scope);
      const out = outputOf(c, node, k, file, f);
      // a rollup's / cube's key is NULL in the rows that aggregate over it: nullable (Spark's Expand)
      if (node.sets === undefined) return out;
      const { nullable: _nullable, ...rest } = out;
      return rest;
    });
  const aggScope: ColScope = { ...scope, aggregate: true, ...(node.sets !== undefined ? { groupingColumns: keys.map((k) => k.sql) } : {}) };
  const aggs = node.aggs.map((a) => {
    const c = compileCol(a, aggScope);
    if (c.name === undefined) throw unsupportedAt(file, a.pos, `the aggregate ${a.pos.text}`, "Spark's name for this column is not reproduced locally", 'give it a name with .alias("name")');
    return { c, expr: a };
  });
  // df.rollup(a, b) / df.cube(a, b): Spark's grouping sets, as its SQL GROUP BY ROLLUP / CUBE (the same Aggregate
  // over an Expand); grouping(c) / grouping_id() read the keys (GROUPING, the SQL standard's bits, as Spark's)
  const keyList = keys.map((k) => k.sql).join(', ');
  const groupBy = node.sets !== undefined ? ` GROUP BY ${node.sets === 'rollup' ? 'ROLLUP' : 'CUBE'} (${keyList})` : keys.length > 0 ? ` GROUP BY ${keyList}` : '';
  if (node.pivot === undefined) return { from: `${f.view}${groupBy}`, cols: [...keys, ...aggs.map(({ c, expr }) => ({ sql: c.sql, name: c.name!, ids: [node.id], ...computed(expr, f) }))] };
  // pivot: one column per value (and per aggregate when there are several: value_name); Spark names a column by the
  // value cast to a string, "null" for null (Analyzer.ResolvePivot's outputName)
  const pc = compileCol(node.pivot.column, scope);
  const values = node.pivot.values ?? (await pivotValues(ctx, f.view, pc, node.pivot.column));
  const cols: OutputCol[] = [...keys];
  for (const v of values) {
    const lit = literalSql(v);
    const valueName = v.py === 'none' ? 'null' : lit.name;
    for (const { c, expr } of aggs) {
      // each aggregate call reads the rows of the value (FILTER); Spark pivots aggregates of atomic types in two steps
      // (Analyzer's ResolvePivot: an Aggregate by the groups and the pivot column, then PivotFirst): a group without a
      // record of a value gets null — a count too, not 0
      const match = `${pc.sql} IS NOT DISTINCT FROM ${lit.sql}`;
      const inside = compileCol(expr, { ...aggScope, pivotFilter: match });
      if (inside.sql === c.sql) throw unsupportedAt(file, expr.pos, `pivot(…).agg(${expr.pos.text})`, 'this aggregate cannot be split by the pivot values locally', 'write it with pyspark.sql.functions (F.sum, F.avg, …)');
      const filtered = `CASE WHEN count(*) FILTER (WHERE ${match}) = 0 THEN NULL ELSE ${inside.sql} END`;
      cols.push({ sql: filtered, name: aggs.length === 1 ? valueName : `${valueName}_${c.name}`, ids: [node.id], nullable: `pivot(…).agg(${expr.pos.text})`, made: expr.pos.text });
    }
  }
  return { from: `${f.view}${groupBy}`, cols };
}

/** Spark's spark.sql.pivotMaxValues default: a pivot without values over more distinct values fails. */
const PIVOT_MAX_VALUES = 10000;

/**
 * The values of a pivot given none, as Spark's RelationalGroupedDataset.pivot(pivotColumn) computes them when the job
 * runs: `df.select(pivotColumn).distinct().limit(maxValues + 1).sort(pivotColumn)` — ascending, null first, strings
 * by their UTF-8 bytes (DuckDB's default collation compares the same) — failing past spark.sql.pivotMaxValues. Kept to
 * the types whose text (the new columns' names) the local engine writes as Spark's Cast to string does: strings,
 * whole numbers, booleans.
 */
async function pivotValues(ctx: NodeContext, view: string, pc: Compiled, column: ColExpr): Promise<PyConst[]> {
  const label = column.pos.text;
  const kind = pc.type === undefined ? undefined : pyKind(pc.type);
  if (kind !== 'str' && kind !== 'int' && kind !== 'bool')
    throw unsupportedAt(ctx.file, column.pos, `a pivot on ${label} without its values`, `${label} holds ${pc.type ?? 'values of unknown type'}: the names Spark gives the new columns (the values as text) are reproduced here for strings, whole numbers and booleans only`, 'list the values: pivot("col", [values]), or cast the column to a string first');
  const rows = await ctx.query(`SELECT DISTINCT ${kind === 'int' ? `CAST(${pc.sql} AS VARCHAR)` : pc.sql} AS v, ${pc.sql} AS k FROM ${view} ORDER BY k ASC NULLS FIRST LIMIT ${PIVOT_MAX_VALUES + 1}`);
  if (rows.length > PIVOT_MAX_VALUES)
    throw errorAt(ctx.file, column.pos, `The pivot column ${label} has more than ${PIVOT_MAX_VALUES} distinct values, this could indicate an error. If this was intended, set spark.sql.pivotMaxValues to at least the number of distinct values of the pivot column (Spark's error; the local engine keeps Spark's default limit)`);
  return rows.map((r): PyConst => {
    const v = r[0];
    if (v === null || v === undefined) return { py: 'none' };
    if (kind === 'bool') return { py: 'bool', v: v === true || v === 'true' };
    if (kind === 'int') {
      const n = Number(v);
      if (!Number.isSafeInteger(n)) throw unsupportedAt(ctx.file, column.pos, `a pivot on ${label} without its values`, `the value ${String(v)} is past the whole numbers the local engine carries exactly`, 'list the values: pivot("col", [values])');
      return { py: 'int', v: n };
    }
    return { py: 'str', v: String(v) };
  });
}

/**
 * Glue Studio's Pivot Rows Into Columns, as its generated call has it (public scripts: `gs_pivot(aggCol="score",
 * aggFunction="mean", colList=["measure_id"])`) and its page describes it (transforms-pivot-rows-to-columns.html:
 * "aggregate the values of a numeric column into categories by using the values of the columns configured";
 * Aggregation "a Spark function to apply to the aggregation column"; Columns to convert, "columns whose values will
 * become new columns"): every other field grouped, then one field per value of the column, holding the Spark
 * aggregate of aggCol over the group's records with that value — Spark's groupBy(others).pivot(column).agg(fn(aggCol))
 * — as the schema Glue Studio inferred for those public scripts shows (the ApplyMapping after the node lists the other
 * fields, then one double field per value, in sorted order).
 */
async function gsPivot(node: Extract<PlanNode, { kind: 'gsPivot' }>, ctx: NodeContext): Promise<CompiledNode> {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const at = pos(node, 'gs_pivot');
  const field = (name: string, what: string): FrameCol => {
    const exact = f.cols.filter((c) => c.name === name);
    if (exact.length === 1) return exact[0]!;
    const other = f.cols.filter((c) => c.name.toLowerCase() === name.toLowerCase());
    if (exact.length === 0 && other.length === 0) throw errorAt(file, at, `gs_pivot: the frame has no field ${name} (its ${what}); it has ${f.cols.map((c) => c.name).join(', ')}`);
    throw unsupportedAt(file, at, `gs_pivot with ${what} ${JSON.stringify(name)}`, exact.length > 1 ? `the frame has ${exact.length} fields named ${name}` : `the frame's field is ${other[0]!.name}: which fields the node groups by when a name differs in case is not documented`, `write the name as the frame has it (${other[0]?.name ?? name})`);
  };
  const agg = field(node.aggCol, 'aggregation column');
  const col = field(node.column, 'column to convert');
  if (agg === col) throw unsupportedAt(file, at, `gs_pivot of ${agg.name} by itself`, 'the aggregation column is the column to convert, and what the node groups then is not documented', 'pick another column to aggregate');
  const kind = pyKind(agg.type);
  if (kind !== 'int' && kind !== 'float')
    throw unsupportedAt(file, at, `gs_pivot aggregating ${agg.name}`, `${agg.name} holds ${agg.type}: the page asks for a numeric column, and the types Spark's aggregates give for ${kind === 'decimal' ? 'decimals' : 'other values'} are not reproduced here`, `cast it to a double first (ApplyMapping to double)`);
  const ref = (c: FrameCol): ColExpr => ({ pos: at, k: 'col', name: `\`${c.name.replace(/`/g, '``')}\`` });
  const others = f.cols.filter((c) => c !== agg && c !== col);
  const aggregated: ColExpr = { pos: at, k: 'fn', name: node.aggFunction === 'mean' ? 'avg' : node.aggFunction, args: [ref(agg)] };
  const compiled = await aggregate({ kind: 'aggregate', id: node.id, line: node.line, input: node.input, groupBy: others.map(ref), aggs: [aggregated], pivot: { column: ref(col) } } as Extract<PlanNode, { kind: 'aggregate' }>, ctx);
  // a new field whose name another field has (Spark's names compare case-insensitively): which one a later node
  // reads is not decided here
  const names = new Map<string, number>();
  for (const c of compiled.cols ?? []) names.set(c.name!.toLowerCase(), (names.get(c.name!.toLowerCase()) ?? 0) + 1);
  const twice = [...names].find(([, count]) => count > 1);
  if (twice !== undefined) throw unsupportedAt(file, at, `gs_pivot by ${col.name}`, `it makes two fields named ${twice[0]} (a value of ${col.name} is the name of another field, or two values differ only in case)`, `rename the field first, or map the values to distinct names`);
  if ((compiled.cols ?? []).some((c) => c.name === '')) throw unsupportedAt(file, at, `gs_pivot by ${col.name}`, `a value of ${col.name} is the empty string, which would make a field without a name`, 'replace empty values first (Derived Column)');
  return compiled;
}

/** Why a positional use of a Relationalize root table's fields is refused (relationalize.ts rootTableOrder). */
function rootOrderText(o: { root: { construct: string; line: number }; names: string[] }): string {
  return `it takes the fields of the root table ${o.root.construct} made at line ${o.root.line} (${o.names.slice(0, 4).join(', ')}${o.names.length > 4 ? ', …' : ''}) by position, in their order there, which Glue does not document (the guide's Redshift table hist_root lists its fields in another order than its input's)`;
}
