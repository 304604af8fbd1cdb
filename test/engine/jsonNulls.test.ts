/**
 * Spark's JSON writer leaves null fields out (`ignoreNullFields`, default true: "Whether to ignore null fields when
 * generating JSON objects", https://spark.apache.org/docs/latest/sql-data-sources-json.html). The cases: SPARK-29444's
 * example (apache/spark pull request #26098: `select null as a, 1 as b` → `{"b":1}`), and the same rule at every
 * depth of the written text, null array elements kept.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { dropNullFields, dropNullMembers, hasMap } from '../../src/core/targets/local/jsonNulls';

describe('JSON written as Spark writes it: null fields left out', () => {
  test("SPARK-29444's example: select null as a, 1 as b is {\"b\":1}", () => {
    assert.equal(dropNullMembers('{"a":null,"b":1}'), '{"b":1}');
  });

  test('at every depth, inside arrays too; a null array element stays; a record of nulls is {}', () => {
    assert.equal(dropNullMembers('{"a":1,"s":{"x":null,"y":2},"arr":[null,1],"objs":[{"k":null,"v":3},null]}'), '{"a":1,"s":{"y":2},"arr":[null,1],"objs":[{"v":3},null]}');
    assert.equal(dropNullMembers('{"a":null,"b":null}'), '{}');
    assert.equal(dropNullMembers('{"s":{"x":null}}'), '{"s":{}}');
  });

  test('values keep their text: big numbers, strings holding "null" or quotes, bare Infinity (quoted later)', () => {
    assert.equal(dropNullMembers('{"n":12345678901234567890,"t":"null","q":"a\\"null\\",","d":1.0E10,"i":Infinity,"z":null}'), '{"n":12345678901234567890,"t":"null","q":"a\\"null\\",","d":1.0E10,"i":Infinity}');
    assert.equal(dropNullMembers('{"a":1}'), '{"a":1}');
    assert.equal(dropNullMembers(''), '');
  });

  test('a file is rewritten only when it holds null; every line', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-json-nulls-'));
    try {
      const f = path.join(dir, 'part-0.json');
      await fs.writeFile(f, '{"id":1,"note":null}\n{"id":2,"note":"x"}\n');
      assert.equal(await dropNullFields(f), true);
      assert.equal(await fs.readFile(f, 'utf8'), '{"id":1}\n{"id":2,"note":"x"}\n');
      const g = path.join(dir, 'part-1.json');
      await fs.writeFile(g, '{"id":3}\n');
      assert.equal(await dropNullFields(g), false);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('maps are recognised in DuckDB types (the writer refuses them: a map is not told from a struct in the text)', () => {
    assert.equal(hasMap('MAP(VARCHAR, INTEGER)'), true);
    assert.equal(hasMap('STRUCT(m MAP(VARCHAR, BIGINT))[]'), true);
    assert.equal(hasMap('STRUCT(mapping VARCHAR)'), false);
  });
});
