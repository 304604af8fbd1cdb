/** Running one statement to its end on any target (the Target's engines are asynchronous: start, then wait). */
import type { QueryContext, QueryExecution } from '../model';
import type { Target } from '../target';

/** Starts `sql` and waits for its final state; aborting `signal` cancels the execution. */
export async function runStatement(target: Target, sql: string, context: QueryContext = {}, signal?: AbortSignal): Promise<QueryExecution> {
  const started = await target.queries.start(sql, context);
  return target.queries.wait(started.id, signal ? { signal } : {});
}
