/**
 * Row-level outcomes of a DQDL ruleset (the rowLevelOutcomes frame of EvaluateDataQuality().process_rows), checked on
 * the cases of awslabs/deequ's own suite for them: src/test/scala/com/amazon/deequ/dqdl/EvaluateDataQualityRowLevelSpec.scala
 * (commit 0b8cea54) — the same data, rules and expected DataQualityEvaluationResult values, the rule texts in
 * DataQualityRulesPass/Fail/Skip as RowLevelResultHelper.convert puts them. Rows are compared by their id (Spark keeps
 * the input order in those cases; a window — IsUnique — may not, on Spark or here).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { checkRowLevel, parseDqdl, rowLevelOutcomesSql } from '../../src/core/jobs/dqdl';
import { LakehouseError } from '../../src/core/errors';

let db: DuckDBInstance;
let conn: DuckDBConnection;

before(async () => {
  db = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await db.connect();
});
after(() => {
  conn?.closeSync();
});

type Row = Record<string, unknown>;

/** the rows of rowLevelOutcomes for `rules` over a table of `values` (a VALUES list) named by `columns`, in `ord` order */
async function rows(columns: string, values: string, rules: string, ord = 'ord'): Promise<Row[]> {
  await conn.run(`CREATE OR REPLACE TABLE t AS SELECT row_number() OVER () AS ord, * FROM (VALUES ${values}) v(${columns})`);
  const sql = await rowLevelOutcomesSql(conn, 't', parseDqdl(`Rules=[${rules}]`));
  const reader = await conn.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY ${ord}`);
  return reader.getRowObjectsJson() as Row[];
}
const outcomes = (r: Row[]) => r.map((x) => x['DataQualityEvaluationResult']);

describe("rowLevelOutcomes: deequ's EvaluateDataQualityRowLevelSpec", () => {
  test('IsComplete on a column with nulls: Passed, Failed, Passed, Failed; the rule in Pass or Fail', async () => {
    const r = await rows('id, value', `('1', 'a'), (NULL, 'b'), ('3', 'c'), (NULL, 'd')`, 'IsComplete "id"');
    assert.deepEqual(outcomes(r), ['Passed', 'Failed', 'Passed', 'Failed']);
    assert.deepEqual(r[0]!['DataQualityRulesPass'], ['IsComplete "id"']);
    assert.deepEqual(r[0]!['DataQualityRulesFail'], []);
    assert.deepEqual(r[1]!['DataQualityRulesPass'], []);
    assert.deepEqual(r[1]!['DataQualityRulesFail'], ['IsComplete "id"']);
    assert.deepEqual(r[1]!['DataQualityRulesSkip'], []);
    // the original columns kept, then the four added ("preserve original data columns", "correct schema")
    assert.deepEqual(Object.keys(r[0]!), ['ord', 'id', 'value', 'DataQualityRulesPass', 'DataQualityRulesFail', 'DataQualityRulesSkip', 'DataQualityEvaluationResult']);
  });

  test('several rules, mixed: Passed, Failed, Failed', async () => {
    const r = await rows('id, name', `('1', 'a'), (NULL, 'b'), ('3', NULL)`, 'IsComplete "id", IsComplete "name"');
    assert.deepEqual(outcomes(r), ['Passed', 'Failed', 'Failed']);
  });

  test('a dataset rule (RowCount) is in Skip on every record, next to a row-level rule', async () => {
    const r = await rows('id, value', `(1, 'a'), (NULL, 'b'), (3, 'c')`, 'IsComplete "id", RowCount > 0');
    assert.deepEqual(r[0]!['DataQualityRulesPass'], ['IsComplete "id"']);
    assert.deepEqual(r[0]!['DataQualityRulesSkip'], ['RowCount > 0']);
    assert.deepEqual(r[1]!['DataQualityRulesFail'], ['IsComplete "id"']);
    assert.deepEqual(r[1]!['DataQualityRulesSkip'], ['RowCount > 0']);
  });

  test('only dataset rules (RowCount, Mean, Sum): all in Skip, every record Passed', async () => {
    // getDfWithNumericValues' att2, att3
    const r = await rows('att2, att3', '(0, 0), (0, 0), (0, 0), (5, 4), (6, 6), (7, 7)', 'RowCount > 0, Mean "att2" > 0, Sum "att3" > 0');
    for (const x of r) assert.deepEqual(x['DataQualityRulesSkip'], ['RowCount > 0', 'Mean "att2" > 0', 'Sum "att3" > 0']);
    assert.deepEqual(new Set(outcomes(r)), new Set(['Passed']));
  });

  test('ColumnValues in / not in on strings', async () => {
    assert.deepEqual(outcomes(await rows('id, value', `(1, 'a'), (2, 'b'), (3, 'c')`, 'ColumnValues "value" in ["a", "b"]')), ['Passed', 'Passed', 'Failed']);
    assert.deepEqual(outcomes(await rows('id, value', `(1, 'a'), (2, 'b'), (3, 'c')`, 'ColumnValues "value" not in ["c"]')), ['Passed', 'Passed', 'Failed']);
  });

  test('ColumnValues != NULL', async () => {
    assert.deepEqual(outcomes(await rows('id, value', `(1, 'a'), (NULL, 'b'), (3, 'c')`, 'ColumnValues "id" != NULL')), ['Passed', 'Failed', 'Passed']);
  });

  test('IsUnique with a duplicate: Failed, Failed, Passed', async () => {
    assert.deepEqual(outcomes(await rows('id, value', `('1', 'a'), ('1', 'b'), ('2', 'c')`, 'IsUnique "id"')), ['Failed', 'Failed', 'Passed']);
  });

  test('composite rules: or, and, nested, several, three levels', async () => {
    const four = `('1', 'a'), (NULL, 'b'), ('3', NULL), (NULL, NULL)`;
    assert.deepEqual(outcomes(await rows('id, name', four, '(IsComplete "id") or (IsComplete "name")')), ['Passed', 'Passed', 'Passed', 'Failed']);
    assert.deepEqual(outcomes(await rows('id, name', four, '(IsComplete "id") and (IsComplete "name")')), ['Passed', 'Failed', 'Failed', 'Failed']);
    assert.deepEqual(
      outcomes(await rows('id, name, code', `('1', 'a', 'x'), (NULL, 'b', 'y'), (NULL, NULL, 'z')`, '(IsComplete "id") or ((IsComplete "name") and (IsComplete "code"))')),
      ['Passed', 'Passed', 'Failed'],
    );
    assert.deepEqual(outcomes(await rows('id, name', `('1', 'a'), (NULL, 'b')`, '(IsComplete "id") or (IsComplete "name"), (IsComplete "id") and (IsComplete "name")')), ['Passed', 'Failed']);
    // "composite with shared nested rules"
    assert.deepEqual(outcomes(await rows('id, name, code', `('1', 'a', 'x'), (NULL, 'b', 'y')`, '(IsComplete "id") or (IsComplete "name"), (IsComplete "id") and (IsComplete "code")')), ['Passed', 'Failed']);
    // "deeply nested composite (3 levels)"
    assert.deepEqual(
      outcomes(
        await rows(
          'id, name, code, flag',
          `('1', 'a', 'x', 'p'), (NULL, 'b', 'y', 'q'), (NULL, NULL, 'z', 'r')`,
          '((IsComplete "id") or (IsComplete "name")) and ((IsComplete "code") or (IsComplete "flag"))',
        ),
      ),
      ['Passed', 'Passed', 'Failed'],
    );
  });

  test('a composite with a rule that gives no row-level result is skipped', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await rows('id, name, date', `('1', 'a', '${today}'), ('2', 'b', '${today}')`, '(IsComplete "name") and (DataFreshness "date" <= 3 days)');
    for (const x of r) assert.equal((x['DataQualityRulesSkip'] as string[]).length, 1);
  });

  test('IsComplete with a where clause: the records it leaves out pass', async () => {
    const r = await rows('id, name, status', `('1', 'a', 'active'), (NULL, 'b', 'active'), ('3', 'c', 'inactive'), (NULL, 'd', 'inactive')`, `IsComplete "id" where "status = 'active'"`);
    assert.deepEqual(outcomes(r), ['Passed', 'Failed', 'Passed', 'Passed']);
    const all = await rows('id, status', `('1', 'active'), ('2', 'active')`, `IsComplete "id" where "status = 'inactive'"`);
    assert.deepEqual(outcomes(all), ['Passed', 'Passed']);
  });

  test('an empty frame: no rows, the four columns', async () => {
    await conn.run(`CREATE OR REPLACE TABLE e (id VARCHAR, name VARCHAR)`);
    const sql = await rowLevelOutcomesSql(conn, 'e', parseDqdl('Rules=[IsComplete "id"]'));
    const reader = await conn.runAndReadAll(sql);
    assert.equal(reader.getRowObjectsJson().length, 0);
    assert.deepEqual(reader.columnNames(), ['id', 'name', 'DataQualityRulesPass', 'DataQualityRulesFail', 'DataQualityRulesSkip', 'DataQualityEvaluationResult']);
  });

  test('every rule failing on every record: both in Fail', async () => {
    const r = await rows('id, name', '(NULL, NULL), (NULL, NULL)', 'IsComplete "id", IsComplete "name"');
    for (const x of r) {
      assert.equal(x['DataQualityEvaluationResult'], 'Failed');
      assert.deepEqual(x['DataQualityRulesFail'], ['IsComplete "id"', 'IsComplete "name"']);
    }
  });
});

describe('rowLevelOutcomes: the per-record results read from the port', () => {
  test('ColumnValues > n: hasMin on the value and isComplete — a NULL value fails', async () => {
    // ColumnValuesRule.mkNumericCheck GREATER_THAN: hasMin(_ > n).isComplete
    assert.deepEqual(outcomes(await rows('x', '(1), (0), (NULL), (5)', 'ColumnValues "x" > 0')), ['Passed', 'Failed', 'Failed', 'Passed']);
    // BETWEEN: isContainedIn (bounds excluded) and isComplete
    assert.deepEqual(outcomes(await rows('x', '(1), (2), (NULL), (3)', 'ColumnValues "x" between 1 and 3')), ['Failed', 'Passed', 'Failed', 'Failed']);
  });

  test('a NULL result is a skip: ColumnValues "s" = EMPTY on a NULL value', async () => {
    // constructComplianceCondition: `s = ''` — NULL for a NULL value (RowLevelResultHelper: in Skip, not in Fail)
    const r = await rows('s', `(''), ('a'), (NULL)`, 'ColumnValues "s" = EMPTY');
    assert.deepEqual(outcomes(r), ['Passed', 'Failed', 'Passed']);
    assert.deepEqual(r[2]!['DataQualityRulesSkip'], ['ColumnValues "s" = EMPTY']);
    assert.deepEqual(r[2]!['DataQualityRulesFail'], []);
  });

  test('ColumnLength: hasMinLength/hasMaxLength on the length (NULL skipped); in as the compliance predicate', async () => {
    // ColumnLengthRule: `> 2` is hasMinLength(_ > 2); a NULL value's length is NULL, the assertion's result NULL
    const r = await rows('s', `('abc'), ('ab'), (NULL)`, 'ColumnLength "s" > 2');
    assert.deepEqual(outcomes(r), ['Passed', 'Failed', 'Passed']);
    assert.deepEqual(r[2]!['DataQualityRulesSkip'], ['ColumnLength "s" > 2']);
    // between: min > 1 and max < 4 on the record's length
    assert.deepEqual(outcomes(await rows('s', `('a'), ('ab'), ('abcd')`, 'ColumnLength "s" between 1 and 4')), ['Failed', 'Passed', 'Failed']);
    // in without 0: `s is not NULL and length(s) in (…)` — a NULL fails
    assert.deepEqual(outcomes(await rows('s', `('ab'), ('abc'), (NULL)`, 'ColumnLength "s" in [2]')), ['Passed', 'Failed', 'Failed']);
  });

  test('ColumnValues matches: PatternMatch a record at a time, a NULL value fails', async () => {
    // hasPattern(col, ^pattern$): 1 when regexp_extract finds a non-empty match, else 0
    assert.deepEqual(outcomes(await rows('s', `('abc'), ('ab1'), (NULL)`, 'ColumnValues "s" matches "[a-z]+"')), ['Passed', 'Failed', 'Failed']);
  });

  test('ColumnValues with a date condition: the compliance predicate over to_date; a text that is no date is skipped', async () => {
    // ColumnValuesRule.buildDateSql GREATER_THAN: `col IS NOT NULL AND to_date(col) > '2024-01-01'`
    const r = await rows('d', `('2024-03-01'), ('2023-12-31'), (NULL), ('soon')`, 'ColumnValues "d" > "2024-01-01"');
    assert.deepEqual(outcomes(r), ['Passed', 'Failed', 'Failed', 'Passed']);
    assert.deepEqual(r[3]!['DataQualityRulesSkip'], ['ColumnValues "d" > "2024-01-01"']);
  });

  test("a threshold changes the rule outcome, not a record's result", async () => {
    assert.deepEqual(outcomes(await rows('x', '(1), (0), (5)', 'ColumnValues "x" > 0 with threshold > 0.5')), ['Passed', 'Failed', 'Passed']);
  });

  test('CustomSql with a number condition and Variance give no row-level result', async () => {
    const r = await rows('x', '(1), (2)', 'CustomSql "select count(*) from primary" > 0, Variance "x" > 0');
    for (const x of r) assert.deepEqual(x['DataQualityRulesSkip'], ['CustomSql "select count(*) from primary" > 0', 'Variance "x" > 0']);
  });

  test('where clauses: what each kind of constraint gives the records the clause leaves out (FilteredRowOutcome.TRUE)', async () => {
    const data = `(1, 'y'), (0, 'y'), (NULL, 'y'), (0, 'n'), (0, NULL)`;
    // hasMin(…).where + isComplete.where: in scope as without a clause; left out → true; the clause NULL → the
    // minimum's FilteredData (true) and Completeness' NULL → NULL, a skip (Minimum.scala criterion,
    // Constraint.getUpdatedRowLevelAssertion, Completeness.rowLevelResults)
    const min = await rows('x, flag', data, `ColumnValues "x" > 0 where "flag = 'y'"`);
    assert.deepEqual(outcomes(min), ['Passed', 'Failed', 'Failed', 'Passed', 'Passed']);
    assert.deepEqual(min[4]!['DataQualityRulesSkip'], [`ColumnValues "x" > 0 where "flag = 'y'"`]);
    // satisfies(…).where: left out or the clause NULL → true (Compliance.rowLevelResults)
    const inList = await rows('x, flag', data, `ColumnValues "x" in [1, 2] where "flag = 'y'"`);
    assert.deepEqual(outcomes(inList), ['Passed', 'Failed', 'Failed', 'Passed', 'Passed']);
    assert.deepEqual(inList[4]!['DataQualityRulesPass'], [`ColumnValues "x" in [1,2] where "flag = 'y'"`]);
    // isUnique.where: left out → true; else the record's value once among the records the clause holds for
    // (Uniqueness.fromAggregationResult, a window count of those records)
    assert.deepEqual(outcomes(await rows('x, flag', `(1, 'y'), (1, 'n'), (2, 'y'), (2, 'y')`, `IsUnique "x" where "flag = 'y'"`)), ['Passed', 'Passed', 'Failed', 'Failed']);
  });

  test('IsUnique on a column without any value: no row-level column (an empty Uniqueness metric), so a skip', async () => {
    // FrequencyBasedAnalyzer.computeFrequencies keeps the records with a value; none → the sum is NULL →
    // metricFromEmpty, without the full column; RowLevelResultHelper then lists the rule in Skip
    const r = await rows('x', '(NULL::INTEGER), (NULL)', 'IsUnique "x", IsComplete "x"');
    for (const x of r) {
      assert.deepEqual(x['DataQualityRulesSkip'], ['IsUnique "x"']);
      assert.deepEqual(x['DataQualityRulesFail'], ['IsComplete "x"']);
    }
  });

  test('IsPrimaryKey on one column: unique and complete', async () => {
    assert.deepEqual(outcomes(await rows('id', `('1'), ('1'), ('2'), (NULL)`, 'IsPrimaryKey "id"')), ['Failed', 'Failed', 'Passed', 'Failed']);
  });
});

describe('rowLevelOutcomes: refused by rule', () => {
  const refused = (rules: string) => {
    try {
      checkRowLevel(parseDqdl(`Rules=[${rules}]`));
    } catch (e) {
      assert.ok(e instanceof LakehouseError);
      return e.message;
    }
    return assert.fail(`${rules} was not refused`);
  };
  test('a rule type whose row-level column is not reproduced, a threshold, a pattern', () => {
    assert.match(refused('UniqueValueRatio "s" > 0.5'), /UniqueValueRatio "s" > 0\.5: its row-level outcomes \(rowLevelOutcomes\) are not computed locally/);
    assert.match(refused('(IsComplete "a") and (CustomSql "select a from primary")'), /CustomSql "select a from primary": its row-level outcomes/);
    assert.match(refused('ColumnValues "s" != EMPTY'), /disagree/);
  });
});
