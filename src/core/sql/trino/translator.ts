/**
 * The state of one statement's translation and the services the rules share: errors at source positions, names,
 * identifiers, column resolution, implicit coercion. The expression and query walkers (expressions.ts, queries.ts)
 * and the function tables (functions/) work through it.
 */
import type { ParserRuleContext } from 'antlr4ng';
import {
  BackQuotedIdentifierContext,
  DigitIdentifierContext,
  QuotedIdentifierContext,
  type IdentifierContext,
  type QualifiedNameContext,
} from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { LakehouseError } from '../../errors';
import { at, failure, sql, type Sql } from '../dialects/emit';
import { notSupported, SourceText } from '../dialects/refuse';
import { rowFieldKey, trinoTypeName, type SqlType } from '../dialects/sqlType';
import { castSql } from './casts';
import type { Scope, ScopeColumn, TranslateOptions, Typed } from './model';
import { canCoerce, commonSuperTypeOf } from './typing';

/**
 * Words of Athena's list of reserved keywords in SELECT statements (reserved-words.md, "If you use these keywords as
 * identifiers, you must enclose them in double quotes") that Trino's grammar, which the parser follows, reads as
 * identifiers; the list's other words the parser already refuses (its `UNESCAPE` is Trino's `UESCAPE`).
 */
const ATHENA_RESERVED = new Set(['FIRST', 'LAST', 'OF']);

/** A TRY(…) being translated: where it is, and the refusals to check before it (Translator.refuseWhen). */
export interface TryFrame {
  lambdaDepth: number;
  queryDepth: number;
  refusals: { cond: Sql; message: Sql }[];
}

export class Translator {
  readonly source: SourceText;
  private readonly usedNames = new Set<string>();
  /** how deep in lambdas the walk is (names their parameters) */
  lambdaDepth = 0;
  /** how deep in queries the walk is (a subquery is one deeper than its query) */
  queryDepth = 0;
  /** the TRY(…) calls being translated, innermost last, with the refusals checked before each (refuseWhen) */
  readonly tryFrames: TryFrame[] = [];
  /**
   * The SELECT whose rows are the statement's result, when the result is shown (`options.display`) and the query is
   * one plain SELECT (no set operation): its columns may be Athena's text of a value (see querySpecification).
   */
  shownSelect?: object;
  /** offsets of `CORRESPONDING` after set operators (parser.ts withoutCorresponding) */
  corresponding: number[] = [];
  /** the SELECTs of subqueries in FROM and of WITH queries: they carry companions of per-row zones (OutputColumn.hidden) */
  readonly companionSelects = new Set<object>();

  constructor(
    readonly text: string,
    readonly options: TranslateOptions,
  ) {
    this.source = new SourceText(text, options.base);
  }

  // ---------------------------------------------------------------- errors

  /** An error at the source node (or offset), as Trino words it. */
  fail(node: ParserRuleContext | number, message: string): LakehouseError {
    return this.source.error(offsetOf(node), message);
  }

  /** `<what> is not supported by the local engine (Athena has it)` at the node. */
  unsupported(node: ParserRuleContext | number, what: string, why?: string): LakehouseError {
    return notSupported(this.source, offsetOf(node), what, why);
  }

  /** inside TRY(…): a failure the translation checks for gives NULL instead of an error */
  get inTry(): boolean {
    return this.tryFrames.length > 0;
  }

  /**
   * SQL that refuses, naming `what`, a row for which `cond` holds — the local engine cannot give Athena's answer
   * there — and is otherwise NULL (to sit in a CASE branch). DuckDB's TRY takes no `error()` (a volatile function)
   * and would turn any error into NULL, so inside TRY(…) the check is made before the TRY, over the same row
   * (`CASE WHEN TRY(cond) THEN error(…) ELSE TRY(…) END`): a refusal is never a NULL. Where the check cannot leave
   * the TRY — in a lambda or a subquery inside it, whose names are not in scope outside — the construct is
   * refused when translated, inside TRY only.
   */
  refuseWhen(node: ParserRuleContext | number, cond: Sql, message: Sql, what: string): Sql {
    const frame = this.tryFrames[this.tryFrames.length - 1];
    if (frame === undefined) return sql`error(${message})`;
    if (frame.lambdaDepth !== this.lambdaDepth || frame.queryDepth !== this.queryDepth)
      throw this.unsupported(node, `${what} inside TRY, in a lambda or subquery`, 'move the TRY inside the lambda or subquery');
    frame.refusals.push({ cond, message });
    return 'NULL';
  }

  /** A runtime failure with Trino's message (SQL giving the text); TRY(…) turns it into NULL. */
  raise(message: Sql, _type?: SqlType): Sql {
    return failure(message);
  }

  // ---------------------------------------------------------------- names

  /** A DuckDB alias not used before in this statement, close to `wanted`. */
  uniqueName(wanted: string): string {
    const base = wanted.replace(/[^A-Za-z0-9_$]/g, '_').slice(0, 40) || 'r';
    let name = base;
    for (let i = 2; this.usedNames.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    this.usedNames.add(name.toLowerCase());
    return name;
  }

  /** An identifier's name as Trino reads it: lower-cased unless quoted. Backquotes fail as in Trino. */
  identifier(ctx: IdentifierContext): string {
    const raw = ctx.getText();
    if (ctx instanceof QuotedIdentifierContext) return raw.slice(1, -1).replace(/""/g, '"').toLowerCase();
    if (ctx instanceof BackQuotedIdentifierContext) throw this.fail(ctx, 'backquoted identifiers are not supported; use double quotes to quote identifiers');
    if (ctx instanceof DigitIdentifierContext) throw this.fail(ctx, 'identifiers must not start with a digit; surround the identifier with double quotes');
    if (ATHENA_RESERVED.has(raw.toUpperCase())) throw this.fail(ctx, `mismatched input '${raw}': ${raw.toUpperCase()} is a reserved keyword in Athena; quote it as an identifier: "${raw}"`);
    return raw.toLowerCase();
  }

  /** An identifier as written (quotes removed, case kept), for output column names. */
  identifierAsWritten(ctx: IdentifierContext): string {
    const raw = ctx.getText();
    if (ctx instanceof QuotedIdentifierContext) return raw.slice(1, -1).replace(/""/g, '"');
    this.identifier(ctx);
    return raw;
  }

  qualifiedName(ctx: QualifiedNameContext): string[] {
    return ctx.identifier().map((i) => this.identifier(i));
  }

  // ---------------------------------------------------------------- columns

  /**
   * Resolves a (possibly qualified) name against the scope chain: a lambda parameter, then the longest relation
   * qualifier that names a column, then an unqualified column; what is left are row fields. Trino's errors:
   * `Column 'x' cannot be resolved`, `Column 'x' is ambiguous`.
   */
  resolve(parts: string[], scope: Scope | undefined, node: ParserRuleContext): Typed {
    const offset = offsetOf(node);
    for (let s = scope; s; s = s.parent) {
      const lambda = s.lambdas?.get(parts[0]!);
      if (lambda) return this.fields({ ...lambda, at: offset, name: parts[0]! }, parts.slice(1), node);
      // qualified: longest qualifier first
      for (let k = Math.min(parts.length - 1, 3); k >= 1; k--) {
        const qualifier = parts.slice(0, k);
        const column = parts[k]!;
        const found: ScopeColumn[] = [];
        for (const r of s.relations) {
          if (!isSuffix(qualifier, r.qualifier)) continue;
          for (const c of r.columns) if (c.name?.toLowerCase() === column) found.push(c);
        }
        if (found.length > 1) throw this.fail(node, `Column '${parts.slice(0, k + 1).join('.')}' is ambiguous`);
        if (found.length === 1) return this.fields({ sql: found[0]!.ref, type: found[0]!.type, at: offset, name: column, atom: true, ...(found[0]!.rowZone ? { rowZone: found[0]!.rowZone } : {}) }, parts.slice(k + 1), node);
      }
      const name = parts[0]!;
      const merged = s.using?.get(name);
      if (merged) return this.fields({ sql: merged.ref, type: merged.type, at: offset, name, atom: true }, parts.slice(1), node);
      const found = s.relations.flatMap((r) => r.columns.filter((c) => c.name?.toLowerCase() === name));
      if (found.length > 1) throw this.fail(node, `Column '${name}' is ambiguous`);
      if (found.length === 1) return this.fields({ sql: found[0]!.ref, type: found[0]!.type, at: offset, name, atom: true, ...(found[0]!.rowZone ? { rowZone: found[0]!.rowZone } : {}) }, parts.slice(1), node);
    }
    throw this.fail(node, `Column '${parts.join('.')}' cannot be resolved`);
  }

  /** `base.f1.f2…`: row fields. */
  fields(base: Typed, names: string[], node: ParserRuleContext): Typed {
    let e = base;
    for (const n of names) e = this.field(e, n, node);
    return e;
  }

  field(base: Typed, name: string, node: ParserRuleContext): Typed {
    const t = base.type;
    if (t.kind !== 'row') throw this.fail(node, `Expression ${describe(base)} is not of type ROW`);
    const index = t.fields.findIndex((f) => f.name === name);
    if (index < 0) throw this.fail(node, `Column '${name}' cannot be resolved`);
    const f = t.fields[index]!;
    return { sql: at(offsetOf(node), sql`struct_extract(${base.sql}, '${rowFieldKey(f, index).replace(/'/g, "''")}')`), type: f.type, at: offsetOf(node), name, atom: true };
  }

  // ---------------------------------------------------------------- types

  /** `e` converted implicitly to `to` (Trino's coercions); fails as Trino does when there is none. */
  coerce(e: Typed, to: SqlType, node?: ParserRuleContext): Typed {
    if (!canCoerce(e.type, to)) throw this.fail(node ?? e.at, `Cannot cast ${trinoTypeName(e.type)} to ${trinoTypeName(to)}`);
    const { rowZone, ...rest } = e;
    // a value converted to another timestamp with time zone is the same instant in the same zone
    return { ...rest, sql: castSql(this, e, to, 'implicit'), type: to, ...(rowZone && to.kind === 'timestamptz' && to.zone === undefined ? { rowZone } : {}) };
  }

  /** The common super type of the expressions, converted to it; `what` names the construct in the error. */
  unify(items: Typed[], what: string, node: ParserRuleContext | number): { type: SqlType; items: Typed[] } {
    const type = commonSuperTypeOf(items.map((i) => i.type));
    if (!type) throw this.fail(node, `All ${what} must be the same type: ${items.map((i) => trinoTypeName(i.type)).join(', ')}`);
    return { type, items: items.map((i) => this.coerce(i, type)) };
  }

  /** A parenthesised form of an expression's SQL when it is not an atom. */
  paren(e: Typed): Sql {
    return e.atom ? e.sql : sql`(${e.sql})`;
  }
}

export function offsetOf(node: ParserRuleContext | number): number {
  return typeof node === 'number' ? node : (node.start?.start ?? 0);
}

/** `['stedi','t']` is a suffix of `['awsdatacatalog','stedi','t']` (case already folded). */
function isSuffix(qualifier: string[], full: string[]): boolean {
  if (qualifier.length > full.length) return false;
  const offset = full.length - qualifier.length;
  return qualifier.every((q, i) => q === full[offset + i]);
}

function describe(e: Typed): string {
  return e.name ?? trinoTypeName(e.type);
}
