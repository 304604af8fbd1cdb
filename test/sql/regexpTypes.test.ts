/**
 * The result types of Trino's regexp functions (trinodb/trino core/trino-main JoniRegexpFunctions: regexp_extract
 * `varchar(x)`, regexp_extract_all and regexp_split `array(varchar(x))`, regexp_replace(varchar(x), pattern)
 * `varchar(x)`, with a replacement varchar(y) `varchar(z)`, `@Constraint z = min(2147483647, x + max(x * y / 2, y) *
 * (x + 1))`; JoniRegexpReplaceLambdaFunction `varchar`). Expected types and values from
 * core/trino-main/src/test/java/io/trino/operator/scalar/AbstractTestRegexpFunctions.java testRegexpReplace and
 * testRegexpReplaceLambda.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena } from './trinoRun';

const typed = async (expr: string) => {
  const a = await athena(`SELECT ${expr}, typeof(${expr})`);
  return [a.rows[0]![0], a.rows[0]![1]];
};

describe('regexp function result types, as Trino declares them', () => {
  it('regexp_replace with a replacement: varchar(x + max(x*y/2, y) * (x + 1))', async () => {
    assert.deepEqual(await typed("regexp_replace('a有朋💰', '.', 'Y')"), ['YYYY', 'varchar(14)']);
    assert.deepEqual(await typed("regexp_replace('fun stuff.', '[a-z]', '*')"), ['*** *****.', 'varchar(65)']);
    assert.deepEqual(await typed("regexp_replace('call 555.123.4444 now', '(\\d{3})\\.(\\d{3}).(\\d{4})', '($1) $2-$3')"), ['call (555) 123-4444 now', 'varchar(2331)']);
    assert.deepEqual(await typed("regexp_replace('xxx', '(x)', '$01')"), ['xxx', 'varchar(19)']);
  });

  it("without a replacement the source's varchar(x); with a lambda, varchar", async () => {
    assert.deepEqual(await typed("regexp_replace('fun stuff.', '[a-z]')"), [' .', 'varchar(10)']);
    assert.deepEqual(await typed("regexp_replace('call 555.123.4444 now', '(\\d{3})\\.(\\d{3}).(\\d{4})')"), ['call  now', 'varchar(21)']);
    assert.deepEqual(await typed("regexp_replace('new york', '(\\w)(\\w*)', x -> upper(x[1]) || lower(x[2]))"), ['New York', 'varchar']);
  });

  it("regexp_extract, regexp_extract_all and regexp_split keep the source's length", async () => {
    const a = await athena("SELECT typeof(regexp_extract('fun stuff.', '[a-z]+')), typeof(regexp_extract_all('fun stuff.', '[a-z]+')), typeof(regexp_split('a,b', ',')), typeof(regexp_extract(VARCHAR 'abc', 'b'))");
    assert.deepEqual(a.rows, [['varchar(10)', 'array(varchar(10))', 'array(varchar(3))', 'varchar']]);
  });
});
