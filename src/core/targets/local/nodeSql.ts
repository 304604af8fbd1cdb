/**
 * The SELECT each plan node amounts to, over its inputs' views, with the semantics of the Glue transform or Spark
 * method it came from. Here: the sources' and SQL nodes' entry and Glue's transforms, which match field names
 * case-insensitively (as the runner always has) and see a DataFrame's two fields of one name as one; the DataFrame
 * methods (Spark's name resolution, joins, unions, aggregates) are compiled by dataframeNodes.ts, a table of node
 * kind → compiler.
 */
import type { RowExpr } from '../../jobs/expr';
import type { PlanNode } from '../../jobs/plan';
import { LakehouseError, isLakehouseError } from '../../errors';
import { attributeParts } from '../../jobs/vocabulary/columns';
import { isNum, isText, literalSql, resolveField, structFields } from './colSql';
import { nodePos as pos, passThrough, type CompiledNode, type NodeContext, type OutputCol } from './compiledNode';
import { choiceStructMembers, compileDataFrameNode, isDataFrameNode } from './dataframeNodes';
import { ident, literal } from './duck';
import { holdsChoice } from '../../sql/types';
import { CHOICE_DUCK, choiceMemberSql, choiceMembersQuery, choiceStructSql } from './glueSchema';
import { errorAt, matching, NO_FIELDS, physNames, pyKind, unsupportedAt, type Frame, type FrameCol } from './frames';
import type { PreparedSparkQuery } from './sparkSql';
import { nestedNullFields } from './nestedNullFields';
import { glueCast, glueType } from './glueCasts';
import { sparkViewName } from './nodeColumns';
import { compileRelationalize, compileUnnest } from './relationalize';
import { resolveChoice } from './resolveChoiceSql';
import { compileRowPredicate, compileRowValue, MAX_UNCERTAIN_FIELDS, uncertainPaths, UNDECIDED_MARKER } from './rowSql';

export type { CompiledNode, NodeContext, OutputCol } from './compiledNode';

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

/**
 * DropFields of nested paths ("location.county", "friends.age": a struct's member, a member of an array's structs),
 * as the DynamicFrame class page's "Example: Use drop_fields to remove fields from a DynamicFrame" prints the schema
 * after it: the member is gone from the struct, and from every element of the array. Undefined when every path is a
 * top-level field (the plain case below). A struct left with no members (what the archived DropFields page says of
 * it contradicts its own example) is refused by name; so is a path through a map or a choice.
 */
function dropNestedCols(ctx: NodeContext, cols: FrameCol[], node: Extract<PlanNode, { kind: 'dropFields' }>): OutputCol[] | undefined {
  const split = node.paths.map((p) => ({ path: p, parts: matching(cols, p).length > 0 ? [p] : (attributeParts(p) ?? [p]) }));
  if (split.every((s) => s.parts.length === 1)) return undefined;
  const top = new Set<FrameCol>();
  const inner = new Map<FrameCol, { path: string; rest: string[] }[]>();
  for (const s of split) {
    const col = matching(cols, s.parts[0]!)[0];
    // a path the frame does not have drops nothing (as a top-level one does here)
    if (col === undefined) continue;
    if (s.parts.length === 1) top.add(col);
    else inner.set(col, [...(inner.get(col) ?? []), { path: s.path, rest: s.parts.slice(1) }]);
  }
  const out: OutputCol[] = [];
  for (const c of cols) {
    if (top.has(c)) continue;
    const drops = inner.get(c);
    if (drops === undefined) out.push(passThrough(c, node.id));
    else out.push({ sql: dropMembers(ctx, node, ident(c.phys), c.type, drops, 0), name: c.name, ids: [node.id] });
  }
  if (out.length === 0) throw errorAt(ctx.file, pos(node), 'DropFields leaves no fields');
  return out;
}

/** `expr` (of DuckDB type `type`) without the members the paths name, below it */
function dropMembers(ctx: NodeContext, node: PlanNode, expr: string, type: string, drops: { path: string; rest: string[] }[], depth: number): string {
  if (type.endsWith('[]')) {
    // an array: each element without them; an empty array is no longer there, as the archived DropFields page's
    // "Drop a nested field from an array" prints it (Sally's `friends: []` is gone after dropping friends.age, and
    // kept when the top-level age is dropped) — null here: show() prints a null and a missing field alike, a JSON
    // sink writes `"friends":null` where Glue leaves the key out (docs/glue-jobs.md)
    const v = `__drop_e${depth}`;
    return `CASE WHEN len(${expr}) = 0 THEN NULL ELSE list_transform(${expr}, ${v} -> ${dropMembers(ctx, node, v, type.slice(0, -2), drops, depth + 1)}) END`;
  }
  const members = structFields(type);
  if (members.length === 0)
    throw unsupportedAt(ctx.file, pos(node, drops[0]!.path), `DropFields of "${drops[0]!.path}"`, `its field holds ${type.startsWith('MAP(') ? 'a map' : type === 'JSON' ? 'values of several types (a ChoiceType)' : `no struct (${type})`}, and what Glue drops there is not documented`, 'drop the whole field, or resolve it first');
  const here = new Set<string>();
  const below = new Map<string, { path: string; rest: string[] }[]>();
  for (const d of drops) {
    const m = members.find((f) => f.name.toLowerCase() === d.rest[0]!.toLowerCase());
    if (m === undefined) continue;
    if (d.rest.length === 1) here.add(m.name);
    else below.set(m.name, [...(below.get(m.name) ?? []), { path: d.path, rest: d.rest.slice(1) }]);
  }
  const keep = members.filter((f) => !here.has(f.name));
  if (keep.length === 0)
    throw unsupportedAt(
      ctx.file,
      pos(node, drops[0]!.path),
      `DropFields of "${drops[0]!.path}"`,
      'it leaves a struct with no fields, and whether Glue then removes the struct from every record is not settled (the archived DropFields page says so, where its own example keeps the others\' fields)',
      'drop the whole struct instead',
    );
  const parts = keep.map((f) => {
    const get = `struct_extract(${expr}, ${literal(f.name)})`;
    const sub = below.get(f.name);
    return `${ident(f.name)} := ${sub === undefined ? get : dropMembers(ctx, node, get, f.type, sub, depth + 1)}`;
  });
  return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${parts.join(', ')}) END`;
}

/**
 * RenameField of a struct's member ("metrics.temp" to "metrics.temp_c": the old name is "the full path to the node",
 * the new one "the new name, including full path", the RenameField class page): the member renamed in place, in
 * every record. Undefined for a top-level field. A new path in another struct or at the top level (a move: where
 * Glue puts the field, and what is left of its struct, is not documented) and a member inside an array are refused.
 */
function renameNestedCols(ctx: NodeContext, cols: FrameCol[], node: Extract<PlanNode, { kind: 'renameField' }>): OutputCol[] | undefined {
  if (matching(cols, node.from).length > 0) return undefined;
  const parts = attributeParts(node.from);
  if (parts === undefined || parts.length < 2) return undefined;
  const to = attributeParts(node.to) ?? [node.to];
  const what = `RenameField of "${node.from}" to "${node.to}"`;
  const inPlace = [...parts.slice(0, -1), to[to.length - 1]!].join('.');
  if (to.length !== parts.length || to.slice(0, -1).some((p, i) => p.toLowerCase() !== parts[i]!.toLowerCase()))
    throw unsupportedAt(ctx.file, pos(node, node.from), what, 'the new path moves the field out of its struct, and where Glue puts a moved field (and what it leaves of the struct) is not documented', `rename it inside its struct (new_name "${inPlace}"), or take it out with ApplyMapping ("${node.from}", type, "${to[to.length - 1]}", type)`);
  const col = matching(cols, parts[0]!)[0];
  // a path the frame does not have renames nothing (as a top-level one does here)
  if (col === undefined) return undefined;
  const member = (expr: string, type: string, rest: string[]): string => {
    const members = structFields(type);
    if (members.length === 0)
      throw unsupportedAt(ctx.file, pos(node, node.from), what, `the field on its path holds ${type.endsWith('[]') ? 'an array' : type.startsWith('MAP(') ? 'a map' : type === 'JSON' ? 'values of several types (a ChoiceType)' : `no struct (${type})`}, and what Glue renames there is not documented`, 'rename it in an SQL Query node');
    const m = members.find((f) => f.name.toLowerCase() === rest[0]!.toLowerCase());
    if (m === undefined) return expr;
    const last = rest.length === 1;
    const newName = to[to.length - 1]!;
    if (last && members.some((f) => f !== m && f.name.toLowerCase() === newName.toLowerCase()))
      throw errorAt(ctx.file, pos(node, node.from), `${what}: the struct already has a field ${JSON.stringify(newName)}`);
    const items = members.map((f) => {
      const get = `struct_extract(${expr}, ${literal(f.name)})`;
      if (f !== m) return `${ident(f.name)} := ${get}`;
      return last ? `${ident(newName)} := ${get}` : `${ident(f.name)} := ${member(get, f.type, rest.slice(1))}`;
    });
    return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${items.join(', ')}) END`;
  };
  return cols.map((c) => (c === col ? { sql: member(ident(c.phys), c.type, parts.slice(1)), name: c.name, ids: [node.id] } : passThrough(c, node.id)));
}

/**
 * The top-level field an ApplyMapping path names: backticks quote ("`(right) serialnumber`" is the field
 * `(right) serialnumber`); undefined for a nested path (a dot outside backticks).
 */
export function mappingField(path: string): string | undefined {
  const parts = attributeParts(path) ?? (path.includes('.') ? undefined : [path]);
  return parts?.length === 1 ? parts[0] : undefined;
}

/** a frame's field names for a message: all of them up to 12, else the first 12 and how many more */
function fieldList(cols: FrameCol[]): string {
  // the placeholder column of a frame with no fields (an empty JSON source: nothing to read a field from)
  const names = cols.map((c) => c.name).filter((n) => n !== NO_FIELDS);
  if (names.length === 0) return 'no fields';
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')} and ${names.length - 12} more`;
}

/**
 * ", e.g. X" where one field's name is the missing one without a prefix or suffix that a rename added or dropped
 * (`right_sensorreadingtime` → `sensorreadingtime`, compared without case), else ""
 */
function nearName(missing: string, cols: FrameCol[]): string {
  const m = missing.toLowerCase();
  const near = cols.filter((c) => {
    const n = c.name.toLowerCase();
    return n.length >= 3 && (m.endsWith(n) || n.endsWith(m) || m.startsWith(n) || n.startsWith(m));
  });
  return near.length === 1 ? ` (${near[0]!.name}?)` : '';
}

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
  if (isDataFrameNode(node)) return await compileDataFrameNode(node, ctx);
  const file = ctx.file;
  switch (node.kind) {
    case 'catalogSource':
    case 's3Source':
    case 'dataQualityOutcomes':
    case 'dataQualityRowOutcomes':
    case 'rows':
      throw new Error('sources, rows and data-quality outcomes are made by the runner');
    case 'sql': {
      // Spark SQL translated (src/core/sql/spark) over the mapping's frames, with their columns' types, as the job's
      // glueVersion's Spark reads it (targets/local/sparkSql.ts)
      const frames: Record<string, string> = {};
      const columns: Record<string, { name: string; type: string }[]> = {};
      for (const [alias, id] of Object.entries(node.mapping)) {
        const viewName = sparkViewName(alias);
        if (viewName === undefined)
          throw errorAt(file, pos(node), `${sqlLabel(node)}: mapping alias ${JSON.stringify(alias)} is not a name Spark can give a view (createOrReplaceTempView fails on it): use letters, digits and _`, 'ScriptUnsupported');
        const f = ctx.frame(id);
        // the node makes a DataFrame of each frame (toDF()), where a ChoiceType becomes a struct of one field per type
        // (dataframeNodes.ts, toDF): made here too, since the plan leaves out a toDF() only SQL nodes read
        const c = collapsed(f, file, node.line, `the ${sqlLabel(node)}`);
        const choices = f.cols.filter((x) => holdsChoice(x.type));
        const structs = new Map<FrameCol, string>();
        for (const x of choices) {
          const members = x.type === 'JSON' && c === undefined ? await choiceStructMembers(x, f.view, ctx) : undefined;
          if (members === undefined || members.nested !== undefined)
            throw unsupportedAt(
              file,
              pos(node),
              sqlLabel(node),
              `the field ${x.name} of ${JSON.stringify(alias)} ${x.type === 'JSON' ? `has values of several types (${members?.types.join(', ') ?? 'a ChoiceType'})` : 'holds a field with values of two types'} (a ChoiceType), which toDF() makes a struct of one field per type on Glue; the local engine does not make it for ${x.type === 'JSON' ? (members?.nested !== undefined ? `a ${members.nested} among them` : 'a frame with two fields of one name (from a join)') : 'a choice inside a struct or an array'}`,
              `resolve it first: resolveChoice(specs=[("${x.name}", "cast:string")])`,
            );
          structs.set(x, choiceStructSql(ident(x.phys), members.types, ctx.wholeAsLong(x)));
        }
        frames[viewName] = `(${c?.sql ?? `SELECT ${f.cols.map((x) => (structs.has(x) ? `${structs.get(x)} AS ${ident(x.name)}` : x.phys === x.name ? ident(x.phys) : `${ident(x.phys)} AS ${ident(x.name)}`)).join(', ')} FROM ${f.view}`})`;
        // the frame's columns unchanged (its view was described when it was made): known without a DESCRIBE
        if (c === undefined && structs.size === 0) columns[viewName] = f.cols.map((x) => ({ name: x.name, type: x.type }));
      }
      let spark: PreparedSparkQuery;
      try {
        spark = await ctx.sparkQuery(node.query, frames, { line: node.queryLine, column: 1 }, columns);
      } catch (e) {
        throw sqlNodeError(e, node, file);
      }
      return { query: spark.select, spark };
    }
    case 'dropFields':
    case 'selectFields': {
      const what = node.kind === 'dropFields' ? 'DropFields' : 'SelectFields';
      const { from, cols } = glueFrame(ctx, node.input, node.line, what);
      if (node.kind === 'dropFields') {
        const nested = dropNestedCols(ctx, cols, node);
        if (nested !== undefined) return { from, cols: nested };
      }
      const named = new Set(node.paths.map((p) => glueField(ctx, cols, p, node, what)).filter((c): c is FrameCol => c !== undefined));
      const keep = cols.filter((c) => (node.kind === 'dropFields' ? !named.has(c) : named.has(c)));
      if (keep.length === 0) throw errorAt(file, pos(node), `${what} leaves no fields`);
      return { from, cols: keep.map((c) => passThrough(c, node.id)) };
    }
    case 'renameField': {
      const { from, cols } = glueFrame(ctx, node.input, node.line, 'RenameField');
      const nested = renameNestedCols(ctx, cols, node);
      if (nested !== undefined) return { from, cols: nested };
      const hit = glueField(ctx, cols, node.from, node, 'RenameField');
      return { from, cols: cols.map((c) => (c === hit ? { sql: ident(c.phys), name: node.to, ids: [node.id] } : passThrough(c, node.id))) };
    }
    case 'applyMapping': {
      const { from, cols } = glueFrame(ctx, node.input, node.line, 'ApplyMapping');
      // the types of each top-level choice a mapping reads
      const choiceTypes = new Map<string, string[]>();
      for (const m of node.mappings) {
        const hit = matching(cols, m.source)[0];
        if (hit?.type === 'JSON') choiceTypes.set(m.source, (await choiceStructMembers(hit, from, ctx)).types);
      }
      const out: OutputCol[] = [];
      for (const m of node.mappings) {
        // source and target are field paths: a dot reads or builds a nested field, backticks quote a name ("If the
        // source column has a dot "." in the name, you must place back-ticks "``" around it", the ApplyMapping class
        // page; Glue Studio's "Renamed keys for Join" node maps to "`(right) serialnumber`" and joins on that path)
        const target = mappingField(m.target);
        if (target === undefined) throw unsupportedAt(file, pos(node, m.target), `ApplyMapping to the nested target "${m.target}"`, 'building nested fields is not supported locally', 'use an SQL Query node');
        // a bare "decimal" (Glue Studio writes it for a decimal field) is decimal(10,2): "When using the Change Schema
        // transform with decimal datatype, the Change Schema transform modifies the precision to the default value of
        // (10,2)" (Using Change Schema to remap data property keys, the AWS Glue user guide)
        const type = /^\s*decimal\s*$/i.test(m.targetType) ? 'DECIMAL(10,2)' : glueType(m.targetType, node, file);
        let source: string | undefined;
        let sourceType: string | undefined;
        const sourceParts = attributeParts(m.source);
        const sourceField = mappingField(m.source);
        const hit = matching(cols, m.source)[0] ?? (sourceField !== undefined ? matching(cols, sourceField)[0] : undefined);
        if (hit) [source, sourceType] = [ident(hit.phys), hit.type];
        else if (sourceParts !== undefined && sourceParts.length > 1) {
          try {
            const field = resolveField({ file, sides: [{ cols }] }, sourceParts.map((p) => `\`${p.replace(/`/g, '``')}\``).join('.'), pos(node, m.source));
            [source, sourceType] = [field.sql, field.type];
          } catch {
            source = undefined; // a missing source field is NULL (Glue: absent)
          }
        }
        // a ChoiceType (JSON here) whose values are of atomic types: each record's value is cast to the target type as
        // a value of its own type is — a value whose type is not the declared source type is cast, not nulled (a real
        // Glue run: Gaurav-Singh-DS/AWS-Glue-ETL-Project-CSV-JSON's country_gdp_json.py declares ("gdp", "string", …,
        // "string") over a CSV field of whole numbers, and its output run-1757099598893-part-r-00000.json holds every
        // value as text, "55"; awsdocs/aws-glue-developer-guide issue #3's "empty column" is not what it did), and a
        // DynamicRecord is self-describing: a choice is the frame's schema for records whose values differ in type
        // (the DynamicFrame class page). A choice with a struct or an array among its types, or inside a struct or an
        // array, is still refused: how such a value is cast is not known.
        const members = sourceType === 'JSON' && hit !== undefined ? choiceTypes.get(m.source) ?? (await choiceStructMembers(hit, from, ctx)).types : undefined;
        if (sourceType !== undefined && holdsChoice(sourceType) && (members === undefined || members.some((t) => CHOICE_DUCK[t] === undefined)))
          throw unsupportedAt(
            file,
            pos(node, m.source),
            `ApplyMapping of "${m.source}"`,
            `${sourceType !== 'JSON' ? 'a field inside it has values of two types in the data (a ChoiceType)' : members === undefined ? 'its values have two types in the data (a ChoiceType), inside a struct' : `its values have several types in the data (${members.join(' and ')}), one of them nested`}, and how ApplyMapping casts such a value is not documented`,
            sourceType === 'JSON' ? `resolve it first: resolveChoice(specs=[("${m.source}", "cast:${m.sourceType === 'choice' ? 'string' : m.sourceType}")])` : 'drop the field holding it (DropFields), or leave it out of the mappings',
          );
        // a text whose value DuckDB's cast and Spark's read differently (an offset, "1.5" to an int, "yes"): which one
        // ApplyMapping gives is not documented, so such a value stops the run, naming the field
        const undecided = `${UNDECIDED_MARKER} ${file}:${node.line}: ApplyMapping of "${m.source}" to ${m.targetType} cannot run on the local engine: a value of it is text that readings of it as a ${m.targetType} answer differently (Spark's cast reads it as one value, DuckDB's as another — a zone offset, a fraction to a whole number, spaces, "yes"), and how ApplyMapping reads it is not documented; map it to string and convert it in DataFrame code (F.to_timestamp(col, "pattern"), F.col(…).cast(…)) or an SQL Query node`;
        const overflow = `${UNDECIDED_MARKER} ${file}:${node.line}: ApplyMapping of "${m.source}" to ${m.targetType} cannot run on the local engine: a value of it is a number outside that type's range, and whether Glue's cast wraps it (as the JVM narrows a long to an int), clamps it (as the JVM narrows a double) or makes it null is not documented; map it to a wider type (long, double) or leave such values out first`;
        const numberToTime = `${UNDECIDED_MARKER} ${file}:${node.line}: ApplyMapping of "${m.source}" to ${m.targetType} cannot run on the local engine: a value of it is a number, and whether Glue's cast reads it as seconds since 1970 (as Spark's cast does), as milliseconds, or makes it null is not documented; map it to long and convert it in DataFrame code (F.timestamp_seconds(c), (F.col(c) / 1000).cast("timestamp") for milliseconds) or with Glue Studio's To Timestamp (gs_to_timestamp(colName=…, colType="milliseconds"))`;
        if (source !== undefined && members !== undefined && hit !== undefined) {
          const col = ident(hit.phys);
          const each = members.map((t) => `WHEN ${literal(t)} THEN ${glueCast(`TRY_CAST(json_extract_string(${col}, '$') AS ${CHOICE_DUCK[t]!})`, CHOICE_DUCK[t]!, type, undecided, overflow, numberToTime)}`);
          out.push({ sql: members.length === 0 ? `CAST(NULL AS ${type})` : `CASE ${choiceMemberSql(col, ctx.wholeAsLong(hit))} ${each.join(' ')} END`, name: target, ids: [node.id] });
          continue;
        }
        out.push({ sql: source === undefined ? `CAST(NULL AS ${type})` : glueCast(source, sourceType, type, undecided, overflow, numberToTime), name: target, ids: [node.id] });
      }
      return { from, cols: out };
    }
    case 'join': {
      const l = glueFrame(ctx, node.left, node.line, 'Join');
      const r = glueFrame(ctx, node.right, node.line, 'Join');
      if (node.leftKeys.length !== node.rightKeys.length || node.leftKeys.length === 0) throw errorAt(file, pos(node), 'Join needs as many keys1 as keys2');
      const lk = node.leftKeys.map((k) => glueField(ctx, l.cols, k, node, 'Join'));
      const rk = node.rightKeys.map((k) => glueField(ctx, r.cols, k, node, 'Join'));
      // Join.apply calls frame1.join(keys1, keys2, frame2), which hands the keys to Glue's JVM DynamicFrame.join
      // (awslabs/aws-glue-libs awsglue/transforms/field_transforms.py, dynamicframe.py); that side is not public, and no
      // documentation page (the Join class, DynamicFrame.join, the Scala DynamicFrame's join: "the result of performing
      // an equijoin"), issue, page, test suite or published run says whether it checks its keys against the frames'
      // schemas first — and fails on a key a schema lacks — or joins nothing (docs/glue-jobs.md lists what was
      // searched, twice). A DynamicFrame's schema is computed from its records (the Scala
      // DynamicFrame's `schema`: "guaranteed to contain every field that is present in a record … in a small number of
      // cases, it might also contain additional fields"), so:
      //   - a frame of no records (a read of no objects: docs/glue-jobs.md, "A read of no objects"; or one whose
      //     records a transform left out) may have no field at all: the join gives no record if it runs, and whether
      //     it runs is unknown;
      //   - a frame whose records have no field of a key's name: the same, whatever the join would give.
      for (const [side, rel, keys] of [['frame1', l.from, node.leftKeys], ['frame2', r.from, node.rightKeys]] as const) {
        const any = Number(((await ctx.query(`SELECT CAST(EXISTS (SELECT 1 FROM ${rel}) AS INTEGER)`))[0] as (string | number)[])[0]);
        if (any === 0)
          throw unsupportedAt(
            file,
            pos(node),
            `Join on ${keys.join(', ')}`,
            `${side} has no records, so the equijoin joins nothing if it runs, and whether Glue's DynamicFrame.join runs — or fails on a key the frame's schema, computed from its records, does not have — is not documented`,
            `give ${side} records first (run the job that writes its source), or leave the Join out while it has none`,
          );
      }
      const missingKey = (key: string, side: string, cols: FrameCol[]) =>
        unsupportedAt(
          file,
          pos(node),
          `Join key ${key}`,
          `${side} has records, none with a field ${key} (${side} has ${fieldList(cols)}), and whether Glue's DynamicFrame.join then fails on a key its schema does not have or joins nothing is not documented`,
          `name a field ${side} has${nearName(key, cols)}`,
        );
      for (const [i, k] of lk.entries()) if (k === undefined) throw missingKey(node.leftKeys[i]!, 'frame1', l.cols);
      for (const [i, k] of rk.entries()) if (k === undefined) throw missingKey(node.rightKeys[i]!, 'frame2', r.cols);
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
      // a record of each frame without a value for a key (null, or the field absent from it): whether Glue's join
      // matches the two is not documented — its DynamicFrame join is not Spark SQL's equijoin (it matched (1, 2) with
      // (2, 1): awslabs/aws-glue-libs issue #76), so SQL's "null equals nothing" cannot be assumed. Where only one side
      // has such records they equal no value of the other and join nothing, as the local join has it
      if (!never) {
        const noValue = (q: string, keys: (FrameCol | undefined)[]) => keys.map((k) => `${q}.${ident(k!.phys)} IS NULL`).join(' OR ');
        // frame2 is looked at only when frame1 has such a record (the usual join has none, and then reads frame2 once)
        const has = async (rel: string, q: string, keys: (FrameCol | undefined)[]) =>
          Number(((await ctx.query(`SELECT CAST(EXISTS (SELECT 1 FROM ${rel} ${q} WHERE ${noValue(q, keys)}) AS INTEGER)`))[0] as (string | number)[])[0]) > 0;
        if ((await has(l.from, 'l', lk)) && (await has(r.from, 'r', rk)))
          throw unsupportedAt(
            file,
            pos(node),
            `Join on ${node.leftKeys.join(', ')} = ${node.rightKeys.join(', ')}`,
            `a record of frame1 and one of frame2 have no value (null, or no such field) for ${lk.length > 1 ? 'a key' : 'the key'}, and whether Glue's DynamicFrame.join matches such records with each other is not documented (its join is not Spark SQL's: awslabs/aws-glue-libs issue #76)`,
            `drop the records without a value for it from one frame first (Filter.apply with a function that keeps those having ${node.leftKeys[0]})`,
          );
      }
      const on = never ? 'FALSE' : lk.map((k, i) => `l.${ident(k!.phys)} = r.${ident(rk[i]!.phys)}`).join(' AND ');
      // with several keys, a DynamicFrame join has been seen to match records whose key values are a permutation of
      // each other ((1, 2) with (2, 1): awslabs/aws-glue-libs issue #76, not answered; sourceallies/glue-biscuit
      // src/glue_startup_test.py asserts the same match in the glue_libs_3.0.0 image): which rule makes it (the values
      // as a multiset, as a set, a hash of them) neither shows, so where such a pair exists the local answer (keys
      // matched in order) may not be Glue's, and the run stops
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
      // nested fields null in every record: Glue drops them too (drop_nulls.py walks structs and arrays of structs),
      // the local DropNullFields does not yet — refused by name rather than written with them
      const nested = await nestedNullFields(keep, from, ctx.query);
      if (nested.length > 0)
        throw unsupportedAt(file, pos(node), 'DropNullFields of nested fields', `${nested.join(', ')} ${nested.length === 1 ? 'is' : 'are'} null in every record, and Glue's DropNullFields drops such fields inside structs and arrays of structs too (aws-glue-libs awsglue/transforms/drop_nulls.py), which the local engine does not yet`, `drop ${nested.length === 1 ? 'it' : 'them'} by name first (DropFields.apply(frame=…, paths=[${nested.map((n) => JSON.stringify(n)).join(', ')}]))`);
      if (keep.length === 0) return { from: `${from} WHERE false`, cols: cols.map((c) => passThrough(c, node.id)) };
      return { from, cols: keep.map((c) => passThrough(c, node.id)) };
    }
    case 'filter': {
      const { from, cols } = glueFrame(ctx, node.input, node.line, node.construct);
      const fields = [...new Set(collectFields(node.predicate))];
      const absentOnly = await decidedFields(ctx, node.input, fields, [node.predicate], cols, node.construct);
      const choices = await choiceMembers(ctx, from, cols, fields);
      const p = compileRowPredicate(node.predicate, { file, cols, absentOnly, construct: node.construct, pos: node.predicate.pos, choices });
      return { from: `${from} WHERE ${p.sql}`, cols: cols.map((c) => passThrough(c, node.id)), notes: p.notes };
    }
    case 'map': {
      // Map.apply: the records the function does not raise on, with the keys it set and without those it deleted
      const { from, cols } = glueFrame(ctx, node.input, node.line, node.construct);
      const fields = [...new Set(collectFields(node))];
      const absentOnly = await decidedFields(ctx, node.input, fields, [node.check, ...node.fields.flatMap((f) => (f.value ? [f.value] : []))], cols, node.construct);
      const input = { file, cols, absentOnly, construct: node.construct, pos: node.check.pos, choices: await choiceMembers(ctx, from, cols, fields) };
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
    case 'unnest':
      return await compileUnnest(node, ctx, glueFrame(ctx, node.input, node.line, node.construct));
    case 'relationalize':
      return await compileRelationalize(node, ctx, glueFrame(ctx, node.input, node.line, node.construct));
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
    case 'resolveChoice':
      return await resolveChoice(node, ctx);
  }
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

/** The member types of the ChoiceType fields (JSON columns) among `fields`, from the data (glueSchema.ts). */
async function choiceMembers(ctx: NodeContext, from: string, cols: FrameCol[], fields: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const c of cols) if (c.type === 'JSON' && fields.includes(c.name)) out.set(c.name, (await ctx.query(choiceMembersQuery(ident(c.phys), from, ctx.wholeAsLong(c)))).map((r) => String(r[0])));
  return out;
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
