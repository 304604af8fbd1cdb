/**
 * SQL expression strings in a job's DataFrame code — `F.expr("…")`, `filter("…")`/`where("…")`, `selectExpr("…")`,
 * Glue Studio's Derived Column — translated as Spark SQL (src/core/sql/spark) over the frame's fields with their
 * types and the job's Spark version: Spark's functions, casts, coercions, NULL handling and column names, or a
 * refusal by name at the text's place in the script. The translator is loaded before the plan's nodes are compiled
 * (runNodes.ts) and reaches compileCol through its scope.
 */
import { isLakehouseError, LakehouseError } from '../../errors';
import type { ColExpr } from '../../jobs/expr';
import { duckDbType } from '../../sql/dialects/sqlType';
import { holdsChoice } from '../../sql/types';
import type { SparkExpressionRelation, TranslatedSparkExpression } from '../../sql/spark';
import type { SparkTranslator } from '../../sql/spark/load';
import type { ColScope, Compiled } from './colSql';
import { ident } from './duck';
import { unsupportedAt, type FrameCol } from './frames';

/** The loaded translator and the job's glueVersion (4.0: Spark 3.3, 5.0: Spark 3.5). */
export interface SparkText {
  translator: SparkTranslator;
  glueVersion?: string | undefined;
  /** spark.sql.legacy.timeParserPolicy as the job sets it (JobPlan.timeParserPolicy) */
  timeParserPolicy?: 'EXCEPTION' | 'CORRECTED' | undefined;
}

type SqlExpr = Extract<ColExpr, { k: 'sql' }>;

/** Marks the reads of a field whose values have two types (a ChoiceType, a JSON column here) in the translation. */
const CHOICE = '/*lakehouse:choice*/';

/** The SQL expression string's words in messages: `the SQL expression "a > 1"`. */
export const sqlTextLabel = (e: SqlExpr): string => `the SQL expression ${JSON.stringify(e.text.length > 80 ? `${e.text.slice(0, 77)}...` : e.text)}`;

/**
 * The frame's fields as the translator's relations: each side of the scope, its fields grouped by the `df.alias`
 * names that qualify them (`a.id` reads the id of the frame aliased "a").
 */
function relationsOf(scope: ColScope): { relations: SparkExpressionRelation[]; byRef: Map<string, FrameCol> } {
  const relations: SparkExpressionRelation[] = [];
  const byRef = new Map<string, FrameCol>();
  for (const side of scope.sides) {
    const groups = new Map<string, { qualifiers: string[]; columns: { name: string; type: string; ref: string }[] }>();
    for (const c of side.cols) {
      const qualifiers = [...(scope.aliases ?? [])].filter(([, ids]) => ids.some((id) => c.ids.includes(id))).map(([alias]) => alias);
      const key = qualifiers.join('\u0000');
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { qualifiers, columns: [] }));
      const ref = `${side.qual ? `${side.qual}.` : ''}${ident(c.phys)}${holdsChoice(c.type) ? CHOICE : ''}`;
      byRef.set(ref, c);
      group.columns.push({ name: c.name, type: holdsChoice(c.type) ? 'VARCHAR' : c.type, ref });
    }
    relations.push(...groups.values());
  }
  return { relations, byRef };
}

/** A translation error at the text's place in the script, naming the expression. */
function placed(err: unknown, e: SqlExpr, file: string): LakehouseError {
  if (!isLakehouseError(err)) throw err;
  const line = err.detail.line ?? e.line;
  const column = err.detail.column ?? e.column ?? e.pos.column;
  return new LakehouseError(err.code, `${file}:${line}:${column}: ${sqlTextLabel(e)}: ${err.message}`, { file, line, column }, { cause: err });
}

/**
 * Compiles an SQL expression string. `many`: a select item (`selectExpr`), which may be `*` or a generator making
 * several columns; else one value (a condition, `F.expr` in a Column, a Derived Column). `generator`: a generator may
 * be the expression (a select item or withColumn's column, not nested). `condition`: a filter's, a boolean.
 */
export function compileSqlText(e: SqlExpr, scope: ColScope, options: { many: boolean; generator: boolean; condition?: boolean }): Compiled[] {
  const spark = scope.spark;
  if (spark === undefined) throw new Error('the Spark SQL translator is not loaded: the runner loads it before compiling a plan with SQL expression strings');
  const { relations, byRef } = relationsOf(scope);
  const translate = options.many ? spark.translator.translateSparkItems : (text: string, o: Parameters<SparkTranslator['translateSparkExpression']>[1]) => [spark.translator.translateSparkExpression(text, o)];
  let items: TranslatedSparkExpression[];
  try {
    items = translate(e.text, { relations, base: { line: e.line, column: e.column ?? e.pos.column }, generator: options.generator, condition: options.condition === true, ...(spark.glueVersion ? { glueVersion: spark.glueVersion } : {}), timeParserPolicy: spark.timeParserPolicy });
  } catch (err) {
    throw placed(err, e, scope.file);
  }
  return items.map((item): Compiled => {
    const field = item.column ? byRef.get(item.sql) : undefined;
    if (field !== undefined) return { sql: item.sql.replace(CHOICE, ''), type: field.type, name: item.name ?? field.name, field };
    if (item.sql.includes(CHOICE)) {
      const read = [...byRef].find(([ref]) => ref.endsWith(CHOICE) && item.sql.includes(ref))?.[1];
      throw unsupportedAt(
        scope.file,
        { line: e.line, column: e.column ?? e.pos.column, text: e.text },
        sqlTextLabel(e),
        `the field ${read?.name ?? '?'} has values of two types (a ChoiceType), which toDF() makes a struct of one field per type on Glue`,
        `resolve it first: resolveChoice(specs=[("${read?.name ?? 'field'}", "cast:string")])`,
      );
    }
    if (item.aggregate && !scope.aggregate)
      throw new LakehouseError('SqlError', `${scope.file}:${e.line}:${e.column ?? e.pos.column}: ${sqlTextLabel(e)}: an aggregate function is only allowed in agg(…), a select of aggregates alone or over a window (Spark: aggregate expressions are not valid here)`, {
        file: scope.file,
        line: e.line,
        column: e.column ?? e.pos.column,
      });
    return { sql: item.generator ? item.sql : `(${item.sql})`, type: duckDbType(item.type), name: item.name, ...(item.aggregate ? { agg: true } : {}), ...(item.generator ? { generator: true } : {}) };
  });
}
