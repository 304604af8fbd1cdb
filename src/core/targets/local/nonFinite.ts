/**
 * DuckDB's JSON writer (COPY … FORMAT json) writes a double that is not finite as a bare `Infinity`, `-Infinity` or
 * `NaN`, which is not JSON: Python's json, JSON.parse and the JSON SerDes reject the line. Spark's writer (Jackson,
 * whose WRITE_NAN_AS_STRINGS is on by default) writes them as the strings "Infinity", "-Infinity" and "NaN", which
 * Spark, Athena and DuckDB read back into a double column. The engine does the same, after DuckDB has written a
 * file: a byte search finds whether the file holds either word at all (almost never: the file is left as it is);
 * only then is it rewritten, line by line, quoting the bare words outside strings.
 */
import { fileSomeBlock, rewriteJsonLines } from './fsutil';

const NAN = Buffer.from('NaN');
const INF = Buffer.from('Inf');
const INFINITY = Buffer.from('Infinity');

/**
 * Whether the bytes hold `NaN` or `Infinity` anywhere. Searched as `NaN` and `Inf`, each found by the search for its
 * first byte (`N`, `I`: rare in JSON lines, and found at memory speed), then `Infinity` checked where `Inf` is: a
 * search for the 8-byte word itself goes through every byte of the file (Boyer-Moore-Horspool's skips over bytes
 * that are not in it are short), ~45% more CPU over the STEDI outputs at 1M rows.
 */
export function holdsNonFiniteWord(view: Buffer): boolean {
  if (view.includes(NAN)) return true;
  for (let i = view.indexOf(INF); i !== -1; i = view.indexOf(INF, i + INF.length)) if (i + INFINITY.length <= view.length && view.compare(INFINITY, 0, INFINITY.length, i, i + INFINITY.length) === 0) return true;
  return false;
}

/** Whether a DuckDB column type holds floating-point values (at any depth). */
export function hasFloatingPoint(duckType: string): boolean {
  return /\b(DOUBLE|FLOAT|REAL|FLOAT4|FLOAT8)\b/i.test(duckType);
}

/** A JSON text with the bare words `Infinity`, `-Infinity` and `NaN` outside strings quoted. */
export function quoteNonFiniteTokens(line: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    const word = line.startsWith('Infinity', i) ? 'Infinity' : line.startsWith('-Infinity', i) ? '-Infinity' : line.startsWith('NaN', i) ? 'NaN' : undefined;
    if (word === undefined) continue;
    out += `${line.slice(from, i)}"${word}"`;
    i += word.length - 1;
    from = i + 1;
  }
  return from === 0 ? line : out + line.slice(from);
}

/**
 * Rewrites a JSON file written by DuckDB (newline-delimited, or an array with a record per line) so that no bare
 * `Infinity`/`-Infinity`/`NaN` remains; returns whether it had any. Every other byte stays as it was; the file is
 * replaced by a rename.
 */
export async function quoteNonFiniteNumbers(file: string): Promise<boolean> {
  // either word anywhere (in a string too): almost never, and then the file is left as it is
  if (!(await fileSomeBlock(file, INFINITY.length - 1, holdsNonFiniteWord))) return false;
  return rewriteJsonLines(file, 'lh-quoted', (line) => (line.includes('Infinity') || line.includes('NaN') ? quoteNonFiniteTokens(line) : line));
}
