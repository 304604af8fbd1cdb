/**
 * The editor's models of a Glue script's nodes (src/extension/preview/model.ts): the CodeLens and inlay hint items,
 * the graph page's model, schema diff texts, and which figures still describe a node after an edit (a node's
 * signature is its definition and its inputs'). Plans come from the STEDI scripts and small scripts written here.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { scriptGraph, type JobGraph } from '../../src/core/jobs/jobGraph';
import type { JobPlan } from '../../src/core/jobs/plan';
import { readGlueScriptPartly } from '../../src/core/jobs/script';
import type { GlueField } from '../../src/core/targets/local/glueSchema';
import {
  currentFigures,
  figuresFromOutputs,
  figuresFromRun,
  graphViewModel,
  inlayItems,
  lensItems,
  mergeFigures,
  nodeSignatures,
  schemaDiffIsBreaking,
  schemaDiffText,
  withSinkRows,
  type FiguresByNode,
} from '../../src/extension/preview/model';

const ROOT = path.resolve(__dirname, '..', '..');
const ML = 'machine_learning_curated';
const SQL_NODE = 'ReadingsAtTheSameTime_node1718053064321';
const SOURCES = ['StepTrainerTrusted_node1718053012674', 'AccelerometerTrusted_node1718053015090', 'CustomerCurated_node1718053017745'];

async function read(text: string): Promise<{ plan: JobPlan; graph: JobGraph; text: string }> {
  const reading = await readGlueScriptPartly(text, 'glue-scripts/x.py');
  return { plan: reading.plan, graph: await scriptGraph(text, reading), text };
}

async function stedi(job: string): Promise<string> {
  return (await fs.readFile(path.join(ROOT, 'glue-scripts', `${job}.py`), 'utf8')).replace(/\$\{database\}/g, 'stedi').replace(/\$\{bucket\}/g, 'b');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const fields = (n: number): GlueField[] => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, type: { kind: 'atomic', name: 'string' } }));

test('CodeLens: "Preview" and "Run to here" above each node and sink, "Count rows" while a node has no count; figures in the title', async () => {
  const { plan, graph, text } = await read(await stedi(ML));
  const sigs = nodeSignatures(plan);
  let items = lensItems(graph, new Map());
  assert.equal(items.length, 5 * 3, 'three lenses on each of the five nodes');
  const sqlLine = lineOf(text, `${SQL_NODE} = sparkSqlQuery`) - 1;
  assert.deepEqual(
    items.filter((i) => i.line === sqlLine).map((i) => [i.title, i.command, i.node]),
    [
      ['Preview', 'preview', SQL_NODE],
      ['Run to here', 'runToHere', SQL_NODE],
      ['Count rows', 'countRows', SQL_NODE],
    ],
  );
  const figures: FiguresByNode = new Map([[SQL_NODE, { sig: sigs.get(SQL_NODE)!, rows: 40160, schema: fields(7), from: 'preview', at: 1 }]]);
  items = lensItems(graph, figures);
  assert.deepEqual(
    items.filter((i) => i.line === sqlLine).map((i) => i.title),
    ['Preview · 40,160 rows · 7 columns', 'Run to here'],
  );
  // the sink's lens previews the rows it would write
  const sink = items.find((i) => i.node === 'sink:0' && i.command === 'preview')!;
  assert.equal(sink.line, lineOf(text, 'glueContext.getSink(') - 1);
  assert.match(sink.tooltip, /the rows this sink would write/);
});

test('a sample and one row say so: "Preview · 1 row (sample) · 1 column"', async () => {
  const { plan, graph } = await read(await stedi(ML));
  const id = SOURCES[0]!;
  const items = lensItems(graph, new Map([[id, { sig: nodeSignatures(plan).get(id)!, rows: 1, schema: fields(1), from: 'counts', sampled: true, at: 1 }]]));
  assert.equal(items.find((i) => i.node === id && i.command === 'preview')!.title, 'Preview · 1 row (sample) · 1 column');
});

test('inlay hints after each node with figures, none where nothing is known', async () => {
  const { plan, graph, text } = await read(await stedi(ML));
  const sigs = nodeSignatures(plan);
  const figures: FiguresByNode = new Map([
    [SOURCES[1]!, { sig: sigs.get(SOURCES[1]!)!, rows: 40780, schema: fields(5), from: 'run', at: 1 }],
    ['sink:0', { sig: sigs.get('sink:0')!, rows: 40160, from: 'run', at: 1 }],
  ]);
  const hints = inlayItems(graph, figures);
  assert.deepEqual(
    hints.map((h) => [h.line, h.label]),
    [
      [lineOf(text, `${SOURCES[1]} =`) - 1, '40,780 rows · 5 cols'],
      [lineOf(text, 'glueContext.getSink(') - 1, '40,160 rows'],
    ],
  );
  assert.match(hints[0]!.tooltip, /job's last run/);
  assert.match(hints[0]!.tooltip, /^Accelerometer Trusted: /);
  assert.match(hints[0]!.tooltip, /\|-- f4: string/);
});

test('an edit of a node retires its figures and those of the nodes that read it; an edit elsewhere keeps them', async () => {
  const original = await stedi(ML);
  const a = await read(original);
  const sigsA = nodeSignatures(a.plan);
  const all: FiguresByNode = new Map([...sigsA].map(([id, sig]) => [id, { sig, rows: 1, from: 'counts' as const, at: 1 }]));
  // a comment and a node's name changed: every figure stays
  const renamed = await read(original.replace('# Script generated for node Customer Curated', '# Script generated for node Curated Customers\n# (renamed)'));
  assert.deepEqual([...currentFigures(all, nodeSignatures(renamed.plan)).keys()].sort(), [...sigsA.keys()].sort());
  // the SQL query edited: the SQL node and the sink lose theirs, the sources keep theirs
  const edited = await read(original.replace('select s.sensorreadingtime, s.serialnumber', 'select s.serialnumber'));
  assert.deepEqual([...currentFigures(all, nodeSignatures(edited.plan)).keys()].sort(), [...SOURCES].sort());
  // a source's table changed: that source, the SQL node and the sink lose theirs
  const source = await read(original.replace('table_name="customer_curated"', 'table_name="customer_trusted"'));
  assert.deepEqual([...currentFigures(all, nodeSignatures(source.plan)).keys()].sort(), [SOURCES[0]!, SOURCES[1]!].sort());
});

test('figures merge: the newest rows win; a run (rows only) keeps the fields and the diff a preview found', () => {
  const sig = 's';
  const diff = { table: 'stedi.t', exists: true, updatesCatalog: true, added: [{ name: 'x', type: 'int' }], dropped: [], changed: [] };
  const preview: FiguresByNode = new Map([['n', { sig, rows: 10, schema: fields(3), schemaDiff: diff, from: 'preview', at: 100 }]]);
  const run: FiguresByNode = new Map([['n', { sig, rows: 12, from: 'run', at: 200 }]]);
  const merged = mergeFigures(preview, run).get('n')!;
  assert.deepEqual(merged, { sig, rows: 12, from: 'run', at: 200, schema: fields(3), schemaDiff: diff });
  // an older run does not replace a newer preview's rows
  assert.equal(mergeFigures(run, new Map([['n', { sig, rows: 9, from: 'preview', at: 150 }]])).get('n')!.rows, 12);
  // fields read after an edit (no rows) keep the rows counted before
  const fieldsOnly = mergeFigures(run, new Map([['n', { sig, schema: fields(2), from: 'fields', at: 300 }]])).get('n')!;
  assert.equal(fieldsOnly.rows, 12);
  assert.equal(fieldsOnly.from, 'run');
  assert.equal(fieldsOnly.schema?.length, 2);
  // another signature: the old figures are dropped
  assert.deepEqual(mergeFigures(preview, new Map([['n', { sig: 'other', from: 'fields', at: 1 }]])).get('n'), { sig: 'other', from: 'fields', at: 1 });
});

test('a run\'s node counts become figures of the nodes it counted, the sink taking its input\'s rows; bad values are ignored', async () => {
  const { plan } = await read(await stedi(ML));
  const sigs = nodeSignatures(plan);
  const figures = figuresFromRun(plan, { [SOURCES[0]!]: 14493, [SQL_NODE]: 40160, [SOURCES[1]!]: -1, [SOURCES[2]!]: '459', gone: 3 }, sigs, 5);
  assert.deepEqual([...figures.keys()].sort(), [SOURCES[0]!, SQL_NODE, 'sink:0'].sort());
  assert.equal(figures.get('sink:0')!.rows, 40160);
  assert.equal(figures.get(SQL_NODE)!.from, 'run');
});

test('planOutputs become figures: fields of every node, rows where counted, the sink\'s diff', async () => {
  const { plan } = await read(await stedi(ML));
  const sigs = nodeSignatures(plan);
  const diff = { table: 'stedi.machine_learning_curated', exists: true, updatesCatalog: true, added: [], dropped: [], changed: [] };
  const figures = figuresFromOutputs(
    {
      nodes: [
        { id: SOURCES[0]!, line: 1, schema: fields(3), rows: 7 },
        { id: SQL_NODE, line: 2, schema: fields(7) },
      ],
      sinks: [{ index: 0, line: 3, schema: fields(7), columns: [], schemaDiff: diff }],
      sampled: false,
      elapsedMs: 1,
    },
    sigs,
    9,
    'counts',
  );
  assert.deepEqual(figures.get(SOURCES[0]!), { sig: sigs.get(SOURCES[0]!), schema: fields(3), rows: 7, from: 'counts', sampled: false, at: 9 });
  assert.equal(figures.get(SQL_NODE)!.rows, undefined);
  assert.deepEqual(figures.get('sink:0')!.schemaDiff, diff);
});

test('schema diff texts: a new table, added columns (a note), dropped and retyped columns (a warning), a catalog sink', () => {
  const base = { table: 'stedi.customer_trusted', exists: true, updatesCatalog: true, added: [], dropped: [], changed: [] };
  assert.equal(schemaDiffText(base), undefined);
  const added = { ...base, added: [{ name: 'score', type: 'double' }] };
  assert.equal(schemaDiffText(added), 'writing updates the columns of stedi.customer_trusted: it adds score double');
  assert.equal(schemaDiffIsBreaking(added), false);
  const breaking = { ...base, dropped: [{ name: 'phone', type: 'string' }], changed: [{ name: 'registrationdate', from: 'bigint', to: 'string' }] };
  assert.equal(schemaDiffText(breaking), 'writing updates the columns of stedi.customer_trusted: it drops phone string; changes registrationdate bigint → string');
  assert.equal(schemaDiffIsBreaking(breaking), true);
  const created = { ...base, exists: false, added: [{ name: 'a', type: 'bigint' }, { name: 'b', type: 'string' }] };
  assert.equal(schemaDiffText(created), 'the sink creates stedi.customer_trusted with 2 columns: a bigint, b string');
  assert.equal(schemaDiffIsBreaking(created), false);
  const catalogSink = { ...added, updatesCatalog: false };
  assert.match(schemaDiffText(catalogSink)!, /^stedi\.customer_trusted keeps its columns, but the data written has score double/);
  assert.equal(schemaDiffIsBreaking(catalogSink), true);
});

test('the graph page\'s model: every node with its figures, schema and error; the refused construct and the script\'s error', async () => {
  const text = [
    'import sys',
    'from awsglue.transforms import *',
    'from awsglue.context import GlueContext',
    'from pyspark.context import SparkContext',
    'glueContext = GlueContext(SparkContext())',
    '# Script generated for node Orders',
    'Orders_node1 = glueContext.create_dynamic_frame.from_catalog(database="shop", table_name="orders", transformation_ctx="Orders_node1")',
    '# Script generated for node Doubled',
    'Doubled_node2 = Map.apply(frame=Orders_node1, f=lambda r: r)',
  ].join('\n');
  const { plan, graph } = await read(text);
  const sigs = nodeSignatures(plan);
  const model = graphViewModel(graph, new Map([['Orders_node1', { sig: sigs.get('Orders_node1')!, rows: 3, schema: fields(2), from: 'preview', at: Date.UTC(2024, 0, 1) }]]), 7);
  assert.equal(model.version, 7);
  assert.deepEqual(
    model.nodes.map((n) => [n.id, n.category, n.name, n.line, n.figures ?? null, n.previewable]),
    [
      ['Orders_node1', 'source', 'Orders', 7, '3 rows · 2 columns', true],
      ['refused', 'refused', 'Doubled', 9, null, false],
    ],
  );
  assert.equal(model.nodes[0]!.schema, 'root\n|-- f0: string\n|-- f1: string');
  assert.match(model.nodes[1]!.error!, /Map\.apply cannot run on the local engine/);
  assert.deepEqual(model.edges, [{ from: 'Orders_node1', to: 'refused' }]);
  assert.equal(model.error?.line, 9);
});

test('a sink shows its input\'s rows when only those are known (it writes them), its own when newer', async () => {
  const { plan, graph } = await read(await stedi(ML));
  const sigs = nodeSignatures(plan);
  const input: FiguresByNode = new Map([[SQL_NODE, { sig: sigs.get(SQL_NODE)!, rows: 40160, from: 'preview', at: 10 }]]);
  assert.equal(withSinkRows(graph, input).get('sink:0')?.rows, 40160);
  const own: FiguresByNode = new Map([...input, ['sink:0', { sig: sigs.get('sink:0')!, rows: 7, schema: fields(7), from: 'counts', at: 20 }]]);
  assert.equal(withSinkRows(graph, own).get('sink:0')?.rows, 7);
  // an older count of the sink: the input's newer rows, the sink's own fields kept
  const older: FiguresByNode = new Map([...input, ['sink:0', { sig: sigs.get('sink:0')!, rows: 7, schema: fields(7), from: 'counts', at: 5 }]]);
  assert.deepEqual(withSinkRows(graph, older).get('sink:0'), { sig: sigs.get('sink:0'), rows: 40160, schema: fields(7), from: 'preview', at: 10 });
});
