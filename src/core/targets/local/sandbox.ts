/**
 * The second wall around the local engine: every DuckDB instance the engine opens is confined to the project's data
 * folder, whatever SQL reaches it.
 *
 * - `enable_external_access = false` with `allowed_directories`: a file outside the listed folders (and DuckDB's
 *   temp folder, which it adds itself) cannot be read or written — `read_text`, `glob`, `COPY … TO`, `ATTACH`, a
 *   file as a table name, an extension's files all fail with "Permission Error: Cannot access file …"; loading an
 *   extension fails too.
 * - Extensions are never installed or loaded on their own (`autoinstall/autoload_known_extensions`, set when the
 *   instance is created: duck.ts), nor community ones.
 * - `lock_configuration = true` freezes all that: a later `SET` of any setting fails ("the configuration has been
 *   locked") — except the few the engine changes per connection, listed in `allowed_configs`, which only change
 *   arithmetic, profiling and progress (a profile is written where DuckDB may write: the data folder). `search_path`
 *   and `schema` stay settable (DuckDB always allows them).
 *
 * (DuckDB refuses these settings as options of `DuckDBInstance.create`: they are set by statements right after.)
 * The first wall — user SQL must be one read-only query — is queryGuard.ts.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import * as path from 'node:path';

/**
 * Settings the engine sets per connection after the lock: the SQL dialect (engine.ts, SQL_DIALECT), the job
 * runner's profiler (rows read), the progress of a running query. Nothing here widens what DuckDB may touch.
 */
export const SESSION_SETTINGS: readonly string[] = [
  'integer_division',
  'ieee_floating_point_ops',
  'enable_profiling',
  'profiling_output',
  'enable_progress_bar',
  'enable_progress_bar_print',
];

/**
 * Confines `instance` to `directories` (absolute paths; each with everything under it) and locks its configuration.
 * An empty list allows no file at all (a parser's instance).
 */
/** `['a', 'b']` (duck.ts has the same; not imported, since duck.ts imports this module) */
function listLiteral(items: readonly string[]): string {
  return `[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}]`;
}

export async function confineInstance(instance: DuckDBInstance, directories: readonly string[]): Promise<void> {
  const folders = directories.map((d) => {
    if (!path.isAbsolute(d)) throw new Error(`the engine's allowed folder ${d} must be an absolute path`);
    // a prefix with its separator: /p/.lakehouse must not allow /p/.lakehouse-other
    return d.endsWith(path.sep) ? d : `${d}${path.sep}`;
  });
  const conn = await instance.connect();
  try {
    await conn.run(
      [
        `SET allowed_directories = ${listLiteral(folders)}`,
        'SET enable_external_access = false',
        'SET allow_community_extensions = false',
        'SET autoinstall_known_extensions = false',
        'SET autoload_known_extensions = false',
        `SET allowed_configs = ${listLiteral(SESSION_SETTINGS)}`,
        'SET lock_configuration = true',
      ].join(';\n'),
    );
  } finally {
    conn.closeSync();
  }
}
