/**
 * Spark's JSON writer (`df.write.json`) writes a double as Java's `Double.toString` does (a float as
 * `Float.toString`): JacksonGenerator writes a DoubleType with `gen.writeNumber(row.getDouble(ordinal))`
 * (apache/spark sql/catalyst/.../json/JacksonGenerator.scala), and jackson-core's `NumberOutput.toString(double)` is
 * `Double.toString(value)` — `1.0E7`, `1.0E-5`, `1.0E20`. DuckDB's JSON writer writes `10000000.0`, `0.00001`,
 * `100000000000000000000.0` (and normalizes a JSON-typed column's text the same way), so a file it wrote is
 * rewritten: the value of each top-level double field, where the two texts differ (from 10^7 on, below 10^-3). A
 * byte search first finds whether the file can hold such a number at all (a run of eight digits before a `.`, or
 * `0.000`): most files are left as they are.
 */
import { javaNumberText } from '../../sql/dialects/javaNumbers';
import { fileSomeBlock, rewriteJsonLines } from './fsutil';

/** whether the bytes may hold a number DuckDB writes otherwise than Java: 8+ digits before a `.`, or `0.000` */
function mayHoldWideDouble(view: Buffer): boolean {
  const text = view.toString('latin1');
  return /\d{8}\.|0\.000|e[-+]?\d/.test(text);
}

/** The end (exclusive) of the JSON value starting at `i` (after whitespace DuckDB does not write). */
export function valueEnd(line: string, i: number): number {
  const ch = line[i];
  if (ch === '"') {
    for (let k = i + 1; k < line.length; k++) {
      if (line[k] === '\\') k++;
      else if (line[k] === '"') return k + 1;
    }
    return line.length;
  }
  if (ch === '{' || ch === '[') {
    let depth = 0;
    for (let k = i; k < line.length; k++) {
      const c = line[k];
      if (c === '"') k = valueEnd(line, k) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return k + 1;
      }
    }
    return line.length;
  }
  let k = i;
  while (k < line.length && line[k] !== ',' && line[k] !== '}' && line[k] !== ']') k++;
  return k;
}

/**
 * A JSON object line with the value of each top-level field replaced by what `rewrite` gives for it (its key and its
 * text); undefined keeps the value. The line itself when nothing changes.
 */
export function rewriteTopLevelValues(line: string, rewrite: (key: string, token: string) => string | undefined): string {
  const open = line.indexOf('{');
  if (open < 0) return line;
  let out = '';
  let from = 0;
  let i = open + 1;
  while (i < line.length && line[i] !== '}') {
    if (line[i] === ',') i++;
    const keyEnd = valueEnd(line, i);
    const key = JSON.parse(line.slice(i, keyEnd)) as string;
    const start = keyEnd + 1; // after the ':'
    const end = valueEnd(line, start);
    const token = line.slice(start, end);
    const next = rewrite(key, token);
    if (next !== undefined && next !== token) {
      out += line.slice(from, start) + next;
      from = end;
    }
    i = end;
  }
  return from === 0 ? line : out + line.slice(from);
}

/** A JSON object line with the numbers of the fields named in `fields` (true: a float) written as Java writes them. */
export function javaDoubleFields(line: string, fields: ReadonlyMap<string, boolean>): string {
  return rewriteTopLevelValues(line, (key, token) => {
    const real = fields.get(key);
    return real !== undefined && /^-?\d/.test(token) ? javaNumberText(Number(token), real) : undefined;
  });
}

/** Rewrites a DuckDB-written JSON file's top-level double (and float) fields as Java writes them; whether it changed. */
export async function javaDoublesInFile(file: string, fields: ReadonlyMap<string, boolean>): Promise<boolean> {
  if (fields.size === 0 || !(await fileSomeBlock(file, 16, mayHoldWideDouble))) return false;
  return rewriteJsonLines(file, 'lh-javadouble', (line) => javaDoubleFields(line, fields));
}
