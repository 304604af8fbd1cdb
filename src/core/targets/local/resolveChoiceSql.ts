/** The ResolveChoice transform's SELECT (cast, project, make_cols, make_struct, match_catalog). */
import type { PlanNode } from '../../jobs/plan';
import { nodePos as pos, passThrough, type CompiledNode, type NodeContext, type OutputCol } from './compiledNode';
import { ident, literal } from './duck';
import { CHOICE_DUCK, choiceMemberSql, choiceMembersQuery, choiceStructSql } from './glueSchema';
import { errorAt, unsupportedAt, type FrameCol } from './frames';
import { INTEGRAL, glueCast, glueType } from './glueCasts';
import { UNDECIDED_MARKER } from './rowSql';

/**
 * ResolveChoice (AWS Glue developer guide, ResolveChoice class and DynamicFrame.resolveChoice): for a field with
 * values of several types (a ChoiceType: a JSON column here) `cast:T` casts every value, `project:T` keeps the values
 * of type T (the others are null), `make_cols` makes a field `<name>_<type>` per type, `make_struct` a struct with a
 * field per type, and `match_catalog` casts to the type the catalog table declares for the field.
 */
export async function resolveChoice(node: Extract<PlanNode, { kind: 'resolveChoice' }>, ctx: NodeContext): Promise<CompiledNode> {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const cols: OutputCol[] = [];
  // a number that does not fit the whole-number type: the run stops (glueCast); a string that is no such number is
  // null ("Where the value was a string that could not be cast, AWS Glue inserted a null": the medicare sample)
  const overflow = (c: FrameCol, t: string) =>
    `${UNDECIDED_MARKER} ${file}:${node.line}: ResolveChoice cast to ${({ INTEGER: 'int', SMALLINT: 'short', TINYINT: 'byte', BIGINT: 'long' } as Record<string, string>)[t] ?? t.toLowerCase()} of "${c.name}" cannot run on the local engine: a value of it is a number outside that type's range, and whether Glue's cast wraps it (as the JVM narrows a long to an int), clamps it (as the JVM narrows a double) or makes it null is not documented; cast to a wider type (cast:long, cast:double) or leave such values out first`;
  // a number cast to a timestamp or a date: seconds (Spark's Cast), milliseconds or null — not documented (glueCast)
  const numberToTime = (c: FrameCol, t: string) =>
    `${UNDECIDED_MARKER} ${file}:${node.line}: ResolveChoice cast to ${t.toLowerCase()} of "${c.name}" cannot run on the local engine: a value of it is a number, and whether Glue's cast reads it as seconds since 1970 (as Spark's cast does), as milliseconds, or makes it null is not documented; cast to long and convert it in DataFrame code (F.timestamp_seconds(c), (F.col(c) / 1000).cast("timestamp") for milliseconds)`;
  const castTo = (c: FrameCol, t: string): string =>
    c.type === 'JSON'
      ? INTEGRAL.has(t)
        ? `CASE WHEN json_type(${ident(c.phys)}) = 'DOUBLE' THEN ${glueCast(`CAST(${ident(c.phys)} AS DOUBLE)`, 'DOUBLE', t, undefined, overflow(c, t))} WHEN json_type(${ident(c.phys)}) IN ('BIGINT', 'UBIGINT', 'INTEGER') THEN ${glueCast(`TRY_CAST(json_extract_string(${ident(c.phys)}, '$') AS HUGEINT)`, 'HUGEINT', t, undefined, overflow(c, t))} ELSE TRY_CAST(json_extract_string(${ident(c.phys)}, '$') AS ${t}) END`
        : t === 'TIMESTAMP' || t === 'DATE'
          ? `CASE WHEN json_type(${ident(c.phys)}) IN ('DOUBLE', 'BIGINT', 'UBIGINT', 'INTEGER') THEN error(${literal(numberToTime(c, t))}) ELSE TRY_CAST(json_extract_string(${ident(c.phys)}, '$') AS ${t}) END`
          : `TRY_CAST(json_extract_string(${ident(c.phys)}, '$') AS ${t})`
      : glueCast(ident(c.phys), c.type, t, undefined, overflow(c, t), numberToTime(c, t));
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
        // the values of that type only ("project:string … drops values … that are not type string"): a member type
        // is Glue's reader's type of the value (int and long apart, glueSchema.ts)
        const member = Object.entries(CHOICE_DUCK).find(([, d]) => d === t)?.[0];
        if (member === undefined) throw unsupportedAt(file, pos(node), `ResolveChoice project:${cast[2]}`, 'projecting to this type is not translated', 'use cast:<type>');
        cols.push({ sql: `CASE WHEN ${choiceMemberSql(ident(c.phys), ctx.wholeAsLong(c))} = ${literal(member)} THEN ${castTo(c, t)} END`, name: c.name, ids: [node.id] });
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
    const types = (await ctx.query(choiceMembersQuery(ident(c.phys), f.view, ctx.wholeAsLong(c)))).map((r) => String(r[0]));
    const nested = types.find((t) => CHOICE_DUCK[t] === undefined);
    if (nested !== undefined)
      throw unsupportedAt(file, pos(node), `ResolveChoice ${action} of ${c.name}`, `one of its types is ${nested === 'struct' || nested === 'array' ? `a ${nested}` : nested}, whose fields are not known locally`, 'use cast:string, or project:<type>');
    const part = (t: string) => `CASE WHEN ${choiceMemberSql(ident(c.phys), ctx.wholeAsLong(c))} = ${literal(t)} THEN ${castTo(c, CHOICE_DUCK[t]!)} END`;
    if (a === 'make_cols') for (const t of types) cols.push({ sql: part(t), name: `${c.name}_${t}`, ids: [node.id] });
    else cols.push({ sql: choiceStructSql(ident(c.phys), types, ctx.wholeAsLong(c)), name: c.name, ids: [node.id] });
  }
  return { from: f.view, cols };
}
