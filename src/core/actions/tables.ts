/**
 * Creating the catalog tables from the project's DDL folder: the project database first (Athena needs it), then
 * every statement of every `*.sql` file in name order. An error names the file, line and column.
 */
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import { ddlIdentifier } from '../glueNames';
import type { QueryExecution } from '../model';
import { projectFiles, type Project } from '../project/manifest';
import { splitStatements } from '../sql/split';
import type { Target } from '../target';

export interface DdlResult {
  file: string;
  line: number;
  sql: string;
  execution: QueryExecution;
}

export async function createTables(
  project: Project,
  target: Target,
  options: { signal?: AbortSignal; onStatement?: (r: DdlResult) => void } = {},
): Promise<DdlResult[]> {
  const db = project.manifest.database;
  const first = await target.queries.start(`CREATE DATABASE IF NOT EXISTS ${ddlIdentifier(db)}`);
  const created = await target.queries.wait(first.id, options);
  if (created.state !== 'SUCCEEDED') throw new LakehouseError('SqlError', `CREATE DATABASE ${db} failed: ${created.error?.message ?? created.state}`);
  const results: DdlResult[] = [];
  const files = await projectFiles(project, 'sql');
  if (files.length === 0) throw new LakehouseError('InvalidInput', `no .sql files in ${path.resolve(project.root, project.manifest.sql)}`);
  for (const f of files) {
    const rel = path.relative(project.root, f.path);
    for (const st of splitStatements(f.text, rel)) {
      const started = await target.queries.start(st.text, { database: db });
      const execution = await target.queries.wait(started.id, options);
      const r: DdlResult = { file: rel, line: st.line, sql: st.text, execution };
      results.push(r);
      options.onStatement?.(r);
      if (execution.state !== 'SUCCEEDED') {
        const e = execution.error;
        // positions from the engine are within the statement; place them in the file
        const line = e?.line !== undefined ? st.line + e.line - 1 : st.line;
        const column = e?.line !== undefined ? (e.line === 1 ? st.column + (e.column ?? 1) - 1 : (e.column ?? 1)) : st.column;
        const message = (e?.message ?? execution.state).replace(/^line \d+:\d+: /, '');
        throw new LakehouseError(execution.state === 'CANCELLED' ? 'Cancelled' : 'SqlError', `${rel}:${line}:${column}: ${message}`, { file: rel, line, column });
      }
    }
  }
  return results;
}
