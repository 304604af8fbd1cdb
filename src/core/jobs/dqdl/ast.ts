/**
 * A DQDL ruleset as data: what the parser (parser.ts) produces and the evaluator (evaluate.ts) reads. The shapes follow
 * DQDL's published grammar (awslabs/dqdl, configuration/dqdl/DataQualityDefinitionLanguage.g4) and its model
 * (DQRule, NumberBasedCondition, StringBasedCondition, DateBasedCondition, DurationBasedCondition…).
 */

/** Where a rule or token starts in the ruleset text (1-based), and its offset. */
export interface DqdlPosition {
  line: number;
  column: number;
  offset: number;
}

/** The operators conditions take (`between`, `not between`, `>`, `>=`, `<`, `<=`, `=`, `!=`, `in`, `not in`). */
export type ComparisonOperator = 'between' | 'notBetween' | 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne' | 'in' | 'notIn';

export type NumericOperand =
  /** `5`, `-1`, `0.95` as written */
  | { kind: 'number'; text: string; value: number }
  | { kind: 'null' }
  /** `1 + 2`, `(x)`: evaluated to one number */
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: NumericOperand; right: NumericOperand; parenthesized: boolean }
  /** a function of earlier runs (`avg(last(10))`): dynamic rules */
  | { kind: 'call'; name: string; args: NumericOperand[]; parenthesized: boolean };

export type StringOperand =
  | { kind: 'string'; value: string }
  | { kind: 'keyword'; keyword: 'NULL' | 'EMPTY' | 'WHITESPACES_ONLY' }
  /** `$name`, resolved from the ruleset's variables by the parser */
  | { kind: 'variable'; name: string };

export type DurationUnit = 'days' | 'hours' | 'minutes';
export type SizeUnit = 'B' | 'KB' | 'MB' | 'GB' | 'TB';

export type DateOperand =
  /** `"2023-01-31"` (midnight) */
  | { kind: 'date'; text: string }
  /** `now()` */
  | { kind: 'now' }
  /** `(now() - 3 days)` */
  | { kind: 'nowOffset'; sign: '+' | '-'; amount: number; unit: DurationUnit }
  /** `"9:30 AM"`, `"21:30"` */
  | { kind: 'time'; text: string }
  | { kind: 'null' };

export type Condition =
  | { kind: 'number'; operator: ComparisonOperator; operands: NumericOperand[]; text: string }
  | { kind: 'string'; operator: 'eq' | 'ne' | 'in' | 'notIn' | 'matches' | 'notMatches'; operands: StringOperand[]; text: string }
  | { kind: 'date'; operator: ComparisonOperator; operands: DateOperand[]; text: string }
  | { kind: 'duration'; operator: ComparisonOperator; operands: { amount: number; unit: DurationUnit }[]; text: string }
  | { kind: 'size'; operator: ComparisonOperator; operands: { amount: number; unit: SizeUnit }[]; text: string };

export interface RuleParameter {
  value: string;
  /** written in double quotes (an identifier-like parameter is not) */
  quoted: boolean;
  /** `of` / `and` written before it (`ColumnCorrelation "a" and "b"`) */
  connector?: string;
}

/** One rule: `<RuleType> <Parameter>… <Condition> [where "…"] [labels=[…]] [with <tag> <condition>]…` */
export interface LeafRule {
  kind: 'rule';
  type: string;
  parameters: RuleParameter[];
  condition?: Condition;
  /** the where clause: a Spark SQL expression */
  where?: string;
  /** `with threshold <number condition>` */
  threshold?: Extract<Condition, { kind: 'number' }>;
  /** other `with <tag> <condition>` (e.g. `with format = "…"` on ColumnDataType) */
  tags: { name: string; condition: Condition }[];
  labels?: Record<string, string>;
  position: DqdlPosition;
}

/** `(rule) and (rule)`, `(rule) or (rule)` */
export interface CompositeRule {
  kind: 'composite';
  operator: 'and' | 'or';
  rules: DqdlRule[];
  labels?: Record<string, string>;
  position: DqdlPosition;
}

export type DqdlRule = LeafRule | CompositeRule;

export interface DqdlAnalyzer {
  type: string;
  parameters: RuleParameter[];
  position: DqdlPosition;
}

export interface DqdlRuleset {
  rules: DqdlRule[];
  analyzers: DqdlAnalyzer[];
  /** `Metadata = { "k": "v" }` */
  metadata?: Record<string, string | string[]>;
  /** `DataSources = { "Primary": "…", "AdditionalDataSources": ["…"] }` */
  dataSources?: Record<string, string | string[]>;
  /** `name = "value"` / `name = ["a", "b"]` declared before the rules */
  variables: Record<string, string | string[]>;
  defaultLabels?: Record<string, string>;
}
