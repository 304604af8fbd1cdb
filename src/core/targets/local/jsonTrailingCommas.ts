/**
 * A comma before `}` or `]` (`{"a":1,}`) — the one malformation DuckDB's JSON reader (yyjson, trailing commas
 * allowed) takes silently and Glue's and Spark's readers (Jackson: JsonReadFeature.ALLOW_TRAILING_COMMA is off by
 * default, and neither reader turns it on) do not. On Glue a DynamicFrame JSON read turns a malformed record into an
 * error record, left out of the frame ("Example: Use errorsAsDynamicFrame to view error records", the DynamicFrame
 * class page: of four lines whose second is cut short, the frame holds the first and the fourth — the third is lost
 * to the error too, as Glue's JacksonReader resumes where it can); spark.read.json (PERMISSIVE) keeps a row of nulls
 * with the line in `_corrupt_record`. Neither is reproduced here, so such a line is refused, naming the object and
 * the line, before anything is written — as every other malformed line is.
 *
 * The files are read here (a gzipped one unpacked): a quick test of the whole text first, then, where it hits, a
 * scan that knows strings (`"a,}"` holds no trailing comma).
 */
import { promises as fs } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { LakehouseError } from '../../errors';

const QUICK = /,[ \t\r\n]*[}\]]/;

/** The 1-based line and column of the first trailing comma outside strings, if any. */
export function trailingComma(text: string): { line: number; column: number } | undefined {
  if (!QUICK.test(text)) return undefined;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      // (a newline ends a line-delimited record: a string left open there is another fault, DuckDB's to report)
      inString = false;
      continue;
    }
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x2c) {
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r' || text[j] === '\n')) j++;
      if (text[j] === '}' || text[j] === ']') return { line, column: i - lineStart + 1 };
    }
  }
  return undefined;
}

/**
 * Refuses the read when a file holds a trailing comma: `readBy` says which read (`S3 source X at file:line`),
 * `locationOf` gives a file's `s3://` location. `multiline`: records span lines (the message then names the line
 * of the comma).
 */
export async function refuseTrailingCommas(files: readonly string[], locationOf: (file: string) => string, readBy: string): Promise<void> {
  for (const file of files) {
    let bytes = await fs.readFile(file);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const at = trailingComma(bytes.toString('utf8'));
    if (at === undefined) continue;
    const where = locationOf(file);
    throw new LakehouseError(
      'DataError',
      `${where} line ${at.line}: malformed JSON: a comma before the closing bracket (column ${at.column}), which Glue's and Spark's JSON readers (Jackson) reject: Glue makes the record an error record left out of the frame, spark.read.json a row of nulls with _corrupt_record — not reproduced here; remove the comma (${readBy})`,
      { file: where, line: at.line },
    );
  }
}
