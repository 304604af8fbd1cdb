/**
 * How a result cell is printed by the engine whose documentation the corpus comes from: Trino's CLI
 * (`io.trino.cli.FormatUtils`) and spark-sql (`HiveResult.toHiveString`).
 *
 * TEMPORARY — these are the harness's own minimal renderers, written because the product has none yet. They must be
 * replaced by the product's renderers (the Athena result renderer being written in src/core, `renderTrinoValue`
 * or its final name; and the Spark one when it exists) by repointing `renderers` in harness.ts: the conformance
 * figures are only meaningful once the product's own output is what is compared.
 *
 * Both take a cell as the local engine gives it (`CellValue`, see src/core/model.ts) and the column's Athena type name
 * (`varchar`, `decimal(10,2)`, `array(integer)`, `map(varchar, integer)`, `row(a integer, b varchar)`, …).
 */
import type { CellValue } from '../../src/core/model';

// ---------------------------------------------------------------- Athena type names

export type TypeNode = { name: string; params: TypeNode[]; fields?: { name: string; type: TypeNode }[]; text: string };

/** Parses an Athena type name (`array(row(a integer, "b c" varchar))`); unknown forms become a bare name. */
export function parseType(text: string): TypeNode {
  const s = text.trim();
  const open = s.indexOf('(');
  if (open < 0 || !s.endsWith(')')) return { name: s.toLowerCase(), params: [], text: s };
  const name = s.slice(0, open).trim().toLowerCase();
  const inner = splitTop(s.slice(open + 1, -1));
  if (name === 'row') {
    const fields = inner.map((f) => {
      const m = /^("(?:[^"]|"")*"|\S+)\s+([\s\S]+)$/.exec(f.trim());
      if (!m) return { name: '', type: parseType(f) };
      const n = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
      return { name: n, type: parseType(m[2]!) };
    });
    return { name, params: fields.map((f) => f.type), fields, text: s };
  }
  return { name, params: inner.map(parseType), text: s };
}

function splitTop(s: string): string[] {
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
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (s.slice(start).trim() !== '') out.push(s.slice(start).trim());
  return out;
}

// ---------------------------------------------------------------- numbers as Java prints them

/** `Double.toString`: `1.0`, `0.001`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') || s.includes('e') ? plain(s) : `${s}.0`;
  }
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

function plain(s: string): string {
  if (!s.includes('e')) return s;
  // a JS exponent inside [1e-3, 1e7) only appears for tiny magnitudes; write the digits out
  const n = Number(s);
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '.0');
}

function decimalText(value: CellValue, scale: number): string {
  let s = typeof value === 'number' ? value.toFixed(scale) : String(value);
  if (scale > 0) {
    const [int, frac = ''] = s.split('.');
    s = `${int}.${frac.padEnd(scale, '0').slice(0, Math.max(scale, frac.length))}`;
  }
  return s;
}

function fractionTo(text: string, precision: number): string {
  // `2012-10-31 01:00:00[.fff][zone]` → the fraction padded or cut to `precision` digits
  const m = /^(\d{4,}-\d\d-\d\d[ T])?(\d\d?:\d\d(?::\d\d)?)(\.\d+)?(.*)$/.exec(text);
  if (!m) return text;
  let time = m[2]!;
  if (time.length === 5) time += ':00';
  const frac = (m[3] ?? '.').slice(1);
  const f = precision > 0 ? `.${frac.padEnd(precision, '0').slice(0, precision)}` : '';
  return `${(m[1] ?? '').replace('T', ' ')}${time}${f}${m[4] ?? ''}`;
}

function hexPairs(value: CellValue): string {
  // DuckDB gives a BLOB as text with \xNN escapes for bytes that are not printable ASCII
  const s = String(value);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x') {
      bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else bytes.push(s.charCodeAt(i));
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * An interval as Trino prints it: year-month `3-5`, day-time `2 03:00:00.000` (from the total, as Trino keeps it in
 * milliseconds). DuckDB gives `{months, days, micros}`; a value mixing months with days or time has no Trino form.
 */
function trinoInterval(value: CellValue): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return String(value);
  const v = value as { months?: number; days?: number; micros?: string | number };
  const months = Number(v.months ?? 0);
  const totalMs = Number(v.days ?? 0) * 86_400_000 + Math.trunc(Number(v.micros ?? 0) / 1000);
  if (months !== 0 && totalMs === 0) return `${months < 0 ? '-' : ''}${Math.trunc(Math.abs(months) / 12)}-${Math.abs(months) % 12}`;
  if (months !== 0) return JSON.stringify(value);
  const sign = totalMs < 0 ? '-' : '';
  let ms = Math.abs(totalMs);
  const days = Math.trunc(ms / 86_400_000);
  ms -= days * 86_400_000;
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.trunc(ms / 3_600_000);
  const m = Math.trunc((ms % 3_600_000) / 60_000);
  const sec = Math.trunc((ms % 60_000) / 1000);
  return `${sign}${days} ${two(h)}:${two(m)}:${two(sec)}.${String(ms % 1000).padStart(3, '0')}`;
}

// ---------------------------------------------------------------- Trino CLI

/** A cell as Trino's CLI prints it: `NULL`, `[1, 2]`, `{a=1, b=2}`, `{1, x}` (unnamed row fields), `1.0`. */
export function renderTrino(value: CellValue, type: string | TypeNode): string {
  const t = typeof type === 'string' ? parseType(type) : type;
  if (value === null) return 'NULL';
  switch (t.name) {
    case 'array':
      return Array.isArray(value) ? `[${value.map((v) => renderTrino(v, t.params[0] ?? parseType('unknown'))).join(', ')}]` : String(value);
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const keyType = t.params[0] ?? parseType('varchar');
      return `{${Object.entries(value)
        .map(([k, v]) => `${renderTrino(keyType.name === 'varchar' ? k : (JSON.parse(k) as CellValue), keyType)}=${renderTrino(v, t.params[1] ?? parseType('unknown'))}`)
        .join(', ')}}`;
    }
    case 'row': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const fields = t.fields ?? [];
      return `{${Object.entries(value)
        .map(([k, v], i) => {
          const f = fields[i];
          const text = renderTrino(v, f?.type ?? parseType('unknown'));
          return f?.name || k ? `${f?.name ?? k}=${text}` : text;
        })
        .join(', ')}}`;
    }
    case 'double':
    case 'real':
    case 'float':
      return typeof value === 'number' ? javaDouble(value) : String(value);
    case 'decimal':
      return decimalText(value, Number(t.params[1]?.name ?? 0));
    case 'timestamp':
    case 'time':
      return fractionTo(String(value), t.params[0] ? Number(t.params[0].name) : 3);
    case 'timestamp with time zone':
      return fractionTo(String(value), 3);
    case 'varbinary':
      return hexPairs(value);
    case 'boolean':
      return String(value);
    case 'interval':
    case 'interval day to second':
    case 'interval year to month':
      return trinoInterval(value);
    default:
      if (/^timestamp\(\d+\) with time zone$/.test(t.text)) return fractionTo(String(value), Number(/\d+/.exec(t.text)![0]));
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

// ---------------------------------------------------------------- spark-sql

/** A cell as spark-sql prints it: top-level strings bare, nested ones quoted; `[1,2]`, `{"a":1}`, `NULL`/`null`. */
export function renderSpark(value: CellValue, type: string | TypeNode, nested = false): string {
  const t = typeof type === 'string' ? parseType(type) : type;
  if (value === null) return nested ? 'null' : 'NULL';
  switch (t.name) {
    case 'array':
      return Array.isArray(value) ? `[${value.map((v) => renderSpark(v, t.params[0] ?? parseType('unknown'), true)).join(',')}]` : String(value);
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const keyType = t.params[0] ?? parseType('varchar');
      return `{${Object.entries(value)
        .map(([k, v]) => `${renderSpark(keyType.name === 'varchar' ? k : (JSON.parse(k) as CellValue), keyType, true)}:${renderSpark(v, t.params[1] ?? parseType('unknown'), true)}`)
        .join(',')}}`;
    }
    case 'row': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const fields = t.fields ?? [];
      return `{${Object.entries(value)
        .map(([k, v], i) => `"${fields[i]?.name ?? k}":${renderSpark(v, fields[i]?.type ?? parseType('unknown'), true)}`)
        .join(',')}}`;
    }
    case 'double':
    case 'real':
    case 'float':
      return typeof value === 'number' ? javaDouble(value) : String(value);
    case 'decimal':
      return decimalText(value, Number(t.params[1]?.name ?? 0));
    case 'varchar':
    case 'char':
    case 'string':
      return nested ? JSON.stringify(value) : String(value);
    case 'date':
      return nested ? `"${String(value)}"` : String(value);
    case 'timestamp': {
      // Spark prints the fraction without trailing zeros
      const s = String(value).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
      return nested ? `"${s}"` : s;
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
