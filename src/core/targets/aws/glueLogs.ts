/**
 * Reading a Glue job run's CloudWatch logs: `/aws-glue/jobs/output` and `/aws-glue/jobs/error` (stream = the run
 * id), merged by time, `[error]` marking the error group's lines.
 *
 * - CloudWatch ingests events late and out of order: each read reaches back a look-back window, and event ids keep a
 *   line from coming twice.
 * - FilterLogEvents may return a page with no events and a `nextToken`: paging goes on until there is no token.
 * - After a run ended, its last events still arrive for seconds: {@link settleLogs} reads on until two reads in a row
 *   are quiet, for a run that ended less than `settleMs` ago.
 *
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
 */
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { LakehouseError } from '../../errors';
import type { JobRun } from '../../model';
import { isAwsError, type AwsConnection } from './connection';

export const OUTPUT_LOG_GROUP = '/aws-glue/jobs/output';
export const ERROR_LOG_GROUP = '/aws-glue/jobs/error';

const FILTER_LIMIT = 10_000;

/** What a run's waiting or following rejects with when its signal fires: the run itself is not stopped. */
export function cancelledWaiting(jobName: string, runId: string, what = 'waiting for'): LakehouseError {
  return new LakehouseError('Cancelled', `stopped ${what} run ${runId} of job ${jobName}; the run itself goes on in Glue (cancel it to stop it)`, {
    object: runId,
  });
}

/** Sleeps `ms`, or rejects with `onAbort()` when the signal fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

interface LogLine {
  timestamp: number;
  /** tie-breaker: output before error, then the order CloudWatch returned */
  order: number;
  text: string;
}

export interface LogReader {
  /** The lines that came since the last read (both groups, merged by time). */
  read(): Promise<string[]>;
}

export interface LogReaderOptions {
  conn: AwsConnection;
  jobName: string;
  runId: string;
  signal: AbortSignal | undefined;
  /** how far back (ms) each read reaches before the newest event seen, for events ingested late */
  lookbackMs: number;
  /** runs one read of a group, waiting out transient failures (the job service's poll patience) */
  patiently<T>(poll: () => Promise<T>): Promise<T>;
}

/** Every event of the run's stream in one log group since `startTime` (all pages); none when the group or stream is missing. */
async function events(conn: AwsConnection, group: string, runId: string, startTime: number | undefined, signal: AbortSignal | undefined): Promise<FilteredLogEvent[]> {
  const [client, { FilterLogEventsCommand }] = await Promise.all([conn.logs(), import('@aws-sdk/client-cloudwatch-logs')]);
  const out: FilteredLogEvent[] = [];
  let token: string | undefined;
  try {
    do {
      const res = await conn.call({ action: 'logs:FilterLogEvents', resource: `${group}:${runId}` }, () =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            logStreamNames: [runId],
            limit: FILTER_LIMIT,
            ...(startTime !== undefined ? { startTime } : {}),
            ...(token ? { nextToken: token } : {}),
          }),
          signal ? { abortSignal: signal } : {},
        ),
      );
      out.push(...(res.events ?? []));
      token = res.nextToken || undefined;
    } while (token);
  } catch (e) {
    // a group or stream not there (yet): no lines
    if (isAwsError(e, 'NotFound')) return out;
    throw e;
  }
  return out;
}

function lines(group: string, evs: FilteredLogEvent[], base: number): LogLine[] {
  const mark = group === ERROR_LOG_GROUP ? '[error] ' : '';
  const out: LogLine[] = [];
  evs.forEach((e, i) => {
    const text = (e.message ?? '').replace(/\r?\n$/, '');
    for (const part of text.split(/\r?\n/)) out.push({ timestamp: e.timestamp ?? 0, order: base + i, text: mark + part });
  });
  return out;
}

function merge(...groups: LogLine[][]): string[] {
  return groups
    .flat()
    .sort((a, b) => a.timestamp - b.timestamp || a.order - b.order)
    .map((l) => l.text);
}

/**
 * A reader of the run's two log groups: each `read()` returns the lines that came since the last one (both groups,
 * merged by time; a window reaching back `lookbackMs` catches events CloudWatch ingested late, and event ids keep a
 * line from coming twice).
 */
export function logReader(options: LogReaderOptions): LogReader {
  const { conn, jobName, runId, signal, lookbackMs } = options;
  const seen = new Set<string>();
  const since = new Map<string, number>();
  let order = 0;
  return {
    read: async () => {
      const fresh: LogLine[][] = [];
      for (const group of [OUTPUT_LOG_GROUP, ERROR_LOG_GROUP]) {
        const last = since.get(group);
        const evs = await options.patiently(async () => {
          try {
            return await events(conn, group, runId, last !== undefined ? Math.max(0, last - lookbackMs) : undefined, signal);
          } catch (e) {
            if (signal?.aborted) throw cancelledWaiting(jobName, runId, 'following');
            throw e;
          }
        });
        const novel = evs.filter((e) => {
          const id = e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}`;
          if (seen.has(`${group}|${id}`)) return false;
          seen.add(`${group}|${id}`);
          return true;
        });
        for (const e of novel) if (e.timestamp !== undefined) since.set(group, Math.max(since.get(group) ?? 0, e.timestamp));
        // output before error at the same time, each group in CloudWatch's order
        fresh.push(lines(group, novel, group === ERROR_LOG_GROUP ? 1e9 + order : order));
        order += novel.length;
      }
      return merge(...fresh);
    },
  };
}

/**
 * After a run ended, CloudWatch still delivers its last events (seconds later): while the run ended less than
 * `settleMs` ago, reads on every `intervalMs` until two reads in a row brought nothing new. A run that ended longer
 * ago has all its lines delivered: nothing more is read.
 */
export async function settleLogs(
  reader: LogReader,
  run: JobRun,
  onLines: (lines: string[]) => void,
  options: { intervalMs: number; settleMs: number; signal: AbortSignal | undefined },
): Promise<void> {
  const completed = run.completedOn ? Date.parse(run.completedOn) : Date.now();
  let quietReads = 0;
  while (quietReads < 2 && Date.now() - completed < options.settleMs) {
    await sleep(options.intervalMs, options.signal, () => cancelledWaiting(run.jobName, run.id, 'following'));
    const more = await reader.read();
    if (more.length > 0) {
      onLines(more);
      quietReads = 0;
    } else quietReads++;
  }
}
