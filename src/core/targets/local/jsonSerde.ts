/**
 * Reading a JSON table's files as Athena's JSON SerDes read them (org.openx.data.jsonserde.JsonSerDe, and
 * org.apache.hive.hcatalog.data.JsonSerDe), on DuckDB. The rules, from AWS's SerDe pages and the SerDes' own code
 * (rcongiu/Hive-JSON-Serde `JsonSerDe.deserialize`; Trino's reimplementation, trino-hive-formats `openxjson/README.md`):
 * - every line of a file is a row: a blank line, or one whose first character (after white space) is not `{` or
 *   `[`, is a row of NULLs;
 * - a line starting with `{` or `[` that is not JSON fails the query, or with `ignore.malformed.json` = TRUE is a
 *   row of NULLs; an object with a key twice fails the same way ("the OpenX JSON SerDe does not allow duplicate
 *   keys": `HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: Duplicate key "url"`) — with
 *   `case.insensitive` (the default) keys equal but for case are the same key;
 * - keys match columns case-insensitively (`case.insensitive`, default TRUE), at every depth (struct fields too),
 *   or else exactly, the column's lower-case name; `mapping.<column>` names the key a column reads; with
 *   `dots.in.keys` a key `a.b` fills the column `a_b` when no key matches exactly;
 * - absent keys and JSON null are NULL, extra keys are ignored; a value of the wrong type fails the query (naming
 *   the object, the line and the field: diagnose.ts), or with `ignore.malformed.json` is NULL.
 * A line that is a JSON array (read by position by the SerDe) is refused by name. A file with a line the SerDe fails
 * on fails every query reading the table, before it runs (Athena fails the queries that decode that line; a count
 * may not decode it).
 *
 * Most files are plain — one object a line, each column spelt one way — and are read by DuckDB's JSON reader with
 * the spellings their key scan found (jsonKeys.ts). The others (blank or irregular lines, a column spelt two ways,
 * a table that ignores malformed JSON) are read line by line.
 */
import type { CatalogTable } from '../../model';
import { LakehouseError } from '../../errors';
import { promises as fs } from 'node:fs';
import { hiveTypeToDuckDb, parseHiveType, type HiveType } from '../../sql/types';
import { ident, listLiteral, literal } from './duck';
import { rawLines, type DataFile, type JsonFileShape } from './jsonKeys';
import { SERDE_SCALARS, serdeScalarSql, type JsonSerdeKind } from './jsonScalars';
import { SERDE } from '../../sql/ddl';
import type { SourceContext } from './tableSource';

/** Lines of one object that the table reads as rows of NULLs: blank, not a JSON object, or malformed (ignored). */
export interface NullRowLines {
  /** the file on disk */
  file: string;
  lines: number;
  /** `db.table` */
  table: string;
}

function serdeFlag(table: CatalogTable, name: string, byDefault: boolean): boolean {
  const v = table.storage.serde.parameters[name];
  return v === undefined ? byDefault : v.trim().toLowerCase() === 'true';
}

export function jsonIgnoresMalformed(table: CatalogTable): boolean {
  return serdeFlag(table, 'ignore.malformed.json', false);
}

/** `case.insensitive` (default TRUE): keys match columns and struct fields whatever their case */
export function jsonCaseInsensitive(table: CatalogTable): boolean {
  return serdeFlag(table, 'case.insensitive', true);
}

/** Which of the JSON SerDes reads the table: the OpenX one, or Hive's (the HCatalog class and Hive's own). */
export function jsonSerdeKind(table: CatalogTable): JsonSerdeKind {
  return table.storage.serde.serializationLibrary === SERDE.openxJson ? 'openx' : 'hive';
}

/** What converting a JSON value needs to know of the table. */
export interface JsonReadOptions {
  /** `ignore.malformed.json`: a value of the wrong type is NULL */
  lenient: boolean;
  /** `case.insensitive` */
  ci: boolean;
  serde: JsonSerdeKind;
  /**
   * OpenX's `mapping.<field>` SERDEPROPERTIES (field → key), which name the key a struct field reads at any depth
   * as well as a column's (trino-hive-formats openxjson/README.md, ROW: "mapping.{field-name}=key: Matches the field
   * to the specified key. This behavior is affected by the case.insensitivity property")
   */
  mapping?: Readonly<Record<string, string>>;
}

/** OpenX's `mapping.<name>` properties by lower-case name; none for Hive's SerDe, which has no such property. */
function structMappings(table: CatalogTable): Record<string, string> | undefined {
  if (jsonSerdeKind(table) !== 'openx') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(table.storage.serde.parameters)) if (k.startsWith('mapping.') && k.length > 8) out[k.slice(8).toLowerCase()] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Which keys of a file a column reads, best first: its key exactly (but for case), then a dotted one (`dots.in.keys`). */
function columnMatcher(table: CatalogTable): (column: string, keys: readonly string[]) => string[] {
  const params = table.storage.serde.parameters;
  const ci = jsonCaseInsensitive(table);
  const dots = serdeFlag(table, 'dots.in.keys', false);
  const same = (a: string, b: string) => (ci ? a.toLowerCase() === b.toLowerCase() : a === b);
  return (column, keys) => {
    // the SerDe compares with the lower-case column name (Hive's), or the mapping's key as written
    const wanted = params[`mapping.${column}`] ?? params[`mapping.${column.toLowerCase()}`] ?? column.toLowerCase();
    const exact = keys.filter((k) => same(k, wanted));
    if (exact.length > 0 || !dots) return exact;
    return keys.filter((k) => k.includes('.') && same(k.replace(/\./g, '_'), column.toLowerCase()));
  };
}

/** Objects in a file the SerDe refuses for a key twice. */
function duplicates(table: CatalogTable, shape: JsonFileShape): number {
  return jsonCaseInsensitive(table) ? shape.caseDuplicateKeys : shape.duplicateKeys;
}

/** The SELECTs reading `files` as the table's columns, and the lines they read as rows of NULLs. */
export async function readJson(table: CatalogTable, files: DataFile[], ctx: SourceContext): Promise<{ sql: string[]; nullRows: NullRowLines[] }> {
  const columns = table.storage.columns;
  const lenient = jsonIgnoresMalformed(table);
  const shapes = await ctx.keyCache.shapesOf(ctx.conn, files);
  const matcher = columnMatcher(table);
  const name = `${table.database}.${table.name}`;
  const nullRows: NullRowLines[] = [];
  const lenientChecks: DataFile[] = [];
  // files read with DuckDB's JSON reader, grouped by the spelling each column has in them (a file without a
  // column's key joins a group whatever spelling it reads that column by: an absent key is NULL)
  const groups: { spellings: (string | undefined)[]; files: DataFile[] }[] = [];
  // files read line by line, with every spelling of each column
  const byLine: { spellings: string[][]; files: DataFile[]; duplicates: boolean } = { spellings: columns.map(() => []), files: [], duplicates: false };
  files.forEach((f, i) => {
    const shape = shapes[i]!;
    const dup = duplicates(table, shape);
    // what the SerDe fails on fails the query before it runs (the engine names the object and the line, diagnose.ts):
    // a malformed line or a duplicate key unless the table ignores malformed JSON, and a JSON array line (refused)
    if (shape.arrays > 0) throw new Error(`a JSON array line in file "${f.path}"`);
    if (!lenient && shape.malformed + dup > 0) throw new Error(`malformed JSON in file "${f.path}"`);
    if (lenient && shape.malformed > 0) lenientChecks.push(f);
    const nulls = shape.blank + (lenient ? shape.malformed + dup : 0);
    if (nulls > 0) nullRows.push({ file: f.path, lines: nulls, table: name });
    const spellings = columns.map((c) => matcher(c.name, shape.keys));
    const irregular = shape.blank + shape.malformed + shape.arrays + dup > 0;
    if (lenient || irregular || spellings.some((s) => s.length > 1)) {
      byLine.files.push(f);
      byLine.duplicates ||= dup > 0;
      spellings.forEach((s, ci) => (byLine.spellings[ci] = [...new Set([...byLine.spellings[ci]!, ...s])]));
      return;
    }
    const one = spellings.map((s) => s[0]);
    // two columns read keys equal but for case (case.insensitive FALSE, mapping.url1 = URL, mapping.url2 = Url):
    // DuckDB's reader takes them for one key, so such a file is read line by line
    const read = one.filter((k): k is string => k !== undefined).map((k) => k.toLowerCase());
    if (new Set(read).size < read.length) {
      byLine.files.push(f);
      spellings.forEach((sp, ci) => (byLine.spellings[ci] = [...new Set([...byLine.spellings[ci]!, ...sp])]));
      return;
    }
    const g = groups.find((x) => x.spellings.every((sp, ci) => sp === undefined || one[ci] === undefined || sp === one[ci]));
    if (g) {
      one.forEach((sp, ci) => (g.spellings[ci] ??= sp));
      g.files.push(f);
    } else groups.push({ spellings: one, files: [f] });
  });
  // a malformed line that Athena's lenient JSON parser may read (ignored, it would be a row of NULLs here): refused
  for (const f of lenientChecks) if ((await firstLenientLine(f)) !== undefined) throw new Error(`a line Athena's JSON parser may read leniently in file "${f.path}"`);
  const ci = jsonCaseInsensitive(table);
  const serde = jsonSerdeKind(table);
  // custom timestamp patterns are tried before the built-in forms (Trino's parseTimestamp): not read here
  if (table.storage.serde.parameters['timestamp.formats'] !== undefined && columns.some((c) => holdsSerdeScalar(parseHiveType(c.type), 'timestamp')))
    throw new LakehouseError('SqlUnsupported', `table ${name}: the SerDe property 'timestamp.formats' is not supported by the local engine (Athena has it): declare the column string and parse it in the query`);
  const mapping = structMappings(table);
  const sql: string[] = groups.map((g) => readWhole(table, g, { lenient: false, ci, serde, ...(mapping ? { mapping } : {}) }, ctx.fileColumn));
  if (byLine.files.length > 0) sql.push(readByLine(table, byLine, { lenient, ci, serde, ...(mapping ? { mapping } : {}) }, ctx.fileColumn));
  return { sql, nullRows };
}

const NO_KEY = '__lakehouse_no_such_key__';

/** `, "<file column>"` for a select list, or nothing (SourceContext.fileColumn: each row's file, for hidden columns) */
function fileSelected(fileColumn: string | undefined): string {
  return fileColumn === undefined ? '' : `, ${ident(fileColumn)}`;
}

/** DuckDB's JSON reader over plain files, each column read by its one spelling there. */
function readWhole(table: CatalogTable, g: { spellings: (string | undefined)[]; files: DataFile[] }, options: JsonReadOptions, fileColumn?: string): string {
  const columns = table.storage.columns;
  const present = columns.flatMap((c, i) => (g.spellings[i] !== undefined ? [{ c, key: g.spellings[i]!, type: parseHiveType(c.type) }] : []));
  // a struct's fields are matched by DuckDB exactly: read those columns as JSON and build them here (but for case);
  // booleans, dates and timestamps too, which DuckDB converts by other rules than the SerDe's (jsonScalars.ts)
  // (and with mapping properties, which may name a struct field's key)
  // and integers, which DuckDB rounds from a number with a fraction where the SerDes truncate it (jsonToType)
  // and, OpenX's, varbinary, which it reads as Base64 where DuckDB takes the text's bytes
  const asJson = (t: HiveType) => ((options.ci || options.mapping !== undefined) && holdsStruct(t)) || holdsSerdeScalar(t) || holdsIntegral(t) || (options.serde === 'openx' && holdsBinary(t));
  const readColumns = present.length > 0 ? present.map(({ key, type }) => `${literal(key)}: ${literal(asJson(type) ? 'JSON' : hiveTypeToDuckDb(type))}`) : [`${literal(NO_KEY)}: 'VARCHAR'`];
  const select = columns.map((c, i) => {
    const key = g.spellings[i];
    const type = parseHiveType(c.type);
    if (key === undefined) return `CAST(NULL AS ${hiveTypeToDuckDb(type)}) AS ${ident(c.name)}`;
    return `${asJson(type) ? jsonToType(ident(key), type, options) : ident(key)} AS ${ident(c.name)}`;
  });
  const fileOption = fileColumn === undefined ? '' : `, filename=${literal(fileColumn)}`;
  return `SELECT ${select.join(', ')}${fileSelected(fileColumn)} FROM read_json(${listLiteral(g.files.map((f) => f.path))}, format='newline_delimited', columns={${readColumns.join(', ')}}${fileOption})`;
}

/**
 * Files read line by line: each line classified as the SerDe does, then each column's value taken out of the
 * object once (inner SELECT) and converted to the column's type. A line the SerDe fails on raises an error naming
 * the file (diagnose.ts finds the line) — only when the query reads it, as Athena would.
 */
function readByLine(table: CatalogTable, g: { spellings: string[][]; files: DataFile[]; duplicates: boolean }, options: JsonReadOptions, fileColumn?: string): string {
  const { ci, lenient } = options;
  const columns = table.storage.columns;
  const fail = (what: string) => `error(${literal(`${what} in file "`)} || filename || '"')`;
  const orFail = (what: string) => (lenient ? 'NULL' : fail(what));
  const duplicateTest = ci ? 'len(list_distinct(list_transform(keys, lambda k: lower(k)))) < len(keys)' : 'len(list_distinct(keys)) < len(keys)';
  const object =
    `CASE WHEN first IS NULL OR first NOT IN ('{', '[') THEN NULL ` +
    `WHEN keys IS NULL THEN ${orFail('malformed JSON')} ` +
    `WHEN first = '[' THEN ${fail('a JSON array line (not supported by the local engine)')} ` +
    (g.duplicates ? `WHEN ${duplicateTest} THEN ${orFail('duplicate key')} ` : '') +
    `ELSE CAST(line AS JSON) END`;
  const values: string[] = [];
  const select = columns.map((c, i) => {
    const type = parseHiveType(c.type);
    const duckType = hiveTypeToDuckDb(type);
    const spellings = g.spellings[i]!;
    if (spellings.length === 0) return `CAST(NULL AS ${duckType}) AS ${ident(c.name)}`;
    const isText = duckType === 'VARCHAR';
    const read = spellings.map((k, j) => {
      const v = ident(`v${i}_${j}`);
      values.push(`${isText ? 'json_extract_string' : 'json_extract'}(j, ${literal(jsonKeyPath(k))}) AS ${v}`);
      return isText ? v : jsonToType(v, type, options);
    });
    return `${read.length === 1 ? read[0]! : `coalesce(${read.join(', ')})`} AS ${ident(c.name)}`;
  });
  const file = fileSelected(fileColumn);
  return (
    `SELECT ${select.join(', ')}${file} FROM (SELECT ${values.length > 0 ? values.join(', ') : 'NULL AS v'}${file} FROM (SELECT ${object} AS j` +
    `${fileColumn === undefined ? '' : `, filename AS ${ident(fileColumn)}`} ` +
    `FROM (SELECT filename, line, regexp_extract(line, '^[\\x01-\\x20]*(.)', 1) AS first, TRY(json_keys(line)) AS keys ` +
    `FROM ${rawLines(g.files.map((f) => f.path), { filename: true })})))`
  );
}

/**
 * Whether a line that is not JSON may still be read by the SerDe's parser, which is lenient (org.json's JSONTokener;
 * Trino's open-json): unquoted keys, single-quoted strings, text after the object's closing brace. Such a line is
 * not malformed to Athena, so the local engine may not read it as a row of NULLs.
 */
export function lenientlyReadable(line: string): boolean {
  // text after a complete object: the SerDe reads the object
  const end = objectEnd(line);
  if (end !== undefined && line.slice(end + 1).trim() !== '') {
    try {
      JSON.parse(line.slice(0, end + 1));
      return true;
    } catch {
      // not a complete JSON object either
    }
  }
  // an unquoted key or a single-quoted string outside double-quoted strings
  const outside = line.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return /[{,]\s*[A-Za-z_$][\w$]*\s*:/.test(outside) || outside.includes("'");
}

/** where the object a line starts with closes (the index of its `}`), strings skipped; undefined if it does not */
function objectEnd(line: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return ch === '}' ? i : undefined;
      if (depth < 0) return undefined;
    }
  }
  return undefined;
}

/** files checked by firstLenientLine, by path, size and mtime: the first such line, or null */
const lenientCache = new Map<string, { size: number; mtimeMs: number; line: number | null }>();

/** The first line of a file that is not JSON but that the SerDe's lenient parser may read (1-based), if any. */
export async function firstLenientLine(file: DataFile): Promise<number | undefined> {
  const known = lenientCache.get(file.path);
  if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) return known.line ?? undefined;
  let found: number | null = null;
  let n = 0;
  for (const line of (await fs.readFile(file.path, 'utf8')).split('\n')) {
    n++;
    const t = line.trim();
    if (!t.startsWith('{') && !t.startsWith('[')) continue;
    try {
      JSON.parse(t);
    } catch {
      if (lenientlyReadable(t)) {
        found = n;
        break;
      }
    }
  }
  if (lenientCache.size >= 10_000) lenientCache.clear();
  lenientCache.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, line: found });
  return found ?? undefined;
}

/** the JSONPath of one key of an object: `$."key"` */
function jsonKeyPath(key: string): string {
  return `$."${key.replace(/"/g, '\\"')}"`;
}

/**
 * SQL converting a JSON value (`json`, an expression of DuckDB's JSON type) to a column type by the SerDe's rules,
 * as read_json does for a file read whole: a key absent from an object, at any depth, is NULL, as is JSON null;
 * extra keys are ignored; a value of another type fails the conversion (DuckDB's error names the value, and
 * diagnose.ts finds its object and line) or, `lenient` (`ignore.malformed.json`), is NULL. A struct's fields are
 * found by name (`ci`: whatever the case of the key; else the field's lower-case name exactly). DuckDB's CAST of
 * JSON to a STRUCT fails on an absent key instead, so types holding a struct are built field by field.
 */
export function jsonToType(json: string, type: HiveType, options: JsonReadOptions, depth = 0): string {
  const duckType = hiveTypeToDuckDb(type);
  const cast = options.lenient ? 'TRY_CAST' : 'CAST';
  if (type.kind === 'primitive' && SERDE_SCALARS.has(type.name)) {
    // NULL from a value that is not JSON null is a value the SerDe does not read: an error naming it (diagnose.ts
    // finds its object and line), or NULL when lenient
    const r = `s${depth}`;
    const bad = options.lenient ? 'NULL' : `error('Conversion Error: Could not convert JSON value ' || CAST(${json} AS VARCHAR) || ' to ${duckType} as the JSON SerDe reads it')`;
    return `list_transform([${serdeScalarSql(json, type.name, options.serde)}], lambda ${r}: CASE WHEN ${r} IS NOT NULL OR coalesce(json_type(${json}), 'NULL') = 'NULL' THEN ${r} ELSE ${bad} END)[1]`;
  }
  if (type.kind === 'primitive' && INTEGRAL.has(type.name)) {
    // a number with a fraction (or an exponent) is truncated toward zero by both SerDes — OpenX's parseLong:
    // `new BigDecimal(value).setScale(0, RoundingMode.DOWN)`; Hive's: Jackson's getLongValue/getIntValue of a float
    // token, `(long) double` (trinodb/trino lib/trino-hive-formats …/line/openxjson/OpenXJsonDeserializer.java and
    // …/line/json/JsonDeserializer.java, commit 110c9818) — where DuckDB's cast rounds (3.7 → 4, -2.5 → -2)
    // (OpenX reads a string the same way: `"2.9"` is 2). A value past the type's range falls to the plain cast, whose
    // error diagnose.ts turns into the object, the line and the field.
    const truncated = (number: string) => `TRY_CAST(trunc(${number}) AS ${duckType})`;
    const fractionText = options.serde === 'openx' ? `WHEN json_type(${json}) = 'VARCHAR' AND regexp_full_match(${json} ->> '$', ${literal(FRACTION_TEXT)}) AND ${truncated(`TRY_CAST(${json} ->> '$' AS DOUBLE)`)} IS NOT NULL THEN ${truncated(`TRY_CAST(${json} ->> '$' AS DOUBLE)`)} ` : '';
    // the Hive SerDe reads numbers only: Jackson's numeric accessors fail on a string token ("Current token
    // (VALUE_STRING) not numeric"), so `"12"` fails the query (HIVE_BAD_DATA) where OpenX reads 12
    const hiveString =
      options.serde === 'hive'
        ? `WHEN json_type(${json}) = 'VARCHAR' THEN ${options.lenient ? 'NULL' : `error('Conversion Error: Could not convert JSON value ' || CAST(${json} AS VARCHAR) || ' to ${duckType} as the JSON SerDe reads it')`} `
        : '';
    return `CASE WHEN json_type(${json}) = 'DOUBLE' AND ${truncated(`CAST(${json} AS DOUBLE)`)} IS NOT NULL THEN ${truncated(`CAST(${json} AS DOUBLE)`)} ${fractionText}${hiveString}ELSE ${cast}(${json} AS ${duckType}) END`;
  }
  if (type.kind === 'primitive' && type.name === 'binary' && options.serde === 'openx') {
    // OpenX reads a varbinary from a string as Base64 (java.util.Base64's decoder): TestOpenxJsonFormat.testVarbinary
    // reads "<Base64 of the bytes>" as the bytes and fails on "value", numbers, booleans, arrays and objects
    const bad = options.lenient ? 'NULL' : `error('Conversion Error: Could not convert JSON value ' || CAST(${json} AS VARCHAR) || ' to BLOB as the JSON SerDe reads it')`;
    // Java's basic decoder takes a last unit without its padding: padded here for DuckDB's from_base64
    const text = `(${json} ->> '$')`;
    const decoded = `from_base64(${text} || repeat('=', (4 - length(${text}) % 4) % 4))`;
    return `CASE json_type(${json}) WHEN 'NULL' THEN NULL WHEN 'VARCHAR' THEN coalesce(TRY(${decoded}), ${bad}) ELSE ${bad} END`;
  }
  if (!holdsStruct(type) && !holdsSerdeScalar(type) && !holdsIntegral(type) && !(options.serde === 'openx' && holdsBinary(type))) return duckType === 'VARCHAR' ? `(${json} ->> '$')` : `${cast}(${json} AS ${duckType})`;
  const x = `x${depth}`;
  let expected: string;
  let built: string;
  switch (type.kind) {
    case 'struct': {
      expected = 'OBJECT';
      // the key a field reads: its mapping's (mapping.<field>), or its lower-case name
      const keyOf = (name: string) => options.mapping?.[name.toLowerCase()] ?? name.toLowerCase();
      const fields = (field: (key: string) => string) =>
        `struct_pack(${type.fields.map((f) => `${ident(f.name)} := ${jsonToType(field(keyOf(f.name)), f.type, options, depth + 1)}`).join(', ')})`;
      if (options.ci) {
        // the object as a map from lower-cased key to value (two keys equal but for case: DuckDB's "Map keys must be
        // unique", a duplicate key to the SerDe), its fields looked up there
        const m = `m${depth}`;
        const lowered = `map_from_entries(list_transform(map_entries(CAST(${json} AS MAP(VARCHAR, JSON))), lambda ${x}: struct_pack(key := lower(${x}.key), value := ${x}.value)))`;
        built = `list_transform([${lowered}], lambda ${m}: ${fields((n) => `${m}[${literal(n.toLowerCase())}]`)})[1]`;
      } else built = fields((n) => `json_extract(${json}, ${literal(jsonKeyPath(n))})`);
      break;
    }
    case 'array':
      expected = 'ARRAY';
      built = `list_transform(CAST(${json} AS JSON[]), lambda ${x}: ${jsonToType(x, type.element, options, depth + 1)})`;
      break;
    case 'map':
      expected = 'OBJECT';
      built =
        `map_from_entries(list_transform(map_entries(CAST(${json} AS MAP(VARCHAR, JSON))), lambda ${x}: ` +
        `struct_pack(key := ${cast}(${x}.key AS ${hiveTypeToDuckDb(type.key)}), value := ${jsonToType(`${x}.value`, type.value, options, depth + 1)})))`;
      break;
    default:
      throw new Error(`unexpected type ${duckType}`);
  }
  // JSON null (and SQL NULL) is NULL; another kind of value: NULL when lenient, else the CAST's own error
  return `CASE json_type(${json}) WHEN ${literal(expected)} THEN ${built} WHEN 'NULL' THEN NULL ELSE ${options.lenient ? 'NULL' : `CAST(${json} AS ${duckType})`} END`;
}

const INTEGRAL: ReadonlySet<string> = new Set(['tinyint', 'smallint', 'int', 'bigint']);
/** a decimal number with a fraction or an exponent (BigDecimal's syntax), as a JSON string's text */
const FRACTION_TEXT = '[+-]?([0-9]+[.][0-9]*|[.][0-9]+|[0-9]+([.][0-9]*)?[eE][+-]?[0-9]+)';

/** Whether a type is, or holds, an integer type (read from JSON by jsonToType's rule, not DuckDB's cast). */
function holdsIntegral(type: HiveType): boolean {
  switch (type.kind) {
    case 'primitive':
      return INTEGRAL.has(type.name);
    case 'array':
      return holdsIntegral(type.element);
    case 'map':
      return holdsIntegral(type.value);
    case 'struct':
      return type.fields.some((f) => holdsIntegral(f.type));
    default:
      return false;
  }
}

/** Whether a type is, or holds, a type the SerDe reads by its own rules (jsonScalars.ts); only `name` if given. */
function holdsSerdeScalar(type: HiveType, name?: string): boolean {
  switch (type.kind) {
    case 'primitive':
      return SERDE_SCALARS.has(type.name) && (name === undefined || type.name === name);
    case 'array':
      return holdsSerdeScalar(type.element, name);
    case 'map':
      return holdsSerdeScalar(type.value, name);
    case 'struct':
      return type.fields.some((f) => holdsSerdeScalar(f.type, name));
    default:
      return false;
  }
}

/** Whether a type is, or holds, varbinary (read as Base64 by OpenX). */
function holdsBinary(type: HiveType): boolean {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'binary';
    case 'array':
      return holdsBinary(type.element);
    case 'map':
      return holdsBinary(type.value);
    case 'struct':
      return type.fields.some((f) => holdsBinary(f.type));
    default:
      return false;
  }
}

function holdsStruct(type: HiveType): boolean {
  switch (type.kind) {
    case 'struct':
      return true;
    case 'array':
      return holdsStruct(type.element);
    case 'map':
      return holdsStruct(type.value);
    default:
      return false;
  }
}

/**
 * What the tables read as rows of NULLs, in a sentence: `3 line(s) read as rows of NULLs (blank, not a JSON object,
 * or malformed with ignore.malformed.json): s3://b/a.json 2, s3://b/c.json 1 (table db.t)`; undefined when none.
 */
export function nullRowsMessage(lines: readonly NullRowLines[], locationOf: (file: string) => string): string | undefined {
  if (lines.length === 0) return undefined;
  const total = lines.reduce((n, s) => n + s.lines, 0);
  const byTable = new Map<string, NullRowLines[]>();
  for (const s of lines) byTable.set(s.table, [...(byTable.get(s.table) ?? []), s]);
  const SHOWN = 5;
  const parts = [...byTable].map(([table, files]) => {
    const listed = files.slice(0, SHOWN).map((f) => `${locationOf(f.file)} ${f.lines}`);
    const more = files.length > SHOWN ? `, and ${files.length - SHOWN} more object(s)` : '';
    return `${listed.join(', ')}${more} (table ${table})`;
  });
  return `${total} line(s) read as rows of NULLs, as Athena's JSON SerDe reads them (blank, not a JSON object, or malformed with ignore.malformed.json): ${parts.join('; ')}`;
}
