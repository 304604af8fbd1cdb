/**
 * A comprehension over a frame's field names (`[c for c in df.columns if c != "x"]`), kept symbolic: the names are
 * known only when the job runs, so the comprehension becomes the names to include or exclude and the text around each.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Evaluator } from './evaluator';
import { Scope, str, type PyValue } from './values';
import { isExtra } from './extras';

/** a comprehension over a frame's field names that needs the names themselves (fieldNamesComprehension) */
export class NeedsNames {}

export function fieldNamesComprehension(ev: Evaluator, n: SyntaxNode, names: Extract<PyValue, { t: 'fieldNames' }>, scope: Scope): PyValue {
  const refuse = (_at: SyntaxNode, _why: string): never => {
    throw new NeedsNames();
  };
  const clauses = n.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const loop = clauses[0]!;
  const left = loop.childForFieldName('left')!;
  if (left.type !== 'identifier') refuse(left, 'the loop target is not one name');
  const v = left.text;
  const exclude = [...names.exclude];
  let include = names.include ? [...names.include] : undefined;
  const strings = (x: PyValue, at: SyntaxNode): string[] => {
    if (x.t === 'str') return [x.v];
    const items = x.t === 'list' || x.t === 'tuple' || x.t === 'set' ? x.items : undefined;
    if (items === undefined || items.some((i) => i.t !== 'str')) return refuse(at, 'the names are compared with something other than strings');
    return items.map((i) => (i as { v: string }).v);
  };
  for (const c of clauses.slice(1)) {
    if (c.type === 'for_in_clause') refuse(c, 'a second for clause over the names');
    if (names.prefix !== '' || names.suffix !== '') refuse(c, 'names already changed are tested');
    const test = c.namedChildren[0]!;
    const operands = test.type === 'comparison_operator' ? test.namedChildren.filter((x) => !isExtra(x)) : [];
    const ops: string[] = [];
    for (let i = 0; i < test.childCount; i++) if (test.fieldNameForChild(i) === 'operators') ops.push(test.child(i)!.text.replace(/\s+/g, ' '));
    if (operands.length !== 2 || ops.length !== 1) return refuse(test, 'the condition is not one comparison of the name');
    const [a, b] = operands as [SyntaxNode, SyntaxNode];
    const mine = a.type === 'identifier' && a.text === v ? b : b.type === 'identifier' && b.text === v && (ops[0] === '==' || ops[0] === '!=') ? a : undefined;
    if (mine === undefined) return refuse(test, 'the condition does not compare the name itself');
    const vals = strings(ev.eval(mine, scope), mine);
    if (ops[0] === '!=' || ops[0] === 'not in') exclude.push(...vals);
    else if (ops[0] === '==' || ops[0] === 'in') include = include === undefined ? vals : include.filter((x) => vals.includes(x));
    else refuse(test, `the names are compared with ${ops[0]}`);
  }
  // the body: the name, an f-string or a + of literals holding it once (evaluated with a marker in its place)
  const body = n.childForFieldName('body')!;
  const uses = (body.type === 'identifier' ? [body] : body.descendantsOfType('identifier')).filter((x) => x.text === v);
  const plain = (x: SyntaxNode): boolean => {
    if (x.type === 'identifier') return x.text === v;
    if (x.type === 'string') return x.namedChildren.every((p) => p.type !== 'interpolation' || (p.namedChildren.length === 1 && p.namedChildren[0]!.type === 'identifier' && p.namedChildren[0]!.text === v));
    if (x.type === 'concatenated_string') return x.namedChildren.every(plain);
    if (x.type === 'binary_operator') return x.child(1)?.text === '+' && plain(x.childForFieldName('left')!) && plain(x.childForFieldName('right')!);
    if (x.type === 'parenthesized_expression') return x.namedChildren.length === 1 && plain(x.namedChildren[0]!);
    return false;
  };
  if (uses.length !== 1 || !plain(body)) refuse(body, 'each name is turned into something other than text around it');
  const MARK = '\u0000field\u0000';
  const inner = new Scope(scope);
  inner.set(v, str(MARK));
  const made = ev.eval(body, inner);
  const at = made.t === 'str' ? made.v.indexOf(MARK) : -1;
  if (made.t !== 'str' || at < 0) return refuse(body, 'each name is turned into something other than text around it');
  return { t: 'fieldNames', frame: names.frame, prefix: made.v.slice(0, at) + names.prefix, suffix: names.suffix + made.v.slice(at + MARK.length), exclude, ...(include ? { include } : {}) };
}
