/**
 * DuckDB's JSON writer (COPY … FORMAT json) writes a double that is not finite as a bare `Infinity`, `-Infinity` or
 * `NaN`, which is not JSON: Python's json, JSON.parse and the JSON SerDes reject the line. Spark's writer (Jackson,
 * whose WRITE_NAN_AS_STRINGS is on by default) writes them as the strings "Infinity", "-Infinity" and "NaN", which
 * Spark, Athena and DuckDB read back into a double column. The engine does the same, after DuckDB has written a
 * file: a byte search finds whether the file holds either word at all (almost never: the file is left as it is);
 * only then is it rewritten, line by line, quoting the bare words outside strings.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { fileContainsAny, writeError } from './fsutil';

const WORDS = ['Infinity', 'NaN'].map((w) => Buffer.from(w));

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
  if (!(await fileContainsAny(file, WORDS))) return false;
  const tmp = `${file}.lh-quoted`;
  let changed = false;
  const fix = (line: string) => {
    if (!line.includes('Infinity') && !line.includes('NaN')) return line;
    const fixed = quoteNonFiniteTokens(line);
    if (fixed !== line) changed = true;
    return fixed;
  };
  try {
    const out = createWriteStream(tmp);
    let rest = '';
    // a JSON string holds no raw newline: each line is whole JSON text, or whole values of one
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      if (lines.length > 0 && !out.write(`${lines.map(fix).join('\n')}\n`)) await once(out, 'drain');
    }
    out.end(fix(rest));
    await finished(out);
    if (changed) await fs.rename(tmp, file);
  } catch (e) {
    throw writeError(e, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return changed;
}
