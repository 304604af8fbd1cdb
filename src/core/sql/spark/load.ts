/**
 * Loads the Spark SQL translator (this folder's index and the grammar it imports, dist/spark-grammar.js in the
 * build) once, on first use: a job or a ruleset without Spark SQL never loads the grammar. This module imports
 * nothing of the translator itself.
 */
export type SparkTranslator = typeof import('./index');

let loading: Promise<SparkTranslator> | undefined;

export function loadSparkTranslator(): Promise<SparkTranslator> {
  loading ??= import('./index');
  return loading;
}
