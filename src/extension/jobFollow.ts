// Following a job run to its end (plain TypeScript, no `vscode`), as "Run Job" and "Run Pipeline" do on either
// target: cancelling stops the run (BatchStopJobRun on AWS, the local runner's abort) and the wait goes on until the
// run is STOPPED; on AWS the run's CloudWatch lines are handed over while it runs.
import { errorMessage } from '../core/errors';
import type { JobRun } from '../core/model';
import type { JobService } from '../core/target';
import { isAwsError } from '../core/targets/aws/connection';
import type { AwsJobs } from './awsSettings';

export interface FollowHooks {
  /** new log lines of the run (AWS: live) */
  onLines?: (lines: string[]) => void;
  /** stopping the run failed: the wait stops too (rejects with `Cancelled`) */
  onStopFailed?: (e: unknown) => void;
  /** the live log could not be read: the run is waited for without it */
  onNoLiveLog?: (message: string) => void;
  /** the stop was asked for */
  onStopping?: () => void;
}

/**
 * Waits for run `runId` of `jobName` to reach a final state. `liveLog` (the AWS job service) follows its log; without
 * it, it is polled (`jobs.wait`). `signal` aborting stops the run itself, not only the waiting.
 */
export async function followRun(
  jobs: JobService,
  liveLog: Pick<AwsJobs, 'tail'> | undefined,
  jobName: string,
  runId: string,
  signal: AbortSignal | undefined,
  hooks: FollowHooks = {},
): Promise<{ run: JobRun; tailed: boolean }> {
  const waiting = new AbortController();
  const stop = () => {
    hooks.onStopping?.();
    jobs.cancel(jobName, runId).catch((e: unknown) => {
      waiting.abort();
      hooks.onStopFailed?.(e);
    });
  };
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  try {
    if (liveLog) {
      try {
        const run = await liveLog.tail(jobName, runId, (lines) => hooks.onLines?.(lines), { signal: waiting.signal });
        return { run, tailed: true };
      } catch (e) {
        // no live log (e.g. logs:FilterLogEvents denied): the run itself goes on, wait for it without
        if (!(isAwsError(e) && e.call.action.startsWith('logs:'))) throw e;
        hooks.onNoLiveLog?.(errorMessage(e));
      }
    }
    return { run: await jobs.wait(jobName, runId, { signal: waiting.signal }), tailed: false };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
