/**
 * Reading RegexSerDe tables (org.apache.hadoop.hive.serde2.RegexSerDe: ALB, ELB, NLB, CloudFront and S3 access
 * logs, Apache logs…) as Athena reads them, on DuckDB. The references: Athena's "Regex SerDe" page and Trino's
 * RegexDeserializer, "bug for bug compatible with Hive RegexSerde" (trino-hive-formats `line/regex/`):
 * - each line is a row; `input.regex` must match the whole line (Java's `Matcher.matches()`, with DOTALL; and
 *   CASE_INSENSITIVE when `input.regex.case.insensitive` is true); a line that does not match is a row of NULLs;
 * - group n fills the n-th column; a column past the last group, or whose group took no part in the match, is NULL;
 * - a group's text is read as its column's type with Java's parsers (Long.parseLong, Double.parseDouble,
 *   Boolean.parseBoolean, BigDecimal rounded half up, Hive's date and timestamp parsers); a text that does not parse
 *   is NULL ("invalid columns are ignored"); columns of other types (arrays, maps, structs, binary, char) are refused.
 * The pattern is translated from Java's syntax to RE2's (DuckDB's regexp functions) construct by construct
 * (javaRegex.ts); what RE2 lacks is refused by name — but a leading `^(?!#)` (a negative look-ahead for a literal
 * at the line's start, as the CloudFront examples have) is read as "the line does not start with #".
 */
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogTable } from '../../model';
import { groupMayNotTakePart, javaRegex, RegexError } from '../../sql/dialects/javaRegex';
import { hiveTypeToDuckDb, parseHiveType } from '../../sql/types';
import { ident, listLiteral, literal } from './duck';
import type { DataFile } from './jsonKeys';
import { hiveTimestampSql } from './jsonScalars';

const refuse = (table: CatalogTable, what: string) =>
  new LakehouseError('SqlUnsupported', `table ${table.database}.${table.name}: ${what}`, { object: `${table.database}.${table.name}` });

/** A leading `^(?!literal)`: the literal, and the pattern without it. */
function leadingNegativeLookahead(pattern: string): { literal: string; rest: string } | undefined {
  const m = /^\^\(\?!((?:[^\\()[\]{}.*+?|^$]|\\[^A-Za-z0-9])+)\)/.exec(pattern);
  if (!m) return undefined;
  return { literal: m[1]!.replace(/\\(.)/g, '$1'), rest: `^${pattern.slice(m[0].length)}` };
}

export interface RegexRead {
  /** the RE2 pattern that matches a whole line, groups as the table's */
  re2: string;
  groups: number;
  /** a line starting with this text does not match (a leading `^(?!…)`) */
  notStartingWith?: string;
  caseInsensitive: boolean;
}

/** The table's `input.regex` as RE2, or a refusal naming what RE2 cannot do. */
export function regexRead(table: CatalogTable): RegexRead {
  const params = table.storage.serde.parameters;
  const pattern = params['input.regex'];
  if (pattern === undefined)
    throw new LakehouseError('InvalidInput', `table ${table.database}.${table.name}: the RegexSerDe table has no 'input.regex' SERDEPROPERTY (Athena fails too: Schema does not have required 'input.regex' property)`, {
      object: `${table.database}.${table.name}`,
    });
  const caseInsensitive = (params['input.regex.case.insensitive'] ?? '').toLowerCase() === 'true';
  const lookahead = leadingNegativeLookahead(pattern);
  let translated;
  try {
    translated = javaRegex(lookahead?.rest ?? pattern);
  } catch (e) {
    if (e instanceof RegexError) throw refuse(table, `its input.regex uses ${e.message}, which is not supported by the local engine (Athena has it: Java regular expressions)`);
    throw e;
  }
  return {
    re2: `(?s${caseInsensitive ? 'i' : ''})^(?:${translated.re2})$`,
    groups: translated.groups,
    ...(lookahead ? { notStartingWith: lookahead.literal } : {}),
    caseInsensitive,
  };
}

const JAVA_TRIM = (v: string) => `regexp_replace(${v}, '^[\\x00-\\x20]+|[\\x00-\\x20]+$', '', 'g')`;
const INTEGER_RANGE = new Set(['tinyint', 'smallint', 'int', 'bigint']);

/** A group's text as its column's type, by Trino's RegexDeserializer (Java's parsers; NULL when it does not parse). */
function convert(table: CatalogTable, column: CatalogColumn, v: string, where: string): string {
  const t = parseHiveType(column.type);
  const duck = hiveTypeToDuckDb(column.type);
  // a failure naming the value (`before` || the value || `after`), the column and the file
  const fail = (before: string, value?: string, after = '') =>
    `error(${literal(before)}${value !== undefined ? ` || ${value} || ${literal(after)}` : ''} || ${literal(` in column ${column.name} ${column.type}: not read by the local engine`)} || ${where})`;
  if (t.kind === 'primitive' && t.name === 'string') return v;
  if (t.kind === 'varchar') return `left(${v}, ${t.length})`;
  if (t.kind === 'primitive' && t.name === 'boolean') return `lower(${v}) = 'true'`;
  if (t.kind === 'primitive' && INTEGER_RANGE.has(t.name))
    // Long.parseLong and the like: a sign and digits (beyond the type's range: NULL); Java also reads non-ASCII digits
    return `CASE WHEN regexp_full_match(${v}, '[+-]?[0-9]+') THEN TRY_CAST(${v} AS ${duck}) WHEN regexp_full_match(${v}, '[+-]?\\p{Nd}+') THEN ${fail("a number in non-ASCII digits, '", v, "'")} END`;
  if (t.kind === 'primitive' && (t.name === 'double' || t.name === 'float')) {
    // Double.parseDouble: trimmed; NaN, Infinity, a decimal with an exponent and an f/d suffix; hexadecimal refused
    const s = JAVA_TRIM(v);
    return (
      `CASE WHEN regexp_full_match(${s}, '[+-]?(NaN|Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)') THEN CAST(regexp_replace(${s}, '[fFdD]$', '') AS ${duck}) ` +
      `WHEN regexp_full_match(${s}, '[+-]?0[xX].*') THEN ${fail('a hexadecimal floating-point number')} END`
    );
  }
  if (t.kind === 'decimal')
    // new BigDecimal(text): no white space; set to the scale half up (DuckDB's cast rounds half up); too large NULL
    return `CASE WHEN regexp_full_match(${v}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(${v} AS ${duck}) END`;
  if (t.kind === 'primitive' && t.name === 'date') {
    // parseHiveDate: trimmed, cut at the first space, y-M-d read leniently (2021-02-30 would be March 2nd): a date
    // that is not a calendar day is refused rather than rolled over
    const d = `split_part(${JAVA_TRIM(v)}, ' ', 1)`;
    return `CASE WHEN regexp_full_match(${d}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(${d} AS DATE) IS NOT NULL THEN CAST(${d} AS DATE) WHEN regexp_full_match(${d}, '[+-]?[0-9]+-[0-9]+-[0-9]+') THEN ${fail("a date '", d, "' that Java's lenient date parser reads")} END`;
  }
  if (t.kind === 'primitive' && t.name === 'timestamp') return hiveTimestampSql(v);
  throw refuse(table, `column ${column.name} ${column.type}: a RegexSerDe column of type ${column.type} is not supported by the local engine (strings, numbers, booleans, dates and timestamps are read)`);
}

/** The SELECT reading a RegexSerDe table's files as its columns. */
export function readRegex(table: CatalogTable, files: readonly DataFile[], options: { fileColumn?: string } = {}): string {
  const r = regexRead(table);
  const skip = Number(table.parameters['skip.header.line.count'] ?? '0') || 0;
  const columns = table.storage.columns;
  const line = `coalesce(line, '')`;
  const pattern = literal(r.re2);
  const starts = r.notStartingWith === undefined ? '' : r.caseInsensitive ? ` AND NOT starts_with(lower(${line}), ${literal(r.notStartingWith.toLowerCase())})` : ` AND NOT starts_with(${line}, ${literal(r.notStartingWith)})`;
  const matched = `regexp_matches(${line}, ${pattern})${starts}`;
  // a group that may take no part in a match: regexp_extract_all keeps it NULL, where regexp_extract gives ''; else
  // one regexp_extract into a struct of every group (DuckDB's numbered regexp_extract stops at group 9)
  const optional = groupMayNotTakePart(r.re2);
  const names = Array.from({ length: Math.min(r.groups, columns.length) }, (_, i) => `g${i + 1}`);
  const groups = !optional && names.length > 0 ? `, regexp_extract(${line}, ${pattern}, ${listLiteral(names)}) AS g` : '';
  const group = (n: number) => (optional ? `regexp_extract_all(${line}, ${pattern}, ${n})[1]` : `g.g${n}`);
  const where = `${literal(' (in file "')} || filename || '")'`;
  const select = columns.map((c, i) => {
    const value = i < r.groups ? `CASE WHEN matched THEN ${convert(table, c, `(${group(i + 1)})`, where)} END` : 'NULL';
    return `CAST(${value} AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`;
  });
  if (options.fileColumn !== undefined) select.push(`filename AS ${ident(options.fileColumn)}`);
  const read =
    `read_csv(${listLiteral(files.map((f) => f.path))}, columns={'line': 'VARCHAR'}, delim=chr(0), quote='', escape='', header=false, ` +
    `auto_detect=false, strict_mode=false, null_padding=true, skip=${skip}, filename=true)`;
  return `SELECT ${select.join(', ')} FROM (SELECT line, filename, ${matched} AS matched${groups} FROM ${read})`;
}
