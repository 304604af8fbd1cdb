/**
 * Python's `re` patterns as RE2 patterns (DuckDB's regexp functions), with Python's meaning: `\d`, `\w`, `\s` are
 * Unicode classes in Python 3 str patterns (RE2's are ASCII), `$` also matches before a final newline, `\Z` is the
 * end of the text, `{,n}` is `{0,n}`. What RE2 cannot do (lookarounds, backreferences, atomic groups, conditionals,
 * verbose mode, Unicode word boundaries) is refused by name.
 */

/** Python's whitespace for `\s` (str.isspace). */
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}';
const PY_WORD = '\\p{L}\\p{N}_';
const PY_DIGIT = '\\p{Nd}';

export class RegexError extends Error {}

/** Translates a Python pattern; throws RegexError naming what cannot be translated. */
export function pythonRegexToRe2(p: string): string {
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') {
      const d = p[i + 1];
      if (d === undefined) throw new RegexError('the pattern ends with a lone backslash');
      i += 2;
      switch (d) {
        case 'd':
          out += inClass ? PY_DIGIT : `[${PY_DIGIT}]`;
          continue;
        case 'D':
          if (inClass) throw new RegexError('\\D inside a character class is not translated');
          out += `[^${PY_DIGIT}]`;
          continue;
        case 'w':
          out += inClass ? PY_WORD : `[${PY_WORD}]`;
          continue;
        case 'W':
          if (inClass) throw new RegexError('\\W inside a character class is not translated');
          out += `[^${PY_WORD}]`;
          continue;
        case 's':
          out += inClass ? PY_SPACE : `[${PY_SPACE}]`;
          continue;
        case 'S':
          if (inClass) throw new RegexError('\\S inside a character class is not translated');
          out += `[^${PY_SPACE}]`;
          continue;
        case 'b':
        case 'B':
          if (inClass && d === 'b') {
            out += '\\x08';
            continue;
          }
          throw new RegexError(`\\${d} (a word boundary, Unicode-aware in Python) is not translated`);
        case 'Z':
          out += '\\z';
          continue;
        case 'A':
          out += '\\A';
          continue;
        case 'u': {
          const hex = p.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new RegexError('a \\u escape needs four hex digits');
          out += `\\x{${hex}}`;
          i += 4;
          continue;
        }
        case 'U': {
          const hex = p.slice(i, i + 8);
          if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new RegexError('a \\U escape needs eight hex digits');
          out += `\\x{${hex}}`;
          i += 8;
          continue;
        }
        case 'N':
          throw new RegexError('\\N{name} escapes are not translated');
        default:
          if (/[1-9]/.test(d) && !inClass) throw new RegexError(`the backreference \\${d} is not supported by RE2`);
          if (d === '0') {
            out += '\\x00';
            continue;
          }
          out += `\\${d}`;
          continue;
      }
    }
    if (inClass) {
      if (c === ']' && !/\[\^?$/.test(out)) inClass = false;
      if (c === '[' && p[i + 1] === ':') throw new RegexError('POSIX classes inside [] mean something else in Python');
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // a ']' right after '[' or '[^' is a literal
      if (p[i] === '^') {
        out += '^';
        i++;
      }
      if (p[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2);
      if (/^[=!]/.test(rest) || /^<[=!]/.test(rest)) throw new RegexError('lookahead and lookbehind are not supported by RE2');
      if (rest.startsWith('P=')) throw new RegexError('the backreference (?P=name) is not supported by RE2');
      if (rest.startsWith('>')) throw new RegexError('atomic groups are not supported by RE2');
      if (rest.startsWith('(')) throw new RegexError('conditional groups are not supported by RE2');
      if (rest.startsWith('#')) {
        const end = p.indexOf(')', i);
        if (end < 0) throw new RegexError('an unclosed comment group');
        i = end + 1;
        continue;
      }
      const flags = /^([aiLmsux-]+)(\)|:)/.exec(rest);
      if (flags && /[xLau]/.test(flags[1]!)) throw new RegexError(`the inline flag (?${flags[1]}) is not translated`);
      if (flags && /[ms]/.test(flags[1]!)) throw new RegexError(`the inline flag (?${flags[1]}) is not translated`);
    }
    if (c === '$') {
      out += '(?:\\n?\\z)';
      i++;
      continue;
    }
    if (c === '{') {
      const m = /^\{,(\d+)\}/.exec(p.slice(i));
      if (m) {
        out += `{0,${m[1]}}`;
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  if (inClass) throw new RegexError('an unclosed character class');
  return out;
}
