/**
 * A result cell as Athena shows it — Trino's text of a value, as its console and CLI print it
 * (trinodb/trino client/trino-cli …/FormatUtils and the client's Row, Java's number formatting): `NULL`, `[1, 2]`,
 * `{a=1, b=2}`, rows `{x=1, y=2.0}` (anonymous fields `{1, 2.0}`), doubles `1.0E10`, decimals with their scale,
 * timestamps with their precision `2001-08-22 03:04:05.321`, varbinary as hex bytes `65 78`, intervals `2 03:00:00.000`
 * / `3-5`. Used by the CLI's tables, the results grid and the conformance harness; the cell is what the engine
 * pages (`CellValue`: the local engine's JSON-shaped values, or Athena's own text from the AWS target, which is
 * left as it is), the type Trino's name of the column's type.
 *
 * Plain TypeScript without Node APIs: the results grid's webview bundles it.
 */
import type { CellValue } from '../../model';
import { ipAddressText } from './ipaddress';
import { javaNumberText } from './javaNumbers';
import { hashMapOrder, javaKeyHash, javaKeyKind } from './mapOrder';

export interface TypeNode {
  name: string;
  params: TypeNode[];
  fields?: { name?: string; type: TypeNode }[];
  text: string;
}

const parsed = new Map<string, TypeNode>();

/** Trino's type name (`array(row(a integer, "b c" varchar))`, `timestamp(3) with time zone`) as a tree. */
export function parseTypeName(text: string): TypeNode {
  let t = parsed.get(text);
  if (!t) {
    t = parseType(text);
    if (parsed.size < 1000) parsed.set(text, t);
  }
  return t;
}

function parseType(text: string): TypeNode {
  const s = text.trim();
  const open = s.indexOf('(');
  const base = (open < 0 ? s : s.slice(0, open)).trim().toLowerCase();
  if (open < 0 || !['array', 'map', 'row'].includes(base)) {
    const m = /^([a-z ]+?)\s*(?:\((\d+)(?:\s*,\s*(\d+))?\))?(\s+with(?:out)? time zone)?$/i.exec(s);
    if (!m) return { name: s.toLowerCase(), params: [], text: s };
    const params = [m[2], m[3]].filter((p): p is string => p !== undefined).map((p) => ({ name: p, params: [], text: p }));
    const name = m[1]!.toLowerCase() + (m[4] && /with time zone/i.test(m[4]) ? ' with time zone' : '');
    return { name, params, text: s };
  }
  const inner = splitTop(s.slice(open + 1, s.lastIndexOf(')')));
  if (base === 'row') {
    const fields = inner.map((f) => {
      const m = /^("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)\s+([\s\S]+)$/.exec(f.trim());
      if (!m || /^(timestamp|time|interval|double)$/i.test(m[1]!)) return { type: parseType(f) };
      const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
      return { name, type: parseType(m[2]!) };
    });
    return { name: 'row', params: fields.map((f) => f.type), fields, text: s };
  }
  return { name: base, params: inner.map(parseType), text: s };
}

/** A type's parameter list split at its top-level commas (not inside parentheses or double-quoted names). */
export function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (s.slice(start).trim() !== '') out.push(s.slice(start));
  return out;
}

export { javaNumberText };

// ---------------------------------------------------------------- pieces

/** `2012-10-31 01:00:00[.f…][ zone]` with the fraction padded or cut to `precision` digits */
function withPrecision(text: string, precision: number): string {
  const m = /^(\d{4,}-\d\d-\d\d[ T])?(\d\d?:\d\d(?::\d\d)?)(\.\d+)?(.*)$/.exec(text);
  if (!m) return text;
  let time = m[2]!;
  if (time.length === 5) time += ':00';
  const fraction = (m[3] ?? '.').slice(1);
  const f = precision > 0 ? `.${fraction.padEnd(precision, '0').slice(0, precision)}` : '';
  return `${(m[1] ?? '').replace('T', ' ')}${time}${f}${m[4] ?? ''}`;
}

function decimalText(value: CellValue, scale: number): string {
  if (typeof value === 'string') {
    if (scale === 0 || !/^-?\d+(\.\d*)?$/.test(value)) return value;
    const [i, f = ''] = value.split('.');
    return `${i}.${f.padEnd(scale, '0')}`;
  }
  return typeof value === 'number' ? value.toFixed(scale) : String(value);
}

/** The bytes of a BLOB as DuckDB gives it: text with `\xNN` for bytes that are not printable ASCII. */
export function duckBlobBytes(value: unknown): Uint8Array {
  const s = String(value);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x') {
      bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else bytes.push(s.charCodeAt(i));
  }
  return new Uint8Array(bytes);
}

function hexBytes(value: CellValue): string {
  const s = String(value);
  if (/^([0-9a-f]{2})( [0-9a-f]{2})*$/.test(s)) return s;
  return [...duckBlobBytes(s)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Trino's interval text: year to month `3-5`, day to second `2 03:00:00.000` (from DuckDB's {months, days, micros}). */
function intervalText(value: CellValue, yearToMonth: boolean): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return String(value);
  const v = value as { months?: number; days?: number; micros?: string | number };
  if (yearToMonth) {
    const months = Number(v.months ?? 0);
    return `${months < 0 ? '-' : ''}${Math.trunc(Math.abs(months) / 12)}-${Math.abs(months) % 12}`;
  }
  const total = BigInt(v.days ?? 0) * 86_400_000n + BigInt(v.micros ?? 0) / 1000n;
  const sign = total < 0n ? '-' : '';
  let ms = total < 0n ? -total : total;
  const days = ms / 86_400_000n;
  ms -= days * 86_400_000n;
  const two = (n: bigint) => String(n).padStart(2, '0');
  return `${sign}${days} ${two(ms / 3_600_000n)}:${two((ms % 3_600_000n) / 60_000n)}:${two((ms % 60_000n) / 1000n)}.${String(ms % 1000n).padStart(3, '0')}`;
}

// ---------------------------------------------------------------- the cell

/** A cell's text as Athena shows it, by the column's Trino type name. */
export function renderAthena(value: CellValue | undefined, type: string | TypeNode): string {
  if (value === null || value === undefined) return 'NULL';
  const t = typeof type === 'string' ? parseTypeName(type) : type;
  // the AWS target pages Athena's own text for everything but numbers and booleans
  if (typeof value === 'string' && (t.name === 'array' || t.name === 'map' || t.name === 'row')) return value;
  switch (t.name) {
    case 'array':
      return Array.isArray(value) ? `[${value.map((v) => renderAthena(v, t.params[0] ?? UNKNOWN)).join(', ')}]` : String(value);
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const keyType = t.params[0] ?? UNKNOWN;
      const textKey = keyType.name === 'varchar' || keyType.name === 'char' || keyType.name === 'unknown';
      const entries = Object.entries(value).map(([k, v]) => [textKey ? k : renderAthena(parseKey(k), keyType), renderAthena(v, t.params[1] ?? UNKNOWN)] as const);
      return `{${athenaEntryOrder(entries.map(([k]) => k), keyType)
        .map((i) => `${entries[i]![0]}=${entries[i]![1]}`)
        .join(', ')}}`;
    }
    case 'row': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const fields = t.fields ?? [];
      return `{${Object.values(value)
        .map((v, i) => {
          const f = fields[i];
          const text = renderAthena(v, f?.type ?? UNKNOWN);
          return f?.name !== undefined ? `${f.name}=${text}` : text;
        })
        .join(', ')}}`;
    }
    case 'double':
      return typeof value === 'number' ? javaNumberText(value) : String(value);
    case 'real':
    case 'float':
      return typeof value === 'number' ? javaNumberText(value, true) : String(value);
    case 'decimal':
      return decimalText(value, Number(t.params[1]?.name ?? 0));
    case 'timestamp':
    case 'time':
      return withPrecision(String(value), t.params[0] ? Number(t.params[0].name) : 3);
    case 'timestamp with time zone':
      return withPrecision(String(value), t.params[0] ? Number(t.params[0].name) : 3);
    case 'varbinary':
      return hexBytes(value);
    case 'ipaddress':
      // the local engine's number of its 16 bytes; the AWS target's text is Athena's already
      return typeof value === 'string' && /^\d+$/.test(value) ? ipAddressText(BigInt(value)) : typeof value === 'number' ? ipAddressText(BigInt(value)) : String(value);
    case 'interval year to month':
      return intervalText(value, true);
    case 'interval day to second':
      return intervalText(value, false);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

const UNKNOWN: TypeNode = { name: 'unknown', params: [], text: 'unknown' };

/**
 * The order Athena shows a map's entries in (mapOrder.ts): the keys' texts in the cell's order, which is the order the
 * engine built the map in (the local engine refuses a map where it is not: engine.ts). A key type whose Java hash is
 * not modelled keeps the cell's order (the local engine refuses those maps too; the AWS target's cells are text).
 */
export function athenaEntryOrder(keys: readonly string[], keyType: TypeNode): number[] {
  const kind = javaKeyKind(keyType.name);
  return (kind && hashMapOrder(keys.map((k) => javaKeyHash(k, kind)))) ?? [...keys.keys()];
}

function parseKey(k: string): CellValue {
  try {
    return JSON.parse(k) as CellValue;
  } catch {
    return k;
  }
}
