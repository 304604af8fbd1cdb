/**
 * Spark Columns as the interpreter builds them: a field name (`"a"`, `F.col("a")`, `df["a"]`), a literal, Python's
 * operators on Columns (`+`, `==`, `&`, `|`, `~` — PySpark's Column overloads them; `and`/`or`/`not` are refused as
 * PySpark refuses them), and window specifications.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { excerpt } from '../callArgs';
import type { ColExpr, WindowSpec } from '../expr';
import { describe, toConst, type PyValue } from '../values';
import type { Host } from './registry';

/** A Column from a value: a Column, a field name, or (when `literals`) a literal. */
export function columnOf(host: Host, v: PyValue, n: SyntaxNode, what: string, literals: boolean): ColExpr {
  const pos = host.pos(n);
  if (v.t === 'column') return v.expr;
  if (v.t === 'fieldNames') return { pos, k: 'fields', frame: v.frame, prefix: v.prefix, suffix: v.suffix, exclude: v.exclude, ...(v.include ? { include: v.include } : {}) };
  if (v.t === 'str' && !literals) return v.v === '*' ? { pos, k: 'star' } : { pos, k: 'col', name: v.v };
  const c = toConst(v);
  if (c !== undefined && literals) return { pos, k: 'lit', value: c };
  if (v.t === 'opaque' || v.t === 'runtime')
    throw host.unsupported(n, `${v.what} as ${what}`, v.t === 'runtime' ? 'it is computed by the run, after the script is read' : 'its value is only known when the job runs on Glue', 'write the value');
  throw host.unsupported(n, `${excerpt(n)} as ${what}`, `expected a Column${literals ? ' or a literal' : ' or a field name'}, not ${describe(v)}`, 'pass F.col("name") or a field name');
}

const BINARY: Record<string, string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '**': 'pow',
  '==': '==',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '&': 'and',
  '|': 'or',
};

/** `a <op> b` where a Column is involved: a Column expression (literals on either side, as PySpark takes them). */
export function columnBinop(host: Host, n: SyntaxNode, op: string, a: PyValue, b: PyValue): PyValue {
  const mapped = BINARY[op];
  if (mapped === undefined)
    throw host.unsupported(n, excerpt(n), `the operator ${op} is not one PySpark defines on a Column`, op === 'in' || op === 'not in' ? 'use col.isin([…])' : 'use a function of pyspark.sql.functions');
  const left = columnOf(host, a, n, `the left side of ${op}`, true);
  const right = columnOf(host, b, n, `the right side of ${op}`, true);
  return { t: 'column', expr: { pos: host.pos(n), k: 'op', op: mapped, args: [left, right] } };
}

export function columnUnary(host: Host, n: SyntaxNode, op: string, v: Extract<PyValue, { t: 'column' }>): PyValue {
  if (op === '+') return v;
  if (op === '-') return { t: 'column', expr: { pos: host.pos(n), k: 'op', op: 'neg', args: [v.expr] } };
  if (op === '~') return { t: 'column', expr: { pos: host.pos(n), k: 'op', op: 'not', args: [v.expr] } };
  throw host.unsupported(n, excerpt(n), `the operator ${op} is not one PySpark defines on a Column`, 'use a function of pyspark.sql.functions');
}

export function windowOf(host: Host, v: PyValue, n: SyntaxNode, what: string): WindowSpec {
  if (v.t === 'window') return v.spec;
  if (v.t === 'class' && v.name === 'Window') return { partitionBy: [], orderBy: [] };
  throw host.unsupported(n, `${excerpt(n)} as ${what}`, `expected a window specification (Window.partitionBy(…).orderBy(…)), not ${describe(v)}`, 'build it with Window');
}

/** Spark's name for a column written as a string: `a.b` is the field b of the struct a; backticks quote. */
export function attributeParts(name: string): string[] | undefined {
  const parts: string[] = [];
  let cur = '';
  let i = 0;
  while (i < name.length) {
    const c = name[i]!;
    if (c === '`') {
      const end = name.indexOf('`', i + 1);
      if (end < 0) return undefined;
      cur += name.slice(i + 1, end);
      i = end + 1;
      // a doubled backtick inside quotes is one backtick
      while (name[i] === '`') {
        const next = name.indexOf('`', i + 1);
        if (next < 0) return undefined;
        cur += `\`${name.slice(i + 1, next)}`;
        i = next + 1;
      }
    } else if (c === '.') {
      parts.push(cur);
      cur = '';
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  parts.push(cur);
  return parts.some((p) => p === '') ? undefined : parts;
}
