/**
 * The lines a job's print(…) and logger calls write to the run's log (PlanLog), with the figures they print computed
 * on the run's frames: counts, a DynamicFrame's or a DataFrame's printSchema, show(n), dtypes and schema.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import type { JobPlan, PlanLog } from '../../jobs/plan';
import { rootOrderMessage, rootTableOrder } from './relationalize';
import { repr } from '../../jobs/values';
import { duckDbTypeToHive, holdsChoice, parseDuckDbType, type DuckDbType } from '../../sql/types';
import { ident } from './duck';
import { NO_FIELDS, type Frame, type FrameCol } from './frames';
import { choiceMembersQuery, glueTypeOf, nestedChoiceMembersQuery, printGlueSchema, withChoiceMembers } from './glueSchema';
import { glueRecordLine } from './glueShow';
import { markNullTypeFields } from './nullTypeFields';
import { UNDECIDED_MARKER } from './rowSql';
import { undecided, type BuiltFrames } from './runNodes';
import { pythonRowRepr, pythonRowsRepr, RowValueUnsupported } from './pythonRows';
import { sparkShowTable } from './sparkShow';
import { sparkDtypes, sparkSchemaRepr } from './sparkTypeText';

/** The lines of a log entry: its text with the figures computed (counts, schemas, the first rows). */
export async function logLines(log: PlanLog, built: Pick<BuiltFrames, 'frames' | 'wholeAsLong' | 'readerPath' | 'mayBeNullType'>, conn: DuckDBConnection, file: string, glueVersion?: string, plan?: JobPlan): Promise<string[]> {
  const frames = built.frames;
  // a schema, rows or field names that show a Relationalize root table's fields in their undocumented order
  if (plan !== undefined)
    for (const p of log.parts) {
      const id = 'schema' in p ? p.schema : 'show' in p ? p.show : 'dataFrame' in p ? p.dataFrame : 'fields' in p ? p.fields : undefined;
      const o = id === undefined ? undefined : rootTableOrder(plan, frames.get(id)!.cols);
      if (o !== undefined) throw new LakehouseError('ScriptUnsupported', `${file}:${log.line}: ${rootOrderMessage('the line prints', o, 'give them an order of your own first (ApplyMapping, or select(…) in DataFrame code of a frame made by ApplyMapping)')}`, { file, line: log.line });
    }
  let text = '';
  const blocks: string[] = [];
  for (const p of log.parts) {
    if ('text' in p) text += p.text;
    else if ('count' in p) {
      const f = frames.get(p.count)!;
      try {
        const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ${f.view}`)).getRowsJson() as (string | number)[][];
        text += String(rows[0]![0]);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (msg.includes(UNDECIDED_MARKER)) throw undecided(msg, file, log.line);
        throw e;
      }
    } else if ('schema' in p) {
      const f = frames.get(p.schema)!;
      // DynamicFrame.printSchema draws Glue's tree (`root`, `|-- name: type`: the AWS Glue developer guide's
      // legislators sample, awsdocs/aws-glue-developer-guide doc_source/aws-glue-programming-python-samples-legislators.md),
      // DataFrame.printSchema Spark's (` |-- name: type (nullable = true)`)
      // (a choice's member types, a top-level one's, from the values: Glue's reader's types of them, glueSchema.ts)
      const fields = !p.dynamic ? [] : await Promise.all(
        f.cols
          .filter((c) => c.name !== NO_FIELDS)
          .map(async (c) => {
            const type = glueTypeOf(c.type);
            if (type.kind === 'choice' && c.type === 'JSON') type.members = ((await conn.runAndReadAll(choiceMembersQuery(ident(c.phys), f.view, built.wholeAsLong(c)))).getRowsJson() as string[][]).map((r) => r[0]!);
            const nested = holdsChoice(c.type) ? nestedChoiceMembersQuery(ident(c.phys), parseDuckDbType(c.type), f.view) : undefined;
            if (nested !== undefined) {
              const row = (await conn.runAndReadAll(nested.sql)).getRowsJson()[0] as (string[] | null)[];
              withChoiceMembers(type, new Map(nested.keys.map((k, i) => [k, row[i] ?? []])));
            }
            return { name: c.name, type };
          }),
      );
      // a field null in every record of a JSON read is NullType to Glue (nullTypeFields.ts); reading the records, it
      // may meet a value the frame's transforms stop at (an ApplyMapping the local engine cannot decide): their message
      try {
        if (p.dynamic) await markNullTypeFields(fields, p.schema, built, conn, { file, line: log.line });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (msg.includes(UNDECIDED_MARKER)) throw undecided(msg, file, log.line);
        throw e;
      }
      blocks.push(p.dynamic ? printGlueSchema(fields) : printSchema(f) + unfollowedNote(f.cols));
    } else if ('show' in p) {
      try {
        blocks.push(p.dynamic ? await showRecords(frames.get(p.show)!, p.rows, conn) : await showRows(frames.get(p.show)!, p.rows, conn, p.truncate, glueVersion));
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (msg.includes(UNDECIDED_MARKER)) throw undecided(msg, file, log.line);
        throw e;
      }
    }
    else if ('dataFrame' in p && p.as !== undefined) {
      const cols = frames.get(p.dataFrame)!.cols.filter((c) => c.name !== NO_FIELDS);
      const out = p.as === 'dtypes' ? sparkDtypes(cols) : sparkSchemaRepr(cols, glueVersion, p.as === 'fields');
      if (out === undefined)
        throw new LakehouseError('ScriptUnsupported', `${file}:${log.line}: df.${p.as} cannot run on the local engine: a field of the frame (${cols.map((c) => `${c.name} ${c.type}`).join(', ')}) has a type Spark would not give it here (a ChoiceType); resolve it first (resolveChoice)`, { file, line: log.line });
      text += typeof out === 'string' ? out + unfollowedNote(cols) : repr({ t: 'list', items: out.map(([n, t]) => ({ t: 'tuple', items: [{ t: 'str', v: n }, { t: 'str', v: t }] })) });
    } else if ('dataFrame' in p) {
      // PySpark's DataFrame.__repr__: "DataFrame[%s]" % ", ".join("%s: %s" % c for c in self.dtypes), the types as
      // Spark's simpleString names them (bigint, int, double, string, array<string>, struct<a:string>), as Hive does
      text += `DataFrame[${frames.get(p.dataFrame)!.cols.map((c) => `${c.name}: ${duckDbTypeToHive(c.type)}`).join(', ')}]`;
    } else if ('nullFieldsOf' in p) {
      // the fields DropNullFields left out, in the input's order, as Python prints the list
      const kept = new Set(frames.get(p.nullFieldsOf)!.cols.map((c) => c.name));
      const dropped = frames
        .get(p.input)!
        .cols.map((c) => c.name)
        .filter((n) => n !== NO_FIELDS && !kept.has(n));
      text += repr({ t: 'list', items: dropped.map((n) => ({ t: 'str', v: n })) });
    } else if ('collect' in p) {
      const f = frames.get(p.collect)!;
      const cols = f.cols.filter((c) => c.name !== NO_FIELDS);
      const limit = p.one ? 1 : p.n;
      let values: unknown[][];
      try {
        // sorted(…): Python compares Rows as tuples, field by field — for the atomic values followed here (str by
        // code point, which is DuckDB's byte order of UTF-8; numbers; bools) an ORDER BY of every column; a None or a
        // nested value is refused below (Python raises TypeError comparing None with a value)
        const order = p.sorted ? ` ORDER BY ${cols.map((_, i) => i + 1).join(', ')}` : '';
        values = (await conn.runAndReadAll(`SELECT ${cols.map((c) => (c.type === 'BLOB' ? `hex(${ident(c.phys)})` : ident(c.phys))).join(', ')} FROM ${f.view}${order}${limit !== undefined ? ` LIMIT ${Math.max(0, limit)}` : ''}`)).getRowsJson() as unknown[][];
        if (p.sorted && values.some((r) => r.some((v, i) => v === null || !/^(VARCHAR|BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|FLOAT|BOOLEAN|DECIMAL.*)$/.test(cols[i]!.type))))
          throw new LakehouseError('ScriptUnsupported', `${file}:${log.line}: sorted() of a DataFrame's rows cannot run on the local engine: a row holds None or a nested value, which Python's comparison of Rows does not order the way SQL does; sort with orderBy(…) before collect()`, { file, line: log.line });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (msg.includes(UNDECIDED_MARKER)) throw undecided(msg, file, log.line);
        throw e;
      }
      try {
        text += p.one ? (values.length === 0 ? 'None' : pythonRowRepr(cols, values[0]!)) : pythonRowsRepr(cols, values);
      } catch (e) {
        if (!(e instanceof RowValueUnsupported)) throw e;
        throw new LakehouseError('ScriptUnsupported', `${file}:${log.line}: printing the rows of a DataFrame (collect, take, first, head) cannot run on the local engine: ${e.message} has a Python value that is not followed; print them with df.show() instead`, { file, line: log.line });
      }
    } else if ('fields' in p) {
      // df.columns (or a list made from it) as Python prints it: the names the frame has when the job runs, in order
      const names = frames
        .get(p.fields)!
        .cols.map((c) => c.name)
        .filter((n) => !p.exclude.includes(n) && (p.include === undefined || p.include.includes(n)));
      text += repr({ t: 'list', items: names.map((n) => ({ t: 'str', v: `${p.prefix}${n}${p.suffix}` })) });
    }
  }
  const lines = [...(text !== '' || blocks.length === 0 ? text.split('\n') : []), ...blocks.flatMap((b) => b.split('\n'))];
  const level = log.level === 'print' ? '' : `${log.level.toUpperCase()} `;
  return lines.map((l) => `line ${log.line}: ${level}${l}`);
}

/**
 * Fields whose nullability Spark decides by a rule not followed here (sparkNullable.ts) print `?` where Spark prints
 * true or false — never a guess — and a line below the schema names them and why; the run goes on (it is the log's
 * text, not the data). Empty when every field is followed.
 */
function unfollowedNote(cols: readonly FrameCol[]): string {
  const unknown = cols.filter((c) => c.name !== NO_FIELDS && typeof c.nullable === 'string');
  if (unknown.length === 0) return '';
  return `\n(local engine: "?" is Spark's nullable true or false, not followed here for ${unknown.map((c) => `${c.name} (${String(c.nullable)})`).join(', ')}; docs/glue-jobs.md)`;
}

const SPARK_TYPES: [RegExp, string][] = [
  [/^BIGINT$/, 'long'],
  [/^INTEGER$/, 'integer'],
  [/^SMALLINT$/, 'short'],
  [/^TINYINT$/, 'byte'],
  [/^DOUBLE$/, 'double'],
  [/^FLOAT$/, 'float'],
  [/^VARCHAR$/, 'string'],
  [/^BOOLEAN$/, 'boolean'],
  [/^DATE$/, 'date'],
  [/^TIMESTAMP/, 'timestamp'],
  [/^BLOB$/, 'binary'],
  [/^JSON$/, 'choice'],
];

/**
 * DataFrame.printSchema as Spark draws it (StructType.treeString: apache/spark sql/catalyst/…/types/StructType.scala,
 * StructField.buildFormattedString, ArrayType/MapType.buildFormattedString): ` |-- name: typeName (nullable = true)`,
 * a struct's fields, an array's `element: … (containsNull = true)` and a map's `key: …` / `value: … (valueContainsNull
 * = true)` on the lines below, indented by `    |`; typeName is `long`, `integer`, `decimal(10,2)`, `struct`, `array`…
 */
function printSchema(f: Frame): string {
  const lines = ['root'];
  const typeName = (t: DuckDbType): string => {
    if (t.kind === 'list') return 'array';
    if (t.kind === 'struct') return 'struct';
    if (t.kind === 'map') return 'map';
    if (t.kind === 'union') return 'string';
    if (/^(DECIMAL|NUMERIC|DEC)$/.test(t.name)) return `decimal(${t.params[0] ?? '18'},${t.params[1] ?? '3'})`;
    return SPARK_TYPES.find(([re]) => re.test(t.name))?.[1] ?? t.name.toLowerCase();
  };
  const nested = (t: DuckDbType, prefix: string): void => {
    if (t.kind === 'struct') for (const x of t.fields) field(x.name, x.type, prefix, 'nullable');
    else if (t.kind === 'list') field('element', t.element, prefix, 'containsNull');
    else if (t.kind === 'map') {
      lines.push(`${prefix}-- key: ${typeName(t.key)}`);
      nested(t.key, `${prefix}    |`);
      field('value', t.value, prefix, 'valueContainsNull');
    }
  };
  const field = (name: string, t: DuckDbType, prefix: string, flag: string, nullable: boolean | '?' = true): void => {
    lines.push(`${prefix}-- ${name}: ${typeName(t)} (${flag} = ${String(nullable)})`);
    nested(t, `${prefix}    |`);
  };
  for (const c of f.cols) {
    if (c.name === NO_FIELDS) continue;
    let t: DuckDbType;
    try {
      t = parseDuckDbType(c.type);
    } catch {
      t = { kind: 'named', name: c.type, params: [] };
    }
    field(c.name, t, ' |', 'nullable', c.nullable === false ? false : typeof c.nullable === 'string' ? '?' : true);
  }
  return lines.join('\n');
}

/** DataFrame.show(n, truncate): Spark's table (sparkShow.ts); n + 1 rows are read to know whether there are more. */
async function showRows(f: Frame, n: number, conn: DuckDBConnection, truncate = 20, glueVersion?: string): Promise<string> {
  const limit = Math.max(0, n);
  const reader = await conn.runAndReadAll(`SELECT ${f.cols.map((c) => ident(c.phys)).join(', ')} FROM ${f.view} LIMIT ${limit + 1}`);
  return sparkShowTable(f.cols, reader.getRowsJson() as unknown[][], limit, truncate, glueVersion);
}

/** DynamicFrame.show(n): the first n records as Glue prints them, one JSON object a line (glueShow.ts). */
async function showRecords(f: Frame, n: number, conn: DuckDBConnection): Promise<string> {
  const reader = await conn.runAndReadAll(`SELECT ${f.cols.map((c) => ident(c.phys)).join(', ')} FROM ${f.view} LIMIT ${Math.max(0, n)}`);
  return (reader.getRowsJson() as unknown[][]).map((r) => glueRecordLine(r, f.cols)).join('\n');
}
