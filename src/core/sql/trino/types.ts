/** Trino type syntax in a statement (`CAST(x AS decimal(10,2))`, `ARRAY(ROW(a INTEGER))`) → SqlType. */
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { T, type RowField, type SqlType } from '../dialects/sqlType';
import type { Translator } from './translator';

const SIMPLE: Record<string, SqlType> = {
  boolean: T.boolean,
  tinyint: T.tinyint,
  smallint: T.smallint,
  integer: T.integer,
  int: T.integer,
  bigint: T.bigint,
  real: T.real,
  float: T.real,
  double: T.double,
  varbinary: T.varbinary,
  json: T.json,
  date: T.date,
  uuid: T.uuid,
  ipaddress: T.ipaddress,
};

export function sqlTypeOf(t: Translator, ctx: P.TypeContext): SqlType {
  if (ctx instanceof P.RowTypeContext) {
    return T.row(
      ctx.rowField().map((f): RowField => {
        const id = f.identifier();
        const type = sqlTypeOf(t, f.type());
        return id ? { name: t.identifier(id), type } : { type };
      }),
    );
  }
  if (ctx instanceof P.IntervalTypeContext) {
    const fields = ctx.intervalField().map((f) => f.getText().toLowerCase());
    return fields[0] === 'year' || fields[0] === 'month' ? T.intervalYM : T.intervalDS;
  }
  if (ctx instanceof P.DateTimeTypeContext) {
    const p = ctx._precision ? precision(t, ctx._precision, 12) : 3;
    if (p > 6) throw t.unsupported(ctx, `timestamp(${p})`, 'DuckDB keeps microseconds');
    return ctx.KW_WITH() ? T.timestamptz(p) : T.timestamp(p);
  }
  if (ctx instanceof P.TimeTypeContext) {
    const p = ctx._precision ? precision(t, ctx._precision, 12) : 3;
    if (ctx.KW_WITH()) throw t.unsupported(ctx, 'time with time zone');
    if (p > 6) throw t.unsupported(ctx, `time(${p})`, 'DuckDB keeps microseconds');
    return T.time(p);
  }
  if (ctx instanceof P.DoublePrecisionTypeContext) return T.double;
  if (ctx instanceof P.LegacyArrayTypeContext) return T.array(sqlTypeOf(t, ctx.type()));
  if (ctx instanceof P.LegacyMapTypeContext) return T.map(sqlTypeOf(t, ctx.type_(0)!), sqlTypeOf(t, ctx.type_(1)!));
  if (ctx instanceof P.ArrayTypeContext) return T.array(sqlTypeOf(t, ctx.type()));
  if (ctx instanceof P.GenericTypeContext) {
    const name = t.identifier(ctx.identifier());
    const params = ctx.typeParameter();
    const nums = () => params.map((p) => precision(t, p, 65536));
    switch (name) {
      case 'varchar': {
        if (params.length === 0) return T.varchar;
        const [n] = nums();
        return T.varcharN(n!);
      }
      case 'char': {
        const [n] = params.length > 0 ? nums() : [1];
        return T.char(n!);
      }
      case 'decimal':
      case 'numeric': {
        const [p = 38, s = 0] = nums();
        if (p < 1 || p > 38) throw t.fail(ctx, `DECIMAL precision must be in range [1, 38]: ${p}`);
        if (s > p) throw t.fail(ctx, `DECIMAL scale must be in range [0, precision (${p})]: ${s}`);
        return T.decimal(p, s);
      }
      case 'array': {
        const inner = params[0]?.type();
        if (!inner || params.length !== 1) throw t.fail(ctx, 'ARRAY takes one type parameter');
        return T.array(sqlTypeOf(t, inner));
      }
      case 'map': {
        const [k, v] = params.map((p) => p.type());
        if (!k || !v || params.length !== 2) throw t.fail(ctx, 'MAP takes two type parameters');
        return T.map(sqlTypeOf(t, k), sqlTypeOf(t, v));
      }
      default: {
        const simple = SIMPLE[name];
        if (simple && params.length === 0) return simple;
        if (['hyperloglog', 'p4hyperloglog', 'qdigest', 'tdigest', 'setdigest', 'geometry', 'sphericalgeography', 'color', 'ipprefix', 'bingtile', 'kdbtree'].includes(name))
          throw t.unsupported(ctx, `the type ${name}`);
        throw t.fail(ctx, `Unknown type: ${ctx.getText()}`);
      }
    }
  }
  throw t.unsupported(ctx, `the type ${ctx.getText()}`);
}

function precision(t: Translator, p: P.TypeParameterContext, max: number): number {
  const v = p.INTEGER_VALUE();
  if (!v) throw t.fail(p, `Expected a number, not ${p.getText()}`);
  const n = Number(v.getText());
  if (n > max) throw t.fail(p, `Precision out of range: ${n}`);
  return n;
}
