/** SQL understanding: splitting, statement classification, Athena DDL ⇄ catalog tables, types. */
export { tokenize, quoteIdentifier, quoteString, type Token, type TokenKind, type SourceBase, type LexOptions } from './lexer';
export { splitStatements, statementAt, type SqlStatement } from './split';
export {
  parseHiveType,
  formatHiveType,
  normalizeHiveType,
  hiveTypeToDuckDb,
  duckDbTypeToHive,
  duckDbTypeToAthena,
  parseDuckDbType,
  type HiveType,
  type DuckDbType,
} from './types';
export { parseCreateTable, renderCreateTable, tableFormat, normalizeLocation, SERDE, INPUT_FORMAT, OUTPUT_FORMAT, type CreateTableOptions } from './ddl';
export { parseStatement, type ParsedStatement, type StatementKind, type StatementOptions, type TableName } from './statements';
