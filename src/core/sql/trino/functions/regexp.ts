/**
 * Regular expression functions (trinodb/trino docs/src/main/sphinx/functions/regexp.md). Trino's patterns are
 * Java's; DuckDB's are RE2's. A (constant) pattern is translated construct by construct — `\s` as Java's six
 * whitespace characters, `\uXXXX` as `\x{XXXX}`, `(?<name>…)` as `(?P<name>…)` — and what RE2 cannot do (look-
 * arounds, back references, atomic groups, possessive quantifiers, class intersections, `\G`, `\Z`, `\R`…) is
 * refused by name. Replacements: `$n` and `${name}` as RE2's `\n`, `\$` a dollar; every match is replaced (DuckDB:
 * the first, without the 'g' option). No match: `regexp_extract` is NULL (DuckDB: ''), `regexp_position` -1.
 */
import { failure, join, refusal, sql, type Sql } from '../../dialects/emit';
import { groupMayNotTakePart, javaRegex, javaReplacement, RegexError, type TranslatedRegex } from '../../dialects/javaRegex';
import { T, type SqlType } from '../../dialects/sqlType';
import { str } from '../casts';
import type { Typed } from '../model';
import { apply } from './arrays';
import { constant, constantString, custom, type Call, type FunctionDef, type FunctionTable } from './registry';

export { javaRegex, javaReplacement, RegexError, type TranslatedRegex };

function regex(c: Call, i = 1): TranslatedRegex {
  const pattern = constantString(c, i, 'pattern');
  try {
    return javaRegex(pattern, 'joni');
  } catch (e) {
    if (e instanceof RegexError) throw c.t.unsupported(c.given[i]!.at, `${c.name} with a pattern using ${e.message}`, "RE2, DuckDB's regular expressions, lacks it");
    throw e;
  }
}

function groupArg(c: Call, i: number, r: TranslatedRegex): Sql {
  const g = c.given[i];
  if (!g) return '0';
  const v = constant(c, i, 'group number');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw c.t.fail(g.at, 'Group number must be a non-negative integer');
  if (v > r.groups) throw c.t.fail(g.at, `Pattern has ${r.groups} groups. Cannot access group ${v}`);
  return String(v);
}

const pat = (r: TranslatedRegex) => str(r.re2);




const EMPTY_MATCH = (what: string) => refusal(`'${what} where the pattern matches the empty string is not supported by the local engine (Athena has it)'`, `${what} where the pattern matches the empty string`);

/**
 * Whether a pattern may match the empty string, so that an empty match can follow a non-empty one at its end:
 * Trino's loop (JoniRegexpFunctions: the next search starts where the last match ended) then replaces both, RE2's
 * global replace only the first (`regexp_replace('123 456', '[0-9]*', 'X')` is `XX XX` in Athena, `X X` in RE2).
 * Probed with JavaScript's engine on the RE2 text; one it cannot read counts as "may".
 */
function mayMatchEmpty(re2: string): boolean {
  const flags = /^\(\?([imsU]+)\)/.exec(re2);
  const body = flags ? re2.slice(flags[0].length) : re2;
  try {
    return new RegExp(body.replace(/\\x\{([0-9a-fA-F]+)\}/g, '\\u{$1}').replace(/\(\?P</g, '(?<'), `u${flags?.[1]?.includes('i') ? 'i' : ''}${flags?.[1]?.includes('s') ? 's' : ''}`).test('');
  } catch {
    return true;
  }
}

function replaceWithLambda(c: Call, r: TranslatedRegex, f: Typed): Sql {
  const s = c.args[0]!.sql;
  const pieces = sql`regexp_split_to_array(${s}, ${pat(r)})`;
  const groups = Array.from({ length: r.groups }, (_, g) => sql`regexp_extract_all(${s}, ${pat(r)}, ${String(g + 1)})[k]`);
  const matches = sql`len(regexp_extract_all(${s}, ${pat(r)}))`;
  // the groups as a typed list: a pattern without groups passes an empty array(varchar), whose x[1] fails
  const replaced = apply(f, sql`CAST([${join(groups)}] AS VARCHAR[])`);
  // "replacing a substring with null (unknown) makes the entire string null" (trinodb/trino
  // JoniRegexpReplaceLambdaFunction)
  const anyNull = sql`coalesce(list_bool_or(list_transform(range(1, ${matches} + 1), lambda k: (${replaced}) IS NULL)), false)`;
  // the pieces between matches come from DuckDB's split, which drops those an empty match cuts: refused there
  const emptyMatch = sql`${s} <> '' AND list_contains(regexp_extract_all(${s}, ${pat(r)}), '')`;
  return sql`CASE WHEN ${s} IS NULL THEN NULL WHEN ${emptyMatch} THEN ${EMPTY_MATCH('regexp_replace with a lambda')} WHEN ${anyNull} THEN NULL ELSE array_to_string(list_transform(range(1, len(${pieces}) + 1), lambda k: ${pieces}[k] || CASE WHEN k <= ${matches} THEN ${replaced} ELSE '' END), '') END`;
}

/**
 * Result types as JoniRegexpFunctions declares them: regexp_extract, and the elements of regexp_extract_all and
 * regexp_split, are the source's varchar(x); regexp_replace(varchar(x), pattern) is varchar(x), with a replacement
 * varchar(y) it is varchar(z), `z = min(2147483647, x + max(x * y / 2, y) * (x + 1))` (@Constraint; an unbounded
 * varchar is 2147483647 long, so the result is unbounded too); with a lambda, varchar (JoniRegexpReplaceLambdaFunction).
 */
function sourceType(args: Typed[]): SqlType {
  const t = args[0]!.type;
  return t.kind === 'varchar' && t.length !== undefined ? T.varcharN(t.length) : T.varchar;
}

function replacedType(args: Typed[]): SqlType {
  const third = args[2];
  if (third === undefined) return sourceType(args);
  const x = args[0]!.type;
  const y = third.type;
  if (third.lambda || x.kind !== 'varchar' || y.kind !== 'varchar' || x.length === undefined || y.length === undefined) return T.varchar;
  const z = Math.min(2147483647, x.length + Math.max(Math.floor((x.length * y.length) / 2), y.length) * (x.length + 1));
  return z >= 2147483647 ? T.varchar : T.varcharN(z);
}

const FUNCTIONS: FunctionTable = {
  regexp_like: custom('varchar, varchar -> boolean', (c) => sql`regexp_matches(${c.args[0]!.sql}, ${pat(regex(c))})`),
  regexp_count: custom('varchar, varchar -> bigint', (c) => sql`CAST(len(regexp_extract_all(${c.args[0]!.sql}, ${pat(regex(c))})) AS BIGINT)`),
  regexp_extract: custom(['varchar, varchar -> varchar', 'varchar, varchar, bigint -> varchar'], (c) => {
    const r = regex(c);
    const s = c.args[0]!.sql;
    const group = groupArg(c, 2, r);
    const extracted = sql`regexp_extract(${s}, ${pat(r)}, ${group})`;
    // the first match's group from regexp_extract_all, which keeps a group that took no part NULL
    const value = group !== '0' && groupMayNotTakePart(r.re2) ? sql`regexp_extract_all(${s}, ${pat(r)}, ${group})[1]` : extracted;
    return sql`CASE WHEN regexp_matches(${s}, ${pat(r)}) THEN ${value} END`;
  }, { returns: sourceType }),
  regexp_extract_all: custom(['varchar, varchar -> array(varchar)', 'varchar, varchar, bigint -> array(varchar)'], (c) => {
    const r = regex(c);
    return sql`regexp_extract_all(${c.args[0]!.sql}, ${pat(r)}, ${groupArg(c, 2, r)})`;
  }, { returns: (args) => T.array(sourceType(args)) }),
  regexp_replace: custom(['varchar, varchar -> varchar', 'varchar, varchar, varchar -> varchar', 'varchar, varchar, function(array(varchar), varchar) -> varchar'], (c) => {
    const r = regex(c);
    const s = c.args[0]!.sql;
    const third = c.args[2];
    if (third?.lambda) return replaceWithLambda(c, r, third);
    let replacement = "''";
    if (third) {
      const text = constantString(c, 2, 'replacement');
      try {
        replacement = str(javaReplacement(text, r));
      } catch (e) {
        if (e instanceof RegexError) throw c.t.fail(third.at, e.message);
        throw e;
      }
    }
    const replaced = sql`regexp_replace(${s}, ${pat(r)}, ${replacement}, 'g')`;
    if (replacement === "''" || !mayMatchEmpty(r.re2)) return replaced;
    // RE2 counts its replacements where Trino counts its matches; they differ only where an empty match follows a
    // non-empty one: refused there (U+E000 marks RE2's replacements; a text holding it is refused too)
    const marker = '\u{E000}';
    const re2Count = sql`len(string_split(regexp_replace(${s}, ${pat(r)}, '${marker}', 'g'), '${marker}')) - 1`;
    return sql`CASE WHEN contains(${s}, '${marker}') OR len(regexp_extract_all(${s}, ${pat(r)})) <> ${re2Count} THEN ${EMPTY_MATCH('regexp_replace')} ELSE ${replaced} END`;
  }, { returns: replacedType }),
  // JoniRegexpFunctions.regexpSplit: the text between matches, and the rest after the last one — so '' is [''] —
  // where an empty match also cuts (`regexp_split('abc', '')` is ['', a, b, c, '']); DuckDB's split drops such
  // pieces, so a row where the pattern matches the empty string is refused as it runs
  regexp_split: custom('varchar, varchar -> array(varchar)', (c) => {
    const s = c.args[0]!.sql;
    const p = pat(regex(c));
    return sql`CASE WHEN ${s} = '' THEN [''] WHEN list_contains(regexp_extract_all(${s}, ${p}), '') THEN ${EMPTY_MATCH('regexp_split')} ELSE regexp_split_to_array(${s}, ${p}) END`;
  }, { returns: (args) => T.array(sourceType(args)) }),
  regexp_position: custom(['varchar, varchar -> integer', 'varchar, varchar, bigint -> integer', 'varchar, varchar, bigint, bigint -> integer'], (c) => {
    const r = regex(c);
    const s = c.args[0]!.sql;
    const start = c.args[2]?.sql ?? '1';
    const occurrence = c.args[3]?.sql ?? '1';
    // the text before the n-th match from `start`: n-1 matches and the shortest prefix before the next
    const rest = sql`substring(${s}, ${start})`;
    const before = sql`regexp_extract(${rest}, '(?s)^((?:.*?(?:' || ${pat(r)} || ')){' || (${occurrence} - 1) || '}.*?)(?:' || ${pat(r)} || ')', 1)`;
    const found = sql`regexp_matches(${rest}, '(?s)^(?:.*?(?:' || ${pat(r)} || ')){' || ${occurrence} || '}')`;
    return sql`CASE WHEN ${start} < 1 THEN ${failure("'start must be positive'")} WHEN ${occurrence} < 1 THEN ${failure("'occurrence must be positive'")} WHEN ${found} THEN CAST(${start} + length(${before}) AS INTEGER) ELSE -1 END`;
  }, { returns: () => T.integer }),
};

/**
 * Joni reads `\\b`, `\\B` and POSIX classes (`[[:alpha:]]`) over all of Unicode (é is a word character), RE2 over
 * ASCII: with such a pattern, a row whose text is not ASCII is refused as the query runs (javaRegex's asciiOnly).
 */
function asciiGuarded(table: FunctionTable): FunctionTable {
  const guarded = ([name, def]: [string, FunctionDef]): [string, FunctionDef] => [
    name,
    {
      ...def,
      emit: (c: Call) => {
        const out = def.emit(c) as Sql | Typed;
        const construct = regex(c).asciiOnly;
        if (construct === undefined) return out;
        const why = `${c.name} with a pattern using ${construct} over a text that is not ASCII is not supported by the local engine (Athena has it): Trino's regular expressions (Joni) read it over all of Unicode, RE2's over ASCII`;
        const guard = (x: Sql) => sql`CASE WHEN regexp_matches(${c.args[0]!.sql}, '[^\\x00-\\x7F]') THEN ${refusal(str(why), `${c.name} with a pattern using ${construct} over a text that is not ASCII`)} ELSE ${x} END`;
        return typeof out === 'object' && 'type' in out ? { ...out, sql: guard(out.sql) } : guard(out);
      },
    },
  ];
  return Object.fromEntries(Object.entries(table).map(guarded));
}

export const REGEXP: FunctionTable = asciiGuarded(FUNCTIONS);
