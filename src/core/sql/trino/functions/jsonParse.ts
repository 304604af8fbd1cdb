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

class NotJson extends Error {}
/** thrown, never built per text: a text that is not JSON costs no stack trace */
const NOT_JSON = new NotJson();

// The text being read and the reader's position in it: module state rather than closures, so that a column's every
// row (targets/local/engineFunctions.ts) allocates nothing but its output's pieces.
let src = '';
let pos = 0;
/** whether the string scanString last read holds an escape */
let escaped = false;
/**
 * How many places of the text were written differently so far (white space dropped, a string re-escaped, a number
 * rewritten, an object's members reordered or a repeated key dropped): an array or object read without any is its
 * own text, returned as a slice of it instead of being built again.
 */
let edits = 0;

/**
 * Trino's json_parse text of a constant, or undefined if it is not JSON. One pass that writes as it reads (an
 * object's members sorted by key once read, the last of a repeated key kept; an array or object with nothing to
 * change is a slice of the text, a text with nothing to change the text itself): fast enough to run per row of a
 * column (scripts/bench-json-parse.ts).
 */
export function trinoJsonParse(text: string): string | undefined {
  src = text;
  pos = 0;
  edits = 0;
  try {
    const v = readValue();
    skipWhiteSpace();
    if (pos !== text.length) return undefined;
    return edits === 0 ? text : v;
  } catch (e) {
    if (e === NOT_JSON) return undefined;
    throw e;
  } finally {
    src = '';
    top = 0;
    for (let k = 0; k < used; k++) memberKeys[k] = memberTexts[k] = memberValues[k] = '';
    used = 0;
  }
}

function skipWhiteSpace(): void {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      pos++;
      edits++;
    } else return;
  }
}

function readValue(): string {
  skipWhiteSpace();
  const c = src.charCodeAt(pos);
  if (c === 123 /* { */) return readObject();
  if (c === 91 /* [ */) return readArray();
  if (c === 34 /* " */) {
    const start = pos;
    scanString();
    // without an escape the text is Jackson's already (no raw control character gets this far)
    if (!escaped) return src.slice(start, pos);
    edits++;
    return jacksonString(JSON.parse(src.slice(start, pos)) as string);
  }
  if (c === 116 && src.startsWith('true', pos)) return (pos += 4), 'true';
  if (c === 102 && src.startsWith('false', pos)) return (pos += 5), 'false';
  if (c === 110 && src.startsWith('null', pos)) return (pos += 4), 'null';
  return readNumber();
}

// The members of the objects being read, innermost last: an object's are those from its `base` to `top` (one set of
// arrays for every object of every row, so an object allocates none of its own; `used` is the most a text used,
// emptied after it, so that no slice of it is kept).
const memberKeys: string[] = [];
const memberTexts: string[] = [];
const memberValues: string[] = [];
let top = 0;
let used = 0;

function readObject(): string {
  const objectStart = pos;
  const editsBefore = edits;
  pos++;
  skipWhiteSpace();
  if (src.charCodeAt(pos) === 125 /* } */) {
    pos++;
    return '{}';
  }
  const base = top;
  try {
    // the members as read; sorted by key at the end if they were not read in order
    let ordered = true;
    for (;;) {
      skipWhiteSpace();
      if (src.charCodeAt(pos) !== 34) throw NOT_JSON;
      const start = pos;
      scanString();
      const key = escaped ? (JSON.parse(src.slice(start, pos)) as string) : src.slice(start + 1, pos - 1);
      if (escaped) edits++;
      const keyText = escaped ? jacksonString(key) : src.slice(start, pos);
      skipWhiteSpace();
      if (src.charCodeAt(pos++) !== 58 /* : */) throw NOT_JSON;
      const value = readValue();
      if (ordered && top > base && !(memberKeys[top - 1]! < key)) ordered = false;
      memberKeys[top] = key;
      memberTexts[top] = keyText;
      memberValues[top] = value;
      if (++top > used) used = top;
      skipWhiteSpace();
      const d = src.charCodeAt(pos++);
      if (d === 44 /* , */) continue;
      if (d !== 125) throw NOT_JSON;
      if (ordered && edits === editsBefore) return src.slice(objectStart, pos);
      if (!ordered) {
        edits++;
        sortMembers(base, top);
      }
      let out = `{${memberTexts[base]!}:${memberValues[base]!}`;
      for (let k = base + 1; k < top; k++) {
        if (ordered || memberKeys[k] !== memberKeys[k - 1]) out += `,${memberTexts[k]!}:${memberValues[k]!}`;
      }
      return `${out}}`;
    }
  } finally {
    top = base;
  }
}

/**
 * Sorts the members from `base` to `end` by key (String order: UTF-16 code units, as JS compares strings), in place;
 * of a repeated key, the last read comes first, and the writer keeps it (Jackson reads into a LinkedHashMap: the last
 * value wins).
 */
function sortMembers(base: number, end: number): void {
  if (end - base > 16) {
    // many members: sorted by their order (an insertion sort is quadratic), then written back
    const order = Array.from({ length: end - base }, (_, i) => base + i);
    order.sort((a, b) => (memberKeys[a]! < memberKeys[b]! ? -1 : memberKeys[a]! > memberKeys[b]! ? 1 : b - a));
    const keys = order.map((i) => memberKeys[i]!);
    const texts = order.map((i) => memberTexts[i]!);
    const values = order.map((i) => memberValues[i]!);
    for (let i = 0; i < keys.length; i++) {
      memberKeys[base + i] = keys[i]!;
      memberTexts[base + i] = texts[i]!;
      memberValues[base + i] = values[i]!;
    }
    return;
  }
  for (let i = base + 1; i < end; i++) {
    const key = memberKeys[i]!;
    const text = memberTexts[i]!;
    const value = memberValues[i]!;
    let j = i;
    for (; j > base && memberKeys[j - 1]! >= key; j--) {
      memberKeys[j] = memberKeys[j - 1]!;
      memberTexts[j] = memberTexts[j - 1]!;
      memberValues[j] = memberValues[j - 1]!;
    }
    memberKeys[j] = key;
    memberTexts[j] = text;
    memberValues[j] = value;
  }
}

function readArray(): string {
  const arrayStart = pos;
  const editsBefore = edits;
  pos++;
  skipWhiteSpace();
  if (src.charCodeAt(pos) === 93 /* ] */) {
    pos++;
    return '[]';
  }
  let out = '[';
  for (;;) {
    out += readValue();
    skipWhiteSpace();
    const d = src.charCodeAt(pos++);
    if (d === 44) out += ',';
    else if (d === 93) return edits === editsBefore ? src.slice(arrayStart, pos) : `${out}]`;
    else throw NOT_JSON;
  }
}

/** Moves past the JSON string at `pos` (JSON's grammar: no raw control character, only JSON's escapes); sets `escaped`. */
function scanString(): void {
  let i = pos + 1;
  escaped = false;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 34) break;
    // NaN past the end of the text fails this test too
    if (!(c >= 32)) throw NOT_JSON;
    if (c === 92 /* \ */) {
      escaped = true;
      const e = src.charCodeAt(i + 1);
      if (e === 117 /* u */) {
        if (!(isHex(src.charCodeAt(i + 2)) && isHex(src.charCodeAt(i + 3)) && isHex(src.charCodeAt(i + 4)) && isHex(src.charCodeAt(i + 5)))) throw NOT_JSON;
        i += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) i += 2;
      else throw NOT_JSON;
    } else i++;
  }
  pos = i + 1;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** JSON's number at `pos`: an integer token written as its value (`-0` is `0`), the others as the Double Java reads. */
function readNumber(): string {
  const start = pos;
  let i = pos;
  if (src.charCodeAt(i) === 45 /* - */) i++;
  const first = src.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (isDigit(src.charCodeAt(++i)));
  else throw NOT_JSON;
  let integer = true;
  if (src.charCodeAt(i) === 46 /* . */) {
    if (!isDigit(src.charCodeAt(++i))) throw NOT_JSON;
    while (isDigit(src.charCodeAt(++i)));
    integer = false;
  }
  const e = src.charCodeAt(i);
  if (e === 101 || e === 69) {
    let s = src.charCodeAt(++i);
    if (s === 43 || s === 45) s = src.charCodeAt(++i);
    if (!isDigit(s)) throw NOT_JSON;
    while (isDigit(src.charCodeAt(++i)));
    integer = false;
  }
  pos = i;
  const token = src.slice(start, i);
  const text = integer ? (i - start === 2 && first === 48 ? '0' : token) : javaNumberText(Number(token));
  if (text !== token) edits++;
  return text;
}

/** Jackson's string escapes: `"` `\` and control characters (\b \t \n \f \r, else \u00XX upper-case). */
function jacksonString(s: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters Jackson escapes
  if (!/["\\\u0000-\u001f]/.test(s)) return `"${s}"`;
  const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  // eslint-disable-next-line no-control-regex -- the control characters Jackson escapes
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => short[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}
