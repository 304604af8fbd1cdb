/**
 * Trino's regexp functions run Joni (trinodb/trino core/trino-main JoniRegexpCasts.joniRegexp: `new Regex(pattern,
 * Option.DEFAULT, NonStrictUTF8Encoding.INSTANCE, Syntax.Java)`), and jruby/joni's Syntax.Java sets no
 * Option.ASCII_RANGE (src/org/joni/Syntax.java: SINGLELINE | WORD_BOUND_ALL_RANGE), so `\w`, `\d`, `\s` and the
 * POSIX classes are Unicode's (Parser.parseCharType: `isAsciiRange(env.option)`; joni test/org/joni/test/TestU8.java
 * `x2s("(?u)\\w+", "あa#", 0, 4)`: あ is a word character). The classes are jcodings' tables CR_Word, CR_Digit,
 * CR_Space (src/core/sql/dialects/joniClasses.ts): é U+00E9 is in Word's range U+00D8–U+00F6, ٣ U+0663 in Digit's
 * U+0660–U+0669, the no-break space U+00A0 in Space's list. RE2 reads \b and POSIX classes over ASCII: refused on
 * text that is not ASCII.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure, NOT_SUPPORTED } from './trinoRun';

describe("Trino's \\w, \\d, \\s over Unicode (Joni)", () => {
  it('\\w takes letters with accents, \\d other scripts\' digits, \\s the no-break space', async () => {
    const a = await athena("SELECT regexp_like('é', '^\\w$'), regexp_extract_all('héllo wörld', '\\w+'), regexp_like('٣', '^\\d$'), regexp_replace('a' || chr(160) || 'b', '\\s', '_'), regexp_like('é', '^\\W$'), regexp_extract_all('a1 é2', '[\\w]+')");
    assert.deepEqual(a.rows, [['true', '[héllo, wörld]', 'true', 'a_b', 'false', '[a1, é2]']]);
  });

  it('ASCII text reads as before: \\b and POSIX classes run on it', async () => {
    assert.deepEqual((await athena("SELECT regexp_like('a b', '\\bb'), regexp_like('ab', '^[[:alpha:]]+$'), regexp_extract('x = 42', '\\d+')")).rows, [['true', 'true', '42']]);
  });

  it('\\b or a POSIX class over a text that is not ASCII is refused as the query runs', async () => {
    for (const q of ["SELECT regexp_like(x, '\\bé') FROM (VALUES 'é') t(x)", "SELECT regexp_like(x, '[[:alpha:]]') FROM (VALUES 'é') t(x)"]) {
      const f = await failure(q);
      assert.match(f.message, NOT_SUPPORTED);
      assert.match(f.message, /over a text that is not ASCII/);
    }
  });
});
