/** A call expression's evaluation: the function, then its arguments (positional, keywords, `*list` and `**dict` splats), then the call. */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Evaluator } from './evaluator';
import { Scope, type PyValue } from './values';
import { excerpt, type CallArgs } from './callArgs';
import { isExtra } from './extras';
import { iterate } from './values';

export function callExpr(ev: Evaluator, n: SyntaxNode, scope: Scope): PyValue {
  const fnNode = n.childForFieldName('function')!;
  const fn = ev.eval(fnNode, scope);
  const argList = n.childForFieldName('arguments')!;
  const args: CallArgs = { positional: [], keywords: new Map(), call: n };
  if (argList.type === 'generator_expression') args.positional.push({ value: ev.eval(argList, scope), node: argList });
  else
    for (const a of argList.namedChildren) {
      if (isExtra(a)) continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')!.text;
        if (args.keywords.has(name)) throw ev.invalid(a, `the argument ${name} is given twice`);
        const valueNode = a.childForFieldName('value')!;
        args.keywords.set(name, { value: ev.eval(valueNode, scope), node: valueNode });
      } else if (a.type === 'list_splat') {
        const v = ev.eval(a.namedChildren[0]!, scope);
        if (v.t === 'fieldNames') {
          // `drop(*[c for c in df.columns if …])`: the names stay one symbolic argument
          args.positional.push({ value: v, node: a });
          continue;
        }
        const items = iterate(v);
        if (items === undefined) throw ev.unsupported(a, `${excerpt(fnNode)} with ${a.text}`, 'its arguments are only known when Python runs', 'write the arguments out');
        for (const item of items) args.positional.push({ value: item, node: a });
      } else if (a.type === 'dictionary_splat') {
        const v = ev.eval(a.namedChildren[0]!, scope);
        if (v.t !== 'dict' || !v.entries.every(([k]) => k.t === 'str'))
          throw ev.unsupported(a, `${excerpt(fnNode)} with ${a.text}`, 'its arguments are only known when Python runs', 'write the arguments out');
        for (const [k, x] of v.entries) args.keywords.set((k as { v: string }).v, { value: x, node: a });
      } else args.positional.push({ value: ev.eval(a, scope), node: a });
    }
  return ev.callWith(fn, args, fnNode);
}
