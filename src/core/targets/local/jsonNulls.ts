/**
 * Spark's JSON writer leaves a field whose value is null out of the object it writes — at every depth, inside arrays
 * too — while a null array element stays: `ignoreNullFields`, "Whether to ignore null fields when generating JSON
 * objects", default true (spark.sql.jsonGenerator.ignoreNullFields; Spark's JSON data
 * source options, https://spark.apache.org/docs/latest/sql-data-sources-json.html). DuckDB's JSON writer (COPY …
 * FORMAT json) writes `"x":null`. The engine rewrites a file DuckDB wrote for such a writer: a byte search first finds
 * whether the file holds `null` at all (else it is left as it is); then each line is re-emitted with the object
 * members whose value is null left out. Numbers, strings and every other value keep their text.
 *
 * The option speaks of fields (a struct's); a map is written as an object too and cannot be told from a struct in the
 * written text, so a caller must not ask for this when a column holds a map.
 */
import { fileContainsAny, rewriteJsonLines } from './fsutil';

const NULL = [Buffer.from('null')];

/** Whether a DuckDB column type holds a map (at any depth). */
export function hasMap(duckType: string): boolean {
  return /\bMAP\s*\(/i.test(duckType);
}

/** One JSON text (a line DuckDB wrote) with the object members whose value is null left out, at every depth. */
export function dropNullMembers(line: string): string {
  if (!line.includes('null')) return line;
  let i = 0;
  const ws = () => {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r' || line[i] === '\n')) i++;
  };
  const str = (): string => {
    const from = i++;
    while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    i++;
    return line.slice(from, i);
  };
  const value = (): string => {
    ws();
    const ch = line[i];
    if (ch === '"') return str();
    if (ch === '{') {
      i++;
      const members: string[] = [];
      ws();
      if (line[i] === '}') {
        i++;
        return '{}';
      }
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // ':'
        const v = value();
        if (v !== 'null') members.push(`${key}:${v}`);
        ws();
        if (line[i++] === '}') return `{${members.join(',')}}`;
      }
    }
    if (ch === '[') {
      i++;
      const items: string[] = [];
      ws();
      if (line[i] === ']') {
        i++;
        return '[]';
      }
      for (;;) {
        items.push(value());
        ws();
        if (line[i++] === ']') return `[${items.join(',')}]`;
      }
    }
    // a number, true/false/null, or a bare Infinity/NaN (quoted afterwards)
    const from = i;
    while (i < line.length && !/[,\]}\s]/.test(line[i]!)) i++;
    return line.slice(from, i);
  };
  ws();
  if (i >= line.length) return line;
  const out = value();
  ws();
  // anything after the value (DuckDB's array form puts a comma between records): kept as it is
  return out + line.slice(i);
}

/**
 * Rewrites a JSON file written by DuckDB (a record per line) so that no object member holds null; returns whether it
 * changed. The file is replaced by a rename.
 */
export async function dropNullFields(file: string): Promise<boolean> {
  if (!(await fileContainsAny(file, NULL))) return false;
  return rewriteJsonLines(file, 'lh-nonull', dropNullMembers);
}
