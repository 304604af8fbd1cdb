/**
 * The job graph (src/core/jobs/jobGraph.ts) as Glue Studio's canvas draws a job: for the STEDI scripts, the nodes the
 * `# Script generated for node …` comments name, with their types, lines and edges read off the scripts here; a
 * script whose reading stops at a refused construct keeps the nodes before it and marks the construct at its node.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readGlueScriptPartly } from '../../src/core/jobs/script';
import { scriptGraph, type JobGraph } from '../../src/core/jobs/jobGraph';

const ROOT = path.resolve(__dirname, '..', '..');

async function graphOf(text: string, file = 'glue-scripts/x.py'): Promise<JobGraph> {
  return scriptGraph(text, await readGlueScriptPartly(text, file));
}

/** The line of the first line of `text` holding `needle` (1-based). */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const summary = (g: JobGraph) => g.nodes.map((n) => `${n.category}|${n.type}|${n.name}|${n.line}`);
const edges = (g: JobGraph) => g.edges.map((e) => `${g.nodes.find((n) => n.id === e.from)!.name} -> ${g.nodes.find((n) => n.id === e.to)!.name}`).sort();

test('machine_learning_curated: three Data Catalog sources, an SQL Query reading them, a Data Catalog target', async () => {
  const text = (await fs.readFile(path.join(ROOT, 'glue-scripts', 'machine_learning_curated.py'), 'utf8')).replace(/\$\{database\}/g, 'stedi').replace(/\$\{bucket\}/g, 'b');
  const g = await graphOf(text);
  assert.equal(g.error, undefined);
  assert.deepEqual(summary(g), [
    `source|AWS Glue Data Catalog|Step Trainer Trusted|${lineOf(text, 'StepTrainerTrusted_node1718053012674 =')}`,
    `source|AWS Glue Data Catalog|Accelerometer Trusted|${lineOf(text, 'AccelerometerTrusted_node1718053015090 =')}`,
    `source|AWS Glue Data Catalog|Customer Curated|${lineOf(text, 'CustomerCurated_node1718053017745 =')}`,
    `transform|SQL Query|Readings At The Same Time|${lineOf(text, 'ReadingsAtTheSameTime_node1718053064321 =')}`,
    `target|AWS Glue Data Catalog|Machine Learning Curated|${lineOf(text, 'MachineLearningCurated_node1718053121540 = glueContext.getSink')}`,
  ]);
  assert.deepEqual(edges(g), [
    'Accelerometer Trusted -> Readings At The Same Time',
    'Customer Curated -> Readings At The Same Time',
    'Readings At The Same Time -> Machine Learning Curated',
    'Step Trainer Trusted -> Readings At The Same Time',
  ]);
  assert.equal(g.nodes[0]!.detail, 'stedi.step_trainer_trusted');
  assert.equal(g.nodes[4]!.detail, 'stedi.machine_learning_curated at s3://b/step_trainer/curated/ (json)');
  assert.deepEqual(g.nodes[3]!.preview, { node: 'ReadingsAtTheSameTime_node1718053064321' });
  assert.deepEqual(g.nodes[4]!.preview, { sink: 0 });
});

test('every STEDI script reads into a graph whose nodes are the generated comments, in script order', async () => {
  for (const f of (await fs.readdir(path.join(ROOT, 'glue-scripts'))).sort()) {
    const text = (await fs.readFile(path.join(ROOT, 'glue-scripts', f), 'utf8')).replace(/\$\{database\}/g, 'stedi').replace(/\$\{bucket\}/g, 'b');
    const g = await graphOf(text);
    const comments = [...text.matchAll(/^# Script generated for node (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(
      g.nodes.map((n) => n.name),
      comments,
      f,
    );
    assert.equal(g.nodes.filter((n) => n.category === 'target').length, 1, f);
  }
});

const HEAD = [
  'import sys',
  'from awsglue.transforms import *',
  'from awsglue.utils import getResolvedOptions',
  'from pyspark.context import SparkContext',
  'from awsglue.context import GlueContext',
  'from awsglue.job import Job',
  'args = getResolvedOptions(sys.argv, ["JOB_NAME"])',
  'glueContext = GlueContext(SparkContext())',
  'job = Job(glueContext)',
  'job.init(args["JOB_NAME"], args)',
  '# Script generated for node Orders',
  'Orders_node1 = glueContext.create_dynamic_frame.from_catalog(database="shop", table_name="orders", transformation_ctx="Orders_node1")',
  '# Script generated for node Big Orders',
  'BigOrders_node2 = Filter.apply(frame=Orders_node1, f=lambda row: row["total"] > 100)',
];

test('a refused construct is a node of its own at its line, named by its comment, reading the frames it names', async () => {
  const text = [
    ...HEAD,
    '# Script generated for node Doubled',
    'Doubled_node3 = Map.apply(frame=BigOrders_node2, f=lambda r: r)',
    'glueContext.write_dynamic_frame.from_options(frame=Doubled_node3, connection_type="s3", format="json", connection_options={"path": "s3://b/out/"})',
    'job.commit()',
  ].join('\n');
  const g = await graphOf(text);
  assert.ok(g.error);
  assert.match(g.error.message, /Map\.apply cannot run on the local engine/);
  assert.equal(g.error.line, 16);
  assert.deepEqual(summary(g), ['source|AWS Glue Data Catalog|Orders|12', 'transform|Filter|Big Orders|14', 'refused|Not supported here|Doubled|16']);
  assert.deepEqual(edges(g), ['Big Orders -> Doubled', 'Orders -> Big Orders']);
  const refused = g.nodes.find((n) => n.category === 'refused')!;
  assert.equal(refused.error, g.error.message);
  assert.equal(refused.preview, undefined, 'a refused node has no rows to preview');
});

test('a syntax error: no node (the editor keeps the last graph), the error with its line', async () => {
  const g = await graphOf([...HEAD, 'x = (', 'job.commit()'].join('\n'));
  assert.deepEqual(g.nodes, []);
  assert.match(g.error?.message ?? '', /Python syntax error/);
  assert.equal(typeof g.error?.line, 'number');
});

test('the PySpark the runner translates: each DataFrame step of a chain is a node, named by the variable it ends in', async () => {
  const text = [
    ...HEAD,
    'df = BigOrders_node2.toDF()',
    'top = df.filter(df.total > 500).select("id", "total")',
    'glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(top, glueContext, "top"), connection_type="s3", format="json", connection_options={"path": "s3://b/top/"})',
  ].join('\n');
  const g = await graphOf(text.replace('import sys', 'import sys\nfrom awsglue import DynamicFrame'));
  assert.equal(g.error, undefined, g.error?.message);
  const types = g.nodes.map((n) => n.type);
  assert.deepEqual(types, ['AWS Glue Data Catalog', 'Filter', 'filter (DataFrame)', 'select (DataFrame)', 'Amazon S3']);
  const top = g.nodes.find((n) => n.id === 'top');
  assert.ok(top, g.nodes.map((n) => n.id).join(', '));
  assert.equal(top.type, 'select (DataFrame)');
  assert.deepEqual(edges(g).length, 4);
});
