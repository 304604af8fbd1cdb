/**
 * `pyspark.sql.functions` as Columns: `F.col`, `F.lit`, `F.expr`, `F.when`… built here, and every other function
 * passed to the Spark SQL translation as a call whose arguments are taken as PySpark takes them (functions.ts).
 */
import { asString, excerpt, type Arg } from '../callArgs';
import { sqlText, type ColExpr } from '../expr';
import { describe, toConst, type PyValue } from '../values';
import { FILE_FUNCTIONS, FILE_FUNCTIONS_INSTEAD, FILE_FUNCTIONS_WHY, SPARK_FUNCTION_NAMES } from '../../sql/spark/functions/names';
import { TRANSLATED_FUNCTION_NAMES } from '../../sql/spark/functions/translatedNames';
import { COLUMNS_ONLY, FUNCTION_ALIASES, FUNCTIONS, functionRow, sqlFunctionName, type FnRow } from './functions';
import type { CallCtx, CallSpec, Table } from './registry';
import { PYSPARK_33_FUNCTIONS } from './pysparkVersions';

const SPARK_DOC = 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql';

const df = (id: string): PyValue => ({ t: 'df', id });
const col = (expr: ColExpr): PyValue => ({ t: 'column', expr });
const pos = (c: CallCtx) => c.host.pos(c.call);

/**
 * Builds `F.name(…)` as a Column, passing each argument as PySpark does (functions.ts): a Column as it is, a string a
 * field name (a value in the row's `lits`), a number a literal where PySpark makes one (`lits`, `numbers`), the
 * values PySpark always passes (`defaults`). What it computes is the Spark SQL function's (colSql.ts).
 */
export function callFunction(c: CallCtx, name: string, row: FnRow): PyValue {
  const b = c.bound();
  const lits = new Set(row.lits ?? []);
  const numbers = new Set(row.numbers ?? []);
  const lists = new Set(row.lists ?? []);
  const args: ColExpr[] = [];
  let ignoreNulls = false;
  let missing = false;
  const required = new Set(row.sig.split(',').map((x) => x.trim()).filter((x) => x.endsWith('!')).map((x) => x.slice(0, -1)));
  for (const p of sigParams(row.sig)) {
    if (p.startsWith('*')) {
      const only = b.rest.length === 1 ? b.rest[0]! : undefined;
      const rest = row.oneList && only !== undefined && (only.value.t === 'list' || only.value.t === 'set') ? only.value.items.map((value) => ({ value, node: only.node })) : b.rest;
      for (const a of rest) args.push(argument(c, name, `an argument of F.${name}`, a, lits.has(p.slice(1)), numbers.has(p.slice(1))));
      continue;
    }
    const a = b.get(p);
    const dflt = row.defaults?.[p];
    if (a === undefined || (a.value.t === 'none' && !required.has(p))) {
      // None is an optional parameter's default (F.rand(seed=None) is F.rand(), F.array_join(c, ",", None) …)
      if (dflt !== undefined && !missing) args.push({ pos: pos(c), k: 'lit', value: dflt });
      else missing = true;
      continue;
    }
    const unsupported = row.unsupportedArgs?.[p];
    if (unsupported !== undefined) throw c.host.unsupported(a.node, `pyspark.sql.functions.${name} with ${p}=${a.node.text}`, unsupported.refuse, unsupported.instead);
    if (missing) throw c.host.unsupported(a.node, `F.${name} with ${p}= but not the arguments before it`, 'give the arguments in order', 'write every argument before it');
    // first/last(col, ignorenulls=False) is first(col): Spark names it so
    if ((name === 'first' || name === 'last') && p === 'ignorenulls' && a.value.t === 'bool' && !a.value.v) continue;
    if (p === row.ignoreNullsFlag) {
      if (a.value.t !== 'bool') throw c.host.unsupported(a.node, `${excerpt(a.node)} as the ${p} of F.${name}`, `PySpark passes it to the JVM as a bool, not ${describe(a.value)}`, 'write True or False');
      ignoreNulls = a.value.v;
      continue;
    }
    // a Python list or tuple: an array of literals (functions.py: `array(*[lit(x) for x in percentage])`)
    if (lists.has(p) && (a.value.t === 'list' || a.value.t === 'tuple')) {
      const items = a.value.items.map((v) => toConst(v));
      if (items.some((v) => v === undefined || v.py === 'list' || v.py === 'tuple'))
        throw c.host.unsupported(a.node, `${excerpt(a.node)} as the ${p} of F.${name}`, 'expected a list of literal values', 'write the values');
      args.push({ pos: c.host.pos(a.node), k: 'fn', name: 'array', args: items.map((value) => ({ pos: c.host.pos(a.node), k: 'lit', value: value! })) });
      continue;
    }
    if (row.lambdas?.includes(p)) {
      args.push(pythonLambda(c, name, p, a));
      continue;
    }
    args.push(argument(c, name, `the ${p} of F.${name}`, a, lits.has(p), numbers.has(p)));
  }
  // a function PySpark 3.3 lacks carries the name the script called, checked against the job's Glue version
  return col({ pos: pos(c), k: 'fn', name, args, ...(PYSPARK_33_FUNCTIONS.has(name) ? {} : { called: name }), ...(ignoreNulls ? { options: { ignoreNulls: { py: 'bool', v: true } } } : {}) });
}

/** The lambda variables made so far: each gets its own SQL name (nested and sibling lambdas never share one). */
let lambdaVariables = 0;

/**
 * A Python function given to a higher-order function, as PySpark 3.3 makes its lambda (functions.py
 * `_get_lambda_parameters`, `_create_lambda`): 1 to 3 parameters, each positional (no *args, **kwargs or keyword-only
 * ones, "f should use only POSITIONAL or POSITIONAL OR KEYWORD arguments"); the function is called once with that many
 * lambda-variable Columns and must return a Column ("f should return Column"). What the lambda computes is that
 * Column — Column code, not Python run on each element.
 */
function pythonLambda(c: CallCtx, name: string, p: string, a: Arg): ColExpr {
  const what = `the ${p} of F.${name}`;
  const fn = a.value;
  if (fn.t !== 'func') throw c.host.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `PySpark takes a Python function there (a lambda or a def), not ${describe(fn)}`, 'write a lambda: lambda x: x * 2');
  const params = fn.node.childForFieldName('parameters')?.namedChildren ?? [];
  const positional = ['identifier', 'default_parameter', 'typed_parameter', 'typed_default_parameter'];
  if (!params.every((x) => positional.includes(x.type)))
    throw c.host.unsupported(a.node, `${excerpt(a.node)} as ${what}`, 'PySpark fails: "f should use only POSITIONAL or POSITIONAL OR KEYWORD arguments"', 'give the function plain parameters');
  if (params.length < 1 || params.length > 3)
    throw c.host.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `PySpark fails: "f should take between 1 and 3 arguments, but provided function takes ${params.length}"`, 'give the function 1 to 3 parameters');
  const at = c.host.pos(a.node);
  const vars = params.map((_, i) => `_hof${++lambdaVariables}_${'xyz'[i]}`);
  const out = c.host.call(fn, vars.map((v, i): PyValue => col({ pos: { ...at, text: params[i]!.text }, k: 'lvar', name: v })), a.node);
  if (out.t !== 'column') throw c.host.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `PySpark fails: "f should return Column, got ${describe(out)}"`, 'return a Column expression of the parameters');
  return { pos: at, k: 'lambda', vars, body: out.expr };
}

/** PySpark's binary math functions (_create_binary_mathfunction): a number is `lit(float(n))` */
const BINARY_MATH = new Set(['pow', 'atan2', 'hypot']);

/** One argument of F.<name>: a Column, a field name, or (a literal parameter, a number where numbers are) a value. */
function argument(c: CallCtx, name: string, what: string, a: Arg, literal: boolean, number: boolean): ColExpr {
  if (a.value.t === 'column' || a.value.t === 'fieldNames') return c.host.columnOf(a.value, a.node, what, false);
  const numeric = a.value.t === 'int' || a.value.t === 'float';
  // a StructType where PySpark passes a schema (from_json: `schema.json()`, which the JVM reads as that type): the same
  // type written as DDL
  if (literal && a.value.t === 'schema' && !a.value.single && name === 'from_json')
    return { pos: c.host.pos(a.node), k: 'lit', value: { py: 'str', v: a.value.fields.map((f) => `\`${f.name.replace(/`/g, '``')}\` ${f.type}`).join(', ') } };
  // an ArrayType (`ArrayType(IntegerType())`, `ArrayType(StructType([…]))`): its DDL, `array<int>`
  if (literal && a.value.t === 'sqlType' && a.value.name.startsWith('array<') && name === 'from_json') return { pos: c.host.pos(a.node), k: 'lit', value: { py: 'str', v: a.value.name } };
  if (literal || (number && numeric)) {
    const v = toConst(BINARY_MATH.has(name) && a.value.t === 'int' ? { t: 'float', v: a.value.v } : a.value);
    if (v === undefined) throw c.host.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `expected a literal value, not ${describe(a.value)}`, 'write the value');
    return { pos: c.host.pos(a.node), k: 'lit', value: v };
  }
  if (a.value.t === 'str') return c.host.columnOf(a.value, a.node, what, false);
  if (toConst(a.value) !== undefined)
    throw c.host.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `PySpark takes a Column or a field name there, not ${describe(a.value)} (it fails: "Invalid argument, not a string or column")`, `wrap the value: F.lit(${excerpt(a.node)})`);
  return c.host.columnOf(a.value, a.node, what, false);
}

const paramCache = new Map<string, string[]>();
function sigParams(sigText: string): string[] {
  let p = paramCache.get(sigText);
  if (p === undefined) {
    p = sigText.split(',').map((s) => s.trim().replace(/[!~]$/, '')).filter(Boolean);
    paramCache.set(sigText, p);
  }
  return p;
}

/**
 * (ifnull, nvl, nvl2 and nullif are PySpark 3.5's — their reference pages say "New in version 3.5.0" — so they are
 * F functions on glueVersion 5.0, and refused as Python's AttributeError on 4.0: pysparkVersions.ts.)
 * Spark SQL function names PySpark has no `F.<name>` for (SQL keywords, casts, operators; names that would shadow
 * Python's builtins after a star import): not taken as functions of the module.
 */
const NOT_PYSPARK = new Set(
  `and or not in if case cast between int bigint smallint tinyint double float boolean string binary date timestamp
  timestamp_ntz decimal len any map mod div std user current_user session_user current_catalog current_database
  current_schema java_method reflect extract position dateadd datepart date_diff curdate char_length character_length
  lcase ucase random now printf elt chr`.split(/\s+/),
);

/** The table row of `F.<name>`: functions with their own builders (col, lit, when, expr, …) and functions.ts rows. */
export function functionSpec(name: string): CallSpec | undefined {
  const special = F_SPECIAL[name];
  if (special !== undefined) return special;
  const known = functionRow(name);
  const row = known ?? (SPARK_FUNCTION_NAMES.has(name) && !NOT_PYSPARK.has(name) ? COLUMNS_ONLY : undefined);
  if (row === undefined) return undefined;
  if ('refuse' in row) return { refuse: row.refuse, instead: row.instead, doc: `${SPARK_DOC}/api/pyspark.sql.functions.${name}.html` };
  // a function the Spark SQL translation has no row for: refused when the script is read, in the translation's words
  const sql = sqlFunctionName(name);
  if (FILE_FUNCTIONS.has(sql)) return { sig: row.sig, refuse: FILE_FUNCTIONS_WHY, instead: FILE_FUNCTIONS_INSTEAD, doc: `${SPARK_DOC}/api/pyspark.sql.functions.${name}.html` };
  if (row.kind !== 'generator' && !TRANSLATED_FUNCTION_NAMES.has(sql))
    return { sig: row.sig, refuse: `${sql} is not supported by the local engine (Spark has it)`, instead: 'use another function, or an SQL Query node', doc: `${SPARK_DOC}/api/pyspark.sql.functions.${name}.html` };
  return { sig: row.sig, becomes: row.kind === 'agg' ? 'aggregate' : row.kind === 'window' ? 'window function' : 'Column', doc: `${SPARK_DOC}/api/pyspark.sql.functions.${name}.html`, run: (c) => callFunction(c, name, row) };
}

/**
 * The `F.<name>` the vocabulary knows nearest to a name it does not (a typo: `F.colum` → `col`), at most two edits
 * away (Levenshtein), for the refusal's "did you mean"; undefined when none is that near.
 */
export function nearestFunctionName(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of [...Object.keys(F_SPECIAL), ...Object.keys(FUNCTIONS), ...Object.keys(FUNCTION_ALIASES)]) {
    const d = editDistance(name.toLowerCase(), known.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && known < best)) [best, bestDistance] = [known, d];
  }
  return bestDistance <= 2 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

const F_SPECIAL: Table = {
  col: { sig: 'col!', becomes: 'Column', doc: `${SPARK_DOC}/api/pyspark.sql.functions.col.html`, run: (c) => col(c.host.column(c.bound().need('col'), 'F.col')) },
  column: { sig: 'col!', becomes: 'Column', run: (c) => col(c.host.column(c.bound().need('col'), 'F.column')) },
  lit: {
    sig: 'col!',
    becomes: 'Column',
    doc: `${SPARK_DOC}/api/pyspark.sql.functions.lit.html`,
    run: (c) => {
      const a = c.bound().need('col');
      return a.value.t === 'column' ? a.value : col(c.host.columnOf(a.value, a.node, 'F.lit', true));
    },
  },
  expr: {
    sig: 'str!',
    becomes: 'Column (Spark SQL)',
    doc: `${SPARK_DOC}/api/pyspark.sql.functions.expr.html`,
    run: (c) => {
      const a = c.bound().need('str');
      return col(sqlText(c.host.pos(a.node), { ...a.value, v: asString(c.host, a, 'F.expr') }));
    },
  },
  when: {
    sig: 'condition!, value!',
    becomes: 'Column (CASE WHEN)',
    doc: `${SPARK_DOC}/api/pyspark.sql.functions.when.html`,
    run: (c) => {
      const b = c.bound();
      const cond = b.need('condition');
      const value = b.need('value');
      return col({ pos: pos(c), k: 'when', branches: [{ cond: c.host.column(cond, 'the condition of F.when'), value: c.host.columnOf(value.value, value.node, 'the value of F.when', true) }] });
    },
  },
  // F.log(col) is Spark's Log (the natural logarithm, named ln(col)); F.log(base, col) is Logarithm(lit(base), col),
  // the base a float PySpark passes to the JVM's log(base: Double, …) (functions.py: `_invoke_function("log", arg1,
  // _to_java_column(arg2))`). Docs 3.4: log(10.0, value) of 10, 100, 1000 is 1.0, 2.0, 3.0; log(value) is ln(value)
  log: {
    sig: 'arg1!, arg2',
    becomes: 'Column',
    doc: `${SPARK_DOC}/api/pyspark.sql.functions.log.html`,
    run: (c) => {
      const b = c.bound();
      const arg1 = b.need('arg1');
      const arg2 = b.get('arg2');
      if (arg2 === undefined || arg2.value.t === 'none') return col({ pos: pos(c), k: 'fn', name: 'ln', args: [argument(c, 'log', 'the argument of F.log', arg1, false, false)] });
      if (arg1.value.t !== 'float')
        throw c.host.unsupported(
          arg1.node,
          `${excerpt(arg1.node)} as the base of F.log`,
          `PySpark passes the base to the JVM's log(base: Double, column), which takes a Python float${arg1.value.t === 'int' ? ' (an int is not shown to convert)' : `, not ${describe(arg1.value)}`}`,
          arg1.value.t === 'int' ? `write it as a float: ${arg1.value.v}.0` : 'write the base as a float (10.0), or use F.log10 / F.log2',
        );
      return col({ pos: pos(c), k: 'fn', name: 'log', args: [{ pos: c.host.pos(arg1.node), k: 'lit', value: { py: 'float', v: arg1.value.v } }, argument(c, 'log', 'the argument of F.log', arg2, false, false)] });
    },
  },
  broadcast: { sig: 'df!', becomes: 'value (no effect on rows)', run: (c) => df(c.host.df(c.bound().need('df'), 'F.broadcast')) },
  asc: { sig: 'col!', becomes: 'sort order', run: (c) => col({ pos: pos(c), k: 'sort', arg: c.host.column(c.bound().need('col'), 'F.asc'), desc: false }) },
  desc: { sig: 'col!', becomes: 'sort order', run: (c) => col({ pos: pos(c), k: 'sort', arg: c.host.column(c.bound().need('col'), 'F.desc'), desc: true }) },
};

