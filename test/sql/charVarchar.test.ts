/**
 * char(n) against varchar as Athena's Trino compares them: the varchar is coerced to char (trailing spaces do not
 * count), the common type of the two is char. trinodb/trino#29939 ("Reverse the implicit coercion between CHAR and
 * VARCHAR", merged 2026-06-17, after any release Athena engine 3 runs) states the behaviour it replaced: "Trino
 * implicitly coerced `varchar` → `char`: the common supertype of a mixed `char`/`varchar` comparison was `char` …
 * `VARCHAR 'a ' = CHAR 'a'` returned `true`"; its test CharVarcharCoercionTest.testLegacyCoercion: varchar(5) →
 * char(10) is a coercion, char(5) → varchar(10) is not. The older types.md (trinodb/trino@023f1ae) says a CHAR(x)
 * "always has x characters … casting `dog` to CHAR(7) adds 4 implicit trailing spaces".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena } from './trinoRun';

describe('char(n) compared with varchar (Trino before #29939)', () => {
  it("VARCHAR 'a ' = CHAR 'a' is true (the PR's own example of the old behaviour)", async () => {
    assert.deepEqual((await athena("SELECT VARCHAR 'a ' = CHAR 'a', CHAR 'a' = VARCHAR 'a '")).rows, [['true', 'true']]);
  });

  it("a char(3) equals the varchar with or without its padding ('a' and 'a  ' both coerce to char(3) 'a')", async () => {
    assert.deepEqual((await athena("SELECT CAST('a' AS char(3)) = 'a', CAST('a' AS char(3)) = 'a  ', CAST('a' AS char(3)) <> 'a  ', 'a' IN (CAST('a' AS char(2)))")).rows, [['true', 'true', 'false', 'true']]);
  });

  it('the common type of char(3) and varchar(4) is char(4), padded', async () => {
    const r = await athena("SELECT typeof(coalesce(CAST('a' AS char(3)), 'abcd')), length(coalesce(CAST('a' AS char(3)), 'abcd'))");
    assert.deepEqual(r.rows, [['char(4)', '4']]);
  });
});
