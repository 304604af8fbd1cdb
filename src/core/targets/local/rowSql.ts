/**
 * A Python record predicate (expr.ts RowExpr, from Filter.apply(f=lambda row: …)) compiled to a DuckDB condition with
 * Python's semantics, once the types of the frame's fields are known. Each sub-expression compiles to its value and
 * to the condition under which Python raises evaluating it: Glue's Filter drops a record whose predicate raises
 * (awslabs/aws-glue-libs awsglue/dynamicframe.py: KeyError, ValueError and TypeError return False; other exceptions
 * make the record an error record, not in the output either). So `None == 0` is False, `None < 0` raises (dropped),
 * `not None` is True, `row["missing"]` raises KeyError.
 *
 * A NULL in DuckDB is either a key the record does not have (KeyError) or a key holding JSON null (None), which can
 * give different answers (`not(row["x"] == 0)`). The predicate is compiled for each combination of the fields that
 * may be either; where the combinations disagree for a record the run fails naming the construct (the runner knows,
 * for JSON sources, the fields that are only ever absent). Python's built-ins and str methods are in rowCalls.ts, the
 * value type and SQL pieces in rowValues.ts.
 */
import type { ArithOp, Pos, RowExpr } from '../../jobs/expr';
import { pythonRegexToRe2 } from '../../jobs/pyregex';
import { ident, literal } from './duck';
import { pyKind, UNDECIDED_MARKER, unsupportedAt, type FrameCol } from './frames';

export { UNDECIDED_MARKER };
import { structField } from './colSql';
import { callSql, indexSql, methodSql, sliceSql } from './rowCalls';
import { F, T, and, constant, isNull, not, numeric, or, orFalse, pyEq, raising, sameKind, wide, type Kind, type PV } from './rowValues';

export interface RowCompileInput {
  file: string;
  cols: FrameCol[];
  /** top-level fields whose NULL is known to be a missing key (JSON sources without an explicit null) */
  absentOnly: Set<string>;
  construct: string;
  /** where the function is, for the message of a record the local engine cannot decide */
  pos: Pos;
  /**
   * the member types (Glue's names, glueSchema.ts) of the top-level ChoiceType fields the function reads: one whose
   * values are whole numbers only (int and long) is read as Python reads each record's value, an int; any other
   * choice is refused where it is read
   */
  choices?: ReadonlyMap<string, readonly string[]>;
}

export interface CompiledPredicate {
  sql: string;
  /** notes for the run's log (a key spelled with a different case than the field) */
  notes: string[];
}


const MAX_UNCERTAIN = 4;
/** how many fields that may be null or missing a function may read (each doubles the variants compiled) */
export const MAX_UNCERTAIN_FIELDS = MAX_UNCERTAIN;

/** The fields an expression reads whose NULL may be a missing key or None (not decided by `absentOnly`). */
export function uncertainPaths(expr: RowExpr, input: RowCompileInput): string[] {
  const probe = new RowCompiler(input, new Set(input.absentOnly));
  try {
    probe.compile(expr);
  } catch {
    return []; // compiling it again says what is wrong
  }
  return [...probe.nullablePaths].filter((p) => !input.absentOnly.has(p));
}

export function compileRowPredicate(expr: RowExpr, input: RowCompileInput): CompiledPredicate {
  const probe = new RowCompiler(input, new Set(input.absentOnly));
  probe.compile(expr);
  const uncertain = [...probe.nullablePaths].filter((p) => !input.absentOnly.has(p));
  if (uncertain.length > MAX_UNCERTAIN)
    throw unsupportedAt(
      input.file,
      input.pos,
      `the function given to ${input.construct}`,
      `it reads more than ${MAX_UNCERTAIN} fields that may be null or missing (${uncertain.join(', ')}), which the local engine cannot tell apart here`,
      'test them with "is not None" first, or filter in an SQL Query node',
    );
  const variants: string[] = [];
  for (let mask = 0; mask < 1 << uncertain.length; mask++) {
    const absent = new Set(input.absentOnly);
    uncertain.forEach((p, i) => {
      if (mask & (1 << i)) absent.add(p);
    });
    const c = new RowCompiler(input, absent);
    const v = c.compile(expr);
    variants.push(and(not(v.raises), truth(v, input, expr.pos)));
  }
  const distinct = [...new Set(variants)];
  if (distinct.length === 1) return { sql: distinct[0]!, notes: probe.notes };
  const first = distinct[0]!;
  const agree = distinct.slice(1).map((v) => `(${v}) = (${first})`).join(' AND ');
  const message = `${UNDECIDED_MARKER} ${input.file}:${input.pos.line}:${input.pos.column}: the function given to ${input.construct} cannot run on the local engine: a record has no value for ${uncertain.join(' or ')}, and Python's answer depends on whether the record (its JSON, or what a transform made of it) holds the key with null (None) or not at all (KeyError), which the local engine does not tell apart for this data; test the field first: row["${uncertain[0]!.split('.')[0]}"] is not None and …`;
  return { sql: `CASE WHEN ${agree} THEN ${first} ELSE error(${literal(message)}) END`, notes: probe.notes };
}

/**
 * A value a Map function gives a key, for the records its function does not raise on (those are dropped by the
 * mapping's check, compiled as a predicate). Where its value depends on whether a NULL is a missing key or None, the
 * run stops for such a record naming the construct, as for a predicate.
 */
export function compileRowValue(expr: RowExpr, input: RowCompileInput, key: string): string {
  const probe = new RowCompiler(input, new Set(input.absentOnly));
  const first = probe.compile(expr);
  const refuse = (why: string): Error => unsupportedAt(input.file, expr.pos, `the value of ${key} in the function given to ${input.construct}`, why, 'compute it in DataFrame code (withColumn) instead');
  if (first.kind === 'none') throw refuse('it is None, a field with no type (Glue writes it as a NullType field)');
  if (first.kind === 'match' || first.kind === 'mixed') throw refuse(`a value of ${first.kind === 'match' ? 'a re match object' : 'a type known only per record'} is not translated`);
  const uncertain = [...probe.nullablePaths].filter((p) => !input.absentOnly.has(p));
  if (uncertain.length > MAX_UNCERTAIN) throw refuse(`it reads more than ${MAX_UNCERTAIN} fields that may be null or missing (${uncertain.join(', ')})`);
  const variants: string[] = [];
  for (let mask = 0; mask < 1 << uncertain.length; mask++) {
    const absent = new Set(input.absentOnly);
    uncertain.forEach((p, i) => {
      if (mask & (1 << i)) absent.add(p);
    });
    const v = new RowCompiler(input, absent).compile(expr);
    // where it raises the record is dropped: any value will do
    variants.push(v.raises === F ? v.sql : `(CASE WHEN ${v.raises} THEN NULL ELSE ${v.sql} END)`);
  }
  const distinct = [...new Set(variants)];
  if (distinct.length === 1) return first.raises === F ? first.sql : distinct[0]!;
  const agree = distinct.slice(1).map((v) => `(${v}) IS NOT DISTINCT FROM (${distinct[0]})`).join(' AND ');
  const message = `${UNDECIDED_MARKER} ${input.file}:${input.pos.line}:${input.pos.column}: the function given to ${input.construct} cannot run on the local engine: a record has no value for ${uncertain.join(' or ')}, and the value of ${key} depends on whether the record (its JSON, or what a transform made of it) holds the key with null (None) or not at all (KeyError), which the local engine does not tell apart for this data`;
  return `(CASE WHEN ${agree} THEN ${distinct[0]} ELSE error(${literal(message)}) END)`;
}

export function truth(v: PV, input: RowCompileInput, pos: Pos): string {
  if (v.truth !== undefined) return v.truth;
  switch (v.kind) {
    case 'none':
      return F;
    case 'bool':
    case 'match':
      return v.nullable ? `coalesce(${v.sql}, FALSE)` : v.sql;
    case 'int':
    case 'float':
    case 'decimal':
      return orFalse(`${v.sql} <> 0`, v);
    case 'str':
      return orFalse(`length(${v.sql}) > 0`, v);
    case 'list':
      return orFalse(`len(${v.sql}) > 0`, v);
    case 'date':
    case 'datetime':
      return v.nullable ? `(${v.sql} IS NOT NULL)` : T;
    default:
      throw unsupportedAt(input.file, pos, `the truth of ${pos.text}`, `the truth of a ${v.kind} value is not translated`, 'compare it explicitly');
  }
}

export class RowCompiler {
  readonly nullablePaths = new Set<string>();
  readonly notes: string[] = [];

  constructor(
    readonly input: RowCompileInput,
    /** field paths whose NULL is a missing key in this variant */
    private readonly absent: Set<string>,
  ) {}

  refuse(pos: Pos, what: string, why: string, hint = 'rewrite the condition, or filter in an SQL Query node'): Error {
    return unsupportedAt(this.input.file, pos, `${what} in the function given to ${this.input.construct}`, why, hint);
  }

  compile(e: RowExpr): PV {
    switch (e.k) {
      case 'const':
        return constant(e.value);
      case 'field':
        return this.field(e.path, e.pos);
      case 'get':
        return this.get(e.path, this.compile(e.dflt), e.pos);
      case 'compare':
        return this.compare(e);
      case 'and':
      case 'or': {
        const a = this.compile(e.left);
        const b = this.compile(e.right);
        const ta = truth(a, this.input, e.left.pos);
        const tb = truth(b, this.input, e.right.pos);
        const raises = e.k === 'and' ? or(a.raises, and(not(a.raises), ta, b.raises)) : or(a.raises, and(not(a.raises), not(ta), b.raises));
        const t = e.k === 'and' ? and(ta, tb) : or(ta, tb);
        if (sameKind(a, b)) {
          const sql = e.k === 'and' ? `(CASE WHEN ${ta} THEN ${b.sql} ELSE ${a.sql} END)` : `(CASE WHEN ${ta} THEN ${a.sql} ELSE ${b.sql} END)`;
          return { sql, kind: a.kind === 'none' ? b.kind : a.kind, nullable: a.nullable || b.nullable, raises, truth: t };
        }
        return { sql: 'NULL', kind: 'mixed', nullable: true, raises, truth: t };
      }
      case 'not': {
        const a = this.compile(e.arg);
        return { sql: not(truth(a, this.input, e.arg.pos)), kind: 'bool', nullable: false, raises: a.raises };
      }
      case 'arith':
        return this.arith(e.op, this.compile(e.left), this.compile(e.right), e.pos);
      case 'neg':
      case 'pos': {
        const a = this.compile(e.arg);
        if (!numeric(a.kind)) return raising(a, `${e.k === 'neg' ? '-' : '+'}${a.kind}`);
        const v = wide(a);
        return { sql: e.k === 'neg' ? `(- ${v})` : v, kind: a.kind === 'bool' ? 'int' : a.kind, nullable: a.nullable, raises: or(a.raises, isNull(a)) };
      }
      case 'cond': {
        const test = this.compile(e.test);
        const t = truth(test, this.input, e.test.pos);
        const a = this.compile(e.then);
        const b = this.compile(e.else);
        const raises = or(test.raises, and(not(test.raises), t, a.raises), and(not(test.raises), not(t), b.raises));
        if (!sameKind(a, b)) {
          const ta = truth(a, this.input, e.then.pos);
          const tb = truth(b, this.input, e.else.pos);
          return { sql: 'NULL', kind: 'mixed', nullable: true, raises, truth: `(CASE WHEN ${t} THEN ${ta} ELSE ${tb} END)` };
        }
        return { sql: `(CASE WHEN ${t} THEN ${a.sql} ELSE ${b.sql} END)`, kind: a.kind === 'none' ? b.kind : a.kind, nullable: a.nullable || b.nullable, raises };
      }
      case 'call':
        return callSql(this, e);
      case 'method':
        return methodSql(this, e);
      case 'index':
        return indexSql(this, this.compile(e.obj), this.compile(e.index), e.pos);
      case 'slice':
        return sliceSql(this, e);
      case 'seq': {
        const items = e.items.map((x) => this.compile(x));
        const r = this.compile(e.result);
        return { ...r, raises: or(...items.map((x) => x.raises), r.raises) };
      }
      case 'raise':
        return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      case 're': {
        const s = this.compile(e.arg);
        let pattern: string;
        pattern = pythonRegexToRe2(e.pattern);
        if (e.fn === 'match') pattern = `^(?:${pattern})`;
        else if (e.fn === 'fullmatch') pattern = `^(?:${pattern})\\z`;
        if (s.kind !== 'str') return raising(s, `re.${e.fn} of a ${s.kind}`);
        const sql = `regexp_matches(${s.sql}, ${literal(pattern)}${e.ignoreCase ? ", 'i'" : ''})`;
        return { sql, kind: 'match', nullable: false, raises: or(s.raises, isNull(s)) };
      }
    }
  }

  /** `row["a"]["b"]`: the value; KeyError when a key is missing, TypeError when a parent is None. */
  private field(path: string[], pos: Pos): PV {
    const top = path[0]!;
    const exact = this.input.cols.filter((c) => c.name === top);
    if (exact.length > 1) throw this.refuse(pos, `row["${top}"]`, `the frame has ${exact.length} fields named ${top}`);
    const col = exact[0];
    if (col === undefined) {
      const other = this.input.cols.find((c) => c.name.toLowerCase() === top.toLowerCase());
      if (other !== undefined && !this.notes.some((n) => n.includes(`row["${top}"]`)))
        this.notes.push(`${this.input.file}:${pos.line}: row["${top}"] does not match the field "${other.name}": Python's dict lookup is case-sensitive, so it raises KeyError and ${this.input.construct} drops every record, as on Glue`);
      return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
    }
    let v: PV = this.nullableField(ident(col.phys), col.type, top, true, pos);
    for (let i = 1; i < path.length; i++) {
      const key = path[i]!;
      if (v.kind !== 'dict' || !v.duck?.startsWith('STRUCT')) return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      const f = structField(v.duck, key);
      const parentRaises = or(v.raises, isNull(v));
      if (f === undefined || f.name !== key) return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      const child = this.nullableField(`${v.sql}[${literal(f.name)}]`, f.type, path.slice(0, i + 1).join('.'), true, pos);
      v = { ...child, raises: or(parentRaises, child.raises) };
    }
    return v;
  }

  /**
   * A field's value. `subscript`: read as row["a"], which raises KeyError where the key is missing — in a variant
   * where its NULL is a missing key, the value is NULL only where Python raises (not nullable: no None to handle).
   */
  private nullableField(sql: string, duck: string, path: string, subscript: boolean, pos: Pos): PV {
    if (duck === 'JSON') {
      // a ChoiceType: each record's value keeps the type Glue's reader gave it (a Python int for an int or a long)
      const members = path.includes('.') ? undefined : this.input.choices?.get(path);
      if (members === undefined || members.length === 0 || !members.every((m) => m === 'int' || m === 'long'))
        throw this.refuse(
          pos,
          `row["${path.split('.').join('"]["')}"]`,
          `its values have several types in the data (a ChoiceType${members?.length ? `: ${members.join(' and ')}` : ''}), which the local engine does not compute on as Python would`,
          path.includes('.') ? 'drop the field holding it (DropFields) or resolve the choice in the data' : `resolve it first: resolveChoice(specs=[("${path}", "cast:${members?.includes('string') ? 'string' : members?.includes('double') ? 'double' : 'long'}")])`,
        );
      sql = `TRY_CAST(${sql} AS BIGINT)`;
      duck = 'BIGINT';
    }
    const kind = pyKind(duck);
    this.nullablePaths.add(path);
    const missing = this.absent.has(path);
    return { sql, kind, duck, nullable: !(subscript && missing), raises: subscript && missing ? `(${sql} IS NULL)` : F, path };
  }

  /** `row.get("a", d)`: d when the key is missing, None when it holds null. */
  private get(path: string[], dflt: PV, pos: Pos): PV {
    const parent = path.length > 1 ? this.field(path.slice(0, -1), pos) : undefined;
    const key = path[path.length - 1]!;
    let base: PV | undefined;
    if (parent === undefined) {
      const col = this.input.cols.find((c) => c.name === key);
      if (col !== undefined) base = this.nullableField(ident(col.phys), col.type, key, false, pos);
    } else {
      if (parent.kind !== 'dict' || !parent.duck?.startsWith('STRUCT')) return raising(parent, 'get() on a value that is not a dict');
      const f = structField(parent.duck, key);
      if (f !== undefined && f.name === key) base = { ...this.nullableField(`${parent.sql}[${literal(f.name)}]`, f.type, path.join('.'), false, pos), raises: or(parent.raises, isNull(parent)) };
    }
    if (base === undefined) return dflt;
    const missing = this.absent.has(path.join('.'));
    const raises = or(base.raises === T ? F : parent !== undefined ? or(parent.raises, isNull(parent)) : F, missing ? and(`(${base.sql} IS NULL)`, dflt.raises) : F);
    if (!missing || dflt.kind === 'none') return { ...base, raises };
    if (!sameKind(base, dflt)) throw this.refuse(pos, `row.get("${key}", …)`, `the default (${dflt.kind}) is not of the field's kind (${base.kind})`);
    return { sql: `coalesce(${base.sql}, ${dflt.sql})`, kind: base.kind, duck: base.duck ?? dflt.duck, nullable: dflt.nullable, raises } as PV;
  }

  private compare(e: Extract<RowExpr, { k: 'compare' }>): PV {
    const operands = e.operands.map((o) => this.compile(o));
    let raises = operands[0]!.raises;
    let all = T;
    for (let i = 0; i < e.ops.length; i++) {
      const a = operands[i]!;
      const b = operands[i + 1]!;
      const c = this.compareOne(e.ops[i]!, a, b, e.operands[i + 1]!.pos);
      raises = or(raises, and(all, or(b.raises, c.raises)));
      all = and(all, c.sql);
    }
    return { sql: all, kind: 'bool', nullable: false, raises };
  }

  private compareOne(op: string, a: PV, b: PV, pos: Pos): { sql: string; raises: string } {
    switch (op) {
      case '==':
        return { sql: pyEq(a, b), raises: F };
      case '!=':
        return { sql: not(pyEq(a, b)), raises: F };
      case 'is':
      case 'is not': {
        const s = this.identity(a, b, pos);
        return { sql: op === 'is' ? s : not(s), raises: F };
      }
      case 'in':
      case 'not in': {
        const r = this.contains(b, a, pos);
        return { sql: op === 'in' ? r.sql : not(r.sql), raises: r.raises };
      }
      default: {
        const sqlOp = op;
        const comparable = (numeric(a.kind) && numeric(b.kind)) || (a.kind === b.kind && ['str', 'date', 'datetime', 'list'].includes(a.kind));
        if (!comparable) return { sql: F, raises: T };
        const x = a.kind === 'bool' ? `CAST(${a.sql} AS BIGINT)` : a.sql;
        const y = b.kind === 'bool' ? `CAST(${b.sql} AS BIGINT)` : b.sql;
        // Python: an ordering with NaN is False (DuckDB orders NaN above every number)
        const nan = a.kind === 'float' || b.kind === 'float' ? [a.kind === 'float' ? `NOT isnan(${x})` : T, b.kind === 'float' ? `NOT isnan(${y})` : T] : [];
        // an ordering with None raises TypeError: where an operand is NULL the record is dropped whatever this gives
        return { sql: and(`(${x} ${sqlOp} ${y})`, ...nan.map((n) => `(${n})`)), raises: or(isNull(a), isNull(b)) };
      }
    }
  }

  private identity(a: PV, b: PV, pos: Pos): string {
    const [x, y] = b.kind === 'none' || (b.items === undefined && b.sql.match(/^(TRUE|FALSE)$/)) ? [a, b] : [b, a];
    if (y.kind === 'none') return x.kind === 'match' ? not(`coalesce(${x.sql}, FALSE)`) : isNull(x);
    if (y.kind === 'bool' && (y.sql === T || y.sql === F)) return x.kind === 'bool' ? `coalesce(${x.sql} = ${y.sql}, FALSE)` : F;
    throw this.refuse(pos, '"is"', 'identity is translated only against None, True and False', 'use == instead');
  }

  /** `needle in haystack`. */
  private contains(hay: PV, needle: PV, pos: Pos): { sql: string; raises: string } {
    if (hay.items !== undefined) return { sql: or(...hay.items.map((i) => pyEq(needle, i))), raises: F };
    if (hay.kind === 'str') {
      if (needle.kind !== 'str') return { sql: F, raises: T };
      return { sql: `contains(${hay.sql}, ${needle.sql})`, raises: or(isNull(hay), isNull(needle)) };
    }
    if (hay.kind === 'list') {
      const elem = hay.duck?.endsWith('[]') ? pyKind(hay.duck.slice(0, -2)) : 'other';
      const compatible = (numeric(elem) && numeric(needle.kind)) || elem === needle.kind || needle.kind === 'none';
      if (!compatible) return { sql: F, raises: isNull(hay) };
      return { sql: orFalse(`len(list_filter(${hay.sql}, __x -> __x IS NOT DISTINCT FROM ${needle.sql})) > 0`, hay), raises: isNull(hay) };
    }
    if (hay.kind === 'none') return { sql: F, raises: T };
    throw this.refuse(pos, '"in"', `membership in a ${hay.kind} is not translated`, 'test a str, a list or a list written in the script');
  }

  private arith(op: ArithOp, a: PV, b: PV, pos: Pos): PV {
    const raises = or(a.raises, b.raises, isNull(a), isNull(b));
    const num = wide;
    if (numeric(a.kind) && numeric(b.kind)) {
      if ((a.kind === 'decimal' && b.kind === 'float') || (a.kind === 'float' && b.kind === 'decimal')) return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      const kind: Kind = a.kind === 'float' || b.kind === 'float' ? 'float' : a.kind === 'decimal' || b.kind === 'decimal' ? 'decimal' : 'int';
      const x = num(a);
      const y = num(b);
      switch (op) {
        case '+':
        case '-':
        case '*':
          return { sql: `(${x} ${op} ${y})`, kind, nullable: false, raises };
        case '/':
          return { sql: `(CAST(${x} AS DOUBLE) / ${y})`, kind: kind === 'decimal' ? 'decimal' : 'float', nullable: false, raises: or(raises, `coalesce(${y} = 0, FALSE)`) };
        case '//':
          return {
            sql: kind === 'int' ? `(${x} // ${y} - CASE WHEN ${x} % ${y} <> 0 AND ((${x} < 0) <> (${y} < 0)) THEN 1 ELSE 0 END)` : `floor(CAST(${x} AS DOUBLE) / ${y})`,
            kind,
            nullable: false,
            raises: or(raises, `coalesce(${y} = 0, FALSE)`),
          };
        case '%':
          return {
            sql: kind === 'int' ? `(((${x} % ${y}) + ${y}) % ${y})` : `(${x} - ${y} * floor(CAST(${x} AS DOUBLE) / ${y}))`,
            kind,
            nullable: false,
            raises: or(raises, `coalesce(${y} = 0, FALSE)`),
          };
        case '**':
          if (kind === 'int') throw this.refuse(pos, '** of integers', 'an integer power is exact in Python and not reproduced locally', 'use float(…) ** n');
          return { sql: `pow(CAST(${x} AS DOUBLE), ${y})`, kind: 'float', nullable: false, raises };
      }
    }
    if (op === '+' && a.kind === 'str' && b.kind === 'str') return { sql: `(${a.sql} || ${b.sql})`, kind: 'str', nullable: false, raises };
    if (op === '+' && a.kind === 'list' && b.kind === 'list') return { sql: `list_concat(${a.sql}, ${b.sql})`, kind: 'list', duck: a.duck ?? b.duck, nullable: false, raises } as PV;
    if (op === '*' && ((a.kind === 'str' && (b.kind === 'int' || b.kind === 'bool')) || (b.kind === 'str' && (a.kind === 'int' || a.kind === 'bool')))) {
      const [s, k] = a.kind === 'str' ? [a, b] : [b, a];
      return { sql: `repeat(${s.sql}, greatest(CAST(${num(k)} AS BIGINT), 0))`, kind: 'str', nullable: false, raises };
    }
    if (op === '%' && a.kind === 'str') throw this.refuse(pos, '% formatting', 'string formatting of record values is not translated', 'use + and str()');
    // other combinations raise TypeError in Python
    return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
  }

}
