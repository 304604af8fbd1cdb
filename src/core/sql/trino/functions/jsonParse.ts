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
import { javaNumberText } from '../../dialects/render';

type Value = null | boolean | { num: string } | { str: string } | Value[] | Map<string, Value>;

/** Trino's json_parse text of a constant, or undefined if it is not JSON. */
export function trinoJsonParse(text: string): string | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError('not JSON');
  };
  const value = (): Value => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const m = new Map<string, Value>();
      ws();
      if (text[i] === '}') return i++, m;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = string();
        ws();
        if (text[i++] !== ':') fail();
        m.set(k, value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return i++, m;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      const a: Value[] = [];
      ws();
      if (text[i] === ']') return i++, a;
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, a;
        else fail();
      }
    }
    if (ch === '"') return { str: string() };
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length), v;
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
    return { num: m![0] };
  };
  const string = (): string => {
    // eslint-disable-next-line no-control-regex -- JSON's strings hold no raw control character
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
    return JSON.parse(m![0]) as string;
  };
  try {
    const v = value();
    ws();
    if (i !== text.length) return undefined;
    return write(v);
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Jackson's writer: keys sorted, integers as digits, other numbers as Java's Double.toString. */
function write(v: Value): string {
  if (v === null) return 'null';
  if (v === true || v === false) return String(v);
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  if (v instanceof Map) {
    const keys = [...v.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${jacksonString(k)}:${write(v.get(k)!)}`).join(',')}}`;
  }
  if ('str' in v) return jacksonString(v.str);
  // an integer token is an Integer, Long or BigInteger (written as its value: `-0` is `0`); others a Double
  if (/^-?[0-9]+$/.test(v.num)) return BigInt(v.num).toString();
  return javaNumberText(Number(v.num));
}

/** Jackson's string escapes: `"` `\` and control characters (\b \t \n \f \r, else \u00XX upper-case). */
function jacksonString(s: string): string {
  const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  // eslint-disable-next-line no-control-regex -- the control characters Jackson escapes
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => short[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}
