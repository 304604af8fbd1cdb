/**
 * Python's operators, builtins and the methods of str, list and dict over values known when the script is read,
 * with Python's results (`7 // -2` is -4, `-7 % 3` is 2, `round(2.5)` is 2); string formatting (`"%d rows" % n`,
 * f-string format specs) and text with parts for print and logging are pyformat.ts.
 * What these cannot compute (a symbolic operand, an unknown method) comes back `undefined` or is refused by name.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Reporter } from './callArgs';
import { excerpt } from './callArgs';
import { fromParts, isNum, joinParts, percentFormat, strFormat, textParts, type Num } from './pyformat';
import { NONE, describe, int, iterate, numberOf, pyEquals, pyStr, repr, str, truthy, type PyValue } from './values';

// (text parts and format specs were here: the evaluator still takes them from this module)
export { formatSpec, fromParts, joinParts, textParts } from './pyformat';

const textLike = (v: PyValue) => v.t === 'str' || v.t === 'runtime';

/** `a <op> b` over known values; undefined when an operand is symbolic (a Column, a frame, …). */
export function binop(r: Reporter, n: SyntaxNode, op: string, a: PyValue, b: PyValue): PyValue | undefined {
  if (op === '+' && textLike(a) && textLike(b) && (a.t === 'runtime' || b.t === 'runtime'))
    return fromParts(joinParts([textParts(a), textParts(b)]), `${describe(a)} + ${describe(b)}`);
  if (isNum(a) && isNum(b)) return arith(r, n, op, a, b);
  if (op === '+' && a.t === 'str' && b.t === 'str') return str(a.v + b.v);
  if (op === '+' && (a.t === 'list' || a.t === 'tuple') && a.t === b.t) return { t: a.t, items: [...a.items, ...b.items] };
  if (op === '*' && (a.t === 'str' || a.t === 'list' || a.t === 'tuple') && (b.t === 'int' || b.t === 'bool')) return repeat(a, numberOf(b));
  if (op === '*' && (b.t === 'str' || b.t === 'list' || b.t === 'tuple') && (a.t === 'int' || a.t === 'bool')) return repeat(b, numberOf(a));
  if (op === '%' && a.t === 'str') return percentFormat(r, n, a.v, b);
  if (op === '%' && a.t === 'runtime') return undefined;
  const constant = (v: PyValue) => ['int', 'float', 'bool', 'str', 'none', 'list', 'tuple', 'dict', 'set'].includes(v.t);
  if (constant(a) && constant(b))
    throw r.unsupported(n, excerpt(n), `Python raises TypeError: unsupported operand types for ${op}: ${describe(a)} and ${describe(b)}`, 'fix the script');
  return undefined;
}

function repeat(v: Extract<PyValue, { t: 'str' | 'list' | 'tuple' }>, k: number): PyValue {
  const times = Math.max(0, k);
  if (v.t === 'str') return str(v.v.repeat(times));
  return { t: v.t, items: Array.from({ length: times }, () => v.items).flat() };
}

function arith(r: Reporter, n: SyntaxNode, op: string, a: Num, b: Num): PyValue {
  const x = numberOf(a);
  const y = numberOf(b);
  const ints = a.t !== 'float' && b.t !== 'float';
  const zero = () => r.unsupported(n, excerpt(n), 'Python raises ZeroDivisionError here', 'fix the script');
  const num = (v: number, isInt: boolean): PyValue => (isInt ? int(v) : { t: 'float', v });
  switch (op) {
    case '+':
      return num(x + y, ints);
    case '-':
      return num(x - y, ints);
    case '*':
      return num(x * y, ints);
    case '/':
      if (y === 0) throw zero();
      return { t: 'float', v: x / y };
    case '//':
      if (y === 0) throw zero();
      return num(Math.floor(x / y), ints);
    case '%': {
      if (y === 0) throw zero();
      const m = x - y * Math.floor(x / y);
      return num(m, ints);
    }
    case '**':
      if (ints && y < 0) return { t: 'float', v: x ** y };
      return num(x ** y, ints);
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      if (!ints) break;
      return int(op === '&' ? x & y : op === '|' ? x | y : op === '^' ? x ^ y : op === '<<' ? x << y : x >> y);
  }
  throw r.unsupported(n, excerpt(n), `the operator ${op} on ${describe(a)} and ${describe(b)} is not supported`, 'compute the value in the script');
}

/** Python's ordering of known values (numbers, strings, lists and tuples); undefined when not comparable here. */
function order(a: PyValue, b: PyValue): number | undefined {
  if (isNum(a) && isNum(b)) return numberOf(a) - numberOf(b);
  if (a.t === 'str' && b.t === 'str') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if ((a.t === 'list' && b.t === 'list') || (a.t === 'tuple' && b.t === 'tuple')) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      const eq = pyEquals(a.items[i]!, b.items[i]!);
      if (eq === true) continue;
      return order(a.items[i]!, b.items[i]!);
    }
    return a.items.length - b.items.length;
  }
  return undefined;
}

/** One comparison `a <op> b` over known values; undefined when an operand is symbolic. */
export function compare(r: Reporter, n: SyntaxNode, op: string, a: PyValue, b: PyValue): boolean | undefined {
  switch (op) {
    case '==':
    case '!=': {
      const e = pyEquals(a, b);
      return e === undefined ? undefined : op === '==' ? e : !e;
    }
    case 'is':
    case 'is not': {
      if (a.t !== 'none' && b.t !== 'none' && a.t !== 'bool' && b.t !== 'bool') return undefined;
      const same = a.t === b.t && (a.t !== 'bool' || (a as { v: boolean }).v === (b as { v: boolean }).v);
      return op === 'is' ? same : !same;
    }
    case 'in':
    case 'not in': {
      let found: boolean | undefined;
      if (b.t === 'str' && a.t === 'str') found = b.v.includes(a.v);
      else if (b.t === 'dict') found = b.entries.some(([k]) => pyEquals(k, a) === true);
      else if (b.t === 'list' || b.t === 'tuple' || b.t === 'set') {
        const eqs = b.items.map((i) => pyEquals(a, i));
        found = eqs.includes(true) ? true : eqs.includes(undefined) ? undefined : false;
      } else if (b.t === 'str') throw r.unsupported(n, excerpt(n), `Python raises TypeError: 'in <string>' requires a string, not ${describe(a)}`, 'fix the script');
      else return undefined;
      return found === undefined ? undefined : op === 'in' ? found : !found;
    }
  }
  const o = order(a, b);
  if (o === undefined) {
    const constant = (v: PyValue) => ['int', 'float', 'bool', 'str', 'none', 'list', 'tuple'].includes(v.t);
    if (constant(a) && constant(b)) throw r.unsupported(n, excerpt(n), `Python raises TypeError: ${op} between ${describe(a)} and ${describe(b)}`, 'fix the script');
    return undefined;
  }
  return op === '<' ? o < 0 : op === '<=' ? o <= 0 : op === '>' ? o > 0 : o >= 0;
}

// ---------------------------------------------------------------- builtins and methods of known values

export interface BuiltinCall {
  r: Reporter;
  n: SyntaxNode;
  args: PyValue[];
  kwargs: Map<string, PyValue>;
}

const need = (c: BuiltinCall, name: string, k: number, max = k) => {
  if (c.args.length < k || c.args.length > max) throw c.r.invalid(c.n, `${name}() takes ${k === max ? k : `${k} to ${max}`} argument${max === 1 ? '' : 's'}, got ${c.args.length}`);
};

/** Python builtins over known values; undefined when the builtin is not one of these. */
export function pyBuiltin(name: string, c: BuiltinCall): PyValue | undefined {
  const { r, n, args } = c;
  const bad = (what: string) => r.unsupported(n, `${name}(${args.map(describe).join(', ')})`, what, 'compute the value in the script');
  const a = args[0];
  switch (name) {
    case 'len': {
      need(c, name, 1);
      const items = a!.t === 'str' ? [...a!.v] : iterate(a!);
      if (items === undefined) throw bad('the length is only known when the job runs');
      return int(items.length);
    }
    case 'str':
      if (args.length === 0) return str('');
      need(c, name, 1);
      if (a!.t === 'runtime' || a!.t === 'opaque') return a!.t === 'runtime' ? a! : fromParts(textParts(a!), a!.what);
      return str(pyStr(a!));
    case 'repr':
      need(c, name, 1);
      return str(repr(a!));
    case 'int': {
      if (args.length === 0) return int(0);
      need(c, name, 1, 2);
      if (a!.t === 'str') {
        const t = a!.v.trim().replace(/_/g, '');
        const base = args[1]?.t === 'int' ? args[1].v : 10;
        if (base !== 10 || !/^[+-]?\d+$/.test(t)) throw bad(`Python raises ValueError: invalid literal for int(): ${repr(a!)}`);
        return int(Number(t));
      }
      if (isNum(a!)) return int(Math.trunc(numberOf(a!)));
      throw bad('only str and numbers convert here');
    }
    case 'float': {
      if (args.length === 0) return { t: 'float', v: 0 };
      need(c, name, 1);
      if (a!.t === 'str') {
        const t = a!.v.trim().toLowerCase();
        const v = /^[+-]?(inf|infinity)$/.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : t.replace(/^[+-]/, '') === 'nan' ? NaN : /^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[+-]?\d+)?$/.test(t) ? Number(t.replace(/_/g, '')) : undefined;
        if (v === undefined) throw bad(`Python raises ValueError: could not convert string to float: ${repr(a!)}`);
        return { t: 'float', v };
      }
      if (isNum(a!)) return { t: 'float', v: numberOf(a!) };
      throw bad('only str and numbers convert here');
    }
    case 'bool': {
      if (args.length === 0) return { t: 'bool', v: false };
      need(c, name, 1);
      const t = truthy(a!);
      if (t === undefined) throw bad('its truth is only known when the job runs');
      return { t: 'bool', v: t };
    }
    case 'abs':
      need(c, name, 1);
      if (!isNum(a!)) throw bad('abs() of a non-number');
      return a!.t === 'float' ? { t: 'float', v: Math.abs(a!.v) } : int(Math.abs(numberOf(a!)));
    case 'round': {
      need(c, name, 1, 2);
      if (!isNum(a!)) throw bad('round() of a non-number');
      const digits = args[1] === undefined || args[1].t === 'none' ? undefined : args[1].t === 'int' ? args[1].v : NaN;
      if (Number.isNaN(digits)) throw bad('round() with non-integer digits');
      const x = numberOf(a!);
      const f = 10 ** (digits ?? 0);
      const scaled = x * f;
      // Python rounds half to even
      let rounded = Math.round(scaled);
      if (Math.abs(scaled % 1) === 0.5 && rounded % 2 !== 0) rounded -= Math.sign(scaled);
      return digits === undefined ? int(rounded) : a!.t === 'float' ? { t: 'float', v: rounded / f } : int(rounded / f);
    }
    case 'min':
    case 'max': {
      const items = args.length === 1 ? iterate(a!) : args;
      if (items === undefined || items.length === 0) throw bad(`${name}() of an empty or unknown sequence`);
      let best = items[0]!;
      for (const x of items.slice(1)) {
        const o = compare(r, n, '<', x, best);
        if (o === undefined) throw bad(`${name}() of values only known when the job runs`);
        if ((name === 'min' && o) || (name === 'max' && compare(r, n, '>', x, best))) best = x;
      }
      return best;
    }
    case 'sum': {
      const items = iterate(a!);
      if (items === undefined || !items.every(isNum)) throw bad('sum() of values that are not known numbers');
      const float = items.some((x) => x.t === 'float');
      const total = items.reduce((s, x) => s + numberOf(x as Num), 0);
      return float ? { t: 'float', v: total } : int(total);
    }
    case 'list':
    case 'tuple':
    case 'set': {
      if (args.length === 0) return { t: name, items: [] };
      const items = iterate(a!);
      if (items === undefined) throw bad(`${name}() of ${describe(a!)}`);
      return { t: name, items: name === 'set' ? dedupe(items) : [...items] };
    }
    case 'dict': {
      if (args.length === 0) return { t: 'dict', entries: [...c.kwargs].map(([k, v]) => [str(k), v]) };
      if (a!.t === 'dict') return { t: 'dict', entries: [...a!.entries] };
      const items = iterate(a!);
      if (items === undefined) throw bad('dict() of an unknown sequence');
      return { t: 'dict', entries: items.map((p) => { const kv = iterate(p); if (kv?.length !== 2) throw bad('dict() of items that are not pairs'); return [kv[0]!, kv[1]!] as [PyValue, PyValue]; }) };
    }
    case 'range': {
      need(c, name, 1, 3);
      if (!args.every((x) => x.t === 'int')) throw bad('range() of non-integers');
      const [start, stop, step] = args.length === 1 ? [0, (a as { v: number }).v, 1] : [(args[0] as { v: number }).v, (args[1] as { v: number }).v, (args[2] as { v: number } | undefined)?.v ?? 1];
      if (step === 0) throw bad('Python raises ValueError: range() arg 3 must not be zero');
      const out: PyValue[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
        out.push(int(i));
        if (out.length > 100_000) throw bad('the range is too long to follow');
      }
      return { t: 'list', items: out };
    }
    case 'enumerate': {
      const items = iterate(a!);
      if (items === undefined) throw bad(`enumerate() of ${describe(a!)}`);
      const start = c.kwargs.get('start') ?? args[1];
      const s0 = start?.t === 'int' ? start.v : 0;
      return { t: 'list', items: items.map((x, i) => ({ t: 'tuple', items: [int(i + s0), x] })) };
    }
    case 'zip': {
      const lists = args.map(iterate);
      if (lists.some((l) => l === undefined)) throw bad('zip() of unknown sequences');
      const len = Math.min(...lists.map((l) => l!.length));
      return { t: 'list', items: Array.from({ length: len }, (_, i) => ({ t: 'tuple', items: lists.map((l) => l![i]!) })) };
    }
    case 'sorted':
    case 'reversed': {
      const items = iterate(a!);
      if (items === undefined) throw bad(`${name}() of ${describe(a!)}`);
      if (name === 'reversed') return { t: 'list', items: [...items].reverse() };
      if (c.kwargs.has('key')) throw bad('sorted() with key=');
      const out = [...items].sort((x, y) => (compare(r, n, '<', x, y) ? -1 : compare(r, n, '>', x, y) ? 1 : 0));
      if (c.kwargs.get('reverse')?.t === 'bool' && (c.kwargs.get('reverse') as { v: boolean }).v) out.reverse();
      return { t: 'list', items: out };
    }
    case 'any':
    case 'all': {
      const items = iterate(a!);
      const truths = items?.map(truthy);
      if (truths === undefined || truths.includes(undefined)) throw bad(`${name}() of values only known when the job runs`);
      return { t: 'bool', v: name === 'any' ? truths.includes(true) : !truths.includes(false) };
    }
  }
  return undefined;
}

function dedupe(items: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const x of items) if (!out.some((y) => pyEquals(x, y) === true)) out.push(x);
  return out;
}

/** Python's whitespace (str.isspace), for strip() and split(). */
export const PY_WHITESPACE = '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars ?? PY_WHITESPACE;
  const cs = [...s];
  let i = 0;
  let j = cs.length;
  if (left) while (i < j && set.includes(cs[i]!)) i++;
  if (right) while (j > i && set.includes(cs[j - 1]!)) j--;
  return cs.slice(i, j).join('');
}

/** Methods of known str, list and dict values; undefined when `name` is not one of them. */
export function constMethod(self: PyValue, name: string, c: BuiltinCall): PyValue | undefined {
  const { r, n, args } = c;
  const bad = (why: string) => r.unsupported(n, `${describe(self)}.${name}(…)`, why, 'compute the value in the script');
  const s = (i: number): string | undefined => {
    const v = args[i];
    if (v === undefined || v.t === 'none') return undefined;
    if (v.t !== 'str') throw bad(`its argument must be a string, not ${describe(v)}`);
    return v.v;
  };
  if (self.t === 'str') {
    const v = self.v;
    switch (name) {
      case 'lower':
        return str(v.toLowerCase());
      case 'upper':
        return str(v.toUpperCase());
      case 'strip':
        return str(stripChars(v, s(0), true, true));
      case 'lstrip':
        return str(stripChars(v, s(0), true, false));
      case 'rstrip':
        return str(stripChars(v, s(0), false, true));
      case 'startswith':
      case 'endswith': {
        const p = args[0];
        const options = p?.t === 'tuple' ? p.items : p ? [p] : [];
        if (!options.every((o) => o.t === 'str')) throw bad('its argument must be a string or a tuple of strings');
        return { t: 'bool', v: options.some((o) => (name === 'startswith' ? v.startsWith((o as { v: string }).v) : v.endsWith((o as { v: string }).v))) };
      }
      case 'replace': {
        const from = s(0);
        const to = s(1);
        if (from === undefined || to === undefined) throw bad('replace() needs two strings');
        const count = args[2]?.t === 'int' ? args[2].v : -1;
        if (count < 0) return str(v.split(from).join(to));
        let out = v;
        let at = 0;
        for (let k = 0; k < count; k++) {
          const i = out.indexOf(from, at);
          if (i < 0) break;
          out = out.slice(0, i) + to + out.slice(i + from.length);
          at = i + to.length + (from === '' ? 1 : 0);
        }
        return str(out);
      }
      case 'split':
      case 'rsplit': {
        const sep = s(0) ?? (c.kwargs.get('sep')?.t === 'str' ? (c.kwargs.get('sep') as { v: string }).v : undefined);
        const max = args[1]?.t === 'int' ? args[1].v : -1;
        if (max >= 0) throw bad(`${name}() with maxsplit`);
        if (sep === '') throw bad('Python raises ValueError: empty separator');
        const parts = sep === undefined ? v.split(new RegExp(`[${PY_WHITESPACE}]+`)).filter((x) => x !== '') : v.split(sep);
        return { t: 'list', items: parts.map(str) };
      }
      case 'join': {
        const items = iterate(args[0] ?? NONE);
        if (items === undefined) throw bad(`join() of ${describe(args[0] ?? NONE)}`);
        if (items.some((x) => x.t === 'runtime' || x.t === 'opaque')) return fromParts(joinParts(items.map(textParts), v), 'a joined string');
        if (!items.every((x) => x.t === 'str')) throw bad('Python raises TypeError: join() of items that are not strings');
        return str(items.map((x) => (x as { v: string }).v).join(v));
      }
      case 'format':
        return strFormat(r, n, v, args, c.kwargs);
      case 'title':
        return str(v.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_m, p: string, l: string) => p + l.toUpperCase()));
      case 'capitalize':
        return str(v.charAt(0).toUpperCase() + v.slice(1).toLowerCase());
      case 'find':
        return int(v.indexOf(s(0) ?? ''));
      case 'count':
        return int(v.split(s(0) ?? '').length - 1);
      case 'zfill': {
        const w = args[0]?.t === 'int' ? args[0].v : 0;
        const sign = /^[+-]/.test(v) ? v[0]! : '';
        return str(sign + v.slice(sign.length).padStart(w - sign.length, '0'));
      }
      case 'isdigit':
        return { t: 'bool', v: v.length > 0 && /^\d+$/u.test(v) };
      case 'encode':
      case 'decode':
        throw bad('bytes are not followed');
    }
    return undefined;
  }
  if (self.t === 'list') {
    switch (name) {
      case 'append':
        need(c, 'append', 1);
        self.items.push(args[0]!);
        return NONE;
      case 'extend': {
        const items = iterate(args[0] ?? NONE);
        if (items === undefined) throw bad(`extend() with ${describe(args[0] ?? NONE)}`);
        self.items.push(...items);
        return NONE;
      }
      case 'insert': {
        const i = args[0]?.t === 'int' ? args[0].v : undefined;
        if (i === undefined || args[1] === undefined) throw bad('insert(index, value)');
        self.items.splice(i < 0 ? Math.max(0, self.items.length + i) : i, 0, args[1]);
        return NONE;
      }
      case 'pop': {
        const i = args[0]?.t === 'int' ? args[0].v : -1;
        const at = i < 0 ? self.items.length + i : i;
        if (at < 0 || at >= self.items.length) throw bad('Python raises IndexError: pop index out of range');
        return self.items.splice(at, 1)[0]!;
      }
      case 'index': {
        const i = self.items.findIndex((x) => pyEquals(x, args[0] ?? NONE) === true);
        if (i < 0) throw bad('Python raises ValueError: the value is not in the list');
        return int(i);
      }
      case 'copy':
        return { t: 'list', items: [...self.items] };
      case 'remove': {
        const i = self.items.findIndex((x) => pyEquals(x, args[0] ?? NONE) === true);
        if (i < 0) throw bad('Python raises ValueError: list.remove(x): x not in list');
        self.items.splice(i, 1);
        return NONE;
      }
    }
    return undefined;
  }
  if (self.t === 'dict') {
    const find = (k: PyValue) => self.entries.find(([x]) => pyEquals(x, k) === true);
    switch (name) {
      case 'get':
        return find(args[0] ?? NONE)?.[1] ?? args[1] ?? NONE;
      case 'items':
        return { t: 'list', items: self.entries.map(([k, v]) => ({ t: 'tuple', items: [k, v] })) };
      case 'keys':
        return { t: 'list', items: self.entries.map(([k]) => k) };
      case 'values':
        return { t: 'list', items: self.entries.map(([, v]) => v) };
      case 'copy':
        return { t: 'dict', entries: [...self.entries] };
      case 'update': {
        const other = args[0];
        const entries: [PyValue, PyValue][] = other?.t === 'dict' ? other.entries : [];
        for (const [k, v] of [...entries, ...[...c.kwargs].map(([k, v]) => [str(k), v] as [PyValue, PyValue])]) {
          const e = find(k);
          if (e) e[1] = v;
          else self.entries.push([k, v]);
        }
        return NONE;
      }
      case 'setdefault': {
        const e = find(args[0] ?? NONE);
        if (e) return e[1];
        self.entries.push([args[0] ?? NONE, args[1] ?? NONE]);
        return args[1] ?? NONE;
      }
      case 'pop': {
        const i = self.entries.findIndex(([x]) => pyEquals(x, args[0] ?? NONE) === true);
        if (i < 0) {
          if (args[1] !== undefined) return args[1];
          throw bad(`Python raises KeyError: ${repr(args[0] ?? NONE)}`);
        }
        return self.entries.splice(i, 1)[0]![1];
      }
    }
  }
  return undefined;
}

/** `x[i]` / `x[a:b:c]` over known values; undefined when `x` is symbolic. */
export function constIndex(r: Reporter, n: SyntaxNode, self: PyValue, index: PyValue | { slice: (PyValue | undefined)[] }): PyValue | undefined {
  if ('slice' in index) {
    const seq = self.t === 'str' ? [...self.v] : self.t === 'list' || self.t === 'tuple' ? self.items : undefined;
    if (seq === undefined) return undefined;
    const [a, b, c] = index.slice.map((x) => (x === undefined || x.t === 'none' ? undefined : x.t === 'int' ? x.v : NaN));
    if ([a, b, c].some((x) => Number.isNaN(x))) throw r.unsupported(n, excerpt(n), 'slice indices must be integers', 'fix the script');
    const step = c ?? 1;
    if (step === 0) throw r.unsupported(n, excerpt(n), 'Python raises ValueError: slice step cannot be zero', 'fix the script');
    const len = seq.length;
    const norm = (x: number | undefined, dflt: number) => (x === undefined ? dflt : x < 0 ? Math.max(x + len, step < 0 ? -1 : 0) : Math.min(x, step < 0 ? len - 1 : len));
    const start = norm(a, step > 0 ? 0 : len - 1);
    const stop = norm(b, step > 0 ? len : -1);
    const out: unknown[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(seq[i]);
    if (self.t === 'str') return str((out as string[]).join(''));
    return { t: self.t as 'list' | 'tuple', items: out as PyValue[] };
  }
  if (self.t === 'dict') {
    const e = self.entries.find(([k]) => pyEquals(k, index) === true);
    if (!e) throw r.unsupported(n, excerpt(n), `Python raises KeyError: ${repr(index)}`, 'fix the script');
    return e[1];
  }
  if (self.t === 'str' || self.t === 'list' || self.t === 'tuple') {
    if (index.t !== 'int' && index.t !== 'bool') throw r.unsupported(n, excerpt(n), `Python raises TypeError: indices must be integers, not ${describe(index)}`, 'fix the script');
    const seq = self.t === 'str' ? [...self.v] : self.items;
    const i = numberOf(index);
    const at = i < 0 ? seq.length + i : i;
    if (at < 0 || at >= seq.length) throw r.unsupported(n, excerpt(n), 'Python raises IndexError: index out of range', 'fix the script');
    return self.t === 'str' ? str(seq[at] as string) : (seq[at] as PyValue);
  }
  return undefined;
}
