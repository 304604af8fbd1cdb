/**
 * Python's semantics of a Filter predicate, compiled to SQL (src/core/targets/local/rowSql.ts) and run on DuckDB over
 * a handful of records. Each expected set of records is worked out by hand from the Python Language Reference
 * (https://docs.python.org/3/reference/expressions.html: comparisons, boolean operations, membership, the binary
 * arithmetic operators, slicings) and the str methods and builtins of the Python Library Reference, and from
 * awslabs/aws-glue-libs awsglue/dynamicframe.py `filter` (a predicate raising KeyError, ValueError or TypeError drops
 * the record; any other exception makes it an error record, also out of the output).
 *
 * The records (top-level keys; a NULL is a key the record does not have unless a test says otherwise):
 *   1: i 0,   f 0.0, s '',     b False, l []
 *   2: i 5,   f 2.5, s 'Abc',  b True,  l ['x', 'y']
 *   3: i -7,  f nan, s 'abc ', b —,     l —
 *   4: i —,   f —,   s —,      b —,     l —
 */
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { after, before, describe, test } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import type { PlanNode } from '../../src/core/jobs/plan';
import { readGlueScript } from '../../src/core/jobs/script';
import type { FrameCol } from '../../src/core/targets/local/frames';
import { compileRowPredicate } from '../../src/core/targets/local/rowSql';

let conn: DuckDBConnection;
let cols: FrameCol[];

before(async () => {
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE TABLE r AS SELECT * FROM (VALUES
    (1, 0::BIGINT, 0.0::DOUBLE, '', false, []::VARCHAR[]),
    (2, 5, 2.5, 'Abc', true, ['x', 'y']),
    (3, -7, 'NaN'::DOUBLE, 'abc ', NULL, NULL),
    (4, NULL, NULL, NULL, NULL, NULL)
  ) t(id, i, f, s, b, l)`);
  const described = (await conn.runAndReadAll('DESCRIBE r')).getRowsJson() as string[][];
  cols = described.map(([name, type]) => ({ name: name!, phys: name!, type: type!, ids: [] }));
});
after(() => conn.closeSync());

/** The predicate of `Filter.apply(frame=…, f=<lambda>)`, read by the script reader. */
async function predicate(lambda: string, prelude = '') {
  const text = `import re
from awsglue.transforms import *
from awsglue.context import GlueContext
from pyspark.context import SparkContext
glueContext = GlueContext(SparkContext())
${prelude}
src = glueContext.create_dynamic_frame.from_catalog(database="d", table_name="t")
kept = Filter.apply(frame=src, f=${lambda})
glueContext.write_dynamic_frame.from_catalog(frame=kept, database="d", table_name="t")
`;
  const plan = await readGlueScript(text, 'job.py');
  const node = plan.nodes.find((n): n is Extract<PlanNode, { kind: 'filter' }> => n.kind === 'filter')!;
  return node.predicate;
}

/** The ids of the records kept; `absent`: the fields whose NULL is a missing key (default: all of them). */
async function kept(lambda: string, absent: string[] = ['i', 'f', 's', 'b', 'l'], prelude = ''): Promise<number[]> {
  const expr = await predicate(lambda, prelude);
  const p = compileRowPredicate(expr, { file: 'job.py', cols, absentOnly: new Set(absent), construct: 'Filter.apply', pos: expr.pos });
  const rows = (await conn.runAndReadAll(`SELECT id FROM r WHERE ${p.sql} ORDER BY id`)).getRowsJson() as number[][];
  return rows.map((r) => Number(r[0]));
}

describe('comparisons and equality', () => {
  const cases: [string, number[]][] = [
    ['lambda row: row["i"] == 0', [1]],
    // Glue Studio's "!= 0": record 4 has no key i: KeyError, dropped
    ['lambda row: (not(row["i"] == 0))', [2, 3]],
    ['lambda row: row["i"] != 0', [2, 3]],
    ['lambda row: row["i"] > 0', [2]],
    ['lambda row: 0 <= row["i"] < 6', [1, 2]],
    // 5 == 5.0; a str never equals an int
    ['lambda row: row["i"] == 5.0', [2]],
    ['lambda row: row["s"] == 0', []],
    ['lambda row: row["s"] != 0', [1, 2, 3]],
    // ordering a str with an int raises TypeError: dropped
    ['lambda row: row["s"] < 1', []],
    // nan compares unequal to itself and is not ordered
    ['lambda row: row["f"] != row["f"]', [3]],
    ['lambda row: row["f"] > 1', [2]],
    ['lambda row: row["s"] < "B"', [1, 2]],
  ];
  for (const [lambda, ids] of cases) test(lambda, async () => assert.deepEqual(await kept(lambda), ids));
});

describe('arithmetic', () => {
  const cases: [string, number[]][] = [
    // floor division and modulo round toward negative infinity: -7 // 2 == -4, -7 % 3 == 2
    ['lambda row: row["i"] // 2 == -4', [3]],
    ['lambda row: row["i"] % 3 == 2', [2, 3]],
    // true division gives a float
    ['lambda row: row["i"] / 2 == 2.5', [2]],
    // division by zero raises ZeroDivisionError: record 1 dropped (i is 0)
    ['lambda row: 10 / row["i"] > 0', [2]],
    ['lambda row: row["s"] * 2 == "AbcAbc"', [2]],
    ['lambda row: row["s"] + "!" == "Abc!"', [2]],
    // str + int raises TypeError
    ['lambda row: row["s"] + row["i"] == "x"', []],
    ['lambda row: -row["i"] == 7', [3]],
  ];
  for (const [lambda, ids] of cases) test(lambda, async () => assert.deepEqual(await kept(lambda), ids));
});

describe('truthiness, and/or/not, is', () => {
  const cases: [string, number[]][] = [
    ['lambda row: row["s"]', [2, 3]],
    ['lambda row: row["i"]', [2, 3]],
    ['lambda row: row["l"]', [2]],
    ['lambda row: not row["b"]', [1]],
    ['lambda row: row["b"] is True', [2]],
    ['lambda row: row["i"] > 0 or row["s"] == ""', [1, 2]],
    // `and` stops at a false left side: the right side's TypeError is not raised for record 1
    ['lambda row: row["i"] != 0 and row["s"] + row["i"]', []],
    ['lambda row: row["i"] == 0 or row["s"] + row["i"]', [1]],
    ['lambda row: row["i"] if row["i"] > 0 else row["f"]', [2, 3]],
  ];
  for (const [lambda, ids] of cases) test(lambda, async () => assert.deepEqual(await kept(lambda), ids));
});

describe('membership, str methods, builtins, indexing, slicing', () => {
  const cases: [string, number[]][] = [
    ['lambda row: "b" in row["s"]', [2, 3]],
    ['lambda row: row["s"] in ["Abc", "x"]', [2]],
    ['lambda row: row["i"] not in (0, 5)', [3]],
    ['lambda row: "y" in row["l"]', [2]],
    ['lambda row: len(row["s"]) == 4', [3]],
    ['lambda row: len(row["l"]) == 0', [1]],
    ['lambda row: row["s"].strip() == "abc"', [3]],
    ['lambda row: row["s"].lower().startswith("ab")', [2, 3]],
    ['lambda row: row["s"].endswith(("c", " "))', [2, 3]],
    ['lambda row: row["s"].replace("b", "") == "Ac"', [2]],
    ['lambda row: row["s"].find("c") == 2', [2, 3]],
    // indexing an empty string raises IndexError
    ['lambda row: row["s"][0] == "A"', [2]],
    ['lambda row: row["s"][-1] == " "', [3]],
    ['lambda row: row["s"][1:3] == "bc"', [2, 3]],
    ['lambda row: row["s"][-2:] == "c "', [3]],
    ['lambda row: int(row["i"]) == 5', [2]],
    ['lambda row: str(row["i"]) == "-7"', [3]],
    ['lambda row: str(row["b"]) == "True"', [2]],
    ['lambda row: float(row["s"]) > 0', []],
    ['lambda row: max(row["i"], 1) == 1', [1, 3]],
    // round() rounds half to even; round(nan) raises ValueError
    ['lambda row: round(row["f"]) == 2', [2]],
    ['lambda row: abs(row["i"]) == 7', [3]],
  ];
  for (const [lambda, ids] of cases) test(lambda, async () => assert.deepEqual(await kept(lambda), ids));
});

describe('re.match, re.search, re.fullmatch (the Filter node\'s string "matches" condition)', () => {
  const cases: [string, number[]][] = [
    ['lambda row: (bool(re.match("a", row["s"])))', [3]],
    ['lambda row: re.search("b", row["s"])', [2, 3]],
    ['lambda row: re.fullmatch(r"\\w+", row["s"])', [2]],
    ['lambda row: re.match("a", row["s"], re.IGNORECASE) is not None', [2, 3]],
    // \\d matches Unicode digits in Python 3; $ matches before a final newline
    ['lambda row: re.search(r"c\\s$", row["s"])', [3]],
  ];
  for (const [lambda, ids] of cases) test(lambda, async () => assert.deepEqual(await kept(lambda), ids));
});

describe('missing keys, get, None', () => {
  test('a key no record has raises KeyError: every record dropped', async () => assert.deepEqual(await kept('lambda row: row["missing"] == 1'), []));
  test('get() gives the default for a missing key', async () => {
    assert.deepEqual(await kept('lambda row: row.get("i", 9) == 9'), [4]);
    assert.deepEqual(await kept('lambda row: row.get("missing") is None'), [1, 2, 3, 4]);
  });
  test('where None and a missing key give the same answer, a NULL that may be either is decided', async () => {
    assert.deepEqual(await kept('lambda row: row["i"] == 0', []), [1]);
    assert.deepEqual(await kept('lambda row: row["i"] is not None and row["i"] > 0', []), [2]);
  });
  test('where they differ (not(None == 0) is True, a KeyError drops), a record with the NULL stops the query, naming the lambda', async () => {
    await assert.rejects(kept('lambda row: (not(row["i"] == 0))', []), /job\.py:\d+:\d+: the function given to Filter\.apply cannot run on the local engine: a record has no value for i/);
  });
  test('a def with if/elif/else and local variables', async () => {
    const prelude = `def keep(r):
    v = r["i"]
    if v is None:
        return False
    elif v < 0:
        return r["s"] == "abc "
    else:
        return v > 0
`;
    assert.deepEqual(await kept('keep', [], prelude), [2, 3]);
  });
});

describe('refused before anything runs, naming the construct', () => {
  const refusals: [string, RegExp][] = [
    ['lambda row: row["s"].isdigit()', /isdigit\(\) in the function given to Filter\.apply cannot run on the local engine/],
    ['lambda row: row["i"] ** 2 == 25', /\*\* of integers in the function given to Filter\.apply/],
    ['lambda row: re.match(r"(a)\\1", row["s"])', /the pattern .* the backreference \\1 is not supported by RE2/],
    ['lambda row: row["s"].split(",", 1)', /split\(…\) with maxsplit/],
  ];
  for (const [lambda, message] of refusals)
    test(lambda, async () => {
      const e = await kept(lambda).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(e instanceof LakehouseError, String(e));
      assert.equal(e.code, 'ScriptUnsupported');
      assert.match(e.message, message);
      assert.ok(e.detail.line !== undefined && e.detail.column !== undefined, e.message);
    });
});
