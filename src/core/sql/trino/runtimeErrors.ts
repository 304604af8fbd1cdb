/**
 * DuckDB's words for an integer overflow, in Trino's. The translation gives DuckDB integers of Trino's widths
 * (tinyint INT8 … bigint INT64), so DuckDB fails exactly where Trino does, but says it its own way; the engine
 * rewrites the message of a failed Athena query with `trinoRuntimeMessage`.
 *
 * Trino's texts (trinodb/trino core/trino-main/src/main/java/io/trino/type/): IntegerOperators, BigintOperators,
 * SmallintOperators and TinyintOperators `add`/`subtract`/`multiply` — `integer addition overflow: 2147483647 + 1`,
 * `bigint subtraction overflow: …`, `tinyint multiplication overflow: 127 * 2` (TestTinyintOperators asserts these);
 * their casts to a narrower integer `Out of range for smallint: 40000`; DoubleOperators' casts `Out of range for
 * integer: 3.0E10` (the value as Java's Double.toString writes it), `Unable to cast 1.0E20 to bigint`, `Cannot cast
 * double NaN to integer`; MathFunctions.abs `Value -128 is out of range for abs(tinyint)`.
 */
import { javaNumberText } from '../dialects/render';

const TRINO_INTEGER: Record<string, string> = { INT8: 'tinyint', INT16: 'smallint', INT32: 'integer', INT64: 'bigint' };
const OPERATION: Record<string, string> = { addition: 'addition', subtraction: 'subtraction', multiplication: 'multiplication' };
/** The smallest value of each width: abs of it overflows, and names its type. */
const MIN_OF: Record<string, string> = { '-128': 'tinyint', '-32768': 'smallint', '-2147483648': 'integer', '-9223372036854775808': 'bigint' };

/** Trino's message for a DuckDB error message of an integer overflow; any other message unchanged. */
export function trinoRuntimeMessage(message: string): string {
  // DuckDB's first line says what failed; what follows (`LINE 1: …`, its position) is kept
  const end = message.indexOf('\n');
  const [first, rest] = end < 0 ? [message, ''] : [message.slice(0, end), message.slice(end)];
  const trino = trinoMessage(first.replace(/^(Out of Range|Conversion) Error: /, ''));
  return trino === undefined ? message : trino + rest;
}

function trinoMessage(body: string): string | undefined {
  const arith = /^Overflow in (addition|subtraction|multiplication) of (INT8|INT16|INT32|INT64) \((-?\d+) [-+*] (-?\d+)\)!$/.exec(body);
  if (arith) {
    const [, op, width, a, b] = arith;
    const sign = op === 'addition' ? '+' : op === 'subtraction' ? '-' : '*';
    return `${TRINO_INTEGER[width!]!} ${OPERATION[op!]!} overflow: ${a!} ${sign} ${b!}`;
  }
  const cast = /^Type (INT8|INT16|INT32|INT64|DOUBLE) with value (\S+) can't be cast because the value is out of range for the destination type (INT8|INT16|INT32|INT64)(?: when casting from source column .*)?$/.exec(body);
  if (cast) {
    const [, from, value, to] = cast;
    const target = TRINO_INTEGER[to!]!;
    if (from !== 'DOUBLE') return `Out of range for ${target}: ${value!}`;
    const x = value === 'nan' ? NaN : value === 'inf' ? Infinity : value === '-inf' ? -Infinity : Number(value);
    if (Number.isNaN(x)) return target === 'bigint' ? 'Unable to cast NaN to bigint' : `Cannot cast double NaN to ${target}`;
    return target === 'bigint' ? `Unable to cast ${javaNumberText(x)} to bigint` : `Out of range for ${target}: ${javaNumberText(x)}`;
  }
  // decimals past 38 digits: DecimalOperators' add/subtract/multiply throw NUMERIC_VALUE_OUT_OF_RANGE "Decimal overflow"
  if (/^Overflow in (addition|subtract|subtraction|multiplication) of DECIMAL\(\d+\) \(/.test(body)) return 'Decimal overflow';
  const abs = /^Overflow on abs\((-\d+)\)$/.exec(body);
  if (abs && MIN_OF[abs[1]!]) return `Value ${abs[1]!} is out of range for abs(${MIN_OF[abs[1]!]!})`;
  return undefined;
}
