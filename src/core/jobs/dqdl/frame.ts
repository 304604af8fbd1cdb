/**
 * The data a ruleset is evaluated on: a DuckDB relation (a view of the job's frame) with its columns, and the SQL the
 * rules need over it — the Spark SQL of where clauses and CustomSql translated as Spark SQL (src/core/sql/spark) over
 * the frames' columns, giving Spark's answer or a refusal by name.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isLakehouseError, LakehouseError } from '../../errors';
import { dmlIdentifier } from '../../glueNames';
import { isNotSupported } from '../../sql/dialects/refuse';
import type { SparkTranslator } from '../../sql/spark/load';
import { holdsChoice } from '../../sql/types';
import { RuleUnsupported } from './outcome';

export interface FrameColumn {
  name: string;
  /** DuckDB type, e.g. VARCHAR, BIGINT, DECIMAL(10,2) */
  type: string;
}

export class Frame {
  constructor(
    readonly conn: DuckDBConnection,
    /** the relation, quoted for SQL */
    readonly sql: string,
    readonly columns: FrameColumn[],
  ) {}

  static async open(conn: DuckDBConnection, relation: string): Promise<Frame> {
    const sql = dmlIdentifier(relation);
    const rows = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${sql}`)).getRowsJson() as string[][];
    return new Frame(conn, sql, rows.map((r) => ({ name: r[0]!, type: r[1]! })));
  }

  /**
   * The column Spark resolves for a name — case-insensitively, as Spark does by default; `` `a.b` `` is the column
   * named so — if any. A path into a struct (`state._1`) is refused: nested fields are not evaluated locally.
   */
  column(name: string): FrameColumn | undefined {
    const plain = /^`.*`$/s.test(name) ? name.slice(1, -1).split('``').join('`') : name;
    const found = this.columns.find((c) => c.name === plain) ?? this.columns.find((c) => c.name.toLowerCase() === plain.toLowerCase());
    if (!found && plain === name && name.includes('.')) {
      const head = name.split('.')[0]!;
      if (this.columns.some((c) => c.name.toLowerCase() === head.toLowerCase()))
        throw new RuleUnsupported(`the nested field ${name} is not evaluated locally (a rule on a field of ${head})`);
    }
    return found;
  }

  /** one row of a query over the frame; numbers as JS numbers, NULL as null */
  async row(sql: string): Promise<(number | string | boolean | null)[]> {
    const rows = (await this.conn.runAndReadAll(sql)).getRows();
    return (rows[0] ?? []).map((v) => (typeof v === 'bigint' ? Number(v) : v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v)));
  }

  async count(where?: string): Promise<number> {
    return Number((await this.row(`SELECT count(*) FROM ${this.sql}${where !== undefined ? ` WHERE (${where})` : ''}`))[0]);
  }
}

/** `"name"` */
export const q = dmlIdentifier;

/** The Spark SQL translator (loaded by evaluateRuleset when a rule has a where clause or is CustomSql) and the job's glueVersion. */
export interface RuleSpark {
  translator: SparkTranslator;
  glueVersion?: string | undefined;
}

/** Marks the reads of a ChoiceType field in a translated where clause. */
const CHOICE = '/*lakehouse:choice*/';

/** A table the text reads that is not one of the rule's frames: Glue could read a catalog table, which is not done here. */
const TABLE_NOT_FOUND = /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view (.+?) cannot be found/;

/**
 * A translation's error as the rule's: a construct the local engine does not translate, or a table that is not one
 * of the rule's frames, is a refusal (RuleUnsupported); Spark's own errors (syntax, analysis) stay LakehouseErrors.
 */
function ruleError(e: unknown, what: string, reads: string): Error {
  if (!isLakehouseError(e)) return e as Error;
  if (isNotSupported(e)) return new RuleUnsupported(`${what}: ${e.message}`);
  const table = TABLE_NOT_FOUND.exec(e.message);
  if (table) return new RuleUnsupported(`${what} reads ${table[1]}: locally it reads ${reads}, not catalog tables`);
  return e;
}

/**
 * A where clause — a Spark SQL boolean expression, as Glue passes it to Spark's `Dataset.filter` — translated over
 * the frame's columns (src/core/sql/spark): DuckDB SQL giving Spark's answer. Throws RuleUnsupported for what is not
 * translated, and Spark's error (a LakehouseError) for a clause Spark rejects.
 */
export function whereToDuckDb(spark: RuleSpark, frame: Frame, where: string): string {
  // a field whose values have two types (a ChoiceType, a JSON column here) is a struct of one field per type for
  // Spark: its reads are marked, and a clause reading one is refused
  const choice = (c: FrameColumn) => holdsChoice(c.type);
  try {
    const columns = frame.columns.map((c) => ({ name: c.name, type: choice(c) ? 'VARCHAR' : c.type, ref: `${q(c.name)}${choice(c) ? CHOICE : ''}` }));
    const e = spark.translator.translateSparkExpression(where, { columns, condition: true, ...(spark.glueVersion ? { glueVersion: spark.glueVersion } : {}) });
    if (e.aggregate) throw new LakehouseError('SqlError', `[INVALID_WHERE_CONDITION] The WHERE condition ${where} contains an aggregate function`);
    const read = columns.find((c) => c.ref.endsWith(CHOICE) && e.sql.includes(c.ref));
    if (read) throw new RuleUnsupported(`the where clause "${where}" reads ${read.name}, whose values have two types (a ChoiceType): resolve it first (resolveChoice)`);
    return e.sql;
  } catch (e) {
    throw ruleError(e, `the where clause "${where}"`, 'the rule\'s frame');
  }
}

/**
 * A CustomSql statement — Spark SQL over `primary` and the additional sources' aliases — translated into one DuckDB
 * query whose columns have Spark's names. Throws RuleUnsupported for what is not translated (statements other than
 * queries, catalog tables, columns named after an expression Spark names and the translation does not reproduce),
 * and Spark's error for a statement Spark rejects.
 */
export function customSqlToDuckDb(spark: RuleSpark, sql: string, frames: Readonly<Record<string, Frame>>): string {
  const views = Object.fromEntries(Object.entries(frames).map(([alias, f]) => [alias, spark.translator.viewOfDuckDb(f.sql, f.columns)]));
  const what = `CustomSql "${sql.trim().slice(0, 80)}"`;
  try {
    const query = spark.translator.translateSparkQuery(sql, { views, ...(spark.glueVersion ? { glueVersion: spark.glueVersion } : {}) });
    const uncertain = query.columns.find((c) => c.uncertainName);
    if (uncertain) throw new RuleUnsupported(`${what}: the column ${uncertain.name} has a name Spark makes up from its expression, which the local engine does not reproduce: give it an alias (… AS name)`);
    return query.named;
  } catch (e) {
    throw ruleError(e, what, `primary${Object.keys(frames).length > 1 ? ` and the additional sources (${Object.keys(frames).filter((a) => a !== 'primary').join(', ')})` : ''}`);
  }
}
