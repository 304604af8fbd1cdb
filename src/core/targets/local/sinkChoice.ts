/**
 * A sink over a frame holding a ChoiceType (a field whose values have several types in the data; a JSON column here).
 *
 * JSON writes each record's value as it is. Parquet written by write_dynamic_frame.from_options with format="parquet"
 * goes through Spark SQL's Parquet sink, which writes a DataFrame, and a DataFrame holds a choice as a struct of one
 * field per type:
 *   - awslabs/aws-glue-libs awsglue/context.py `write_from_options`: "# Handle parquet and ORC case, make sure to get
 *     the right SparkSQL sink" — `getSink(connection_type, format, …)` asks the JVM for the sink of connection type
 *     "parquet" when the format is one of `Spark_SQL_Formats = {"parquet", "orc"}`, and calls no `setFormat`;
 *   - the developer guide's format options (awsdocs/aws-glue-developer-guide doc_source/aws-glue-programming-etl-
 *     format.md): format="parquet" takes "any options that are accepted by the underlying SparkSQL code", where
 *     format="glueparquet" is "a custom Parquet writer type that is optimized for Dynamic Frames. A pre-computed schema
 *     is not required before writing";
 *   - the Scala DynamicFrame's toDF (glue-etl-scala-apis-glue-dynamicframe-class.md): "Because DataFrames don't
 *     support ChoiceTypes, this method automatically converts ChoiceType columns into StructTypes" — the make_struct
 *     struct the local toDF() makes already (dataframeNodes.ts toDF, glueSchema.ts choiceStructSql).
 * So such a sink writes the struct. How Glue's own Parquet writer (glueparquet, useGlueParquetWriter, a getSink with
 * setFormat), its CSV writer or a catalog table's sink writes a choice is documented nowhere (its generated jobs
 * resolve with make_struct before a glueparquet sink: "Resolve choice type with make_struct", the developer guide's
 * blueprint sample): refused, naming the field. A choice inside a struct or an array is not made a struct locally.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PlanSink } from '../../jobs/plan';
import { holdsChoice } from '../../sql/types';
import { ident } from './duck';
import type { Frame, FrameCol } from './frames';
import { CHOICE_DUCK, choiceMembersQuery, choiceStructSql } from './glueSchema';

/** Why a sink cannot write the frame's choice (the message of a ScriptUnsupported failure at the sink's line). */
export class SinkChoiceRefusal {
  constructor(readonly message: string) {}
}

/**
 * The SELECT list a sink writes from `view` (sinkView's: one column per field, by name): `*`, or `*` with each choice
 * replaced by toDF()'s struct where the sink is Spark SQL's Parquet sink. A SinkChoiceRefusal where the write of a
 * choice is not known.
 */
export async function sinkSelectList(conn: DuckDBConnection, sink: PlanSink, frame: Frame, wholeAsLong: (c: FrameCol) => boolean): Promise<string | SinkChoiceRefusal> {
  const choices = frame.cols.filter((c) => holdsChoice(c.type));
  const sinkFormat = sink.kind === 's3' ? sink.format : undefined;
  if (choices.length === 0 || sinkFormat === 'json') return '*';
  const members = async (c: FrameCol) => ((await conn.runAndReadAll(choiceMembersQuery(ident(c.phys), frame.view, wholeAsLong(c)))).getRowsJson() as string[][]).map((r) => r[0]!);
  const sparkSql = sink.kind === 's3' && sink.sparkSqlSink === true;
  const structs: string[] = [];
  for (const c of choices) {
    if (c.type !== 'JSON')
      return new SinkChoiceRefusal(
        `a field inside ${c.name} holds values of several types (a ChoiceType; ${c.name} is ${c.type} here); the local engine does not resolve nested choices: drop ${c.name} before writing ${sinkFormat ?? 'the table'} (DropFields), or write JSON`,
      );
    const types = await members(c);
    const cast = `resolveChoice(specs=[("${c.name}", "cast:${['string', 'double', 'long'].find((t) => types.includes(t)) ?? 'string'}")])`;
    if (!sparkSql) {
      const writer = sink.kind === 'catalog' || sink.catalog !== undefined ? 'a catalog table' : sinkFormat === 'parquet' ? 'parquet through glueparquet (its own writer), useGlueParquetWriter or a getSink with setFormat' : sinkFormat;
      return new SinkChoiceRefusal(
        `the field ${c.name} holds values of several types${types.length > 1 ? ` (${types.join(' and ')})` : ''} — a ChoiceType, and how Glue writes one to ${writer} is not documented; resolve it before writing: ${cast}, or "make_struct" for a struct of one field per type${sinkFormat === 'parquet' && sink.kind === 's3' && sink.catalog === undefined ? ' (write_dynamic_frame.from_options with format="parquet" writes it as that struct)' : ''}`,
      );
    }
    if (sink.kind === 's3' && sink.partitionKeys.some((k) => k.toLowerCase() === c.name.toLowerCase()))
      return new SinkChoiceRefusal(
        `the partition key ${c.name} holds values of several types${types.length > 1 ? ` (${types.join(' and ')})` : ''} — a ChoiceType, which Spark SQL's Parquet sink writes as a struct (as toDF() makes it), and how it partitions by a struct is not reproduced locally; resolve it before writing: ${cast}`,
      );
    const nested = types.find((t) => CHOICE_DUCK[t] === undefined);
    if (nested !== undefined)
      return new SinkChoiceRefusal(
        `the field ${c.name} holds values of several types (${types.join(', ')}) — a ChoiceType, which Spark SQL's Parquet sink writes as a struct of one field per type (as toDF() makes it); one of them is ${nested === 'struct' || nested === 'array' ? `a ${nested}` : nested}, whose fields are not known locally; resolve it before writing: ${cast}`,
      );
    structs.push(`${choiceStructSql(ident(c.name), types, wholeAsLong(c))} AS ${ident(c.name)}`);
  }
  return `* REPLACE (${structs.join(', ')})`;
}
