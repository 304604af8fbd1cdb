/**
 * The PySpark 3.3 function list (Glue 4.0) against the vocabulary: what a Glue 4.0 script may call. Sources: the
 * PySpark 3.3.0 reference's function index (pysparkVersions.ts names it); "New in version 3.5.0" on the 3.5 pages of
 * regexp_extract_all and substr; the 3.5.0 reference has a page for day (apache/spark-website
 * site/docs/3.5.0/api/python/_sources/reference/pyspark.sql/api/pyspark.sql.functions.day.rst.txt), the 3.3.0 index none;
 * nvl and nvl2: "New in version 3.5.0" (their 3.5.6 and 3.5.7 pages).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingInGlueVersion, PYSPARK_33_FUNCTIONS } from '../../src/core/jobs/vocabulary/pysparkVersions';
import { FUNCTIONS, FUNCTION_ALIASES } from '../../src/core/jobs/vocabulary/functions';
import { SPARK_FUNCTION_NAMES } from '../../src/core/sql/spark/functions/names';

test('Glue 4.0 lacks what PySpark 3.3 lacks; Glue 5.0 (and a job without a version the runner knows) does not', () => {
  for (const name of ['regexp_extract_all', 'substr', 'day', 'nvl', 'nvl2']) {
    assert.match(missingInGlueVersion(name, '4.0') ?? '', new RegExp(`^AttributeError: module 'pyspark.sql.functions' has no attribute '${name}'`));
    assert.equal(missingInGlueVersion(name, '5.0'), undefined);
  }
  for (const name of ['col', 'lit', 'when', 'expr', 'max_by', 'percentile_approx', 'nth_value', 'get_json_object', 'json_tuple', 'log', 'make_date', 'timestamp_seconds'])
    assert.equal(missingInGlueVersion(name, '4.0'), undefined, name);
});

test('every name of the 3.3 list is a PySpark function the vocabulary or Spark SQL knows (no typo in the copy)', () => {
  // names PySpark has that are no Spark SQL function: the DataFrame API's own (col, lit, udf, sort orders,
  // partition transforms, deprecated camel-case aliases)
  const pysparkOnly = new Set(
    `col column lit broadcast expr udf pandas_udf asc desc asc_nulls_first asc_nulls_last desc_nulls_first desc_nulls_last
    years months days hours bucket approxCountDistinct countDistinct sumDistinct sum_distinct count_distinct toDegrees toRadians
    bitwiseNOT bitwise_not create_map monotonically_increasing_id spark_partition_id input_file_name when window session_window
    timestamp_seconds product`.split(/\s+/),
  );
  const unknown = [...PYSPARK_33_FUNCTIONS].filter((n) => !pysparkOnly.has(n) && !SPARK_FUNCTION_NAMES.has(n) && !(n in FUNCTIONS) && !(n in FUNCTION_ALIASES));
  assert.deepEqual(unknown, []);
});
