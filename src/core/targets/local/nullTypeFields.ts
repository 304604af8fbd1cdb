/**
 * The fields a DynamicFrame's printSchema shows as `null`: Glue types a field that is null or missing in every record
 * of a JSON read as NullType (the AWS Glue developer guide's UnnestFrame and Unbox pages print `|-- pears: null` and,
 * unnested, `|-- data.pears: null`: awsdocs/aws-glue-developer-guide @ c4620ef doc_source/
 * aws-glue-api-crawler-pyspark-transforms-UnnestFrame.md; the DropNullFields page: "Drops all null fields in a
 * DynamicFrame whose type is NullType"), where the local reader holds it as a column of some type (VARCHAR).
 * A field is shown `null` where its lineage leads, unchanged, to a JSON source's field null in every record there
 * (runNodes.ts readerPath: SelectFields, DropFields, RenameField, Filter, Join, UnnestFrame…); a field a transform
 * typed (ApplyMapping, resolveChoice's cast, a DataFrame) keeps its type. A field null in every record of the printed
 * frame whose lineage is not followed, or whose source holds values (a Filter left only its nulls: whether Glue's
 * schema of that frame is NullType is not documented), is refused by name rather than printed with a guessed type.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { ident } from './duck';
import { NO_FIELDS, type Frame, type FrameCol } from './frames';
import type { GlueField, GlueType } from './glueSchema';
import type { BuiltFrames } from './runNodes';

/** A field or a member inside its structs (not inside arrays or maps): its SQL and its path. */
interface Place {
  col: FrameCol;
  members: string[];
  sql: string;
}

function places(col: FrameCol, t: DuckDbType, sql: string, members: string[], out: Place[]): void {
  out.push({ col, members, sql });
  if (t.kind === 'struct' && members.length < 32) for (const f of t.fields) places(col, f.type, `(${sql}).${ident(f.name)}`, [...members, f.name], out);
}

function typeOf(col: FrameCol): DuckDbType | undefined {
  try {
    return parseDuckDbType(col.type);
  } catch {
    return undefined;
  }
}

/** The DuckDB type of the member `members` of `t`, undefined when it has none such. */
function memberType(t: DuckDbType, members: readonly string[]): DuckDbType | undefined {
  let u: DuckDbType | undefined = t;
  for (const m of members) u = u?.kind === 'struct' ? u.fields.find((f) => f.name === m)?.type : undefined;
  return u;
}

/** Sets the Glue type of the place `members` of `field` in `fields` to NullType (`null`). */
function setNull(fields: GlueField[], name: string, members: readonly string[]): void {
  let list: GlueField[] | undefined = fields;
  let target: GlueField | undefined;
  for (const n of [name, ...members]) {
    target = list?.find((f) => f.name === n);
    list = target?.type.kind === 'struct' ? target.type.fields : undefined;
  }
  if (target !== undefined) target.type = { kind: 'atomic', name: 'null' } satisfies GlueType;
}

/**
 * Marks the NullType fields of `fields` (the printed frame `id`'s, as glueSchema.ts types them) `null`; throws a
 * ScriptUnsupported naming the field and the line where a field null in every record has a lineage not followed.
 */
export async function markNullTypeFields(
  fields: GlueField[],
  id: string,
  built: Pick<BuiltFrames, 'frames' | 'readerPath' | 'mayBeNullType'>,
  conn: DuckDBConnection,
  at: { file: string; line: number },
): Promise<void> {
  const frame = built.frames.get(id)!;
  const all: Place[] = [];
  for (const c of frame.cols) {
    if (c.name === NO_FIELDS || c.type === 'JSON') continue;
    const t = typeOf(c);
    if (t !== undefined) places(c, t, ident(c.phys), [], all);
  }
  if (all.length === 0) return;
  const counts = await countValues(conn, frame, [`count(*)`, ...all.map((p) => `count(${p.sql})`)]);
  const records = counts[0]!;
  const done: Place[] = [];
  for (const [i, p] of all.entries()) {
    if (counts[i + 1]! > 0) continue;
    // a member of a struct already shown `null` is not drawn
    if (done.some((d) => d.col === p.col && d.members.every((m, j) => p.members[j] === m))) continue;
    const name = [p.col.name, ...p.members].join('.');
    const o = built.readerPath(id, [p.col.name, ...p.members]);
    if (o === undefined) {
      if (records > 0 && built.mayBeNullType(id, p.col)) throw refuse(at, name, 'the frame comes from a JSON read through a transform whose effect on a NullType field is not followed here');
      continue;
    }
    const source = built.frames.get(o.source)!;
    const col = source.cols.find((c) => c.name === o.path[0]);
    const t = col === undefined ? undefined : typeOf(col);
    const inner = t === undefined ? undefined : memberType(t, o.path.slice(1));
    if (col === undefined || inner === undefined) {
      if (records > 0) throw refuse(at, name, 'its place in the JSON source it comes from is not followed here');
      continue;
    }
    const sql = o.path.slice(1).reduce((s, m) => `(${s}).${ident(m)}`, ident(col.phys));
    const inSource = (await countValues(conn, source, [`count(${sql})`]))[0]!;
    if (inSource === 0) {
      setNull(fields, p.col.name, p.members);
      done.push(p);
    } else if (records > 0)
      throw refuse(at, name, 'the JSON source it comes from holds values for it, which the transforms since left out, and whether Glue then types it NullType is not documented');
  }
}

async function countValues(conn: DuckDBConnection, frame: Frame, aggregates: string[]): Promise<number[]> {
  const row = (await conn.runAndReadAll(`SELECT ${aggregates.join(', ')} FROM ${frame.view}`)).getRowsJson()[0] as (string | number)[];
  return row.map(Number);
}

function refuse(at: { file: string; line: number }, name: string, why: string): LakehouseError {
  return new LakehouseError(
    'ScriptUnsupported',
    `${at.file}:${at.line}: printSchema() cannot run on the local engine: the field ${name} is null in every record of the frame, which Glue types NullType (printed \`null\`) when it reads it so, and ${why}; drop the field (DropFields) or give it a type (ApplyMapping) before printSchema()`,
    { file: at.file, line: at.line },
  );
}
