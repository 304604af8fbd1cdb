/**
 * Where a Spark SQL runtime error happened: the translation's `error(…)` calls (Translator.runtimeError) end their
 * message with the failing expression's position in the statement's file, which a job run reads back to name the
 * script's line, since DuckDB reports such an error wherever the query's rows are pulled (a sink), without a
 * position. No grammar here: the job runner imports it without loading the translator.
 */

/** the end of a runtime error's message: ` [at line 27, column 8]` */
export function runtimeErrorSuffix(position: { line: number; column: number }): string {
  return ` [at line ${position.line}, column ${position.column}]`;
}

/** The position a runtime error's message ends with, and the message without it; undefined when there is none. */
export function runtimeErrorPosition(message: string): { line: number; column: number; message: string } | undefined {
  const m = / \[at line (\d+), column (\d+)\]/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]), message: message.replace(m[0], '') } : undefined;
}
