/**
 * Athena (Trino) SQL → DuckDB: the entry of the translation. A statement's query is parsed once; the tables it
 * names are read from it (so the engine can look them up in the catalog), then it is translated with their
 * columns' types into DuckDB SQL that gives Trino's answer — or refused by name.
 *
 * This module and what it imports (the grammar, antlr4ng) is a bundle of its own (dist/trino.js), loaded the
 * first time SQL is translated.
 */
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { ParseTree } from 'antlr4ng';
import { render, type SourceSpan } from '../dialects/emit';
import { trinoTypeName, type SqlType } from '../dialects/sqlType';
import type { OutputColumn, TableReference, TranslateOptions } from './model';
import { parseTrinoStatement } from './parser';
import { query } from './queries';
import { offsetOf, Translator } from './translator';

export type { OutputColumn, TableInfo, TableReference, TranslateOptions } from './model';

export interface TranslatedQuery {
  /** the DuckDB SQL */
  sql: string;
  /** where each part of `sql` came from in the source (for DuckDB's error positions) */
  spans: SourceSpan[];
  /** the result's columns: Trino's names (`_col<i>` for anonymous ones) and types */
  columns: { name: string; type: SqlType; typeName: string }[];
  /** the DuckDB names of the columns (unique) */
  duckNames: string[];
}

export interface TrinoQuery {
  /** the tables and views the query names (WITH queries' names included when unqualified: the caller skips unknown ones) */
  readonly tables: TableReference[];
  translate(options: TranslateOptions): TranslatedQuery;
}

/** Parses the query of a statement (SELECT, WITH, VALUES, TABLE, a parenthesised query). */
export function parseQuery(text: string, base: { line: number; column: number } = { line: 1, column: 1 }): TrinoQuery {
  const parsed = parseTrinoStatement(text, base);
  const statement = parsed.statement;
  const probe = new Translator(text, { base, table: () => undefined });
  if (!(statement instanceof P.StatementDefaultContext)) throw probe.fail(statement, 'a query (SELECT, WITH, VALUES, TABLE) is expected here');
  const root = statement.rootQuery();
  if (root.withFunction()) throw probe.unsupported(root.withFunction()!, 'WITH FUNCTION (inline functions)');
  const tables = tableReferences(probe, root);
  return {
    tables,
    translate(options) {
      const t = new Translator(text, { ...options, base });
      const out = query(t, root.query());
      const rendered = render(out.sql);
      return {
        sql: rendered.text,
        spans: rendered.spans,
        columns: out.columns.map((c: OutputColumn, i) => ({ name: c.name ?? `_col${i}`, type: c.type, typeName: trinoTypeName(c.type) })),
        duckNames: out.duckNames,
      };
    },
  };
}

function tableReferences(t: Translator, root: ParseTree): TableReference[] {
  const out: TableReference[] = [];
  const seen = new Set<string>();
  const walk = (node: ParseTree): void => {
    if (node instanceof P.TableNameContext || node instanceof P.TableContext) {
      const ref = node instanceof P.TableNameContext ? (node.tableOrViewName().tableRef() ?? node.tableOrViewName().viewRef()!) : node.tableRef();
      const parts = ref.identifier().map((i) => t.identifier(i));
      const name = parts[parts.length - 1]!;
      const database = parts.length >= 2 ? parts[parts.length - 2] : undefined;
      const key = `${database ?? ''}.${name}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ ...(database !== undefined ? { database } : {}), name, at: offsetOf(ref) });
      }
    }
    for (let i = 0; i < node.getChildCount(); i++) walk(node.getChild(i)!);
  };
  walk(root);
  return out;
}
