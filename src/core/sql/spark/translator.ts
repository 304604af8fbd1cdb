/**
 * The state of one statement's translation and the services the rules share: errors at source positions (Spark's
 * words), identifiers, column resolution (case-insensitive, as Spark resolves), unique DuckDB names.
 */
import type { ParserRuleContext } from 'antlr4ng';
import { SparkSqlParser, type ErrorCapturingIdentifierContext, type IdentifierContext, type StrictIdentifierContext, type WindowSpecContext } from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import type { LakehouseError } from '../../errors';
import { at, type Sql } from '../dialects/emit';
import { notSupported, SourceText } from '../dialects/refuse';
import { rowFieldKey, T, type SqlType } from '../dialects/sqlType';
import type { GlueVersion, Scope, ScopeColumn, SparkTranslateOptions, Typed } from './model';
import { runtimeErrorSuffix } from './runtimeError';
import { sql, str } from './sqlText';
import { sparkTypeName } from './types';

export class Translator {
  readonly source: SourceText;
  readonly glueVersion: GlueVersion;
  private readonly usedNames = new Set<string>();
  /** how deep in lambdas the walk is (names their parameters) */
  lambdaDepth = 0;
  /** the WINDOW clause's named windows of the query being translated (lower case) */
  windows = new Map<string, WindowSpecContext>();
  /**
   * the GROUP BY expressions of the query being translated, for grouping_id(): a fragment its select list refers
   * to, filled once GROUP BY is translated (GROUP BY may name the select list's aliases)
   */
  groupingColumns: { parts: Sql[] } | undefined;

  constructor(
    readonly text: string,
    readonly options: SparkTranslateOptions,
  ) {
    this.source = new SourceText(text, options.base);
    const version = options.glueVersion ?? '5.0';
    if (version !== '4.0' && version !== '5.0')
      throw notSupported(this.source, 0, `The Spark SQL of glueVersion ${version}`, 'the local engine runs the Spark SQL of glueVersion 4.0 (Spark 3.3) and 5.0 (Spark 3.5)', 'Spark');
    this.glueVersion = version;
  }

  /** Spark 3.3 (Glue 4.0) rather than 3.5 (Glue 5.0) */
  get spark33(): boolean {
    return this.glueVersion === '4.0';
  }

  // ---------------------------------------------------------------- errors

  /** An error at the source node (or offset), as Spark words it. */
  fail(node: ParserRuleContext | number, message: string): LakehouseError {
    return this.source.error(offsetOf(node), message);
  }

  /** `<what> is not supported by the local engine (Spark has it)` at the node. */
  unsupported(node: ParserRuleContext | number, what: string, why?: string): LakehouseError {
    return notSupported(this.source, offsetOf(node), what, why, 'Spark');
  }

  /**
   * DuckDB's `error(…)`: the query fails when a row reaches it (Spark's runtime errors, and refusals that depend on
   * the data), its message ending with where the failing expression is — ` [at line L, column C]`, the position in
   * the statement's file (runtimeError.ts reads it back from DuckDB's message).
   */
  runtimeError(node: ParserRuleContext | number, message: Sql | string): Sql {
    const text = typeof message === 'string' ? str(message) : message;
    return sql`error((${text}) || ${str(runtimeErrorSuffix(this.source.position(offsetOf(node))))})`;
  }

  /** A function Spark 3.5 has that the job's Spark 3.3 (Glue 4.0) does not: Spark's error for an unknown function. */
  notIn33(node: ParserRuleContext | number, name: string, since: string): LakehouseError {
    return this.fail(node, `[UNRESOLVED_ROUTINE] Cannot resolve function \`${name}\`: Glue 4.0 runs Spark 3.3, and ${name} is Spark ${since}'s (glueVersion 5.0 has it)`);
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

  /**
   * An identifier as Spark reads it: backquotes removed (case kept). A double-quoted text is a string in Spark (its
   * default `spark.sql.ansi.doubleQuotedIdentifiers=false`), never a name.
   */
  identifier(ctx: IdentifierContext | ErrorCapturingIdentifierContext | StrictIdentifierContext): string {
    if ('errorCapturingIdentifierExtra' in ctx && ctx.errorCapturingIdentifierExtra().getChildCount() > 0) {
      const text = ctx.getText();
      throw this.fail(ctx, `[INVALID_IDENTIFIER] The identifier ${text} is invalid. Please, consider quoting it with back-quotes as \`${text}\`.`);
    }
    const raw = ctx.getText();
    if (raw.startsWith('`')) return raw.slice(1, -1).replace(/``/g, '`');
    if (raw.startsWith('"') || raw.startsWith("'")) throw this.fail(ctx, `[PARSE_SYNTAX_ERROR] Syntax error at or near '${raw}'`);
    return raw;
  }

  // ---------------------------------------------------------------- columns

  /**
   * Resolves a (possibly qualified) name against the scope chain, as Spark's analyzer does: a lambda variable; a
   * relation's qualifier then a column (the longest qualifier first); a column then struct fields. Names are
   * case-insensitive. Spark's errors: `[UNRESOLVED_COLUMN…]`, `[AMBIGUOUS_REFERENCE]`.
   */
  resolve(parts: string[], scope: Scope | undefined, node: ParserRuleContext): Typed {
    const offset = offsetOf(node);
    const lower = parts.map((p) => p.toLowerCase());
    for (let s = scope; s; s = s.parent) {
      const lambda = s.lambdas?.get(lower[0]!);
      if (lambda) return this.fields({ ...lambda, at: offset, name: parts[0]! }, parts.slice(1), node);
      for (let k = Math.min(parts.length - 1, 3); k >= 1; k--) {
        const qualifier = lower.slice(0, k);
        const found: ScopeColumn[] = [];
        for (const r of s.relations) {
          if (!r.qualifiers.some((q) => isSuffix(qualifier, q))) continue;
          for (const c of r.columns) if (c.name.toLowerCase() === lower[k]) found.push(c);
        }
        if (found.length > 1) throw this.ambiguous(parts.slice(0, k + 1), node);
        if (found.length === 1) return this.fields(columnTyped(found[0]!, offset), parts.slice(k + 1), node);
      }
      const merged = s.using?.get(lower[0]!);
      if (merged) return this.fields(columnTyped(merged, offset), parts.slice(1), node);
      const found = s.relations.flatMap((r) => r.columns.filter((c) => c.name.toLowerCase() === lower[0]));
      if (found.length > 1) throw this.ambiguous(parts.slice(0, 1), node);
      if (found.length === 1) return this.fields(columnTyped(found[0]!, offset), parts.slice(1), node);
    }
    if (lower[0] === 'window' || lower[0] === 'session_window') throw this.unsupported(node, `${lower[0]}(…) time windows`);
    // no column has the name: CURRENT_DATE and the like are the functions (AstBuilder.visitCurrentLike, outside ANSI)
    if (parts.length === 1 && lower[0] === 'current_date') return { sql: at(offset, 'current_date'), type: T.date, at: offset, name: 'current_date()', atom: true };
    if (parts.length === 1 && lower[0] === 'current_timestamp') return { sql: at(offset, 'CAST(get_current_timestamp() AS TIMESTAMP)'), type: T.timestamp(6), at: offset, name: 'current_timestamp()', atom: true };
    if (parts.length === 1 && ['current_user', 'user', 'session_user'].includes(lower[0]!)) throw this.unsupported(node, lower[0]!, "the user a Glue job runs as is AWS's");
    // the runner's placeholder of a frame with no fields (`__lakehouse_…`) is no column to suggest
    const candidates = (scope?.relations ?? []).flatMap((r) => r.columns.filter((c) => !c.name.startsWith('__lakehouse_')).map((c) => `\`${c.name}\``));
    const name = parts.map((p) => `\`${p}\``).join('.');
    // Spark's error class UNRESOLVED_COLUMN: WITHOUT_SUGGESTION when the query's relations have no column at all
    throw this.fail(
      node,
      candidates.length === 0
        ? `[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name ${name} cannot be resolved.`
        : `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name ${name} cannot be resolved. Did you mean one of the following? [${candidates.slice(0, 5).join(', ')}].`,
    );
  }

  private ambiguous(parts: string[], node: ParserRuleContext): LakehouseError {
    return this.fail(node, `[AMBIGUOUS_REFERENCE] Reference ${parts.map((p) => `\`${p}\``).join('.')} is ambiguous.`);
  }

  /** `base.f1.f2…`: struct fields (case-insensitive). */
  fields(base: Typed, names: string[], node: ParserRuleContext): Typed {
    let e = base;
    for (const n of names) e = this.field(e, n, node);
    return e;
  }

  field(base: Typed, name: string, node: ParserRuleContext): Typed {
    // a field of an array of structs is the array of each element's field (ExtractValue's GetArrayStructFields): a
    // null array null, a null element a null value
    if (base.type.kind === 'array' && base.type.element.kind === 'row') {
      const e = this.field({ sql: sql`_lh_e`, type: base.type.element, at: base.at, atom: true }, name, node);
      return { sql: at(offsetOf(node), sql`list_transform(${base.sql}, lambda _lh_e: ${e.sql})`), type: T.array(e.type), at: offsetOf(node), name: e.name, atom: true, column: true };
    }
    const t = base.type;
    if (t.kind !== 'row') {
      throw this.fail(node, `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from ${base.name ?? 'the expression'}. Need a complex type [STRUCT, ARRAY, MAP] but got "${sparkTypeName(t).toUpperCase()}".`);
    }
    const matches = t.fields.map((f, i) => ({ f, i })).filter(({ f }) => (f.name ?? '').toLowerCase() === name.toLowerCase());
    if (matches.length === 0) throw this.fail(node, `[FIELD_NOT_FOUND] No such struct field \`${name}\` in ${t.fields.map((f) => `\`${f.name}\``).join(', ')}.`);
    if (matches.length > 1) throw this.fail(node, `[AMBIGUOUS_REFERENCE_TO_FIELDS] Ambiguous reference to the field \`${name}\`. It appears ${matches.length} times in the schema.`);
    const { f, i } = matches[0]!;
    return { sql: at(offsetOf(node), sql`struct_extract(${base.sql}, ${str(rowFieldKey(f, i))})`), type: f.type, at: offsetOf(node), name: f.name ?? name, atom: true, column: true };
  }

  /** A parenthesised form of an expression's SQL when it is not an atom. */
  paren(e: Typed): Sql {
    return e.atom ? e.sql : sql`(${e.sql})`;
  }
}

function columnTyped(c: ScopeColumn, offset: number): Typed {
  return { sql: c.ref, type: c.type, at: offset, name: c.name, atom: true, column: true };
}

export function offsetOf(node: ParserRuleContext | number): number {
  return typeof node === 'number' ? node : (node.start?.start ?? 0);
}

/** `['t']` is a suffix of `['db', 't']` (lower case). */
function isSuffix(qualifier: string[], full: string[]): boolean {
  if (qualifier.length > full.length) return false;
  const offset = full.length - qualifier.length;
  return qualifier.every((q, i) => q === full[offset + i]);
}

/** the type of a column of `SqlType` (re-exported for rules) */
export type { SqlType };
export { SparkSqlParser };
