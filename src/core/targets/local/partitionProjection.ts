/**
 * Partition projection (Athena: https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html): a table
 * with `projection.enabled` = true has the partitions its `projection.<column>.*` properties describe, at the
 * locations `storage.location.template` (or `<location>/<key>=<value>/…`) names — and Athena ignores the partitions
 * registered in the catalog. The rules are Athena's "Supported types for partition projection" page, with Trino's
 * implementation of them (trinodb/trino plugin/trino-hive/…/hive/projection/DateProjection.java, commit
 * 017fcfcc9759d14557c0b1a4ef7377af27ea9590) where the page is silent: a date range's bounds are cut to the
 * format's precision (formatted, then parsed) and the values are the left bound stepped by the interval up to the
 * right bound, in UTC; `NOW` is the query's time.
 *
 * Locally the projected values are not listed one by one: the files under the template's fixed prefix are, and a
 * file belongs to the partition whose filled-in template its path starts with, when each value is one the
 * projection gives (a partition without files has no rows, so the answer is the same). Supported: enum, integer and
 * date projections, date formats of digits (y, M, d, H, m, s, S) and literals. Refused by name: injected
 * projections (Athena needs the query's WHERE for them) and what the page does not define.
 */
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { CatalogTable } from '../../model';
import { normalizeLocation } from '../../sql/ddl';
import { parseHiveType } from '../../sql/types';
import type { DataFile } from './jsonKeys';
import { escapePathName } from './partitions';

/** One column's projection: the text its values have in a path, and whether a text is one of its values. */
interface ColumnProjection {
  /** a regular expression (JavaScript) matching the column's value in a path */
  pattern: string;
  member(text: string): boolean;
  /** the partition key's value for a text in the path */
  value(text: string): string;
}

export interface ProjectedPartition {
  values: Record<string, string>;
  /** each key's text in the path: the projected value, which names the partition (`dt=2024-03-01/leg=07`) */
  texts: Record<string, string>;
  location: string;
  files: DataFile[];
}

/** the most values a date projection may have (Athena fails a query projecting more than a million partitions) */
const MAX_VALUES = 1_000_000;

export function projectionEnabled(table: CatalogTable): boolean {
  return (table.parameters['projection.enabled'] ?? '').trim().toLowerCase() === 'true';
}

function unsupported(table: CatalogTable, what: string): LakehouseError {
  return new LakehouseError('SqlUnsupported', `table ${table.database}.${table.name}: ${what} is not supported by the local engine (Athena has it)`, { object: `${table.database}.${table.name}` });
}

/** A configuration Athena rejects too (a missing or malformed property): the query fails naming it. */
function invalid(table: CatalogTable, column: string, what: string): LakehouseError {
  return new LakehouseError('InvalidInput', `table ${table.database}.${table.name}: partition projection of column ${column}: ${what}`, { object: `${table.database}.${table.name}` });
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// ------------------------------------------------------------------------------------------------ dates

type Unit = 'YEARS' | 'MONTHS' | 'WEEKS' | 'DAYS' | 'HOURS' | 'MINUTES' | 'SECONDS' | 'MILLISECONDS';
const UNITS: readonly Unit[] = ['YEARS', 'MONTHS', 'WEEKS', 'DAYS', 'HOURS', 'MINUTES', 'SECONDS', 'MILLISECONDS'];
const UNIT_MS: Partial<Record<Unit, number>> = { WEEKS: 7 * 86_400_000, DAYS: 86_400_000, HOURS: 3_600_000, MINUTES: 60_000, SECONDS: 1000, MILLISECONDS: 1 };

/** `t` plus `n` units in UTC, as java.time adds them (months and years keep the day, cut to the month's last day). */
function plus(t: number, n: number, unit: Unit): number {
  const ms = UNIT_MS[unit];
  if (ms !== undefined) return t + n * ms;
  const d = new Date(t);
  const months = d.getUTCMonth() + (unit === 'YEARS' ? 12 * n : n);
  const year = d.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';
type Token = { literal: string } | { field: Field; width: number; exact: boolean };
const LETTERS: Record<string, Field> = { y: 'year', u: 'year', M: 'month', d: 'day', H: 'hour', m: 'minute', s: 'second', S: 'fraction' };

/** A java.time DateTimeFormatter pattern of digits and literals, as tokens; undefined when it has other letters. */
function dateTokens(format: string): Token[] | string {
  const out: Token[] = [];
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch === "'") {
      const end = format.indexOf("'", i + 1);
      if (end < 0) return "an unterminated quote";
      out.push({ literal: end === i + 1 ? "'" : format.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let n = 1;
      while (format[i + n] === ch) n++;
      const field = LETTERS[ch];
      if (field === undefined) return `the pattern letter '${ch}'`;
      if (field === 'year' && n !== 2 && n !== 4) return `'${ch.repeat(n)}'`;
      if (field === 'fraction' && n > 3) return `'${ch.repeat(n)}'`;
      if (field !== 'year' && field !== 'fraction' && n > 2) return `'${ch.repeat(n)}'`;
      out.push({ field, width: n, exact: field === 'year' || field === 'fraction' || n === 2 });
      i += n;
      continue;
    }
    out.push({ literal: ch });
    i++;
  }
  return out;
}

interface DateFormat {
  regex: string;
  format(t: number): string;
  parse(text: string): number | undefined;
  /** the finest field: for the default interval unit */
  fields: Set<Field>;
}

function dateFormat(tokens: Token[]): DateFormat {
  const fields = new Set<Field>();
  let regex = '';
  for (const t of tokens) {
    if ('literal' in t) regex += escapeRegex(t.literal);
    else {
      fields.add(t.field);
      regex += t.exact ? `[0-9]{${t.width}}` : '[0-9]{1,2}';
    }
  }
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  return {
    regex,
    fields,
    format(t) {
      const d = new Date(t);
      return tokens
        .map((k) => {
          if ('literal' in k) return k.literal;
          switch (k.field) {
            case 'year':
              return k.width === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), 4);
            case 'month':
              return pad(d.getUTCMonth() + 1, k.width);
            case 'day':
              return pad(d.getUTCDate(), k.width);
            case 'hour':
              return pad(d.getUTCHours(), k.width);
            case 'minute':
              return pad(d.getUTCMinutes(), k.width);
            case 'second':
              return pad(d.getUTCSeconds(), k.width);
            default:
              return pad(Math.floor(d.getUTCMilliseconds() / 10 ** (3 - k.width)), k.width);
          }
        })
        .join('');
    },
    parse(text) {
      const m = new RegExp(`^${tokens.map((k) => ('literal' in k ? escapeRegex(k.literal) : `(${k.exact ? `[0-9]{${k.width}}` : '[0-9]{1,2}'})`)).join('')}$`).exec(text);
      if (!m) return undefined;
      const v: Record<Field, number> = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: 0 };
      let g = 1;
      for (const k of tokens) {
        if ('literal' in k) continue;
        const n = Number(m[g++]);
        v[k.field] = k.field === 'year' && k.width === 2 ? 2000 + n : k.field === 'fraction' ? n * 10 ** (3 - k.width) : n;
      }
      const t = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second, v.fraction);
      const d = new Date(t);
      // a field out of its range (month 13, February 30th) is not a date
      if (d.getUTCFullYear() !== v.year || d.getUTCMonth() !== v.month - 1 || d.getUTCDate() !== v.day || d.getUTCHours() !== v.hour || d.getUTCMinutes() !== v.minute || d.getUTCSeconds() !== v.second) return undefined;
      return t;
    },
  };
}

const NOW_BOUND = /^\s*NOW\s*(([+-])\s*([0-9]+)\s*(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?)\s*)?$/;

function dateProjection(table: CatalogTable, column: string, type: string, prop: (k: string) => string | undefined, now: number): ColumnProjection {
  const formatText = prop('format');
  const rangeText = prop('range');
  if (formatText === undefined) throw invalid(table, column, `projection.${column}.format is required for a date projection`);
  if (rangeText === undefined) throw invalid(table, column, `projection.${column}.range is required`);
  const tokens = dateTokens(formatText);
  if (typeof tokens === 'string') throw unsupported(table, `the date format '${formatText}' of projection.${column}.format (${tokens}; the local engine reads formats of digits: y, M, d, H, m, s, S)`);
  const fmt = dateFormat(tokens);
  const fine = fmt.fields.has('hour') || fmt.fields.has('minute') || fmt.fields.has('second') || fmt.fields.has('fraction');
  const unitText = prop('interval.unit')?.trim().toUpperCase();
  let unit: Unit;
  if (unitText !== undefined) {
    if (!UNITS.includes(unitText as Unit)) throw invalid(table, column, `projection.${column}.interval.unit '${unitText}' is not one of ${UNITS.join(', ')}`);
    unit = unitText as Unit;
  } else if (fine) throw invalid(table, column, `projection.${column}.interval.unit is required when the format is finer than a day ('${formatText}')`);
  else unit = fmt.fields.has('day') ? 'DAYS' : 'MONTHS';
  const interval = Number((prop('interval') ?? '1').trim());
  if (!Number.isInteger(interval) || interval < 1) throw invalid(table, column, `projection.${column}.interval must be a positive integer`);
  const bounds = rangeText.split(',');
  const bound = (text: string): number => {
    const m = NOW_BOUND.exec(text);
    let t: number | undefined;
    if (m) {
      t = now;
      if (m[1] !== undefined) {
        const u = (m[4]!.endsWith('S') ? m[4]! : `${m[4]!}S`) as Unit;
        t = plus(now, (m[2] === '-' ? -1 : 1) * Number(m[3]), u);
      }
    } else t = fmt.parse(text);
    if (t === undefined) throw invalid(table, column, `projection.${column}.range needs two dates formatted as '${formatText}' or NOW[+-n UNIT], not '${rangeText}'`);
    // cut to the format's precision (Trino's adjustBoundToDateFormat: the instant without its milliseconds, formatted and parsed)
    return fmt.parse(fmt.format(t - (((t % 1000) + 1000) % 1000)))!;
  };
  if (bounds.length !== 2) throw invalid(table, column, `projection.${column}.range needs two dates, not '${rangeText}'`);
  const left = bound(bounds[0]!);
  const right = bound(bounds[1]!);
  if (left > right) throw invalid(table, column, `projection.${column}.range '${rangeText}' ends before it starts`);
  const values = new Set<string>();
  for (let t = left; t <= right; t = plus(t, interval, unit)) {
    values.add(fmt.format(t));
    if (values.size > MAX_VALUES) throw unsupported(table, `a date projection of more than ${MAX_VALUES} values (projection.${column}.range '${rangeText}')`);
  }
  const t = parseHiveType(type);
  const isDate = t.kind === 'primitive' && t.name === 'date';
  if (!isDate && !(t.kind === 'primitive' && t.name === 'string') && t.kind !== 'varchar')
    throw unsupported(table, `a date projection of the ${type} partition column ${column} (string and date columns are read)`);
  return {
    pattern: fmt.regex,
    member: (text) => values.has(text),
    value: (text) => (isDate ? new Date(fmt.parse(text)!).toISOString().slice(0, 10) : text),
  };
}

function integerProjection(table: CatalogTable, column: string, prop: (k: string) => string | undefined): ColumnProjection {
  const range = (prop('range') ?? '').split(',').map((s) => s.trim());
  if (range.length !== 2 || !range.every((r) => /^-?[0-9]+$/.test(r))) throw invalid(table, column, `projection.${column}.range needs two integers, not '${prop('range') ?? ''}'`);
  const [min, max] = range.map((r) => BigInt(r)) as [bigint, bigint];
  const intervalText = (prop('interval') ?? '1').trim();
  const digitsText = prop('digits')?.trim();
  if (!/^[0-9]+$/.test(intervalText) || BigInt(intervalText) < 1n) throw invalid(table, column, `projection.${column}.interval must be a positive integer`);
  if (digitsText !== undefined && !/^[0-9]+$/.test(digitsText)) throw invalid(table, column, `projection.${column}.digits must be a positive integer`);
  const interval = BigInt(intervalText);
  const digits = digitsText === undefined ? 0 : Number(digitsText);
  // String.format("%0<digits>d"): the sign, then the digits padded with zeros
  const format = (v: bigint) => (v < 0n ? `-${(-v).toString().padStart(Math.max(digits - 1, 0), '0')}` : v.toString().padStart(digits, '0'));
  return {
    pattern: '-?[0-9]+',
    member(text) {
      const v = BigInt(text);
      return v >= min && v <= max && (v - min) % interval === 0n && format(v) === text;
    },
    value: (text) => text,
  };
}

function enumProjection(table: CatalogTable, column: string, prop: (k: string) => string | undefined): ColumnProjection {
  const text = prop('values');
  if (text === undefined || text === '') throw invalid(table, column, `projection.${column}.values is required for an enum projection`);
  // "Any white space is considered part of an enum value"
  const values = text.split(',');
  const set = new Set(values);
  return { pattern: [...set].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), member: (v) => set.has(v), value: (v) => v };
}

// ------------------------------------------------------------------------------------------------ locations

/**
 * The partitions of a projected table that have files, each with its files: the files under the template's fixed
 * prefix whose path fills the template with a value of each column's projection.
 */
export async function projectedPartitions(
  table: CatalogTable,
  ctx: { localPath(location: string): string; list(dir: string): Promise<DataFile[]>; now?: number },
): Promise<ProjectedPartition[]> {
  const now = ctx.now ?? Date.now();
  const params = table.parameters;
  const projections = new Map<string, ColumnProjection>();
  for (const key of table.partitionKeys) {
    const name = key.name;
    const prop = (k: string) => params[`projection.${name}.${k}`];
    const type = prop('type')?.trim().toLowerCase();
    if (type === undefined) throw invalid(table, name, `projection.${name}.type is required for every partition column`);
    if (type === 'enum') projections.set(name, enumProjection(table, name, prop));
    else if (type === 'integer') projections.set(name, integerProjection(table, name, prop));
    else if (type === 'date') projections.set(name, dateProjection(table, name, key.type, prop, now));
    else if (type === 'injected') throw unsupported(table, `the injected partition projection of column ${name} (its values come from the query's WHERE clause)`);
    else throw invalid(table, name, `projection.${name}.type '${type}' is not enum, integer, date or injected`);
  }
  const given = params['storage.location.template'];
  const template = normalizeLocation(given ?? `${normalizeLocation(table.storage.location)}${table.partitionKeys.map((k) => `${escapePathName(k.name)}=\${${k.name}}`).join('/')}`);
  // the template's pieces: text, and the partition columns' placeholders (others stay text, as Athena leaves them)
  const pieces: (string | { column: string })[] = [];
  let rest = template;
  for (;;) {
    const m = /\$\{([^}]*)\}/.exec(rest);
    if (!m) break;
    const column = table.partitionKeys.find((k) => k.name.toLowerCase() === m[1]!.trim().toLowerCase())?.name;
    if (column === undefined) {
      pieces.push(rest.slice(0, m.index + m[0].length));
    } else {
      pieces.push(rest.slice(0, m.index), { column });
    }
    rest = rest.slice(m.index + m[0].length);
  }
  pieces.push(rest);
  for (const k of table.partitionKeys)
    if (!pieces.some((p) => typeof p !== 'string' && p.column === k.name)) throw invalid(table, k.name, `storage.location.template '${template}' has no \${${k.name}} placeholder for it`);
  const firstColumn = pieces.findIndex((p) => typeof p !== 'string');
  const fixed = (pieces.slice(0, firstColumn) as string[]).join('');
  const base = fixed.slice(0, fixed.lastIndexOf('/') + 1);
  if (!/^s3:\/\/[^/]+\//.test(base)) throw invalid(table, table.partitionKeys[0]!.name, `storage.location.template '${template}' is not an S3 location`);
  const groups: string[] = [];
  const regex = pieces
    .map((p) => {
      if (typeof p === 'string') return escapeRegex(p);
      const index = groups.indexOf(p.column);
      if (index >= 0) return `\\k<c${index}>`;
      groups.push(p.column);
      return `(?<c${groups.length - 1}>${projections.get(p.column)!.pattern})`;
    })
    .join('');
  const match = new RegExp(`^(${regex})`);
  const root = ctx.localPath(base);
  const byLocation = new Map<string, ProjectedPartition>();
  for (const file of await ctx.list(root)) {
    const uri = base + path.relative(root, file.path).split(path.sep).join('/');
    const m = match.exec(uri);
    if (!m || m[0].length === uri.length) continue;
    const values: Record<string, string> = {};
    const texts: Record<string, string> = {};
    let member = true;
    groups.forEach((column, i) => {
      const text = m.groups![`c${i}`]!;
      const projection = projections.get(column)!;
      texts[column] = text;
      if (projection.member(text)) values[column] = projection.value(text);
      else member = false;
    });
    if (!member) continue;
    const location = m[1]!;
    const partition = byLocation.get(location) ?? { values, texts, location, files: [] };
    partition.files.push(file);
    byLocation.set(location, partition);
  }
  return [...byLocation.values()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
}
