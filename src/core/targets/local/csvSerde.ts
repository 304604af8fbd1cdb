/**
 * Reading CSV tables (org.apache.hadoop.hive.serde2.OpenCSVSerde) and delimited text tables (LazySimpleSerDe) as
 * Athena reads them, on DuckDB. The references: Athena's "Open CSV SerDe for processing CSV" and "LazySimpleSerDe"
 * pages, and Trino's readers that are "bug for bug compatible" with the two SerDes (trino-hive-formats
 * `line/csv/CsvDeserializer.java`, `line/simple/SimpleDeserializer.java`).
 *
 * Both read a file line by line (a line ends at LF, CR or CRLF, quotes or not — "The Open CSV SerDe does not support
 * embedded line breaks in CSV files"), skip `skip.header.line.count` lines of each file, take fields by position
 * (extra ones ignored, missing ones NULL) and read an empty line as a row.
 * - OpenCSVSerde splits with opencsv's rules (quotes, doubled quotes, the escape character — opencsvLine below);
 *   an empty line is a row of NULLs; an empty field is the empty string. Every value is text: for the column types
 *   Athena recognizes (BOOLEAN, BIGINT, INT, DOUBLE, and TIMESTAMP as UNIX milliseconds) a value that does not parse
 *   — the empty string included — fails the query (`HIVE_BAD_DATA: Error parsing field value …`), or is NULL with
 *   the table property `use.null.for.invalid.data`; other column types are refused.
 * - LazySimpleSerDe splits on the field delimiter's byte (an escape byte, `escape.delim`, takes the next byte as it
 *   is); a field equal to `serialization.null.format` (default `\N`) is NULL; a value that does not parse as its
 *   column's type is NULL; an empty line is a row whose first field is empty.
 * Files that hold no quote or escape character (nearly all) are read by DuckDB's CSV reader with quoting off, which
 * splits exactly as the SerDes do; the others are split here, in JavaScript, once per file, into a normalized file
 * in the data folder's cache that DuckDB then reads.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogTable } from '../../model';
import { tableFormat } from '../../sql/ddl';
import { formatHiveType, hiveTypeToDuckDb, parseHiveType, type HiveType } from '../../sql/types';
import { ident, listLiteral, literal } from './duck';
import { writeFileAtomic } from './fsutil';
import { rawLines, type DataFile } from './jsonKeys';
import { textTimestampSql } from './jsonScalars';

export interface DelimitedDialect {
  /** the field separator (one character) */
  delim: string;
  /** the quote character; '' when fields are not quoted (delimited text) */
  quote: string;
  /** the escape character; '' when none */
  escape: string;
}

/**
 * A LazySimpleSerDe separator property as Hive and Trino read it (trino-hive-formats TextEncodingOptions.getByte,
 * after Hive's LazyUtils.getByte): empty or absent is the default; a number that fits a Java byte is that byte
 * (`'serialization.format'='1'`, as much DDL writes, is \u0001; `'field.delim'='9'` is a tab); anything else is its
 * first character — cut to a byte, so a character past ASCII (whose UTF-8 bytes differ) is refused.
 */
export function textSeparatorByte(table: CatalogTable, value: string | undefined, byDefault: string, property: string): string {
  if (value === undefined || value === '') return byDefault;
  if (/^[+-]?[0-9]+$/.test(value) && Number(value) >= -128 && Number(value) <= 127) {
    const byte = Number(value);
    if (byte >= 0) return String.fromCharCode(byte);
  } else if (value.charCodeAt(0) < 0x80) return value[0]!;
  throw new LakehouseError(
    'SqlUnsupported',
    `table ${table.database}.${table.name}: the separator '${value}' (${property}) is not one ASCII byte, which Athena's reader takes it as: not supported by the local engine`,
    { object: `${table.database}.${table.name}` },
  );
}

/** A delimited text table's field delimiter: `field.delim`, else `serialization.format`, else \u0001 (Hive's). */
export function textFieldDelimiter(table: CatalogTable): string {
  const params = table.storage.serde.parameters;
  const given = params['field.delim'] !== undefined && params['field.delim'] !== '' ? ['field.delim', params['field.delim']] : ['serialization.format', params['serialization.format']];
  return textSeparatorByte(table, given[1], '\u0001', given[0]!);
}

/**
 * How a CSV (OpenCSVSerde) or delimited text table splits its files: separator, quote and escape characters.
 * OpenCSVSerde takes the first character of `separatorChar` (default `,`), `quoteChar` (default `"`) and
 * `escapeChar`; its parser (opencsv) escapes with a backslash when `escapeChar` is absent or `"` (the default of
 * opencsv's writer, which OpenCSVSerde reads as "none given"). Delimited text splits on `field.delim` (else
 * `serialization.format`, default \u0001) and escapes with `escape.delim` when given, each read as a byte
 * (textSeparatorByte).
 */
export function delimitedDialect(table: CatalogTable): DelimitedDialect {
  const params = table.storage.serde.parameters;
  if (tableFormat(table) !== 'csv') {
    const escape = params['escape.delim'];
    return { delim: textFieldDelimiter(table), quote: '', escape: escape === undefined ? '' : textSeparatorByte(table, escape, '\\', 'escape.delim') };
  }
  const first = (v: string | undefined) => (v === undefined || v === '' ? v : String.fromCodePoint(v.codePointAt(0)!));
  const escape = first(params['escapeChar']);
  // (an empty quoteChar: no quoting)
  return { delim: first(params['separatorChar']) || ',', quote: first(params['quoteChar']) ?? '"', escape: !escape || escape === '"' ? '\\' : escape };
}

// ------------------------------------------------------------------------------------------------ splitting

/**
 * The fields of one line as opencsv (OpenCSVSerde's parser) reads them, `columns` of them (missing ones null),
 * following the behaviour Trino's CsvDeserializer reproduces: an empty line is all nulls; in a field, a doubled quote
 * is one quote, the escape character takes a following quote or escape character as it is and is dropped before any
 * other character; a quote in the middle of a field (not among the line's first three characters, not next to a
 * separator) is kept as a character and still opens or closes quoting — unless only white space came before it in
 * the field, which is then dropped; a field still quoted at the end of the line (its closing quote on a later line)
 * is null, and so are the fields after it.
 */
export function opencsvLine(line: string, dialect: DelimitedDialect, columns: number): (string | null)[] {
  const values: (string | null)[] = new Array<string | null>(columns).fill(null);
  if (line.length === 0 || columns === 0) return values;
  const { delim, quote, escape } = dialect;
  let column = 0;
  let quoted = false;
  let inField = false;
  let field = '';
  for (let i = 0; i < line.length && column < columns; i++) {
    const c = line[i]!;
    const next = line[i + 1];
    if (c === escape && escape !== '') {
      if ((quoted || inField) && next !== undefined && (next === quote || next === escape)) {
        field += next;
        i++;
      }
    } else if (c === quote && quote !== '') {
      if ((quoted || inField) && next === quote) {
        field += next;
        i++;
      } else {
        if (i > 2 && line[i - 1] !== delim && next !== undefined && next !== delim) field = field !== '' && field.trim() === '' ? '' : field + c;
        quoted = !quoted;
      }
      inField = !inField;
    } else if (c === delim && !quoted) {
      values[column++] = field;
      field = '';
      inField = false;
    } else {
      field += c;
      inField = true;
    }
  }
  if (column < columns && !quoted) values[column] = field;
  return values;
}

/**
 * The fields of one line as LazySimpleSerDe splits it: on the delimiter, an escape character taking the next
 * character as it is (and dropped from the value); an empty line gives one empty field. `lastTakesRest`:
 * `serialization.last.column.takes.rest`.
 */
export function lazySimpleLine(line: string, dialect: DelimitedDialect, columns: number, lastTakesRest = false): (string | null)[] {
  const values: (string | null)[] = new Array<string | null>(columns).fill(null);
  let column = 0;
  let field = '';
  for (let i = 0; i < line.length && column < columns; i++) {
    const c = line[i]!;
    if (c === dialect.escape && dialect.escape !== '') {
      if (i + 1 < line.length) field += line[++i];
    } else if (c === dialect.delim && !(lastTakesRest && column === columns - 1)) {
      values[column++] = field;
      field = '';
    } else field += c;
  }
  if (column < columns) values[column] = field;
  return values;
}

// ------------------------------------------------------------------------------------------------ file shapes

interface DelimitedShape {
  /** empty lines (DuckDB's reader skips them; the SerDes read each as a row) */
  blank: number;
  /** whether a line holds the quote or the escape character (then the file is split here) */
  special: boolean;
}

/** shapes by path, size, mtime and dialect: a file is scanned once while unchanged */
const shapeCache = new Map<string, { size: number; mtimeMs: number; shape: DelimitedShape }>();

async function delimitedShapes(conn: DuckDBConnection, files: readonly DataFile[], dialect: DelimitedDialect): Promise<DelimitedShape[]> {
  const key = (f: DataFile) => `${f.path}\u0000${dialect.quote}${dialect.escape}`;
  const unknown = files.filter((f) => {
    const known = shapeCache.get(key(f));
    return !(known && known.size === f.size && known.mtimeMs === f.mtimeMs);
  });
  if (unknown.length > 0) {
    const specials = [dialect.quote, dialect.escape].filter((c) => c !== '');
    const special = specials.length > 0 ? specials.map((c) => `contains(line, ${literal(c)})`).join(' OR ') : 'false';
    const scan = (longLines: boolean) =>
      conn.runAndReadAll(
        `SELECT filename, count(*) FILTER (WHERE line IS NULL), coalesce(bool_or(${special}), false) ` +
          `FROM ${rawLines(unknown.map((f) => f.path), { filename: true, longLines })} GROUP BY filename`,
      );
    const reader = await scan(false).catch((e: unknown) => {
      if (/Maximum line size/i.test(String(e))) return scan(true);
      throw e;
    });
    const found = new Map((reader.getRowsJson() as [string, string, boolean][]).map(([file, blank, sp]) => [file, { blank: Number(blank), special: sp }]));
    if (shapeCache.size >= 10_000) shapeCache.clear();
    for (const f of unknown) shapeCache.set(key(f), { size: f.size, mtimeMs: f.mtimeMs, shape: found.get(f.path) ?? { blank: 0, special: false } });
  }
  return files.map((f) => shapeCache.get(key(f))!.shape);
}

/**
 * Splits a file line by line (`split`) into a normalized file DuckDB reads: one JSON object a line, `{"l": line,
 * "v": [fields]}`, in `<cacheDir>/<hash>.jsonl` (the hash of the file's path, size, mtime and the splitting). The
 * first `skip` lines of the file are left out.
 */
async function normalized(file: DataFile, cacheDir: string, how: string, skip: number, split: (line: string) => (string | null)[]): Promise<string> {
  const id = createHash('sha256').update(JSON.stringify([file.path, file.size, file.mtimeMs, how, skip])).digest('hex').slice(0, 32);
  const out = path.join(cacheDir, `${id}.jsonl`);
  if (await fs.stat(out).then(() => true, () => false)) return out;
  const lines: string[] = [];
  let n = 0;
  let rest = '';
  let afterCR = false;
  const take = (line: string) => {
    n++;
    if (n > skip) lines.push(JSON.stringify({ l: n, v: split(line) }));
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of decompressed(file.path)) {
    let text = rest + decoder.decode(chunk as Buffer, { stream: true });
    // a CRLF split across chunks: the LF ends nothing
    if (afterCR && text.startsWith('\n')) text = text.slice(1);
    afterCR = false;
    let at = 0;
    for (;;) {
      const m = /\r\n|\r|\n/g;
      m.lastIndex = at;
      const found = m.exec(text);
      if (!found) break;
      if (found[0] === '\r' && found.index === text.length - 1) {
        // a CR at the end of the chunk: the line ends here, a LF may follow in the next chunk
        take(text.slice(at, found.index));
        at = text.length;
        afterCR = true;
        break;
      }
      take(text.slice(at, found.index));
      at = found.index + found[0].length;
    }
    rest = text.slice(at);
  }
  rest += decoder.decode();
  if (rest !== '') take(rest);
  await fs.mkdir(cacheDir, { recursive: true });
  await writeFileAtomic(out, lines.length > 0 ? `${lines.join('\n')}\n` : '', { fsync: false });
  return out;
}

/**
 * A data file's bytes, decompressed as Hadoop's codecs are chosen (Athena reads them so): by the file name's
 * extension — `.gz` is gzip; zstd (`.zst`), which DuckDB reads by itself but Node cannot decompress, is refused
 * naming the file (the other codecs are refused before: tableSource.ts).
 */
function decompressed(file: string): Readable {
  if (/\.gz$/i.test(file)) return createReadStream(file).pipe(createGunzip());
  if (/\.zst$/i.test(file)) throw new LakehouseError('SqlUnsupported', `zstd-compressed CSV and text files with quotes, escapes or line breaks in fields are not read by the local engine (Athena reads them); gzip (.gz) ones are: ${file}`, { object: file });
  return createReadStream(file);
}

// ------------------------------------------------------------------------------------------------ values

/**
 * A column's SQL from its text `v` (a VARCHAR expression). `where` is SQL giving the text that places a failure
 * (` in file "…"`, ` at line 3 of file "…"`), which diagnose.ts turns into the object and the line.
 */
type Convert = (v: string, column: CatalogColumn, index: number, where: string) => string;

const INTEGER = '^[+-]?[0-9]+$';
const DOUBLE = '^[+-]?(NaN|Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)$';
const BOOLEAN_TRINO = '^(?i)(true|false|t|f|1|0)$';
const INTEGER_RANGE: Record<string, [string, string]> = {
  tinyint: ['-128', '127'],
  smallint: ['-32768', '32767'],
  int: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

function inRange(v: string, name: string): string {
  const [lo, hi] = INTEGER_RANGE[name]!;
  return `TRY_CAST(${v} AS HUGEINT) BETWEEN ${lo} AND ${hi}`;
}

/** The DuckDB type of a Hive type this module reads. */
function nestedOrPrimitive(t: HiveType): string {
  return t.kind === 'array' || t.kind === 'map' || t.kind === 'struct' ? hiveTypeToDuckDb(t) : duckPrimitive(t);
}

/** The DuckDB type of a primitive Hive type this module reads. */
function duckPrimitive(t: HiveType): string {
  if (t.kind === 'decimal') return `DECIMAL(${t.precision},${t.scale})`;
  if (t.kind === 'varchar' || t.kind === 'char') return 'VARCHAR';
  if (t.kind !== 'primitive') return 'VARCHAR';
  return { string: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', smallint: 'SMALLINT', tinyint: 'TINYINT', float: 'FLOAT', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP', binary: 'BLOB' }[t.name];
}

/**
 * OpenCSVSerde: Athena reads every field as text and parses BOOLEAN, BIGINT, INT, DOUBLE, DATE (days since
 * 1970-01-01) and TIMESTAMP (UNIX milliseconds) columns; a value that does not parse fails the query, or is NULL with `use.null.for.invalid.data`.
 */
function opencsvConvert(table: CatalogTable): Convert {
  const nullForInvalid = (table.parameters['use.null.for.invalid.data'] ?? '').trim().toLowerCase() === 'true';
  return (v, column, index, where) => {
    const t = parseHiveType(column.type);
    if (t.kind === 'primitive' && t.name === 'string') return v;
    if (t.kind === 'varchar') return `left(${v}, ${t.length})`;
    let ok: string;
    let value: string;
    if (t.kind === 'primitive' && INTEGER_RANGE[t.name]) {
      ok = `regexp_full_match(${v}, ${literal(INTEGER)}) AND ${inRange(v, t.name)}`;
      value = `CAST(${v} AS ${duckPrimitive(t)})`;
    } else if (t.kind === 'primitive' && (t.name === 'double' || t.name === 'float')) {
      ok = `regexp_full_match(${v}, ${literal(DOUBLE)})`;
      value = `CAST(${v} AS ${duckPrimitive(t)})`;
    } else if (t.kind === 'primitive' && t.name === 'boolean') {
      ok = `regexp_full_match(${v}, ${literal(BOOLEAN_TRINO)})`;
      value = `lower(${v}) IN ('true', 't', '1')`;
    } else if (t.kind === 'primitive' && t.name === 'date') {
      // "recognizes values as dates if the values represent the number of days that elapsed since January 1, 1970
      // … the value 18276 … renders as 2020-01-15" (csv-serde.md); any other text is not a date
      ok = `regexp_full_match(${v}, ${literal(INTEGER)}) AND ${inRange(v, 'int')}`;
      value = `DATE '1970-01-01' + CAST(${v} AS INTEGER)`;
    } else if (t.kind === 'primitive' && t.name === 'timestamp') {
      ok = `regexp_full_match(${v}, ${literal(INTEGER)}) AND ${inRange(v, 'bigint')}`;
      value = `make_timestamp(CAST(${v} AS BIGINT) * 1000)`;
    } else
      throw new LakehouseError(
        'SqlUnsupported',
        `table ${table.database}.${table.name}: column ${column.name} ${column.type} — Athena's OpenCSVSerDe reads string columns and parses BOOLEAN, BIGINT, INT, DOUBLE, DATE (days since 1970-01-01) and TIMESTAMP (UNIX milliseconds) ones; how it reads a ${column.type} column is not known to the local engine: declare it string and CAST it in the query`,
        { object: `${table.database}.${table.name}` },
      );
    const invalid = nullForInvalid
      ? 'NULL'
      : `error(${literal("HIVE_BAD_DATA: Error parsing field value '")} || ${v} || ${literal(`' for field ${index + 1} (column ${column.name} ${column.type})`)} || ${where})`;
    return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${ok} THEN ${value} ELSE ${invalid} END`;
  };
}

/**
 * The separators of LazySimpleSerDe's nesting levels (trinodb/trino lib/trino-hive-formats `TextEncodingOptions`,
 * `NestingLevels.LEGACY`: 8 levels): the field delimiter, `collection.delim` (Hive 1.x's `colelction.delim` too)
 * default \u0002, `mapkey.delim` default \u0003, then \u0004 … \u0008. A value that parses as a byte is that
 * byte (`'2'` is \u0002, as Trino's `getByte` reads it), otherwise its first character.
 */
export function nestingSeparators(table: CatalogTable, fieldDelim: string): string[] {
  const params = table.storage.serde.parameters;
  const byte = (value: string | undefined, fallback: string, key: string): string => {
    if (value === undefined || value === '') return fallback;
    const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
    const c = n >= -128 && n <= 127 ? String.fromCharCode(n & 0xff) : value.charAt(0);
    if (c.charCodeAt(0) > 127 || c === '\n' || c === '\r')
      throw new LakehouseError('SqlUnsupported', `table ${table.database}.${table.name}: ${key} ${JSON.stringify(value)} — a separator of arrays, maps or structs that is not a one-byte character other than a line break is not read by the local engine (Athena compares bytes)`, { object: `${table.database}.${table.name}` });
    return c;
  };
  return [fieldDelim, byte(params['collection.delim'] ?? params['colelction.delim'], '\u0002', 'collection.delim'), byte(params['mapkey.delim'], '\u0003', 'mapkey.delim'), '\u0004', '\u0005', '\u0006', '\u0007', '\u0008'];
}

const charSql = (c: string) => (c.charCodeAt(0) < 32 ? `chr(${c.charCodeAt(0)})` : literal(c));

/**
 * LazySimpleSerDe: a field that does not parse as its column's type is NULL; `\N` (serialization.null.format) is NULL.
 * Arrays, maps and structs are read as Trino's text encodings read them (trinodb/trino lib/trino-hive-formats
 * `encodings/text/` ListEncoding, MapEncoding, StructEncoding, TextColumnEncodingFactory): a value at nesting depth d
 * splits on separator d+1 (a map's key from its value on the first separator d+2); an element, key, value or field
 * equal to the null format is NULL; an empty array or map text is an empty array or map; a map entry without a key
 * separator has a NULL value, one whose key is NULL (or does not parse) is left out, and of a key given twice the
 * first entry is kept (DistinctMapKeys, `userLastEntry` false); a struct takes its fields by position (missing ones
 * NULL, extra ones ignored; `serialization.last.column.takes.rest` gives the last field the rest).
 */
function lazySimpleConvert(table: CatalogTable, dialect: DelimitedDialect, nullFormat: string, lastTakesRest: boolean): Convert {
  const refuse = (column: CatalogColumn, why: string) => new LakehouseError('SqlUnsupported', `table ${table.database}.${table.name}: column ${column.name} ${column.type} — ${why}`, { object: `${table.database}.${table.name}` });
  let separators: string[] | undefined;
  const nullable = (x: string) => `CASE WHEN ${x} = ${literal(nullFormat)} THEN NULL ELSE ${x} END`;
  const value = (v: string, t: HiveType, depth: number, column: CatalogColumn, where: string): string => {
    if (t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct') return primitive(v, t, column, where);
    if (dialect.escape !== '') throw refuse(column, `an array, map or struct column of a table with 'escape.delim' (ESCAPED BY) is not supported by the local engine (Athena reads it)`);
    separators ??= nestingSeparators(table, dialect.delim);
    const levels = t.kind === 'map' ? 2 : 1;
    if (depth + levels >= separators.length) throw refuse(column, `a type nested deeper than LazySimpleSerDe's 8 levels (Athena needs 'hive.serialization.extend.nesting.levels' for it) is not supported by the local engine`);
    const sep = charSql(separators[depth + 1]!);
    const d = depth + 1;
    const duck = hiveTypeToDuckDb(t);
    if (t.kind === 'array') {
      const element = value(nullable(`__e${d}`), t.element, depth + 1, column, where);
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} = '' THEN CAST([] AS ${duck}) ELSE list_transform(string_split(${v}, ${sep}), lambda __e${d}: ${element}) END`;
    }
    if (t.kind === 'map') {
      const kv = charSql(separators[depth + 2]!);
      const e = `__e${d}`;
      const at = `strpos(${e}, ${kv})`;
      const key = value(nullable(`CASE WHEN ${at} > 0 THEN left(${e}, ${at} - 1) ELSE ${e} END`), t.key, depth + 2, column, where);
      const val = value(nullable(`CASE WHEN ${at} > 0 THEN substring(${e}, ${at} + 1) END`), t.value, depth + 2, column, where);
      const entries = `list_filter(list_transform(string_split(${v}, ${sep}), lambda ${e}: struct_pack(k := ${key}, v := ${val})), lambda __x${d}: __x${d}.k IS NOT NULL)`;
      // of a key given twice, the first entry
      const distinct = `list_filter(__es${d}, lambda __x${d}, __i${d}: list_position(list_transform(__es${d}, lambda __y${d}: __y${d}.k), __x${d}.k) = __i${d})`;
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} = '' THEN CAST(MAP {} AS ${duck}) ELSE CAST(list_transform([${entries}], lambda __es${d}: map_from_entries(${distinct}))[1] AS ${duck}) END`;
    }
    const parts = `__p${d}`;
    const n = t.fields.length;
    const fields = t.fields.map((f, i) => {
      const text = lastTakesRest && i === n - 1 && n > 0 ? `CASE WHEN len(${parts}) >= ${n} THEN array_to_string(${parts}[${n}:], ${sep}) END` : `${parts}[${i + 1}]`;
      return `${ident(f.name)} := ${value(nullable(text), f.type, depth + 1, column, where)}`;
    });
    return `CASE WHEN ${v} IS NULL THEN NULL ELSE CAST(list_transform([string_split(${v}, ${sep})], lambda ${parts}: struct_pack(${fields.join(', ')}))[1] AS ${duck}) END`;
  };
  const primitive = (v: string, t: HiveType, column: CatalogColumn, where: string): string => {
    if (t.kind === 'primitive' && t.name === 'string') return v;
    if (t.kind === 'varchar') return `left(${v}, ${t.length})`;
    let ok: string;
    let value = `CAST(${v} AS ${duckPrimitive(t)})`;
    if (t.kind === 'primitive' && INTEGER_RANGE[t.name]) {
      // Hive's LazyInteger/LazyLong: digits with a sign; a value beyond the type's range is NULL. A decimal point is
      // read differently by Hive's and Trino's readers: refused below
      ok = `regexp_full_match(${v}, ${literal(INTEGER)}) AND ${inRange(v, t.name)}`;
      const decimal = `regexp_full_match(${v}, '^[+-]?[0-9]+[.][0-9]*$')`;
      return `CASE WHEN ${ok} THEN ${value} WHEN ${decimal} THEN error(${literal("a number with a decimal point, '")} || ${v} || ${literal(`', in ${column.type} column ${column.name}: not read by the local engine (Hive's reader truncates it, Trino's does not)`)} || ${where}) END`;
    }
    if (t.kind === 'primitive' && (t.name === 'double' || t.name === 'float')) ok = `regexp_full_match(trim(${v}), '^[+-]?(NaN|Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)[fFdD]?$')`;
    else if (t.kind === 'primitive' && t.name === 'boolean') {
      ok = `lower(${v}) IN ('true', 'false')`;
      value = `lower(${v}) = 'true'`;
    } else if (t.kind === 'primitive' && t.name === 'date') ok = `regexp_full_match(${v}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') AND TRY_CAST(${v} AS DATE) IS NOT NULL`;
    else if (t.kind === 'primitive' && t.name === 'timestamp') return textTimestampSql(v);
    else if (t.kind === 'decimal') ok = `regexp_full_match(${v}, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$') AND TRY_CAST(${v} AS ${duckPrimitive(t)}) IS NOT NULL`;
    else throw refuse(column, `the local engine reads delimited text into string, number, boolean, date, timestamp and decimal values and arrays, maps and structs of them, not ${formatHiveType(t)}`);
    return `CASE WHEN ${ok} THEN ${value} END`;
  };
  return (v, column, _index, where) => value(v, parseHiveType(column.type), 0, column, where);
}

// ------------------------------------------------------------------------------------------------ reading

export interface DelimitedContext {
  conn: DuckDBConnection;
  /** where files split here are kept (`<data>/cache/delimited`) */
  cacheDir: string;
  /** a column to add holding each row's file (for the hidden columns `"$path"`…) */
  fileColumn?: string;
}

/** DuckDB's reader takes a string as NULL: one no data holds (it may hold no separator, control characters included) */
const NO_NULL = '__lakehouse_no_null_7f3a9c1e__';

/** The SELECTs reading a CSV or delimited text table's files as its columns. */
export async function readDelimited(table: CatalogTable, files: DataFile[], ctx: DelimitedContext): Promise<string[]> {
  const csv = tableFormat(table) === 'csv';
  const params = table.storage.serde.parameters;
  const dialect = delimitedDialect(table);
  const columns = table.storage.columns;
  const skip = Number(table.parameters['skip.header.line.count'] ?? '0') || 0;
  const nullFormat = csv ? undefined : (params['serialization.null.format'] ?? '\\N');
  const lastTakesRest = (params['serialization.last.column.takes.rest'] ?? '').toLowerCase() === 'true';
  const convert = csv ? opencsvConvert(table) : lazySimpleConvert(table, dialect, nullFormat ?? '\\N', lastTakesRest);
  // a field's value: NULL for the null format (delimited text)
  const text = (v: string) => (nullFormat === undefined ? v : `CASE WHEN ${v} = ${literal(nullFormat)} THEN NULL ELSE ${v} END`);
  const shapes = await delimitedShapes(ctx.conn, files, dialect);
  // `serialization.last.column.takes.rest`: DuckDB would split the last column's text, so every file is split here
  const byDuckDb = lastTakesRest ? [] : files.filter((_, i) => !shapes[i]!.special);
  const byHere = lastTakesRest ? files : files.filter((_, i) => shapes[i]!.special);
  const out: string[] = [];
  if (byDuckDb.length > 0) {
    const readColumns = columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`);
    const delimText = dialect.delim.charCodeAt(0) < 32 ? `chr(${dialect.delim.charCodeAt(0)})` : literal(dialect.delim);
    const where = `${literal(' in file "')} || filename || '"'`;
    const select = columns.map((c, i) => `${convert(text(ident(`c${i}`)), c, i, where)} AS ${ident(c.name)}`);
    if (ctx.fileColumn !== undefined) select.push(`filename AS ${ident(ctx.fileColumn)}`);
    // quoting off: DuckDB splits on the separator alone, as the SerDes split a line without quote or escape
    // characters; no string is NULL to it (the empty field is the empty string)
    out.push(
      `SELECT ${select.join(', ')} FROM read_csv(${listLiteral(byDuckDb.map((f) => f.path))}, columns={${readColumns.join(', ')}}, ` +
        `delim=${delimText}, quote='', escape='', header=false, skip=${skip}, auto_detect=false, null_padding=true, strict_mode=false, ` +
        `nullstr=${literal(NO_NULL)}, filename=true)`,
    );
    // DuckDB skips empty lines: each is a row (all NULL to OpenCSVSerde; one empty first field to LazySimpleSerDe)
    const row = columns.map((c, i) => `${i === 0 && !csv ? convert(text("''"), c, i, "''") : `CAST(NULL AS ${nestedOrPrimitive(parseHiveType(c.type))})`} AS ${ident(c.name)}`);
    files.forEach((f, i) => {
      const blank = byDuckDb.includes(f) ? shapes[i]!.blank : 0;
      if (blank > 0) out.push(`SELECT ${[...row, ...(ctx.fileColumn !== undefined ? [`${literal(f.path)} AS ${ident(ctx.fileColumn)}`] : [])].join(', ')} FROM range(${blank})`);
    });
  }
  const split = (line: string) => (csv ? opencsvLine(line, dialect, columns.length) : lazySimpleLine(line, dialect, columns.length, lastTakesRest));
  const how = JSON.stringify([csv ? 'opencsv' : 'lazysimple', dialect, columns.length, lastTakesRest]);
  for (const f of byHere) {
    const norm = await normalized(f, ctx.cacheDir, how, skip, split);
    const where = `${literal(' at line ')} || l || ${literal(` of file "${f.path}"`)}`;
    const select = columns.map((c, i) => `${convert(text(`v[${i + 1}]`), c, i, where)} AS ${ident(c.name)}`);
    if (ctx.fileColumn !== undefined) select.push(`${literal(f.path)} AS ${ident(ctx.fileColumn)}`);
    out.push(`SELECT ${select.join(', ')} FROM read_json(${literal(norm)}, format='newline_delimited', columns={l: 'BIGINT', v: 'VARCHAR[]'})`);
  }
  return out;
}
