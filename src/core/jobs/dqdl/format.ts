/**
 * A rule as text, the way Glue prints it in a rule outcome's `Rule` field — DQRule.toString in awslabs/dqdl
 * (src/com/amazonaws/glue/ml/dataquality/dqdl/model/DQRule.java, commit d360214): the type, each parameter (quoted as
 * written, after its connector word), the condition in its canonical form (`between 1 and 5`, `> 0.9`, `in ["a","b"]`
 * — list items joined by "," without a space), ` where "…"`, ` with threshold …`; composites as `(A) and (B)`, a chain
 * of one operator flattened.
 */
import type { Condition, DateOperand, DqdlRule, NumericOperand, StringOperand } from './ast';

function numeric(o: NumericOperand): string {
  switch (o.kind) {
    case 'number':
      return o.text;
    case 'null':
      return 'NULL';
    case 'binary': {
      const text = `${numeric(o.left)} ${o.operator} ${numeric(o.right)}`;
      return o.parenthesized ? `(${text})` : text;
    }
    case 'call': {
      const text = `${o.name}(${o.args.map(numeric).join(',')})`;
      return o.parenthesized ? `(${text})` : text;
    }
  }
}

function stringOperand(o: StringOperand): string {
  if (o.kind === 'string') return `"${o.value}"`;
  if (o.kind === 'keyword') return o.keyword;
  return `$${o.name}`;
}

function date(o: DateOperand): string {
  switch (o.kind) {
    case 'date':
    case 'time':
      return `"${o.text}"`;
    case 'now':
      return 'now()';
    case 'nowOffset':
      return `(now() ${o.sign} ${o.amount} ${o.unit})`;
    case 'null':
      return 'NULL';
  }
}

const SYMBOL: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '=', ne: '!=' };

export function formatCondition(c: Condition): string {
  const items: string[] = (() => {
    switch (c.kind) {
      case 'number':
        return c.operands.map(numeric);
      case 'string':
        return c.operands.map(stringOperand);
      case 'date':
        return c.operands.map(date);
      case 'duration':
      case 'size':
        return c.operands.map((o) => `${o.amount} ${o.unit}`);
    }
  })();
  switch (c.operator) {
    case 'between':
      return `between ${items[0]} and ${items[1]}`;
    case 'notBetween':
      return `not between ${items[0]} and ${items[1]}`;
    case 'in':
      return `in [${items.join(',')}]`;
    case 'notIn':
      return `not in [${items.join(',')}]`;
    case 'matches':
      return `matches ${items[0]}`;
    case 'notMatches':
      return `not matches ${items[0]}`;
    default:
      return `${SYMBOL[c.operator]} ${items[0]}`;
  }
}

function flatten(rule: DqdlRule, operator: 'and' | 'or'): DqdlRule[] {
  if (rule.kind === 'composite' && rule.operator === operator && rule.labels === undefined) return rule.rules.flatMap((r) => flatten(r, operator));
  return [rule];
}

export function formatRule(rule: DqdlRule): string {
  if (rule.kind === 'composite') return flatten(rule, rule.operator).map((r) => `(${formatRule(r)})`).join(` ${rule.operator} `);
  const parts = [rule.type];
  for (const p of rule.parameters) parts.push(`${p.connector !== undefined ? `${p.connector} ` : ''}${p.quoted ? `"${p.value}"` : p.value}`);
  if (rule.condition) parts.push(formatCondition(rule.condition));
  if (rule.where !== undefined && rule.where.trim() !== '') parts.push(`where "${rule.where}"`);
  if (rule.threshold) parts.push(`with threshold ${formatCondition(rule.threshold)}`);
  for (const t of rule.tags) parts.push(`with ${t.name} ${formatCondition(t.condition)}`);
  if (rule.labels && Object.keys(rule.labels).length > 0) parts.push(`labels=[${Object.entries(rule.labels).map(([k, v]) => `"${k}"="${v}"`).join(', ')}]`);
  return parts.join(' ');
}
