/**
 * The transforms of awsglue.transforms (as `X.apply(…)` and as DynamicFrame methods), DynamicFrameCollection and
 * EvaluateDataQuality — each a row: the call → its parameters → the plan node it becomes, or why it is refused and
 * what to write instead. Sources: the AWS Glue developer guide, "AWS Glue PySpark transforms reference"
 * (docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-python-transforms.html), "DynamicFrame class",
 * "DynamicFrameCollection class", awslabs/aws-glue-libs awsglue/transforms/*.py.
 */
import { isExtra } from '../extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { excerpt, type Arg, type Bound } from '../callArgs';
import { describe, iterate, str, toConst, type PyValue } from '../values';
import type { PyConst } from '../expr';
import { SPLIT_ROWS_OPS, type SplitRowsOp } from '../plan';
import { LakehouseError } from '../../errors';
import { checkRowLevel, dataQualityNodeOptions, prepareRuleset, type DqdlRuleset } from '../dqdl';
import type { CallCtx, Host, Table } from './registry';
import { GLUE_DOC, TRANSFORM_PARAMS, dyf, transform } from './glueCommon';

// ---------------------------------------------------------------- transforms

function frameArg(c: CallCtx, b: Bound): { input: string } {
  b.optString('transformation_ctx', 'transformation_ctx');
  return { input: c.self?.t === 'dyf' ? c.self.id : c.host.dyf(b.need('frame'), `the frame of ${c.construct}`) };
}

function fields(kind: 'dropFields' | 'selectFields') {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const { input } = frameArg(c, b);
    return dyf(c.host.node({ kind, input, paths: b.strings('paths') }, c.call, kind === 'dropFields' ? 'drop_fields' : 'select_fields'));
  };
}

function renameField(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const from = b.has('old_name') ? b.string('old_name') : b.string('oldName');
  const to = b.has('new_name') ? b.string('new_name') : b.string('newName');
  return dyf(c.host.node({ kind: 'renameField', input, from, to }, c.call, 'rename_field'));
}

function applyMapping(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const m = b.need('mappings');
  const list = m.value;
  if (list.t !== 'list' && list.t !== 'tuple') throw b.notLiteral(m, `${c.construct} mappings`, 'a list of ("source", "type", "target", "type") tuples');
  const mappings = list.items.map((t) => {
    const items = t.t === 'tuple' || t.t === 'list' ? t.items : [];
    if (items.length !== 4 || !items.every((x) => x.t === 'str'))
      throw c.host.invalid(itemNode(m.node, list.items.indexOf(t)), `${c.construct}: each mapping must be ("source", "source type", "target", "target type"), not ${t.t === 'tuple' || t.t === 'list' ? `a ${t.t} of ${items.length}` : describe(t)}`);
    const [source, sourceType, target, targetType] = items.map((x) => (x as { v: string }).v) as [string, string, string, string];
    return { source, sourceType, target, targetType };
  });
  return dyf(c.host.node({ kind: 'applyMapping', input, mappings }, c.call, 'apply_mapping'));
}

/** The node of a literal list's i-th item (positions of errors), else the list. */
function itemNode(list: SyntaxNode, i: number): SyntaxNode {
  const items = list.type === 'list' || list.type === 'tuple' ? list.namedChildren.filter((x) => !isExtra(x)) : [];
  return items[i] ?? list;
}

function join(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  let left: string;
  let right: string;
  let leftKeys: string[];
  let rightKeys: string[];
  // DynamicFrame.join takes one name as a string too (awslabs/aws-glue-libs awsglue/dynamicframe.py:
  // `if isinstance(paths1, basestring): paths1 = [paths1]`); Join.apply passes keys1 and keys2 to it as they are
  const keys = (name: string) => {
    const v = b.get(name)?.value;
    return v?.t === 'str' ? [v.v] : b.strings(name);
  };
  if (c.self?.t === 'dyf') {
    // frame.join(paths1, paths2, frame2)
    left = c.self.id;
    right = c.host.dyf(b.need('frame2'), `frame2 of ${c.construct}`);
    leftKeys = keys('paths1');
    rightKeys = keys('paths2');
  } else {
    left = c.host.dyf(b.need('frame1'), `frame1 of ${c.construct}`);
    right = c.host.dyf(b.need('frame2'), `frame2 of ${c.construct}`);
    leftKeys = keys('keys1');
    rightKeys = keys('keys2');
  }
  if (leftKeys.length === 0 || leftKeys.length !== rightKeys.length)
    throw c.host.invalid(c.call, `${c.construct}: keys1 and keys2 must name the same number of fields (at least one); got ${leftKeys.length} and ${rightKeys.length}`);
  return dyf(c.host.node({ kind: 'join', left, right, leftKeys, rightKeys }, c.call, 'join'));
}

function dropNullFields(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const id = c.host.node({ kind: 'dropNullFields', input }, c.call, 'drop_null_fields');
  // Glue's DropNullFields prints the fields it drops when it is called: `print("null_fields", null_fields)`
  // (aws-glue-libs awsglue/transforms/drop_nulls.py; the DropNullFields class page's output: `null_fields ['empty_column']`)
  c.host.addLog({ line: c.host.pos(c.call).line, level: 'print', parts: [{ text: 'null_fields ' }, { nullFieldsOf: id, input }] });
  return dyf(id);
}

function filter(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const predicate = c.host.rowPredicate(b.need('f'), c.construct);
  return dyf(c.host.node({ kind: 'filter', input, predicate, construct: c.construct }, c.call, 'filter'));
}

/**
 * `Map.apply(frame, f)`: f (a def setting and deleting the record's keys, returning it) translated (rowLambda.ts
 * rowMapping). A record for which f raises is an error record, not in the output; a stageThreshold or totalThreshold
 * above 0 fails the job past that many error records, which is refused (the default, 0, never fails).
 */
function mapRecords(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  for (const t of ['stageThreshold', 'totalThreshold'])
    if (b.has(t)) {
      const v = b.need(t);
      if (!(v.value.t === 'int' && v.value.v === 0))
        throw c.host.unsupported(v.node, `${c.construct} with ${t}=${excerpt(v.node)}`, 'the job then fails past that many error records (records whose function raises), which the local engine does not count', 'remove it (0, the default, never fails)');
    }
  const mapping = c.host.rowMapping(b.need('f'), c.construct);
  return dyf(c.host.node({ kind: 'map', input, check: mapping.check, fields: mapping.fields, construct: c.construct }, c.call, 'map'));
}

function union(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  const first = c.self?.t === 'dyf' ? c.self.id : c.host.dyf(b.need('frame1'), `frame1 of ${c.construct}`);
  const other = c.host.dyf(b.need(c.self?.t === 'dyf' ? 'other_frame' : 'frame2'), `the other frame of ${c.construct}`);
  // DynamicFrames are self-describing records: a union keeps each record's fields (by name; a missing one is absent)
  return dyf(c.host.node({ kind: 'union', inputs: [first, other], byName: true, allowMissing: true, distinct: false, dynamic: true }, c.call, 'union'));
}

/** ResolveChoice: the actions Glue documents for a ChoiceType (cast:T, project:T, make_cols, make_struct, match_catalog). */
function resolveChoice(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const specs: { path: string; action: string }[] = [];
  const s = b.get('specs');
  if (s !== undefined && s.value.t !== 'none') {
    const list = s.value.t === 'tuple' && s.value.items.length === 2 && s.value.items[0]!.t === 'str' ? [s.value] : s.value.t === 'list' || s.value.t === 'tuple' ? s.value.items : undefined;
    if (list === undefined) throw b.notLiteral(s, `${c.construct} specs`, 'a list of ("field", "action") pairs');
    for (const item of list) {
      const pair = item.t === 'tuple' || item.t === 'list' ? item.items : [];
      if (pair.length !== 2 || pair[0]!.t !== 'str' || pair[1]!.t !== 'str') throw b.notLiteral(s, `${c.construct} specs`, 'a list of ("field", "action") pairs');
      specs.push({ path: (pair[0] as { v: string }).v, action: checkAction(c, s.node, (pair[1] as { v: string }).v) });
    }
  }
  const choice = b.optString('choice');
  if (choice !== undefined && choice !== '') checkAction(c, b.need('choice').node, choice);
  if (specs.length === 0 && (choice === undefined || choice === '')) throw c.host.invalid(c.call, `${c.construct}: give specs=[("field", "action")] or choice="…"`);
  const database = b.optString('database');
  const table = b.optString('table_name');
  if ([choice, ...specs.map((x) => x.action)].some((a) => (a ?? '').toLowerCase() === 'match_catalog') && (database === undefined || table === undefined))
    throw c.host.invalid(c.call, `${c.construct}: match_catalog needs database= and table_name=`);
  return dyf(
    c.host.node(
      { kind: 'resolveChoice', input, specs, ...(choice !== undefined && choice !== '' ? { choice } : {}), ...(database !== undefined ? { database } : {}), ...(table !== undefined ? { table } : {}) },
      c.call,
      'resolveChoice',
    ),
  );
}

function checkAction(c: CallCtx, n: SyntaxNode, action: string): string {
  const a = action.toLowerCase();
  if (/^(cast|project):\w+(\(\d+,\s*\d+\))?$/.test(a) || a === 'make_cols' || a === 'make_struct' || a === 'match_catalog') return action;
  throw c.host.unsupported(n, `${c.construct} with the action "${action}"`, 'Glue documents cast:<type>, project:<type>, make_cols, make_struct and match_catalog', 'use one of those');
}

function fromDF(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('name', `${c.construct} name`);
  return dyf(c.host.df(b.need('dataframe'), `the DataFrame of ${c.construct}`));
}

function toDF(c: CallCtx): PyValue {
  const b = c.bound();
  const o = b.get('options');
  if (o !== undefined && !(o.value.t === 'none' || ((o.value.t === 'list' || o.value.t === 'tuple') && o.value.items.length === 0)))
    throw c.host.unsupported(o.node, `${c.construct} with options`, 'ResolveOption lists are not read locally', 'resolve choices with resolveChoice(…) first');
  // a node of its own: where the frame has a ChoiceType field, Glue's DataFrame holds a struct instead (refused by the
  // runner at this line once the data's schema is known: nodeSql.ts)
  const calledAt = c.host.callSite();
  return { t: 'df', id: c.host.node({ kind: 'toDF', input: (c.self as { id: string }).id, construct: excerpt(c.call), column: c.host.pos(c.call).column, ...(calledAt ? { calledAt } : {}) }, c.call, 'toDF') };
}

/**
 * EvaluateDataQuality: the ruleset is parsed and checked now (a rule the local engine cannot evaluate is refused
 * before anything runs, at its line), its options checked; the run evaluates it (dqdl.ts).
 */
function evaluateDataQuality(c: CallCtx): PyValue {
  const b = c.bound();
  const input = c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  const rulesetArg = b.need('ruleset');
  const ruleset = b.string('ruleset');
  const at = c.host.pos(rulesetArg.node);
  const rulesetLine = rulesetArg.value.t === 'str' && rulesetArg.value.line !== undefined ? rulesetArg.value.line : at.line;
  const publishingOptions = b.dict('publishing_options');
  const additionalOptions = b.dict('additional_options');
  const sources: Record<string, string> = {};
  const extra = b.get('additional_data_sources');
  if (extra !== undefined && extra.value.t !== 'none') {
    if (extra.value.t !== 'dict') throw b.notLiteral(extra, `${c.construct} additional_data_sources`, 'a dict of alias → DynamicFrame');
    for (const [k, v] of extra.value.entries) {
      if (k.t !== 'str') throw c.host.invalid(extra.node, `${c.construct}: the aliases of additional_data_sources must be strings`);
      sources[k.v] = c.host.dyf({ value: v, node: extra.node }, `the data source "${k.v}" of ${c.construct}`);
    }
  }
  let options: ReturnType<typeof dataQualityNodeOptions>;
  let parsed: DqdlRuleset;
  const rulesetBase = { file: c.host.file, line: rulesetLine, column: 1 };
  try {
    options = dataQualityNodeOptions(publishingOptions as Record<string, string>, additionalOptions as Record<string, string>);
    parsed = prepareRuleset(ruleset, { base: rulesetBase, compositeRuleEvaluationMethod: options.compositeRuleEvaluationMethod });
  } catch (e) {
    if (e instanceof LakehouseError && e.detail.line === undefined) throw c.host.unsupported(c.call, c.construct, e.message, 'remove the option');
    throw e;
  }
  const context = typeof publishingOptions['dataQualityEvaluationContext'] === 'string' ? publishingOptions['dataQualityEvaluationContext'] : undefined;
  const index = c.host.addDataQuality({
    line: c.host.pos(c.call).line,
    input,
    ruleset,
    publishingOptions,
    additionalOptions,
    ...(context !== undefined ? { context } : {}),
    ...(Object.keys(sources).length > 0 ? { sources } : {}),
    rulesetAt: { line: rulesetLine, column: 1 },
  });
  return { t: 'dq', input, index, ruleset: parsed, rulesetBase, ...(c.construct.endsWith('process_rows') ? { collection: true as const } : {}) };
}

function selectFromCollection(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  const dfc = b.need('dfc');
  const key = b.string('key');
  return collectionItem(c, dfc, key, b.need('key').node);
}

export function collectionItem(c: { host: Host; construct: string }, dfc: Arg, key: string, n: SyntaxNode): PyValue {
  const v = dfc.value;
  if (v.t === 'dq') {
    if (key === 'originalData') return dyf(v.input);
    if (key === 'ruleOutcomes') return dyf(c.host.node({ kind: 'dataQualityOutcomes', dq: v.index }, n, 'ruleOutcomes'));
    if (key === 'rowLevelOutcomes') {
      // the rules whose row-level results are not reproduced are refused now, by rule and line (dqdl/rowLevel.ts)
      if (v.ruleset) checkRowLevel(v.ruleset, v.rulesetBase ?? {});
      return dyf(c.host.node({ kind: 'dataQualityRowOutcomes', dq: v.index, input: v.input }, n, 'rowLevelOutcomes'));
    }
    throw c.host.unsupported(n, `${c.construct} of the data-quality outcome "${key}"`, `EvaluateDataQuality's collection holds ruleOutcomes, rowLevelOutcomes and originalData, not "${key}"`, 'select ruleOutcomes, rowLevelOutcomes or originalData');
  }
  if (v.t !== 'dfc') throw c.host.invalid(dfc.node, `${c.construct}: ${excerpt(dfc.node)} is ${describe(v)}, not a DynamicFrameCollection`);
  const rel = v.relationalize;
  if (rel !== undefined && key !== rel.root) {
    // the table of an array field: which ones exist is known when the data is read. A key naming none: `dfc[key]`
    // raises KeyError, select(key) gives an empty DynamicFrame (aws-glue-libs DynamicFrameCollection.select)
    const subscript = c.construct === 'DynamicFrameCollection[…]';
    if (subscript && (!key.startsWith(`${rel.root}_`) || key.length === rel.root.length + 1))
      throw c.host.invalid(n, `${c.construct}: the collection ${rel.construct} returns has no frame "${key}" (KeyError), so the job fails on Glue too: it holds the root table "${rel.root}" and a table "${rel.root}_<field>" per array field`);
    return dyf(c.host.node({ kind: 'relationalize', input: rel.input, root: rel.root, table: key, construct: rel.construct, missing: subscript ? 'KeyError' : 'empty' }, n, 'relationalize'));
  }
  const hit = v.entries.find(([k]) => k === key);
  if (hit === undefined) throw c.host.invalid(n, `${c.construct}: the collection has no frame "${key}" (it has ${v.entries.map(([k]) => `"${k}"`).join(', ') || 'none'})`);
  return dyf(hit[1]);
}

/**
 * Glue Studio's Conditional Router: `threadedRoute(glueContext, source_DyF=…, group_filters=[GroupFilter(name=…,
 * filters=lambda row: …), …])`, the helper it generates, runs the script's `apply_group_filter(source_DyF, gf)` (a
 * Filter.apply) for each group in a thread pool and collects the frames by group name. The threads change nothing
 * the job computes, so each group's filter is followed in turn.
 */
function threadedRoute(c: CallCtx): PyValue {
  const b = c.bound();
  const helper = c.self?.t === 'func' ? c.self.closure.lookup('apply_group_filter')?.value : undefined;
  if (helper === undefined) throw c.host.invalid(c.call, `${c.construct}: apply_group_filter, which Glue Studio generates beside threadedRoute, is not defined`);
  const source = b.need('source_DyF');
  const groups = iterate(b.need('group_filters').value);
  if (groups === undefined) throw b.notLiteral(b.need('group_filters'), `${c.construct} group_filters`, 'a list of GroupFilter(name=…, filters=…)');
  const entries: [string, string][] = [];
  for (const g of groups) {
    const name = g.t === 'record' ? g.attrs.find(([k]) => k === 'name')?.[1] : undefined;
    if (name?.t !== 'str') throw c.host.invalid(c.call, `${c.construct}: each group filter needs a name (a string), not ${describe(name ?? g)}`);
    const frame = c.host.call(helper, [source.value, g], c.call);
    if (frame.t !== 'dyf') throw c.host.invalid(c.call, `${c.construct}: apply_group_filter gave ${describe(frame)}, not a DynamicFrame`);
    // a dict keyed by name: a later group of the same name replaces the earlier one
    const at = entries.findIndex(([k]) => k === name.v);
    if (at >= 0) entries.splice(at, 1);
    entries.push([name.v, frame.id]);
  }
  return { t: 'dfc', entries };
}

/** The array fields of a field of Spark type `type` (df.dtypes' text): itself, or those inside its structs (`a.b`). */
function sparkArrayPaths(name: string, type: string): string[] {
  if (type.startsWith('array<')) return [name];
  if (!type.startsWith('struct<') || !type.endsWith('>')) return [];
  const fields: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of type.slice(7, -1)) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') fields.push(cur);
  return fields.flatMap((f) => {
    const at = f.indexOf(':');
    return at < 0 ? [] : sparkArrayPaths(`${name}.${f.slice(0, at)}`, f.slice(at + 1));
  });
}

/**
 * The keys of a collection, in order. A Relationalize collection's are its root table and a table per array field the
 * data has: learnt from the data before the run (FieldsPending), the root first — `dict_keys(["root",
 * "root_customers"])`, as a public script's comment prints them — and refused where the frame has several array
 * fields, whose order (the JVM's list, made a dict by aws-glue-libs' relationalize) is not documented.
 */
function collectionKeys(c: { host: Host; construct: string; call: SyntaxNode }, v: Extract<PyValue, { t: 'dfc' }>): string[] {
  const rel = v.relationalize;
  if (rel === undefined) return v.entries.map(([k]) => k);
  const known = c.host.knownFields(rel.input);
  if (known === undefined) {
    c.host.fieldsNeeded(rel.input, c.call, c.construct);
    return [rel.root];
  }
  const paths: string[] = [];
  for (const f of known) {
    if (f.type === undefined)
      throw c.host.unsupported(c.call, c.construct, `the field ${f.name} of the frame given to ${rel.construct} has values of several types (a ChoiceType), and whether Glue makes a table of it is not documented`, `resolve it first (resolveChoice), or select the tables by name: dfc.select("${rel.root}")`);
    paths.push(...sparkArrayPaths(f.name, f.type));
  }
  if (paths.length > 1)
    throw c.host.unsupported(
      c.call,
      c.construct,
      `the collection ${rel.construct} returns holds the root table and ${paths.length} array tables (${paths.map((p) => `"${rel.root}_${p}"`).join(', ')}), in an order Glue does not document (the JVM's list, made a dict by aws-glue-libs)`,
      `select each table by name: dfc.select("${rel.root}"), dfc.select("${rel.root}_${paths[0]}")`,
    );
  return [rel.root, ...paths.map((p) => `${rel.root}_${p}`)];
}

/** The frames of a collection, in order (a Relationalize collection's: see collectionKeys). */
export function knownEntries(c: { host: Host; construct: string; call: SyntaxNode }, v: Extract<PyValue, { t: 'dfc' }>): [string, string][] {
  if (v.relationalize === undefined) return v.entries;
  return collectionKeys(c, v).map((k) => [k, (collectionItem(c, { value: v, node: c.call }, k, c.call) as { id: string }).id]);
}

/**
 * Relationalize.apply / DynamicFrame.relationalize (the Relationalize class; DynamicFrame class, relationalize; the
 * guide's "Code example: Joining and relationalizing data"): a collection of the root table, named by `name`, and a
 * table `<name>_<field>` per array field. Its options are "currently unused"; the staging path holds Glue's
 * intermediate CSV files, not written locally (nothing the job reads back from it differs).
 */
function relationalize(c: CallCtx): PyValue {
  const b = c.bound();
  const method = c.self?.t === 'dyf';
  const input = method ? (c.self as { id: string }).id : c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  const root = method ? b.string('root_table_name') : (b.optString('name') ?? 'roottable');
  const stagingPath = b.has('staging_path') && b.need('staging_path').value.t !== 'none' ? b.string('staging_path') : undefined;
  if (stagingPath === undefined && !method)
    throw c.host.unsupported(
      c.call,
      `${c.construct} without staging_path`,
      "Glue then stages the pivoted tables under the job's --TempDir argument, and raises RuntimeError when the job has none (aws-glue-libs awsglue/transforms/relationalize.py); whether the job on Glue has one is not known here",
      'pass staging_path="s3://…/"',
    );
  b.optString('transformation_ctx', 'transformation_ctx');
  const o = b.get('options');
  if (o !== undefined && o.value.t !== 'none' && o.value.t !== 'dict') throw b.notLiteral(o, `${c.construct} options`, 'a dict');
  if (o !== undefined && o.value.t === 'dict' && o.value.entries.length > 0)
    throw c.host.unsupported(o.node, `${c.construct} with options`, 'the Relationalize class says its options are "currently unused", and which ones the JVM side reads is not documented', 'remove them');
  const rootId = c.host.node({ kind: 'relationalize', input, root, construct: c.construct, ...(stagingPath !== undefined ? { stagingPath } : {}) }, c.call, 'relationalize');
  return { t: 'dfc', entries: [[root, rootId]], relationalize: { input, root, construct: c.construct } };
}

function unnest(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  return dyf(c.host.node({ kind: 'unnest', input, construct: c.construct }, c.call, 'unnest'));
}

function dynamicFrameCollection(c: CallCtx): PyValue {
  const b = c.bound();
  const d = b.need('dynamic_frames');
  if (d.value.t !== 'dict') throw b.notLiteral(d, `${c.construct} dynamic_frames`, 'a dict of name → DynamicFrame');
  const entries: [string, string][] = d.value.entries.map(([k, v]) => {
    if (k.t !== 'str') throw c.host.invalid(d.node, `${c.construct}: the keys must be strings`);
    return [k.v, c.host.dyf({ value: v, node: d.node }, `the frame "${k.v}" of ${c.construct}`)];
  });
  return { t: 'dfc', entries };
}

/**
 * SplitRows: a collection of two frames — the records for which every comparison of `comparison_dict` holds
 * (`{"age": {">": 10, "<": 20}}`), and all the others (AWS Glue, "SplitRows class"; the operators and the meaning of
 * several comparisons from the Scala DynamicFrame's splitRows, which aws-glue-libs' split_rows calls with the dict
 * flattened into paths, values and operators).
 */
function splitRows(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const d = b.need('comparison_dict');
  const expected = 'a dict of field path → {operator: value}, e.g. {"age": {">": 10, "<": 20}}';
  if (d.value.t !== 'dict') throw b.notLiteral(d, `${c.construct} comparison_dict`, expected);
  const comparisons: { path: string; op: SplitRowsOp; value: PyConst }[] = [];
  for (const [k, v] of d.value.entries) {
    if (k.t !== 'str' || v.t !== 'dict') throw b.notLiteral(d, `${c.construct} comparison_dict`, expected);
    for (const [op, x] of v.entries) {
      if (op.t !== 'str' || !(SPLIT_ROWS_OPS as readonly string[]).includes(op.v))
        throw c.host.invalid(d.node, `${c.construct}: ${op.t === 'str' ? JSON.stringify(op.v) : describe(op)} is not an operator of Glue's splitRows (${SPLIT_ROWS_OPS.join(', ')})`);
      const value = toConst(x);
      if (value === undefined || !['int', 'float', 'str', 'bool'].includes(value.py)) throw b.notLiteral(d, `${c.construct} comparison_dict["${k.v}"]["${op.v}"]`, 'a number, a string or True/False');
      comparisons.push({ path: k.v, op: op.v as SplitRowsOp, value });
    }
  }
  if (comparisons.length === 0) throw c.host.unsupported(d.node, `${c.construct} with an empty comparison_dict`, 'which records a predicate without comparisons splits off is not documented', 'compare a field');
  const name1 = b.optString('name1') ?? 'frame1';
  const name2 = b.optString('name2') ?? 'frame2';
  const node = (side: 'matching' | 'rest') => c.host.node({ kind: 'splitRows', input, comparisons, side, construct: c.construct }, c.call, 'split_rows');
  return { t: 'dfc', entries: [[name1, node('matching')], [name2, node('rest')]], namedByKeys: true };
}

/**
 * MapToCollection / DynamicFrameCollection.map: the callable applied to each frame of the collection, in its order, as
 * `callable(frame, transformation_ctx + ":" + key)`; each result must be a DynamicFrame (aws-glue-libs,
 * awsglue/dynamicframe.py DynamicFrameCollection.map).
 */
function mapToCollection(c: CallCtx): PyValue {
  const b = c.bound();
  const dfc = c.self?.t === 'dfc' ? c.self : b.need('dfc').value;
  if (dfc.t !== 'dfc') throw c.host.invalid(c.self === undefined ? b.need('dfc').node : c.call, `${c.construct}: dfc must be a DynamicFrameCollection, not ${describe(dfc)}`);
  const fn = b.need('callable');
  if (fn.value.t !== 'func' && fn.value.t !== 'builtin') throw c.host.invalid(fn.node, `${c.construct}: callable must be a function of (frame, transformation_ctx), not ${describe(fn.value)}`);
  const ctx = b.optString('transformation_ctx') ?? '';
  const entries: [string, string][] = [];
  for (const [key, id] of knownEntries(c, dfc)) {
    const res = c.host.call(fn.value, [dyf(id), str(`${ctx}:${key}`)], fn.node);
    if (res.t !== 'dyf') throw c.host.unsupported(fn.node, `${c.construct} with ${excerpt(fn.node)}`, `it returns ${describe(res)} for the frame "${key}", and Glue raises TypeError: callable must return a DynamicFrame`, 'return a DynamicFrame');
    entries.push([key, res.id]);
  }
  return { t: 'dfc', entries };
}

/**
 * FlatMap: `BaseTransform.apply(**base_kwargs, <frame_name>=frame, transformation_ctx=…)` for each frame of the
 * collection, the results flattened into one collection (aws-glue-libs, collection_transforms.py FlatMap and
 * DynamicFrameCollection.flatmap): a collection's frames under their keys, in order, a later key replacing an
 * earlier one (dict.update); a DynamicFrame under its name — known here when the transform keeps its input's name
 * (those of NAME_KEEPING, which return `DynamicFrame(…, self.name)`) and the collection's frames are named by their
 * keys (SplitRows, SplitFields); otherwise refused.
 */
/** Transforms whose DynamicFrame keeps its input's name (aws-glue-libs dynamicframe.py: `DynamicFrame(…, self.name)`). */
const NAME_KEEPING = ['ApplyMapping', 'DropFields', 'SelectFields', 'RenameField', 'ResolveChoice', 'Spigot'];

function flatMap(c: CallCtx): PyValue {
  const b = c.bound();
  const dfc = b.need('dfc').value;
  if (dfc.t !== 'dfc') throw c.host.invalid(b.need('dfc').node, `${c.construct}: dfc must be a DynamicFrameCollection, not ${describe(dfc)}`);
  const base = b.need('BaseTransform');
  if (base.value.t !== 'class') throw c.host.invalid(base.node, `${c.construct}: BaseTransform must be a Glue transform class (e.g. SplitRows), not ${describe(base.value)}`);
  const apply: PyValue = { t: 'builtin', name: `${base.value.name}.apply` };
  const frameName = b.string('frame_name');
  const ctx = b.optString('transformation_ctx') ?? '';
  const kwargs = [...b.restKeywords].filter(([k]) => k !== frameName && k !== 'transformation_ctx');
  const out: [string, string][] = [];
  let namedByKeys = true;
  for (const [key, id] of knownEntries(c, dfc)) {
    const keywords = new Map<string, Arg>(kwargs);
    keywords.set(frameName, { value: dyf(id), node: b.need('dfc').node });
    keywords.set('transformation_ctx', { value: str(`${ctx}:${key}`), node: c.call });
    const res = c.host.callWith(apply, { positional: [], keywords, call: c.call }, base.node);
    if (res.t === 'dfc') {
      if (!res.namedByKeys) namedByKeys = false;
      for (const [k, v] of res.entries) {
        const at = out.findIndex(([x]) => x === k);
        if (at >= 0) out[at] = [k, v];
        else out.push([k, v]);
      }
    } else if (res.t === 'dyf') {
      // the result is keyed by its name: the input frame's (its key) when the transform keeps it
      if (!dfc.namedByKeys || !NAME_KEEPING.includes(base.value.name))
        throw c.host.unsupported(base.node, `${c.construct} with ${excerpt(base.node)}`, `${excerpt(base.node)} returns a DynamicFrame, which FlatMap keys by the frame's name, and the local engine knows it only for the frames of SplitRows and SplitFields given to a transform that keeps it`, 'apply the transform to each frame, or use MapToCollection (it keeps the keys)');
      const at = out.findIndex(([x]) => x === key);
      if (at >= 0) out[at] = [key, res.id];
      else out.push([key, res.id]);
    }
    else throw c.host.unsupported(base.node, `${c.construct} with ${excerpt(base.node)}`, `it returns ${describe(res)}, and Glue raises TypeError: the function must return a DynamicFrame or DynamicFrameCollection`, 'use a Glue transform');
  }
  return { t: 'dfc', entries: out, ...(namedByKeys ? { namedByKeys: true as const } : {}) };
}

function splitFields(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const paths = b.strings('paths');
  const name1 = b.optString('name1') ?? `${c.host.target() ?? 'frame'}0`;
  const name2 = b.optString('name2') ?? `${c.host.target() ?? 'frame'}1`;
  const selected = c.host.node({ kind: 'selectFields', input, paths }, c.call, 'split_fields');
  const rest = c.host.node({ kind: 'dropFields', input, paths }, c.call, 'split_fields');
  return { t: 'dfc', entries: [[name1, selected], [name2, rest]], namedByKeys: true };
}

// ---------------------------------------------------------------- the table


/**
 * Unbox (archived developer guide, aws-glue-api-crawler-pyspark-transforms-Unbox.md, and DynamicFrame.unbox): the
 * types it gives are not settled — the page's own example unboxes the JSON strings "220", "560"… and prints them as
 * `strawberry: int` — nor is what a string that is not JSON (or CSV) becomes; awslabs/aws-glue-libs issue #16 reports
 * nested objects unboxed as null when a field has "too many versions".
 */
const UNBOX_REFUSAL = {
  refuse:
    'what Unbox gives is not settled: the Unbox page\'s own example parses the JSON strings "220", "560"... and prints them as int, and no page says what a string that is not JSON (or CSV), or a record without the field, becomes',
  instead: 'parse it in DataFrame code with a schema of your own: DynamicFrame.fromDF(frame.toDF().withColumn("data", F.from_json("data", "strawberry STRING, mango STRING")), glueContext, "unboxed")',
};

export const GLUE_TRANSFORMS: Table = {
  // awsglue.transforms, as X.apply(…) (GlueTransform.apply) and as DynamicFrame methods
  'ApplyMapping.apply': transform(applyMapping, `frame!, mappings!, case_sensitive~, ${TRANSFORM_PARAMS}`, 'applyMapping', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-ApplyMapping.html`),
  'DynamicFrame.apply_mapping': transform(applyMapping, `mappings!, case_sensitive~, ${TRANSFORM_PARAMS}`, 'applyMapping', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-apply_mapping`),
  'DynamicFrame.applyMapping': transform(applyMapping, `mappings!, case_sensitive~, ${TRANSFORM_PARAMS}`, 'applyMapping', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`),
  'SelectFields.apply': transform(fields('selectFields'), `frame!, paths!, ${TRANSFORM_PARAMS}`, 'selectFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SelectFields.html`),
  'DynamicFrame.select_fields': transform(fields('selectFields'), `paths!, ${TRANSFORM_PARAMS}`, 'selectFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-select_fields`),
  'DropFields.apply': transform(fields('dropFields'), `frame!, paths!, ${TRANSFORM_PARAMS}`, 'dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-DropFields.html`),
  'DynamicFrame.drop_fields': transform(fields('dropFields'), `paths!, ${TRANSFORM_PARAMS}`, 'dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-drop_fields`),
  'RenameField.apply': transform(renameField, `frame!, old_name!, new_name!, ${TRANSFORM_PARAMS}`, 'renameField', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-RenameField.html`),
  'DynamicFrame.rename_field': transform(renameField, `oldName!, newName!, ${TRANSFORM_PARAMS}`, 'renameField', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-rename_field`),
  'Join.apply': transform(join, 'frame1!, frame2!, keys1!, keys2!, transformation_ctx', 'join', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-join.html`),
  'DynamicFrame.join': transform(join, `paths1!, paths2!, frame2!, ${TRANSFORM_PARAMS}`, 'join', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-join`),
  'DropNullFields.apply': transform(dropNullFields, `frame!, ${TRANSFORM_PARAMS}`, 'dropNullFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-DropNullFields.html`),
  'Filter.apply': transform(filter, `frame!, f!, ${TRANSFORM_PARAMS}`, 'filter', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-filter.html`),
  'Map.apply': transform(mapRecords, 'frame!, f!, transformation_ctx, info~, stageThreshold, totalThreshold', 'map', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-map.html`),
  'DynamicFrame.map': transform(mapRecords, 'f!, preservesPartitioning~, transformation_ctx, info~, stageThreshold, totalThreshold', 'map', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-map`),
  'DynamicFrame.filter': transform(filter, `f!, ${TRANSFORM_PARAMS}`, 'filter', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-filter`),
  'ResolveChoice.apply': transform(resolveChoice, `frame!, specs, choice, database, table_name, ${TRANSFORM_PARAMS}, catalog_id~`, 'resolveChoice', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-ResolveChoice.html`),
  'DynamicFrame.resolveChoice': transform(resolveChoice, `specs, choice, database, table_name, ${TRANSFORM_PARAMS}, catalog_id~`, 'resolveChoice', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-resolveChoice`),
  'DynamicFrame.union': transform(union, `other_frame!, ${TRANSFORM_PARAMS}`, 'union', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`),
  'Union.apply': {
    refuse: 'Union.apply fails on Glue: awsglue/transforms/union.py calls frame1.union(mappings, case_sensitive), names it never defines',
    instead: 'write frame1.union(frame2), or Glue Studio\'s Union node (sparkUnion)',
    doc: 'https://github.com/awslabs/aws-glue-libs/blob/master/awsglue/transforms/union.py',
  },
  'GlueStudio.threadedRoute': transform(threadedRoute, 'glue_ctx!, source_DyF!, group_filters!', 'filter (one per group)', `${GLUE_DOC}/transforms-conditional-router.html`),
  'SelectFromCollection.apply': transform(selectFromCollection, 'dfc!, key!, transformation_ctx', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SelectFromCollection.html`),
  'SplitRows.apply': transform(splitRows, `frame!, comparison_dict!, name1, name2, ${TRANSFORM_PARAMS}`, 'splitRows (a collection of two)', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SplitRows.html`),
  'DynamicFrame.split_rows': transform(splitRows, `comparison_dict!, name1!, name2!, ${TRANSFORM_PARAMS}`, 'splitRows (a collection of two)', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-split_rows`),
  'MapToCollection.apply': transform(mapToCollection, 'dfc!, callable!, transformation_ctx', 'the function followed on each frame', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-MapToCollection.html`),
  'DynamicFrameCollection.map': transform(mapToCollection, 'callable!, transformation_ctx', 'the function followed on each frame', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-collection.html`),
  'FlatMap.apply': transform(flatMap, 'dfc!, BaseTransform!, frame_name!, transformation_ctx, **base_kwargs', 'the transform on each frame, flattened', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-flat-map.html`),
  'SplitFields.apply': transform(splitFields, `frame!, paths!, name1, name2, ${TRANSFORM_PARAMS}`, 'selectFields + dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SplitFields.html`),
  'DynamicFrame.split_fields': transform(splitFields, `paths!, name1, name2, ${TRANSFORM_PARAMS}`, 'selectFields + dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`),
  'Relationalize.apply': transform(relationalize, `frame!, staging_path, name, options, ${TRANSFORM_PARAMS}`, 'relationalize (the root table; a table per array field selected)', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-Relationalize.html`),
  'DynamicFrame.relationalize': transform(relationalize, `root_table_name!, staging_path!, options, ${TRANSFORM_PARAMS}`, 'relationalize (the root table; a table per array field selected)', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-relationalize`),
  'UnnestFrame.apply': transform(unnest, `frame!, ${TRANSFORM_PARAMS}`, 'unnest', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-UnnestFrame.html`),
  'DynamicFrame.unnest': transform(unnest, TRANSFORM_PARAMS, 'unnest', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-unnest`),
  'DynamicFrame.toDF': transform(toDF, 'options', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-toDF`),
  'DynamicFrame.fromDF': transform(fromDF, 'dataframe!, glue_ctx!, name', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-fromDF`),
  'DynamicFrameCollection()': transform(dynamicFrameCollection, 'dynamic_frames!, glue_ctx~', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-collection.html`),
  'DynamicFrameCollection.select': {
    sig: 'key!, transformation_ctx~',
    becomes: 'value',
    doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-collection.html`,
    run: (c) => {
      const b = c.bound();
      return collectionItem(c, { value: c.self!, node: c.call }, b.string('key'), b.need('key').node);
    },
  },
  'DynamicFrameCollection.keys': { sig: '', becomes: 'value', run: (c) => ({ t: 'list', items: collectionKeys(c, c.self as Extract<PyValue, { t: 'dfc' }>).map((k) => str(k)), view: 'dict_keys' }) },
  'DynamicFrameCollection.values': { sig: '', becomes: 'value', run: (c) => ({ t: 'list', items: knownEntries(c, c.self as Extract<PyValue, { t: 'dfc' }>).map(([, id]) => dyf(id)), view: 'dict_values' }) },
  'EvaluateDataQuality.apply': transform(evaluateDataQuality, 'frame!, ruleset!, publishing_options, additional_options, additional_data_sources', 'dataQuality', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html`),
  'EvaluateDataQuality.process_rows': transform(evaluateDataQuality, 'frame!, ruleset!, publishing_options, additional_options, additional_data_sources', 'dataQuality', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html`),

  // refused, each with what to write instead

  'Unbox.apply': UNBOX_REFUSAL,
  'DynamicFrame.unbox': UNBOX_REFUSAL,
  'ErrorsAsDynamicFrame.apply': { refuse: 'error records are not kept locally (a failing record fails the run)', instead: 'remove it' },
  'DynamicFrame.errorsAsDynamicFrame': { refuse: 'error records are not kept locally (a failing record fails the run)', instead: 'remove it' },
  // DynamoDB JSON ({"Item": {"id": {"S": "…"}, "n": {"N": "1"}}}, as the DynamoDB export writes it): the DynamicFrame
  // class page names the methods with no printed output; which field and type each DynamoDB type (S, N, B, BOOL, NULL,
  // M, L, SS, NS, BS) becomes is documented for zero-ETL integrations only
  'DynamicFrame.unnest_ddb_json': {
    refuse: 'which field and type unnest_ddb_json gives each DynamoDB type (S, N, BOOL, M, L, SS, NS…) is not documented for DynamicFrames',
    instead: 'select the typed values in an SQL Query node (SELECT Item.id.S AS id, CAST(Item.n.N AS DOUBLE) AS n …)',
    doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`,
  },
  'DynamicFrame.simplify_ddb_json': {
    refuse: 'which field and type simplify_ddb_json gives each DynamoDB type (S, N, BOOL, M, L, SS, NS…) is not documented for DynamicFrames',
    instead: 'select the typed values in an SQL Query node (SELECT Item.id.S AS id, CAST(Item.n.N AS DOUBLE) AS n …)',
    doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-simplify-ddb-json.html`,
  },
  'DynamicFrame.mergeDynamicFrame': { refuse: 'merging a staging frame by primary keys is not done locally yet', instead: 'write the merge as an SQL Query node' },
  'FillMissingValues.apply': {
    // Glue Studio's Fill Missing Values node (awsglueml.transforms): "uses machine learning methods, such as linear
    // regression and random forest, to predict the missing values" — the trained model is not public
    refuse: "FillMissingValues predicts missing values with a machine-learning model (linear regression, random forest) that Glue trains on the data — Glue Studio's Fill Missing Values node; its predictions cannot be reproduced locally",
    instead: 'fill with values you choose: frame.toDF().fillna({"column": value}) (wrapped back with DynamicFrame.fromDF), coalesce(…) in an SQL Query node, or F.coalesce in DataFrame code',
    doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-fillmissingvalues.html`,
  },
  'FindMatches.apply': { refuse: 'FindMatches runs a trained machine-learning transform', instead: 'match records with an SQL Query node' },
  'FindIncrementalMatches.apply': { refuse: 'FindIncrementalMatches runs a trained machine-learning transform', instead: 'match records with an SQL Query node' },
  'EntityDetector.detect': { refuse: 'sensitive-data detection runs Glue\'s detectors', instead: 'remove the Detect Sensitive Data node' },
  'Repartition.apply': { sig: `frame!, num_partitions!, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => ({ t: 'dyf', id: c.host.dyf(c.bound().need('frame'), `the frame of ${c.construct}`) }) },
  'Coalesce.apply': { sig: `frame!, num_partitions!, shuffle~, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => ({ t: 'dyf', id: c.host.dyf(c.bound().need('frame'), `the frame of ${c.construct}`) }) },
  'DynamicFrame.repartition': { sig: `num_partitions!, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => c.self! },
  'DynamicFrame.coalesce': { sig: `num_partitions!, shuffle~, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => c.self! },
};
