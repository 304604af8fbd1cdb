/**
 * The job reader's list of the functions the Spark SQL translation has (translatedNames.ts, loaded without the
 * grammar) is the translation's tables' names, and every `pyspark.sql.functions` row of the F vocabulary names one of
 * them (F.* is the SQL function of its name: a row the translation lacks would be refused at every call).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FUNCTIONS as F_ROWS, sqlFunctionName } from '../../src/core/jobs/vocabulary/functions';
import { FUNCTIONS } from '../../src/core/sql/spark/functions';
import { TRANSLATED_FUNCTION_NAMES } from '../../src/core/sql/spark/functions/translatedNames';

test('TRANSLATED_FUNCTION_NAMES is exactly the names of the Spark function tables', () => {
  assert.deepEqual([...TRANSLATED_FUNCTION_NAMES].sort(), Object.keys(FUNCTIONS).sort());
});

test('every F.* row is a function the translation has (generators and refusals aside)', () => {
  const missing = Object.entries(F_ROWS)
    .filter(([, row]) => 'sig' in row && row.kind !== 'generator')
    .map(([name]) => sqlFunctionName(name))
    .filter((n) => !TRANSLATED_FUNCTION_NAMES.has(n));
  assert.deepEqual(missing, []);
});
