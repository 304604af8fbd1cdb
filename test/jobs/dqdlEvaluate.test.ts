/**
 * DQDL evaluated on DuckDB relations, with the outcomes Glue gives. Expected outcomes, metrics and reasons come from:
 * - awslabs/deequ's DQDL evaluator — "ported from AwsGlueMlDataQualityETL", Glue's own engine, which is "built on the
 *   open-source DeeQu framework" (https://docs.aws.amazon.com/glue/latest/dg/glue-data-quality.html) — its test cases
 *   (commit 0b8cea54: src/test/scala/com/amazon/deequ/dqdl/EvaluateDataQualitySpec.scala, DataFreshnessSpec.scala) on
 *   its fixtures (src/test/scala/com/amazon/deequ/utils/FixtureSupport.scala: getDfFull, getDfWithNumericValues),
 *   recreated here as tables;
 * - the DQDL reference's rule type pages (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-<Type>.html:
 *   null behavior, failure reasons);
 * and the arithmetic written beside each value, done by hand — never read from the evaluator.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { assertionFailure, evaluateRuleset, outcomeLines, ruleOutcomesSql, type DqdlRuleOutcome } from '../../src/core/jobs/dqdl';
import { LakehouseError } from '../../src/core/errors';

let db: DuckDBInstance;
let conn: DuckDBConnection;

before(async () => {
  db = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await db.connect();
  // FixtureSupport.getDfFull: ("1","a","c"), ("2","a","c"), ("3","a","c"), ("4","b","d") as item, att1, att2
  await conn.run(`CREATE TABLE full_df AS SELECT * FROM (VALUES ('1','a','c'), ('2','a','c'), ('3','a','c'), ('4','b','d')) t(item, att1, att2)`);
  // FixtureSupport.getDfWithNumericValues: item, att1, att2, att3 (Int), attNull (Option[Int])
  await conn.run(`CREATE TABLE numeric_df AS SELECT item, att1::INTEGER AS att1, att2::INTEGER AS att2, att3::INTEGER AS att3, attNull::INTEGER AS attNull FROM (VALUES
    ('1', 1, 0, 0, NULL), ('2', 2, 0, 0, NULL), ('3', 3, 0, 0, NULL), ('4', 4, 5, 4, 5), ('5', 5, 6, 6, 6), ('6', 6, 7, 7, 7)) t(item, att1, att2, att3, attNull)`);
});
after(async () => {
  conn?.closeSync();
});

async function run(relation: string, rules: string, options: Parameters<typeof evaluateRuleset>[3] = {}): Promise<DqdlRuleOutcome[]> {
  return (await evaluateRuleset(conn, relation, `Rules = [ ${rules} ]`, options)).rules;
}

async function one(relation: string, rule: string, options: Parameters<typeof evaluateRuleset>[3] = {}): Promise<DqdlRuleOutcome> {
  return (await run(relation, rule, options))[0]!;
}

async function table(name: string, sql: string): Promise<string> {
  await conn.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
  return name;
}

describe("deequ's DQDL cases (EvaluateDataQualitySpec)", () => {
  test('RowCount, Completeness, IsComplete, Uniqueness, IsUnique on getDfFull', async () => {
    assert.deepEqual(await one('full_df', 'RowCount < 10'), { rule: 'RowCount < 10', outcome: 'Passed', metrics: { 'Dataset.*.RowCount': 4 } });
    assert.deepEqual(await one('full_df', 'Completeness "item" > 0.8'), { rule: 'Completeness "item" > 0.8', outcome: 'Passed', metrics: { 'Column.item.Completeness': 1 } });
    assert.deepEqual((await one('full_df', 'IsComplete "item"')).metrics, { 'Column.item.Completeness': 1 });
    assert.deepEqual(await one('full_df', 'Uniqueness "item" = 1.0'), { rule: 'Uniqueness "item" = 1.0', outcome: 'Passed', metrics: { 'Column.item.Uniqueness': 1 } });
    assert.deepEqual((await one('full_df', 'IsUnique "item"')).outcome, 'Passed');
  });

  test('the numeric rules on getDfWithNumericValues (att2 = 0,0,0,5,6,7; att3 = 0,0,0,4,6,7)', async () => {
    const r = await run('numeric_df', [
      'ColumnCorrelation "att2" "att3" > 0.8',
      'DistinctValuesCount "att2" = 4',
      'Entropy "att2" > 1',
      'Mean "att2" = 3',
      'StandardDeviation "att2" > 3',
      'Sum "att2" = 18',
      'UniqueValueRatio "att2" > 0.7',
    ].join(', '));
    assert.ok(r.every((o) => o.outcome === 'Passed'), JSON.stringify(r));
    // Pearson: Σdx·dy / √(Σdx²·Σdy²) with x̄ = 3, ȳ = 17/6: 54 / √(56 · 52.8333…) = 0.99276…  (deequ: ×100 → 99)
    assert.ok(Math.abs(r[0]!.metrics['Multicolumn.att2,att3.ColumnCorrelation']! - 54 / Math.sqrt(56 * (317 / 6))) < 1e-12);
    assert.deepEqual(r[1]!.metrics, { 'Column.att2.DistinctValuesCount': 4 }); // {0, 5, 6, 7}
    // −(3/6 ln 3/6 + 3 · 1/6 ln 1/6) = ½ ln 12 = 1.2424…  (deequ: ×100 → 124)
    assert.ok(Math.abs(r[2]!.metrics['Column.att2.Entropy']! - Math.log(12) / 2) < 1e-12);
    assert.deepEqual(r[3]!.metrics, { 'Column.att2.Mean': 3 }); // 18 / 6
    // population: √((9+9+9+4+9+16) / 6) = √(56/6) = 3.0550…  (deequ: ×100 → 305)
    assert.ok(Math.abs(r[4]!.metrics['Column.att2.StandardDeviation']! - Math.sqrt(56 / 6)) < 1e-12);
    assert.deepEqual(r[5]!.metrics, { 'Column.att2.Sum': 18 });
    assert.deepEqual(r[6]!.metrics, { 'Column.att2.UniqueValueRatio': 0.75 }); // once: 5, 6, 7 of 4 distinct values
  });

  test('CustomSql over primary: passed, and failed with the reason Glue gives', async () => {
    const r = await run('numeric_df', 'CustomSql "select count(*) from primary" > 0, CustomSql "select count(*) from primary where att1 > 1 " = 5, CustomSql "select count(*) from primary where att1 > 1 " between 0 and 6');
    assert.deepEqual(r.map((o) => [o.outcome, o.metrics]), [
      ['Passed', { 'Dataset.*.CustomSQL': 6 }],
      ['Passed', { 'Dataset.*.CustomSQL': 5 }],
      ['Passed', { 'Dataset.*.CustomSQL': 5 }],
    ]);
    assert.deepEqual(await one('full_df', 'CustomSql "select count(*) from primary" > 4'), {
      rule: 'CustomSql "select count(*) from primary" > 4',
      outcome: 'Failed',
      reason: 'Value: 4.0 does not meet the constraint requirement!',
      metrics: { 'Dataset.*.CustomSQL': 4 },
    });
  });

  test('IsPrimaryKey: unique and complete, with and without a where clause', async () => {
    assert.deepEqual((await one('full_df', 'IsPrimaryKey "item"')).metrics, { 'Column.item.Uniqueness': 1, 'Column.item.Completeness': 1 });
    // att2 = 0,0,0,5,6,7: values occurring once 3 of 6 rows
    assert.deepEqual(await one('numeric_df', 'IsPrimaryKey "att2"'), {
      rule: 'IsPrimaryKey "att2"',
      outcome: 'Failed',
      reason: 'Value: 0.5 does not meet the constraint requirement!',
      metrics: { 'Column.att2.Uniqueness': 0.5, 'Column.att2.Completeness': 1 },
    });
    // att1 > 2 selects att2 = 0, 5, 6, 7
    assert.equal((await one('numeric_df', 'IsPrimaryKey "att2" where "att1 > 2"')).outcome, 'Passed');
  });

  test('ColumnLength (items "1".."4", all one character long)', async () => {
    const r = await run('full_df', 'ColumnLength "item" > 0, ColumnLength "item" > 5, ColumnLength "item" < 10, ColumnLength "item" between 0 and 10, ColumnLength "item" = 1, ColumnLength "item" in [1]');
    assert.deepEqual(r.map((o) => [o.outcome, Object.keys(o.metrics)]), [
      ['Passed', ['Column.item.MinimumLength']],
      ['Failed', ['Column.item.MinimumLength']],
      ['Passed', ['Column.item.MaximumLength']],
      ['Passed', ['Column.item.MinimumLength', 'Column.item.MaximumLength']],
      ['Passed', ['Column.item.MinimumLength', 'Column.item.MaximumLength']],
      ['Passed', ['Column.item.LengthCompliance']],
    ]);
    assert.equal(r[1]!.reason, 'Value: 1.0 does not meet the constraint requirement!');
  });

  test('ColumnExists: the column as written', async () => {
    assert.deepEqual(await one('full_df', 'ColumnExists "item"'), { rule: 'ColumnExists "item"', outcome: 'Passed', metrics: { 'Dataset.item.ColumnExists': 1 } });
    assert.deepEqual(await one('full_df', 'ColumnExists "sampom"'), {
      rule: 'ColumnExists "sampom"',
      outcome: 'Failed',
      reason: 'Value: 0.0 does not meet the constraint requirement!',
      metrics: { 'Dataset.sampom.ColumnExists': 0 },
    });
  });

  test('ColumnValues: numbers, strings, NULL in a list', async () => {
    const r = await run(
      'numeric_df',
      'ColumnValues "att1" > 0, ColumnValues "att1" < 10, ColumnValues "att1" between 0 and 7, ColumnValues "att1" in [1, 2, 3, 4, 5, 6], ColumnValues "att1" not in [100, 200], ColumnValues "attNull" in [5, 6, 7, NULL], ColumnValues "att1" > 100',
    );
    assert.deepEqual(r.map((o) => o.outcome), ['Passed', 'Passed', 'Passed', 'Passed', 'Passed', 'Passed', 'Failed']);
    assert.deepEqual(r[6], { rule: 'ColumnValues "att1" > 100', outcome: 'Failed', reason: 'Value: 1.0 does not meet the constraint requirement!', metrics: { 'Column.att1.Minimum': 1 } });
    assert.equal((await one('full_df', 'ColumnValues "att1" in ["a", "b"]')).outcome, 'Passed');
  });

  test('RowCountMatch: the rows over the reference\'s', async () => {
    const primary = await table('rcm_primary', `SELECT * FROM (VALUES ('1','Alice'), ('2','Bob'), ('3','Charlie'), ('4','Joshua Z')) t(id, name)`);
    const reference = await table('rcm_reference', `SELECT * FROM (VALUES ('1','Dave'), ('2','Eve'), ('3','Frank'), ('4','Grace'), ('5','Henry'), ('6','Ivy'), ('7','Jack')) t(id, name)`);
    const sources = { additionalSources: { ref: reference } };
    assert.deepEqual((await one(primary, 'RowCountMatch "ref" >= 0.5', sources)).metrics, { 'Dataset.ref.RowCountMatch': 4 / 7 });
    assert.equal((await one(primary, 'RowCountMatch "ref" between 0.5 and 0.6', sources)).outcome, 'Passed');
    const two = await table('rcm_two', `SELECT * FROM (VALUES ('1','a'), ('2','b')) t(id, value)`);
    const four = await table('rcm_four', `SELECT * FROM (VALUES ('1','a'), ('2','b'), ('3','c'), ('4','d')) t(id, value)`);
    assert.equal((await one(two, 'RowCountMatch "ref" not between 0.8 and 0.9', { additionalSources: { ref: four } })).outcome, 'Passed');
    const failed = await one(two, 'RowCountMatch "ref" = 1.0', { additionalSources: { ref: four } });
    assert.deepEqual([failed.outcome, failed.reason], ['Failed', 'Value: 0.5 does not meet the constraint requirement.']);
    const missing = await one(two, 'RowCountMatch "missing" >= 0.5');
    assert.deepEqual([missing.outcome, missing.reason], ['Failed', "Reference dataset 'missing' not found in additional data sources"]);
  });

  test('ReferentialIntegrity: one and several columns, other names, partial matches', async () => {
    const states = await table('ri_primary', `SELECT * FROM (VALUES ('CA'), ('NY')) t(state)`);
    const codes = await table('ri_codes', `SELECT * FROM (VALUES ('CA'), ('NY'), ('FL')) t(state_code)`);
    assert.deepEqual(await one(states, 'ReferentialIntegrity "state" "ref.state_code" > 0.95', { additionalSources: { ref: codes } }), {
      rule: 'ReferentialIntegrity "state" "ref.state_code" > 0.95',
      outcome: 'Passed',
      metrics: { 'Column.ref.ReferentialIntegrity': 1 },
    });
    const partial = await table('ri_partial', `SELECT * FROM (VALUES ('California','CA'), ('New York','NY'), ('New York','NY'), ('Texas','TX')) t("State Name", "State Abbreviation")`);
    const abbreviations = await table('ri_abbr', `SELECT * FROM (VALUES ('CA'), ('NY'), ('FL')) t("State Abbreviation")`);
    const refs = { additionalSources: { ref: abbreviations } };
    // 3 of 4 rows (TX is not in the reference)
    assert.deepEqual((await one(partial, 'ReferentialIntegrity "State Abbreviation" "ref.State Abbreviation" > 0.6', refs)).metrics, { 'Column.ref.ReferentialIntegrity': 0.75 });
    const strict = await one(partial, 'ReferentialIntegrity "State Abbreviation" "ref.State Abbreviation" > 0.9', refs);
    assert.deepEqual([strict.outcome, strict.reason], ['Failed', 'Value: 0.75 does not meet the constraint requirement.']);
    const pairs = await table('ri_pairs', `SELECT * FROM (VALUES ('Canada','CA'), ('New York','NY')) t("State Name", "State Abbreviation")`);
    const refPairs = await table('ri_ref_pairs', `SELECT * FROM (VALUES ('California','CA'), ('New York','NY'), ('Texas','TX')) t("State Name", "State Abbreviation")`);
    assert.deepEqual(
      (await one(pairs, 'ReferentialIntegrity "State Name,State Abbreviation" "ref.{State Name,State Abbreviation}" > 0.4', { additionalSources: { ref: refPairs } })).metrics,
      { 'Column.ref.ReferentialIntegrity': 0.5 },
    );
    const cities = await table('ri_cities', `SELECT * FROM (VALUES ('Seattle','WA'), ('Portland','OR')) t(city, state)`);
    const refCities = await table('ri_ref_cities', `SELECT * FROM (VALUES ('Seattle','WA'), ('Portland','OR'), ('Denver','CO')) t(ref_city, ref_state)`);
    assert.equal((await one(cities, 'ReferentialIntegrity "city,state" "ref.{ref_city,ref_state}" = 1.0', { additionalSources: { ref: refCities } })).outcome, 'Passed');
    const missing = await one(states, 'ReferentialIntegrity "state" "missing.state_code" >= 0.9');
    assert.deepEqual([missing.outcome, missing.reason], ['Failed', 'missing not found in additional sources']);
  });

  test('DataFreshness (DataFreshnessSpec): rows 1, 2, 3 and 5 days old; an empty frame passes', async () => {
    const now = new Date('2024-06-15T12:00:00Z');
    // LocalDateTime.toString of now minus N days, as the spec writes them
    const days = await table('fresh_df', `SELECT * FROM (VALUES (1, 'CA', '2024-06-14T12:00'), (2, 'NY', '2024-06-13T12:00'), (3, 'NJ', '2024-06-12T12:00'), (4, 'OR', '2024-06-10T12:00')) t("ID", "State Abbreviation", "Some Date")`);
    const r = await run(days, ['between 12 hours and 60 hours', 'not between 50 hours and 90 hours', '>= 50 hours', '> 100 hours', '> 4319 minutes', '<= 30 hours', '< 20 hours', '< 200 hours'].map((c) => `DataFreshness "Some Date" ${c}`).join(', '), { now });
    // 24, 48, 72, 120 hours old: passing rows 2, 3, 2, 1, 2 (71.98 h), 1, 0 and 4 of 4
    assert.deepEqual(r.map((o) => [o.outcome, o.metrics['Column.Some Date.DataFreshness.Compliance']]), [
      ['Failed', 0.5],
      ['Failed', 0.75],
      ['Failed', 0.5],
      ['Failed', 0.25],
      ['Failed', 0.5],
      ['Failed', 0.25],
      ['Failed', 0],
      ['Passed', 1],
    ]);
    assert.equal(r[1]!.reason, '75.00 % of rows passed the threshold');
    const empty = await table('fresh_empty', `SELECT NULL::VARCHAR AS "Some Date" WHERE false`);
    assert.deepEqual(await one(empty, 'DataFreshness "Some Date" < 200 hours', { now }), { rule: 'DataFreshness "Some Date" < 200 hours', outcome: 'Passed', reason: 'No rows matched the filter', metrics: {} });
  });
});

describe('the DQDL reference: NULLs', () => {
  // dqdl-rule-types-ColumnValues.html "Null behavior": NULL fails every ColumnValues rule but != and not in, with the
  // reason "Value: NULL does not meet the constraint requirement!"
  before(async () => {
    await table('ages', `SELECT * FROM (VALUES (25), (30), (NULL)) t("Age")`);
  });

  test('ColumnValues: NULL rows fail, with the documented reason, except under != and not in', async () => {
    const gt = await one('ages', 'ColumnValues "Age" > 21');
    assert.deepEqual([gt.outcome, gt.reason, gt.metrics], ['Failed', 'Value: NULL does not meet the constraint requirement!', { 'Column.Age.Minimum': 25 }]);
    assert.equal((await one('ages', 'ColumnValues "Age" != 21')).outcome, 'Passed');
    assert.equal((await one('ages', 'ColumnValues "Age" not in [21, 22, 23]')).outcome, 'Passed');
    assert.equal((await one('ages', 'ColumnValues "Age" not in [21, 22, 23, NULL]')).outcome, 'Failed');
    // (!= 21) AND (!= NULL): the NULL row fails the second
    assert.equal((await one('ages', '(ColumnValues "Age" != 21) AND (ColumnValues "Age" != NULL)')).outcome, 'Failed');
    // = NULL: 1 of 3 rows
    assert.deepEqual((await one('ages', 'ColumnValues "Age" = NULL')).metrics, { 'Column.Age.ColumnValues.Compliance': 1 / 3 });
  });

  test('composite rules are judged rule by rule on the whole frame (the default COLUMN method), then combined', async () => {
    // (> 21) fails for the NULL row; (= NULL) fails for 25 and 30: both fail, so does `or`, with both reasons
    const c = await one('ages', '(ColumnValues "Age" > 21) OR (ColumnValues "Age" = NULL)');
    assert.equal(c.outcome, 'Failed');
    assert.equal(c.reason, 'Value: NULL does not meet the constraint requirement!\nValue: 0.3333333333333333 does not meet the constraint requirement!');
    assert.deepEqual(c.metrics, { 'Column.Age.Minimum': 25, 'Column.Age.ColumnValues.Compliance': 1 / 3 });
    assert.equal((await one('ages', '(RowCount = 3) or (IsComplete "Age")')).outcome, 'Passed');
  });

  test('DataFreshness: a NULL row fails, with the documented reason (4 of 5 rows fresh: "80.00 % of rows passed the threshold")', async () => {
    const orders = await table('orders_fresh', `SELECT * FROM (VALUES (DATE '2024-06-15'), (DATE '2024-06-15'), (DATE '2024-06-14'), (DATE '2024-06-14'), (NULL)) t("Order_Date")`);
    const r = await one(orders, 'DataFreshness "Order_Date" <= 24 hours', { now: new Date('2024-06-15T00:00:00Z') });
    assert.deepEqual([r.outcome, r.reason, r.metrics], ['Failed', '80.00 % of rows passed the threshold', { 'Column.Order_Date.DataFreshness.Compliance': 0.8 }]);
  });
});

describe('Deequ semantics where the reference is silent', () => {
  test('Uniqueness and Entropy leave NULL values out; DistinctValuesCount counts NULL as a value', async () => {
    const t = await table('with_nulls', `SELECT * FROM (VALUES ('a'), ('a'), ('b'), (NULL), (NULL)) t(v)`);
    const r = await run(t, 'Uniqueness "v" > 0, Entropy "v" > 0, DistinctValuesCount "v" = 3, UniqueValueRatio "v" > 0, Completeness "v" > 0');
    // non-NULL rows: a, a, b — once: b → 1/3; entropy −(⅔ ln ⅔ + ⅓ ln ⅓); bins: a, b, NullValue; once/distinct = ½; 3/5 complete
    assert.deepEqual(r[0]!.metrics, { 'Column.v.Uniqueness': 1 / 3 });
    assert.ok(Math.abs(r[1]!.metrics['Column.v.Entropy']! - -((2 / 3) * Math.log(2 / 3) + (1 / 3) * Math.log(1 / 3))) < 1e-12);
    assert.deepEqual(r[2]!.metrics, { 'Column.v.DistinctValuesCount': 3 });
    assert.deepEqual(r[3]!.metrics, { 'Column.v.UniqueValueRatio': 0.5 });
    assert.deepEqual(r[4]!.metrics, { 'Column.v.Completeness': 0.6 });
  });

  test('a where clause selecting no row passes (AnalysisBasedConstraint); without one, an empty frame fails with the analyzer named', async () => {
    const r = await run('numeric_df', 'Mean "att1" > 100 where "att1 > 1000", IsComplete "attNull" where "att1 < 0"');
    assert.deepEqual(r.map((o) => [o.outcome, o.metrics]), [['Passed', {}], ['Passed', {}]]);
    const empty = await table('empty_df', `SELECT 1::INTEGER AS x, 'a' AS s WHERE false`);
    const e = await run(empty, 'Mean "x" > 0, Completeness "s" > 0.5, RowCount = 0');
    assert.deepEqual(e.map((o) => [o.outcome, o.reason]), [
      ['Failed', 'Empty state for analyzer Mean(x,None), all input values were NULL.'],
      ['Failed', 'Empty state for analyzer Completeness(s,None,None), all input values were NULL.'],
      ['Passed', undefined],
    ]);
  });

  test('a column that is missing or of the wrong type fails with Deequ\'s precondition message', async () => {
    assert.deepEqual((await one('full_df', 'Mean "nope" > 0')).reason, 'Input data does not include column nope!');
    assert.deepEqual(
      (await one('full_df', 'Mean "item" > 0')).reason,
      'Expected type of column item to be one of (ByteType,ShortType,IntegerType,LongType,FloatType,DoubleType,DecimalType), but found StringType instead!',
    );
    assert.deepEqual((await one('numeric_df', 'ColumnLength "att1" > 0')).reason, 'Expected type of column att1 to be StringType, but found IntegerType instead!');
    // Spark resolves column names case-insensitively; the metric keeps the name as written
    assert.deepEqual((await one('numeric_df', 'Sum "ATT2" = 18')).metrics, { 'Column.ATT2.Sum': 18 });
  });

  test('an invalid where clause fails the rule', async () => {
    assert.deepEqual(await one('numeric_df', 'IsComplete "att1" where "nosuchcolumn > 1"'), {
      rule: 'IsComplete "att1" where "nosuchcolumn > 1"',
      outcome: 'Failed',
      reason: 'The provided where clause is invalid',
      metrics: {},
    });
  });

  test('where clauses are Spark SQL (backticks, double-quoted strings), evaluated per rule', async () => {
    // att1 <= 3 selects rows 1–3, whose attNull is NULL; `att1` > 3 selects the others
    const r = await run('numeric_df', 'Completeness "attNull" = 0 where "`att1` <= 3", Completeness "attNull" = 1.0 where "att1 > 3", RowCount = 2 where "item in (\\"1\\", \\"2\\")"');
    assert.deepEqual(r.map((o) => o.outcome), ['Passed', 'Passed', 'Passed']);
  });
});

describe('ColumnValues, further', () => {
  before(async () => {
    await table('names', `SELECT * FROM (VALUES ('Ann'), ('bob'), (''), ('  '), (NULL), ('Ann3')) t(name)`);
  });

  test('keywords EMPTY and WHITESPACES_ONLY, strings, a threshold', async () => {
    // in ["Ann", "bob", NULL, EMPTY, WHITESPACES_ONLY]: every row but Ann3 → 5/6
    const all = await one('names', 'ColumnValues "name" in ["Ann", "bob", NULL, EMPTY, WHITESPACES_ONLY]');
    assert.deepEqual([all.outcome, all.metrics], ['Failed', { 'Column.name.ColumnValues.Compliance': 5 / 6 }]);
    assert.equal((await one('names', 'ColumnValues "name" in ["Ann", "bob", NULL, EMPTY, WHITESPACES_ONLY] with threshold > 0.8')).outcome, 'Passed');
    assert.equal((await one('names', 'ColumnValues "name" in ["Ann", "bob", NULL, EMPTY, WHITESPACES_ONLY] with threshold > 0.9')).outcome, 'Failed');
    // = "Ann": 1 of 6; not in [EMPTY, WHITESPACES_ONLY]: all but '' and '  ' → 4/6
    assert.deepEqual((await one('names', 'ColumnValues "name" = "Ann"')).metrics, { 'Column.name.ColumnValues.Compliance': 1 / 6 });
    assert.deepEqual((await one('names', 'ColumnValues "name" not in [EMPTY, WHITESPACES_ONLY]')).metrics, { 'Column.name.ColumnValues.Compliance': 4 / 6 });
  });

  test('matches: a whole-value match of a non-empty value (Spark regexp_extract of ^pattern$)', async () => {
    // [a-zA-Z]* matches Ann, bob (whole); '' extracts "" (not counted); '  ', NULL, Ann3 do not → 2/6
    assert.deepEqual((await one('names', 'ColumnValues "name" matches "[a-zA-Z]*"')).metrics, { 'Column.name.PatternMatch': 2 / 6 });
    // not matches "[a-z]+" (^(?!\b[a-z]+\b).*$): Ann (A is no match start), '  ', Ann3 comply; bob does not; '' extracts ""; NULL → 3/6
    assert.deepEqual((await one('names', 'ColumnValues "name" not matches "[a-z]+"')).metrics, { 'Column.name.PatternMatch': 3 / 6 });
    await assert.rejects(one('names', 'ColumnValues "name" matches "(a)\\\\1"'), (e: unknown) => e instanceof LakehouseError && /uses a construct the local engine \(RE2\) does not have/.test(e.message));
  });

  test('dates compare by day against now() and (now() − N days), and NULL fails', async () => {
    const loads = await table('loads', `SELECT * FROM (VALUES (DATE '2024-06-15'), (DATE '2024-06-13'), (DATE '2024-06-10'), ('2024-06-14 08:00:00'::TIMESTAMP::DATE)) t("Load_Date")`);
    const now = new Date('2024-06-15T10:30:00Z');
    // > (now() − 3 days) = > 2024-06-12: 06-15, 06-13, 06-14 → 3/4
    const r = await one(loads, 'ColumnValues "Load_Date" > (now() - 3 days)', { now });
    assert.deepEqual([r.outcome, r.metrics], ['Failed', { 'Column.Load_Date.ColumnValues.Compliance': 0.75 }]);
    assert.equal((await one(loads, 'ColumnValues "Load_Date" between "2024-06-01" and "2024-06-16"', { now })).outcome, 'Passed');
    // strings as Spark casts them to dates: 2024-06-13 10:00 and 2024-6-9 are days, "soon" is NULL
    const text = await table('load_text', `SELECT * FROM (VALUES ('2024-06-13 10:00'), ('2024-6-9'), ('soon')) t(d)`);
    assert.deepEqual((await one(text, 'ColumnValues "d" <= now()', { now })).metrics, { 'Column.d.ColumnValues.Compliance': 2 / 3 });
  });
});

describe('ColumnDataType, CustomSql row by row', () => {
  test('ColumnDataType: the share of values Spark casts to the type', async () => {
    const t = await table('typed', `SELECT * FROM (VALUES ('12'), (' 7 '), ('3.9'), ('x'), ('99999999999'), (NULL)) t(v)`);
    // Spark's string→int: 12, 7 (trimmed), 3 (fraction dropped); x, out of range and NULL are not → 3/6
    const r = await one(t, 'ColumnDataType "v" = "INTEGER"');
    assert.deepEqual([r.outcome, r.reason, r.metrics], ['Failed', 'Value: 0.5 does not meet the constraint requirement.', { 'Column.v.ColumnDataType.Compliance': 0.5 }]);
    // LONG also takes 99999999999 → 4/6
    assert.equal((await one(t, 'ColumnDataType "v" = "LONG" with threshold >= 0.66')).outcome, 'Passed');
    const b = await table('booleans', `SELECT * FROM (VALUES ('yes'), ('N'), ('true'), ('maybe')) t(v)`);
    assert.deepEqual((await one(b, 'ColumnDataType "v" = "BOOLEAN"')).metrics, { 'Column.v.ColumnDataType.Compliance': 0.75 });
    await assert.rejects(one(t, 'ColumnDataType "v" = "DOUBLE"'), /Spark's cast of StringType to DOUBLE is not modelled locally/);
  });

  test('CustomSql without a number condition: the rows of primary the statement returns (dqdl-rule-types-CustomSql.html)', async () => {
    const people = await table('people', `SELECT * FROM (VALUES ('Ann', 40), ('Bob', 17), ('Cy', 19), ('Di', 12)) t("Name", "Age")`);
    // Age > 18: Ann, Cy → 2/4
    const r = await one(people, 'CustomSql "select Name from primary where Age > 18"');
    assert.deepEqual([r.outcome, r.reason, r.metrics], ['Failed', 'Value: 0.5 does not meet the constraint requirement.', { 'Dataset.*.CustomSQL.Compliance': 0.5 }]);
    assert.equal((await one(people, 'CustomSql "select Name from primary where Age > 18" with threshold >= 0.5')).outcome, 'Passed');
    const foreign = await one(people, 'CustomSql "select Name, Age * 2 as twice from primary"');
    assert.deepEqual([foreign.outcome, foreign.reason], ['Failed', 'The columns returned from the SQL statement should only belong to the primary table. Columns not found: twice']);
  });
});

describe('the result', () => {
  test('the score is the passed rules over the rules; the outcomes as log lines, a relation and the fail-the-job assert', async () => {
    const result = await evaluateRuleset(conn, 'full_df', 'Rules = [ RowCount = 4, IsComplete "item", ColumnValues "att1" in ["a"], Mean "nope" > 1 ]');
    assert.equal(result.score, 0.5);
    assert.deepEqual(outcomeLines(result), [
      'Passed: RowCount = 4 (Dataset.*.RowCount = 4.0)',
      'Passed: IsComplete "item" (Column.item.Completeness = 1.0)',
      'Failed: ColumnValues "att1" in ["a"] (Column.att1.ColumnValues.Compliance = 0.75) — Value: 0.75 does not meet the constraint requirement!',
      'Failed: Mean "nope" > 1 — Input data does not include column nope!',
      'score 2/4 (50%)',
    ]);
    const rows = (await conn.runAndReadAll(`SELECT "Rule", "Outcome", "FailureReason", "EvaluatedMetrics"['Dataset.*.RowCount'] FROM (${ruleOutcomesSql(result)})`)).getRowsJson();
    assert.deepEqual(rows[0], ['RowCount = 4', 'Passed', null, 4]);
    assert.equal(rows.length, 4);
    assert.equal(assertionFailure(result, 'The job failed due to failing DQ rules for node: X'), 'AssertionError: The job failed due to failing DQ rules for node: X');
    assert.equal(assertionFailure({ rules: result.rules.slice(0, 2), score: 1 }, 'm'), undefined);
  });

  test("Glue Studio's default ruleset on a target node (Rules = [ ColumnCount > 0 ])", async () => {
    const result = await evaluateRuleset(conn, 'numeric_df', '\n    Rules = [\n        ColumnCount > 0\n    ]\n');
    assert.deepEqual(result, { rules: [{ rule: 'ColumnCount > 0', outcome: 'Passed', metrics: { 'Dataset.*.ColumnCount': 5 } }], score: 1 });
  });
});

/**
 * Where clauses and CustomSql are Spark SQL (the DQDL reference: "where" clauses are Spark SQL conditions on the
 * frame; CustomSql reads `primary` and the additional sources), translated with Spark's semantics — a string compared
 * with a number is cast to the number, concat with NULL is NULL, Java date patterns — where DuckDB's own functions
 * and coercions answer differently. Rules and statements from the DQDL rule type pages
 * (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Completeness.html, …-CustomSql.html).
 */
describe('where clauses and CustomSql are Spark SQL', () => {
  before(async () => {
    // weightinkgs as text (a CSV source read without a schema): Spark compares it with 10 as a number
    await table('people_w', `SELECT * FROM (VALUES ('Ann', '9', DATE '2024-03-01'), (NULL, '12', DATE '2023-12-31'), ('Cy', '100', DATE '2024-07-04'), ('Di', NULL, NULL)) t(First_Name, weightinkgs, born)`);
  });

  test('Completeness "First_Name" > 0.95 where "weightinkgs > 10" (dqdl-rule-types-Completeness.html): the text is cast to a number', async () => {
    // Spark: CAST(weightinkgs AS INT) > 10 → '12' and '100' (2 rows; '9' and NULL are not); First_Name is complete in 1 of them
    const r = await one('people_w', 'Completeness "First_Name" > 0.95 where "weightinkgs > 10"');
    assert.deepEqual([r.outcome, r.metrics], ['Failed', { 'Column.First_Name.Completeness': 0.5 }]);
    // DuckDB's own comparison of text with 10 as text would take '9' too ('9' > '10'): 3 rows, 2/3 complete
  });

  test('Spark functions in a where clause: concat with NULL is NULL, date_format takes a Java pattern', async () => {
    // concat(First_Name, NULL) is NULL on every row in Spark (DuckDB's concat skips NULL)
    assert.deepEqual((await one('people_w', 'RowCount = 0 where "concat(First_Name, NULL) IS NOT NULL"')).outcome, 'Passed');
    // date_format(born, 'yyyy') = '2024': Ann and Cy
    assert.deepEqual((await one('people_w', `RowCount = 2 where "date_format(born, 'yyyy') = '2024'"`)).metrics, { 'Dataset.*.RowCount': 2 });
  });

  test('a where clause Spark rejects fails the rule; one the local engine does not translate is refused by name', async () => {
    assert.equal((await one('people_w', 'RowCount > 0 where "weightinkgs >"')).reason, 'The provided where clause is invalid');
    await assert.rejects(one('people_w', 'RowCount > 0 where "approx_count_distinct(weightinkgs) > 1"'), (e: unknown) => {
      assert.ok(e instanceof LakehouseError && e.code === 'ScriptUnsupported', String(e));
      assert.match(e.message, /approx_count_distinct is not supported by the local engine \(Spark has it\)/);
      return true;
    });
  });

  test('CustomSql "select count(*) from primary" between 10 and 20, and over an additional source (dqdl-rule-types-CustomSql.html)', async () => {
    assert.deepEqual(await one('people_w', 'CustomSql "select count(*) from primary" between 10 and 20'), {
      rule: 'CustomSql "select count(*) from primary" between 10 and 20',
      outcome: 'Failed',
      reason: 'Value: 4.0 does not meet the constraint requirement!',
      metrics: { 'Dataset.*.CustomSQL': 4 },
    });
    // Spark's arithmetic: the sum of the weights as text is a double (9 + 12 + 100 = 121)
    assert.deepEqual((await one('people_w', 'CustomSql "select sum(weightinkgs) from primary" = 121')).outcome, 'Passed');
    const joined = await one('people_w', 'CustomSql "select count(*) from primary p inner join reference r on p.First_Name = r.name" = 1', { additionalSources: { reference: await table('ref_names', `SELECT 'Cy' AS name`) } });
    assert.equal(joined.outcome, 'Passed');
  });

  test('CustomSql reading a catalog table (database.table, which Glue reads) or a statement that is not a query is refused by name', async () => {
    const refusedWith = (rule: string, message: RegExp) =>
      assert.rejects(one('people_w', rule), (e: unknown) => {
        assert.ok(e instanceof LakehouseError && e.code === 'ScriptUnsupported', String(e));
        assert.match(e.message, message);
        return true;
      });
    await refusedWith('CustomSql "select count(*) from database.table" between 10 and 20', /reads `database`\.`table`: locally it reads primary, not catalog tables/);
    await refusedWith('CustomSql "delete from primary" > 0', /DELETE FROM statements in a job's Spark SQL is not supported by the local engine/);
    // two statements: Spark's parser fails, and so does the rule
    const two = await one('people_w', 'CustomSql "select count(*) from primary; drop table x" > 0');
    assert.deepEqual([two.outcome, /PARSE_SYNTAX_ERROR/.test(two.reason ?? '')], ['Failed', true]);
  });
});

test('a where clause reading a field whose values have two types (a ChoiceType, JSON here) is refused: Spark reads it as a struct', async () => {
  await table('choice_df', `SELECT * FROM (VALUES (1, '5'::JSON), (2, '"five"'::JSON)) t(id, v)`);
  await assert.rejects(one('choice_df', 'RowCount > 0 where "v = \'five\'"'), /reads v, whose values have two types \(a ChoiceType\)/);
  assert.equal((await one('choice_df', 'RowCount = 1 where "id > 1"')).outcome, 'Passed');
});
