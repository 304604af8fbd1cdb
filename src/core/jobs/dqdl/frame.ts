/**
 * The data a ruleset is evaluated on: a DuckDB relation (a view of the job's frame) with its columns, and the SQL the
 * rules need over it — the Spark SQL of where clauses and CustomSql translated through the project's Spark path
 * (sql/dialect.ts), each checked to be one expression or one query.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import { dmlIdentifier } from '../../glueNames';
import { sparkSqlToDuckDb } from '../../sql/dialect';
import { tokenize, type Token } from '../../sql/lexer';
import { RuleUnsupported } from './outcome';

export interface FrameColumn {
  name: string;
  /** DuckDB type, e.g. VARCHAR, BIGINT, DECIMAL(10,2) */
  type: string;
}

export class Frame {
  constructor(
    readonly conn: DuckDBConnection,
    /** the relation, quoted for SQL */
    readonly sql: string,
    readonly columns: FrameColumn[],
  ) {}

  static async open(conn: DuckDBConnection, relation: string): Promise<Frame> {
    const sql = dmlIdentifier(relation);
    const rows = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${sql}`)).getRowsJson() as string[][];
    return new Frame(conn, sql, rows.map((r) => ({ name: r[0]!, type: r[1]! })));
  }

  /**
   * The column Spark resolves for a name — case-insensitively, as Spark does by default; `` `a.b` `` is the column
   * named so — if any. A path into a struct (`state._1`) is refused: nested fields are not evaluated locally.
   */
  column(name: string): FrameColumn | undefined {
    const plain = /^`.*`$/s.test(name) ? name.slice(1, -1).split('``').join('`') : name;
    const found = this.columns.find((c) => c.name === plain) ?? this.columns.find((c) => c.name.toLowerCase() === plain.toLowerCase());
    if (!found && plain === name && name.includes('.')) {
      const head = name.split('.')[0]!;
      if (this.columns.some((c) => c.name.toLowerCase() === head.toLowerCase()))
        throw new RuleUnsupported(`the nested field ${name} is not evaluated locally (a rule on a field of ${head})`);
    }
    return found;
  }

  /** one row of a query over the frame; numbers as JS numbers, NULL as null */
  async row(sql: string): Promise<(number | string | boolean | null)[]> {
    const rows = (await this.conn.runAndReadAll(sql)).getRows();
    return (rows[0] ?? []).map((v) => (typeof v === 'bigint' ? Number(v) : v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v)));
  }

  async count(where?: string): Promise<number> {
    return Number((await this.row(`SELECT count(*) FROM ${this.sql}${where !== undefined ? ` WHERE (${where})` : ''}`))[0]);
  }
}

/** `"name"` */
export const q = dmlIdentifier;

const QUERY_WORDS = new Set(['SELECT', 'FROM', 'UNION', 'INTERSECT', 'EXCEPT', 'WITH', 'INSERT', 'CREATE', 'DROP', 'COPY', 'ATTACH', 'PRAGMA', 'SET', 'CALL', 'INSTALL', 'LOAD']);

/**
 * A where clause (a Spark SQL boolean expression) as DuckDB SQL, or why it is not one: a query, a second statement or
 * unbalanced parentheses are refused (the clause is placed inside `WHERE (…)`).
 */
export function whereToDuckDb(where: string): string {
  const tokens = tokenize(where, { quoting: 'hive' });
  checkExpression(tokens, where);
  return sparkSqlToDuckDb(where);
}

function checkExpression(tokens: Token[], text: string): void {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === '(') depth++;
    if (t.kind === 'op' && t.value === ')') depth--;
    if (depth < 0 || (t.kind === 'op' && t.value === ';') || (t.kind === 'word' && QUERY_WORDS.has(t.value.toUpperCase())))
      throw new LakehouseError('ScriptUnsupported', `the where clause "${text}" is not one Spark SQL expression (found ${t.text})`);
  }
  if (depth !== 0) throw new LakehouseError('ScriptUnsupported', `the where clause "${text}" has unbalanced parentheses`);
}

/**
 * The tables a statement reads (the names after FROM and JOIN) must be `primary`, an additional source's alias or a
 * name the statement's WITH defines: Glue's CustomSql can also read catalog tables (`database.table`), which the
 * local evaluation does not — refused by name rather than answered differently.
 */
function checkTables(tokens: Token[], sql: string, aliases: readonly string[]): void {
  const known = new Set(aliases.map((a) => a.toLowerCase()));
  // names defined by WITH: `name AS (`
  tokens.forEach((t, i) => {
    if ((t.kind === 'word' || t.kind === 'backtick') && tokens[i + 1]?.kind === 'word' && tokens[i + 1]!.value.toUpperCase() === 'AS' && tokens[i + 2]?.value === '(') known.add(t.value.toLowerCase());
  });
  // FROM inside a function (`extract(year FROM d)`, `trim(BOTH ' ' FROM s)`) names no table: only a query's FROM does
  const levels: boolean[] = [true];
  tokens.forEach((t, i) => {
    if (t.kind === 'op' && t.value === '(') levels.push(['SELECT', 'WITH'].includes(tokens[i + 1]?.value.toUpperCase() ?? ''));
    if (t.kind === 'op' && t.value === ')') levels.pop();
    if (t.kind !== 'word' || !['FROM', 'JOIN'].includes(t.value.toUpperCase()) || levels[levels.length - 1] !== true) return;
    const next = tokens[i + 1];
    if (!next || next.value === '(' || (next.kind !== 'word' && next.kind !== 'backtick')) return;
    const dotted = tokens[i + 2]?.value === '.';
    if (dotted || !known.has(next.value.toLowerCase()))
      throw new LakehouseError(
        'ScriptUnsupported',
        `CustomSql "${sql.trim().slice(0, 80)}" reads ${dotted ? `${next.value}.${tokens[i + 3]?.value ?? ''}` : next.value}: locally a CustomSql statement reads primary${aliases.length > 1 ? ` and the additional sources (${aliases.slice(1).join(', ')})` : ''}, not catalog tables`,
      );
  });
}

/**
 * A CustomSql statement (Spark SQL over `primary` and the additional sources' aliases) as one DuckDB query: exactly one
 * SELECT (or WITH … SELECT); `primary`, a reserved word in DuckDB but not in Spark, is quoted.
 */
export function customSqlToDuckDb(sql: string, aliases: readonly string[]): string {
  const tokens = tokenize(sql, { quoting: 'hive' });
  checkTables(tokens, sql, aliases);
  let last = tokens.length;
  while (last > 0 && tokens[last - 1]!.kind === 'op' && tokens[last - 1]!.value === ';') last--;
  const first = tokens[0];
  if (!first || first.kind !== 'word' || !['SELECT', 'WITH'].includes(first.value.toUpperCase()))
    throw new LakehouseError('ScriptUnsupported', `CustomSql runs one SELECT over primary; "${sql.trim().slice(0, 60)}" is not one`);
  if (tokens.slice(0, last).some((t) => t.kind === 'op' && t.value === ';'))
    throw new LakehouseError('ScriptUnsupported', `CustomSql runs one SELECT over primary; "${sql.trim().slice(0, 60)}" holds more than one statement`);
  const duck = sparkSqlToDuckDb(sql);
  // quote the bare word `primary` (DuckDB reserves it for PRIMARY KEY; Spark does not)
  const out: string[] = [];
  let at = 0;
  for (const t of tokenize(duck)) {
    if (t.kind === 'word' && t.value.toLowerCase() === 'primary') {
      out.push(duck.slice(at, t.offset), '"primary"');
      at = t.end;
    }
  }
  out.push(duck.slice(at));
  return out.join('').replace(/;\s*$/, '');
}
