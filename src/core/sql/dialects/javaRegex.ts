/**
 * Java regular expressions (java.util.regex, the patterns of Trino's and Spark's regexp functions) as RE2's, which
 * DuckDB's regexp functions use. A pattern is translated construct by construct — `\s` as Java's six whitespace
 * characters, `\uXXXX` as `\x{XXXX}`, `(?<name>…)` as `(?P<name>…)` — and what RE2 cannot do (look-arounds, back
 * references, atomic groups, possessive quantifiers, class intersections, `\G`, `\Z`, `\R`…) is refused by name.
 * Replacements: `$n` and `${name}` as RE2's `\n`, `\$` a dollar.
 */

import { JONI_DIGIT, JONI_SPACE, JONI_WORD } from './joniClasses';

export class RegexError extends Error {}

export interface TranslatedRegex {
  re2: string;
  /**
   * Joni's flavour only: a construct RE2 reads over ASCII only where Joni reads all of Unicode (`\\b`, `[[:alpha:]]`),
   * so the translation holds for ASCII text only
   */
  asciiOnly?: string;
  /** capturing groups */
  groups: number;
  /** named groups, by number */
  names: Map<string, number>;
}

const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';

/**
 * Whose regular expressions: java.util.regex's (Spark, Hive's RegexSerDe: `\\w`, `\\d`, `\\s`, `\\b` and POSIX classes
 * over ASCII) or Joni's with Java syntax (Trino's regexp functions: the same over all of Unicode, joniClasses.ts).
 */
export type RegexFlavor = 'java' | 'joni';

const JONI_CLASSES: Record<string, string> = { w: JONI_WORD, d: JONI_DIGIT, s: JONI_SPACE };

/** A Java regular expression as RE2 syntax, or a RegexError naming the construct RE2 lacks. */
export function javaRegex(pattern: string, flavor: RegexFlavor = 'java'): TranslatedRegex {
  let asciiOnly: string | undefined;
  let out = '';
  let groups = 0;
  const names = new Map<string, number>();
  let inClass = 0;
  /** where the last `\p{Name}` ended: its `}` is no quantifier */
  let classNameEnd = -1;
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
      const joniClass = flavor === 'joni' ? JONI_CLASSES[next.toLowerCase()] : undefined;
      if (joniClass !== undefined) {
        if (next === next.toLowerCase()) out += inClass ? joniClass : `[${joniClass}]`;
        else if (inClass) throw unsupported(`\\${next} inside a character class`);
        else out += `[^${joniClass}]`;
        continue;
      }
      if (flavor === 'joni' && (next === 'b' || next === 'B') && !inClass) asciiOnly ??= `\\${next}`;
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
        if (m) {
          // the braces are the class's name, not a quantifier: `\p{L}+` is greedy, not possessive
          out += `\\${next}${m[0]}`;
          i += m[0].length;
          classNameEnd = i;
          continue;
        }
      }
      if (next === '0') throw unsupported('octal escapes (\\0)');
      if (next === 'c') throw unsupported('control escapes (\\c)');
      out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (ch === '[') {
        if (pattern[i + 1] === ':') {
          if (flavor === 'joni') asciiOnly ??= /^\[:\^?[a-z]+:\]/.exec(pattern.slice(i))?.[0] ?? '[:';
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
    if (ch === '+' && i - 1 !== classNameEnd && ((/[*+?}]/.test(pattern[i - 1] ?? '') && pattern[i - 2] !== '\\') || pattern[i - 1] === '}')) throw unsupported('possessive quantifiers (*+, ++, ?+)');
    out += ch;
  }
  return { re2: out, groups, names, ...(asciiOnly ? { asciiOnly } : {}) };
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

/**
 * Whether a group of the pattern may take no part in a match (an alternation, or a group under `?`, `*` or `{0`):
 * Trino's regexp_extract gives NULL for such a group (JoniRegexpFunctions: the region begins at -1), where DuckDB's
 * regexp_extract gives '' (its regexp_extract_all gives NULL, as Trino's does). Conservative: any alternation or
 * optional group in the pattern counts.
 */
export function groupMayNotTakePart(re2: string): boolean {
  let inClass = false;
  for (let i = 0; i < re2.length; i++) {
    const ch = re2[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '|') return true;
    else if (ch === ')' && (re2[i + 1] === '?' || re2[i + 1] === '*' || re2.startsWith('{0', i + 1))) return true;
  }
  return false;
}
