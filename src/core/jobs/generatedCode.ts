/**
 * The code Glue Studio generates that the walk recognises as such: the comment naming each visual node, the helpers
 * it defines at the top of a script, the Conditional Router's value-holding class and its thread-pool helper.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { PyValue } from './values';

export const NODE_COMMENT = /^#\s*Script generated for node\s+(.*?)\s*$/;
/** helpers Glue Studio generates at the top of a script, for the message when one is called before it is defined */
export const GENERATED_HELPERS = new Set(['sparkSqlQuery', 'sparkAggregate', 'sparkUnion', 'drop_nulls', '_find_null_fields']);

/**
 * A class that only holds values: its body is an `__init__(self, a, b, …)` whose statements are `self.x = a`
 * (Glue Studio's generated `GroupFilter` for the Conditional Router node).
 */
export function recordClass(def: SyntaxNode): Extract<PyValue, { t: 'recordClass' }> | undefined {
  const name = def.childForFieldName('name')?.text;
  const body = def.childForFieldName('body')?.namedChildren.filter((c) => !isExtra(c)) ?? [];
  if (name === undefined || def.childForFieldName('superclasses') !== null || body.length !== 1 || body[0]!.type !== 'function_definition') return undefined;
  const init = body[0]!;
  if (init.childForFieldName('name')?.text !== '__init__') return undefined;
  const params = init.childForFieldName('parameters')!.namedChildren.map((p) => (p.type === 'identifier' ? p.text : undefined));
  if (params.length === 0 || params[0] !== 'self' || params.some((p) => p === undefined)) return undefined;
  const attrs: [string, string][] = [];
  for (const st of init.childForFieldName('body')!.namedChildren) {
    if (st.type === 'comment') continue;
    const a = st.type === 'expression_statement' ? st.namedChildren[0] : undefined;
    if (a?.type !== 'assignment') return undefined;
    const left = a.childForFieldName('left')!;
    const right = a.childForFieldName('right')!;
    if (left.type !== 'attribute' || left.childForFieldName('object')!.text !== 'self' || right.type !== 'identifier' || !params.includes(right.text) || right.text === 'self') return undefined;
    attrs.push([left.childForFieldName('attribute')!.text, right.text]);
  }
  return { t: 'recordClass', name, params: params.slice(1) as string[], attrs };
}

/** Glue Studio's generated `threadedRoute` (Conditional Router), as its text reads without spaces. */
export const THREADED_ROUTE = [
  'defthreadedRoute(glue_ctx,source_DyF,group_filters):dynamic_frames={}withconcurrent.futures.ThreadPoolExecutor(max_workers=5)asexecutor:future_to_filter={executor.submit(apply_group_filter,source_DyF,gf):gfforgfingroup_filters}forfutureinconcurrent.futures.as_completed(future_to_filter):gf=future_to_filter[future]iffuture.exception()isnotNone:print("%rgeneratedanexception:%s"%(gf,future.exception()))else:dynamic_frames[gf.name]=future.result()returnDynamicFrameCollection(dynamic_frames,glue_ctx)',
  'defthreadedRoute(glue_ctx,source_DyF,group_filters):dynamic_frames={}withconcurrent.futures.ThreadPoolExecutor(max_workers=5)asexecutor:future_to_filter={executor.submit(apply_group_filter,source_DyF,gf):gfforgfingroup_filters}forfutureinconcurrent.futures.as_completed(future_to_filter):gf=future_to_filter[future]dynamic_frames[gf.name]=future.result()returnDynamicFrameCollection(dynamic_frames,glue_ctx)',
];

export function isGeneratedThreadedRoute(def: SyntaxNode): boolean {
  const text = def.text
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, '')
    .replace(/'/g, '"')
    .replace('->DynamicFrameCollection:', ':');
  return THREADED_ROUTE.includes(text);
}
