/**
 * Athena's `ALTER TABLE` statements (Hive DDL), parsed into what they change. Synopses from Athena's DDL reference:
 * https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html — the forms Athena lists as unsupported for Hive
 * tables (https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html) parse as `REFUSED` with Athena's
 * reason, so the engine can say it at the statement's position.
 */
import type { CatalogColumn } from '../model';
import { type TableName, type TokenCursor } from './cursor';
import { normalizeLocation, readColumns } from './ddl';
import { ddlName, refuseReservedWord } from './ddlReserved';
import { absolutePosition, type Token } from './lexer';
import { formatHiveType, readHiveType } from './types';

/** A file-absolute position in the submitted text. */
export interface Position {
  line: number;
  column: number;
}

/** `(dt = '2016-05-14', country = 'IN')`: keys lower-cased, values as Glue stores them (text) */
export interface PartitionSpec {
  entries: { key: string; value: string; at: Position }[];
  at: Position;
}

export type AlterTableAction =
  | { kind: 'ADD_PARTITIONS'; ifNotExists: boolean; partitions: { spec: PartitionSpec; location?: string }[] }
  | { kind: 'DROP_PARTITIONS'; ifExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'ADD_COLUMNS'; columns: CatalogColumn[]; at: Position }
  | { kind: 'REPLACE_COLUMNS'; columns: CatalogColumn[]; at: Position }
  | {
      kind: 'CHANGE_COLUMN';
      column: string;
      newColumn: CatalogColumn;
      /** FIRST, or AFTER the named column; absent: where the column was */
      place?: { first: true } | { after: string; at: Position };
      at: Position;
    }
  | { kind: 'SET_TBLPROPERTIES'; properties: Record<string, string>; at: Position }
  | { kind: 'SET_LOCATION'; location: string; partition?: PartitionSpec; at: Position }
  | { kind: 'RENAME_PARTITION'; from: PartitionSpec; to: PartitionSpec }
  /** a form Athena does not run on Hive tables, or that the local engine does not keep (partition schemas) */
  | { kind: 'REFUSED'; what: string; reason: 'athena' | 'iceberg-only' | 'local'; at: Position };

export interface AlterTableStatement {
  kind: 'ALTER_TABLE';
  table: TableName;
  action: AlterTableAction;
  /** where the table name is */
  at: Position;
}

function posOf(cursor: TokenCursor, token: Token | undefined): Position {
  const t = token ?? cursor.tokens[cursor.tokens.length - 1];
  return t ? absolutePosition(cursor.base, t.line, t.column) : absolutePosition(cursor.base, 1, 1);
}

/** A partition value: a string (Hive quoting, so `"…"` too) or a number, kept as Glue keeps it: text. */
function partitionValue(cursor: TokenCursor, key: string): string {
  const t = cursor.peek();
  if (t && (t.kind === 'string' || t.kind === 'dquoted')) {
    cursor.pos++;
    return t.value;
  }
  let sign = '';
  if (cursor.isOp('-') || cursor.isOp('+')) sign = cursor.next().value === '-' ? '-' : '';
  const n = cursor.peek();
  if (n?.kind === 'number') {
    cursor.pos++;
    return sign + n.value;
  }
  throw cursor.expected(`a value for partition key '${key}' (a string in quotes or a number)`);
}

/** `PARTITION (k = v, …)` from the cursor at `PARTITION`. */
export function readPartitionSpec(cursor: TokenCursor): PartitionSpec {
  const at = posOf(cursor, cursor.expectWord('PARTITION'));
  cursor.expectOp('(');
  const entries: PartitionSpec['entries'] = [];
  do {
    const keyToken = cursor.peek();
    const key = ddlName(cursor, 'a partition key');
    if (entries.some((e) => e.key === key)) throw cursor.errorAt(keyToken, `partition key '${key}' is given twice`);
    cursor.expectOp('=');
    entries.push({ key, value: partitionValue(cursor, key), at: posOf(cursor, keyToken) });
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
  return { entries, at };
}

/** `('k' = 'v', …)` as SET TBLPROPERTIES takes it: string keys, string or number values (`'compression_level' = 4`). */
function readTableProperties(cursor: TokenCursor): Record<string, string> {
  const props: Record<string, string> = {};
  cursor.expectOp('(');
  do {
    const keyToken = cursor.peek();
    const key = cursor.expectString("a property name in quotes ('key'='value')", true);
    if (Object.prototype.hasOwnProperty.call(props, key)) throw cursor.errorAt(keyToken, `property '${key}' is set twice`);
    cursor.expectOp('=');
    const v = cursor.peek();
    if (v && (v.kind === 'string' || v.kind === 'dquoted' || v.kind === 'number')) {
      cursor.pos++;
      props[key] = v.value;
    } else throw cursor.expected(`a value for '${key}'`);
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
  return props;
}

function location(cursor: TokenCursor): string {
  const t = cursor.peek();
  const value = cursor.expectString("an S3 location in quotes ('s3://bucket/prefix/')", true);
  if (!/^s3:\/\/[^/\s]+(\/|$)/.test(value)) throw cursor.errorAt(t, `LOCATION must be an S3 URI like 's3://bucket/prefix/', not '${value}'`);
  return normalizeLocation(value);
}

/** `CASCADE` / `RESTRICT` after a column change: Hive's choice whether partitions' schemas follow. */
function columnChangeOption(cursor: TokenCursor): void {
  if (!cursor.acceptWord('CASCADE')) cursor.acceptWord('RESTRICT');
}

function refused(cursor: TokenCursor, from: Token | undefined, what: string, reason: 'athena' | 'iceberg-only' | 'local'): AlterTableAction {
  const at = posOf(cursor, from);
  // the rest of the statement is not read: what it is has been decided
  cursor.pos = cursor.tokens.length;
  return { kind: 'REFUSED', what, reason, at };
}

/** What follows `ALTER TABLE name PARTITION (…)`. */
function partitionAction(cursor: TokenCursor, spec: PartitionSpec): AlterTableAction {
  const t = cursor.peek();
  if (cursor.isWords('SET', 'LOCATION')) {
    const at = posOf(cursor, t);
    cursor.pos += 2;
    return { kind: 'SET_LOCATION', location: location(cursor), partition: spec, at };
  }
  if (cursor.isWords('RENAME', 'TO')) {
    cursor.pos += 2;
    return { kind: 'RENAME_PARTITION', from: spec, to: readPartitionSpec(cursor) };
  }
  if (cursor.isWords('ADD', 'COLUMNS') || cursor.isWords('REPLACE', 'COLUMNS'))
    return refused(cursor, t, `ALTER TABLE … PARTITION (…) ${t!.value.toUpperCase()} COLUMNS`, 'local');
  if (cursor.isWords('CHANGE')) return refused(cursor, t, 'ALTER TABLE … PARTITION (…) CHANGE COLUMNS', 'athena');
  for (const words of [['COMPACT'], ['CONCATENATE'], ['SET', 'FILEFORMAT'], ['ARCHIVE'], ['UNARCHIVE'], ['TOUCH']])
    if (cursor.isWords(...words)) return refused(cursor, t, `ALTER TABLE … PARTITION (…) ${words.join(' ')}`, 'athena');
  throw cursor.expected('SET LOCATION or RENAME TO PARTITION after the partition');
}

/** the Hive ALTER TABLE forms Athena lists as unsupported (for Hive tables) */
const ATHENA_UNSUPPORTED: { words: string[]; icebergOnly?: boolean }[] = [
  { words: ['RENAME', 'TO'], icebergOnly: true },
  { words: ['DROP', 'COLUMN'], icebergOnly: true },
  { words: ['SET', 'SERDEPROPERTIES'] },
  { words: ['SET', 'SKEWED', 'LOCATION'] },
  { words: ['SET', 'FILEFORMAT'] },
  { words: ['SET', 'SERDE'] },
  { words: ['CLUSTERED', 'BY'] },
  { words: ['SKEWED', 'BY'] },
  { words: ['NOT', 'CLUSTERED'] },
  { words: ['NOT', 'SKEWED'] },
  { words: ['NOT', 'SORTED'] },
  { words: ['NOT', 'STORED', 'AS', 'DIRECTORIES'] },
  { words: ['EXCHANGE', 'PARTITION'] },
  { words: ['ARCHIVE', 'PARTITION'] },
  { words: ['UNARCHIVE', 'PARTITION'] },
  { words: ['TOUCH'] },
  { words: ['COMPACT'] },
  { words: ['CONCATENATE'] },
];

/** Parses `ALTER TABLE name …` (Hive quoting) from the cursor at `ALTER`. */
export function parseAlterTable(cursor: TokenCursor): AlterTableStatement {
  cursor.expectWord('ALTER');
  cursor.expectWord('TABLE');
  const nameToken = cursor.peek();
  const table = cursor.tableName('a table name', refuseReservedWord);
  const at = posOf(cursor, nameToken);
  const t = cursor.peek();
  let action: AlterTableAction;
  if (cursor.isWord('PARTITION')) {
    action = partitionAction(cursor, readPartitionSpec(cursor));
  } else if (cursor.isWords('ADD', 'COLUMNS') || cursor.isWords('REPLACE', 'COLUMNS')) {
    const replace = cursor.isWord('REPLACE');
    cursor.pos += 2;
    const columns = readColumns(cursor, 'column', new Map());
    columnChangeOption(cursor);
    action = { kind: replace ? 'REPLACE_COLUMNS' : 'ADD_COLUMNS', columns, at: posOf(cursor, t) };
  } else if (cursor.isWord('ADD')) {
    cursor.pos++;
    const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
    if (!cursor.isWord('PARTITION')) throw cursor.expected('PARTITION or COLUMNS after ADD');
    const partitions: { spec: PartitionSpec; location?: string }[] = [];
    do {
      const spec = readPartitionSpec(cursor);
      const loc = cursor.acceptWord('LOCATION') ? location(cursor) : undefined;
      partitions.push(loc !== undefined ? { spec, location: loc } : { spec });
      cursor.acceptOp(',');
    } while (cursor.isWord('PARTITION'));
    action = { kind: 'ADD_PARTITIONS', ifNotExists, partitions };
  } else if (cursor.isWord('DROP') && (cursor.isWord('PARTITION', 1) || cursor.isWords('DROP', 'IF', 'EXISTS'))) {
    cursor.pos++;
    const ifExists = cursor.acceptWords('IF', 'EXISTS');
    const partitions: PartitionSpec[] = [];
    do partitions.push(readPartitionSpec(cursor));
    while (cursor.acceptOp(','));
    cursor.acceptWord('PURGE');
    action = { kind: 'DROP_PARTITIONS', ifExists, partitions };
  } else if (cursor.isWord('CHANGE')) {
    cursor.pos++;
    cursor.acceptWord('COLUMN');
    const column = ddlName(cursor, 'the name of the column to change');
    const newName = ddlName(cursor, 'the new column name');
    const newColumn: CatalogColumn = { name: newName, type: formatHiveType(readHiveType(cursor)) };
    if (cursor.acceptWord('COMMENT')) newColumn.comment = cursor.expectString('a comment string', true);
    let place: { first: true } | { after: string; at: Position } | undefined;
    if (cursor.acceptWord('FIRST')) place = { first: true };
    else if (cursor.isWord('AFTER')) {
      cursor.pos++;
      const afterToken = cursor.peek();
      place = { after: cursor.identifier('a column name after AFTER'), at: posOf(cursor, afterToken) };
    }
    columnChangeOption(cursor);
    action = { kind: 'CHANGE_COLUMN', column, newColumn, ...(place ? { place } : {}), at: posOf(cursor, t) };
  } else if (cursor.isWords('SET', 'TBLPROPERTIES')) {
    cursor.pos += 2;
    action = { kind: 'SET_TBLPROPERTIES', properties: readTableProperties(cursor), at: posOf(cursor, t) };
  } else if (cursor.isWords('SET', 'LOCATION')) {
    cursor.pos += 2;
    action = { kind: 'SET_LOCATION', location: location(cursor), at: posOf(cursor, t) };
  } else {
    const form = ATHENA_UNSUPPORTED.find((f) => cursor.isWords(...f.words));
    if (!form) throw cursor.expected('ADD, DROP, CHANGE, REPLACE COLUMNS, SET TBLPROPERTIES, SET LOCATION or PARTITION after the table name');
    action = refused(cursor, t, `ALTER TABLE … ${form.words.join(' ')}`, form.icebergOnly ? 'iceberg-only' : 'athena');
  }
  cursor.expectEnd();
  return { kind: 'ALTER_TABLE', table, action, at };
}
