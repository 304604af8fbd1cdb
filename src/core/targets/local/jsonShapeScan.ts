/**
 * A fast path for the line-shape scan of JSON files (jsonKeys.ts): the same answer as the DuckDB scan — per file, its
 * keys and how many lines are blank (or do not start with `{`/`[`), malformed, arrays, objects with a key twice —
 * computed in JavaScript over the file's bytes, for the files where that answer is certain. It decides a file only
 * when every line is one of:
 * - empty, or only spaces and tabs, or starting (after spaces and tabs) with an ASCII character other than `{`/`[`:
 *   blank to the SerDe whatever follows — the DuckDB scan reads its first character the same way;
 * - strict RFC 8259 JSON — an object or an array, spaces and tabs around it — which DuckDB's JSON parser (yyjson)
 *   reads too, with the same top-level keys (json_keys).
 * Anything it cannot be sure of sends the whole file to DuckDB's scan: a byte outside ASCII or a control character
 * (UTF-8 and white-space rules differ between parsers), a carriage return (DuckDB's line reader also ends lines at a
 * lone CR), a line that is not strict JSON (DuckDB may accept or reject what a strict parser rejects), a number a
 * double cannot hold (yyjson refuses it), a `\u` escape of a surrogate, nesting deeper than {@link MAX_DEPTH}, a
 * line longer than DuckDB's line reader takes by default. test/engine/jsonShapeScan.test.ts checks it against the
 * DuckDB scan on generated lines of every kind.
 *
 * Data files mostly repeat one shape line after line: after an object line read in full, the lines that follow are
 * matched in one go against a template of its keys (jsonLineTemplates.ts); the first line a template does not take
 * is read in full as before.
 *
 * The same pass learns the kinds of the top-level values (learntSchema.ts: the DynamicFrame schema a read would
 * infer): a line read in full notes each key's kind, and while the file's kinds are learnt, a template takes for
 * each key only the kinds lines of its key list had so far (a string, an integer of at most 18 digits, a number
 * with a fraction, a boolean, null) — so a line it matches adds nothing, and the first that would is read in full.
 */
import type { JsonFileShape } from './jsonKeys';
import { templateOf, typedTemplate, unionTemplate, type KeyList, type UnionTemplate } from './jsonLineTemplates';
import { INT_MAX_DIGITS, INT_MIN_DIGITS, KIND_BOOL, KIND_DOUBLE, KIND_INT, KIND_LONG, KIND_NULL, KIND_STRING, KIND_UNSURE } from './learntSchema';

/** deeper than this, the file goes to DuckDB (no deep recursion here) */
export const MAX_DEPTH = 256;
/** DuckDB's line reader's default maximum line size (jsonKeys.ts reads longer lines in a second pass) */
const MAX_LINE = 2 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;

/** Thrown inside the scan when the file must go to DuckDB. */
class Undecided extends Error {}
const UNDECIDED = new Undecided();

/** what {@link b} and {@link bb} hold between scans (made once: a constructor called at the end of a scan would
 * leave V8's optimized code of the scan at every file) */
const NO_BYTES = new Uint8Array(0);
const NO_BUFFER = Buffer.alloc(0);
let b: Uint8Array = NO_BYTES;
/** the same bytes as a Buffer */
let bb: Buffer = NO_BUFFER;
/** end of the current line (exclusive) */
let end = 0;
/** start and end of each top-level key of the current line */
let keyStarts = new Int32Array(64);
let keyEnds = new Int32Array(64);
/** the kind of each top-level key's value (learntSchema.ts) */
let valueKinds = new Uint8Array(64);
let keyCount = 0;

/** whether the current line has spaces or tabs between its tokens (its template allows them then) */
let spaced = false;

function ws(j: number): number {
  const start = j;
  while (j < end) {
    const c = b[j]!;
    if (c === SPACE || c === TAB) j++;
    else break;
  }
  if (j !== start) spaced = true;
  return j;
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** after the string starting at `j` (a quote), or -1; sets `escaped` when it holds a backslash */
let escaped = false;
function str(j: number): number {
  j++;
  escaped = false;
  while (j < end) {
    const c = b[j]!;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      escaped = true;
      const e = b[j + 1];
      if (e === 0x75) {
        // \uXXXX: four hex digits; a surrogate (lone or paired) is left to DuckDB
        const h0 = hex(b[j + 2]!);
        const h1 = hex(b[j + 3]!);
        const h2 = hex(b[j + 4]!);
        const h3 = hex(b[j + 5]!);
        if (j + 5 >= end || h0 < 0 || h1 < 0 || h2 < 0 || h3 < 0) return -1;
        const u = (h0 << 12) | (h1 << 8) | (h2 << 4) | h3;
        if (u >= 0xd800 && u <= 0xdfff) throw UNDECIDED;
        j += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) j += 2;
      else return -1;
      continue;
    }
    if (c < SPACE) return -1;
    // outside ASCII: DuckDB checks the UTF-8 (a file that is not UTF-8 is not scanned at all)
    if (c > 0x7e) throw UNDECIDED;
    j++;
  }
  return -1;
}

function digits(j: number): number {
  while (j < end) {
    const c = b[j]!;
    if (c >= 0x30 && c <= 0x39) j++;
    else break;
  }
  return j;
}

function num(j: number): number {
  const start = j;
  if (b[j] === 0x2d) j++;
  const c = b[j];
  if (c === 0x30) j++;
  else if (c !== undefined && c >= 0x31 && c <= 0x39) j = digits(j + 1);
  else return -1;
  let exp = false;
  if (b[j] === 0x2e) {
    const s = ++j;
    j = digits(j);
    if (j === s) return -1;
  }
  const e = b[j];
  if (e === 0x65 || e === 0x45) {
    exp = true;
    j++;
    if (b[j] === 0x2b || b[j] === 0x2d) j++;
    const s = j;
    j = digits(j);
    if (j === s) return -1;
  }
  // a number a double cannot hold (too large, or too small to be told from 0): yyjson may refuse it, a strict
  // parser does not
  if (exp || j - start > 300) {
    const text = String.fromCharCode(...b.subarray(start, j));
    const v = Number(text);
    if (!Number.isFinite(v) || (v === 0 && /[1-9]/.test(text.split(/[eE]/)[0]!))) throw UNDECIDED;
  }
  return j;
}

function value(j: number, depth: number): number {
  const c = b[j];
  if (c === QUOTE) return str(j);
  if (c === LBRACE) return obj(j, depth + 1, false);
  if (c === LBRACKET) return arr(j, depth + 1);
  if (c === 0x74) return b[j + 1] === 0x72 && b[j + 2] === 0x75 && b[j + 3] === 0x65 ? j + 4 : -1;
  if (c === 0x66) return b[j + 1] === 0x61 && b[j + 2] === 0x6c && b[j + 3] === 0x73 && b[j + 4] === 0x65 ? j + 5 : -1;
  if (c === 0x6e) return b[j + 1] === 0x75 && b[j + 2] === 0x6c && b[j + 3] === 0x6c ? j + 4 : -1;
  return num(j);
}

function obj(j: number, depth: number, top: boolean): number {
  if (depth > MAX_DEPTH) throw UNDECIDED;
  j = ws(j + 1);
  if (b[j] === RBRACE) return j + 1;
  for (;;) {
    if (b[j] !== QUOTE) return -1;
    const ks = j;
    j = str(j);
    if (j < 0) return -1;
    if (top) {
      if (keyCount === keyStarts.length) {
        const grow = (a: Int32Array) => {
          const n = new Int32Array(a.length * 2);
          n.set(a);
          return n;
        };
        keyStarts = grow(keyStarts);
        keyEnds = grow(keyEnds);
        const kinds = new Uint8Array(valueKinds.length * 2);
        kinds.set(valueKinds);
        valueKinds = kinds;
      }
      keyStarts[keyCount] = ks + 1;
      keyEnds[keyCount] = j - 1;
      keyCount++;
      // a key with an escape: json_keys unescapes it (a NUL, a surrogate…): DuckDB decides
      if (escaped) throw UNDECIDED;
    }
    j = ws(j);
    if (b[j] !== COLON) return -1;
    const v = ws(j + 1);
    j = value(v, depth);
    if (j < 0) return -1;
    if (top) valueKinds[keyCount - 1] = kindOf(v, j);
    j = ws(j);
    const c = b[j];
    if (c === COMMA) {
      j = ws(j + 1);
      continue;
    }
    if (c === RBRACE) return j + 1;
    return -1;
  }
}

function arr(j: number, depth: number): number {
  if (depth > MAX_DEPTH) throw UNDECIDED;
  j = ws(j + 1);
  if (b[j] === RBRACKET) return j + 1;
  for (;;) {
    j = value(j, depth);
    if (j < 0) return -1;
    j = ws(j);
    const c = b[j];
    if (c === COMMA) {
      j = ws(j + 1);
      continue;
    }
    if (c === RBRACKET) return j + 1;
    return -1;
  }
}

/**
 * The kind of the value `b[from, to)` (strict JSON, read by {@link value}) as a DynamicFrame read types it
 * (learntSchema.ts): a whole number that fits in 32 bits (an int), one of at most 18 digits that does not (a long:
 * int64 holds any), a number with a fraction or an exponent (a double), a boolean, null, a string; anything else
 * (nested, a longer integer) is not predicted.
 */
function kindOf(from: number, to: number): number {
  const c = b[from]!;
  if (c === QUOTE) return KIND_STRING;
  if (c === LBRACE || c === LBRACKET) return KIND_UNSURE;
  if (c === 0x74 || c === 0x66) return KIND_BOOL;
  if (c === 0x6e) return KIND_NULL;
  for (let p = from; p < to; p++) {
    const d = b[p]!;
    if (d === 0x2e || d === 0x65 || d === 0x45) return KIND_DOUBLE;
  }
  const negative = c === 0x2d;
  const digits = to - from - (negative ? 1 : 0);
  if (digits < 10) return KIND_INT;
  if (digits > 18) return KIND_UNSURE;
  if (digits > 10) return KIND_LONG;
  // ten digits: against 2147483647 (2147483648 when negative), digit by digit
  const bound = negative ? INT_MIN_DIGITS : INT_MAX_DIGITS;
  const start = negative ? from + 1 : from;
  for (let k = 0; k < 10; k++) {
    const d = b[start + k]!;
    const m = bound.charCodeAt(k);
    if (d !== m) return d < m ? KIND_INT : KIND_LONG;
  }
  return KIND_INT;
}

/** The keys of the current line, as json_keys gives them. */
function currentKeys(): string[] {
  const out: string[] = [];
  // ASCII without escapes (anything else went to DuckDB): the bytes are the key
  for (let k = 0; k < keyCount; k++) out.push(bb.toString('latin1', keyStarts[k]!, keyEnds[k]!));
  return out;
}

/**
 * The shape of a newline-delimited JSON file's bytes, as the DuckDB scan (jsonKeys.ts) finds it — or undefined when
 * this scan cannot be sure of it (see the module comment): then DuckDB's scan decides.
 */
export function scanJsonShape(bytes: Uint8Array): JsonFileShape | undefined {
  b = bytes;
  bb = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = bytes.length;
  const shape: JsonFileShape = { keys: [], blank: 0, malformed: 0, arrays: 0, duplicateKeys: 0, caseDuplicateKeys: 0 };
  /** key lists seen (by their text), with whether they repeat a key exactly or but for case, and their template */
  const lists = new Map<string, KeyList>();
  const keySet = new Set<string>();
  // the last key lists seen, most recent first, with the positions in `b` of a line's keys: a line that repeats
  // one needs no lookup
  const recent: RecentList[] = [];
  /** the previous object line's key list */
  let prevList: KeyList | undefined;
  /** whether the last object line had spaces or tabs between its tokens */
  let prevSpaced = false;
  /** whether any object line had them (the template of all key lists then allows them) */
  let anySpaced = false;
  /** the template of every key list seen (see {@link unionTemplate}), with what it was made of */
  const union: UnionTemplate = { version: -1, builtAt: 0, re: undefined, tries: 0, hits: 0 };
  /** bumped when a key list is seen first or learns a kind: the union template is then made again */
  let version = 0;
  /** object lines read in full so far */
  let fullLines = 0;
  text = '';
  textStart = 0;
  textEnd = 0;
  /** whether templates are tried (not after one failed inside V8's regular expression engine) */
  let templates = true;
  /**
   * whether the kinds of the values are learnt (learntSchema.ts): until a line says the file's types are not
   * predicted (a nested value, a long integer, a line that is not an object, a key twice); while they are, the
   * templates take the kinds each key had so far in lines of its key list, so that a line they match adds nothing
   */
  let learning = true;
  try {
    let i = 0;
    while (i < n) {
      // the lines that follow the previous object line's shape, matched against its template
      if (prevList !== undefined && templates && (prevList.tries < 8 || prevList.hits * 2 >= prevList.tries)) {
        const re = learning
          ? typedTemplate(prevList, prevSpaced)
          : prevSpaced
            ? (prevList.template ??= templateOf(prevList.keys, true))
            : (prevList.compactTemplate ??= templateOf(prevList.keys, false));
        const from = i;
        i = matchLines(re, i, n);
        if (regexFailed) templates = false; // (the engine's backtracking stack) the lines are read one by one instead
        prevList.tries++;
        if (i > from) {
          prevList.hits++;
          if (i - from > MAX_LINE && hasLongLine(bytes, from, i)) return undefined;
          if (prevList.dup || prevList.caseDup) {
            const lines = countLines(bytes, from, i);
            if (prevList.dup) shape.duplicateKeys += lines;
            if (prevList.caseDup) shape.caseDuplicateKeys += lines;
          }
          if (i >= n) break;
        }
      }
      // lines of any key list seen, in any order (a file whose lines have optional keys): the template of them all
      if (templates && lists.size > 1 && (union.tries < 8 || union.hits * 2 >= union.tries)) {
        const re = unionTemplate(union, lists, version, fullLines, anySpaced, learning);
        if (re !== undefined) {
          const from = i;
          i = matchLines(re, i, n);
          if (regexFailed) templates = false;
          union.tries++;
          if (i > from) {
            union.hits++;
            if (i - from > MAX_LINE && hasLongLine(bytes, from, i)) return undefined;
            if (i >= n) break;
          }
        }
      }
      let e = bytes.indexOf(LF, i);
      if (e < 0) e = n;
      if (e - i > MAX_LINE) return undefined;
      end = e;
      spaced = false;
      // what the line starts with, after spaces and tabs; any other byte below 0x21 (a control character, a
      // carriage return) or above 0x7e goes to DuckDB
      const j = ws(i);
      const first = j < e ? bytes[j]! : -1;
      if (first !== LBRACE && first !== LBRACKET) {
        if (first !== -1 && (first < 0x21 || first > 0x7e)) return undefined;
        // a line of spaces and tabs only is skipped by DuckDB's reader; any other is not a record: not learnt
        if (first !== -1) learning = false;
        // the rest of a blank line is not read, but a carriage return or a byte outside ASCII anywhere in the file
        // sends it to DuckDB: checked below for the whole file
        shape.blank++;
        i = e + 1;
        continue;
      }
      keyCount = 0;
      const after = first === LBRACE ? obj(j, 1, true) : arr(j, 1);
      if (after < 0 || ws(after) !== e) return undefined; // not strict JSON: DuckDB decides
      if (first === LBRACKET) {
        shape.arrays++;
        learning = false;
      } else {
        const known = lists.size;
        fullLines++;
        const list = keyListOfLine(bytes, recent, lists, keySet);
        if (lists.size !== known) version++;
        prevList = list;
        prevSpaced = spaced;
        if (spaced) anySpaced = true;
        if (learning) {
          if (list.dup || list.caseDup) learning = false;
          else
            for (let k = 0; k < keyCount; k++) {
              const v = valueKinds[k]!;
              if (v === KIND_UNSURE) {
                learning = false;
                break;
              }
              const had = list.kinds[k]!;
              if ((had | v) !== had) {
                list.kinds[k] = had | v;
                version++;
              }
            }
        }
        if (list.dup) shape.duplicateKeys++;
        if (list.caseDup) shape.caseDuplicateKeys++;
      }
      i = e + 1;
    }
  } catch (e) {
    if (e instanceof Undecided) return undefined;
    throw e;
  } finally {
    b = NO_BYTES;
    bb = NO_BUFFER;
    text = '';
  }
  // blank lines' other bytes were skipped: a carriage return, a control character or a byte outside ASCII there
  // (DuckDB's line reader and first-character rule may see them otherwise) sends the file to DuckDB
  if (shape.blank > 0 && hasUnsafeByte(bytes)) return undefined;
  return finishShape(shape, lists, keySet, learning);
}

/** The file's keys and, when `learning` held to the end, each key's kinds (apart: see {@link keyListOfLine}). */
function finishShape(shape: JsonFileShape, lists: Map<string, KeyList>, keySet: Set<string>, learning: boolean): JsonFileShape {
  shape.keys = [...keySet];
  if (learning && lists.size > 0) {
    // each key's kinds over the key lists that hold it, the keys in the order of their first appearance
    const fields = new Map<string, number>([...keySet].map((k) => [k, 0]));
    let minKeys = Infinity;
    for (const l of lists.values()) {
      minKeys = Math.min(minKeys, l.keys.length);
      l.keys.forEach((k, i) => fields.set(k, fields.get(k)! | l.kinds[i]!));
    }
    shape.types = { fields: [...fields], minKeys, sized: true };
  }
  return shape;
}

/** A key list seen in a file, with the positions in `b` of the keys of a line that had it (see {@link keyListOfLine}). */
interface RecentList {
  starts: Int32Array;
  ends: Int32Array;
  list: KeyList;
}

/**
 * The key list of the current line (its keys at keyStarts/keyEnds): one of the last lists seen when the line's keys
 * are the same byte for byte (nothing to look up), else the list of the same keys' text, made when new. (Apart from
 * {@link scanJsonShape}, as {@link matchLines} is: V8 optimizes small functions in a fraction of the time a large
 * one takes — the whole scan as one function cost ~0.1 s of optimizing compiles per upload.)
 */
function keyListOfLine(bytes: Uint8Array, recent: RecentList[], lists: Map<string, KeyList>, keySet: Set<string>): KeyList {
  // the same keys as one of the last key lists seen (byte for byte): nothing to look up
  for (let r = 0; r < recent.length; r++) {
    const { starts, ends } = recent[r]!;
    let same = starts.length === keyCount;
    for (let k = 0; same && k < keyCount; k++) {
      const s0 = keyStarts[k]!;
      const p0 = starts[k]!;
      const len = keyEnds[k]! - s0;
      if (len !== ends[k]! - p0) same = false;
      else for (let x = 0; x < len; x++) if (bytes[s0 + x] !== bytes[p0 + x]) {
        same = false;
        break;
      }
    }
    if (same) {
      const list = recent[r]!.list;
      if (r > 0) recent.unshift(...recent.splice(r, 1));
      return list;
    }
  }
  return newKeyListOfLine(recent, lists, keySet);
}

/** The key list of the current line when it is none of the recent ones (apart: seldom run, and large to optimize). */
function newKeyListOfLine(recent: RecentList[], lists: Map<string, KeyList>, keySet: Set<string>): KeyList {
  const keys = currentKeys();
  const listText = JSON.stringify(keys);
  let list = lists.get(listText);
  if (!list) {
    list = { keys, kinds: new Uint8Array(keys.length), tries: 0, hits: 0, dup: new Set(keys).size < keys.length, caseDup: new Set(keys.map((k) => k.toLowerCase())).size < keys.length };
    lists.set(listText, list);
    for (const k of keys) keySet.add(k);
  }
  recent.unshift({ starts: keyStarts.slice(0, keyCount), ends: keyEnds.slice(0, keyCount), list });
  if (recent.length > RECENT_LISTS) recent.pop();
  return list;
}

/**
 * the file as text (one byte a character) for the templates, a piece of whole lines at a time — bytes
 * [textStart, textEnd) of `bb` — made when first needed: pieces of ~64 KiB are young objects of V8's heap, made and
 * dropped far faster than one string of the whole file
 */
let text = '';
let textStart = 0;
let textEnd = 0;

/** whether the last {@link matchLines} stopped because V8's regular expression engine failed (its backtracking stack) */
let regexFailed = false;

/**
 * Where the lines from `i` (of `n` bytes) that the template `re` matches end (`i` when it matches none); when V8's
 * regular expression engine fails midway, where the matches before it ended, with {@link regexFailed} set.
 */
function matchLines(re: RegExp, i: number, n: number): number {
  regexFailed = false;
  try {
    for (;;) {
      if (i >= textEnd) {
        const lf = i + TEXT_PIECE >= n ? -1 : b.indexOf(LF, i + TEXT_PIECE);
        textStart = i;
        textEnd = lf < 0 ? n : lf + 1;
        text = bb.toString('latin1', textStart, textEnd);
      }
      re.lastIndex = i - textStart;
      if (!re.test(text)) return i;
      const to = textStart + re.lastIndex;
      if (to === i) return i;
      i = to;
    }
  } catch {
    regexFailed = true;
    return i;
  }
}

/** key lists compared byte for byte with a line's keys before they are looked up by their text */
const RECENT_LISTS = 8;
/** the bytes of a piece of the file's text (extended to the end of its last line) */
const TEXT_PIECE = 64 * 1024;

/**
 * Whether a line of `bytes[from, to)` (whole lines) is longer than {@link MAX_LINE}. Such a line holds one of the
 * points every MAX_LINE / 2 bytes from `from` with more than MAX_LINE / 2 bytes to its line feed: only then are the
 * lines measured one by one.
 */
function hasLongLine(bytes: Uint8Array, from: number, to: number): boolean {
  const step = MAX_LINE / 2;
  let suspect = false;
  for (let p = from; p < to && !suspect; p += step) {
    const lf = bytes.indexOf(LF, p);
    suspect = (lf < 0 || lf >= to ? to : lf) - p >= step;
  }
  if (!suspect) return false;
  for (let i = from; i < to; ) {
    let e = bytes.indexOf(LF, i);
    if (e < 0 || e >= to) e = to;
    if (e - i > MAX_LINE) return true;
    i = e + 1;
  }
  return false;
}

/** The line feeds in `bytes[from, to)`. */
function countLines(bytes: Uint8Array, from: number, to: number): number {
  let lines = 0;
  for (let i = bytes.indexOf(LF, from); i >= 0 && i < to; i = bytes.indexOf(LF, i + 1)) lines++;
  return lines;
}

/** Whether the bytes hold a carriage return, another control character (tab aside) or a byte outside ASCII. */
function hasUnsafeByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if ((c < SPACE && c !== TAB && c !== LF) || c > 0x7e) return true;
  }
  return false;
}
