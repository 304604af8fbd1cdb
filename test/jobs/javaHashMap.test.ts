/**
 * The order of java.util.HashMap's keys, which decides a Spark map's entries made from a Python dict and the keys of
 * the dict collect() gives back (src/core/jobs/javaHashMap.ts). Expected values:
 *   - hashCodes from the Java SE Javadoc formulas: String.hashCode "s[0]*31^(n-1) + s[1]*31^(n-2) + ... + s[n-1]"
 *     ("a" 97, "ab" 97*31+98 = 3105, "Aa" and "BB" both 65*31+97 = 66*31+66 = 2112), Long.hashCode
 *     "(int)(value ^ (value >>> 32))" (-1L: 0), Boolean.hashCode "1231 if true, 1237 if false";
 *   - the dicts of PySpark 3.3's doctests (apache/spark python/pyspark/sql/functions.py, shown by show()): transform_keys
 *     {"foo": -2.0, "bar": 2.0} as {bar -> 2.0, foo -> -2.0}; transform_values {"IT": 10.0, "SALES": 2.0, "OPS":
 *     24.0} as {OPS -> 34.0, IT -> 20.0, SALES -> 2.0}; map_zip_with {"IT": 24.0, "SALES": 12.00} as {SALES -> 16.8,
 *     IT -> 48.0}; map_filter of {"foo": 42.0, "bar": 1.0, "baz": 32.0} as {baz -> 32.0, foo -> 42.0};
 *   - OpenJDK 8's HashMap.putVal: a key whose bucket is taken goes to the end of its bucket's list (keys of one
 *     hashCode keep their insertion order); treeifyBin turns a bucket past 8 keys into a tree once the table has 64
 *     buckets (not followed: undefined).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { javaHashCode, javaHashMapOrder, pickledDictOrder, type JavaKey } from '../../src/core/jobs/javaHashMap';

const str = (...ks: string[]): JavaKey[] => ks.map((v) => ({ t: 'string', v }));
const named = (ks: string[], order: number[] | undefined): string[] | undefined => order?.map((i) => ks[i]!);

describe("java.util.HashMap's order", () => {
  test('hashCode as the Javadoc defines it', () => {
    assert.equal(javaHashCode({ t: 'string', v: 'a' }), 97);
    assert.equal(javaHashCode({ t: 'string', v: 'ab' }), 3105);
    assert.equal(javaHashCode({ t: 'string', v: 'Aa' }), 2112);
    assert.equal(javaHashCode({ t: 'string', v: 'BB' }), 2112);
    assert.equal(javaHashCode({ t: 'long', v: -1n }), 0);
    assert.equal(javaHashCode({ t: 'int', v: -5 }), -5);
    assert.equal(javaHashCode({ t: 'boolean', v: true }), 1231);
    assert.equal(javaHashCode({ t: 'boolean', v: false }), 1237);
  });

  test("a dict's entries in the Spark map createDataFrame makes, as PySpark's doctests show them", () => {
    for (const [dict, spark] of [
      [['foo', 'bar'], ['bar', 'foo']],
      [['IT', 'SALES', 'OPS'], ['OPS', 'IT', 'SALES']],
      [['IT', 'SALES'], ['SALES', 'IT']],
    ] as const)
      assert.deepEqual(named([...dict], pickledDictOrder(str(...dict))), spark, dict.join(','));
    const filtered = named(['foo', 'bar', 'baz'], pickledDictOrder(str('foo', 'bar', 'baz')))!;
    assert.ok(filtered.indexOf('baz') < filtered.indexOf('foo'), filtered.join(','));
  });

  test('keys of one hashCode keep their insertion order; a bucket that would become a tree is not followed', () => {
    assert.deepEqual(named(['BB', 'Aa'], javaHashMapOrder(str('BB', 'Aa'))), ['BB', 'Aa']);
    assert.deepEqual(named(['Aa', 'BB'], javaHashMapOrder(str('Aa', 'BB'))), ['Aa', 'BB']);
    // 16 strings of one hashCode (each half "Aa" or "BB"): the bucket passes 8 keys, the table grows to 64, then a tree
    const same = ['Aa', 'BB'].flatMap((a) => ['Aa', 'BB'].flatMap((b) => ['Aa', 'BB'].flatMap((c) => ['Aa', 'BB'].map((d) => a + b + c + d))));
    assert.equal(new Set(same.map((s) => javaHashCode({ t: 'string', v: s }))).size, 1);
    assert.deepEqual(named(same.slice(0, 8), javaHashMapOrder(str(...same.slice(0, 8)))), same.slice(0, 8));
    assert.equal(javaHashMapOrder(str(...same)), undefined);
  });
});
