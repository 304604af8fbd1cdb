/**
 * Python's built-in functions (len, str, int, float, …), str methods (lower, strip, startswith, …), indexing and
 * slicing inside a record function, compiled by the RowCompiler (rowSql.ts) with Python's semantics: the value, and
 * the condition under which Python raises.
 */
import type { Pos, RowExpr } from '../../jobs/expr';
import { literal } from './duck';
import { UNDECIDED_MARKER, pyKind } from './frames';
import { truth, type RowCompiler } from './rowSql';
import { F, PY_WS_CLASS, T, isNull, numeric, or, raising, wide, type Kind, type PV } from './rowValues';

export function callSql(rc: RowCompiler, e: Extract<RowExpr, { k: 'call' }>): PV {
  const args = e.args.map((a) => rc.compile(a));
  const a = args[0];
  const argRaises = or(...args.map((x) => x.raises));
  const need = (n: number) => {
    if (args.length !== n) throw rc.refuse(e.pos, `${e.fn}()`, `it takes ${n} argument${n === 1 ? '' : 's'} here`);
  };
  switch (e.fn) {
    case 'len':
      need(1);
      if (a!.kind === 'str') return { sql: `length(${a!.sql})`, kind: 'int', nullable: false, raises: or(argRaises, isNull(a!)) };
      if (a!.kind === 'list') return { sql: `len(${a!.sql})`, kind: 'int', nullable: false, raises: or(argRaises, isNull(a!)) };
      if (a!.items !== undefined) return { sql: String(a!.items.length), kind: 'int', nullable: false, raises: F };
      if (a!.kind === 'dict') throw rc.refuse(e.pos, 'len() of a dict', 'the keys of a nested record are not known locally');
      return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
    case 'bool':
      need(1);
      return { sql: truth(a!, rc.input, e.pos), kind: 'bool', nullable: false, raises: argRaises };
    case 'str':
      need(1);
      switch (a!.kind) {
        case 'str':
          return { ...a!, raises: argRaises };
        case 'int':
          return { sql: `coalesce(CAST(${a!.sql} AS VARCHAR), 'None')`, kind: 'str', nullable: false, raises: argRaises };
        case 'bool':
          return { sql: `(CASE WHEN ${a!.sql} IS NULL THEN 'None' WHEN ${a!.sql} THEN 'True' ELSE 'False' END)`, kind: 'str', nullable: false, raises: argRaises };
        case 'none':
          return { sql: "'None'", kind: 'str', nullable: false, raises: argRaises };
        default:
          throw rc.refuse(e.pos, `str() of a ${a!.kind}`, "Python's text of this kind of value is not reproduced locally", 'compare the value itself');
      }
    case 'int':
      need(1);
      switch (a!.kind) {
        case 'int':
          return { ...a!, raises: or(argRaises, isNull(a!)) };
        case 'bool':
          return { sql: `CAST(${a!.sql} AS BIGINT)`, kind: 'int', nullable: false, raises: or(argRaises, isNull(a!)) };
        case 'float':
        case 'decimal':
          return { sql: `CAST(trunc(${a!.sql}) AS BIGINT)`, kind: 'int', nullable: false, raises: or(argRaises, isNull(a!), a!.kind === 'float' ? `(isnan(${a!.sql}) OR isinf(${a!.sql}))` : F) };
        case 'str': {
          const t = `regexp_replace(regexp_replace(${a!.sql}, '^${PY_WS_CLASS}+|${PY_WS_CLASS}+$', '', 'g'), '_', '', 'g')`;
          const valid = `regexp_full_match(${a!.sql}, '${PY_WS_CLASS}*[+-]?[0-9]+(_[0-9]+)*${PY_WS_CLASS}*')`;
          const nonAscii = `regexp_matches(${a!.sql}, '[^\\x00-\\x7f]')`;
          return {
            sql: `TRY_CAST(${t} AS BIGINT)`,
            kind: 'int',
            nullable: false,
            raises: or(
              argRaises,
              isNull(a!),
              `(CASE WHEN coalesce(${nonAscii}, FALSE) THEN error(${literal(`${UNDECIDED_MARKER} ${rc.input.file}:${e.pos.line}:${e.pos.column}: int() of a string with non-ASCII characters cannot run on the local engine: Python reads Unicode digits, which the local engine does not; clean the field first`)}) IS NULL ELSE NOT coalesce(${valid}, FALSE) END)`,
            ),
          };
        }
        default:
          return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      }
    case 'float':
      need(1);
      switch (a!.kind) {
        case 'int':
        case 'bool':
        case 'decimal':
        case 'float':
          return { sql: `CAST(${a!.sql} AS DOUBLE)`, kind: 'float', nullable: false, raises: or(argRaises, isNull(a!)) };
        case 'str': {
          const t = `regexp_replace(lower(regexp_replace(${a!.sql}, '^${PY_WS_CLASS}+|${PY_WS_CLASS}+$', '', 'g')), '_', '', 'g')`;
          const valid = `regexp_full_match(${t}, '[+-]?((\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?|inf|infinity|nan)')`;
          return { sql: `TRY_CAST(${t} AS DOUBLE)`, kind: 'float', nullable: false, raises: or(argRaises, isNull(a!), `NOT coalesce(${valid}, FALSE)`) };
        }
        default:
          return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      }
    case 'abs':
      need(1);
      if (!numeric(a!.kind)) return raising(a!, 'abs');
      return { sql: `abs(${wide(a!)})`, kind: a!.kind === 'bool' ? 'int' : a!.kind, nullable: false, raises: or(argRaises, isNull(a!)) };
    case 'round':
      if (args.length !== 1) throw rc.refuse(e.pos, 'round(x, n)', "Python rounds the float's exact binary value, which is not reproduced locally", 'compare without rounding');
      if (a!.kind === 'int' || a!.kind === 'bool') return { sql: `CAST(${a!.sql} AS BIGINT)`, kind: 'int', nullable: false, raises: or(argRaises, isNull(a!)) };
      if (a!.kind !== 'float' && a!.kind !== 'decimal') return raising(a!, 'round');
      return { sql: `CAST(round_even(${a!.sql}, 0) AS BIGINT)`, kind: 'int', nullable: false, raises: or(argRaises, isNull(a!), a!.kind === 'float' ? `(isnan(${a!.sql}) OR isinf(${a!.sql}))` : F) };
    case 'min':
    case 'max': {
      if (args.length < 2) throw rc.refuse(e.pos, `${e.fn}() of one argument`, 'it iterates its argument', `write ${e.fn}(a, b)`);
      const allNum = args.every((x) => numeric(x.kind));
      const allStr = args.every((x) => x.kind === 'str');
      if (!allNum && !allStr) return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
      const kind: Kind = allStr ? 'str' : args.some((x) => x.kind === 'float') ? 'float' : 'int';
      return { sql: `${e.fn === 'min' ? 'least' : 'greatest'}(${args.map((x) => (x.kind === 'bool' ? `CAST(${x.sql} AS BIGINT)` : x.sql)).join(', ')})`, kind, nullable: false, raises: or(argRaises, ...args.map(isNull)) };
    }
  }
}

export function methodSql(rc: RowCompiler, e: Extract<RowExpr, { k: 'method' }>): PV {
  const obj = rc.compile(e.obj);
  const args = e.args.map((a) => rc.compile(a));
  const base = or(obj.raises, ...args.map((a) => a.raises), isNull(obj));
  if (obj.kind !== 'str') return { sql: 'NULL', kind: 'none', nullable: true, raises: T }; // AttributeError or TypeError
  const s = obj.sql;
  const constStr = (i: number, what: string): string => {
    const a = e.args[i];
    if (a?.k !== 'const' || a.value.py !== 'str') throw rc.refuse(e.pos, `${e.name}(…)`, `its ${what} must be a string written in the script`);
    return a.value.v;
  };
  const str = (sql: string, raises = base): PV => ({ sql, kind: 'str', nullable: false, raises });
  const boolean = (sql: string, raises = base): PV => ({ sql, kind: 'bool', nullable: false, raises });
  switch (e.name) {
    case 'lower':
      return str(`lower(${s})`);
    case 'upper':
      return str(`upper(${s})`);
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      const chars = e.args.length === 0 || (e.args[0]!.k === 'const' && e.args[0]!.value.py === 'none') ? PY_WS_CLASS : `[${[...constStr(0, 'characters')].map((c) => `\\x{${c.codePointAt(0)!.toString(16)}}`).join('')}]`;
      const re = e.name === 'strip' ? `^${chars}+|${chars}+$` : e.name === 'lstrip' ? `^${chars}+` : `${chars}+$`;
      return str(`regexp_replace(${s}, ${literal(re)}, '', 'g')`);
    }
    case 'startswith':
    case 'endswith': {
      const a = e.args[0];
      const options = a?.k === 'const' && (a.value.py === 'tuple' || a.value.py === 'list') ? a.value.items : a?.k === 'const' ? [a.value] : undefined;
      if (options === undefined || !options.every((o) => o.py === 'str')) throw rc.refuse(e.pos, `${e.name}(…)`, 'its argument must be a string or a tuple of strings written in the script');
      const fn = e.name === 'startswith' ? 'starts_with' : 'suffix';
      return boolean(or(...options.map((o) => `coalesce(${fn}(${s}, ${literal((o as { v: string }).v)}), FALSE)`)));
    }
    case 'replace': {
      if (e.args.length !== 2) throw rc.refuse(e.pos, 'replace(…) with a count', 'only replace(old, new) is translated');
      const old = constStr(0, 'old text');
      if (old === '') throw rc.refuse(e.pos, 'replace("", …)', 'replacing the empty string is not translated');
      return str(`replace(${s}, ${literal(old)}, ${literal(constStr(1, 'new text'))})`);
    }
    case 'find':
      if (e.args.length !== 1) throw rc.refuse(e.pos, 'find(…) with positions', 'only find(sub) is translated');
      return { sql: `(strpos(${s}, ${literal(constStr(0, 'substring'))}) - 1)`, kind: 'int', nullable: false, raises: base };
    case 'count': {
      if (e.args.length !== 1) throw rc.refuse(e.pos, 'count(…) with positions', 'only count(sub) is translated');
      const sub = constStr(0, 'substring');
      if (sub === '') return { sql: `(length(${s}) + 1)`, kind: 'int', nullable: false, raises: base };
      return { sql: `((length(${s}) - length(replace(${s}, ${literal(sub)}, ''))) // ${[...sub].length})`, kind: 'int', nullable: false, raises: base };
    }
    case 'split': {
      if (e.args.length === 0) return { sql: `list_filter(regexp_split_to_array(${s}, '${PY_WS_CLASS}+'), __x -> __x <> '')`, kind: 'list', duck: 'VARCHAR[]', nullable: false, raises: base };
      if (e.args.length !== 1) throw rc.refuse(e.pos, 'split(…) with maxsplit', 'only split() and split(sep) are translated');
      const sep = constStr(0, 'separator');
      if (sep === '') return { sql: 'NULL', kind: 'none', nullable: true, raises: T }; // ValueError: empty separator
      return { sql: `string_split(${s}, ${literal(sep)})`, kind: 'list', duck: 'VARCHAR[]', nullable: false, raises: base };
    }
    case 'isdecimal':
      return boolean(`regexp_full_match(${s}, '\\p{Nd}+')`);
    case 'isalpha':
      return boolean(`regexp_full_match(${s}, '\\p{L}+')`);
    case 'isspace':
      return boolean(`regexp_full_match(${s}, '${PY_WS_CLASS}+')`);
    case 'isdigit':
      throw rc.refuse(e.pos, 'isdigit()', "Python's digits include superscripts and other numeric characters the local engine does not classify the same way", 'use isdecimal(), or compare with a pattern');
  }
}

export function indexSql(rc: RowCompiler, obj: PV, idx: PV, pos: Pos): PV {
  const raisesBase = or(obj.raises, idx.raises, isNull(obj));
  if (obj.kind === 'dict') {
    throw rc.refuse(pos, 'indexing a nested record with a computed key', 'write the key as a string: row["a"]["b"]');
  }
  if (obj.kind !== 'str' && obj.kind !== 'list') return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
  if (idx.kind !== 'int' && idx.kind !== 'bool') return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
  const len = obj.kind === 'str' ? `length(${obj.sql})` : `len(${obj.sql})`;
  const j = `(CASE WHEN ${idx.sql} < 0 THEN ${len} + ${idx.sql} ELSE ${idx.sql} END)`;
  const out = `coalesce(${j} < 0 OR ${j} >= ${len}, TRUE)`;
  if (obj.kind === 'str') return { sql: `substring(${obj.sql}, ${j} + 1, 1)`, kind: 'str', nullable: false, raises: or(raisesBase, isNull(idx), out) };
  const elem = obj.duck?.endsWith('[]') ? obj.duck.slice(0, -2) : 'VARCHAR';
  return { sql: `${obj.sql}[${j} + 1]`, kind: pyKind(elem), duck: elem, nullable: true, raises: or(raisesBase, isNull(idx), out) };
}

export function sliceSql(rc: RowCompiler, e: Extract<RowExpr, { k: 'slice' }>): PV {
  const obj = rc.compile(e.obj);
  if (e.step !== undefined) throw rc.refuse(e.pos, 'a slice with a step', 'only [start:stop] slices are translated');
  if (obj.kind !== 'str' && obj.kind !== 'list') return { sql: 'NULL', kind: 'none', nullable: true, raises: T };
  const len = obj.kind === 'str' ? `length(${obj.sql})` : `len(${obj.sql})`;
  const bound = (b: RowExpr | undefined, dflt: string): { sql: string; raises: string } => {
    if (b === undefined) return { sql: dflt, raises: F };
    const v = rc.compile(b);
    if (v.kind !== 'int' && v.kind !== 'none') return { sql: '0', raises: T };
    if (v.kind === 'none') return { sql: dflt, raises: v.raises };
    return { sql: `(CASE WHEN ${v.sql} < 0 THEN greatest(${len} + ${v.sql}, 0) ELSE least(${v.sql}, ${len}) END)`, raises: or(v.raises, isNull(v)) };
  };
  const start = bound(e.start, '0');
  const stop = bound(e.stop, len);
  const raises = or(obj.raises, isNull(obj), start.raises, stop.raises);
  if (obj.kind === 'str') return { sql: `substring(${obj.sql}, ${start.sql} + 1, greatest(${stop.sql} - ${start.sql}, 0))`, kind: 'str', nullable: false, raises };
  return { sql: `list_slice(${obj.sql}, ${start.sql} + 1, ${stop.sql})`, kind: 'list', duck: obj.duck, nullable: false, raises } as PV;
}
