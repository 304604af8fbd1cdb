/**
 * A script that computes with a frame's field names — a loop over `df.columns` or `df.dtypes`, `x in df.columns`, a
 * list made from them — which Glue learns from the data (schema on read): the run learns them first, building the
 * frames the script made before (plan.ts FieldsPending), and follows the script with the real names in Spark's order.
 *
 * Expected values: PySpark's documentation of DataFrame.columns (spark.apache.org/docs/latest/api/python/reference/
 * pyspark.sql/api/pyspark.sql.DataFrame.columns.html, Examples 2–5: the frame (14, "Tom", "CA"), (23, "Alice", "NY"),
 * (16, "Bob", "TX") with columns age, name, state; `"state" in df.columns` True, `"salary" in df.columns` False; the
 * loop `for col_name in df.columns: df = df.withColumn(col_name, f.upper(f.col(col_name)))` shows TOM/ALICE/BOB;
 * after withColumnRenamed("name", "first_name") `df.columns` is ['age', 'first_name', 'state']) and of
 * DataFrame.dtypes (…pyspark.sql.DataFrame.dtypes.html: `[('age', 'bigint'), ('name', 'string')]` for a frame of
 * Python ints and strings, which spark.read.json types alike: JSON whole numbers are bigint).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readGlueScript } from '../../src/core/jobs/script';
import { bodyLine, glueStudioProject, GLUE_PROLOGUE, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const PEOPLE = ['{"age": 14, "name": "Tom", "state": "CA"}', '{"age": 23, "name": "Alice", "state": "NY"}', '{"age": 16, "name": "Bob", "state": "TX"}'].join('\n');

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-frame-fields-');
  await p.target.storage.put(GS_BUCKET, 'people/landing/p.json', Buffer.from(`${PEOPLE}\n`));
  await p.target.storage.put(GS_BUCKET, 'mixed/landing/m.json', Buffer.from('{"First Name": "Ann", "AGE": 3}\n'));
});
after(async () => {
  await p?.close();
});

describe("a frame's field names, learnt from the data before the script is followed", () => {
  test('PySpark\'s DataFrame.columns examples: `in`, a loop of withColumn, a list made from the names, a rename', async () => {
    const r = await p.runOk(
      'df_columns_doc',
      `df = spark.read.json("s3://${GS_BUCKET}/people/landing/")
print("state" in df.columns, "salary" in df.columns)
selected_cols = [col for col in df.columns if col != "age"]
df.select(selected_cols).show()
for col_name in df.columns:
    df = df.withColumn(col_name, F.upper(F.col(col_name)))
df.show()
df = df.withColumnRenamed("name", "first_name")
print(df.columns)
`,
    );
    assert.deepEqual(await p.printed('df_columns_doc', r.id, bodyLine(2)), ['True False']);
    assert.deepEqual(await p.printed('df_columns_doc', r.id, bodyLine(4)), ['+-----+-----+', '| name|state|', '+-----+-----+', '|  Tom|   CA|', '|Alice|   NY|', '|  Bob|   TX|', '+-----+-----+']);
    assert.deepEqual(await p.printed('df_columns_doc', r.id, bodyLine(7)), ['+---+-----+-----+', '|age| name|state|', '+---+-----+-----+', '| 14|  TOM|   CA|', '| 23|ALICE|   NY|', '| 16|  BOB|   TX|', '+---+-----+-----+']);
    assert.deepEqual(await p.printed('df_columns_doc', r.id, bodyLine(9)), ["['age', 'first_name', 'state']"]);
  });

  test('a loop over df.dtypes, and names renamed to lower snake case (a common Glue script pattern)', async () => {
    // the pattern of anhpvhe17/AWS_Terraform Glue/glue_scripts/batch_csv_to_parquet.py: old.strip().lower().replace(" ", "_")
    const r = await p.runOk(
      'df_dtypes_loop',
      `df = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/mixed/landing/"]}).toDF()
for old in df.columns:
    new = old.strip().lower().replace(" ", "_")
    if new != old:
        df = df.withColumnRenamed(old, new)
print(df.columns)
people = spark.read.json("s3://${GS_BUCKET}/people/landing/")
for c, t in people.dtypes:
    print(c, t)
strings = [c for c, t in people.dtypes if t == "string"]
print(strings, len(people.columns))
print(people.columns[0], people.dtypes[-1], sorted(people.columns, reverse=True))
`,
    );
    // a DynamicFrame keeps the data's order (First Name, AGE); spark.read.json sorts (age, name, state)
    assert.deepEqual(await p.printed('df_dtypes_loop', r.id, bodyLine(6)), ["['first_name', 'age']"]);
    // the log says which frame's names were learnt, as the script names it
    const learnt = (await p.target.jobs.logs('df_dtypes_loop', r.id)).filter((l) => l.includes('learnt from the data'));
    assert.match(learnt[0] ?? '', new RegExp(`the fields of the frame made at line ${bodyLine(1)}, which a for loop over df\\.columns \\(line ${bodyLine(2)}\\) reads, learnt from the data before the run: First Name, AGE$`));
    assert.deepEqual(await p.printed('df_dtypes_loop', r.id, bodyLine(9)), ['age bigint', 'name string', 'state string']);
    assert.deepEqual(await p.printed('df_dtypes_loop', r.id, bodyLine(11)), ["['name', 'state'] 3"]);
    assert.deepEqual(await p.printed('df_dtypes_loop', r.id, bodyLine(12)), ["age ('state', 'string') ['state', 'name', 'age']"]);
  });

  test('read without the data, the plan says which frame it needs, and is never run as it is', async () => {
    const plan = await readGlueScript(`${GLUE_PROLOGUE}df = spark.read.json("s3://b/p/")\nfor c in df.columns:\n    df = df.withColumnRenamed(c, c.lower())\n`, 'x.py');
    assert.equal(plan.fieldsPending?.frame, 'df');
    assert.equal(plan.fieldsPending?.line, bodyLine(2));
    assert.equal(plan.fieldsPending?.construct, 'a for loop over df.columns');
    assert.deepEqual(plan.fieldsPending?.upTo.nodes.map((n) => n.id), ['df']);
    const known = await readGlueScript(`${GLUE_PROLOGUE}df = spark.read.json("s3://b/p/")\nfor c in df.columns:\n    df = df.withColumnRenamed(c, c.lower())\n`, 'x.py', { fields: { [plan.fieldsPending!.key]: [{ name: 'A' }, { name: 'b' }] } });
    assert.equal(known.fieldsPending, undefined);
    assert.deepEqual(
      known.nodes.filter((n) => n.kind === 'renameColumns').map((n) => (n.kind === 'renameColumns' ? n.renames : [])),
      [[{ from: 'A', to: 'a' }], [{ from: 'b', to: 'b' }]],
    );
  });
});
