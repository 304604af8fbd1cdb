/**
 * `json_parse` and the `JSON '…'` literal as Trino makes them: trinodb/trino core/trino-main/src/main/java/io/trino/
 * util/JsonTypeUtil.java `jsonParse` reads the text into Java objects with Jackson (`SORTED_MAPPER.readValue(parser,
 * Object.class)`: an object is a map in which a repeated key keeps its last value) and writes them back with
 * `ORDER_MAP_ENTRIES_BY_KEYS` — every object's keys sorted (String order: UTF-16 code units), at every depth; an
 * integer is written as its digits, a number with a fraction or an exponent as the Double Java reads (Double.toString:
 * `1e2` is `100.0`, `1e20` is `1.0E20`). JsonUtil's comment: "ordered by key is required in Trino". json_extract of a
 * varchar copies the structure as written (JsonExtract's copyCurrentStructure), so only these two sort.
 *
 * A constant text is normalized here, when the query is translated. A column's is DuckDB's minified text, which keeps
 * the keys' order (docs/athena-sql.md, "Where it differs"): rebuilding every object sorted in DuckDB SQL (json_keys,
 * list_sort, one lambda per level) made json_parse of a column some 80 times slower, json_extract_scalar over it 40.
 */
import { javaNumberText } from '../../dialects/javaNumbers';
import { ENGINE_FUNCTIONS } from './engineNames';

/** The local engine's DuckDB function that runs trinoJsonParse on a column's text (targets/local/engineFunctions.ts). */
export const TRINO_JSON_PARSE = ENGINE_FUNCTIONS.jsonParse;

// eslint-disable-next-line no-control-regex -- JSON's strings hold no raw control character
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

class NotJson extends Error {}

/**
 * Trino's json_parse text of a constant, or undefined if it is not JSON. One pass that writes as it reads (an
 * object's members are written, then sorted by key, the last of a repeated key kept): fast enough to run per row.
 */
export function trinoJsonParse(text: string): string | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const fail = (): never => {
    throw new NotJson();
  };
  const string = (): string => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) fail();
    const raw = m![0];
    i += raw.length;
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  const value = (): string => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      i++;
      const members = new Map<string, string>();
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return '{}';
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 34) fail();
        const k = string();
        ws();
        if (text.charCodeAt(i++) !== 58 /* : */) fail();
        const v = value();
        // a repeated key keeps its last value (Jackson into a LinkedHashMap)
        members.set(k, v);
        ws();
        const d = text.charCodeAt(i++);
        if (d === 44) continue;
        if (d !== 125) fail();
        const keys = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        let out = '{';
        for (let j = 0; j < keys.length; j++) out += `${j > 0 ? ',' : ''}${jacksonString(keys[j]!)}:${members.get(keys[j]!)!}`;
        return `${out}}`;
      }
    }
    if (c === 91 /* [ */) {
      i++;
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return '[]';
      }
      let out = '[';
      for (;;) {
        out += value();
        ws();
        const d = text.charCodeAt(i++);
        if (d === 44) out += ',';
        else if (d === 93) return `${out}]`;
        else fail();
      }
    }
    if (c === 34) return jacksonString(string());
    if (c === 116 && text.startsWith('true', i)) return (i += 4), 'true';
    if (c === 102 && text.startsWith('false', i)) return (i += 5), 'false';
    if (c === 110 && text.startsWith('null', i)) return (i += 4), 'null';
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail();
    i += m![0].length;
    // an integer token is an Integer, Long or BigInteger, written as its value (`-0` is `0`); others a Double
    if (m![1] === undefined && m![2] === undefined) return m![0] === '-0' ? '0' : m![0];
    return javaNumberText(Number(m![0]));
  };
  try {
    const v = value();
    ws();
    return i === n ? v : undefined;
  } catch (e) {
    if (e instanceof NotJson) return undefined;
    throw e;
  }
}

/** Jackson's string escapes: `"` `\` and control characters (\b \t \n \f \r, else \u00XX upper-case). */
function jacksonString(s: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters Jackson escapes
  if (!/["\\\u0000-\u001f]/.test(s)) return `"${s}"`;
  const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  // eslint-disable-next-line no-control-regex -- the control characters Jackson escapes
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => short[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}
