/**
 * LIKE and the regular-expression functions. Spark's patterns are Java's (java.util.regex); DuckDB's are RE2's: a
 * constant pattern is translated construct by construct (dialects/javaRegex.ts) and what RE2 cannot do is refused by
 * name; a pattern that is not a constant is refused (it could use what RE2 lacks).
 *
 * | function | Spark | emitted |
 * | --- | --- | --- |
 * | a LIKE p [ESCAPE e] | `_` `%`, escape `\` by default | LIKE … ESCAPE |
 * | a RLIKE p, regexp_like, regexp | `find()`: a match anywhere | regexp_matches |
 * | regexp_extract(s, p, i) | group i (default 1) of the first match, '' when none | regexp_extract |
 * | regexp_extract_all(s, p, i) | group i of every match | regexp_extract_all |
 * | regexp_replace(s, p, r[, pos]) | every match from pos, `$n` groups in r | regexp_replace(…, 'g') |
 * | split(s, p[, limit]) | Java's `split(p, -1)` (trailing empties kept); limit > 0 at most limit parts | regexp_split_to_array |
 * | regexp_count, regexp_instr, regexp_substr | count, 1-based start (0), first match (NULL) | on regexp_extract_all |
 * | str_to_map(s, pairs, kv) | both delimiters are patterns; a missing value NULL | split twice |
 */
import type { ParserRuleContext } from 'antlr4ng';
import { type Sql } from '../../dialects/emit';
import { javaRegex, javaReplacement, RegexError, type TranslatedRegex } from '../../dialects/javaRegex';
import { T } from '../../dialects/sqlType';
import { coerce } from '../coerce';
import type { Typed } from '../model';
import { bind, sql, str } from '../sqlText';
import type { Translator } from '../translator';
import { constantArg, custom, type Call, type FunctionTable } from './registry';

function translateRegex(t: Translator, pattern: Typed, what: string): TranslatedRegex | null {
  if (pattern.value === null) return null;
  if (typeof pattern.value !== 'string') throw t.unsupported(pattern.at, `${what} with a pattern that is not a constant`, 'it could use what RE2 lacks');
  try {
    return javaRegex(pattern.value);
  } catch (e) {
    if (e instanceof RegexError) throw t.unsupported(pattern.at, `${what} with a pattern using ${e.message}`, "RE2, DuckDB's regular expressions, lacks it");
    throw e;
  }
}

function regexArg(c: Call, i: number): TranslatedRegex | null {
  return translateRegex(c.t, c.arg(i, T.varchar), c.name);
}

const NULL_OF = (type: string) => sql`CAST(NULL AS ${type})`;

/** `value LIKE pattern [ESCAPE e]` (and ILIKE): Spark's escape is `\` unless given. */
export function likeExpression(t: Translator, value: Typed, pattern: Typed, escape: string | undefined, caseInsensitive: boolean, node: ParserRuleContext): Typed {
  const v = coerce(t, value, T.varchar);
  const p = coerce(t, pattern, T.varchar);
  const e = escape ?? '\\';
  if (e.length !== 1) throw t.fail(node, `[INVALID_ESCAPE_CHAR] The escape character must be a single character: '${e}'.`);
  if (typeof p.value === 'string') {
    // an escape before anything but _, % or itself fails in Spark
    for (let i = 0; i < p.value.length; i++) {
      if (p.value[i] === e) {
        const n = p.value[i + 1];
        if (n === undefined || (n !== '_' && n !== '%' && n !== e)) throw t.fail(node, `[INVALID_FORMAT.ESC_IN_THE_MIDDLE] the escape character is not allowed to precede '${n ?? 'the end'}' in the pattern '${p.value}'.`);
        i++;
      }
    }
  }
  const name = value.name !== undefined && pattern.name !== undefined ? `${value.name} ${caseInsensitive ? 'ILIKE' : 'LIKE'} ${pattern.name}` : undefined;
  return { sql: sql`(${t.paren(v)} ${caseInsensitive ? 'ILIKE' : 'LIKE'} ${t.paren(p)} ESCAPE ${str(e)})`, type: T.boolean, at: value.at, ...(name ? { name } : {}) };
}

/** `value RLIKE pattern`: a Java regular expression found anywhere in the value. */
export function rlikeExpression(t: Translator, value: Typed, pattern: Typed, node: ParserRuleContext): Typed {
  const v = coerce(t, value, T.varchar);
  const r = translateRegex(t, coerce(t, pattern, T.varchar), 'RLIKE');
  void node;
  const name = value.name !== undefined && pattern.name !== undefined ? `RLIKE(${value.name}, ${pattern.name})` : undefined;
  return { sql: r ? sql`regexp_matches(${v.sql}, ${str(r.re2)})` : NULL_OF('BOOLEAN'), type: T.boolean, at: value.at, ...(name ? { name } : {}) };
}

function groupIndex(c: Call, i: number, r: TranslatedRegex): number {
  if (c.args[i] === undefined) return 1;
  const g = constantArg(c, i, 'group index');
  if (typeof g !== 'number' || !Number.isInteger(g)) throw c.t.unsupported(c.args[i]!.at, `${c.name} with a group index that is not an integer constant`);
  if (g < 0) throw c.t.fail(c.args[i]!.at, `[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) \`idx\` in \`${c.name}\` is invalid: Expects group index between 0 and ${r.groups}, but got ${g}.`);
  if (g > r.groups) throw c.t.fail(c.args[i]!.at, `[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) \`idx\` in \`${c.name}\` is invalid: Expects group index between 0 and ${r.groups}, but got ${g}.`);
  return g;
}

/** Does the pattern match the empty string (then Java's split and RE2's differ)? */
function matchesEmpty(pattern: string): boolean {
  try {
    return new RegExp(pattern).test('');
  } catch {
    return true;
  }
}

function split(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const r = regexArg(c, 1);
  if (!r) return { sql: NULL_OF('VARCHAR[]'), type: T.array(T.varchar), at: c.at };
  if (matchesEmpty(c.args[1]!.value as string)) throw c.t.unsupported(c.args[1]!.at, 'split with a pattern that matches the empty string', "Java's split and RE2's differ there");
  const limit = c.args[2] ? constantArg(c, 2, 'limit') : -1;
  if (limit === null) return { sql: NULL_OF('VARCHAR[]'), type: T.array(T.varchar), at: c.at };
  if (typeof limit !== 'number' || !Number.isInteger(limit)) throw c.t.unsupported(c.args[2]!.at, 'split with a limit that is not an integer constant');
  const all = sql`regexp_split_to_array(${s.sql}, ${str(r.re2)})`;
  if (limit <= 0) return { sql: all, type: T.array(T.varchar), at: c.at, atom: true };
  if (limit === 1) return { sql: sql`CASE WHEN ${s.sql} IS NOT NULL THEN [${s.sql}] END`, type: T.array(T.varchar), at: c.at, atom: true };
  if (limit > 32) throw c.t.unsupported(c.args[2]!.at, 'split with a limit above 32');
  // the first limit-1 matches become a separator that cannot be in the text, then split on it
  let marked: Sql = s.sql;
  for (let i = 1; i < limit; i++) marked = sql`regexp_replace(${marked}, ${str(r.re2)}, chr(0))`;
  return { sql: sql`CASE WHEN contains(${s.sql}, chr(0)) THEN ${c.t.runtimeError(c.at, 'split: the text holds a NUL character')} ELSE string_split(${marked}, chr(0)) END`, type: T.array(T.varchar), at: c.at, atom: true };
}

function regexpReplace(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const r = regexArg(c, 1);
  const rep = c.arg(2, T.varchar);
  if (!r) return { sql: NULL_OF('VARCHAR'), type: T.varchar, at: c.at };
  let replacement: Sql;
  if (typeof rep.value === 'string') {
    try {
      replacement = str(javaReplacement(rep.value, r));
    } catch (e) {
      if (e instanceof RegexError) throw c.t.fail(c.args[2]!.at, e.message);
      throw e;
    }
  } else if (rep.value === null) return { sql: NULL_OF('VARCHAR'), type: T.varchar, at: c.at };
  else replacement = sql`replace(${rep.sql}, '\\', '\\\\')`;
  const pos = c.args[3] ? constantArg(c, 3, 'position') : 1;
  if (typeof pos !== 'number' || pos < 1) throw c.t.fail(c.args[3]?.at ?? c.at, `[INVALID_PARAMETER_VALUE.REGEX] regexp_replace: the position must be a positive integer constant`);
  const replaced = (x: Sql) => sql`regexp_replace(${x}, ${str(r.re2)}, ${replacement}, 'g')`;
  const out = pos === 1 ? replaced(s.sql) : sql`left(${s.sql}, ${pos - 1}) || ${replaced(sql`substring(${s.sql}, ${pos})`)}`;
  return { sql: out, type: T.varchar, at: c.at, atom: true };
}

function strToMap(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const pairs = c.args[1] ? translateRegex(c.t, c.arg(1, T.varchar), c.name) : javaRegex(',');
  const kv = c.args[2] ? translateRegex(c.t, c.arg(2, T.varchar), c.name) : javaRegex(':');
  if (!pairs || !kv) return { sql: NULL_OF('MAP(VARCHAR, VARCHAR)'), type: T.map(T.varchar, T.varchar), at: c.at };
  const entry = (e: string) =>
    sql`{'key': CASE WHEN regexp_matches(${e}, ${str(kv.re2)}) THEN regexp_extract(${e}, ${str(`^(.*?)(?:${kv.re2})`)}, 1) ELSE ${e} END, 'value': CASE WHEN regexp_matches(${e}, ${str(kv.re2)}) THEN regexp_replace(${e}, ${str(`^(.*?)(?:${kv.re2})`)}, '') END}`;
  const entries = bind(sql`list_transform(regexp_split_to_array(${s.sql}, ${str(pairs.re2)}), lambda e: ${entry('e')})`, (es) =>
    sql`CASE WHEN len(list_distinct(list_transform(${es}, lambda x: x.key))) < len(${es}) THEN ${c.t.runtimeError(c.at, '[DUPLICATED_MAP_KEY] Duplicate map key was found, please check the input data.')} ELSE map_from_entries(${es}) END`,
  );
  return { sql: sql`CASE WHEN ${s.sql} IS NOT NULL THEN ${entries} END`, type: T.map(T.varchar, T.varchar), at: c.at, atom: true };
}

const rlikeRow = custom([2, 2], (c) => rlikeExpression(c.t, c.args[0]!, c.args[1]!, c.node), { prettyName: (c) => (c.args.every((a) => a.name !== undefined) ? `RLIKE(${c.args[0]!.name}, ${c.args[1]!.name})` : undefined) });

export const REGEXP: FunctionTable = {
  like: custom([2, 3], (c) => likeExpression(c.t, c.args[0]!, c.args[1]!, c.args[2] ? String(constantArg(c, 2, 'escape')) : undefined, false, c.node)),
  ilike: { ...custom([2, 3], (c) => likeExpression(c.t, c.args[0]!, c.args[1]!, c.args[2] ? String(constantArg(c, 2, 'escape')) : undefined, true, c.node)), since: '3.3.0' },
  rlike: rlikeRow,
  regexp: { ...rlikeRow, since: '3.2.0' },
  regexp_like: { ...rlikeRow, since: '3.2.0' },
  regexp_extract: custom([2, 3], (c) => {
    const s = c.arg(0, T.varchar);
    const r = regexArg(c, 1);
    if (!r) return { sql: NULL_OF('VARCHAR'), type: T.varchar, at: c.at };
    return { sql: sql`regexp_extract(${s.sql}, ${str(r.re2)}, ${groupIndex(c, 2, r)})`, type: T.varchar, at: c.at, atom: true };
  }),
  regexp_extract_all: custom([2, 3], (c) => {
    const s = c.arg(0, T.varchar);
    const r = regexArg(c, 1);
    if (!r) return { sql: NULL_OF('VARCHAR[]'), type: T.array(T.varchar), at: c.at };
    return { sql: sql`regexp_extract_all(${s.sql}, ${str(r.re2)}, ${groupIndex(c, 2, r)})`, type: T.array(T.varchar), at: c.at, atom: true };
  }),
  regexp_replace: custom([3, 4], regexpReplace),
  regexp_count: {
    ...custom([2, 2], (c) => {
      const s = c.arg(0, T.varchar);
      const r = regexArg(c, 1);
      if (!r) return { sql: NULL_OF('INTEGER'), type: T.integer, at: c.at };
      return { sql: sql`CAST(len(regexp_extract_all(${s.sql}, ${str(r.re2)})) AS INTEGER)`, type: T.integer, at: c.at, atom: true };
    }),
    since: '3.4.0',
  },
  regexp_substr: {
    ...custom([2, 2], (c) => {
      const s = c.arg(0, T.varchar);
      const r = regexArg(c, 1);
      if (!r) return { sql: NULL_OF('VARCHAR'), type: T.varchar, at: c.at };
      return { sql: sql`CASE WHEN regexp_matches(${s.sql}, ${str(r.re2)}) THEN regexp_extract(${s.sql}, ${str(r.re2)}) END`, type: T.varchar, at: c.at, atom: true };
    }),
    since: '3.4.0',
  },
  regexp_instr: {
    ...custom([2, 3], (c) => {
      const s = c.arg(0, T.varchar);
      const r = regexArg(c, 1);
      if (!r) return { sql: NULL_OF('INTEGER'), type: T.integer, at: c.at };
      if (c.args[2] && constantArg(c, 2, 'group index') !== 0) throw c.t.unsupported(c.args[2].at, 'regexp_instr with a group index');
      const prefix = `^(?s:.*?)(${r.re2})`;
      return { sql: sql`CASE WHEN regexp_matches(${s.sql}, ${str(r.re2)}) THEN CAST(length(regexp_extract(${s.sql}, ${str(prefix)}, 0)) - length(regexp_extract(${s.sql}, ${str(prefix)}, 1)) + 1 AS INTEGER) ELSE 0 END`, type: T.integer, at: c.at, atom: true };
    }),
    since: '3.4.0',
  },
  split: custom([2, 3], split),
  str_to_map: custom([1, 3], strToMap),
};
