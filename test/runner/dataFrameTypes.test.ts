/**
 * `df.dtypes`, `df.schema` and `df.schema.names` in a Glue job, printed as PySpark prints them (the texts:
 * test/local/sparkTypeText.test.ts, from PySpark's types.py), with the types Spark gives the fields: the fixture's
 * readings.json has user (text), time (whole numbers 1 … 5: int) and x (numbers with a fraction: double) — read by a
 * DynamicFrame, as Glue's reader types them (a whole number that fits in 32 bits an int: the developer guide's
 * legislators sample, `|-- seats: int`; docs/glue-jobs.md "JSON numbers"), then toDF(): IntegerType, DoubleType. The fixture's glueVersion is 4.0
 * (Spark 3.3). A loop over df.dtypes runs over them, learnt from the data before the script is followed
 * (test/runner/frameFields.test.ts), and so does an index into them; print(df.schema.fields) prints the StructFields
 * (types.py 3.3: StructField.__repr__ is the text StructType's repr joins), and a loop over them is refused by name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-dftypes-');
});
after(() => p.close());

const READ = 'df = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing").toDF()\n';

describe('df.dtypes and df.schema', () => {
  test('print(df.dtypes), print(df.schema), an f-string and df.schema.names print what PySpark prints', async () => {
    const r = await p.runOk('types_print', `${READ}print(df.dtypes)\nprint(df.schema)\nprint(f"types: {df.dtypes}")\nprint(df.schema.names)\n`);
    assert.deepEqual(await p.printed('types_print', r.id, bodyLine(2)), ["[('user', 'string'), ('time', 'int'), ('x', 'double')]"]);
    assert.deepEqual(await p.printed('types_print', r.id, bodyLine(3)), ['StructType(List(StructField(user,StringType,true),StructField(time,IntegerType,true),StructField(x,DoubleType,true)))']);
    assert.deepEqual(await p.printed('types_print', r.id, bodyLine(4)), ["types: [('user', 'string'), ('time', 'int'), ('x', 'double')]"]);
    assert.deepEqual(await p.printed('types_print', r.id, bodyLine(5)), ["['user', 'time', 'x']"]);
    const f = await p.runOk('types_fields', `${READ}print(df.schema.fields)\n`);
    assert.deepEqual(await p.printed('types_fields', f.id, bodyLine(2)), ['[StructField(user,StringType,true), StructField(time,IntegerType,true), StructField(x,DoubleType,true)]']);
  });

  test('a loop over df.dtypes goes over the types Spark gives the fields', async () => {
    const r = await p.runOk('types_loop', `${READ}for n, t in df.dtypes:\n    print(n, t)\nprint(df.dtypes[0], df.columns[-1])\n`);
    assert.deepEqual(await p.printed('types_loop', r.id, bodyLine(3)), ['user string', 'time int', 'x double']);
    assert.deepEqual(await p.printed('types_loop', r.id, bodyLine(4)), ["('user', 'string') x"]);
  });

  const refused: [string, string, RegExp][] = [
    ['a loop over df.schema.fields', 'for f in df.schema.fields:\n    print(f.name)\n', /a for loop over df\.schema\.fields cannot run on the local engine: its items .* are only known when the job runs/],
  ];
  for (const [what, body, message] of refused)
    test(`refused by name at its line: ${what}`, async () => {
      const r = await p.run(`types_refused_${what.replace(/\W+/g, '_')}`, `${READ}${body}`);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', new RegExp(`\\.py:${bodyLine(2)}:\\d+: ${message.source}`));
    });
});
