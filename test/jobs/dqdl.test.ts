/**
 * DQDL read as Glue reads it: the examples of the DQDL reference parse, print back as Glue prints a rule in its
 * outcomes, and rules the local evaluation cannot answer faithfully are refused by name with their line; the Evaluate
 * Data Quality node's options as Glue Studio generates them.
 *
 * Sources: the DQDL reference, https://docs.aws.amazon.com/glue/latest/dg/dqdl.html and its rule type pages
 * (dqdl-rule-types-<Type>.html); DQDL's grammar, awslabs/dqdl configuration/dqdl/DataQualityDefinitionLanguage.g4 and
 * CommonLexerRules.g4 (commit d360214); the rule text Glue prints, DQRule.toString in the same repository
 * (src/com/amazonaws/glue/ml/dataquality/dqdl/model/DQRule.java); EvaluateDataQuality's options,
 * https://docs.aws.amazon.com/glue/latest/dg/glue-etl-scala-apis-glue-dq-EvaluateDataQuality.html and API
 * EvaluateDataQualityMultiFrame; the node code Glue Studio generates, from public scripts (e.g. additional_options
 * {"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"} on target nodes,
 * {"observations.scope": "ALL", "performanceTuning.caching": "CACHE_NOTHING"} on Evaluate Data Quality nodes).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LakehouseError } from '../../src/core/errors';
import { checkRuleset, dataQualityNodeOptions, formatRule, parseDqdl, prepareRuleset } from '../../src/core/jobs/dqdl';

const rules = (text: string) => parseDqdl(text).rules.map(formatRule);

describe('DQDL: the reference examples parse and print as Glue prints them', () => {
  test('a ruleset, composite rules (and binds tighter than or; one operator flattened)', () => {
    // dqdl.html "DQDL syntax" and "Composite rules"
    assert.deepEqual(rules('Rules = [ IsComplete "order-id", IsUnique "order-id" ]'), ['IsComplete "order-id"', 'IsUnique "order-id"']);
    assert.deepEqual(rules('Rules = [ (IsComplete "id") and (IsUnique "id") ]'), ['(IsComplete "id") and (IsUnique "id")']);
    assert.deepEqual(rules('Rules = [ (Mean "Star_Rating" > 3) and (Mean "Order_Total" > 500) and (IsComplete "Order_Id") ]'), [
      '(Mean "Star_Rating" > 3) and (Mean "Order_Total" > 500) and (IsComplete "Order_Id")',
    ]);
    assert.deepEqual(rules('Rules = [ (Mean "Star_Rating" > 3) and ((Mean "Order_Total" > 500) or (IsComplete "Order_Id")) ]'), [
      '(Mean "Star_Rating" > 3) and ((Mean "Order_Total" > 500) or (IsComplete "Order_Id"))',
    ]);
    assert.deepEqual(rules('Rules = [ (RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA")) ]'), ['(RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA"))']);
    // `(A) and (B) or (C)`: and first
    const [mixed] = parseDqdl('Rules = [ (RowCount > 0) and (IsComplete "a") or (IsUnique "b") ]').rules;
    assert.ok(mixed?.kind === 'composite' && mixed.operator === 'or' && mixed.rules[0]?.kind === 'composite' && mixed.rules[0].operator === 'and');
    // the operators are and/AND, or/OR
    assert.deepEqual(rules('Rules = [ (ColumnValues "Age" > 21) OR (ColumnValues "Age" = NULL) ]'), ['(ColumnValues "Age" > 21) or (ColumnValues "Age" = NULL)']);
  });

  test('ColumnValues: allowed values with the keywords, where clauses, regular expressions, dates, numbers', () => {
    // dqdl-rule-types-ColumnValues.html
    assert.deepEqual(
      rules(`Rules = [
        ColumnValues "Country" in [ "US", "CA", "UK", NULL, EMPTY, WHITESPACES_ONLY ],
        ColumnValues "gender" in ["F", "M"] where "weightinkgs < 10",
        ColumnValues "First_Name" matches "[a-zA-Z]*",
        ColumnValues "Load_Date" > (now() - 3 days),
        ColumnValues "Customer_ID" between 1 and 2000,
        ColumnValues "Age" != 21,
        ColumnValues "Age" not in [21, 22, 23, NULL]
      ]`),
      [
        'ColumnValues "Country" in ["US","CA","UK",NULL,EMPTY,WHITESPACES_ONLY]',
        'ColumnValues "gender" in ["F","M"] where "weightinkgs < 10"',
        'ColumnValues "First_Name" matches "[a-zA-Z]*"',
        'ColumnValues "Load_Date" > (now() - 3 days)',
        'ColumnValues "Customer_ID" between 1 and 2000',
        'ColumnValues "Age" != 21',
        'ColumnValues "Age" not in [21,22,23,NULL]',
      ],
    );
  });

  test('conditions are typed as the grammar types them: a quoted yyyy-mm-dd is a date, N hours a duration, a list by its first value', () => {
    const [dates, strings, nulls, duration, numbers] = parseDqdl(`Rules = [
      ColumnValues "d" between "2023-01-01" and "2023-12-31",
      ColumnValues "s" in [NULL, "a"],
      ColumnValues "n" in [NULL],
      DataFreshness "Order_Date" between 2 days and 5 days,
      ColumnValues "n" in [1, 2.5, -3]
    ]`).rules;
    assert.ok(dates?.kind === 'rule' && dates.condition?.kind === 'date');
    assert.ok(strings?.kind === 'rule' && strings.condition?.kind === 'string');
    assert.ok(nulls?.kind === 'rule' && nulls.condition?.kind === 'number');
    assert.ok(duration?.kind === 'rule' && duration.condition?.kind === 'duration');
    assert.ok(numbers?.kind === 'rule' && numbers.condition?.kind === 'number' && numbers.condition.operands.length === 3);
  });

  test('the other rule types of the reference', () => {
    assert.deepEqual(
      rules(`Rules = [
        IsComplete "Email" where "Customer_ID between 1 and 50",
        IsComplete "passenger_count" where "payment_type<>0",
        Completeness "First_Name" > 0.95 where "weightinkgs > 10",
        Uniqueness "vendorid" "tpep_pickup_datetime" = 1,
        RowCount between 1 and 50 where "Customer_ID < 10",
        DataFreshness "Order_Date" <= 24 hours,
        CustomSql "select count(*) from primary" between 10 and 20,
        CustomSql "select Name from primary where Age > 18" with threshold > 3,
        ColumnCorrelation "height" and "weight" > 0.8
      ]`),
      [
        'IsComplete "Email" where "Customer_ID between 1 and 50"',
        'IsComplete "passenger_count" where "payment_type<>0"',
        'Completeness "First_Name" > 0.95 where "weightinkgs > 10"',
        'Uniqueness "vendorid" "tpep_pickup_datetime" = 1',
        'RowCount between 1 and 50 where "Customer_ID < 10"',
        'DataFreshness "Order_Date" <= 24 hours',
        'CustomSql "select count(*) from primary" between 10 and 20',
        'CustomSql "select Name from primary where Age > 18" with threshold > 3',
        'ColumnCorrelation "height" and "weight" > 0.8',
      ],
    );
  });

  test('comments, sections, variables and labels (grammar: document, variableDeclaration, labels)', () => {
    const rs = parseDqdl(`# checks of the orders
Metadata = { "Version": "1.0" }
DataSources = { "Primary": "orders", "AdditionalDataSources": ["reference"] }
countries = ["US", "CA"]
DefaultLabels = ["team"="data"]
Rules = [
  ColumnValues "Country" in $countries,  # a list variable
  IsComplete "id" labels=["severity"="high"]
]
Analyzers = [ Completeness "id" ]`);
    assert.deepEqual(rs.metadata, { Version: '1.0' });
    assert.deepEqual(rs.dataSources, { Primary: 'orders', AdditionalDataSources: ['reference'] });
    assert.deepEqual(rs.defaultLabels, { team: 'data' });
    assert.deepEqual(rs.rules.map(formatRule), ['ColumnValues "Country" in ["US","CA"]', 'IsComplete "id" labels=["severity"="high"]']);
    assert.deepEqual(rs.analyzers.map((a) => a.type), ['Completeness']);
    // an empty ruleset is allowed by the grammar
    assert.deepEqual(parseDqdl('Rules = [ ]').rules, []);
  });

  test('numbers: one precedence for + - * / (one ANTLR alternative), left to right; now() is one token', () => {
    const [r] = parseDqdl('Rules = [ RowCount = 1 + 2 * 3 ]').rules;
    assert.ok(r?.kind === 'rule' && r.condition?.kind === 'number');
    const o = r.condition.operands[0]!;
    // ((1 + 2) * 3)
    assert.ok(o.kind === 'binary' && o.operator === '*' && o.left.kind === 'binary' && o.left.operator === '+');
    // `now ()` is not now(): read as a call of a function now, it fails at `days`
    assert.throws(() => parseDqdl('Rules = [ ColumnValues "d" > (now () - 3 days) ]'), /expected '\)' but found 'days'/);
  });
});

describe('DQDL: errors name the line and column', () => {
  const fails = (text: string, message: RegExp) =>
    assert.throws(() => parseDqdl(text), (e: unknown) => {
      assert.ok(e instanceof LakehouseError, String(e));
      assert.match(e.message, message);
      return true;
    });

  test('syntax errors', () => {
    fails('Rules = [\n  IsComplete "a",\n  IsUnique "b\n]', /^DQDL line 3, column 12: a quoted string is not closed/);
    fails('Rules = [ IsComplete "a" > 1 IsUnique "b" ]', /^DQDL line 1, column 30: expected ',' between rules, or '\]' after the last one but found 'IsUnique'/);
    // without a comma, the next rule's type reads as a parameter (an identifier is one): Glue's parameter count refuses it
    assert.throws(() => prepareRuleset('Rules = [ IsComplete "a" IsUnique "b" ]'), /IsComplete "a" IsUnique "b": IsComplete takes 1 parameter\(s\), not 3/);
    fails('Rules = [ RowCount between 1 ]', /expected 'and' between the two bounds but found '\]'/);
    fails('Rules = IsComplete "a"', /expected '\[' but found 'IsComplete'/);
    fails('IsComplete "a"', /expected 'Rules = \[ … \]' but found 'IsComplete'/);
    // each rule of a composite in parentheses (dqdl.html: "must be surrounded by parentheses")
    fails('Rules = [ IsComplete "a" and (IsUnique "b") ]', /put each rule of a composite rule in parentheses: \(IsComplete "a"\) and \(…\)/);
    fails('Rules = [ ColumnValues "s" > "a" ]', /a string can only be compared with = or !=/);
    fails('Rules = [ ColumnValues "s" in $nothing ]', /variable \$nothing is not declared/);
  });

  test('a base places the ruleset in its file (a Glue script\'s string literal)', () => {
    assert.throws(() => parseDqdl('Rules = [\n  IsComplete "a",\n  Mean "b" > x\n]', { file: 'glue-scripts/job.py', line: 30, column: 5 }), (e: unknown) => {
      assert.ok(e instanceof LakehouseError);
      assert.equal(e.message, "glue-scripts/job.py:32:14: expected a number but found 'x'");
      assert.deepEqual([e.detail.file, e.detail.line, e.detail.column], ['glue-scripts/job.py', 32, 14]);
      return true;
    });
  });
});

describe('DQDL: what cannot be evaluated faithfully is refused by name before anything runs', () => {
  const refused = (text: string, message: RegExp, options = {}) =>
    assert.throws(() => prepareRuleset(text, options), (e: unknown) => {
      assert.ok(e instanceof LakehouseError && e.code === 'ScriptUnsupported', String(e));
      assert.match(e.message, message);
      return true;
    });

  test('rule types that need what only Glue has', () => {
    refused('Rules = [ DetectAnomalies "RowCount" ]', /^DQDL line 1, column 11: DetectAnomalies "RowCount": DetectAnomalies needs the statistics of earlier runs/);
    refused('Rules = [\n RowCount > 0,\n SchemaMatch "reference" = 1.0 ]', /^DQDL line 3, column 2: SchemaMatch "reference" = 1.0: SchemaMatch compares Spark schemas/);
    refused('Rules = [ DatasetMatch "reference" "ID" >= 0.9 ]', /DatasetMatch compares records/);
    // dqdl-rule-types-FileFreshness.html
    refused('Rules = [ FileFreshness "s3://amzn-s3-demo-bucket/artifacts/file/tickets/" > (now() - 10 minutes) ]', /FileFreshness judges the files' timestamps in S3/);
    refused('Rules = [ IsGood "x" ]', /unknown rule type IsGood \(DQDL's rule types: .*ColumnValues.*\)/);
  });

  test('dynamic rules (dqdl.html "Dynamic rules"), misuse of parameters, conditions, where clauses and thresholds', () => {
    refused('Rules = [ RowCount > avg(last(10)) *0.8 ]', /dynamic rules \(last\(\), avg\(\), min\(\), max\(\) …\) compare with the results of earlier runs/);
    refused('Rules = [ Completeness "colA" between min(last(5)) - 1 and max(last(5)) + 1 ]', /dynamic rules/);
    // dqdl.html's own example gives RowCount a column; RowCount takes none (rules-config.json)
    refused('Rules = [ (RowCount "id" > 100) or (IsPrimaryKey "id") ]', /RowCount "id" > 100: RowCount takes 0 parameter\(s\), not 1/);
    refused('Rules = [ IsComplete "a" > 0.5 ]', /IsComplete does not take a number condition/);
    refused('Rules = [ Mean "a" ]', /Mean needs a condition \(e\.g\. Mean "col" > 0\)/);
    refused('Rules = [ ColumnCount > 1 where "a > 1" ]', /ColumnCount does not take a where clause/);
    refused('Rules = [ Mean "a" > 1 with threshold > 0.5 ]', /Mean does not take with threshold/);
    refused('Rules = [ Mean "a" = NULL ]', /NULL is a value only in ColumnValues conditions/);
    refused('Rules = [ ColumnValues "a" > 1 + 2 ]', /ColumnValues compares with numbers or NULL, not arithmetic/);
  });

  test('composite rules evaluated row by row ("compositeRuleEvaluation.method": "ROW") are refused; COLUMN is the default', () => {
    const rs = parseDqdl('Rules = [ (ColumnValues "a" > 1) or (ColumnValues "a" = NULL) ]');
    checkRuleset(rs, { compositeRuleEvaluationMethod: 'COLUMN' });
    assert.throws(() => checkRuleset(rs, { compositeRuleEvaluationMethod: 'ROW' }), /composite rules evaluated row by row/);
  });
});

describe('the Evaluate Data Quality node\'s options', () => {
  test('as Glue Studio generates them for a target node and for an Evaluate Data Quality node', () => {
    const target = dataQualityNodeOptions(
      { dataQualityEvaluationContext: 'EvaluateDataQuality_node1743186155699', enableDataQualityResultsPublishing: true },
      { 'dataQualityResultsPublishing.strategy': 'BEST_EFFORT', 'observations.scope': 'ALL' },
    );
    assert.deepEqual(
      { ...target, notes: target.notes.length },
      {
        evaluationContext: 'EvaluateDataQuality_node1743186155699',
        cloudWatchMetrics: false,
        resultsPublishing: true,
        resultsS3Prefix: '',
        publishingStrategy: 'BEST_EFFORT',
        observationsScope: 'ALL',
        compositeRuleEvaluationMethod: 'COLUMN',
        notes: 2,
      },
    );
    const node = dataQualityNodeOptions(
      { dataQualityEvaluationContext: 'EvaluateDataQuality_node1736981880298', enableDataQualityCloudWatchMetrics: true, enableDataQualityResultsPublishing: true, resultsS3Prefix: 's3://raw-prd-5201201' },
      { 'observations.scope': 'ALL', 'performanceTuning.caching': 'CACHE_NOTHING' },
    );
    assert.equal(node.caching, 'CACHE_NOTHING');
    assert.deepEqual(node.notes.filter((n) => /CloudWatch|s3:\/\/raw-prd-5201201/.test(n)).length, 2);
    // the documented defaults
    assert.deepEqual(
      { ...dataQualityNodeOptions(), notes: [] },
      { evaluationContext: 'default_context', cloudWatchMetrics: false, resultsPublishing: true, resultsS3Prefix: '', compositeRuleEvaluationMethod: 'COLUMN', notes: [] },
    );
  });

  test('an option Glue does not document, or a value it does not take, is refused by name', () => {
    assert.throws(() => dataQualityNodeOptions({ enableDataQualityPublishing: true }), /publishing_options "enableDataQualityPublishing" is not an option of EvaluateDataQuality/);
    assert.throws(() => dataQualityNodeOptions({}, { 'performanceTuning.caching': 'CACHE_ALL' }), /"performanceTuning.caching" is "CACHE_ALL": Glue takes CACHE_NOTHING or CACHE_INPUT/);
    assert.throws(() => dataQualityNodeOptions({ enableDataQualityResultsPublishing: 'yes' }), /must be True or False/);
  });
});
