// A QueryEngine that remembers which executions are still running, so "Cancel Query" can stop whatever the
// explorer, the SQL commands or the results grid started, and the status bar can show that something runs.
import type { QueryState } from '../core/model';
import type { QueryEngine, Target } from '../core/target';

const FINAL: ReadonlySet<QueryState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export class TrackedQueries implements QueryEngine {
  private readonly running = new Map<string, string>();

  /** the inner engine's, when it has them (the local engine) */
  readonly warm?: QueryEngine['warm'];
  readonly prepareObjects?: QueryEngine['prepareObjects'];
  readonly view?: QueryEngine['view'];

  constructor(
    private readonly inner: QueryEngine,
    private readonly onChange: (running: number) => void,
  ) {
    if (inner.warm) this.warm = (options) => inner.warm!(options);
    if (inner.prepareObjects) this.prepareObjects = (bucket, keys, options) => inner.prepareObjects!(bucket, keys, options);
    if (inner.view) this.view = (id, view, options) => inner.view!(id, view, options);
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** the SQL of the executions still running */
  runningSql(): string[] {
    return [...this.running.values()];
  }

  start: QueryEngine['start'] = async (sql, context) => {
    const exec = await this.inner.start(sql, context);
    if (!FINAL.has(exec.state)) {
      this.running.set(exec.id, sql);
      this.onChange(this.running.size);
      void this.inner
        .wait(exec.id)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(exec.id);
          this.onChange(this.running.size);
        });
    }
    return exec;
  };

  status: QueryEngine['status'] = (id) => this.inner.status(id);
  wait: QueryEngine['wait'] = (id, options) => this.inner.wait(id, options);
  page: QueryEngine['page'] = (id, options) => this.inner.page(id, options);
  cancel: QueryEngine['cancel'] = (id) => this.inner.cancel(id);
  export: QueryEngine['export'] = (id, options) => this.inner.export(id, options);

  /** cancels every running execution; returns how many were running */
  async cancelAll(): Promise<number> {
    const ids = [...this.running.keys()];
    await Promise.allSettled(ids.map((id) => this.inner.cancel(id)));
    return ids.length;
  }
}

/** The target with its query engine tracked; everything else is the target's own. */
export function trackTarget(target: Target, queries: TrackedQueries): Target {
  return {
    kind: target.kind,
    label: target.label,
    storage: target.storage,
    catalog: target.catalog,
    queries,
    jobs: target.jobs,
    close: () => target.close(),
  };
}
