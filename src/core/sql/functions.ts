/**
 * The SQL functions a project's queries can call on both targets, with their Trino signatures (Athena's engine):
 * what the SQL editor offers as you type. One API, `engineFunctions()`, so that the list can come from the Trino
 * translator's own function tables once they are here (src/core/sql/trino/functions/ on its branch); until then it
 * is this short list: functions whose Trino form the local engine runs as it is (DuckDB has them under the same name
 * and meaning for these signatures, or the engine's macros map them). Signatures and descriptions from the Trino
 * documentation (trino.io/docs/current/functions/*.html).
 */

export interface SqlFunctionInfo {
  name: string;
  /** one line per form, e.g. `substr(string, start, length) → varchar` */
  signatures: string[];
  description: string;
  kind: 'scalar' | 'aggregate';
}

const FUNCTIONS: readonly SqlFunctionInfo[] = [
  { name: 'count', kind: 'aggregate', signatures: ['count(*) → bigint', 'count(x) → bigint'], description: 'The number of input rows (of non-null values of x).' },
  { name: 'sum', kind: 'aggregate', signatures: ['sum(x) → [same as input]'], description: 'The sum of all input values.' },
  { name: 'avg', kind: 'aggregate', signatures: ['avg(x) → double'], description: 'The average (arithmetic mean) of all input values.' },
  { name: 'min', kind: 'aggregate', signatures: ['min(x) → [same as input]'], description: 'The minimum value of all input values.' },
  { name: 'max', kind: 'aggregate', signatures: ['max(x) → [same as input]'], description: 'The maximum value of all input values.' },
  { name: 'approx_distinct', kind: 'aggregate', signatures: ['approx_distinct(x) → bigint'], description: 'The approximate number of distinct input values (the local engine counts them exactly).' },
  { name: 'arbitrary', kind: 'aggregate', signatures: ['arbitrary(x) → [same as input]'], description: 'An arbitrary non-null value of x, if one exists.' },
  { name: 'lower', kind: 'scalar', signatures: ['lower(string) → varchar'], description: 'Converts string to lowercase.' },
  { name: 'upper', kind: 'scalar', signatures: ['upper(string) → varchar'], description: 'Converts string to uppercase.' },
  { name: 'length', kind: 'scalar', signatures: ['length(string) → bigint'], description: 'The length of string in characters.' },
  { name: 'trim', kind: 'scalar', signatures: ['trim(string) → varchar'], description: 'Removes leading and trailing whitespace from string.' },
  { name: 'concat', kind: 'scalar', signatures: ['concat(string1, …, stringN) → varchar'], description: 'The concatenation of the strings (also the || operator).' },
  { name: 'coalesce', kind: 'scalar', signatures: ['coalesce(value1, value2[, …])'], description: 'The first non-null value in the argument list.' },
  { name: 'abs', kind: 'scalar', signatures: ['abs(x) → [same as input]'], description: 'The absolute value of x.' },
  { name: 'round', kind: 'scalar', signatures: ['round(x) → [same as input]', 'round(x, d) → [same as input]'], description: 'x rounded to the nearest integer (to d decimal places).' },
  { name: 'floor', kind: 'scalar', signatures: ['floor(x) → [same as input]'], description: 'x rounded down to the nearest integer.' },
  { name: 'ceil', kind: 'scalar', signatures: ['ceil(x) → [same as input]'], description: 'x rounded up to the nearest integer.' },
  { name: 'from_unixtime', kind: 'scalar', signatures: ['from_unixtime(unixtime) → timestamp(3) with time zone'], description: 'The UNIX timestamp unixtime (seconds) as a timestamp.' },
  { name: 'to_unixtime', kind: 'scalar', signatures: ['to_unixtime(timestamp) → double'], description: 'The timestamp as a UNIX timestamp (seconds).' },
  { name: 'cardinality', kind: 'scalar', signatures: ['cardinality(x) → bigint'], description: 'The size of the array (or map) x.' },
  { name: 'json_extract_scalar', kind: 'scalar', signatures: ['json_extract_scalar(json, json_path) → varchar'], description: 'The scalar value at json_path in json, as a string.' },
  { name: 'regexp_like', kind: 'scalar', signatures: ['regexp_like(string, pattern) → boolean'], description: 'Whether the regular expression pattern matches a part of string.' },
];

/** The functions the SQL editor offers (see the module's comment for where they come from). */
export function engineFunctions(): readonly SqlFunctionInfo[] {
  return FUNCTIONS;
}
