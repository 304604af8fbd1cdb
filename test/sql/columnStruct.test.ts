/**
 * `F.struct(…)` of DataFrame Columns names its fields as Spark's CreateStruct does (complexTypeCreator.scala): a
 * NamedExpression (a column, an alias) by its name, anything else `col<position>`; a struct's field taken by name
 * (`c["f"]`, `c.getField("f")`: UnresolvedExtractValue) by that name from Spark 3.4 on (glueVersion 5.0: SPARK-43522
 * reports the 3.4 change), `col<position>` in Spark 3.3 (4.0). The SQL text's struct(a, b) names fields after columns too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateColumnCall, type ColumnArg } from '../../src/core/sql/spark';

const options = (glueVersion: string) => ({ text: 'F.struct(…)', base: { line: 1, column: 1 }, glueVersion });
const fieldsOf = (typeName: string) => [...typeName.matchAll(/(\w+):/g)].map((m) => m[1]);

describe('F.struct names its fields as CreateStruct does', () => {
  const args: ColumnArg[] = [
    { sql: 'a', type: 'INTEGER', name: 'a', structName: 'a' },
    { sql: 'b + 1', type: 'INTEGER', name: '(b + 1)' },
    { sql: 'c', type: 'INTEGER', name: 'c', structName: 'renamed' },
    { sql: "s['zip']", type: 'VARCHAR', name: 's.zip', extractedField: 'zip' },
  ];
  it('Spark 3.3 (glueVersion 4.0): a column or alias by its name, a field taken by name and an expression col<n>', () => {
    assert.deepEqual(fieldsOf(translateColumnCall('struct', args, options('4.0')).typeName), ['a', 'col2', 'renamed', 'col4']);
  });
  it('Spark 3.5 (glueVersion 5.0): a field taken by name by that name', () => {
    assert.deepEqual(fieldsOf(translateColumnCall('struct', args, options('5.0')).typeName), ['a', 'col2', 'renamed', 'zip']);
  });
});
