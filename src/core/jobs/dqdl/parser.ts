/**
 * A recursive-descent parser for DQDL, written from its published grammar (awslabs/dqdl,
 * configuration/dqdl/DataQualityDefinitionLanguage.g4 and CommonLexerRules.g4, commit d360214) and the DQDL reference
 * (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html). Errors carry the line and column in the ruleset text (and, with
 * a `base`, in the file holding it).
 *
 * Lexical rules kept from the grammar (tokens.ts): keywords are case-sensitive literal tokens (`Rules`, `between`, `in`, `not`,
 * `with`, `where`, `matches`, `days`…; `and`/`AND`, `or`/`OR`, `NULL`/`null`…), `now()` is one token, `#` starts a
 * comment, a quoted `"yyyy-mm-dd"` is a date and `"h:mm AM"`/`"hh:mm"` a time (never a string), identifiers are
 * `[a-zA-Z0-9_.]+`. Grammar rules kept: a rule is `<RuleType> <parameter>… <condition>? where? labels? (with <tag>
 * <condition>)*`; `and` binds tighter than `or`; the numeric operators `+ - * /` have one precedence, left to right
 * (one ANTLR alternative); a list condition is typed by its first element that is not NULL.
 */
import { LakehouseError } from '../../errors';
import type { SourceBase } from '../../sql/lexer';
import type {
  ComparisonOperator,
  Condition,
  DateOperand,
  DqdlAnalyzer,
  DqdlPosition,
  DqdlRule,
  DqdlRuleset,
  DurationUnit,
  LeafRule,
  NumericOperand,
  RuleParameter,
  SizeUnit,
  StringOperand,
} from './ast';
import { DURATION_UNITS, KEYWORDS, SIZE_UNITS, describe, syntaxError, tokenize, type Token } from './tokens';

class Parser {
  private pos = 0;
  readonly variables: Record<string, string | string[]> = {};

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly base: SourceBase,
  ) {}

  private peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  private position(t = this.peek()): DqdlPosition {
    if (t) return { line: t.line, column: t.column, offset: t.offset };
    const lines = this.text.split('\n');
    return { line: lines.length, column: lines[lines.length - 1]!.length + 1, offset: this.text.length };
  }

  error(message: string, t = this.peek()): LakehouseError {
    return syntaxError(this.base, this.position(t), message);
  }

  private expected(what: string): LakehouseError {
    return this.error(`expected ${what} but found ${describe(this.peek())}`);
  }

  private isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && t.kind === 'op' && t.value === op;
  }

  private isWord(...words: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'word' && words.includes(t.value);
  }

  private next(): Token {
    const t = this.peek();
    if (!t) throw this.expected('more');
    this.pos++;
    return t;
  }

  private expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.expected(`'${op}'`);
    return this.next();
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.expected(`'${word}'`);
    return this.next();
  }

  private isIdentifier(t = this.peek()): boolean {
    return t !== undefined && (t.kind === 'word' || t.kind === 'int') && !KEYWORDS.has(t.value);
  }

  // ------------------------------------------------------------------------------------------ document

  document(): DqdlRuleset {
    const ruleset: DqdlRuleset = { rules: [], analyzers: [], variables: this.variables };
    if (this.isWord('Metadata')) ruleset.metadata = this.section('Metadata');
    if (this.isWord('DataSources')) ruleset.dataSources = this.section('DataSources');
    // variable declarations: `name = "value"` or `name = ["a", "b"]`
    while (this.isIdentifier() && this.isOp('=', 1) && !this.isWord('Rules', 'Analyzers', 'DefaultLabels')) this.variable();
    if (this.isWord('DefaultLabels')) {
      this.next();
      this.expectOp('=');
      ruleset.defaultLabels = this.labelList();
    }
    if (!this.isWord('Rules', 'Analyzers')) throw this.expected("'Rules = [ … ]'");
    if (this.isWord('Rules')) {
      this.next();
      this.expectOp('=');
      this.expectOp('[');
      if (!this.isOp(']')) {
        ruleset.rules.push(this.topLevelRule());
        while (this.isOp(',')) {
          this.next();
          ruleset.rules.push(this.topLevelRule());
        }
      }
      if (!this.isOp(']')) throw this.expected("',' between rules, or ']' after the last one");
      this.next();
    }
    if (this.isWord('Analyzers')) {
      this.next();
      this.expectOp('=');
      this.expectOp('[');
      if (!this.isOp(']')) {
        ruleset.analyzers.push(this.analyzer());
        while (this.isOp(',')) {
          this.next();
          ruleset.analyzers.push(this.analyzer());
        }
      }
      this.expectOp(']');
    }
    if (this.peek()) throw this.expected(ruleset.rules.length > 0 || ruleset.analyzers.length > 0 ? "',' between rules, or the end of the ruleset" : 'the end of the ruleset');
    return ruleset;
  }

  /** `Metadata = { "k": "v", "l": ["a"] }` */
  private section(name: string): Record<string, string | string[]> {
    this.expectWord(name);
    this.expectOp('=');
    this.expectOp('{');
    const out: Record<string, string | string[]> = {};
    do {
      if (this.isOp(',')) this.next();
      const key = this.next();
      if (key.kind !== 'string') throw this.error(`expected a quoted key but found ${describe(key)}`, key);
      this.expectOp(':');
      if (this.isOp('[')) {
        this.next();
        const values: string[] = [this.quoted('a quoted value')];
        while (this.isOp(',')) {
          this.next();
          values.push(this.quoted('a quoted value'));
        }
        this.expectOp(']');
        out[key.value] = values;
      } else out[key.value] = this.quoted('a quoted value or a list of them');
    } while (this.isOp(','));
    this.expectOp('}');
    return out;
  }

  private quoted(what: string): string {
    const t = this.peek();
    if (!t || (t.kind !== 'string' && t.kind !== 'date' && t.kind !== 'time')) throw this.expected(what);
    this.next();
    return t.value;
  }

  private variable(): void {
    const name = this.next().value;
    this.expectOp('=');
    if (this.isOp('[')) {
      this.next();
      const values = [this.stringValue()];
      while (this.isOp(',')) {
        this.next();
        values.push(this.stringValue());
      }
      this.expectOp(']');
      this.variables[name] = values;
    } else this.variables[name] = this.stringValue();
  }

  /** a variable's value: a quoted string, or another variable */
  private stringValue(): string {
    if (this.isOp('$')) {
      const ref = this.variableReference();
      const v = this.variables[ref.name];
      if (typeof v !== 'string') throw this.error(`variable $${ref.name} ${v === undefined ? 'is not declared' : 'is a list'}`);
      return v;
    }
    return this.quoted('a quoted string');
  }

  private variableReference(): { name: string; token: Token } {
    const dollar = this.expectOp('$');
    const t = this.peek();
    if (!this.isIdentifier(t)) throw this.expected('a variable name after $');
    this.next();
    return { name: t!.value, token: dollar };
  }

  private labelList(): Record<string, string> {
    this.expectOp('[');
    const labels: Record<string, string> = {};
    if (!this.isOp(']')) {
      do {
        if (this.isOp(',')) this.next();
        const key = this.quoted('a quoted label name');
        this.expectOp('=');
        labels[key] = this.quoted('a quoted label value');
      } while (this.isOp(','));
    }
    this.expectOp(']');
    return labels;
  }

  // ------------------------------------------------------------------------------------------ rules

  /** or-expressions of and-expressions of primaries; composite operands are parenthesized rules */
  private topLevelRule(): DqdlRule {
    const start = this.peek();
    let left = this.andRule();
    while (this.isWord('or', 'OR')) {
      this.next();
      const right = this.andRule();
      left = combine('or', left, right, this.position(start));
    }
    return left;
  }

  private andRule(): DqdlRule {
    const start = this.peek();
    let left = this.primaryRule();
    while (this.isWord('and', 'AND')) {
      this.next();
      const right = this.primaryRule();
      left = combine('and', left, right, this.position(start));
    }
    return left;
  }

  private primaryRule(): DqdlRule {
    if (this.isOp('(')) {
      this.next();
      const inner = this.topLevelRule();
      this.expectOp(')');
      const rule: DqdlRule = inner.kind === 'composite' ? { ...inner } : inner;
      if (this.isWord('labels')) {
        this.next();
        this.expectOp('=');
        rule.labels = this.labelList();
      }
      return rule;
    }
    const rule = this.dqRule();
    if (this.isWord('and', 'AND', 'or', 'OR'))
      throw this.error(`put each rule of a composite rule in parentheses: (${this.text.slice(rule.position.offset, this.peek()!.offset).trim()}) ${this.peek()!.value} (…)`);
    return rule;
  }

  private dqRule(): LeafRule {
    const typeToken = this.peek();
    if (!typeToken || typeToken.kind !== 'word' || KEYWORDS.has(typeToken.value)) throw this.expected('a rule type such as RowCount or IsComplete');
    this.next();
    const rule: LeafRule = { kind: 'rule', type: typeToken.value, parameters: this.parameters(), tags: [], position: this.position(typeToken) };
    if (this.startsCondition()) rule.condition = this.condition();
    if (this.isWord('where')) {
      this.next();
      const w = this.peek();
      if (!w || w.kind !== 'string') throw this.expected('a quoted where clause, e.g. where "age > 18"');
      this.next();
      rule.where = w.value;
    }
    if (this.isWord('labels')) {
      this.next();
      this.expectOp('=');
      rule.labels = this.labelList();
    }
    while (this.isWord('with')) {
      this.next();
      const tag = this.peek();
      if (!this.isIdentifier(tag)) throw this.expected('a tag after with, e.g. with threshold > 0.9');
      this.next();
      if (!this.startsCondition()) throw this.expected(`a condition after with ${tag!.value}`);
      const condition = this.condition();
      if (tag!.value === 'threshold') {
        if (condition.kind !== 'number') throw this.error('with threshold takes a number condition, e.g. with threshold > 0.9', tag);
        rule.threshold = condition;
      } else rule.tags.push({ name: tag!.value, condition });
    }
    return rule;
  }

  private parameters(): RuleParameter[] {
    const params: RuleParameter[] = [];
    for (;;) {
      const t = this.peek();
      let connector: string | undefined;
      if (t && t.kind === 'word' && ['of', 'OF', 'and', 'AND'].includes(t.value) && this.isParameterStart(this.peek(1))) {
        connector = t.value;
        this.next();
      }
      const p = this.peek();
      if (!this.isParameterStart(p)) {
        if (connector !== undefined) this.pos--;
        return params;
      }
      if (p!.kind === 'op') {
        const ref = this.variableReference();
        const v = this.variables[ref.name];
        if (typeof v !== 'string') throw this.error(`variable $${ref.name} ${v === undefined ? 'is not declared' : 'is a list, not one value'}`, ref.token);
        params.push({ value: v, quoted: true, ...(connector !== undefined ? { connector } : {}) });
      } else {
        this.next();
        params.push({ value: p!.value, quoted: p!.kind === 'string', ...(connector !== undefined ? { connector } : {}) });
      }
    }
  }

  private isParameterStart(t: Token | undefined): boolean {
    if (!t) return false;
    if (t.kind === 'string') return true;
    if (t.kind === 'op') return t.value === '$';
    return t.kind === 'word' && !KEYWORDS.has(t.value);
  }

  private startsCondition(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.kind === 'word') return ['between', 'in', 'not', 'matches'].includes(t.value);
    return t.kind === 'op' && ['>', '>=', '<', '<=', '=', '!'].includes(t.value);
  }

  // ------------------------------------------------------------------------------------------ conditions

  private condition(): Condition {
    const start = this.peek()!;
    let negated = false;
    if (this.isWord('not')) {
      this.next();
      negated = true;
      if (!this.isWord('between', 'in', 'matches')) throw this.expected("'between', 'in' or 'matches' after not");
    }
    const finish = <C extends Condition>(c: Omit<C, 'text'>): C => ({ ...c, text: this.text.slice(start.offset, this.endOffset()).trim() }) as C;
    if (this.isWord('matches')) {
      this.next();
      const pattern = this.peek();
      if (!pattern || (pattern.kind !== 'string' && pattern.kind !== 'date' && pattern.kind !== 'time')) throw this.expected('a quoted regular expression after matches');
      this.next();
      return finish({ kind: 'string', operator: negated ? 'notMatches' : 'matches', operands: [{ kind: 'string', value: pattern.value }] });
    }
    if (this.isWord('between')) {
      this.next();
      const kind = this.operandKind();
      const low = this.operand(kind);
      if (!this.isWord('and', 'AND')) throw this.expected("'and' between the two bounds");
      this.next();
      const high = this.operand(kind);
      return finish(this.typed(kind, negated ? 'notBetween' : 'between', [low, high]));
    }
    if (this.isWord('in')) {
      this.next();
      if (this.isOp('$')) {
        const ref = this.variableReference();
        const v = this.variables[ref.name];
        if (v === undefined) throw this.error(`variable $${ref.name} is not declared`, ref.token);
        const values = Array.isArray(v) ? v : [v];
        return finish({ kind: 'string', operator: negated ? 'notIn' : 'in', operands: values.map((value): StringOperand => ({ kind: 'string', value })) });
      }
      this.expectOp('[');
      const kind = this.listKind();
      const items = [this.operand(kind)];
      while (this.isOp(',')) {
        this.next();
        items.push(this.operand(kind));
      }
      this.expectOp(']');
      return finish(this.typed(kind, negated ? 'notIn' : 'in', items));
    }
    let operator: ComparisonOperator;
    if (this.isOp('!')) {
      this.next();
      this.expectOp('=');
      operator = 'ne';
    } else {
      const op = this.next().value;
      operator = ({ '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le', '=': 'eq' } as Record<string, ComparisonOperator>)[op]!;
    }
    const kind = this.operandKind();
    if (kind === 'string' && !['eq', 'ne'].includes(operator)) throw this.error(`a string can only be compared with = or !=, not ${start.text}`, start);
    return finish(this.typed(kind, operator, [this.operand(kind)]));
  }

  private endOffset(): number {
    const prev = this.tokens[this.pos - 1];
    return prev ? prev.offset + prev.text.length : 0;
  }

  private typed(kind: OperandKind, operator: ComparisonOperator, operands: unknown[]): Omit<Condition, 'text'> {
    if (kind === 'string') return { kind, operator: operator as 'eq' | 'ne' | 'in' | 'notIn', operands: operands as StringOperand[] };
    return { kind, operator, operands } as Omit<Condition, 'text'>;
  }

  /** the type of the operand that starts here (a NULL is a number, the grammar's first alternative) */
  private operandKind(ahead = 0): OperandKind {
    const t = this.peek(ahead);
    if (!t) throw this.expected('a value');
    if (t.kind === 'date' || t.kind === 'time' || t.kind === 'now') return 'date';
    if (t.kind === 'op' && t.value === '(' && this.peek(ahead + 1)?.kind === 'now') return 'date';
    if (t.kind === 'string') return 'string';
    if (t.kind === 'op' && t.value === '$') return 'string';
    if (t.kind === 'word' && ['EMPTY', 'empty', 'WHITESPACES_ONLY', 'whitespaces_only'].includes(t.value)) return 'string';
    if (t.kind === 'int' && this.peek(ahead + 1)?.kind === 'word') {
      const unit = this.peek(ahead + 1)!.value;
      if (DURATION_UNITS.includes(unit)) return 'duration';
      if (SIZE_UNITS.includes(unit)) return 'size';
    }
    return 'number';
  }

  /** a list's type: that of its first element that is not NULL (all NULL: number) */
  private listKind(): OperandKind {
    for (let i = 0; this.peek(i) && !(this.peek(i)!.kind === 'op' && this.peek(i)!.value === ']'); i++) {
      const t = this.peek(i)!;
      if (i > 0 && !(this.peek(i - 1)!.kind === 'op' && this.peek(i - 1)!.value === ',')) continue;
      if (t.kind === 'word' && (t.value === 'NULL' || t.value === 'null')) continue;
      return this.operandKind(i);
    }
    return 'number';
  }

  private operand(kind: OperandKind): unknown {
    switch (kind) {
      case 'number':
        return this.numeric();
      case 'string':
        return this.stringOperand();
      case 'date':
        return this.dateOperand();
      case 'duration': {
        const amount = this.integer();
        const unit = this.next();
        if (!DURATION_UNITS.includes(unit.value)) throw this.error(`expected days, hours or minutes but found ${describe(unit)}`, unit);
        return { amount, unit: unit.value as DurationUnit };
      }
      case 'size': {
        const amount = this.integer();
        const unit = this.next();
        if (!SIZE_UNITS.includes(unit.value)) throw this.error(`expected B, KB, MB, GB or TB but found ${describe(unit)}`, unit);
        return { amount, unit: unit.value as SizeUnit };
      }
    }
  }

  private integer(): number {
    const t = this.peek();
    if (!t || t.kind !== 'int') throw this.expected('a whole number');
    this.next();
    return Number(t.value);
  }

  private stringOperand(): StringOperand {
    const t = this.peek();
    if (!t) throw this.expected('a quoted string');
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.value };
    }
    if (t.kind === 'word' && ['NULL', 'null', 'EMPTY', 'empty', 'WHITESPACES_ONLY', 'whitespaces_only'].includes(t.value)) {
      this.next();
      return { kind: 'keyword', keyword: t.value.toUpperCase() as 'NULL' | 'EMPTY' | 'WHITESPACES_ONLY' };
    }
    if (this.isOp('$')) {
      const ref = this.variableReference();
      const v = this.variables[ref.name];
      if (typeof v !== 'string') throw this.error(`variable $${ref.name} ${v === undefined ? 'is not declared' : 'is a list, not one value'}`, ref.token);
      return { kind: 'string', value: v };
    }
    throw this.expected('a quoted string, NULL, EMPTY or WHITESPACES_ONLY');
  }

  private dateOperand(): DateOperand {
    const t = this.peek();
    if (!t) throw this.expected('a date');
    if (t.kind === 'date') {
      this.next();
      return { kind: 'date', text: t.value };
    }
    if (t.kind === 'time') {
      this.next();
      return { kind: 'time', text: t.value };
    }
    if (t.kind === 'now') {
      this.next();
      return { kind: 'now' };
    }
    if (t.kind === 'word' && (t.value === 'NULL' || t.value === 'null')) {
      this.next();
      return { kind: 'null' };
    }
    if (this.isOp('(') && this.peek(1)?.kind === 'now') {
      this.next();
      this.next();
      const sign = this.next();
      if (sign.kind !== 'op' || (sign.value !== '-' && sign.value !== '+')) throw this.error(`expected - or + after now() but found ${describe(sign)}`, sign);
      const amount = this.integer();
      const unit = this.next();
      if (!DURATION_UNITS.includes(unit.value)) throw this.error(`expected days, hours or minutes but found ${describe(unit)}`, unit);
      this.expectOp(')');
      return { kind: 'nowOffset', sign: sign.value, amount, unit: unit.value as DurationUnit };
    }
    throw this.expected('a date ("2023-01-31"), now() or (now() - 3 days)');
  }

  /** `number (op number)*`, one precedence, left to right */
  private numeric(): NumericOperand {
    let left = this.numericPrimary();
    while (this.peek()?.kind === 'op' && ['+', '-', '*', '/'].includes(this.peek()!.value)) {
      const operator = this.next().value as '+' | '-' | '*' | '/';
      const right = this.numericPrimary();
      left = { kind: 'binary', operator, left, right, parenthesized: false };
    }
    return left;
  }

  private numericPrimary(): NumericOperand {
    const t = this.peek();
    if (!t) throw this.expected('a number');
    if (t.kind === 'int' || t.kind === 'decimal') {
      this.next();
      return { kind: 'number', text: t.value, value: Number(t.value) };
    }
    if (t.kind === 'op' && t.value === '-' && (this.peek(1)?.kind === 'int' || this.peek(1)?.kind === 'decimal')) {
      this.next();
      const n = this.next();
      return { kind: 'number', text: `-${n.value}`, value: -Number(n.value) };
    }
    if (t.kind === 'word' && (t.value === 'NULL' || t.value === 'null')) {
      this.next();
      return { kind: 'null' };
    }
    if (t.kind === 'op' && t.value === '(') {
      this.next();
      const inner = this.numeric();
      this.expectOp(')');
      return inner.kind === 'binary' || inner.kind === 'call' ? { ...inner, parenthesized: true } : inner;
    }
    if (this.isIdentifier(t) && this.isOp('(', 1)) {
      this.next();
      this.next();
      const args: NumericOperand[] = [];
      if (!this.isOp(')')) {
        args.push(this.numeric());
        while (this.isOp(',')) {
          this.next();
          args.push(this.numeric());
        }
      }
      this.expectOp(')');
      return { kind: 'call', name: t.value, args, parenthesized: false };
    }
    throw this.expected('a number');
  }

  private analyzer(): DqdlAnalyzer {
    const t = this.peek();
    if (!t || t.kind !== 'word' || KEYWORDS.has(t.value)) throw this.expected('an analyzer type such as Completeness');
    this.next();
    return { type: t.value, parameters: this.parameters(), position: this.position(t) };
  }
}

type OperandKind = 'number' | 'string' | 'date' | 'duration' | 'size';

function combine(operator: 'and' | 'or', left: DqdlRule, right: DqdlRule, position: DqdlPosition): DqdlRule {
  return { kind: 'composite', operator, rules: [left, right], position };
}

/**
 * Parses a DQDL ruleset (`Rules = [ … ]`). `base` places the text in its file (a Glue script's string literal), so
 * errors name the file, line and column there.
 */
export function parseDqdl(text: string, base: SourceBase = {}): DqdlRuleset {
  const parser = new Parser(tokenize(text, base), text, base);
  return parser.document();
}
