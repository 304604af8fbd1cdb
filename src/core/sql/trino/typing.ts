/**
 * Trino's rules for types, as the translation needs them: implicit coercion, the common super type of two types
 * (CASE, COALESCE, IN, UNION, VALUES, arguments bound to one type variable), and function signatures written as
 * text (`array(T), bigint -> T`) matched against argument types.
 *
 * From Trino's TypeCoercion and the "Data types" / "Functions" documentation (trinodb/trino
 * docs/src/main/sphinx/language/types.md: implicit conversions between numeric, character and temporal types).
 */
import { integralAsDecimal, isIntegral, T, type RowField, type SqlType } from '../dialects/sqlType';

const INTEGRAL_RANK: Record<string, number> = { tinyint: 1, smallint: 2, integer: 3, bigint: 4 };

/** Trino's CharType.MAX_LENGTH: the char an unbounded varchar is coerced to. */
export const CHAR_MAX_LENGTH = 65536;

/** Whether a value of `from` is implicitly converted to `to` where `to` is expected. */
export function canCoerce(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'unknown') return true;
  switch (to.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return isIntegral(from) && INTEGRAL_RANK[from.kind]! <= INTEGRAL_RANK[to.kind]!;
    case 'decimal': {
      const d = isIntegral(from) ? integralAsDecimal(from) : from;
      if (d.kind !== 'decimal') return false;
      return d.scale <= to.scale && d.precision - d.scale <= to.precision - to.scale;
    }
    case 'real':
      return isIntegral(from) || from.kind === 'decimal' || from.kind === 'real';
    case 'double':
      return isIntegral(from) || from.kind === 'decimal' || from.kind === 'real' || from.kind === 'double';
    case 'varchar':
      if (from.kind === 'varchar' || from.kind === 'char') return to.length === undefined || (from.length !== undefined && from.length <= to.length);
      return false;
    case 'char':
      // Athena's Trino coerces varchar to char (TypeCoercion before trinodb/trino#29939, merged 2026-06-17, which
      // reversed it): varchar(x) to char(y) for x <= y, an unbounded varchar to char(65536) (CharType.MAX_LENGTH)
      if (from.kind === 'varchar') return from.length === undefined ? to.length === CHAR_MAX_LENGTH : from.length <= to.length;
      return from.kind === 'char' && from.length <= to.length;
    case 'timestamp':
      return (from.kind === 'timestamp' && from.precision <= to.precision) || from.kind === 'date';
    case 'timestamptz':
      return ((from.kind === 'timestamp' || from.kind === 'timestamptz') && from.precision <= to.precision) || from.kind === 'date';
    case 'time':
      return from.kind === 'time' && from.precision <= to.precision;
    case 'array':
      return from.kind === 'array' && canCoerce(from.element, to.element);
    case 'map':
      return from.kind === 'map' && canCoerce(from.key, to.key) && canCoerce(from.value, to.value);
    case 'row':
      return from.kind === 'row' && from.fields.length === to.fields.length && from.fields.every((f, i) => canCoerce(f.type, to.fields[i]!.type));
    case 'interval':
      return from.kind === 'interval' && from.unit === to.unit;
    case 'unknown':
      return false;
    default:
      return from.kind === to.kind;
  }
}

/** The type both `a` and `b` convert to implicitly, or undefined when there is none (Trino then fails). */
export function commonSuperType(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (isIntegral(a) && isIntegral(b)) return INTEGRAL_RANK[a.kind]! >= INTEGRAL_RANK[b.kind]! ? a : b;
  const numeric = (t: SqlType) => isIntegral(t) || t.kind === 'decimal' || t.kind === 'real' || t.kind === 'double';
  if (numeric(a) && numeric(b)) {
    if (a.kind === 'double' || b.kind === 'double') return T.double;
    if (a.kind === 'real' || b.kind === 'real') return T.real;
    const da = integralAsDecimal(a);
    const db = integralAsDecimal(b);
    if (da.kind !== 'decimal' || db.kind !== 'decimal') return undefined;
    const scale = Math.max(da.scale, db.scale);
    const integer = Math.max(da.precision - da.scale, db.precision - db.scale);
    return T.decimal(Math.min(38, integer + scale), scale);
  }
  if (a.kind === 'varchar' && b.kind === 'varchar') return a.length === undefined || b.length === undefined ? T.varchar : T.varcharN(Math.max(a.length, b.length));
  if (a.kind === 'char' && b.kind === 'char') return T.char(Math.max(a.length, b.length));
  // a char and a varchar meet as char (trailing spaces do not count): Athena's Trino coerced varchar to char, so
  // `VARCHAR 'a ' = CHAR 'a'` is true (trinodb/trino#29939, merged 2026-06-17, reversed it; its docs now say false)
  if ((a.kind === 'char' && b.kind === 'varchar') || (a.kind === 'varchar' && b.kind === 'char')) {
    const c = a.kind === 'char' ? a : (b as { length: number });
    const v = a.kind === 'varchar' ? a : (b as { length?: number });
    return T.char(v.length === undefined ? CHAR_MAX_LENGTH : Math.max(c.length, v.length));
  }
  const temporal = (t: SqlType) => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamptz';
  if (temporal(a) && temporal(b)) {
    if (a.kind === 'date' && b.kind === 'date') return a;
    const pa = a.kind === 'date' ? 0 : (a as { precision: number }).precision;
    const pb = b.kind === 'date' ? 0 : (b as { precision: number }).precision;
    if (a.kind === 'timestamptz' || b.kind === 'timestamptz') {
      const za = a.kind === 'timestamptz' ? a.zone : undefined;
      const zb = b.kind === 'timestamptz' ? b.zone : undefined;
      // a timestamp converts to the session's zone (UTC)
      const zone = (z: string | undefined, t: SqlType) => (t.kind === 'timestamptz' ? z : 'UTC');
      const z1 = zone(za, a);
      const z2 = zone(zb, b);
      return T.timestamptz(Math.max(pa, pb), z1 !== undefined && z1 === z2 ? z1 : undefined);
    }
    return T.timestamp(Math.max(pa, pb));
  }
  if (a.kind === 'time' && b.kind === 'time') return T.time(Math.max(a.precision, b.precision));
  if (a.kind === 'array' && b.kind === 'array') {
    const e = commonSuperType(a.element, b.element);
    return e && T.array(e);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = commonSuperType(a.key, b.key);
    const v = commonSuperType(a.value, b.value);
    return k && v && T.map(k, v);
  }
  if (a.kind === 'row' && b.kind === 'row' && a.fields.length === b.fields.length) {
    const fields: RowField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const t = commonSuperType(a.fields[i]!.type, b.fields[i]!.type);
      if (!t) return undefined;
      const name = a.fields[i]!.name ?? b.fields[i]!.name;
      fields.push(name !== undefined ? { name, type: t } : { type: t });
    }
    return T.row(fields);
  }
  if (a.kind === b.kind && (a.kind === 'interval' ? a.unit === (b as typeof a).unit : true)) return a;
  return undefined;
}

/** The common super type of all of `types` (undefined if two have none). */
export function commonSuperTypeOf(types: readonly SqlType[]): SqlType | undefined {
  let t: SqlType | undefined = T.unknown;
  for (const x of types) {
    t = commonSuperType(t, x);
    if (!t) return undefined;
  }
  return t;
}

// ---------------------------------------------------------------- signatures

/**
 * A parameter or result type of a signature. Type variables are single capital letters (`T`, `K`, `V`, `E`,
 * `U`); `decimal`, `timestamp`, `timestamptz`, `time` and `varchar` without parameters stand for any precision
 * or length; `function(A, …, R)` is a lambda taking A… and returning R; `any` matches any type.
 */
export type SigType =
  | { kind: 'var'; name: string }
  | { kind: 'concrete'; type: SqlType }
  | { kind: 'family'; family: 'decimal' | 'timestamp' | 'timestamptz' | 'time' | 'varchar' | 'char' | 'any' }
  | { kind: 'array'; element: SigType }
  | { kind: 'map'; key: SigType; value: SigType }
  | { kind: 'function'; params: SigType[]; result: SigType };

export interface Signature {
  params: SigType[];
  /** the last parameter repeats */
  variadic: boolean;
  result: SigType;
  text: string;
}

const CONCRETE: Record<string, SqlType> = {
  boolean: T.boolean,
  tinyint: T.tinyint,
  smallint: T.smallint,
  integer: T.integer,
  bigint: T.bigint,
  real: T.real,
  double: T.double,
  varbinary: T.varbinary,
  json: T.json,
  date: T.date,
  uuid: T.uuid,
  ipaddress: T.ipaddress,
  unknown: T.unknown,
  'interval_ym': T.intervalYM,
  'interval_ds': T.intervalDS,
};

/** `array(T), bigint -> T` → a Signature. */
export function parseSignature(text: string): Signature {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|\d+|\.\.\.|->|[(),]/g) ?? [];
  let i = 0;
  const next = () => tokens[i++];
  const peek = () => tokens[i];
  const readType = (): SigType => {
    const name = next();
    if (name === undefined) throw new Error(`signature ${text}: a type expected`);
    if (/^[A-Z][0-9]?$/.test(name)) return { kind: 'var', name };
    const args: (SigType | number)[] = [];
    if (peek() === '(') {
      next();
      do {
        if (/^\d+$/.test(peek() ?? '')) args.push(Number(next()));
        else args.push(readType());
      } while (peek() === ',' && next());
      if (next() !== ')') throw new Error(`signature ${text}: ')' expected`);
    }
    switch (name) {
      case 'array':
        return { kind: 'array', element: args[0] as SigType };
      case 'map':
        return { kind: 'map', key: args[0] as SigType, value: args[1] as SigType };
      case 'function':
        return { kind: 'function', params: args.slice(0, -1) as SigType[], result: args[args.length - 1] as SigType };
      case 'decimal':
        return args.length === 2 ? { kind: 'concrete', type: T.decimal(args[0] as number, args[1] as number) } : { kind: 'family', family: 'decimal' };
      case 'varchar':
        return args.length === 1 ? { kind: 'concrete', type: T.varcharN(args[0] as number) } : { kind: 'family', family: 'varchar' };
      case 'char':
        return { kind: 'family', family: 'char' };
      case 'timestamp':
      case 'timestamptz':
      case 'time':
        return args.length === 1
          ? { kind: 'concrete', type: name === 'timestamp' ? T.timestamp(args[0] as number) : name === 'time' ? T.time(args[0] as number) : T.timestamptz(args[0] as number) }
          : { kind: 'family', family: name };
      case 'any':
        return { kind: 'family', family: 'any' };
      default: {
        const t = CONCRETE[name];
        if (!t) throw new Error(`signature ${text}: unknown type ${name}`);
        return { kind: 'concrete', type: t };
      }
    }
  };
  const params: SigType[] = [];
  let variadic = false;
  if (peek() !== '->') {
    do {
      params.push(readType());
      if (peek() === '...') {
        next();
        variadic = true;
      }
    } while (peek() === ',' && next());
  }
  if (next() !== '->') throw new Error(`signature ${text}: '->' expected`);
  const result = readType();
  if (i !== tokens.length) throw new Error(`signature ${text}: unexpected ${peek()}`);
  return { params, variadic, result, text };
}

export type Bindings = Map<string, SqlType>;

/** Collects the types `arg` gives the variables of `param` (no coercion checks); false if the shapes differ. */
export function collect(param: SigType, arg: SqlType, found: Map<string, SqlType[]>): boolean {
  switch (param.kind) {
    case 'var': {
      const list = found.get(param.name) ?? [];
      list.push(arg);
      found.set(param.name, list);
      return true;
    }
    case 'array':
      if (arg.kind === 'unknown') return true;
      return arg.kind === 'array' && collect(param.element, arg.element, found);
    case 'map':
      if (arg.kind === 'unknown') return true;
      return arg.kind === 'map' && collect(param.key, arg.key, found) && collect(param.value, arg.value, found);
    default:
      return true;
  }
}

/** The type a parameter stands for once its variables are bound; families take the argument's own type. */
export function instantiate(param: SigType, bindings: Bindings, arg?: SqlType): SqlType | undefined {
  switch (param.kind) {
    case 'var':
      return bindings.get(param.name) ?? T.unknown;
    case 'concrete':
      return param.type;
    case 'family':
      return familyType(param.family, arg);
    case 'array': {
      const e = instantiate(param.element, bindings, arg?.kind === 'array' ? arg.element : undefined);
      return e && T.array(e);
    }
    case 'map': {
      const k = instantiate(param.key, bindings, arg?.kind === 'map' ? arg.key : undefined);
      const v = instantiate(param.value, bindings, arg?.kind === 'map' ? arg.value : undefined);
      return k && v && T.map(k, v);
    }
    case 'function':
      return undefined;
  }
}

/** The member of a type family `arg` converts to: itself when it belongs, its widening otherwise. */
function familyType(family: string, arg: SqlType | undefined): SqlType | undefined {
  if (arg === undefined) return family === 'varchar' ? T.varchar : family === 'timestamp' ? T.timestamp(3) : family === 'timestamptz' ? T.timestamptz(3, 'UTC') : undefined;
  switch (family) {
    case 'any':
      return arg;
    case 'decimal':
      if (arg.kind === 'decimal') return arg;
      if (isIntegral(arg)) return integralAsDecimal(arg);
      return arg.kind === 'unknown' ? T.decimal(1, 0) : undefined;
    case 'varchar':
      return arg.kind === 'varchar' ? arg : arg.kind === 'char' ? T.varcharN(arg.length) : arg.kind === 'unknown' ? T.varchar : undefined;
    case 'char':
      return arg.kind === 'char' ? arg : undefined;
    case 'timestamp':
      return arg.kind === 'timestamp' ? arg : arg.kind === 'date' ? T.timestamp(0) : arg.kind === 'unknown' ? T.timestamp(3) : undefined;
    case 'timestamptz':
      return arg.kind === 'timestamptz'
        ? arg
        : arg.kind === 'timestamp'
          ? T.timestamptz(arg.precision, 'UTC')
          : arg.kind === 'date'
            ? T.timestamptz(0, 'UTC')
            : arg.kind === 'unknown'
              ? T.timestamptz(3)
              : undefined;
    case 'time':
      return arg.kind === 'time' ? arg : arg.kind === 'unknown' ? T.time(3) : undefined;
    default:
      return undefined;
  }
}
