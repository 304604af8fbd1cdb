/** Python string literals as the evaluator reads them: prefixes (r, f, b), escape sequences, f-strings' interpolations. */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Evaluator } from './evaluator';
import { Scope, type PyValue } from './values';
import { positionAt } from '../errors';
import { excerpt } from './callArgs';
import type { LogPart } from './plan';
import { fromParts, joinParts, formatSpec, textParts } from './pyops';
import { describe, pyStr } from './values';

const decode = (raw: string, isRaw: boolean): string => (isRaw ? raw : decodeEscapes(raw));

export function stringLiteral(ev: Evaluator, source: string, s: SyntaxNode, scope: Scope): PyValue {
  const start = s.namedChildren.find((c) => c.type === 'string_start');
  const end = s.namedChildren.find((c) => c.type === 'string_end');
  if (start === undefined || end === undefined) throw ev.unsupported(s, excerpt(s), 'this string is not followed', 'write a plain string');
  const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) throw ev.unsupported(s, `${excerpt(s)}`, 'bytes literals are not followed', 'write a str');
  const raw = prefix.includes('r');
  const line = ev.where(s).line;
  if (!prefix.includes('f')) return { t: 'str', v: decode(source.slice(start.endIndex, end.startIndex), raw), line, column: positionAt(source, start.endIndex).column };
  // an f-string: its text pieces and interpolations, in order
  const parts: LogPart[][] = [];
  let at = start.endIndex;
  for (const c of s.namedChildren) {
    if (c.type !== 'interpolation') continue;
    parts.push([{ text: decode(source.slice(at, c.startIndex), raw).replace(/\{\{/g, '{').replace(/\}\}/g, '}') }]);
    at = c.endIndex;
    const e = c.childForFieldName('expression')!;
    const v = ev.eval(e, scope);
    const conv = c.childForFieldName('type_conversion')?.text;
    const specNode = c.childForFieldName('format_specifier');
    const spec = specNode === null ? '' : source.slice(specNode.startIndex, specNode.endIndex).replace(/^:/, '');
    if (spec.includes('{')) throw ev.unsupported(specNode!, `the f-string ${excerpt(s)}`, 'nested format fields are not followed', 'write the format spec literally');
    if (c.text.trimEnd().replace(/\}$/, '').trimEnd().endsWith('=')) throw ev.unsupported(c, `the f-string ${excerpt(s)}`, 'the = specifier is not followed', 'write the name in the text');
    if (v.t === 'runtime' || v.t === 'opaque' || v.t === 'fieldNames') {
      if (spec !== '' || (conv === '!r' && v.t !== 'fieldNames')) throw ev.unsupported(c, `the f-string ${excerpt(s)}`, `${describe(v)} with a format spec is not followed`, 'print it without a format spec');
      parts.push(textParts(v));
    } else if (v.t === 'df' || v.t === 'dyf' || v.t === 'column') {
      throw ev.unsupported(c, `the f-string ${excerpt(s)}`, `it formats ${describe(v)}`, 'print a field or a count');
    } else parts.push([{ text: spec !== '' || conv === '!r' ? formatSpec(ev, c, v, spec, conv === '!r') : pyStr(v) }]);
  }
  parts.push([{ text: decode(source.slice(at, end.startIndex), raw).replace(/\{\{/g, '{').replace(/\}\}/g, '}') }]);
  const v = fromParts(joinParts(parts), `the f-string ${excerpt(s)}`);
  return v.t === 'str' ? { ...v, line } : v;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

/** Python's escape sequences in a non-raw str literal's body. */
export function decodeEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r\n|[\s\S])/g, (m, e: string) => {
    if (e === '\r\n') return '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return m; // unknown escapes stay as written, as in Python
  });
}
