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

/** The 1-based line of the first doubled quote that is not a whole empty field (`a,"",c`), if any. */
export function doubledQuoteLine(text: string, quote: string, sep: string, escape: string): number | undefined {
  if (quote.length !== 1 || !text.includes(quote + quote)) return undefined;
  const bound = (at: number, before: boolean) => {
    if (before ? at < 0 : at >= text.length) return true;
    const c = text[at]!;
    if (c === '\n' || c === '\r') return true;
    return sep !== '' && (before ? text.startsWith(sep, at - sep.length + 1) : text.startsWith(sep, at));
  };
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === escape && escape !== '' && text[i + 1] === quote) i++; // `\"`: an escaped quote
    else if (c === quote && text[i + 1] === quote) {
      if (bound(i - 1, true) && bound(i + 2, false)) i++; // `""` alone: an empty field
      else return line;
    }
  }
  return undefined;
}

/** Refuses the read when a file holds a doubled quote and `escape` is not the quote (Spark's default: `\`). */
export async function refuseDoubledQuotes(
  files: readonly string[],
  opts: { quote: string; sep: string; escape: string },
  locationOf: (file: string) => string,
  at: { file: string; line: number },
): Promise<void> {
  if (opts.escape === opts.quote || opts.quote === '') return;
  for (const file of files) {
    let bytes = await fs.readFile(file);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const line = doubledQuoteLine(bytes.toString('utf8'), opts.quote, opts.sep, opts.escape);
    if (line === undefined) continue;
    const q = opts.quote === '"' ? '\\"' : opts.quote;
    throw new LakehouseError(
      'ScriptUnsupported',
      `${at.file}:${at.line}: spark.read.csv cannot run on the local engine: ${locationOf(file)} line ${line} holds a doubled quote (${opts.quote}${opts.quote}) in a value, and Spark's CSV reader, with escape ${opts.escape} (Spark's default is \\), does not read it as one quote (univocity-parsers takes the second quote as an unescaped one); add .option("escape", "${q}") to read a doubled quote as one quote (RFC 4180), or escape the quote as ${opts.escape}${opts.quote} in the file`,
      { file: at.file, line: at.line },
    );
  }
}
