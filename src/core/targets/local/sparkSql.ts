/**
 * Spark SQL in Glue jobs on the local engine: the SQL Query node's query (and `spark.sql(…)` text) translated by
 * src/core/sql/spark over the job's frames, each read as a relation with its columns' types. The translator is
 * loaded on first use (a job without Spark SQL never loads the grammar).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import { sourceOffsetAt } from '../../sql/dialects/emit';
import { SourceText } from '../../sql/dialects/refuse';
import type { TranslatedSparkQuery, ViewInfo } from '../../sql/spark';
import { loadedSparkTranslator, loadSparkTranslator, whenSparkTranslatorLoads } from '../../sql/spark/load';
import { runtimeErrorPosition } from '../../sql/spark/runtimeError';
import { parseDuckError } from './duck';
import { GrammarPredictions } from './grammarPredictions';
import { BUILD_ID } from './planStore';
import type { TranslationCache } from './translationCache';
import { describeColumns } from './writer';

/** The Spark SQL translator, loaded once (with the prediction caches earlier processes kept, once an engine said where). */
export const loadSpark = loadSparkTranslator;
/** where the grammar's prediction caches are kept (grammarPredictions.ts): the first engine of the process says */
let predictions: GrammarPredictions | undefined;

/**
 * Keeps the translator's prediction caches in `file` (the first call of a process decides: the grammar's caches are
 * the process's). Call before the translator is loaded.
 */
export function keepSparkPredictions(file: string): void {
  if (predictions) return;
  const kept = (predictions = new GrammarPredictions(file, BUILD_ID, typeof __dirname === 'string' ? path.join(__dirname, 'spark-predictions.bin') : undefined));
  whenSparkTranslatorLoads(async (spark) => {
    restored = await kept.restore(spark);
  });
}

/** whether the grammar was given kept prediction caches when it loaded */
let restored = false;

/**
 * Loads the translator (in the background: a job starting) and warms its grammar's caches — unless they were
 * restored from a file, which has learnt the warm-up statements already (grammarPredictions.ts): translating them
 * again would only cost CPU the job's own work needs.
 */
export async function loadAndWarmSpark(): Promise<void> {
  const spark = await loadSpark();
  if (!restored) await spark.warmUp();
}

/** Keeps what the translator's grammar learnt in this process (when it was loaded and learnt something). */
export async function saveSparkPredictions(): Promise<void> {
  const spark = await loadedSparkTranslator()?.catch(() => undefined);
  if (spark) await predictions?.save(spark);
}

export interface SparkQueryOptions {
  /** name → a DuckDB relation (a view's name, quoted; or a parenthesised SELECT): the SQL Query node's mapping */
  frames: Readonly<Record<string, string>>;
  /**
   * the columns of some of `frames`' relations (name → names and DuckDB types exactly as `DESCRIBE SELECT * FROM
   * relation` gives them), known to the caller: not described again
   */
  columns?: Readonly<Record<string, readonly { name: string; type: string }[]>> | undefined;
  /** where the query's text starts in the script (1-based line and column) */
  base: { line: number; column: number };
  /** the job's glueVersion ('4.0' runs Spark 3.3, '5.0' Spark 3.5) */
  glueVersion?: string | undefined;
  /** spark.sql.legacy.timeParserPolicy as the job sets it (JobPlan.timeParserPolicy) */
  timeParserPolicy?: 'EXCEPTION' | 'CORRECTED' | undefined;
  /** translations kept across processes (translationCache.ts): a query translated before loads no grammar */
  translations?: TranslationCache | undefined;
}

/** The key of what the cache knows of a text (any frames): whether a job's queries were all translated before. */
export function sparkTextKey(text: string, glueVersion: string | undefined): unknown[] {
  return ['spark text', text, glueVersion ?? null];
}

export interface PreparedSparkQuery {
  /** DuckDB SQL giving the query's rows with Spark's column names */
  select: string;
  query: TranslatedSparkQuery;
  /** maps a DuckDB error of running `statement` (which holds `select`) back to the query's text, positioned in the script */
  runError(e: unknown, statement: string): LakehouseError;
}

/**
 * Translates a query over the job's frames. Spark's analysis errors and refusals are LakehouseErrors positioned
 * in the script. Column names Spark would make up and the translation cannot promise (an unaliased expression it
 * does not name) are refused, since a SQL Query node's columns become the written fields.
 */
export async function prepareSparkQuery(conn: DuckDBConnection, text: string, options: SparkQueryOptions): Promise<PreparedSparkQuery> {
  // the frames as DuckDB has them: their relations and columns are what the translation is told of them
  const frames: [string, string, { name: string; type: string }[]][] = [];
  for (const [alias, relation] of Object.entries(options.frames)) {
    const known = options.columns?.[alias];
    const columns = known ? known.map((c) => ({ name: c.name, type: c.type })) : (await describeColumns(conn, `SELECT * FROM ${relation}`)).map((c) => ({ name: c.name, type: c.duckType }));
    frames.push([alias, relation, columns]);
  }
  // every input of the translation: the text, where it starts, the Glue version, the frames
  const cache = options.translations;
  const key = ['spark', text, options.base.line, options.base.column, options.glueVersion ?? null, options.timeParserPolicy ?? 'EXCEPTION', frames];
  let query = await cache?.get<TranslatedSparkQuery>(key);
  if (query === undefined) {
    const spark = await loadSpark();
    const views: Record<string, ViewInfo> = {};
    for (const [alias, relation, columns] of frames) views[alias] = spark.viewOfDuckDb(relation, columns);
    query = spark.translateSparkQuery(text, { base: options.base, views, ...(options.glueVersion ? { glueVersion: options.glueVersion } : {}), timeParserPolicy: options.timeParserPolicy });
    await cache?.set(key, query);
    await cache?.set(sparkTextKey(text, options.glueVersion), true);
  }
  const source = new SourceText(text, options.base);
  const uncertain = query.columns.find((c) => c.uncertainName);
  if (uncertain) {
    throw source.error(uncertain.at ?? 0, `the column ${uncertain.name} has a name Spark makes up from its expression, which the local engine does not reproduce: give it an alias (… AS name)`, 'SqlUnsupported');
  }
  const lower = query.columns.map((c) => c.name.toLowerCase());
  const duplicate = query.columns.find((c, i) => lower.indexOf(c.name.toLowerCase()) !== i);
  if (duplicate) throw source.error(0, `[COLUMN_ALREADY_EXISTS] The column \`${duplicate.name}\` already exists in the query's output; alias one of them`);
  return {
    select: query.named,
    query,
    runError(e: unknown, statement: string): LakehouseError {
      const info = parseDuckError(e, statement);
      const message = info.message.replace(/^[A-Za-z ]+ Error: /, '');
      // a runtime error of the translation's own names its position (runtimeError.ts)
      const tagged = runtimeErrorPosition(message);
      if (tagged) return new LakehouseError('SqlError', tagged.message, { line: tagged.line, column: tagged.column });
      const start = statement.indexOf(query.sql);
      if (info.line === undefined || info.column === undefined || start < 0) return source.error(0, message);
      const lines = statement.split('\n');
      const offset = lines.slice(0, info.line - 1).reduce((n, l) => n + l.length + 1, 0) + info.column - 1 - start;
      return source.error(offset >= 0 ? (sourceOffsetAt(query.spans, offset) ?? 0) : 0, message);
    },
  };
}
