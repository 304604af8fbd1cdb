/**
 * The local Glue Data Catalog: databases and tables in Glue's shape, kept in one JSON file (`.lakehouse/catalog.json`).
 *
 * Every change is a read-modify-write under an inter-process lock file (`catalog.json.lock`; the CLI and the
 * extension may both write), written atomically, so a crash never leaves a damaged catalog. Reads re-read the file
 * when its inode, size or mtime changed, so changes of other processes show up. A damaged file is reported with
 * its name and the problem — never silently reset.
 *
 * File shape:
 * ```json
 * { "version": 1, "databases": { "stedi": { "name": "stedi", "createTime": "…", "tables": { "customer_landing": { …CatalogTable } } } } }
 * ```
 */
import { promises as fs } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { LakehouseError } from '../../errors';
import { glueTableLimitProblems, glueValidationMessage } from '../../glueLimits';
import { GLUE_NAME_RULE, glueName, glueNameProblem } from '../../glueNames';
import type { CatalogDatabase, CatalogTable } from '../../model';
import type { Catalog } from '../../target';
import { KeyedQueue, acquireLockFile, errnoCode, parseJsonText, writeFileAtomic } from './fsutil';

export const CATALOG_FILE_VERSION = 1;

/** A table a commit creates or updates: `after`, where the table is still `before` (undefined: absent). */
export interface TableChange {
  before?: CatalogTable;
  after: CatalogTable;
}

interface StoredDatabase extends CatalogDatabase {
  tables: Record<string, CatalogTable>;
}

interface CatalogFile {
  version: number;
  databases: Record<string, StoredDatabase>;
}

const TABLE_TYPES = ['EXTERNAL_TABLE', 'VIRTUAL_VIEW', 'MANAGED_TABLE'];
/** Normalises a database or table name to Glue's lower case, refusing what Glue refuses (../../glueNames.ts). */
export function catalogName(name: string, what: 'database' | 'table'): string {
  return glueName(name, what);
}

/** a key of the file that Glue could have stored: a valid name, already lower case */
function storedName(key: string): boolean {
  return glueNameProblem(key) === undefined && key === key.toLowerCase();
}

// ---------------------------------------------------------------- validation of the file and of inputs

type Fail = (field: string, problem: string) => never;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(o: Record<string, unknown>, key: string, at: string, fail: Fail): void {
  if (o[key] !== undefined && typeof o[key] !== 'string') fail(`${at}.${key}`, 'must be a string');
}

function checkStringMap(v: unknown, at: string, fail: Fail): void {
  if (!isRecord(v)) fail(at, 'must be an object of strings');
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') fail(`${at}.${k}`, 'must be a string');
}

function checkColumns(v: unknown, at: string, fail: Fail): void {
  if (!Array.isArray(v)) fail(at, 'must be an array of columns');
  v.forEach((c: unknown, i: number) => {
    if (!isRecord(c)) fail(`${at}[${i}]`, 'must be an object with name and type');
    if (typeof c.name !== 'string' || c.name === '') fail(`${at}[${i}].name`, 'must be a non-empty string');
    if (typeof c.type !== 'string' || c.type === '') fail(`${at}[${i}].type`, 'must be a non-empty string');
    optString(c, 'comment', `${at}[${i}]`, fail);
  });
}

/**
 * Refuses what Glue's CreateTable / UpdateTable refuses in a table's definition (../../glueLimits.ts: a column name,
 * comment or type too long or off the single-line pattern, a description over 2048): the table, the column, the limit
 * and Glue's own validation message. Checked on writes only — a catalog file holding such a table still loads.
 */
function checkGlueLimits(t: CatalogTable, d: string, n: string): void {
  const p = glueTableLimitProblems(t)[0];
  if (p === undefined) return;
  const what =
    p.field === 'Description'
      ? `the table comment is ${p.length} characters long`
      : `column ${p.column}${p.member.includes('partitionKeys') ? ' (a partition key)' : ''}: its ${p.field.toLowerCase()} ${p.constraint.includes('pattern') ? 'holds a line break or another control character' : `is ${p.length} characters long`}`;
  throw new LakehouseError('InvalidInput', `table ${d}.${n}: ${what}, which Glue's Data Catalog refuses (InvalidInputException: ${glueValidationMessage(p)})`, { object: `${d}.${n}`, field: p.member });
}

/** Checks a value has the CatalogTable shape; `fail` raises with the field path. */
function checkTable(t: unknown, at: string, fail: Fail): asserts t is CatalogTable {
  if (!isRecord(t)) fail(at, 'must be an object');
  if (typeof t.database !== 'string') fail(`${at}.database`, 'must be a string');
  if (typeof t.name !== 'string') fail(`${at}.name`, 'must be a string');
  if (!TABLE_TYPES.includes(t.tableType as string)) fail(`${at}.tableType`, `must be one of ${TABLE_TYPES.join(', ')}`);
  const s = t.storage;
  if (!isRecord(s)) fail(`${at}.storage`, 'must be an object (the storage descriptor)');
  checkColumns(s.columns, `${at}.storage.columns`, fail);
  if (typeof s.location !== 'string') fail(`${at}.storage.location`, 'must be a string (s3://bucket/prefix/)');
  optString(s, 'inputFormat', `${at}.storage`, fail);
  optString(s, 'outputFormat', `${at}.storage`, fail);
  if (!isRecord(s.serde)) fail(`${at}.storage.serde`, 'must be an object');
  if (typeof s.serde.serializationLibrary !== 'string') fail(`${at}.storage.serde.serializationLibrary`, 'must be a string');
  checkStringMap(s.serde.parameters, `${at}.storage.serde.parameters`, fail);
  checkColumns(t.partitionKeys, `${at}.partitionKeys`, fail);
  checkStringMap(t.parameters, `${at}.parameters`, fail);
  if (t.partitions !== undefined) {
    if (!Array.isArray(t.partitions)) fail(`${at}.partitions`, 'must be an array');
    t.partitions.forEach((p: unknown, i: number) => {
      if (!isRecord(p)) fail(`${at}.partitions[${i}]`, 'must be an object with values and location');
      if (!Array.isArray(p.values) || p.values.some((x) => typeof x !== 'string')) fail(`${at}.partitions[${i}].values`, 'must be an array of strings');
      if (typeof p.location !== 'string') fail(`${at}.partitions[${i}].location`, 'must be a string');
      if (p.columns !== undefined) checkColumns(p.columns, `${at}.partitions[${i}].columns`, fail);
    });
  }
  for (const k of ['comment', 'viewText', 'createTime', 'updateTime']) optString(t, k, at, fail);
}

function checkFile(data: unknown, fail: Fail): asserts data is CatalogFile {
  if (!isRecord(data)) fail('', 'the catalog must be a JSON object');
  if (data.version !== CATALOG_FILE_VERSION) {
    fail('version', typeof data.version === 'number' && data.version > CATALOG_FILE_VERSION
      ? `version ${data.version} was written by a newer Lakehouse Studio`
      : `must be ${CATALOG_FILE_VERSION}`);
  }
  if (!isRecord(data.databases)) fail('databases', 'must be an object of databases');
  for (const [dbKey, db] of Object.entries(data.databases)) {
    const at = `databases.${dbKey}`;
    if (!isRecord(db)) fail(at, 'must be an object');
    if (db.name !== dbKey) fail(`${at}.name`, `must equal its key "${dbKey}"`);
    if (!storedName(dbKey)) fail(at, `is not a database name Glue stores (lower case; ${GLUE_NAME_RULE})`);
    for (const k of ['description', 'locationUri', 'createTime']) optString(db, k, at, fail);
    if (!isRecord(db.tables)) fail(`${at}.tables`, 'must be an object of tables');
    for (const [tKey, t] of Object.entries(db.tables)) {
      const tat = `${at}.tables.${tKey}`;
      if (!storedName(tKey)) fail(tat, `is not a table name Glue stores (lower case; ${GLUE_NAME_RULE})`);
      checkTable(t, tat, fail);
      if (t.name !== tKey) fail(`${tat}.name`, `must equal its key "${tKey}"`);
      if (t.database !== dbKey) fail(`${tat}.database`, `must be "${dbKey}"`);
    }
  }
}

// ---------------------------------------------------------------- the catalog

const clone = <T>(v: T): T => structuredClone(v);

/** Two tables alike but for their create and update times. */
function sameDefinition(a: CatalogTable, b: CatalogTable): boolean {
  const { createTime: _ca, updateTime: _ua, ...restA } = a;
  const { createTime: _cb, updateTime: _ub, ...restB } = b;
  return isDeepStrictEqual(restA, restB);
}

/**
 * `next` (a new definition of `existing`) with each partition that was already there keeping the columns it was
 * added with, as Glue keeps a partition's storage descriptor when the table's changes (ALTER TABLE ADD / REPLACE /
 * CHANGE COLUMNS, a job sink updating the schema): Athena reads a partition with its own columns
 * (https://docs.aws.amazon.com/athena/latest/ug/updates-and-partitions.html). Partitions new in `next` have the
 * table's columns.
 */
function keepPartitionColumns(existing: CatalogTable, next: CatalogTable): CatalogTable {
  if (!next.partitions || next.partitions.length === 0 || isDeepStrictEqual(existing.storage.columns, next.storage.columns)) return next;
  const before = new Map((existing.partitions ?? []).map((p) => [JSON.stringify(p.values), p]));
  const partitions = next.partitions.map((p) => {
    const old = before.get(JSON.stringify(p.values));
    if (!old || p.columns) return p;
    return { ...p, columns: clone(old.columns ?? existing.storage.columns) };
  });
  return { ...next, partitions };
}

function notFoundDb(name: string): LakehouseError {
  return new LakehouseError('EntityNotFound', `Database ${name} not found`, { object: name });
}

function notFoundTable(db: string, name: string): LakehouseError {
  return new LakehouseError('EntityNotFound', `Table ${db}.${name} not found`, { object: `${db}.${name}` });
}

export interface LocalCatalogOptions {
  /** how long a writer waits for another process's lock (ms); default 10 s */
  lockWaitMs?: number;
}

export class LocalCatalog implements Catalog {
  private cache?: { ino: number; size: number; mtimeMs: number; data: CatalogFile };
  private readonly queue = new KeyedQueue();
  private readonly lockWaitMs: number;

  /** @param file the catalog file, `.lakehouse/catalog.json` */
  constructor(readonly file: string, options: LocalCatalogOptions = {}) {
    this.lockWaitMs = options.lockWaitMs ?? 10_000;
  }

  private invalid(field: string, problem: string): never {
    throw new LakehouseError(
      'DataError',
      `${this.file}: invalid catalog: ${field ? `${field} ${problem}` : problem} (fix or remove the file)`,
      { file: this.file, field: field || undefined },
    );
  }

  /** The file's content, re-read only when it changed on disk; within a {@link batch}, the catalog as changed so far. */
  private async load(): Promise<CatalogFile> {
    if (this.batched) return this.batched.data;
    let st;
    try {
      st = await fs.stat(this.file);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') {
        this.cache = undefined;
        return { version: CATALOG_FILE_VERSION, databases: {} };
      }
      throw e;
    }
    const c = this.cache;
    if (c && c.ino === st.ino && c.size === st.size && c.mtimeMs === st.mtimeMs) return c.data;
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return this.load(); // replaced between stat and read
      throw e;
    }
    const data = parseJsonText<unknown>(text, this.file);
    checkFile(data, (field, problem) => this.invalid(field, problem));
    this.cache = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, data };
    return data;
  }

  /** Takes the catalog's file lock (other processes wait for it, up to lockWaitMs). */
  private async lock(): Promise<() => Promise<void>> {
    const lockFile = `${this.file}.lock`;
    const lock = await acquireLockFile(lockFile, { waitMs: this.lockWaitMs, staleAfterMs: 60_000, info: { purpose: 'catalog write' } });
    if (!lock.acquired) {
      throw new LakehouseError(
        'InvalidInput',
        `the catalog is locked by process ${lock.holder.pid} since ${lock.holder.acquiredOn} (${lockFile}); ` +
          'if no lakehouse process is running, delete that file',
        { file: lockFile },
      );
    }
    return lock.release;
  }

  /** Writes the catalog atomically (and fsynced: it is the lakehouse's metadata). */
  private async write(data: CatalogFile): Promise<void> {
    const text = `${JSON.stringify(data, null, 2)}\n`;
    await writeFileAtomic(this.file, text);
    const st = await fs.stat(this.file);
    this.cache = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, data };
  }

  /** Read-modify-write under the lock; `change` edits a private copy, which is then written atomically. */
  private mutate<T>(change: (data: CatalogFile) => T): Promise<T> {
    return this.queue.run('catalog', async () => {
      const batched = this.batched;
      if (batched) {
        // within a batch: the change applies to the batch's copy, written when the batch ends
        const data = clone(batched.data);
        const result = change(data);
        if (!isDeepStrictEqual(data, batched.data)) {
          batched.data = data;
          batched.changed = true;
        }
        return result;
      }
      const release = await this.lock();
      try {
        this.cache = undefined; // under the lock, always read the current file
        const current = await this.load();
        const data = clone(current);
        const result = change(data);
        // nothing changed (a CREATE … IF NOT EXISTS of something there, a job re-writing the same table): no write
        if (isDeepStrictEqual(data, current)) return result;
        await this.write(data);
        return result;
      } finally {
        await release();
      }
    });
  }

  /** Within a batch: the catalog as changed so far, written once when the batch ends. */
  private batched: { data: CatalogFile; changed: boolean } | undefined;

  /**
   * Runs `work` — statements that change the catalog one after another, as `lakehouse tables` runs the DDL files —
   * holding the catalog's lock throughout, and writes the catalog once at the end (one fsynced write instead of one
   * per statement). Each change is made as it comes, as without a batch: what `work` changed before it failed is
   * written too. Readers in this process see the changes at once, other processes when the batch ends.
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    if (this.batched) return work();
    const release = await this.queue.run('catalog', async () => {
      const unlock = await this.lock();
      try {
        this.cache = undefined;
        this.batched = { data: clone(await this.load()), changed: false };
      } catch (e) {
        await unlock();
        throw e;
      }
      return unlock;
    });
    try {
      return await work();
    } finally {
      // (after the changes queued by `work`)
      await this.queue.run('catalog', async () => {
        const batched = this.batched!;
        this.batched = undefined;
        try {
          if (batched.changed) await this.write(batched.data);
        } finally {
          await release();
        }
      });
    }
  }

  // ------------------------------------------------------------ databases

  async databases(): Promise<CatalogDatabase[]> {
    const data = await this.load();
    return Object.keys(data.databases)
      .sort()
      .map((k) => {
        const { tables: _tables, ...db } = data.databases[k];
        return clone(db);
      });
  }

  async database(name: string): Promise<CatalogDatabase | undefined> {
    const n = catalogName(name, 'database');
    const db = (await this.load()).databases[n];
    if (!db) return undefined;
    const { tables: _tables, ...rest } = db;
    return clone(rest);
  }

  async createDatabase(db: CatalogDatabase, options: { ifNotExists?: boolean } = {}): Promise<void> {
    const name = catalogName(db?.name, 'database');
    await this.mutate((data) => {
      if (data.databases[name]) {
        if (options.ifNotExists) return;
        throw new LakehouseError('AlreadyExists', `Database ${name} already exists`, { object: name });
      }
      const entry: StoredDatabase = { name, createTime: db.createTime ?? new Date().toISOString(), tables: {} };
      if (db.description !== undefined) entry.description = db.description;
      if (db.locationUri !== undefined) entry.locationUri = db.locationUri;
      data.databases[name] = entry;
    });
  }

  async dropDatabase(name: string, options: { ifExists?: boolean; cascade?: boolean } = {}): Promise<void> {
    const n = catalogName(name, 'database');
    await this.mutate((data) => {
      const db = data.databases[n];
      if (!db) {
        if (options.ifExists) return;
        throw notFoundDb(n);
      }
      const tables = Object.keys(db.tables).sort();
      if (tables.length && !options.cascade) {
        const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
        throw new LakehouseError(
          'InvalidInput',
          `Database ${n} is not empty (${tables.length} table${tables.length === 1 ? '' : 's'}: ${shown}); drop the tables first or use CASCADE`,
          { object: n },
        );
      }
      delete data.databases[n];
    });
  }

  // ------------------------------------------------------------ tables

  async tables(database: string): Promise<CatalogTable[]> {
    const n = catalogName(database, 'database');
    const db = (await this.load()).databases[n];
    if (!db) throw notFoundDb(n);
    return Object.keys(db.tables)
      .sort()
      .map((k) => clone(db.tables[k]));
  }

  async table(database: string, name: string): Promise<CatalogTable | undefined> {
    const d = catalogName(database, 'database');
    const t = catalogName(name, 'table');
    const found = (await this.load()).databases[d]?.tables[t];
    return found ? clone(found) : undefined;
  }

  /** The table, or `EntityNotFound` naming the missing database or table. */
  async requireTable(database: string, name: string): Promise<CatalogTable> {
    const d = catalogName(database, 'database');
    const t = catalogName(name, 'table');
    const db = (await this.load()).databases[d];
    if (!db) throw notFoundDb(d);
    const found = db.tables[t];
    if (!found) throw notFoundTable(d, t);
    return clone(found);
  }

  async putTable(table: CatalogTable, options: { replace?: boolean; ifNotExists?: boolean } = {}): Promise<void> {
    const d = catalogName(table?.database, 'database');
    const n = catalogName(table?.name, 'table');
    const input = clone(table);
    checkTable(input, 'table', (field, problem) => {
      throw new LakehouseError('InvalidInput', `table ${d}.${n}: ${field} ${problem}`, { object: `${d}.${n}`, field });
    });
    checkGlueLimits(input, d, n);
    input.database = d;
    input.name = n;
    // a job re-writing its table with nothing changed: no lock, no write
    const known = options.replace ? (await this.load()).databases[d]?.tables[n] : undefined;
    if (known && sameDefinition(known, input)) return;
    await this.mutate((data) => {
      const db = data.databases[d];
      if (!db) throw notFoundDb(d);
      const existing = db.tables[n];
      const now = new Date().toISOString();
      if (existing) {
        if (options.ifNotExists) return;
        if (!options.replace) throw new LakehouseError('AlreadyExists', `Table ${d}.${n} already exists`, { object: `${d}.${n}` });
        // the same definition again is not an update (UpdateTime stays)
        if (sameDefinition(existing, input)) return;
        db.tables[n] = { ...keepPartitionColumns(existing, input), createTime: existing.createTime ?? input.createTime ?? now, updateTime: now };
        return;
      }
      const created = input.createTime ?? now;
      db.tables[n] = { ...input, createTime: created, updateTime: input.updateTime ?? created };
    });
  }

  /**
   * Applies a commit's table changes in one write (readers of the file see all of them or none). Each change
   * applies only where the table is still as it was when the change was decided (`before`; undefined: absent) —
   * so a change re-applied by recovery, or one another process overtook (a DROP TABLE meanwhile), changes nothing.
   * Returns the `db.table` names changed.
   */
  async applyTableChanges(changes: readonly TableChange[]): Promise<string[]> {
    const inputs = changes.map((c) => {
      const d = catalogName(c.after.database, 'database');
      const n = catalogName(c.after.name, 'table');
      const after = clone(c.after);
      checkTable(after, 'table', (field, problem) => {
        throw new LakehouseError('InvalidInput', `table ${d}.${n}: ${field} ${problem}`, { object: `${d}.${n}`, field });
      });
      checkGlueLimits(after, d, n);
      return { d, n, after: { ...after, database: d, name: n }, before: c.before };
    });
    if (inputs.length === 0) return [];
    // every table already as the changes make it (a job re-writing the same tables): no lock, no write
    const known = await this.load();
    if (inputs.every(({ d, n, after }) => known.databases[d]?.tables[n] !== undefined && sameDefinition(known.databases[d]!.tables[n]!, after))) return [];
    return this.mutate((data) => {
      const applied: string[] = [];
      const now = new Date().toISOString();
      for (const { d, n, after, before } of inputs) {
        const db = data.databases[d];
        if (!db) continue;
        const current = db.tables[n];
        if (current && sameDefinition(current, after)) continue;
        if (before === undefined ? current !== undefined : !current || !sameDefinition(current, before)) continue;
        db.tables[n] = current
          ? { ...keepPartitionColumns(current, after), createTime: current.createTime ?? now, updateTime: now }
          : { ...after, createTime: after.createTime ?? now, updateTime: after.updateTime ?? after.createTime ?? now };
        applied.push(`${d}.${n}`);
      }
      return applied;
    });
  }

  async dropTable(database: string, name: string, options: { ifExists?: boolean } = {}): Promise<void> {
    const d = catalogName(database, 'database');
    const n = catalogName(name, 'table');
    await this.mutate((data) => {
      const db = data.databases[d];
      if (!db) {
        if (options.ifExists) return;
        throw notFoundDb(d);
      }
      if (!db.tables[n]) {
        if (options.ifExists) return;
        throw notFoundTable(d, n);
      }
      delete db.tables[n];
    });
  }
}
