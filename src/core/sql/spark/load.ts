/**
 * Loads the Spark SQL translator (this folder's index and the grammar it imports, dist/spark-grammar.js in the
 * build) once, on first use: a job or a ruleset without Spark SQL never loads the grammar. This module imports
 * nothing of the translator itself.
 */
export type SparkTranslator = typeof import('./index');

let loading: Promise<SparkTranslator> | undefined;
let setup: ((translator: SparkTranslator) => Promise<void>) | undefined;

/**
 * What to do with the translator once loaded, before its first use (the local target gives its grammar the
 * prediction caches earlier processes kept): the first call of a process decides. Call before it is loaded.
 */
export function whenSparkTranslatorLoads(f: (translator: SparkTranslator) => Promise<void>): void {
  setup ??= f;
}

export function loadSparkTranslator(): Promise<SparkTranslator> {
  loading ??= import('./index').then(async (translator) => {
    await setup?.(translator);
    return translator;
  });
  return loading;
}

/** The translator if it was loaded (or is loading) in this process, without loading it. */
export function loadedSparkTranslator(): Promise<SparkTranslator> | undefined {
  return loading;
}
