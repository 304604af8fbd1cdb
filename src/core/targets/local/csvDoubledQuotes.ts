/**
 * A doubled quote (`""`) inside a quoted CSV value read by spark.read.csv whose `escape` is not the quote. Spark's
 * CSV reader is univocity-parsers' CsvParser with Spark's options (CSVOptions.asParserSettings): quote `"`, quote
 * escape `\` (Spark's CSV data source options: "escape (default \): Sets a single character used for escaping quotes
 * inside an already quoted value"), unescapedQuoteHandling STOP_AT_DELIMITER. In CsvParser.parseQuotedValue (uniVocity/
 * univocity-parsers, 7e7d1b3) a quote followed by a quote appends one quote, but the character after it is then seen
 * as following an unescaped quote (`prev == quote`): handleUnescapedQuote, and with STOP_AT_DELIMITER the value is
 * re-read up to the delimiter with its quotes - `"a ""q"" b"` is not `a "q" b` (RFC 4180) there, as it is in
 * DuckDB's reader. That reading is traced from the source, not seen in a published output: refused by name, with the
 * option whose meaning is documented (`escape` set to the quote: a doubled quote is one quote).
 */
import { promises as fs } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { LakehouseError } from '../../errors';

/**
 * Where the local reader (DuckDB's read_csv) and Spark's (univocity) part, for an escape that is not the quote:
 * `doubled`, a doubled quote in a quoted value (not an empty field `""`); `escape`, the escape before a character that
 * is neither the quote nor the escape in a quoted value (univocity keeps the escape, parseQuotedValue: "if (prev ==
 * quoteEscape ...) append(quoteEscape)"; DuckDB given that escape drops it) in a file that also escapes a quote or the
 * escape (`\"`, `\\`: DuckDB needs the escape for those; a file without them is read with none, the escape then kept).
 * `escapes`: the text holds such escapes; `other`, the first escape before another character.
 */
export function csvEscapeFault(text: string, quote: string, sep: string, escape: string): { fault?: { line: number; kind: 'doubled' | 'escape'; ch?: string }; escapes: boolean; other?: { line: number; kind: 'escape'; ch: string } } {
  if (quote.length !== 1 || escape === quote || !text.includes(quote)) return { escapes: false };
  let escapes = false;
  let other: { line: number; kind: 'escape'; ch: string } | undefined;
  let line = 1;
  let i = 0;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (fieldStart && c === quote) {
      i++;
      for (;;) {
        if (i >= text.length) return { escapes, other }; // a quote left open: the reader's own error
        const d = text[i]!;
        if (d === '\n') line++;
        if (escape !== '' && d === escape) {
          const e = text[i + 1];
          if (e === quote || e === escape) {
            escapes = true;
            i += 2;
            continue;
          }
          other ??= { line, kind: 'escape', ch: e ?? '' };
          i++;
          continue;
        }
        if (d === quote) {
          if (text[i + 1] === quote) return { fault: { line, kind: 'doubled' }, escapes, other };
          i++;
          break;
        }
        i++;
      }
      fieldStart = false;
      continue;
    }
    if (c === '\n') {
      line++;
      fieldStart = true;
      i++;
    } else if (sep !== '' && text.startsWith(sep, i)) {
      fieldStart = true;
      i += sep.length;
    } else {
      fieldStart = false;
      i++;
    }
  }
  return escapes && other ? { fault: other, escapes, other } : { escapes, other };
}

/**
 * Refuses the read at the first csvEscapeFault of its files, when `escape` is not the quote (Spark's default: `\`);
 * else the escape to give DuckDB: the option's, or none when no file escapes a quote or the escape.
 */
export async function refuseDoubledQuotes(
  files: readonly string[],
  opts: { quote: string; sep: string; escape: string },
  locationOf: (file: string) => string,
  at: { file: string; line: number },
): Promise<string> {
  if (opts.escape === opts.quote || opts.quote === '') return opts.escape;
  let escapes = false;
  let other: { file: string; line: number; ch: string } | undefined;
  const refuse = (file: string, fault: { line: number; kind: 'doubled' | 'escape'; ch?: string }): never => {
    const q = opts.quote === '"' ? '\\"' : opts.quote;
    const what =
      fault.kind === 'doubled'
        ? `holds a doubled quote (${opts.quote}${opts.quote}) in a value, and Spark's CSV reader, with escape ${opts.escape} (Spark's default is \\), does not read it as one quote (univocity-parsers takes the second quote as an unescaped one); add .option("escape", "${q}") to read a doubled quote as one quote (RFC 4180), or escape the quote as ${opts.escape}${opts.quote} in the file`
        : `holds the escape ${opts.escape} before ${JSON.stringify(fault.ch)} in a quoted value, which Spark's CSV reader (univocity-parsers) keeps and the local reader, given the escape for the files' escaped quotes, drops; write the escape doubled (${opts.escape}${opts.escape} is one ${opts.escape}), or set .option("escape", "${q}") if the files double their quotes`;
    throw new LakehouseError('ScriptUnsupported', `${at.file}:${at.line}: spark.read.csv cannot run on the local engine: ${locationOf(file)} line ${fault.line} ${what}`, { file: at.file, line: at.line });
  };
  for (const file of files) {
    let bytes = await fs.readFile(file);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const found = csvEscapeFault(bytes.toString('utf8'), opts.quote, opts.sep, opts.escape);
    if (found.fault !== undefined) refuse(file, found.fault);
    escapes ||= found.escapes;
    if (found.other !== undefined) other ??= { file, ...found.other };
  }
  if (escapes && other !== undefined) refuse(other.file, { line: other.line, kind: 'escape', ch: other.ch });
  return escapes ? opts.escape : '';
}
