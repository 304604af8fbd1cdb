/**
 * from_json of a text Jackson cannot read, in from_json's default mode (PERMISSIVE): Spark's JacksonParser.parse
 * (apache/spark sql/catalyst/.../json/JacksonParser.scala, branch-3.3) catches the parse error and throws
 * BadRecordException with no partial result ("JSON parser currently doesn't support partial results for corrupted
 * records. For such records, all fields ... are set to null"); FailureSafeParser's PERMISSIVE mode makes it a row of
 * nulls. The Spark 3.0 migration guide: "the JSON string {"a" 1} with the schema a INT is converted to null by
 * previous versions but Spark 3.0 converts it to Row(null)". A struct schema gives a struct whose every field is NULL
 * (not a NULL struct); another schema (JsonToStructs wraps it in a struct "value" and takes its field) NULL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure, spark } from './sparkRun';

describe('from_json of a malformed text (PERMISSIVE)', () => {
  it('a text beginning with a bare word is a struct of NULL fields, not a NULL struct', async () => {
    const a = await spark("SELECT r.rating, r.comment, r IS NULL, to_json(r) FROM (SELECT from_json(t, 'rating INT, comment STRING') AS r FROM VALUES ('not json'), ('None'), ('  N/A') AS v(t))");
    assert.deepEqual(a.rows, Array(3).fill(['NULL', 'NULL', 'false', '{}']));
  });
  it('an array schema gives NULL', async () => {
    const a = await spark("SELECT from_json('oops', 'ARRAY<INT>') IS NULL");
    assert.deepEqual(a.rows, [['true']]);
  });
  it('a value of another type than the schema\'s stays refused, its message naming the type with its article', async () => {
    assert.match((await failure("SELECT from_json('[1]', 'rating INT')")).message, /from_json: a JSON value is not an object; /);
  });
  it('valid JSON and NULL are read as before', async () => {
    const a = await spark("SELECT from_json('{\"rating\": 4}', 'rating INT, comment STRING').rating, from_json(CAST(NULL AS STRING), 'rating INT') IS NULL");
    assert.deepEqual(a.rows, [['4', 'true']]);
  });
  it('a text Jackson reads with Spark\'s options (single quotes, NaN) or that only DuckDB finds invalid stays refused', async () => {
    for (const t of ["{'rating': 4}", 'NaN', '{"rating": 4} trailing', '{"a" 1}']) {
      const f = await failure(`SELECT from_json('${t.replace(/'/g, "''")}', 'rating INT')`);
      assert.match(f.message, /from_json: a JSON value is not (a valid JSON text|a number|an object); Spark's handling of malformed records \(PERMISSIVE\) is not supported/, t);
    }
  });
});
