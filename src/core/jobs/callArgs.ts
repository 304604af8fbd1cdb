/**
 * Calls as the vocabulary tables see them: a signature written as data (`"frame!, paths!, transformation_ctx,
 * info~"`: `!` required, `~` accepted and ignored — it has no effect on the data —, `*` before keyword-only
 * parameters, `*name` / `**name` collecting the rest), arguments bound to it as Python binds them, and readers that
 * turn an argument into what a plan needs (a string, a list of strings, a frame, a literal dict), refusing by name
 * what is only known when Python runs.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError } from '../errors';
import { describe, toData, type PyValue } from './values';

export interface Param {
  name: string;
  required: boolean;
  ignored: boolean;
  keywordOnly: boolean;
}

export interface Signature {
  params: Param[];
  /** `*name`: further positional arguments */
  varargs?: string;
  /** `**name`: further keyword arguments */
  varkw?: string;
  /**
   * `**-`: the parameters are the function's own, complete (copied from its source): another keyword is Python's
   * TypeError, not an option the local engine lacks
   */
  closed?: boolean;
  /** the text the signature was made from, for the vocabulary table */
  text: string;
}

const parsed = new Map<string, Signature>();

/** Parses a signature written as data; cached. */
export function sig(text: string): Signature {
  const known = parsed.get(text);
  if (known) return known;
  const s: Signature = { params: [], text };
  let keywordOnly = false;
  for (const raw of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (raw === '*') keywordOnly = true;
    else if (raw === '**-') s.closed = true;
    else if (raw.startsWith('**')) s.varkw = raw.slice(2);
    else if (raw.startsWith('*')) {
      s.varargs = raw.slice(1);
      keywordOnly = true;
    } else {
      const name = raw.replace(/[!~]$/, '');
      s.params.push({ name, required: raw.endsWith('!'), ignored: raw.endsWith('~'), keywordOnly });
    }
  }
  parsed.set(text, s);
  return s;
}

export interface Arg {
  value: PyValue;
  /** the argument's expression, for positions in messages */
  node: SyntaxNode;
}

/** A call's evaluated arguments. */
export interface CallArgs {
  positional: Arg[];
  keywords: Map<string, Arg>;
  /** the call expression */
  call: SyntaxNode;
}

/** The error helpers of the interpreter, for readers. */
export interface Reporter {
  file: string;
  /** `<file>:<line>:<col>: <construct> cannot run on the local engine: <why>; <hint>` */
  unsupported(n: SyntaxNode, construct: string, why: string, hint?: string): LakehouseError;
  invalid(n: SyntaxNode, message: string): LakehouseError;
}

export const excerpt = (n: SyntaxNode): string => {
  const t = n.text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
};

/** Arguments bound to a signature, with readers. */
export class Bound {
  readonly values = new Map<string, Arg>();
  readonly rest: Arg[] = [];
  readonly restKeywords = new Map<string, Arg>();

  constructor(
    readonly construct: string,
    readonly call: SyntaxNode,
    private readonly r: Reporter,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): Arg | undefined {
    return this.values.get(name);
  }

  /** The argument, which the signature requires. */
  need(name: string): Arg {
    const a = this.values.get(name);
    if (a === undefined) throw this.r.invalid(this.call, `${this.construct} needs the argument ${name}=`);
    return a;
  }

  what(name: string): string {
    return `${this.construct} ${name}`;
  }

  notLiteral(a: Arg, what: string, expected: string): LakehouseError {
    const v = a.value;
    if (v.t === 'opaque' || v.t === 'runtime') return opaqueError(this.r, a.node, v, what);
    return this.r.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `expected ${expected}, not ${describe(v)}`, 'write the value literally or as a constant');
  }

  string(name: string, what = this.what(name)): string {
    return asString(this.r, this.need(name), what);
  }

  optString(name: string, what = this.what(name)): string | undefined {
    const a = this.values.get(name);
    if (a === undefined || a.value.t === 'none') return undefined;
    return asString(this.r, a, what);
  }

  strings(name: string, what = this.what(name)): string[] {
    return asStrings(this.r, this.need(name), what);
  }

  bool(name: string, dflt: boolean, what = this.what(name)): boolean {
    const a = this.values.get(name);
    if (a === undefined) return dflt;
    if (a.value.t !== 'bool') throw this.notLiteral(a, what, 'True or False');
    return a.value.v;
  }

  int(name: string, dflt?: number, what = this.what(name)): number {
    const a = this.values.get(name);
    if (a === undefined) {
      if (dflt === undefined) throw this.r.invalid(this.call, `${this.construct} needs the argument ${name}=`);
      return dflt;
    }
    if (a.value.t !== 'int' && a.value.t !== 'bool') throw this.notLiteral(a, what, 'an integer');
    return a.value.t === 'bool' ? Number(a.value.v) : a.value.v;
  }

  /** A literal dict (JSON-like data); absent or None: {}. */
  dict(name: string, what = this.what(name)): Record<string, unknown> {
    const a = this.values.get(name);
    if (a === undefined || a.value.t === 'none') return {};
    const d = a.value.t === 'dict' ? toData(a.value) : undefined;
    if (d === undefined || d === null || typeof d !== 'object' || Array.isArray(d)) throw this.notLiteral(a, what, 'a dict of literal values');
    return d as Record<string, unknown>;
  }

  /** The argument refused when given with a value other than None or "" (e.g. push_down_predicate). */
  refuseIfSet(name: string, why: string, hint: string): void {
    const a = this.values.get(name);
    if (a === undefined || a.value.t === 'none' || (a.value.t === 'str' && a.value.v === '')) return;
    throw this.r.unsupported(a.node, `${this.construct} with ${name}=`, why, hint);
  }
}

export function opaqueError(r: Reporter, node: SyntaxNode, v: Extract<PyValue, { t: 'opaque' | 'runtime' }>, what: string): LakehouseError {
  const n = v.t === 'opaque' && v.at !== undefined ? v.at : node;
  if (v.t === 'runtime')
    return r.unsupported(n, `${v.what} as ${what}`, 'it is computed by the run, after the script is read', 'write the value, or print it instead');
  const m = /^args\["(.*)"\]$/.exec(v.what);
  if (m)
    return r.unsupported(
      n,
      `${v.what} as ${what}`,
      'its value is only known when the job runs',
      `give the job the default argument --${m[1]} in lakehouse.json (glue.defaultArguments), or write the value, e.g. with \${variables}`,
    );
  return r.unsupported(n, `${v.what} as ${what}`, 'its value is only known when the job runs on Glue', 'write the value, e.g. with ${variables} from lakehouse.json');
}

export function asString(r: Reporter, a: Arg, what: string): string {
  const v = a.value;
  if (v.t === 'str') return v.v;
  if (v.t === 'opaque' || v.t === 'runtime') throw opaqueError(r, a.node, v, what);
  throw r.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `expected a string, not ${describe(v)}`, 'write the value literally or as a constant');
}

export function asStrings(r: Reporter, a: Arg, what: string): string[] {
  const v = a.value;
  if (v.t === 'list' || v.t === 'tuple') {
    return v.items.map((i) => {
      if (i.t === 'str') return i.v;
      if (i.t === 'opaque' || i.t === 'runtime') throw opaqueError(r, a.node, i, what);
      throw r.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `expected a list of strings, not one holding ${describe(i)}`, 'write the names as strings');
    });
  }
  if (v.t === 'opaque' || v.t === 'runtime') throw opaqueError(r, a.node, v, what);
  throw r.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `expected a list of strings, not ${describe(v)}`, 'write the names as a list of strings');
}

/** Binds arguments as Python does; refuses an unknown keyword by name (the local engine cannot honour it). */
export function bind(r: Reporter, construct: string, s: Signature, args: CallArgs): Bound {
  const b = new Bound(construct, args.call, r);
  const positional = s.params.filter((p) => !p.keywordOnly);
  args.positional.forEach((a, i) => {
    const p = positional[i];
    if (p === undefined) {
      if (s.varargs !== undefined) {
        b.rest.push(a);
        return;
      }
      throw r.invalid(a.node, `${construct} takes at most ${positional.length} positional argument${positional.length === 1 ? '' : 's'}`);
    }
    b.values.set(p.name, a);
  });
  for (const [name, a] of args.keywords) {
    const p = s.params.find((x) => x.name === name);
    if (p === undefined) {
      if (s.varkw !== undefined) {
        b.restKeywords.set(name, a);
        continue;
      }
      if (s.closed)
        throw r.invalid(
          keywordNode(a.node),
          `${construct} has no argument ${name} (its parameters: ${s.params.map((x) => x.name).join(', ')}): Python raises TypeError here, so the job fails on Glue too`,
        );
      throw r.unsupported(keywordNode(a.node), `${construct} with ${name}=`, `the argument ${name} is not supported`, 'remove it');
    }
    if (b.values.has(name)) throw r.invalid(keywordNode(a.node), `${construct}: the argument ${name} is given twice`);
    b.values.set(name, a);
  }
  for (const p of s.params) {
    if (p.required && !b.values.has(p.name)) throw r.invalid(args.call, `${construct} needs the argument ${p.name}=`);
    if (p.ignored) b.values.delete(p.name);
  }
  return b;
}

/** The `name=value` node of a keyword argument's value (positions point at the keyword). */
function keywordNode(value: SyntaxNode): SyntaxNode {
  const parent = value.parent;
  return parent?.type === 'keyword_argument' ? parent : value;
}
