/**
 * Emitting DuckDB SQL from a translated statement, with a map back to the source.
 *
 * A translation builds its output as a tree of fragments; a fragment made for a node of the source carries that
 * node's offset. Rendering the tree gives the text DuckDB runs and, for every fragment with an offset, the range it
 * covers in that text — so a position DuckDB reports in the text it ran maps back to the innermost source node
 * whose output holds it (`sourceOffsetAt`).
 */

/** A piece of emitted SQL: text, or a fragment of pieces (optionally made for the source node at `at`). */
export type Sql = string | SqlFragment;

export interface SqlFragment {
  readonly parts: readonly Sql[];
  /** offset in the source of the node this fragment was made for */
  readonly at?: number;
  /** a runtime failure (`error(…)`): NULL instead inside TRY (`withoutFailures`) */
  readonly failure?: true;
  /** a runtime refusal (`error(…)`) of the construct named: never NULL — TRY(…) around it is refused (`refusalIn`) */
  readonly refusal?: string;
}

/** A runtime failure with a message (SQL giving its text), as Trino raises it; TRY turns it into NULL. */
export function failure(message: Sql): SqlFragment {
  return { parts: ['error(', message, ')'], failure: true };
}

/**
 * A refusal as the query runs, of values the local engine cannot answer as Athena does (`what`: the construct, as
 * the message names it). Not a failure TRY may turn into NULL — Athena answers there — so a TRY(…) holding one is
 * refused when translated (`refusalIn`).
 */
export function refusal(message: Sql, what: string): SqlFragment {
  return { parts: ['error(', message, ')'], refusal: what };
}

/** The construct of the first runtime refusal in `s`, if it holds one. */
export function refusalIn(s: Sql): string | undefined {
  if (typeof s === 'string') return undefined;
  if (s.refusal !== undefined) return s.refusal;
  for (const p of s.parts) {
    const found = refusalIn(p);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `s` with every runtime failure replaced by NULL (the body of TRY: DuckDB's own TRY refuses `error()`). */
export function withoutFailures(s: Sql): Sql {
  if (typeof s === 'string') return s;
  if (s.failure) return 'NULL';
  let changed = false;
  const parts = s.parts.map((p) => {
    const q = withoutFailures(p);
    if (q !== p) changed = true;
    return q;
  });
  return changed ? { ...s, parts } : s;
}

/** `sql\`abs(${x})\`` — a fragment of literal text and fragments. */
export function sql(strings: TemplateStringsArray, ...values: readonly Sql[]): SqlFragment {
  const parts: Sql[] = [];
  strings.forEach((s, i) => {
    if (s !== '') parts.push(s);
    if (i < values.length) parts.push(values[i]!);
  });
  return { parts };
}

/** `s` as made for the source node at `offset`. */
export function at(offset: number | undefined, s: Sql): SqlFragment {
  if (typeof s !== 'string' && s.at === undefined && offset !== undefined) return { parts: s.parts, at: offset };
  return offset === undefined ? (typeof s === 'string' ? { parts: [s] } : s) : { parts: [s], at: offset };
}

/** The items with `separator` between them. */
export function join(items: readonly Sql[], separator = ', '): SqlFragment {
  const parts: Sql[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(separator);
    parts.push(item);
  });
  return { parts };
}

/** `name(a, b, …)` */
export function call(name: string, ...args: readonly Sql[]): SqlFragment {
  return { parts: [`${name}(`, join(args), ')'] };
}

/** `s` with every text part equal to a key of `names` replaced by its SQL (a lambda's parameters, applied). */
export function substitute(s: Sql, names: Readonly<Record<string, Sql>>): Sql {
  if (typeof s === 'string') return Object.prototype.hasOwnProperty.call(names, s) ? names[s]! : s;
  let changed = false;
  const parts = s.parts.map((p) => {
    const q = substitute(p, names);
    if (q !== p) changed = true;
    return q;
  });
  return changed ? { ...s, parts } : s;
}

/** A range of the emitted text and the source offset of the node it was made for. */
export interface SourceSpan {
  start: number;
  end: number;
  at: number;
}

export interface RenderedSql {
  text: string;
  /** innermost last: a span is listed after the spans that contain it */
  spans: SourceSpan[];
}

/** The text of a fragment tree and the spans of its fragments made for source nodes. */
export function render(root: Sql): RenderedSql {
  const chunks: string[] = [];
  const spans: SourceSpan[] = [];
  let length = 0;
  const walk = (s: Sql): void => {
    if (typeof s === 'string') {
      chunks.push(s);
      length += s.length;
      return;
    }
    const start = length;
    const index = spans.length;
    if (s.at !== undefined) spans.push({ start, end: start, at: s.at });
    for (const p of s.parts) walk(p);
    if (s.at !== undefined) spans[index]!.end = length;
  };
  walk(root);
  return { text: chunks.join(''), spans };
}

/** Just the text of a fragment tree. */
export function text(root: Sql): string {
  if (typeof root === 'string') return root;
  let out = '';
  const walk = (s: Sql): void => {
    if (typeof s === 'string') out += s;
    else for (const p of s.parts) walk(p);
  };
  walk(root);
  return out;
}

/**
 * The source offset of the innermost fragment whose output holds `offset` of the emitted text (spans are in
 * document order, so the last one found is the innermost).
 */
export function sourceOffsetAt(spans: readonly SourceSpan[], offset: number): number | undefined {
  let found: SourceSpan | undefined;
  for (const s of spans) {
    if (s.start > offset) break;
    if (offset < s.end || (s.start === s.end && s.start === offset)) {
      if (!found || (s.start >= found.start && s.end <= found.end)) found = s;
    }
  }
  return found?.at;
}
