/** Text output of the CLI: aligned tables, CSV, human-readable numbers. */
import type { CellValue, DataQualityEvaluation } from '../core/model';
import type stringWidthOf from 'string-width';
import { renderAthena } from '../core/sql/dialects/render';

/** A cell's text: as Athena shows a value of its column's type (Trino's name) when given, else JSON for structures. */
export function cellText(v: CellValue, type?: string): string {
  if (type !== undefined) return renderAthena(v, type);
  if (v === null) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * string-width, required at its first use (a cell beyond printable ASCII): its module builds an `Intl.Segmenter` and
 * compiles `\p{RGI_Emoji}` and other Unicode-property patterns when it loads — ICU's locale list and emoji sets, ~280M
 * instructions (callgrind), a quarter of `lakehouse tables`' whole process — which every command paid at its start.
 */
let stringWidthFn: typeof stringWidthOf | undefined;
function stringWidth(s: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stringWidthFn ??= (require('string-width') as { default: typeof stringWidthOf }).default;
  return stringWidthFn(s);
}

const NUMERIC_TYPE = /^(tinyint|smallint|integer|int|bigint|real|double|decimal)\b/i;

/**
 * An aligned text table; numbers right-aligned. `types`: the columns' types (Trino's names, as a query result has
 * them): cells are shown as Athena shows them, and numeric columns are right-aligned.
 */
export function textTable(headers: string[], rows: CellValue[][], options: { rightAlign?: boolean[]; types?: string[] } = {}): string {
  const types = options.types;
  const cells = rows.map((r) => r.map((v, i) => cellText(v, types?.[i]).replace(/\n/g, '\\n')));
  // a loop, not Math.max(...cells): a spread of a few hundred thousand rows overflows the call stack
  // widths in terminal columns: a CJK character or an emoji takes two, a combining mark none (string-width)
  const width = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s.length : stringWidth(s));
  const widths = headers.map(width);
  for (const r of cells) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, width(r[i] ?? ''));
  const right =
    options.rightAlign ??
    headers.map((_, i) => (types?.[i] !== undefined ? NUMERIC_TYPE.test(types[i]!) : rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - width(v)));
        return right[i] ? pad + v : v + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/**
 * RFC 4180: quote fields holding a comma, quote or line break. With the columns' `types`, arrays, maps and rows are
 * the text Athena's CSV holds for them (`[1, 2]`, `{a=1}`: render.ts); without, JSON.
 */
export function csvLine(values: CellValue[], types?: readonly string[]): string {
  return values
    .map((v, i) => {
      if (v === null) return '';
      const type = types?.[i];
      const s = typeof v === 'object' ? (type !== undefined ? renderAthena(v, type) : JSON.stringify(v)) : String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

// ---------------------------------------------------------------- JSON output

/**
 * A number written into JSON as these exact characters: integers beyond 2^53 and decimals keep every digit (JSON
 * numbers have no precision limit; a JavaScript number would round them).
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Where a column's values hold exact numbers (integers and decimals), by its Athena type. */
export type NumberShape = 'exact' | 'other' | { array: NumberShape } | { map: NumberShape } | { row: Map<string, NumberShape> };

const EXACT_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint', 'decimal']);

/**
 * Reads an Athena (Trino) type name — `bigint`, `decimal(20,2)`, `array(bigint)`, `map(varchar, integer)`,
 * `row(a bigint, "b c" varchar)`, `timestamp(3) with time zone` — into where its exact numbers are. A type it cannot
 * read is `other` (its values are written as they are).
 */
export function numberShape(type: string): NumberShape {
  const tokens = type.match(/"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*|\d+|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new Error(`expected ${t}`);
    i++;
  };
  const read = (): NumberShape => {
    const name = (tokens[i++] ?? '').toLowerCase();
    if (!/^[a-z_]/.test(name)) throw new Error('expected a type name');
    if (peek() === '(' && (name === 'array' || name === 'map' || name === 'row')) {
      i++;
      let shape: NumberShape;
      if (name === 'array') shape = { array: read() };
      else if (name === 'map') {
        read();
        expect(',');
        shape = { map: read() };
      } else {
        const fields = new Map<string, NumberShape>();
        do {
          const field = tokens[i++] ?? '';
          fields.set(field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field, read());
        } while (peek() === ',' && i++);
        shape = { row: fields };
      }
      expect(')');
      return shape;
    }
    // any other type: its name, parameters and trailing words (`with time zone`, `day to second`)
    let depth = 0;
    while (i < tokens.length && (depth > 0 || (peek() !== ',' && peek() !== ')'))) {
      if (peek() === '(') depth++;
      else if (peek() === ')') depth--;
      i++;
    }
    return EXACT_TYPES.has(name) ? 'exact' : 'other';
  };
  try {
    const shape = read();
    return i === tokens.length ? shape : 'other';
  } catch {
    return 'other';
  }
}

/** A cell as it goes into JSON output: exact numbers (whether the engine gave a number or a string) as JSON numbers. */
export function jsonCell(value: CellValue, shape: NumberShape): CellValue | JsonNumber | unknown[] | Record<string, unknown> {
  if (value === null || shape === 'other') return value;
  if (shape === 'exact') {
    if (typeof value === 'string' && JSON_NUMBER.test(value)) return new JsonNumber(value);
    return value;
  }
  if ('array' in shape) return Array.isArray(value) ? value.map((v) => jsonCell(v, shape.array)) : value;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  if ('map' in shape) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonCell(v, shape.map)]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonCell(v, shape.row.get(k) ?? shape.row.get(k.toLowerCase()) ?? 'other')]));
}

/**
 * `JSON.stringify(value, null, 2)`, except that a {@link JsonNumber} (and a bigint) is written as its digits.
 */
export function jsonText(value: unknown, indent = '  ', at = ''): string {
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON: () => unknown }).toJSON();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = at + indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : jsonText(v, indent, inner)}`).join(',\n')}\n${at}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${jsonText(v, indent, inner)}`).join(',\n')}\n${at}}`;
}

/** `81,273`: digits grouped by three, as `toLocaleString('en-US')` groups them (whole numbers without loading ICU's number formats, ~20 ms at first use). */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

export { formatBytes, formatDuration } from '../core/units';

/** "2/3 passed" over every Evaluate Data Quality node of a run; undefined for a run without one. */
export function dataQualitySummary(evaluations: readonly DataQualityEvaluation[] | undefined): string | undefined {
  if (!evaluations || evaluations.length === 0) return undefined;
  const rules = evaluations.flatMap((e) => e.rules);
  return `${rules.filter((r) => r.outcome === 'Passed').length}/${rules.length} passed`;
}

/** A run's data quality results, one block per node: its context, then each rule's outcome, metrics and reason. */
export function dataQualityText(evaluations: readonly DataQualityEvaluation[]): string {
  const blocks = evaluations.map((e) => {
    const passed = e.rules.filter((r) => r.outcome === 'Passed').length;
    const head = `data quality "${e.context}"${e.line !== undefined ? ` (line ${e.line})` : ''}: ${passed} of ${e.rules.length} rule(s) passed${e.score !== null ? `, score ${Math.round(e.score * 100)}%` : ''}`;
    const rows = e.rules.map((r) => [
      r.outcome,
      r.rule,
      Object.entries(r.metrics)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', '),
      r.reason?.split('\n').join('; ') ?? '',
    ]);
    return `${head}\n${textTable(['outcome', 'rule', 'metrics', 'reason'], rows, { rightAlign: [false, false, false, false] })}`;
  });
  return `${blocks.join('\n\n')}\n`;
}
