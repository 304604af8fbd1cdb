/**
 * The nested fields a DropNullFields would drop: Glue's DropNullFields drops every field whose schema type is
 * NullType — null or missing in every record — at any depth of structs and inside arrays of structs, not only at the
 * top (aws-glue-libs awsglue/transforms/drop_nulls.py `_find_null_fields`: it walks StructType fields, recurses into
 * an ArrayType whose element is a StructType, "We don't change ArrayType(NullType)", and "dropFields currently does
 * not work through maps"). The local DropNullFields drops top-level fields; this finds the nested ones so that a frame
 * holding one is refused by name rather than written with the field Glue would have dropped.
 */
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { ident } from './duck';

/** One nested member's path (dotted, as Glue names it) and an aggregate that is true when some record has a value. */
interface MemberCheck {
  path: string;
  hasValue: string;
}

/** The checks for the members of `type` reached by `expr` (a column, or a lambda's element inside a list). */
function memberChecks(expr: string, type: DuckDbType, path: string, inList: ((cond: string) => string) | undefined, out: MemberCheck[], depth: number): void {
  if (depth > 32) return;
  if (type.kind === 'struct') {
    for (const f of type.fields) {
      const e = `(${expr}).${ident(f.name)}`;
      const p = `${path}.${f.name}`;
      const cond = `${e} IS NOT NULL`;
      out.push({ path: p, hasValue: inList ? `bool_or(${inList(cond)})` : `bool_or(${cond})` });
      memberChecks(e, f.type, p, inList, out, depth + 1);
    }
  } else if (type.kind === 'list' && type.element.kind === 'struct' && inList === undefined) {
    // an array of structs: a member has a value when some element of some record's array has one
    const v = `x${depth}`;
    memberChecks(v, type.element, path, (cond) => `len(list_filter(${expr}, ${v} -> ${cond})) > 0`, out, depth + 1);
  }
}

/**
 * The dotted paths of the nested members of `cols` that are null or missing in every record of `from` (each a field
 * Glue's DropNullFields drops), in the columns' order; none when the columns hold no struct.
 */
export async function nestedNullFields(cols: readonly { name: string; phys: string; type: string }[], from: string, query: (sql: string) => Promise<unknown[][]>): Promise<string[]> {
  const checks: MemberCheck[] = [];
  for (const c of cols) {
    if (!/STRUCT/i.test(c.type)) continue;
    let type: DuckDbType;
    try {
      type = parseDuckDbType(c.type);
    } catch {
      continue;
    }
    memberChecks(ident(c.phys), type, c.name, undefined, checks, 0);
  }
  if (checks.length === 0) return [];
  const row = (await query(`SELECT ${checks.map((k) => `coalesce(${k.hasValue}, false)`).join(', ')} FROM ${from}`))[0] ?? [];
  return checks.filter((_, i) => row[i] !== true).map((k) => k.path);
}
