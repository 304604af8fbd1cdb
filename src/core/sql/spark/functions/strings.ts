/**
 * String and binary functions (the Spark 3.5 built-in functions reference, string_funcs and binary ones). Where
 * DuckDB's function of the same name answers otherwise, the row says how Spark's answer is made:
 * - `substr(s, pos, len)`: 1-based, 0 is 1, a negative position counts from the end (UTF8String.substringSQL);
 * - `left`/`right`/`lpad`/`rpad`/`repeat` with a length ≤ 0 give '' (DuckDB: from the other end, or an error);
 * - `trim(trimStr, s)`, `ltrim`, `rtrim` take the characters first (Spark's function form); only spaces by default;
 * - `concat_ws` skips NULLs and flattens arrays; `concat` is NULL when an argument is;
 * - `locate(sub, s, pos)` is 0 for a start below 1; `instr` 0 when not found;
 * - `chr(n)` is the character n mod 256, '' for a negative n;
 * - `initcap` capitalises after a space only; `base64` breaks lines every 76 characters (Java's MIME encoder).
 */
import { call, join, type Sql } from '../../dialects/emit';
import { T } from '../../dialects/sqlType';
import type { Typed } from '../model';
import { bind, sql, str } from '../sqlText';
import { constantString, custom, fn, rename, type Call, type FunctionTable } from './registry';

const STRING_OR_BINARY = { oneOf: [T.varchar, T.varbinary] } as const;

/** Spark's substringSQL on characters (or bytes: `substr` of a blob works the same in DuckDB). */
export function substringSql(s: Sql, pos: Sql, len?: Sql): Sql {
  return bind(s, (v) =>
    bind(sql`CASE WHEN ${pos} > 0 THEN ${pos} - 1 WHEN ${pos} < 0 THEN length(${v}) + ${pos} ELSE 0 END`, (start) => {
      if (len === undefined) return sql`substring(${v}, greatest(${start}, 0) + 1)`;
      return sql`CASE WHEN ${start} + (${len}) <= greatest(${start}, 0) THEN ${sql`''`} ELSE substring(${v}, greatest(${start}, 0) + 1, ${start} + (${len}) - greatest(${start}, 0)) END`;
    }),
  );
}

function binarySubstring(s: Sql, pos: Sql, len?: Sql): Sql {
  return sql`unhex(${substringSql(sql`hex(${s})`, sql`(CASE WHEN ${pos} > 0 THEN 2 * (${pos}) - 1 WHEN ${pos} < 0 THEN 2 * (${pos}) ELSE 0 END)`, len === undefined ? undefined : sql`(2 * (${len}))`)})`;
}

function substr(c: Call): Typed {
  const binary = c.args[0]!.type.kind === 'varbinary';
  const s = c.arg(0, binary ? T.varbinary : T.varchar);
  const pos = c.arg(1, T.integer);
  const len = c.args.length > 2 ? c.arg(2, T.integer) : undefined;
  const body = binary ? binarySubstring(s.sql, pos.sql, len?.sql) : substringSql(s.sql, pos.sql, len?.sql);
  return { sql: sql`CASE WHEN ${s.sql} IS NULL OR ${pos.sql} IS NULL${len ? sql` OR ${len.sql} IS NULL` : ''} THEN NULL ELSE ${body} END`, type: binary ? T.varbinary : T.varchar, at: c.at, atom: true };
}

/**
 * Spark's Substring has three children: without a length it is Integer.MAX_VALUE (`def this(str, pos) = this(str,
 * pos, Literal(Integer.MAX_VALUE))`), which its name shows — the PySpark reference's substr page (3.5.3):
 * substr("a", "b") is the column `substr(a, b, 2147483647)`.
 */
function substrName(c: Call): string | undefined {
  if (c.args.length !== 2 || c.prettyName === undefined) return c.prettyName;
  return `${c.name}(${c.args[0]!.name}, ${c.args[1]!.name}, 2147483647)`;
}

/** lpad/rpad: strings by characters, binaries by bytes (zero bytes by default). */
function pad(side: 'l' | 'r'): (c: Call) => Typed {
  return (c) => {
    const binary = c.args[0]!.type.kind === 'varbinary' && (c.args[2] === undefined || c.args[2].type.kind === 'varbinary');
    const n = c.arg(1, T.integer);
    if (binary) {
      const s = c.arg(0, T.varbinary);
      const p = c.args[2] ? sql`hex(${c.arg(2, T.varbinary).sql})` : sql`'00'`;
      const f = side === 'l' ? 'lpad' : 'rpad';
      return { sql: sql`CASE WHEN ${n.sql} <= 0 THEN ''::BLOB WHEN ${p} = '' THEN unhex(left(hex(${s.sql}), 2 * ${n.sql})) ELSE unhex(${f}(hex(${s.sql}), 2 * ${n.sql}, ${p})) END`, type: T.varbinary, at: c.at, atom: true };
    }
    const s = c.arg(0, T.varchar);
    const p = c.args[2] ? c.arg(2, T.varchar).sql : sql`' '`;
    const f = side === 'l' ? 'lpad' : 'rpad';
    return { sql: sql`CASE WHEN ${n.sql} <= 0 THEN '' WHEN ${p} = '' THEN left(${s.sql}, ${n.sql}) ELSE ${f}(${s.sql}, ${n.sql}, ${p}) END`, type: T.varchar, at: c.at, atom: true };
  };
}

/** trim functions: one argument trims spaces; two are (trimStr, str) in Spark's function form; btrim is (str, trimStr). */
function trimFn(duck: 'trim' | 'ltrim' | 'rtrim', strFirst = false): (c: Call) => Typed {
  return (c) => {
    if (c.args.length === 1) return { sql: sql`${duck}(${c.arg(0, T.varchar).sql}, ' ')`, type: T.varchar, at: c.at, atom: true };
    const [si, ti] = strFirst ? [0, 1] : [1, 0];
    return { sql: sql`${duck}(${c.arg(si, T.varchar).sql}, ${c.arg(ti, T.varchar).sql})`, type: T.varchar, at: c.at, atom: true };
  };
}

function length(c: Call): Typed {
  const binary = c.args[0]!.type.kind === 'varbinary';
  const x = c.arg(0, binary ? T.varbinary : T.varchar);
  return { sql: binary ? sql`CAST(octet_length(${x.sql}) AS INTEGER)` : sql`CAST(length(${x.sql}) AS INTEGER)`, type: T.integer, at: c.at, atom: true };
}

function concatWs(c: Call): Typed {
  const sep = c.arg(0, T.varchar);
  const lists = c.args.slice(1).map((a, i) => (a.type.kind === 'array' ? c.arg(i + 1, T.array(T.varchar)).sql : sql`[${c.arg(i + 1, T.varchar).sql}]`));
  const all = lists.length === 0 ? sql`[]::VARCHAR[]` : lists.length === 1 ? lists[0]! : sql`list_concat(${join(lists)})`;
  return { sql: sql`CASE WHEN ${sep.sql} IS NULL THEN NULL ELSE array_to_string(list_filter(${all}, lambda x: x IS NOT NULL), ${sep.sql}) END`, type: T.varchar, at: c.at, atom: true };
}

/** `base64`: Java's MIME encoder, a CRLF after every 76 characters. */
function base64(b: Sql): Sql {
  return bind(sql`to_base64(${b})`, (v) => sql`array_to_string(list_transform(range(1, length(${v}) + 1, 76), lambda i: substr(${v}, i, 76)), chr(13) || chr(10))`);
}

function hexOf(c: Call): Typed {
  const a = c.args[0]!;
  if (a.type.kind === 'varbinary') return { sql: sql`hex(${a.sql})`, type: T.varchar, at: c.at, atom: true };
  if (a.type.kind === 'varchar') return { sql: sql`hex(encode(${a.sql}))`, type: T.varchar, at: c.at, atom: true };
  const n = c.arg(0, T.bigint);
  return { sql: sql`ltrim(hex(${n.sql}), '0') || CASE WHEN ${n.sql} = 0 THEN '0' ELSE '' END`, type: T.varchar, at: c.at, atom: true };
}

function shaBits(c: Call): Typed {
  const bits = constantString(c, 1, 'bit length');
  const x = c.arg(0, T.varbinary);
  if (bits === '0' || bits === '256') return { sql: sql`sha256(${x.sql})`, type: T.varchar, at: c.at, atom: true };
  if (bits === null) return { sql: 'CAST(NULL AS VARCHAR)', type: T.varchar, at: c.at, atom: true };
  if (['224', '384', '512'].includes(bits)) throw c.t.unsupported(c.node, `sha2 with ${bits} bits`);
  return { sql: 'CAST(NULL AS VARCHAR)', type: T.varchar, at: c.at, atom: true };
}

function charsetArg(c: Call, i: number): void {
  const cs = constantString(c, i, 'character set');
  if (cs !== null && !/^utf-?8$/i.test(cs)) throw c.t.unsupported(c.args[i]!.at, `${c.name} with the character set ${cs}`);
}

function locate(c: Call): Typed {
  const sub = c.arg(0, T.varchar);
  const s = c.arg(1, T.varchar);
  if (c.args.length === 2) return { sql: sql`CAST(strpos(${s.sql}, ${sub.sql}) AS INTEGER)`, type: T.integer, at: c.at, atom: true };
  const pos = c.arg(2, T.integer);
  // StringLocate: a NULL or < 1 start is 0
  return {
    sql: sql`CASE WHEN ${sub.sql} IS NULL OR ${s.sql} IS NULL THEN NULL WHEN ${pos.sql} IS NULL OR ${pos.sql} < 1 THEN 0 ELSE CAST(CASE WHEN strpos(substring(${s.sql}, ${pos.sql}), ${sub.sql}) = 0 THEN 0 ELSE strpos(substring(${s.sql}, ${pos.sql}), ${sub.sql}) + ${pos.sql} - 1 END AS INTEGER) END`,
    type: T.integer,
    at: c.at,
    atom: true,
  };
}

/**
 * Overlay's length: a negative one is the replacement's (stringExpressions.scala Overlay.calculate: "If you specify
 * length, it must be a positive whole number or zero. Otherwise it will be ignored. The default value for length is
 * the length of replace."; PySpark's overlay passes -1 when len is not given)
 */
function overlayLength(len: Sql, replacement: Sql): Sql {
  return sql`CASE WHEN ${len} >= 0 THEN ${len} ELSE ${replacement} END`;
}

function overlay(c: Call): Typed {
  const binary = c.args[0]!.type.kind === 'varbinary';
  if (binary) {
    const input = c.arg(0, T.varbinary);
    const rep = c.arg(1, T.varbinary);
    const pos = c.arg(2, T.integer);
    const len = c.args[3] ? overlayLength(c.arg(3, T.integer).sql, sql`octet_length(${rep.sql})`) : sql`octet_length(${rep.sql})`;
    return { sql: sql`${binarySubstring(input.sql, sql`1`, sql`${pos.sql} - 1`)} || ${rep.sql} || ${binarySubstring(input.sql, sql`${pos.sql} + ${len}`)}`, type: T.varbinary, at: c.at, atom: true };
  }
  const input = c.arg(0, T.varchar);
  const rep = c.arg(1, T.varchar);
  const pos = c.arg(2, T.integer);
  const len = c.args[3] ? overlayLength(c.arg(3, T.integer).sql, sql`length(${rep.sql})`) : sql`length(${rep.sql})`;
  return { sql: sql`${substringSql(input.sql, sql`1`, sql`${pos.sql} - 1`)} || ${rep.sql} || ${substringSql(input.sql, sql`${pos.sql} + ${len}`)}`, type: T.varchar, at: c.at, atom: true };
}

function splitPart(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const d = c.arg(1, T.varchar);
  const n = c.arg(2, T.integer);
  const parts = sql`CASE WHEN ${d.sql} = '' THEN [${s.sql}] ELSE string_split(${s.sql}, ${d.sql}) END`;
  return {
    sql: bind(parts, (p) => sql`CASE WHEN ${n.sql} = 0 THEN ${c.t.runtimeError(c.at, '[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).')} WHEN abs(${n.sql}) > len(${p}) THEN '' WHEN ${n.sql} > 0 THEN ${p}[${n.sql}] ELSE ${p}[len(${p}) + ${n.sql} + 1] END`),
    type: T.varchar,
    at: c.at,
    atom: true,
  };
}

function substringIndex(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const d = c.arg(1, T.varchar);
  const n = c.arg(2, T.integer);
  return {
    sql: bind(sql`string_split(${s.sql}, ${d.sql})`, (p) => sql`CASE WHEN ${d.sql} = '' OR ${n.sql} = 0 THEN '' WHEN ${n.sql} > 0 THEN array_to_string(${p}[1:${n.sql}], ${d.sql}) ELSE array_to_string(${p}[greatest(len(${p}) + ${n.sql} + 1, 1):], ${d.sql}) END`),
    type: T.varchar,
    at: c.at,
    atom: true,
  };
}

function mask(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const ch = (i: number, dflt: string | null): Sql => {
    if (c.args[i] === undefined) return dflt === null ? sql`NULL` : str(dflt);
    const v = c.args[i]!;
    if (v.value === null) return sql`NULL`;
    if (typeof v.value !== 'string') throw c.t.unsupported(v.at, 'mask with a replacement that is not a string constant');
    if (v.value.length !== 1) throw c.t.fail(v.at, `[INVALID_PARAMETER_VALUE] mask: the replacement ${v.value} must be one character`);
    return str(v.value);
  };
  const [upper, lower, digit, other] = [ch(1, 'X'), ch(2, 'x'), ch(3, 'n'), ch(4, null)];
  const x = 'c';
  const rule = sql`CASE WHEN regexp_full_match(${x}, '[A-Z]') THEN coalesce(${upper}, ${x}) WHEN regexp_full_match(${x}, '[a-z]') THEN coalesce(${lower}, ${x}) WHEN regexp_full_match(${x}, '[0-9]') THEN coalesce(${digit}, ${x}) ELSE coalesce(${other}, ${x}) END`;
  return { sql: sql`array_to_string(list_transform(string_split(${s.sql}, ''), lambda ${x}: ${rule}), '')`, type: T.varchar, at: c.at, atom: true };
}

/** parse_url (java.net.URL's parts): HOST, PATH, QUERY (and a key in it), REF, PROTOCOL, FILE, AUTHORITY, USERINFO. */
function parseUrl(c: Call): Typed {
  const url = c.arg(0, T.varchar);
  const part = constantString(c, 1, 'part');
  const key = c.args[2] ? c.arg(2, T.varchar).sql : undefined;
  const parts = sql`regexp_extract(${url.sql}, '^([a-zA-Z][a-zA-Z0-9+.-]*):(?://(?:([^/?#@]*)@)?([^/?#:]*)(:[0-9]*)?)?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$', ['protocol', 'userinfo', 'host', 'port', 'path', 'query', 'ref'])`;
  const m = (group: string) => sql`${parts}.${group}`;
  const valid = sql`regexp_full_match(${url.sql}, '^[a-zA-Z][a-zA-Z0-9+.-]*:[^ ]*$')`;
  const nullIfEmpty = (s: Sql) => sql`CASE WHEN ${valid} AND ${s} <> '' THEN ${s} END`;
  let out: Sql;
  switch (part) {
    case 'HOST':
      out = nullIfEmpty(m('host'));
      break;
    case 'PATH':
      out = sql`CASE WHEN ${valid} THEN ${m('path')} END`;
      break;
    case 'QUERY':
      out = key ? sql`CASE WHEN ${valid} AND contains(${url.sql}, '?') AND regexp_matches(${m('query')}, '(&|^)' || ${key} || '=') THEN regexp_extract(${m('query')}, '(?:&|^)' || ${key} || '=([^&]*)', 1) END` : sql`CASE WHEN ${valid} AND contains(${url.sql}, '?') THEN ${m('query')} END`;
      break;
    case 'REF':
      out = sql`CASE WHEN ${valid} AND contains(${url.sql}, '#') THEN ${m('ref')} END`;
      break;
    case 'PROTOCOL':
      out = nullIfEmpty(m('protocol'));
      break;
    case 'FILE':
      out = sql`CASE WHEN ${valid} THEN ${m('path')} || CASE WHEN contains(${url.sql}, '?') THEN '?' || ${m('query')} ELSE '' END END`;
      break;
    case 'AUTHORITY':
      out = nullIfEmpty(sql`CASE WHEN ${m('userinfo')} <> '' THEN ${m('userinfo')} || '@' ELSE '' END || ${m('host')} || ${m('port')}`);
      break;
    case 'USERINFO':
      out = nullIfEmpty(m('userinfo'));
      break;
    default:
      out = sql`CAST(NULL AS VARCHAR)`;
  }
  if (key && part !== 'QUERY') out = sql`CAST(NULL AS VARCHAR)`;
  return { sql: out, type: T.varchar, at: c.at, atom: true };
}

export const STRINGS: FunctionTable = {
  ascii: fn(['string'], 'int', (x) => sql`ascii(${x})`),
  base64: fn(['binary'], 'string', base64),
  bit_length: custom([1, 1], (c) => (c.args[0]!.type.kind === 'varbinary' ? { sql: sql`CAST(8 * octet_length(${c.arg(0, T.varbinary).sql}) AS INTEGER)`, type: T.integer, at: c.at } : { sql: sql`CAST(8 * octet_length(encode(${c.arg(0, T.varchar).sql})) AS INTEGER)`, type: T.integer, at: c.at })),
  octet_length: custom([1, 1], (c) => (c.args[0]!.type.kind === 'varbinary' ? { sql: sql`CAST(octet_length(${c.arg(0, T.varbinary).sql}) AS INTEGER)`, type: T.integer, at: c.at } : { sql: sql`CAST(octet_length(encode(${c.arg(0, T.varchar).sql})) AS INTEGER)`, type: T.integer, at: c.at })),
  btrim: custom([1, 2], trimFn('trim', true)),
  trim: custom([1, 2], trimFn('trim')),
  ltrim: custom([1, 2], trimFn('ltrim')),
  rtrim: custom([1, 2], trimFn('rtrim')),
  char: fn(['bigint'], 'string', (n) => sql`CASE WHEN ${n} < 0 THEN '' ELSE chr(CAST(${n} % 256 AS INTEGER)) END`),
  chr: fn(['bigint'], 'string', (n) => sql`CASE WHEN ${n} < 0 THEN '' ELSE chr(CAST(${n} % 256 AS INTEGER)) END`),
  char_length: custom([1, 1], length),
  character_length: custom([1, 1], length),
  length: custom([1, 1], length),
  len: { ...custom([1, 1], length), since: '3.4.0' },
  concat_ws: custom([1, 1000], concatWs),
  contains: custom([2, 2], (c) => binaryOrString(c, 'contains')),
  startswith: custom([2, 2], (c) => binaryOrString(c, 'starts_with')),
  endswith: custom([2, 2], (c) => binaryOrString(c, 'ends_with')),
  elt: custom([2, 1000], (c) => {
    const n = c.arg(0, T.integer);
    const binary = c.args.slice(1).every((a) => a.type.kind === 'varbinary');
    const items = c.args.slice(1).map((_, i) => c.arg(i + 1, binary ? T.varbinary : T.varchar).sql);
    return { sql: sql`[${join(items)}][${n.sql}]`, type: binary ? T.varbinary : T.varchar, at: c.at, atom: true };
  }),
  find_in_set: fn(['string', 'string'], 'int', (x, list) => sql`CASE WHEN contains(${x}, ',') THEN 0 ELSE CAST(coalesce(list_position(string_split(${list}, ','), ${x}), 0) AS INTEGER) END`),
  initcap: fn(['string'], 'string', (x) => sql`array_to_string(list_transform(string_split(lower(${x}), ' '), lambda w: upper(left(w, 1)) || substr(w, 2)), ' ')`),
  instr: fn(['string', 'string'], 'int', (x, sub) => sql`CAST(strpos(${x}, ${sub}) AS INTEGER)`),
  lcase: rename('lower', ['string'], 'string'),
  lower: rename('lower', ['string'], 'string'),
  ucase: rename('upper', ['string'], 'string'),
  upper: rename('upper', ['string'], 'string'),
  left: custom([2, 2], (c) => {
    const binary = c.args[0]!.type.kind === 'varbinary';
    const n = c.arg(1, T.integer);
    if (binary) return { sql: sql`CASE WHEN ${n.sql} <= 0 THEN ''::BLOB ELSE unhex(left(hex(${c.arg(0, T.varbinary).sql}), 2 * ${n.sql})) END`, type: T.varbinary, at: c.at };
    return { sql: sql`CASE WHEN ${n.sql} <= 0 THEN '' ELSE left(${c.arg(0, T.varchar).sql}, ${n.sql}) END`, type: T.varchar, at: c.at };
  }),
  right: fn(['string', 'int'], 'string', (x, n) => sql`CASE WHEN ${n} <= 0 THEN '' ELSE right(${x}, ${n}) END`),
  levenshtein: fn(['string', 'string', 'int'], 'int', (a, b, th) => (th === undefined ? sql`CAST(levenshtein(${a}, ${b}) AS INTEGER)` : sql`CASE WHEN levenshtein(${a}, ${b}) > ${th} THEN -1 ELSE CAST(levenshtein(${a}, ${b}) AS INTEGER) END`), { optional: 1 }),
  locate: custom([2, 3], locate),
  position: custom([2, 3], locate),
  lpad: custom([2, 3], pad('l')),
  rpad: custom([2, 3], pad('r')),
  luhn_check: {
    ...fn(['string'], 'boolean', (x) => {
      const digit = sql`CAST(substring(${x}, length(${x}) - i + 1, 1) AS INTEGER)`;
      const term = sql`CASE WHEN i % 2 = 0 THEN CASE WHEN ${digit} * 2 > 9 THEN ${digit} * 2 - 9 ELSE ${digit} * 2 END ELSE ${digit} END`;
      return sql`CASE WHEN ${x} IS NULL THEN NULL WHEN NOT regexp_full_match(${x}, '[0-9]+') THEN false ELSE list_sum(list_transform(range(1, length(${x}) + 1), lambda i: ${term})) % 10 = 0 END`;
    }),
    since: '3.5.0',
  },
  mask: { ...custom([1, 5], mask), since: '3.4.0' },
  md5: fn(['binary'], 'string', (x) => sql`md5(${x})`),
  sha: fn(['binary'], 'string', (x) => sql`sha1(${x})`),
  sha1: fn(['binary'], 'string', (x) => sql`sha1(${x})`),
  sha2: custom([2, 2], shaBits),
  overlay: custom([3, 4], overlay),
  parse_url: custom([2, 3], parseUrl),
  repeat: fn(['string', 'int'], 'string', (x, n) => sql`CASE WHEN ${n} <= 0 THEN '' ELSE repeat(${x}, ${n}) END`),
  replace: fn(['string', 'string', 'string'], 'string', (x, search, by) => sql`CASE WHEN ${search} = '' THEN ${x} ELSE replace(${x}, ${search}, ${by ?? "''"}) END`, { optional: 1 }),
  space: fn(['int'], 'string', (n) => sql`repeat(' ', greatest(${n}, 0))`),
  split_part: custom([3, 3], splitPart),
  substr: custom([2, 3], substr, { prettyName: substrName }),
  substring: custom([2, 3], substr, { prettyName: substrName }),
  substring_index: custom([3, 3], substringIndex),
  translate: fn(['string', 'string', 'string'], 'string', (x, from, to) => sql`translate(${x}, ${from}, ${to})`),
  hex: custom([1, 1], hexOf),
  unhex: fn(['string'], 'binary', (x) => sql`CASE WHEN regexp_full_match(${x}, '([0-9a-fA-F]{2})*') THEN unhex(${x}) WHEN regexp_full_match(${x}, '[0-9a-fA-F]*') THEN unhex('0' || ${x}) END`),
  unbase64: fn(['string'], 'binary', (x) => sql`from_base64(replace(replace(${x}, chr(13), ''), chr(10), ''))`),
  encode: custom([2, 2], (c) => {
    charsetArg(c, 1);
    return { sql: sql`encode(${c.arg(0, T.varchar).sql})`, type: T.varbinary, at: c.at, atom: true };
  }),
  to_binary: { ...custom([1, 2], (c) => toBinary(c, false)) },
  try_to_binary: { ...custom([1, 2], (c) => toBinary(c, true)) },
  url_encode: { ...fn(['string'], 'string', (x) => sql`replace(url_encode(${x}), '%20', '+')`), since: '3.4.0' },
  url_decode: { ...fn(['string'], 'string', (x) => sql`url_decode(replace(${x}, '+', ' '))`), since: '3.4.0' },
  reverse: custom([1, 1], (c) => {
    const a = c.args[0]!;
    if (a.type.kind === 'array') return { sql: sql`list_reverse(${a.sql})`, type: a.type, at: c.at };
    return { sql: sql`reverse(${c.arg(0, T.varchar).sql})`, type: T.varchar, at: c.at };
  }),
};

/** to_binary(str[, fmt]): hex (default), utf-8, base64; an invalid input fails (try_: NULL). */
function toBinary(c: Call, tryIt: boolean): Typed {
  const x = c.arg(0, T.varchar);
  const fmt = c.args[1] ? constantString(c, 1, 'format') : 'hex';
  const fail = (what: string): Sql => (tryIt ? sql`NULL` : c.t.runtimeError(c.at, `[CONVERSION_INVALID_INPUT] The value cannot be converted to BINARY because it is malformed for ${what}.`));
  let out: Sql;
  switch ((fmt ?? '').toLowerCase()) {
    case 'hex':
      out = sql`CASE WHEN regexp_full_match(${x.sql}, '([0-9a-fA-F]{2})*') THEN unhex(${x.sql}) WHEN regexp_full_match(${x.sql}, '[0-9a-fA-F]*') THEN unhex('0' || ${x.sql}) ELSE ${fail('HEX')} END`;
      break;
    case 'utf-8':
    case 'utf8':
      out = sql`encode(${x.sql})`;
      break;
    case 'base64':
      out = sql`CASE WHEN regexp_full_match(${x.sql}, '[A-Za-z0-9+/]*={0,2}') AND length(${x.sql}) % 4 = 0 THEN from_base64(${x.sql}) ELSE ${fail('BASE64')} END`;
      break;
    default:
      if (fmt === null) return { sql: 'CAST(NULL AS BLOB)', type: T.varbinary, at: c.at };
      if (tryIt) return { sql: 'CAST(NULL AS BLOB)', type: T.varbinary, at: c.at };
      throw c.t.fail(c.args[1]!.at, `[INVALID_PARAMETER_VALUE.BINARY_FORMAT] The value of parameter(s) \`format\` in \`to_binary\` is invalid: expects one of binary formats 'base64', 'hex', 'utf-8', but got '${fmt}'.`);
  }
  return { sql: out, type: T.varbinary, at: c.at, atom: true };
}

function binaryOrString(c: Call, duck: string): Typed {
  const binary = c.args.every((a) => a.type.kind === 'varbinary' || a.type.kind === 'unknown') && c.args.some((a) => a.type.kind === 'varbinary');
  if (binary) {
    const [a, b] = [c.arg(0, T.varbinary), c.arg(1, T.varbinary)];
    return { sql: call(duck, sql`hex(${a.sql})`, sql`hex(${b.sql})`), type: T.boolean, at: c.at, atom: true };
  }
  return { sql: call(duck, c.arg(0, T.varchar).sql, c.arg(1, T.varchar).sql), type: T.boolean, at: c.at, atom: true };
}

export { STRING_OR_BINARY };
