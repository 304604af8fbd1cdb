/**
 * Regular expression functions (trinodb/trino docs/src/main/sphinx/functions/regexp.md). Trino's patterns are
 * Java's; DuckDB's are RE2's. A (constant) pattern is translated construct by construct — `\s` as Java's six
 * whitespace characters, `\uXXXX` as `\x{XXXX}`, `(?<name>…)` as `(?P<name>…)` — and what RE2 cannot do (look-
 * arounds, back references, atomic groups, possessive quantifiers, class intersections, `\G`, `\Z`, `\R`…) is
 * refused by name. Replacements: `$n` and `${name}` as RE2's `\n`, `\$` a dollar; every match is replaced (DuckDB:
 * the first, without the 'g' option). No match: `regexp_extract` is NULL (DuckDB: ''), `regexp_position` -1.
 */
import { failure, join, sql, type Sql } from '../../dialects/emit';
import { T } from '../../dialects/sqlType';
import { str } from '../casts';
import type { Typed } from '../model';
import { apply } from './arrays';
import { constant, constantString, custom, type Call, type FunctionTable } from './registry';

export class RegexError extends Error {}

export interface TranslatedRegex {
  re2: string;
  /** capturing groups */
  groups: number;
  /** named groups, by number */
  names: Map<string, number>;
}

const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';

/** A Java regular expression as RE2 syntax, or a RegexError naming the construct RE2 lacks. */
export function javaRegex(pattern: string): TranslatedRegex {
  let out = '';
  let groups = 0;
  const names = new Map<string, number>();
  let inClass = 0;
  const unsupported = (what: string) => new RegexError(what);
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new RegexError('a pattern ending with a backslash');
      i++;
      if (next === 'Q') {
        // \Q…\E quotes literally
        const end = pattern.indexOf('\\E', i + 1);
        const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
        out += literal.replace(/[\\.^$|?*+()[\]{}-]/g, '\\$&');
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (next === 's') {
        out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
        continue;
      }
      if (next === 'S') {
        if (inClass) throw unsupported('\\S inside a character class');
        out += `[^${JAVA_SPACE}]`;
        continue;
      }
      if (next === 'u') {
        const hex = pattern.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new RegexError('an incomplete \\u escape');
        out += `\\x{${hex}}`;
        i += 4;
        continue;
      }
      if (/[1-9]/.test(next) && !inClass) throw unsupported('back references (\\1)');
      if (next === 'k') throw unsupported('named back references (\\k<name>)');
      if ('GZRXhHvVe'.includes(next)) throw unsupported(`\\${next}`);
      if (next === 'p' || next === 'P') {
        const m = /^\{([A-Za-z]+)\}/.exec(pattern.slice(i + 1));
        if (m && /^(java|Is|In)/.test(m[1]!)) throw unsupported(`\\${next}{${m[1]}}`);
      }
      if (next === '0') throw unsupported('octal escapes (\\0)');
      if (next === 'c') throw unsupported('control escapes (\\c)');
      out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (ch === '[') {
        if (pattern[i + 1] === ':') {
          out += ch;
          continue;
        }
        throw unsupported('nested character classes and class unions');
      }
      if (ch === '&' && pattern[i + 1] === '&') throw unsupported('character class intersections (&&)');
      if (ch === ']') inClass = 0;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = 1;
      out += ch;
      // a ] or ^] right after [ is literal
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const rest = pattern.slice(i + 2);
        if (/^[=!]/.test(rest) || /^<[=!]/.test(rest)) throw unsupported('look-ahead and look-behind');
        if (rest.startsWith('>')) throw unsupported('atomic groups (?>…)');
        const named = /^<([A-Za-z][A-Za-z0-9]*)>/.exec(rest);
        if (named) {
          groups++;
          names.set(named[1]!, groups);
          out += `(?P<${named[1]}>`;
          i += 1 + named[0].length;
          continue;
        }
        const flags = /^([a-zA-Z]*)(-[a-zA-Z]*)?([:)])/.exec(rest);
        if (flags) {
          if (/[^ims-]/.test((flags[1] ?? '') + (flags[2] ?? ''))) throw unsupported(`the flags (?${flags[1]}${flags[2] ?? ''})`);
          out += `(?${flags[1]}${flags[2] ?? ''}${flags[3]}`;
          i += 1 + flags[0].length;
          continue;
        }
        throw unsupported(`the group (?${rest.slice(0, 3)}`);
      }
      groups++;
      out += ch;
      continue;
    }
    if ((ch === '+' && /[*+?}]/.test(pattern[i - 1] ?? '') && pattern[i - 2] !== '\\') || (ch === '+' && pattern[i - 1] === '}')) throw unsupported('possessive quantifiers (*+, ++, ?+)');
    out += ch;
  }
  return { re2: out, groups, names };
}

/** A Java replacement string (`$1`, `${name}`, `\$`) as RE2's (`\1`, `\\`). */
export function javaReplacement(replacement: string, regex: TranslatedRegex): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!;
    if (ch === '\\') {
      const next = replacement[i + 1];
      if (next === undefined) throw new RegexError('a replacement ending with a backslash');
      out += next === '\\' ? '\\\\' : next;
      i++;
    } else if (ch === '$') {
      if (replacement[i + 1] === '{') {
        const end = replacement.indexOf('}', i);
        const name = replacement.slice(i + 2, end);
        const n = regex.names.get(name);
        if (end < 0 || n === undefined) throw new RegexError(`No group with name {${name}}`);
        out += `\\${n}`;
        i = end;
        continue;
      }
      // Java reads as many digits as still name a group
      let j = i + 1;
      if (!/\d/.test(replacement[j] ?? '')) throw new RegexError('Illegal group reference');
      let n = Number(replacement[j]);
      j++;
      while (j < replacement.length && /\d/.test(replacement[j]!) && n * 10 + Number(replacement[j]) <= regex.groups) {
        n = n * 10 + Number(replacement[j]);
        j++;
      }
      if (n > regex.groups) throw new RegexError(`No group ${n}`);
      if (n > 9) throw new RegexError(`group ${n} (RE2 replacements reach \\9)`);
      out += `\\${n}`;
      i = j - 1;
    } else out += ch;
  }
  return out;
}

function regex(c: Call, i = 1): TranslatedRegex {
  const pattern = constantString(c, i, 'pattern');
  try {
    return javaRegex(pattern);
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

function replaceWithLambda(c: Call, r: TranslatedRegex, f: Typed): Sql {
  const s = c.args[0]!.sql;
  const pieces = sql`regexp_split_to_array(${s}, ${pat(r)})`;
  const groups = Array.from({ length: r.groups }, (_, g) => sql`regexp_extract_all(${s}, ${pat(r)}, ${String(g + 1)})[k]`);
  const matches = sql`len(regexp_extract_all(${s}, ${pat(r)}))`;
  const replaced = apply(f, sql`[${join(groups)}]`);
  return sql`CASE WHEN ${s} IS NULL THEN NULL ELSE array_to_string(list_transform(range(1, len(${pieces}) + 1), lambda k: ${pieces}[k] || CASE WHEN k <= ${matches} THEN coalesce(${replaced}, '') ELSE '' END), '') END`;
}

export const REGEXP: FunctionTable = {
  regexp_like: custom('varchar, varchar -> boolean', (c) => sql`regexp_matches(${c.args[0]!.sql}, ${pat(regex(c))})`),
  regexp_count: custom('varchar, varchar -> bigint', (c) => sql`CAST(len(regexp_extract_all(${c.args[0]!.sql}, ${pat(regex(c))})) AS BIGINT)`),
  regexp_extract: custom(['varchar, varchar -> varchar', 'varchar, varchar, bigint -> varchar'], (c) => {
    const r = regex(c);
    const s = c.args[0]!.sql;
    return sql`CASE WHEN regexp_matches(${s}, ${pat(r)}) THEN regexp_extract(${s}, ${pat(r)}, ${groupArg(c, 2, r)}) END`;
  }),
  regexp_extract_all: custom(['varchar, varchar -> array(varchar)', 'varchar, varchar, bigint -> array(varchar)'], (c) => {
    const r = regex(c);
    return sql`regexp_extract_all(${c.args[0]!.sql}, ${pat(r)}, ${groupArg(c, 2, r)})`;
  }),
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
    return sql`regexp_replace(${s}, ${pat(r)}, ${replacement}, 'g')`;
  }),
  regexp_split: custom('varchar, varchar -> array(varchar)', (c) => sql`regexp_split_to_array(${c.args[0]!.sql}, ${pat(regex(c))})`),
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
