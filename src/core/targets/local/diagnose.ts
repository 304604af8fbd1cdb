/**
 * When DuckDB fails on a data file it names the file but not always the right line (for newline-delimited JSON
 * its line numbers can be off by one). The user needs the object and the line: read the file named in the error
 * and find the first line that is not JSON, or whose value for a column is of the wrong type.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogTable } from '../../model';
import { tableFormat } from '../../sql/ddl';
import { formatHiveType, parseHiveType, type HiveType } from '../../sql/types';
import { jsonCaseInsensitive, jsonIgnoresMalformed, jsonSerdeKind, lenientlyReadable } from './jsonSerde';
import { serdeScalarProblem, type JsonSerdeKind } from './jsonScalars';
import { delimitedDialect } from './csvSerde';
import type { TableSource } from './tableSource';

/** A LakehouseError naming the object and line, or undefined when the message is not about a data file. */
export async function diagnoseDataError(
  message: string,
  tables: readonly CatalogTable[],
  sources: readonly TableSource[],
  locationOf: (file: string) => string,
): Promise<LakehouseError | undefined> {
  const at = (where: string, found: BadLine, tableName: string) =>
    new LakehouseError('DataError', `${where} line ${found.line}: ${found.problem} (table ${tableName})`, { file: where, line: found.line, object: tableName });
  // DuckDB reads a JSON line of up to twice its maximum_object_size (16 MiB by default; a larger setting makes
  // every JSON read slower: its buffers grow with it, and a big file is parsed by fewer threads)
  const big = /"maximum_object_size" of \d+ bytes exceeded while reading file "([^"]+)"(?: \(>(\d+) bytes\))?/.exec(message);
  if (big) {
    const where = locationOf(big[1]!);
    const table = tableOf(big[1]!, tables, sources, locationOf);
    const limit = big[2] !== undefined ? ` (${Math.round(Number(big[2]) / 1048576)} MiB)` : '';
    const tableName = table ? `${table.database}.${table.name}` : undefined;
    return new LakehouseError('DataError', `${where}: a JSON line is longer than the local engine reads${limit}${tableName ? ` (table ${tableName})` : ''}`, {
      file: where,
      ...(tableName ? { object: tableName } : {}),
    });
  }
  // DuckDB's CSV reader: a message of 20 lines naming the local file, the record (not the line) and its settings
  const csvError = /CSV Error on Line: (\d+)/.exec(message);
  const csvFile = /^ *file = (.+)$/m.exec(message);
  if (csvError && csvFile) {
    const file = csvFile[1]!;
    const where = locationOf(file);
    const table = tableOf(file, tables, sources, locationOf);
    const tableName = table ? `${table.database}.${table.name}` : undefined;
    if (table && tableFormat(table) === 'json') {
      // a JSON table's lines are read as text (jsonKeys.ts): the JSON reader's own account of the line
      const found = await firstBadJsonLine(file, table);
      if (found) return at(where, found, tableName!);
    }
    // DuckDB counts records over every file it reads: for a fault it names, the file's own line is found here
    const record = Number(csvError[1]);
    const long = /Maximum line size of (\d+) bytes exceeded/.exec(message);
    // (only the store's objects are read: a message naming another file gets the record number)
    if (/Invalid unicode/i.test(message) && where.startsWith('s3://')) {
      const bad = await firstNonUtf8(file);
      if (bad)
        return new LakehouseError('DataError', `${where} line ${bad.line}: ${notUtf8Text(bad)}${tableName ? ` (table ${tableName})` : ''}`, {
          file: where,
          line: bad.line,
          ...(tableName ? { object: tableName } : {}),
        });
    }
    const line =
      (!where.startsWith('s3://')
        ? undefined
        : long
          ? await firstLineWhere(file, (bytes) => bytes.length > Number(long[1]))
          : undefined) ?? record;
    return new LakehouseError('DataError', `${where} line ${line}: ${csvProblem(message)}${tableName ? ` (table ${tableName})` : ''}`, {
      file: where,
      line,
      ...(tableName ? { object: tableName } : {}),
    });
  }
  // a CSV or text value the table's SerDe does not parse (csvSerde.ts): at a line of a file split here, or in a
  // file DuckDB split (the line found by its value)
  const badValue = /(.*) at line (\d+) of file "([^"]+)"$/s.exec(message) ?? /(.*Error parsing field value '(.*)' for field (\d+) .*?) in file "([^"]+)"$/s.exec(message);
  if (badValue && /HIVE_BAD_DATA|not read by the local engine/.test(message)) {
    const known = badValue.length === 4;
    const file = known ? badValue[3]! : badValue[4]!;
    const table = tableOf(file, tables, sources, locationOf);
    const what = badValue[1]!.replace(/^[A-Za-z ]+ Error: /, '');
    const line = known ? Number(badValue[2]) : table ? await lineOfField(file, table, Number(badValue[3]) - 1, badValue[2]!) : undefined;
    const where = locationOf(file);
    const tableName = table ? ` (table ${table.database}.${table.name})` : '';
    return new LakehouseError('DataError', `${where}${line !== undefined ? ` line ${line}` : ''}: ${what}${tableName}`, {
      file: where,
      ...(line !== undefined ? { line } : {}),
      ...(table ? { object: `${table.database}.${table.name}` } : {}),
    });
  }
  const m = /in file "([^"]+)"/.exec(message);
  if (!m) {
    // a CAST of a JSON value (files read line by line) fails without naming the file (a Conversion Error: "Failed to
    // cast…", "Expected OBJECT, but got…"): find the value in the files
    if (!/cast|conver/i.test(message)) return undefined;
    for (let i = 0; i < sources.length; i++) {
      const table = tables[i];
      if (!table || tableFormat(table) !== 'json') continue;
      for (const f of sources[i]!.files) {
        // the line whose value the message quotes: an earlier line bad in a column the query does not read is not it
        const found = await firstBadJsonLine(f.path, table, (value) => quotes(message, value));
        if (found?.value !== undefined) return at(locationOf(f.path), found, `${table.database}.${table.name}`);
      }
    }
    return undefined;
  }
  const file = m[1]!;
  const table = tableOf(file, tables, sources, locationOf);
  const where = locationOf(file);
  const tableName = table ? `${table.database}.${table.name}` : undefined;
  if (table && tableFormat(table) === 'json') {
    const found = await firstBadJsonLine(file, table);
    if (found) return at(where, found, tableName!);
  }
  const reason = message
    .replace(/^[A-Za-z ]+ Error: /, '')
    .replace(/\nTry setting[^]*$/, '')
    .replace(`"${file}"`, where)
    .trim();
  return new LakehouseError('DataError', `${reason}${tableName ? ` (table ${tableName})` : ''}`, { file: where, ...(tableName ? { object: tableName } : {}) });
}

/**
 * A failure reading JSON files that no catalog table declares (a job's `from_options` S3 source): DuckDB names the
 * file on disk and a line that can be off by one. Names the object and the first line of that file that is not a
 * JSON object, as diagnoseDataError does for a table; undefined when the message names none of `files`.
 */
export async function diagnoseJsonFileError(message: string, files: readonly string[], locationOf: (file: string) => string, readBy: string): Promise<LakehouseError | undefined> {
  const file = /in file "([^"]+)"/.exec(message)?.[1];
  if (file === undefined || !files.includes(file)) return undefined;
  const where = locationOf(file);
  const found = await firstBadJsonLine(file);
  if (found) return new LakehouseError('DataError', `${where} line ${found.line}: ${found.problem} (${readBy})`, { file: where, line: found.line });
  const reason = message
    .replace(/^[A-Za-z ]+ Error: /, '')
    .replace(/\nTry setting[^]*$/, '')
    .replace(`"${file}"`, where)
    .trim();
  return new LakehouseError('DataError', `${reason} (${readBy})`, { file: where });
}

/**
 * Whether an error message quotes a value (JSON text): as written, or — a number — any number in the message equal to
 * it (DuckDB quotes `99999999999999999999` as the file writes it, JavaScript's JSON text of it is `100000000000000000000`).
 */
function quotes(message: string, value: string): boolean {
  if (message.includes(value)) return true;
  if (!/^-?[0-9]/.test(value)) return false;
  const n = Number(value);
  return (message.match(/-?[0-9]+(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?/g) ?? []).some((m) => Number(m) === n);
}

/**
 * The table that reads `file`: the one whose source lists it, or the only table given (its files not listed yet).
 * None for a file outside the object store: a message can quote data (a value DuckDB could not convert), and a file
 * named there must never be read to find its line (it would be read, and quoted, from outside the project).
 */
function tableOf(file: string, tables: readonly CatalogTable[], sources: readonly TableSource[], locationOf: (file: string) => string): CatalogTable | undefined {
  if (!locationOf(file).startsWith('s3://')) return undefined;
  const index = sources.findIndex((s) => s.files.some((f) => f.path === file));
  return index >= 0 ? tables[index] : tables.length === 1 && sources.length === 0 ? tables[0] : undefined;
}

interface BadLine {
  line: number;
  problem: string;
  /** the wrong-typed value as JSON text */
  value?: string;
}

/**
 * The first line of a file that its reader fails on. Given a table, as its JSON SerDe reads lines (jsonSerde.ts): a
 * blank line or one not starting with `{` or `[` is a row of NULLs, not a fault; a line starting so that is not JSON,
 * an object with a key twice (but for case, with `case.insensitive`), a value of the wrong type for its column are
 * faults (not with `ignore.malformed.json`, which reads them as NULLs), and so is a JSON array line (not supported
 * here). Without a table (Spark's reader of a job's S3 source), any line that is not a JSON object is a fault.
 */
async function firstBadJsonLine(file: string, table?: CatalogTable, quoted?: (value: string) => boolean): Promise<BadLine | undefined> {
  const columns = new Map<string, CatalogColumn>((table?.storage.columns ?? []).map((c) => [c.name.toLowerCase(), c]));
  const lenient = table !== undefined && jsonIgnoresMalformed(table);
  const ci = table === undefined || jsonCaseInsensitive(table);
  const serde = table === undefined ? 'openx' : jsonSerdeKind(table);
  // lines as bytes, decoded strictly: a byte that is not UTF-8 is the line's fault (decoding the stream as text
  // would turn it into U+FFFD and find nothing, and DuckDB's own message can name the next line)
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let n = 0;
  for await (const bytes of fileLines(file)) {
    n++;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      // the lines before decoded: the file's first byte that is not UTF-8 is on this one
      const bad = await firstNonUtf8(file);
      return { line: n, problem: bad ? notUtf8Text(bad, 'json') : 'the object is not UTF-8 text: not supported by the local engine; write the object as UTF-8' };
    }
    // the first character after what Java's String.trim() takes off (code points up to U+0020), as the SerDe looks
    let lead = 0;
    while (lead < text.length && text.charCodeAt(lead) <= 0x20) lead++;
    const first = text[lead];
    if (table !== undefined && first !== '{' && first !== '[') continue;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // looking for a value the message quotes: a line that is no JSON is another failure
      if (quoted !== undefined) continue;
      if (lenient && !lenientlyReadable(text.trim())) continue;
      if (lenient)
        return {
          line: n,
          problem: `the line is not JSON, but Athena's lenient JSON parser may read it (unquoted keys, single quotes, text after the object): the local engine cannot read it, and ignore.malformed.json would make it a row of NULLs here — fix the line (${(e as Error).message})`,
        };
      if (table === undefined && (await wholeFileIsOneJsonValue(file)))
        return {
          line: n,
          problem:
            "the file is one JSON value written over several lines (a pretty-printed object, or an array of records), which the local engine reads a line at a time: not supported by the local engine — which records Glue's and Spark's JSON readers make of it is not reproduced here (the Glue guide's FlatMap class page reads an array of three records and shows two); write one JSON object a line (JSON Lines)",
        };
      // the OpenX SerDe's way out (Athena User Guide, parsing-JSON.md: "Provide an option to ignore malformed records")
      const way = table !== undefined && serde === 'openx' ? ": fix the line, or read it as a row of NULLs with WITH SERDEPROPERTIES ('ignore.malformed.json'='true') in the table's DDL" : '';
      return { line: n, problem: `malformed JSON: ${(e as Error).message}${way}` };
    }
    if (quoted !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) continue;
    if (table !== undefined && Array.isArray(value))
      return { line: n, problem: "the line is a JSON array, which Athena's JSON SerDe reads as the columns in order: not supported by the local engine" };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line: n, problem: 'the line is not a JSON object' };
    if (table !== undefined && !lenient && quoted === undefined) {
      const twice = duplicateKey(text, ci);
      if (twice !== undefined) return { line: n, problem: `malformed JSON: Duplicate key "${ci ? twice.toLowerCase() : twice}" (Athena's JSON SerDe does not allow a key twice${ci ? ', whatever its case' : ''})` };
    }
    if (lenient) continue;
    for (const [key, v] of Object.entries(value)) {
      const col = columns.get(key.toLowerCase());
      if (!col || v === null) continue;
      const bad = valueProblem(v, parseHiveType(col.type), key, serde);
      if (bad && (quoted === undefined || quoted(JSON.stringify(bad.value))))
        return { line: n, problem: `field "${bad.field}" ${bad.problem} (column ${col.name} ${col.type})`, value: JSON.stringify(bad.value) };
    }
  }
  return undefined;
}

/**
 * The first top-level key of a JSON object's text (valid JSON) that an earlier key repeats — exactly, or `ci` but for
 * case. JSON.parse keeps the last value of a repeated key without a word: the text is scanned for them.
 */
export function duplicateKey(text: string, ci: boolean): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const k = ci ? key.toLowerCase() : key;
        if (seen.has(k)) return key;
        seen.add(k);
        expectKey = false;
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 1) expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 1) expectKey = true;
  }
  return undefined;
}

/** The lines of a file as bytes, without their line break (LF or CRLF). */
/** whether the whole file (up to 64 MiB) is one JSON value: a document spread over lines, not a malformed line */
async function wholeFileIsOneJsonValue(file: string): Promise<boolean> {
  const size = (await fsp.stat(file)).size;
  if (size > 64 * 1024 * 1024) return false;
  try {
    JSON.parse(await fsp.readFile(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

async function* fileLines(file: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let at: number;
    while ((at = data.indexOf(0x0a)) >= 0) {
      yield data.subarray(0, at > 0 && data[at - 1] === 0x0d ? at - 1 : at);
      data = data.subarray(at + 1);
    }
    rest = data;
  }
  if (rest.length > 0) yield rest;
}

/**
 * The first value inside `v` (itself included) that does not fit `type`, with its path (`address.geo.lat`,
 * `items[2].qty`). Nested keys match struct fields by their exact spelling, as the engine reads them; absent keys
 * and nulls fit any type.
 */
function valueProblem(v: unknown, type: HiveType, field: string, serde: JsonSerdeKind): { field: string; problem: string; value: unknown } | undefined {
  const problem =
    type.kind === 'primitive' && ['boolean', 'date', 'timestamp'].includes(type.name)
      ? serdeScalarProblem(v, type.name, serde)
      : serde === 'hive' && type.kind === 'primitive' && ['tinyint', 'smallint', 'int', 'bigint'].includes(type.name) && typeof v === 'string'
        ? `is ${JSON.stringify(v).slice(0, 60)}, a string: the Hive JSON SerDe reads only numbers into ${type.name === 'int' ? 'an int' : `a ${type.name}`}`
        : serde === 'openx' && type.kind === 'primitive' && type.name === 'binary'
          ? base64Problem(v)
          : typeProblem(v, formatHiveType(type));
  if (problem) return { field, problem, value: v };
  if (type.kind === 'struct') {
    for (const f of type.fields) {
      const child = (v as Record<string, unknown>)[f.name];
      const bad = child !== undefined && child !== null ? valueProblem(child, f.type, `${field}.${f.name}`, serde) : undefined;
      if (bad) return bad;
    }
  } else if (type.kind === 'array') {
    for (const [i, child] of (v as unknown[]).entries()) {
      const bad = child !== null ? valueProblem(child, type.element, `${field}[${i}]`, serde) : undefined;
      if (bad) return bad;
    }
  } else if (type.kind === 'map') {
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const bad = child !== null ? valueProblem(child, type.value, `${field}.${k}`, serde) : undefined;
      if (bad) return bad;
    }
  }
  return undefined;
}

/** OpenX reads a varbinary from a string of Base64 (java.util.Base64's basic decoder: padding may be left out) */
function base64Problem(v: unknown): string | undefined {
  const shown = JSON.stringify(v).slice(0, 60);
  if (typeof v !== 'string') return `is ${shown}, not a string of Base64 (the OpenX JSON SerDe reads a binary from Base64)`;
  return /^[A-Za-z0-9+/]*$/.test(v.replace(/={1,2}$/, '')) && v.replace(/={1,2}$/, '').length % 4 !== 1 && (!v.endsWith('=') || v.length % 4 === 0)
    ? undefined
    : `is ${shown}, not Base64 (the OpenX JSON SerDe reads a binary from Base64)`;
}

function typeProblem(v: unknown, hiveType: string): string | undefined {
  const t = hiveType.toLowerCase().replace(/\(.*$/, '').trim();
  const shown = JSON.stringify(v).slice(0, 60);
  const aType = `${/^[aeiou]/i.test(hiveType) ? 'an' : 'a'} ${hiveType}`;
  const numeric = (integral: boolean, bits = 64) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) return `is ${shown}, not ${aType}`;
    // a number with a fraction is read truncated (jsonSerde.ts jsonToType); a string must be an integer's text
    if (integral && typeof v === 'string' && !Number.isInteger(n)) return `is ${shown}, not an integer`;
    if (integral && Math.abs(Math.trunc(n)) >= 2 ** (bits - 1)) return `is ${shown}, out of the range of ${aType}`;
    return undefined;
  };
  switch (t) {
    case 'tinyint':
      return numeric(true, 8);
    case 'smallint':
      return numeric(true, 16);
    case 'int':
    case 'integer':
      return numeric(true, 32);
    case 'bigint':
      return numeric(true);
    case 'float':
    case 'double':
    case 'decimal':
      return numeric(false);
    default:
      if (t.startsWith('array')) return Array.isArray(v) ? undefined : `is ${shown}, not an array`;
      if (t.startsWith('struct') || t.startsWith('map')) return typeof v === 'object' && !Array.isArray(v) ? undefined : `is ${shown}, not an object`;
      return undefined;
  }
}

/** What a DuckDB CSV error says is wrong, in a few words (not its advice, its settings or the line's text). */
function csvProblem(message: string): string {
  if (/Invalid unicode/i.test(message)) return 'the object is not UTF-8 text';
  const long = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (long) return `a record is longer than the local engine reads (${long[1]} bytes)`;
  const said = message
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^(Original Line:|Possible Solution:|file = )/.test(l) && !/^[a-z_]+ = /.test(l));
  return said?.replace(/\.$/, '') ?? 'the CSV cannot be read';
}

/** Where a file's bytes first stop being UTF-8: its line (1-based), the byte's offset in the file (0-based) and the byte. */
export async function firstNonUtf8(file: string): Promise<NonUtf8 | undefined> {
  // a .gz object is read as its text, as DuckDB and Athena read it (offsets in that text); another codec is not looked into
  const gz = /\.gz$/i.test(file);
  if (!gz && /\.(zst|bz2|snappy|lz4|deflate|lzo|br)$/i.test(file)) return undefined;
  let n = 0;
  let start = 0;
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of gz ? createReadStream(file).pipe(createGunzip()) : createReadStream(file)) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let at: number;
    while ((at = data.indexOf(0x0a)) >= 0) {
      n++;
      const i = invalidUtf8At(data, 0, at);
      if (i >= 0) return { line: n, offset: start + i, byte: data[i]!, ...(gz ? { decompressed: true } : {}) };
      start += at + 1;
      data = data.subarray(at + 1);
    }
    rest = data;
  }
  if (rest.length > 0) {
    const i = invalidUtf8At(rest, 0, rest.length);
    if (i >= 0) return { line: n + 1, offset: start + i, byte: rest[i]!, ...(gz ? { decompressed: true } : {}) };
  }
  return undefined;
}

export interface NonUtf8 {
  line: number;
  /** in the object's bytes, or in its decompressed text (`decompressed`) */
  offset: number;
  byte: number;
  decompressed?: true;
}

/**
 * What the local engine says of a text object that is not UTF-8. Athena's engine (Trino) reads a text file's bytes
 * into a varchar as they are (trinodb/trino lib/trino-hive-formats …/encodings/text/StringEncoding.java writes the
 * field's slice unchecked) and has no property naming another encoding (trinodb/trino#8139, "Add hive table property
 * csv_encoding", open: "The connector defaults to utf-8 encoding"); DuckDB holds only UTF-8 text, so the table is
 * refused rather than read with other characters.
 */
export function notUtf8Text(bad: NonUtf8, format: 'text' | 'json' = 'text'): string {
  const hex = bad.byte.toString(16).toUpperCase().padStart(2, '0');
  const athena = format === 'text' ? 'Athena reads its bytes into the column as they are, which the local engine cannot — ' : '';
  return `the object is not UTF-8 text (byte 0x${hex} at offset ${bad.offset}${bad.decompressed ? ' of its decompressed text' : ''}): ${athena}not supported by the local engine; write the object as UTF-8`;
}

/**
 * The index of the first byte in bytes[from, to) that is not part of a well-formed UTF-8 sequence (as a strict
 * decoder reads it: no overlong forms, no surrogates, nothing past U+10FFFF), or -1.
 */
export function invalidUtf8At(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < to ? bytes[i + k]! : -1;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The first line (1-based) of a file whose bytes satisfy `test`. */
async function firstLineWhere(file: string, test: (bytes: Buffer) => boolean): Promise<number | undefined> {
  let n = 0;
  for await (const bytes of fileLines(file)) {
    n++;
    if (test(bytes)) return n;
  }
  return undefined;
}

/**
 * The line of a delimited file (one without quote or escape characters: split by DuckDB) whose field `index` is
 * `value`, after the table's header lines.
 */
async function lineOfField(file: string, table: CatalogTable, index: number, value: string): Promise<number | undefined> {
  const { delim } = delimitedDialect(table);
  const skip = Number(table.parameters['skip.header.line.count'] ?? '0') || 0;
  let n = 0;
  for await (const bytes of fileLines(file)) {
    n++;
    if (n <= skip || bytes.length === 0) continue;
    if ((bytes.toString('utf8').split(delim)[index] ?? null) === value) return n;
  }
  return undefined;
}
