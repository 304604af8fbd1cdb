/**
 * The line templates of the JSON shape scan (jsonShapeScan.ts).
 *
 * Data files mostly repeat one shape line after line (the same keys, other values). After an object line read in
 * full, the lines that follow are matched in one go against that line's template — a regular expression of the same
 * keys in the same order, each with a plain value: a string without escapes, a number without exponent of at most
 * 200 characters, `true`, `false`, `null` (see {@link templateOf}). What it matches is strict JSON with exactly those
 * keys (a subset of what the byte scan accepts, with the same answer); the first line it does not match is read in
 * full as before. V8's regular expressions read the file's text about twice as fast as the byte loop. Where that
 * template takes no line, a second one takes lines of any key list the file has shown (see {@link unionTemplate}): a
 * file whose lines go between a few key lists (optional keys) is matched too. A file whose lines change keys all the
 * time is read line by line (a template that takes no line costs as much as the line).
 */
import { INT_MAX_DIGITS, INT_MIN_DIGITS, KIND_BOOL, KIND_DOUBLE, KIND_INT, KIND_LONG, KIND_NULL, KIND_STRING } from './learntSchema';

export interface KeyList {
  keys: string[];
  /** the kinds of each key's values in the lines of these keys so far (while the file's types are learnt) */
  kinds: Uint8Array;
  /** the typed templates made so far (by spacing and kinds) */
  typed?: Map<string, RegExp>;
  /** template matches tried after a line of these keys, and those that took a line or more: a file whose lines
   * change keys all the time is read line by line (a match that takes no line costs as much as reading it) */
  tries: number;
  hits: number;
  /** a key twice, exactly as spelled */
  dup: boolean;
  /** two keys equal but for case */
  caseDup: boolean;
  /** the regular expressions of lines of these keys, made when first tried: spaces and tabs between the tokens or
   * none (a little faster) — as in the line before */
  template?: RegExp;
  compactTemplate?: RegExp;
}

/** spaces and tabs, as jsonShapeScan.ts's `ws` skips them */
const WS = '[ \\t]*';
/**
 * The values a template takes — each also a value the byte loop reads, with no check left to DuckDB: a string of
 * printable ASCII without `"` or `\`; a number without exponent, at most 99 digits before the point and 99 after
 * (far under the 300 characters from which jsonShapeScan.ts's `num` checks that a double holds it); `true`, `false`, `null`.
 */
const PLAIN_VALUE = `(?:"[ !#-\\[\\]-~]*"|-?(?:0|[1-9][0-9]{0,98})(?:\\.[0-9]{1,99})?|true|false|null)`;
/** The values of each kind a typed template takes: a subset of {@link PLAIN_VALUE}, the kind jsonShapeScan.ts's `kindOf` gives. */
const KIND_VALUE: [number, string][] = [
  [KIND_STRING, '"[ !#-\\[\\]-~]*"'],
  [KIND_DOUBLE, '-?(?:0|[1-9][0-9]{0,98})\\.[0-9]{1,99}'],
  // a whole number that fits in 32 bits, one of at most 18 digits that does not (as kindOf tells them apart)
  [KIND_INT, `-?0|${upTo(INT_MAX_DIGITS)}|-${upTo(INT_MIN_DIGITS)}`],
  [KIND_LONG, `${above(INT_MAX_DIGITS, 18)}|-${above(INT_MIN_DIGITS, 18)}`],
  [KIND_BOOL, 'true|false'],
  [KIND_NULL, 'null'],
];

function valueOfKinds(kinds: number): string {
  // (every key of a list has a kind once a line of it is read: none matches nothing)
  if (kinds === 0) return '(?!)';
  return `(?:${KIND_VALUE.filter(([k]) => kinds & k).map(([, re]) => re).join('|')})`;
}

/** The template of lines of the key list whose values are of the kinds its lines had so far. */
export function typedTemplate(list: KeyList, spaced: boolean): RegExp {
  const sig = `${spaced ? 's' : 'c'}${list.kinds.join(',')}`;
  list.typed ??= new Map();
  let re = list.typed.get(sig);
  if (!re) list.typed.set(sig, (re = templateOf(list.keys, spaced, list.kinds)));
  return re;
}

/**
 * The lines one match takes at most: V8's regular expressions keep a backtracking entry per repetition and per
 * value, and fail past their stack's size (then the lines are read one by one: the same answer, slower).
 */
const TEMPLATE_ENTRIES = 1 << 16;
/** object lines read in full before the template of every key list is made, and between two of them */
const UNION_LINES = 32;

/**
 * The template of an object line with these keys (ASCII without escapes: the keys of a line read in full): up to
 * {@link TEMPLATE_ENTRIES} whole lines, each `{"k1":v1,"k2":v2…}` (`spaced`: with spaces and tabs where JSON allows
 * them), every value plain ({@link PLAIN_VALUE}), ending in a line feed. Every key character is written as `\xHH`.
 */
export function templateOf(keys: readonly string[], spaced: boolean, kinds?: Uint8Array): RegExp {
  const ws = spaced ? WS : '';
  const field = (k: string, i: number) =>
    `"${hexKey(k)}"${ws}:${ws}${kinds ? valueOfKinds(kinds[i]!) : PLAIN_VALUE}${ws}`;
  const line = `${ws}\\{${ws}${keys.map(field).join(`,${ws}`)}\\}${ws}\\n`;
  return new RegExp(`(?:${line}){0,${Math.max(1, Math.floor(TEMPLATE_ENTRIES / (keys.length + 1)))}}`, 'y');
}

/** The template of every key list of a file (see {@link unionTemplate}). */
export interface UnionTemplate {
  /** the scan's key-list version it was made for, with its spacing and learning (-1: none made yet) */
  version: number;
  /** the object lines read in full when it was made */
  builtAt: number;
  spaced?: boolean;
  learning?: boolean;
  /** none when fewer than two key lists can be in it */
  re: RegExp | undefined;
  /** matches of this template tried and those that took a line or more (as {@link KeyList}'s) */
  tries: number;
  hits: number;
}

/**
 * The template of lines of any of the key lists seen so far in the file (with, while its kinds are learnt, each
 * key's values of the kinds lines of its list had so far — as {@link typedTemplate}): so a line it takes is an object
 * of a key list already seen, with values of kinds already seen, and adds nothing to what the scan learnt. Lists with
 * a key twice (exactly or but for case) are not in it: their lines are counted. The lists are merged where they
 * begin alike (the fields' regular expressions as a tree: keys in the same order with the same kinds share one
 * branch), so a line of a list with optional keys at its end is tried once, not once per list. Made first after
 * {@link UNION_LINES} object lines read in full, then again when a list was seen first or learnt a kind (`version`),
 * lines started having spaces or tabs, or learning stopped — and another {@link UNION_LINES} lines were read in full
 * since: each template is compiled code (tens of KiB) that V8 keeps a while, and one made at every new list or kind
 * cost ~8 MiB of code at 10M. One made before is still right meanwhile: its lists and kinds are among the file's.
 */
export function unionTemplate(union: UnionTemplate, lists: Map<string, KeyList>, version: number, fullLines: number, spaced: boolean, learning: boolean): RegExp | undefined {
  if (union.version === version && union.spaced === spaced && union.learning === learning) return union.re;
  if (fullLines - union.builtAt < UNION_LINES) return union.re;
  union.builtAt = fullLines;
  // (a new template is tried anew)
  union.tries = 0;
  union.hits = 0;
  union.version = version;
  union.spaced = spaced;
  union.learning = learning;
  const ws = spaced ? WS : '';
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  let members = 0;
  let nodes = 0;
  for (const list of lists.values()) {
    if (list.dup || list.caseDup) continue;
    members++;
    let node = root;
    list.keys.forEach((k, i) => {
      const field = `"${hexKey(k)}"${ws}:${ws}${learning ? valueOfKinds(list.kinds[i]!) : PLAIN_VALUE}${ws}`;
      let child = node.next.get(field);
      if (!child) {
        node.next.set(field, (child = { end: false, next: new Map() }));
        nodes++;
      }
      node = child;
    });
    node.end = true;
  }
  const alternatives = (node: Node, first: boolean): string => {
    const alts = [...node.next].map(([field, child]) => `${first ? '' : `,${ws}`}${field}${alternatives(child, false)}`);
    if (node.end) alts.push('\\}');
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  if (members < 2) return (union.re = undefined);
  const line = `${ws}\\{${ws}${alternatives(root, true)}${ws}\\n`;
  return (union.re = new RegExp(`(?:${line}){0,${Math.max(1, Math.floor(TEMPLATE_ENTRIES / (nodes + 1)))}}`, 'y'));
}

/** A key as its template writes it: every character as `\xHH` (ASCII without escapes: the keys of a line read in full). */
function hexKey(k: string): string {
  return [...k].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
}

/** A regular expression (text) of the whole numbers from 1 to `bound` (its decimal digits), without leading zeros. */
function upTo(bound: string): string {
  const n = bound.length;
  const alts: string[] = [];
  if (n >= 2) alts.push(`[1-9][0-9]{0,${n - 2}}`);
  for (let i = 0; i < n; i++) {
    const d = Number(bound[i]);
    const low = i === 0 ? 1 : 0;
    if (d - 1 >= low) alts.push(`${bound.slice(0, i)}[${low}-${d - 1}]${n - i - 1 > 0 ? `[0-9]{${n - i - 1}}` : ''}`);
  }
  alts.push(bound);
  return `(?:${alts.join('|')})`;
}

/** A regular expression (text) of the whole numbers above `bound` (its decimal digits) of at most `max` digits. */
function above(bound: string, max: number): string {
  const n = bound.length;
  const alts: string[] = [];
  if (max > n) alts.push(`[1-9][0-9]{${n},${max - 1}}`);
  for (let i = 0; i < n; i++) {
    const d = Number(bound[i]);
    if (d < 9) alts.push(`${bound.slice(0, i)}[${d + 1}-9]${n - i - 1 > 0 ? `[0-9]{${n - i - 1}}` : ''}`);
  }
  return `(?:${alts.join('|')})`;
}
