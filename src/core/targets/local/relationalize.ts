/**
 * Glue's UnnestFrame / DynamicFrame.unnest and Relationalize / DynamicFrame.relationalize, compiled to SQL over the
 * input frame. What they do, from AWS's own printed outputs:
 *   - unnest: "flattens nested objects to top-level elements" — the UnnestFrame class page's example turns the struct
 *     `data` {strawberry, pineapple, mango, pears} into `data.strawberry`, `data.pineapple`, … beside `warehouse_loc`;
 *   - relationalize: "a root table that contains a record for each object in the DynamicFrame, and auxiliary tables for
 *     the arrays" (the guide's "Code example: Joining and relationalizing data", awslabs/aws-glue-samples
 *     examples/join_and_relationalize.md): keys `hist_root`, `hist_root_contact_details`, …; in the root table each
 *     array field holds a `bigint` key (Redshift's `\d hist_root`: `contact_details | bigint`), and the array's table
 *     has `id` (bigint, "a foreign key into the hist_root table with the key contact_details"), `index` (integer, the
 *     element's position from 0) and the element, a struct element unnested under `<field>.val.` (`contact_details.val.type`,
 *     `contact_details.val.value`); nested structs become `a.b` fields (AWS Big Data blog, "Simplify querying nested
 *     JSON with the AWS Glue Relationalize transform": "a list of the original keys … separated by periods"); an array
 *     inside a struct is keyed under its path and its table named by it (a public job over tweets reads the root
 *     table's `entities.hashtags`, the table `root_entities.hashtags` and its `entities.hashtags.val.tag`).
 *
 * Not documented, so refused by name: what the root table holds for a record whose array is null, absent or empty; the
 * name of an array of scalars' element column; the tables of an array inside an array's elements; what unnest does
 * with an array field; a field whose values are sometimes structs or arrays (a ChoiceType); the order of the root
 * table's fields (rootTableOrder, where it shows). The keys' values themselves are not documented either — the
 * guide's two printed outputs give id 10 to different legislators (Mike Ross in one, Chuck Grassley in the other), so
 * they depend on the run; locally a record's key is its position (from 1) in the order of all its fields' values, the
 * same in the root table and in every array's table, so the two join as on Glue.
 */
import type { JobPlan, PlanNode } from '../../jobs/plan';
import { structFields } from './colSql';
import { nodePos as pos, passThrough, type CompiledNode, type NodeContext, type OutputCol } from './compiledNode';
import { ident, literal } from './duck';
import { choiceMembersQuery } from './glueSchema';
import { errorAt, NO_FIELDS, unsupportedAt, type FrameCol } from './frames';

type UnnestNode = Extract<PlanNode, { kind: 'unnest' }>;
type RelationalizeNode = Extract<PlanNode, { kind: 'relationalize' }>;

const isList = (type: string) => /\[\]$/.test(type);
// a list's type ends with [] (`STRUCT(a INTEGER)[]` is a list of structs)
const isStruct = (type: string) => type.startsWith('STRUCT(') && !isList(type);
const isMap = (type: string) => type.startsWith('MAP(') && !isList(type);

/** A ChoiceType (JSON here) some of whose values are structs or arrays: refused where its fields would be unnested. */
async function nestedChoice(ctx: NodeContext, sql: string, from: string, c: FrameCol): Promise<string | undefined> {
  const types = (await ctx.query(choiceMembersQuery(sql, from, ctx.wholeAsLong(c)))).map((r) => String(r[0]));
  return types.some((t) => t === 'struct' || t === 'array') ? types.join(' and ') : undefined;
}

/** The leaves of a value of `type` at `sql`, named from `name`: structs opened at every level (`name.field`). */
async function leaves(
  ctx: NodeContext,
  node: PlanNode & { construct: string },
  from: string,
  col: FrameCol,
  sql: string,
  name: string,
  type: string,
  onList: (name: string) => Error,
): Promise<{ sql: string; name: string; type: string }[]> {
  if (isStruct(type)) {
    const out: { sql: string; name: string; type: string }[] = [];
    for (const f of structFields(type)) out.push(...(await leaves(ctx, node, from, col, `${sql}[${literal(f.name)}]`, `${name}.${f.name}`, f.type, onList)));
    return out;
  }
  if (isList(type)) throw onList(name);
  if (isMap(type)) throw unsupportedAt(ctx.file, pos(node, name), `${node.construct} of the map field ${name}`, 'how Glue flattens a map is not documented', 'drop the field first (DropFields)');
  if (type === 'JSON') {
    const members = await nestedChoice(ctx, sql, from, col);
    if (members !== undefined)
      throw unsupportedAt(ctx.file, pos(node, name), `${node.construct} of ${name}`, `its values have several types (${members}: a ChoiceType), and how Glue unnests a choice of a struct or an array is not documented`, `resolve it first: resolveChoice(specs=[("${name}", "cast:string")]), or drop it (DropFields)`);
  }
  return [{ sql, name, type }];
}

/** DynamicFrame.unnest / UnnestFrame.apply */
export async function compileUnnest(node: UnnestNode, ctx: NodeContext, frame: { from: string; cols: FrameCol[] }): Promise<CompiledNode> {
  const out: OutputCol[] = [];
  const onList = (name: string) =>
    unsupportedAt(
      ctx.file,
      pos(node, name),
      `${node.construct} of the array field ${name}`,
      'UnnestFrame "generates joinkeys for array objects", and what it leaves in the field and where the elements go is not documented',
      'use Relationalize (its array tables are documented), or drop the field first (DropFields)',
    );
  for (const c of frame.cols) {
    const parts = await leaves(ctx, node, frame.from, c, ident(c.phys), c.name, c.type, onList);
    if (parts.length === 1 && parts[0]!.name === c.name) out.push(passThrough(c, node.id));
    else for (const p of parts) out.push({ sql: p.sql, name: p.name, ids: [node.id] });
  }
  return { from: frame.from, cols: out };
}

/** The key column of the numbered records (see the header: a record's position in the order of its fields' values). */
const KEY = '__relationalize_key';

function numbered(from: string, cols: FrameCol[], select: string): string {
  return `(SELECT ${select}, row_number() OVER (ORDER BY ${cols.map((c) => `${ident(c.phys)} NULLS FIRST`).join(', ')}) AS ${ident(KEY)} FROM ${from})`;
}

/** An array field of the frame: its path (`a` or, inside structs, `a.b`), its SQL and DuckDB type. */
interface ArrayField {
  path: string;
  sql: string;
  type: string;
  col: FrameCol;
}

/** The array fields of a value, at any depth of structs (an array is not opened here). */
function arraysOf(sql: string, name: string, type: string, col: FrameCol): ArrayField[] {
  if (isList(type)) return [{ path: name, sql, type, col }];
  if (!isStruct(type)) return [];
  return structFields(type).flatMap((f) => arraysOf(`${sql}[${literal(f.name)}]`, `${name}.${f.name}`, f.type, col));
}

/** One frame of a Relationalize collection: the root table, or the table of one array field. */
export async function compileRelationalize(node: RelationalizeNode, ctx: NodeContext, frame: { from: string; cols: FrameCol[] }): Promise<CompiledNode> {
  const file = ctx.file;
  const { from, cols } = frame;
  // every array field is checked, whichever table is selected: its elements (structs without arrays, or scalars), and
  // a value of at least one element in every record
  const arrays = cols.flatMap((c) => arraysOf(ident(c.phys), c.name, c.type, c));
  for (const a of arrays) {
    const element = a.type.slice(0, -2);
    if (isList(element))
      throw unsupportedAt(file, pos(node, a.path), `${node.construct} of the array ${a.path}`, 'its elements are arrays, and the name and keys Glue gives their table are not documented', 'drop it first (DropFields)');
    const inner = arraysOf('NULL', `${a.path}.val`, element, a.col);
    if (inner.length > 0)
      throw unsupportedAt(file, pos(node, inner[0]!.path), `${node.construct} of the array ${inner[0]!.path}`, `it is inside the elements of ${a.path}, and the name and keys Glue gives its table are not documented`, 'drop it first (DropFields)');
    const missing = Number(((await ctx.query(`SELECT count(*) FROM ${from} WHERE ${a.sql} IS NULL OR len(${a.sql}) = 0`))[0] as (string | number)[])[0]);
    if (missing > 0)
      throw unsupportedAt(
        file,
        pos(node, a.path),
        `${node.construct} of the array ${a.path}`,
        `${missing} record${missing === 1 ? ' has' : 's have'} no value for it (null or absent) or an empty array, and what Glue's root table holds for such a record (a key with no row in its table, or null) is not documented`,
        `keep the records that have elements first (Filter.apply(frame=…, f=lambda r: …)), or drop the field (DropFields)`,
      );
  }
  const noList = (name: string) => new Error(`unexpected array ${name}`);
  if (node.table === undefined) {
    // the root table: structs unnested, each array replaced by its record's key
    const out: OutputCol[] = [];
    const walk = async (c: FrameCol, sql: string, name: string, type: string, top: boolean): Promise<void> => {
      if (isList(type)) out.push({ sql: `CAST(${ident(KEY)} AS BIGINT)`, name, ids: [node.id] });
      else if (isStruct(type)) for (const f of structFields(type)) await walk(c, `${sql}[${literal(f.name)}]`, `${name}.${f.name}`, f.type, false);
      else {
        const [leaf] = await leaves(ctx, node, from, c, sql, name, type, noList);
        out.push(top ? passThrough(c, node.id) : { sql: leaf!.sql, name, ids: [node.id] });
      }
    };
    for (const c of cols) await walk(c, ident(c.phys), c.name, c.type, true);
    return { from: arrays.length === 0 ? from : numbered(from, cols, '*'), cols: out };
  }
  const path = node.table.startsWith(`${node.root}_`) ? node.table.slice(node.root.length + 1) : undefined;
  const array = arrays.find((a) => a.path === path);
  // select(key) of a table the data does not have: an empty DynamicFrame, with no fields
  if (array === undefined && node.missing === 'empty') return { query: `SELECT 1 AS ${ident(NO_FIELDS)} WHERE false`, ids: [[]] };
  if (array === undefined)
    throw errorAt(
      file,
      pos(node, node.table),
      `${node.construct}: the collection has no frame "${node.table}" (KeyError on Glue): the frame has no array field ${path ?? node.table}; its tables: ${[node.root, ...arrays.map((a) => `${node.root}_${a.path}`)].map((k) => `"${k}"`).join(', ')}`,
    );
  const element = array.type.slice(0, -2);
  if (!isStruct(element))
    throw unsupportedAt(
      file,
      pos(node, node.table),
      `${node.construct} of the array ${path}`,
      `its elements are not structs, and the name Glue gives the element's column in the table "${node.table}" is not documented (a struct element's fields are ${path}.val.<field>)`,
      `select the root table only, or explode the array in DataFrame code (F.posexplode)`,
    );
  const el = ident('__element');
  const rows = `(SELECT ${ident(KEY)}, unnest(range(len(${ident('__array')}))) AS ${ident('__index')}, unnest(${ident('__array')}) AS ${el} FROM ${numbered(from, cols, `${array.sql} AS ${ident('__array')}`)})`;
  const out: OutputCol[] = [
    { sql: `CAST(${ident(KEY)} AS BIGINT)`, name: 'id', ids: [node.id] },
    { sql: `CAST(${ident('__index')} AS INTEGER)`, name: 'index', ids: [node.id] },
  ];
  for (const p of await leaves(ctx, node, rows, array.col, el, `${path}.val`, element, noList)) out.push({ sql: p.sql, name: p.name, ids: [node.id] });
  return { from: rows, cols: out };
}

/**
 * Where a frame holds several fields of a Relationalize root table in their order there (their ids hold the root's
 * node), which Glue does not document — the guide's Redshift table hist_root lists its fields in an order that is not
 * its input's: the root table's node and those fields; undefined where the order is the script's own (ApplyMapping).
 */
export function rootTableOrder(plan: JobPlan, cols: FrameCol[]): { root: RelationalizeNode; names: string[] } | undefined {
  for (const root of plan.nodes) {
    if (root.kind !== 'relationalize' || root.table !== undefined) continue;
    const names = cols.filter((c) => c.ids.includes(root.id)).map((c) => c.name);
    if (names.length > 1) return { root, names };
  }
  return undefined;
}

/** The refusal of an output that shows a root table's fields in their undocumented order (see rootTableOrder). */
export function rootOrderMessage(what: string, o: { root: RelationalizeNode; names: string[] }, instead: string): string {
  return `${what} the fields of the root table ${o.root.construct} made at line ${o.root.line} (${o.names.slice(0, 4).join(', ')}${o.names.length > 4 ? ', …' : ''}) in their order there, which Glue does not document (the guide's Redshift table hist_root lists its fields in another order than its input's), so the local engine does not guess it — ${instead}`;
}
