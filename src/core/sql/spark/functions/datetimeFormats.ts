/**
 * Spark's datetime patterns (java.time.format.DateTimeFormatter letters, as Spark's sql-ref-datetime-pattern
 * documents them) as DuckDB strftime/strptime formats. Formatting and parsing are translated letter by letter;
 * a letter (or a count of it) whose meaning has no exact strftime form is refused by name. For parsing, a strict
 * regular expression (Java's fixed widths: `MM` is two digits) decides what parses; text that a lenient reading
 * would take (`2016-1-1` for `yyyy-MM-dd`) is refused when the query runs, since Spark 3 fails on it
 * (spark.sql.legacy.timeParserPolicy=EXCEPTION), and anything else gives NULL, as Spark's does.
 *
 * | letters | meaning | strftime | parsed |
 * | --- | --- | --- | --- |
 * | yyyy, yyy, y / yy | year / two-digit year (2000–2099) | %Y / %y | 4+ digits / 2 |
 * | M, MM / MMM / MMMM (L too) | month / Jan / January | %-m, %m / %b / %B | 1-2, 2 / name |
 * | d, dd | day of month | %-d, %d | 1-2, 2 |
 * | D, DD, DDD | day of year | %-j, %j | |
 * | H, HH / h, hh / k / K | hour 0-23 / 1-12 / 1-24 / 0-11 | %-H, %H / %-I, %I | |
 * | m, mm / s, ss | minute / second | %-M, %M / %-S, %S | |
 * | S… (1 to 6) | fraction of a second, truncated | %g (3), %f (6), cut | exactly that many digits |
 * | a | AM / PM | %p | |
 * | E, EE, EEE / EEEE | Mon / Monday | %a / %A | refused |
 * | Q, QQ | quarter | computed | refused |
 * | XXX, XX, X / xxx, xx, x / Z, ZZ, ZZZ / z / VV | the session zone (UTC): Z / +00:00 / +0000 / UTC | constant | an offset: `+01:00` / `+0100` / `+0100`; X's `Z` only at the pattern's end; z, VV refused |
 *
 * A parsed offset makes the value the instant the text names, in UTC (the session zone of a Glue job): Spark's
 * TimestampFormatter parses to an Instant (`to_timestamp('10/Mar/2024:02:00:01 +0100', 'dd/MMM/yyyy:HH:mm:ss Z')` is
 * 2024-03-10 01:00:01). DateTimeFormatter's offset patterns (DateTimeFormatterBuilder.appendPattern): Z–ZZZ
 * `+HHMM` (no offset `+0000`), x `+HHmm`, xx `+HHMM`, xxx `+HH:MM`, X/XX/XXX the same with `Z` for no offset.
 * | 'text', '' | literal text, a quote | as is | as is |
 */
export class PatternError extends Error {}

/**
 * A pattern Spark itself fails on (java.lang.IllegalArgumentException, its message as Spark 3.3/3.5 give it): not a
 * refusal. DateTimeFormatterHelper.convertIncompatiblePattern throws `Illegal pattern character: A` for its
 * unsupportedLetters (A, n, N, p) before the pattern is built; DateTimeFormatterBuilder.appendPattern throws
 * `Unknown pattern letter: T` for a letter it does not know. Both happen inside checkLegacyFormatter, which rethrows
 * the exception when SimpleDateFormat (the legacy formatter) rejects the pattern too — it does for these letters
 * (SimpleDateFormat's letters are GyMdkHmsSEDFwWahKzZYuXL).
 */
export class SparkPatternFailure extends PatternError {}

/** Spark's unsupportedLetters (DateTimeFormatterHelper) */
const SPARK_UNSUPPORTED_LETTERS = new Set(['A', 'n', 'N', 'p']);
/** letters neither Java 8's DateTimeFormatterBuilder nor SimpleDateFormat knows (B, g, v are Java 9+'s: refused) */
const UNKNOWN_LETTERS = new Set([...'bCfIiJjloPRrTtU']);

/** the unquoted text of a pattern */
const unquoted = (pattern: string) => pattern.split("'").filter((_, i) => i % 2 === 0).join(' ');

export interface TranslatedPattern {
  /** DuckDB strftime format (for formatting) */
  format: string;
  /** the format for strptime, when parsing is translated */
  parse?: string;
  /** a regular expression the text must match exactly to parse (Java's widths) */
  strict?: string;
  /** a looser expression: text matching it but not `strict` is refused (Spark fails on it) */
  lenient?: string;
  /** pieces that need SQL rather than strftime: quarter */
  quarter?: boolean;
  /** the parse reads a zone offset (strptime's %z gives an instant): the value is that instant in UTC */
  zoned?: boolean;
  /** the offset ends the pattern and may be written `Z` (X…): a final `Z` of the text reads as +00:00 */
  trailingZ?: boolean;
}

/** the offsets DateTimeFormatter's x / xx / xxx (and X…, Z…) read: +HH[mm], +HHMM, +HH:MM */
const OFFSET_RE: Record<number, string> = { 1: '[+-]\\d{2}(\\d{2})?', 2: '[+-]\\d{4}', 3: '[+-]\\d{2}:\\d{2}' };

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const escapeFmt = (s: string) => s.replace(/%/g, '%%');

/** Translates a Spark datetime pattern; `forParsing` also gives the strptime side. */
export function translatePattern(pattern: string): TranslatedPattern {
  const bare = unquoted(pattern);
  // convertIncompatiblePattern's checks run on the whole pattern first (week-based letters, refused below, before)
  if (!/[YWwuec]/.test(bare)) for (const ch of bare) if (SPARK_UNSUPPORTED_LETTERS.has(ch)) throw new SparkPatternFailure(`Illegal pattern character: ${ch}`);
  let format = '';
  let parse = '';
  let strict = '';
  let lenient = '';
  let parsable = true;
  let quarter = false;
  let zoned = false;
  let trailingZ = false;
  const literal = (s: string) => {
    format += escapeFmt(s);
    parse += escapeFmt(s);
    strict += escapeRe(s);
    lenient += escapeRe(s);
  };
  const field = (fmt: string, p: string | undefined, re: string, loose: string) => {
    format += fmt;
    if (p === undefined) parsable = false;
    else parse += p;
    strict += re;
    lenient += loose;
  };
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        literal("'");
        i += 2;
        continue;
      }
      if (end < 0) throw new PatternError('an unclosed quote');
      literal(pattern.slice(i + 1, end).replace(/''/g, "'"));
      i = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      if (ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === '#') throw new PatternError(`the pattern character ${ch} (optional sections)`);
      literal(ch);
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'y':
        if (n === 2) field('%y', '%y', '\\d{2}', '\\d{1,2}');
        else if (n <= 4) field(n === 1 ? '%Y' : '%Y', '%Y', n === 4 ? '\\d{4}' : '\\d{' + n + ',}', '\\d+');
        else throw new PatternError(`${'y'.repeat(n)} (a padded year)`);
        break;
      case 'M':
      case 'L':
        if (n === 1) field('%-m', '%m', '\\d{1,2}', '\\d{1,2}');
        else if (n === 2) field('%m', '%m', '\\d{2}', '\\d{1,2}');
        else if (n === 3) field('%b', '%b', '[A-Za-z]{3}', '[A-Za-z]+');
        else if (n === 4) field('%B', '%B', '[A-Za-z]+', '[A-Za-z]+');
        else throw new PatternError(`${ch.repeat(n)}`);
        break;
      case 'd':
        if (n === 1) field('%-d', '%d', '\\d{1,2}', '\\d{1,2}');
        else if (n === 2) field('%d', '%d', '\\d{2}', '\\d{1,2}');
        else throw new PatternError(`${'d'.repeat(n)}`);
        break;
      case 'D':
        if (n === 1) field('%-j', '%j', '\\d{1,3}', '\\d{1,3}');
        else if (n === 3) field('%j', '%j', '\\d{3}', '\\d{1,3}');
        else throw new PatternError(`${'D'.repeat(n)}`);
        break;
      case 'H':
        if (n === 1) field('%-H', '%H', '\\d{1,2}', '\\d{1,2}');
        else if (n === 2) field('%H', '%H', '\\d{2}', '\\d{1,2}');
        else throw new PatternError(`${'H'.repeat(n)}`);
        break;
      case 'h':
        if (n === 1) field('%-I', '%I', '\\d{1,2}', '\\d{1,2}');
        else if (n === 2) field('%I', '%I', '\\d{2}', '\\d{1,2}');
        else throw new PatternError(`${'h'.repeat(n)}`);
        break;
      case 'm':
        if (n === 1) field('%-M', '%M', '\\d{1,2}', '\\d{1,2}');
        else if (n === 2) field('%M', '%M', '\\d{2}', '\\d{1,2}');
        else throw new PatternError(`${'m'.repeat(n)}`);
        break;
      case 's':
        if (n === 1) field('%-S', '%S', '\\d{1,2}', '\\d{1,2}');
        else if (n === 2) field('%S', '%S', '\\d{2}', '\\d{1,2}');
        else throw new PatternError(`${'s'.repeat(n)}`);
        break;
      case 'S':
        if (n === 3) field('%g', '%g', '\\d{3}', '\\d+');
        else if (n === 6) field('%f', '%f', '\\d{6}', '\\d+');
        else if (n < 6) field(`\u0001${n}`, undefined, `\\d{${n}}`, '\\d+');
        else throw new PatternError(`${'S'.repeat(n)} (more than six fraction digits)`);
        break;
      case 'a':
        if (n > 1) throw new PatternError(`${'a'.repeat(n)}`);
        field('%p', '%p', '(AM|PM|am|pm)', '[A-Za-z]+');
        break;
      case 'E':
        if (n <= 3) field('%a', undefined, '[A-Za-z]{3}', '[A-Za-z]+');
        else if (n === 4) field('%A', undefined, '[A-Za-z]+', '[A-Za-z]+');
        else throw new PatternError(`${'E'.repeat(n)}`);
        break;
      case 'Q':
      case 'q':
        if (n > 2) throw new PatternError(`${ch.repeat(n)} (quarter names)`);
        quarter = true;
        field(n === 1 ? '\u0002' : '\u00020', undefined, n === 1 ? '\\d' : '\\d{2}', '\\d+');
        break;
      case 'X':
        if (n > 3) throw new PatternError(`${'X'.repeat(n)}`);
        // parsed only at the pattern's end, where a final Z of the text can be read as +00:00
        zoned = true;
        field('Z', i >= pattern.length ? '%z' : undefined, `(Z|${OFFSET_RE[n]!})`, '.+');
        trailingZ = true;
        break;
      case 'x':
        if (n > 3) throw new PatternError(`${'x'.repeat(n)}`);
        zoned = true;
        field(n === 1 ? '+00' : n === 2 ? '+0000' : '+00:00', '%z', OFFSET_RE[n]!, '.+');
        break;
      case 'Z':
        if (n > 3) throw new PatternError(`${'Z'.repeat(n)}`);
        zoned = true;
        field('+0000', '%z', OFFSET_RE[2]!, '.+');
        break;
      case 'z':
        if (n > 3) throw new PatternError(`${'z'.repeat(n)} (zone names)`);
        field('UTC', undefined, '', '.+');
        break;
      case 'V':
        if (n !== 2) throw new PatternError('V (zone ids take VV)');
        field('UTC', undefined, '', '.+');
        break;
      default:
        if (UNKNOWN_LETTERS.has(ch)) throw new SparkPatternFailure(`Unknown pattern letter: ${ch}`);
        throw new PatternError(`the pattern letter ${ch}`);
    }
  }
  return { format, ...(parsable ? { parse, strict, lenient } : {}), ...(quarter ? { quarter } : {}), ...(zoned ? { zoned } : {}), ...(trailingZ ? { trailingZ } : {}) };
}
