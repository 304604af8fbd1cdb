/**
 * The fake's Glue Data Catalog operations (AWSGlue.*), over the local target's catalog — the same catalog Athena DDL
 * run by the fake writes to. Wire shapes, paging (NextToken/MaxResults) and error types follow Glue's API; the
 * conversions here are written independently of the client's (src/core/targets/aws/glueCatalog.ts).
 */
import { isLakehouseError } from '../../../src/core/errors';
import { GLUE_COLUMN_MAX, GLUE_SINGLE_LINE, GLUE_TABLE_DESCRIPTION_MAX, glueLength } from '../../../src/core/glueLimits';
import type { CatalogColumn, CatalogPartition, CatalogTable } from '../../../src/core/model';
import { FakeAwsError, type FakeAws } from './server';

const CATALOG_ID = '123456789012';
/** Glue's page limits: GetDatabases/GetTables at most 100, GetPartitions at most 1000 */
const MAX_TABLES = 100;
const MAX_PARTITIONS = 1000;
/**
 * Glue's Name constraint (API_DatabaseInput, API_TableInput): 1-255 bytes, the single-line string pattern
 * `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`. Written here from the API reference, independently of
 * src/core/glueNames.ts.
 */
const NAME_PATTERN = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*';
const NAME = /^[\t\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

type Json = Record<string, unknown>;

function notFound(what: string): FakeAwsError {
  return new FakeAwsError('EntityNotFoundException', `${what} not found.`);
}

function invalid(message: string): FakeAwsError {
  return new FakeAwsError('InvalidInputException', message);
}

function str(input: Json, key: string, required = true): string {
  const v = input[key];
  if (v === undefined || v === null) {
    if (required) throw invalid(`1 validation error detected: Value null at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`);
    return '';
  }
  if (typeof v !== 'string') throw new FakeAwsError('SerializationException', `${key} must be a string`);
  return v;
}

/** Glue lower-cases database and table names; a name it cannot hold is InvalidInput. */
function glueName(v: string, what: string): string {
  const member = `${what === 'Table' ? 'tableInput' : 'databaseInput'}.name`;
  if (!NAME.test(v)) throw invalid(`1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
  const bytes = Buffer.byteLength(v, 'utf8');
  if (bytes < 1 || bytes > 255) throw invalid(`1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: Member must have length between 1 and 255`);
  return v.toLowerCase();
}

function pageSize(input: Json, max: number): number {
  const m = input['MaxResults'];
  if (m === undefined) return max;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > max) {
    throw invalid(`1 validation error detected: Value '${String(m)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return m;
}

/** Page tokens: base64 of `{op, after}` — the last name returned; a token of another listing is InvalidInput. */
function tokenAfter(input: Json, op: string): string | undefined {
  const t = input['NextToken'];
  if (t === undefined || t === null || t === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(t), 'base64').toString('utf8')) as { op?: string; after?: string };
    if (parsed.op === op && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through
  }
  throw invalid('Invalid pagination token');
}

function page<T>(items: T[], key: (t: T) => string, input: Json, op: string, max: number): { items: T[]; next?: string } {
  const size = pageSize(input, max);
  const after = tokenAfter(input, op);
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const start = after === undefined ? 0 : sorted.findIndex((x) => key(x) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const out = rest.slice(0, size);
  return rest.length > size ? { items: out, next: Buffer.from(JSON.stringify({ op, after: key(out[out.length - 1]!) })).toString('base64') } : { items: out };
}

/** Glue's `Expression` of GetTables: `*` any characters, `|` alternatives, matched against the whole name. */
function expressionMatches(expression: string | undefined, name: string): boolean {
  if (!expression) return true;
  return expression.split('|').some((alt) => {
    const re = alt
      .trim()
      .split('*')
      .map((s) => s.replace(/[.+?^${}()[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${re}$`, 'i').test(name);
  });
}

/** A timestamp on the wire: epoch seconds (awsJson1_1). */
function epoch(isoText: string | undefined): number | undefined {
  if (!isoText) return undefined;
  const ms = new Date(isoText).getTime();
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

// ---------------------------------------------------------------- wire shapes

function columnsOut(cols: CatalogColumn[]): Json[] {
  return cols.map((c) => ({ Name: c.name, Type: c.type, ...(c.comment !== undefined ? { Comment: c.comment } : {}) }));
}

function columnsIn(v: unknown, at: string): CatalogColumn[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(`${at} must be a list of columns`);
  return v.map((c: Json, i) => {
    if (typeof c?.['Name'] !== 'string' || c['Name'] === '') throw invalid(`${at}[${i}].Name must not be empty`);
    const type = typeof c['Type'] === 'string' ? c['Type'] : '';
    if (type === '') throw invalid(`${at}[${i}].Type of column ${String(c['Name'])} must not be empty`);
    // API_Column: Name 1-255, Comment 0-255, Type 0-131072 characters, each on one line (the single-line pattern);
    // the limits are the local catalog's too (src/core/glueLimits.ts)
    const member = (field: string) => `${at.charAt(0).toLowerCase()}${at.slice(1)}.${i + 1}.member.${field.toLowerCase()}`;
    const check = (field: 'Name' | 'Comment' | 'Type', value: unknown) => {
      if (typeof value !== 'string') return;
      if (!GLUE_SINGLE_LINE.test(value)) throw invalid(`1 validation error detected: Value '${value}' at '${member(field)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
      if (glueLength(value) > GLUE_COLUMN_MAX[field]) throw invalid(`1 validation error detected: Value at '${member(field)}' failed to satisfy constraint: Member must have length less than or equal to ${GLUE_COLUMN_MAX[field]}`);
    };
    check('Name', c['Name']);
    check('Comment', c['Comment']);
    check('Type', type);
    return { name: c['Name'], type, ...(typeof c['Comment'] === 'string' ? { comment: c['Comment'] } : {}) };
  });
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Json)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Presto type text of a Hive type, as Athena writes view columns (`string` → `varchar`, `array<int>` → `array(integer)`). */
function hiveToPresto(t: string): string {
  const s = t.trim();
  const lower = s.toLowerCase();
  const generic = /^(array|map|struct)<(.*)>$/s.exec(lower);
  if (generic) {
    const parts = splitTop(generic[2]!);
    if (generic[1] === 'array') return `array(${hiveToPresto(parts[0] ?? '')})`;
    if (generic[1] === 'map') return `map(${hiveToPresto(parts[0] ?? '')}, ${hiveToPresto(parts[1] ?? '')})`;
    return `row(${parts.map((f) => { const i = f.indexOf(':'); return `${f.slice(0, i)} ${hiveToPresto(f.slice(i + 1))}`; }).join(', ')})`;
  }
  const simple: Record<string, string> = { string: 'varchar', int: 'integer', float: 'real' };
  return simple[lower] ?? lower;
}

function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function tableOut(t: CatalogTable): Json {
  const view = t.tableType === 'VIRTUAL_VIEW';
  const viewJson = view
    ? Buffer.from(
        JSON.stringify({ originalSql: t.viewText ?? '', catalog: 'awsdatacatalog', schema: t.database, columns: t.storage.columns.map((c) => ({ name: c.name, type: hiveToPresto(c.type) })) }),
      ).toString('base64')
    : undefined;
  return {
    Name: t.name,
    DatabaseName: t.database,
    ...(t.comment !== undefined ? { Description: t.comment } : {}),
    Owner: 'hadoop',
    CreateTime: epoch(t.createTime),
    UpdateTime: epoch(t.updateTime),
    Retention: 0,
    StorageDescriptor: {
      Columns: columnsOut(t.storage.columns),
      Location: t.storage.location,
      ...(t.storage.inputFormat !== undefined ? { InputFormat: t.storage.inputFormat } : {}),
      ...(t.storage.outputFormat !== undefined ? { OutputFormat: t.storage.outputFormat } : {}),
      Compressed: false,
      NumberOfBuckets: -1,
      SerdeInfo: { ...(t.storage.serde.serializationLibrary ? { SerializationLibrary: t.storage.serde.serializationLibrary } : {}), Parameters: t.storage.serde.parameters },
      BucketColumns: [],
      SortColumns: [],
      StoredAsSubDirectories: false,
    },
    PartitionKeys: columnsOut(t.partitionKeys),
    TableType: t.tableType,
    Parameters: view ? { ...t.parameters, presto_view: 'true' } : t.parameters,
    ...(view ? { ViewOriginalText: `/* Presto View: ${viewJson} */`, ViewExpandedText: '/* Presto View */' } : {}),
    CreatedBy: `arn:aws:iam::${CATALOG_ID}:user/test`,
    IsRegisteredWithLakeFormation: false,
    CatalogId: CATALOG_ID,
    VersionId: '0',
  };
}

/** A TableInput → the local catalog's table; a Presto View text is decoded to its SQL. */
function tableIn(database: string, input: unknown): CatalogTable {
  if (!input || typeof input !== 'object') throw invalid('TableInput must not be null');
  const ti = input as Json;
  const name = glueName(str(ti, 'Name'), 'Table');
  const sd = (ti['StorageDescriptor'] ?? {}) as Json;
  const serde = (sd['SerdeInfo'] ?? {}) as Json;
  const type = typeof ti['TableType'] === 'string' ? ti['TableType'] : 'EXTERNAL_TABLE';
  if (!['EXTERNAL_TABLE', 'VIRTUAL_VIEW', 'MANAGED_TABLE'].includes(type)) throw invalid(`TableType ${type} is not supported.`);
  let viewText: string | undefined;
  if (type === 'VIRTUAL_VIEW') {
    const original = typeof ti['ViewOriginalText'] === 'string' ? ti['ViewOriginalText'] : '';
    const m = /^\/\* Presto View: (\S+) \*\/$/.exec(original.trim());
    if (m) {
      try {
        viewText = String((JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as { originalSql: unknown }).originalSql);
      } catch {
        throw invalid(`ViewOriginalText of ${name} is not a valid Presto View`);
      }
    } else viewText = original;
  }
  const params = stringMap(ti['Parameters']);
  // TableInput.Description: not more than 2048 (src/core/glueLimits.ts)
  if (typeof ti['Description'] === 'string' && glueLength(ti['Description']) > GLUE_TABLE_DESCRIPTION_MAX)
    throw invalid(`1 validation error detected: Value at 'tableInput.description' failed to satisfy constraint: Member must have length less than or equal to ${GLUE_TABLE_DESCRIPTION_MAX}`);
  return {
    database,
    name,
    tableType: type as CatalogTable['tableType'],
    storage: {
      columns: columnsIn(sd['Columns'], 'StorageDescriptor.Columns'),
      location: typeof sd['Location'] === 'string' ? sd['Location'] : '',
      ...(typeof sd['InputFormat'] === 'string' ? { inputFormat: sd['InputFormat'] } : {}),
      ...(typeof sd['OutputFormat'] === 'string' ? { outputFormat: sd['OutputFormat'] } : {}),
      serde: { serializationLibrary: typeof serde['SerializationLibrary'] === 'string' ? serde['SerializationLibrary'] : '', parameters: stringMap(serde['Parameters']) },
    },
    partitionKeys: columnsIn(ti['PartitionKeys'], 'PartitionKeys'),
    parameters: params,
    ...(typeof ti['Description'] === 'string' ? { comment: ti['Description'] } : {}),
    ...(viewText !== undefined ? { viewText } : {}),
  };
}

function partitionOut(t: CatalogTable, p: CatalogPartition): Json {
  return {
    Values: p.values,
    DatabaseName: t.database,
    TableName: t.name,
    CreationTime: epoch(t.updateTime),
    StorageDescriptor: {
      Columns: columnsOut(t.storage.columns),
      Location: p.location,
      ...(t.storage.inputFormat !== undefined ? { InputFormat: t.storage.inputFormat } : {}),
      ...(t.storage.outputFormat !== undefined ? { OutputFormat: t.storage.outputFormat } : {}),
      SerdeInfo: { SerializationLibrary: t.storage.serde.serializationLibrary, Parameters: t.storage.serde.parameters },
    },
    Parameters: {},
    CatalogId: CATALOG_ID,
  };
}

// ---------------------------------------------------------------- operations

export function installGlueCatalog(fake: FakeAws): void {
  const catalog = fake.local.catalog;

  /** runs a catalog change, mapping what the local catalog refuses to Glue's error types */
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      if (e instanceof FakeAwsError) throw e;
      if (isLakehouseError(e, 'EntityNotFound')) throw new FakeAwsError('EntityNotFoundException', `${e.message.replace(/\.$/, '')}.`);
      if (isLakehouseError(e, 'AlreadyExists')) throw new FakeAwsError('AlreadyExistsException', `${e.message.replace(/\.$/, '')}.`);
      if (isLakehouseError(e)) throw invalid(e.message);
      throw e;
    }
  };

  const requireDb = async (input: Json, key = 'DatabaseName'): Promise<string> => {
    const name = glueName(str(input, key), 'Database');
    if (!(await catalog.database(name))) throw notFound(`Database ${name}`);
    return name;
  };

  const requireTable = async (input: Json): Promise<CatalogTable> => {
    const db = await requireDb(input);
    const name = glueName(str(input, input['TableName'] !== undefined ? 'TableName' : 'Name'), 'Table');
    const t = await catalog.table(db, name);
    if (!t) throw notFound(`Table ${name}`);
    return t;
  };

  fake.on('AWSGlue.GetDatabases', async (input: Json) => {
    const dbs = await catalog.databases();
    const { items, next } = page(dbs, (d) => d.name, input, 'GetDatabases', MAX_TABLES);
    return {
      DatabaseList: items.map((d) => ({
        Name: d.name,
        ...(d.description !== undefined ? { Description: d.description } : {}),
        ...(d.locationUri !== undefined ? { LocationUri: d.locationUri } : {}),
        Parameters: {},
        CreateTime: epoch(d.createTime),
        CatalogId: CATALOG_ID,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  });

  fake.on('AWSGlue.GetDatabase', async (input: Json) => {
    const name = glueName(str(input, 'Name'), 'Database');
    const d = await catalog.database(name);
    if (!d) throw notFound(`Database ${name}`);
    return {
      Database: {
        Name: d.name,
        ...(d.description !== undefined ? { Description: d.description } : {}),
        ...(d.locationUri !== undefined ? { LocationUri: d.locationUri } : {}),
        Parameters: {},
        CreateTime: epoch(d.createTime),
        CatalogId: CATALOG_ID,
      },
    };
  });

  fake.on('AWSGlue.CreateDatabase', async (input: Json) => {
    const di = (input['DatabaseInput'] ?? undefined) as Json | undefined;
    if (!di) throw invalid("1 validation error detected: Value null at 'databaseInput' failed to satisfy constraint: Member must not be null");
    const name = glueName(str(di, 'Name'), 'Database');
    if (await catalog.database(name)) throw new FakeAwsError('AlreadyExistsException', 'Database already exists.');
    await guard(() =>
      catalog.createDatabase({
        name,
        ...(typeof di['Description'] === 'string' ? { description: di['Description'] } : {}),
        ...(typeof di['LocationUri'] === 'string' ? { locationUri: di['LocationUri'] } : {}),
      }),
    );
    return {};
  });

  fake.on('AWSGlue.DeleteDatabase', async (input: Json) => {
    const name = await requireDb(input, 'Name');
    // Glue deletes the database's tables with it
    await guard(() => catalog.dropDatabase(name, { cascade: true }));
    return {};
  });

  fake.on('AWSGlue.GetTables', async (input: Json) => {
    const db = await requireDb(input);
    const expression = typeof input['Expression'] === 'string' ? input['Expression'] : undefined;
    const tables = (await catalog.tables(db)).filter((t) => expressionMatches(expression, t.name));
    const { items, next } = page(tables, (t) => t.name, input, `GetTables:${db}:${expression ?? ''}`, MAX_TABLES);
    return { TableList: items.map(tableOut), ...(next ? { NextToken: next } : {}) };
  });

  fake.on('AWSGlue.GetTable', async (input: Json) => ({ Table: tableOut(await requireTable(input)) }));

  fake.on('AWSGlue.CreateTable', async (input: Json) => {
    const db = await requireDb(input);
    const table = tableIn(db, input['TableInput']);
    if (await catalog.table(db, table.name)) throw new FakeAwsError('AlreadyExistsException', 'Table already exists.');
    await guard(() => catalog.putTable(table));
    return {};
  });

  fake.on('AWSGlue.UpdateTable', async (input: Json) => {
    const db = await requireDb(input);
    const table = tableIn(db, input['TableInput']);
    const existing = await catalog.table(db, table.name);
    if (!existing) throw notFound(`Table ${table.name}`);
    // UpdateTable leaves the table's partitions alone
    await guard(() => catalog.putTable({ ...table, ...(existing.partitions ? { partitions: existing.partitions } : {}) }, { replace: true }));
    return {};
  });

  fake.on('AWSGlue.DeleteTable', async (input: Json) => {
    const t = await requireTable(input);
    await guard(() => catalog.dropTable(t.database, t.name));
    return {};
  });

  fake.on('AWSGlue.GetPartitions', async (input: Json) => {
    const t = await requireTable(input);
    const parts = t.partitions ?? [];
    const { items, next } = page(parts, (p) => JSON.stringify(p.values), input, `GetPartitions:${t.database}.${t.name}`, MAX_PARTITIONS);
    return { Partitions: items.map((p) => partitionOut(t, p)), ...(next ? { NextToken: next } : {}) };
  });

  fake.on('AWSGlue.BatchCreatePartition', async (input: Json) => {
    const t = await requireTable(input);
    const list = input['PartitionInputList'];
    if (!Array.isArray(list)) throw invalid("1 validation error detected: Value null at 'partitionInputList' failed to satisfy constraint: Member must not be null");
    if (list.length > 100) throw invalid(`1 validation error detected: Value at 'partitionInputList' failed to satisfy constraint: Member must have length less than or equal to 100`);
    const parts = [...(t.partitions ?? [])];
    const errors: Json[] = [];
    for (const p of list as Json[]) {
      const values = Array.isArray(p['Values']) ? (p['Values'] as unknown[]).map(String) : [];
      if (values.length !== t.partitionKeys.length) {
        errors.push({ PartitionValues: values, ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: `The number of partition values (${values.length}) does not match the number of partition keys (${t.partitionKeys.length}).` } });
        continue;
      }
      if (parts.some((x) => JSON.stringify(x.values) === JSON.stringify(values))) {
        errors.push({ PartitionValues: values, ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' } });
        continue;
      }
      const sd = (p['StorageDescriptor'] ?? {}) as Json;
      parts.push({ values, location: typeof sd['Location'] === 'string' ? sd['Location'] : '' });
    }
    await guard(() => catalog.putTable({ ...t, partitions: parts }, { replace: true }));
    return errors.length > 0 ? { Errors: errors } : {};
  });
}
