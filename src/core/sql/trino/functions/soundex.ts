/**
 * Trino's soundex (io.trino.util.Soundex, "derived from org.apache.commons.codec.language.Soundex#US_ENGLISH …
 * preserving its exact behavior"): the classic American Soundex, H and W silent (they do not separate two consonants
 * of one code), vowels separating them. ASCII text: letters only, others skipped; no letter gives ''. Other text:
 * the letters (Character.isLetter, one UTF-16 unit at a time) upper-cased (String.toUpperCase, `ß` → `SS`), and a
 * letter outside A–Z fails as commons-codec fails: `The character is not mapped: É (index=4)`.
 */

const US_ENGLISH_MAPPING = '01230120022455012623010202';

/** The code of an upper-case letter; a string starting with \u0000 carries the failure's message. */
function code(letter: string): string {
  const index = letter.charCodeAt(0) - 65;
  if (index < 0 || index >= US_ENGLISH_MAPPING.length) throw new Error(`The character is not mapped: ${letter} (index=${index})`);
  return US_ENGLISH_MAPPING[index]!;
}

/** soundex(s), or `\u0000<message>` where Trino fails. */
export function trinoSoundex(input: string): string {
  try {
    let letters: string;
    if (!/[^\p{ASCII}]/u.test(input)) letters = input.replace(/[^A-Za-z]/g, '').toUpperCase();
    else {
      let kept = '';
      for (let i = 0; i < input.length; i++) if (/\p{L}/u.test(input[i]!)) kept += input[i]!;
      letters = kept.toUpperCase();
    }
    if (letters === '') return '';
    let out = letters[0]!;
    let last = code(out);
    for (let i = 1; i < letters.length && out.length < 4; i++) {
      const c = letters[i]!;
      if (c === 'H' || c === 'W') continue;
      const digit = code(c);
      if (digit !== '0' && digit !== last) out += digit;
      last = digit;
    }
    return out.padEnd(4, '0');
  } catch (e) {
    return `\u0000${(e as Error).message}`;
  }
}
