/**
 * Python's text of values for print and logging, and its string formatting — `"%d rows" % n`, `str.format`, f-string
 * format specs — over values known when the script is read. Text that holds figures computed by the run
 * (`df.count()`) stays text with parts (LogPart), joined as the run fills them in.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Reporter } from './callArgs';
import { excerpt } from './callArgs';
import type { LogPart } from './plan';
import { describe, floatRepr, numberOf, pyStr, repr, str, type PyValue } from './values';

export type Num = Extract<PyValue, { t: 'int' | 'float' | 'bool' }>;
export const isNum = (v: PyValue): v is Num => v.t === 'int' || v.t === 'float' || v.t === 'bool';

/** The text of a value as print() writes it, keeping figures computed by the run as parts. */
export function textParts(v: PyValue): LogPart[] {
  if (v.t === 'runtime') return v.parts;
  if (v.t === 'opaque') return [{ text: `<${v.what}>` }];
  if (v.t === 'df') return [{ dataFrame: v.id }];
  if (v.t === 'fieldNames') return [{ fields: v.frame, prefix: v.prefix, suffix: v.suffix, exclude: v.exclude, ...(v.include ? { include: v.include } : {}) }];
  return [{ text: pyStr(v) }];
}

/** Joins text parts, merging neighbouring text. */
export function joinParts(parts: LogPart[][], sep = ''): LogPart[] {
  const out: LogPart[] = [];
  parts.forEach((p, i) => {
    for (const part of i > 0 && sep !== '' ? [{ text: sep }, ...p] : p) {
      if ('text' in part && part.text === '') continue;
      const last = out[out.length - 1];
      if ('text' in part && last !== undefined && 'text' in last) out[out.length - 1] = { text: last.text + part.text };
      else out.push(part);
    }
  });
  return out.length === 0 ? [{ text: '' }] : out;
}

/** A value made of text parts: a plain str when every part is text, else runtime text. */
export function fromParts(parts: LogPart[], what: string): PyValue {
  if (parts.every((p) => 'text' in p)) return str(parts.map((p) => ('text' in p ? p.text : '')).join(''));
  return { t: 'runtime', parts, what };
}

// ---------------------------------------------------------------- formatting

/** `"%s rows, %d files" % (a, b)`: %s %r %d %i %f %e %x %% with width, precision and flags. */
export function percentFormat(r: Reporter, n: SyntaxNode, fmt: string, args: PyValue): PyValue {
  const list = args.t === 'tuple' ? args.items : [args];
  let i = 0;
  const parts: LogPart[][] = [];
  let last = 0;
  const re = /%(\(\w+\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifFeErx%])/g;
  for (let m = re.exec(fmt); m !== null; m = re.exec(fmt)) {
    parts.push([{ text: fmt.slice(last, m.index) }]);
    last = m.index + m[0].length;
    if (m[5] === '%') {
      parts.push([{ text: '%' }]);
      continue;
    }
    if (m[1] !== undefined || m[3] === '*') throw r.unsupported(n, excerpt(n), 'this %-format is not supported', 'use an f-string');
    const v = list[i++];
    if (v === undefined) throw r.unsupported(n, excerpt(n), 'Python raises TypeError: not enough arguments for format string', 'fix the script');
    if (v.t === 'runtime' || v.t === 'opaque' || v.t === 'fieldNames') {
      if (v.t === 'fieldNames' ? m[5] !== 's' && m[5] !== 'r' : m[5] !== 's' && m[5] !== 'd' && m[5] !== 'i') throw r.unsupported(n, excerpt(n), `%${m[5]} of ${describe(v)}`, 'use %s');
      parts.push(textParts(v));
      continue;
    }
    parts.push([{ text: formatSpec(r, n, v, `${m[2]}${m[3] ?? ''}${m[4] !== undefined ? `.${m[4]}` : ''}${m[5] === 's' || m[5] === 'r' ? '' : m[5] === 'i' ? 'd' : m[5]}`, m[5] === 'r') }]);
  }
  if (i < list.length && args.t === 'tuple') throw r.unsupported(n, excerpt(n), 'Python raises TypeError: not all arguments converted during string formatting', 'fix the script');
  parts.push([{ text: fmt.slice(last) }]);
  return fromParts(joinParts(parts), 'a formatted string');
}

/**
 * Python's format mini-language for one value (`{x:>10}`, `{n:,}`, `{f:.2f}`, `{p:.1%}`); `asRepr`: the value's
 * repr (`!r`).
 */
export function formatSpec(r: Reporter, n: SyntaxNode, v: PyValue, spec: string, asRepr = false): string {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([sdfFeE%gnxXob])?$/.exec(spec);
  if (m === null) throw r.unsupported(n, excerpt(n), `the format spec "${spec}" is not supported`, 'use a simpler format');
  const [, fillChar, alignChar, sign, , zero, width, grouping, precision, type] = m;
  let body: string;
  let numeric = false;
  if (asRepr) body = repr(v);
  else if (type === undefined || type === 's') {
    if (type === 's' && v.t !== 'str') throw r.unsupported(n, excerpt(n), `Python raises ValueError: format code 's' for ${describe(v)}`, 'fix the script');
    if (isNum(v) && v.t !== 'bool' && (precision !== undefined || grouping !== undefined)) {
      numeric = true;
      body = v.t === 'float' && precision !== undefined ? v.v.toFixed(Number(precision)) : v.t === 'float' ? floatRepr(v.v) : String(v.v);
    } else {
      numeric = isNum(v) && v.t !== 'bool';
      body = pyStr(v);
      if (precision !== undefined && v.t === 'str') body = body.slice(0, Number(precision));
    }
  } else {
    if (!isNum(v)) throw r.unsupported(n, excerpt(n), `Python raises ValueError: format code '${type}' for ${describe(v)}`, 'fix the script');
    numeric = true;
    const x = numberOf(v);
    const p = precision !== undefined ? Number(precision) : 6;
    switch (type) {
      case 'd':
        if (v.t === 'float') throw r.unsupported(n, excerpt(n), "Python raises ValueError: format code 'd' for a float", 'fix the script');
        body = String(Math.abs(x));
        break;
      case 'f':
      case 'F':
        body = Math.abs(x).toFixed(p);
        break;
      case 'e':
      case 'E': {
        const [mant, exp] = Math.abs(x).toExponential(p).split('e') as [string, string];
        body = `${mant}e${exp.startsWith('-') ? '-' : '+'}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
        if (type === 'E') body = body.toUpperCase();
        break;
      }
      case '%':
        body = `${(Math.abs(x) * 100).toFixed(p)}%`;
        break;
      case 'x':
      case 'X':
      case 'o':
      case 'b':
        if (v.t === 'float') throw r.unsupported(n, excerpt(n), `Python raises ValueError: format code '${type}' for a float`, 'fix the script');
        body = Math.abs(x).toString(type === 'o' ? 8 : type === 'b' ? 2 : 16);
        if (type === 'X') body = body.toUpperCase();
        break;
      default:
        throw r.unsupported(n, excerpt(n), `the format code "${type}" is not supported`, 'use d, f, e, % or s');
    }
    if (x < 0 || Object.is(x, -0)) body = `-${body}`;
    else if (sign === '+') body = `+${body}`;
    else if (sign === ' ') body = ` ${body}`;
  }
  if (grouping !== undefined && numeric) {
    const [intPart, frac] = body.split('.') as [string, string | undefined];
    const neg = intPart.startsWith('-') || intPart.startsWith('+') || intPart.startsWith(' ') ? intPart[0]! : '';
    const digits = neg ? intPart.slice(1) : intPart;
    body = `${neg}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, grouping)}${frac !== undefined ? `.${frac}` : ''}`;
  }
  const w = width !== undefined ? Number(width) : 0;
  if (body.length >= w) return body;
  const fill = fillChar ?? (zero !== undefined && alignChar === undefined ? '0' : ' ');
  const align = alignChar ?? (zero !== undefined ? '=' : numeric ? '>' : '<');
  const pad = w - body.length;
  switch (align) {
    case '<':
      return body + fill.repeat(pad);
    case '>':
      return fill.repeat(pad) + body;
    case '^':
      return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(Math.ceil(pad / 2));
    default: {
      const signPart = /^[-+ ]/.test(body) ? body[0]! : '';
      return signPart + fill.repeat(pad) + body.slice(signPart.length);
    }
  }
}

/** `"{} rows in {name}".format(…)`: automatic, numbered and named fields, with conversions and format specs. */
export function strFormat(r: Reporter, n: SyntaxNode, fmt: string, args: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  const parts: LogPart[][] = [];
  let auto = 0;
  let i = 0;
  let text = '';
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === '{' && fmt[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (c === '}' && fmt[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (c === '{') {
      const end = fmt.indexOf('}', i);
      if (end < 0) throw r.unsupported(n, excerpt(n), "Python raises ValueError: Single '{' encountered in format string", 'fix the script');
      const field = fmt.slice(i + 1, end);
      const m = /^([^!:]*)(?:!([rs]))?(?::(.*))?$/.exec(field)!;
      const key = m[1]!;
      let v: PyValue | undefined;
      if (key === '') v = args[auto++];
      else if (/^\d+$/.test(key)) v = args[Number(key)];
      else if (/^\w+$/.test(key)) v = kwargs.get(key);
      else throw r.unsupported(n, excerpt(n), `the format field {${field}} is not supported`, 'use {} or {name}');
      if (v === undefined) throw r.unsupported(n, excerpt(n), `Python raises an error: no value for the format field {${field}}`, 'fix the script');
      parts.push([{ text }]);
      text = '';
      if (v.t === 'runtime' || v.t === 'opaque' || (v.t === 'fieldNames' && m[3] === undefined)) parts.push(textParts(v));
      else parts.push([{ text: m[3] !== undefined || m[2] === 'r' ? formatSpec(r, n, v, m[3] ?? '', m[2] === 'r') : pyStr(v) }]);
      i = end + 1;
    } else {
      text += c;
      i++;
    }
  }
  parts.push([{ text }]);
  return fromParts(joinParts(parts), 'a formatted string');
}
