/**
 * DuckDB plumbing for the local engine: the instance (no network, bounded memory, spill folder), SQL quoting,
 * DuckDB error messages turned into positions, and DuckDB values turned into JSON-safe cells.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import { LakehouseError, positionAt } from '../../errors';
import type { CellValue } from '../../model';
import { hashMapOrder, javaKeyHash, type JavaKeyKind } from '../../sql/dialects/mapOrder';
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { registerEngineFunctions } from './engineFunctions';
import { confineInstance } from './sandbox';

export interface EngineOptions {
  /** DuckDB threads; default: the machine's cores */
  threads?: number;
  /** DuckDB buffer-manager limit, e.g. `2GB`; RSS runs a few hundred MB above it */
  memoryLimit?: string;
  /** spill folder (DuckDB may read and write there); none: no spilling (an instance that only parses) */
  tempDirectory?: string;
  /** the only other folders DuckDB may read and write (sandbox.ts); none: no file at all */
  allowedDirectories?: readonly string[];
}

type DuckModule = typeof import('@duckdb/node-api');
let duckModule: Promise<DuckModule> | undefined;
/**
 * Loaded on first use: the extension must not pay for the native library at activation. With `require`, not
 * `import()`: the bundles are CommonJS, and an `import()` of the CommonJS package from there goes through Node's ESM
 * loader, which first lexes the package's sources for their export names (~50 ms at every start, more on a busy
 * machine) before loading them as `require` does.
 */
export function loadDuckDb(): Promise<DuckModule> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  duckModule ??= new Promise<DuckModule>((resolve) => resolve(require('@duckdb/node-api') as DuckModule));
  return duckModule;
}

/** An in-memory DuckDB, confined to `allowedDirectories` and its temp folder with its configuration locked (sandbox.ts). */
export async function createInstance(options: EngineOptions): Promise<DuckDBInstance> {
  const { DuckDBInstance } = await loadDuckDb();
  const config: Record<string, string> = {
    // json, parquet and icu are built in; never reach for the network to install or load anything
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  // without a temp folder: none (DuckDB's default, `.tmp` in the working folder, would be a folder it may use)
  config['temp_directory'] = options.tempDirectory ?? '';
  if (options.tempDirectory !== undefined) await fs.mkdir(options.tempDirectory, { recursive: true });
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  try {
    // every session in UTC, as Athena's and Glue's are (ICU's setting: set once it is loaded, before the lock)
    const conn = await instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      registerEngineFunctions(conn, await loadDuckDb());
    } finally {
      conn.closeSync();
    }
    await confineInstance(instance, options.allowedDirectories ?? []);
  } catch (e) {
    instance.closeSync();
    throw e;
  }
  return instance;
}

/** `"name"` with embedded quotes doubled. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'` with embedded quotes doubled. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A list literal of strings: `['a', 'b']`. */
export function listLiteral(items: readonly string[]): string {
  return `[${items.map(literal).join(', ')}]`;
}

export interface DuckErrorInfo {
  /** the message without DuckDB's "LINE n: …^" excerpt */
  message: string;
  /** 1-based position in the SQL that was run, when DuckDB gave one */
  line?: number;
  column?: number;
}

/**
 * DuckDB reports a position as an excerpt: `LINE 2:   foo = 1` and a caret below it. The excerpt may be cut
 * (`...`) on either side; find it in the submitted SQL to get the real column. `lineOffset`: how many lines the
 * SQL DuckDB ran has before `sql` starts (a wrapper such as `CREATE TABLE x AS\n`), so that `sql` begins at the
 * start of a line there. A position that cannot be found in `sql` is left out rather than guessed.
 */
export function parseDuckError(e: unknown, sql: string, lineOffset = 0): DuckErrorInfo {
  const raw = e instanceof Error ? e.message : String(e);
  const m = /\n\nLINE (\d+): (.*)\n( *)\^\s*$/s.exec(raw);
  // DuckDB gives no position for a syntax error at the end of the text: point after the last token of `sql`
  const atEnd = (message: string): DuckErrorInfo => ({ message, ...positionAt(sql, sql.trimEnd().length) });
  if (!m) {
    const message = raw.trim();
    return /^Parser Error: syntax error at end of input/.test(message) ? atEnd(message) : { message };
  }
  const message = raw.slice(0, m.index).trim();
  const line = Number(m[1]) - lineOffset;
  const lines = sql.split('\n');
  // a position in what the engine wrapped around `sql`: for a syntax error, `sql` ended too early
  if (line < 1 || line > lines.length) return /^Parser Error/.test(message) && line > lines.length ? atEnd(message) : { message };
  const prefixLen = `LINE ${m[1]}: `.length;
  const caret = m[3]!.length - prefixLen;
  let excerpt = m[2]!;
  let shift = 0;
  if (excerpt.startsWith('...')) {
    excerpt = excerpt.slice(3);
    shift = 3;
  }
  if (excerpt.endsWith('...')) excerpt = excerpt.slice(0, -3);
  const at = excerpt.length > 0 ? lines[line - 1]!.indexOf(excerpt) : -1;
  if (at < 0) return { message, line };
  return { message, line, column: Math.max(1, at + (caret - shift) + 1) };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const WIDE_INTEGERS = /^(BIGINT|INT8|LONG|HUGEINT|INT128|UBIGINT|UINT64|UHUGEINT|UINT128)$/;

const parsedTypes = new Map<string, DuckDbType | null>();
function parsedType(type: string): DuckDbType | null {
  let t = parsedTypes.get(type);
  if (t === undefined) {
    try {
      t = parseDuckDbType(type);
    } catch {
      t = null;
    }
    if (parsedTypes.size < 10_000) parsedTypes.set(type, t);
  }
  return t;
}

function convert(value: unknown, type: DuckDbType | null): CellValue {
  if (value === null || value === undefined) return null;
  if (type === null) return value as CellValue;
  switch (type.kind) {
    case 'named':
      if (typeof value === 'string' && WIDE_INTEGERS.test(type.name)) {
        const b = BigInt(value);
        return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : value;
      }
      return value as CellValue;
    case 'list':
      return Array.isArray(value) ? value.map((v) => convert(v, type.element)) : (value as CellValue);
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return value as CellValue;
      const fields = new Map(type.fields.map((f) => [f.name, f.type]));
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, convert(v, fields.get(k) ?? null)]));
    }
    case 'map': {
      // DuckDB gives a map as [{key, value}, …]; as JSON it is an object
      if (!Array.isArray(value)) return value as CellValue;
      const out: Record<string, CellValue> = {};
      const keys: string[] = [];
      for (const e of value as { key: unknown; value: unknown }[]) {
        const key = convert(e.key, type.key);
        const k = typeof key === 'string' ? key : JSON.stringify(key);
        keys.push(k);
        out[k] = convert(e.value, type.value);
      }
      checkMapOrder(keys, Object.keys(out), type.key);
      return out;
    }
    case 'union':
      return value as CellValue;
  }
}

/** The Java kind of a map key of a DuckDB type, as Athena's client hashes the Trino type it stands for (mapOrder.ts). */
function duckKeyKind(type: DuckDbType): JavaKeyKind | undefined {
  if (type.kind !== 'named') return undefined;
  if (/^(TINYINT|INT1|SMALLINT|INT2|SHORT|INTEGER|INT4|INT|SIGNED|UTINYINT|USMALLINT)$/.test(type.name)) return 'int';
  if (/^(BIGINT|INT8|LONG|UINTEGER|HUGEINT|UBIGINT)$/.test(type.name)) return 'long';
  if (/^(DOUBLE|FLOAT8)$/.test(type.name)) return 'double';
  if (/^(FLOAT|FLOAT4|REAL)$/.test(type.name)) return 'float';
  if (type.name === 'BOOLEAN' || type.name === 'BOOL') return 'boolean';
  if (/^(BLOB|BYTEA|BINARY|VARBINARY)$/.test(type.name)) return undefined;
  return 'string';
}

/**
 * A map cell is an object: its keys iterate in the order the map was built, except keys that read as integers, which
 * JavaScript puts first in ascending order. Athena shows entries by slot of a Java HashMap, and keys of one slot in
 * the order the map was built (mapOrder.ts): where the object's order would show two such keys the other way round,
 * or the keys' Java hash is not their value's (varbinary: by identity, so Athena's order changes from run to run;
 * arrays and rows as keys), the map is refused rather than shown in another order.
 */
function checkMapOrder(built: readonly string[], cell: readonly string[], keyType: DuckDbType): void {
  if (built.length < 2) return;
  const kind = duckKeyKind(keyType);
  if (!kind)
    throw new LakehouseError(
      'SqlUnsupported',
      `a map whose keys are ${keyType.kind === 'named' ? 'varbinary' : 'arrays, rows or maps'} is not supported by the local engine in a query's result (Athena has it): the order Athena shows its entries in is set by Java object hashes`,
    );
  const shown = (keys: readonly string[]) => {
    const order = hashMapOrder(keys.map((k) => javaKeyHash(k, kind)));
    return order && order.map((i) => keys[i]!);
  };
  const keyList = `${built.slice(0, 5).join(', ')}${built.length > 5 ? ', …' : ''}`;
  const athena = shown(built);
  if (!athena)
    throw new LakehouseError(
      'SqlUnsupported',
      `the order of a map's entries with keys ${keyList} is not supported by the local engine (Athena has it): more than 8 of its keys share a slot of Athena's hash table, whose order there is not modelled`,
    );
  if (built.every((k, i) => cell[i] === k)) return;
  const local = shown(cell);
  if (!local || athena.some((k, i) => local[i] !== k))
    throw new LakehouseError(
      'SqlUnsupported',
      `the order of a map's entries with keys ${keyList} is not supported by the local engine (Athena has it): Athena shows keys that share a slot of its hash table in the order the map was built, which the local result does not keep for keys that read as integers`,
    );
}

/**
 * Turns a value from `getRowsJson()` into a cell, by the DuckDB column type: integers wider than 32 bits (which
 * DuckDB gives as strings, at any depth) become numbers when they fit in a double exactly and stay strings
 * otherwise; maps become JSON objects.
 */
export function toCell(value: unknown, type: string): CellValue {
  return convert(value, parsedType(type));
}

/** Runs statements one after another on a connection. */
export async function runAll(conn: DuckDBConnection, statements: readonly string[]): Promise<void> {
  for (const s of statements) await conn.run(s);
}
