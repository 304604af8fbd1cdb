/**
 * Glue's job runs as the model's: JobRunState mapped to the model's states (WAITING is STARTING, STOPPING still
 * RUNNING, ERROR and EXPIRED FAILED), where a run's log is, and a run said in one line for users.
 */
import type { JobRun as GlueJobRun } from '@aws-sdk/client-glue';
import type { JobRun, JobRunState } from '../../model';
import { ERROR_LOG_GROUP, OUTPUT_LOG_GROUP } from './glueLogs';

export const FINAL: ReadonlySet<JobRunState> = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT']);

export function isFinalJobRunState(state: JobRunState): boolean {
  return FINAL.has(state);
}

/** Where a run's log is: `/aws-glue/jobs/output/<runId>`, or `/aws-glue/jobs/error/<runId>` for a run that failed. */
export function jobRunLogLocation(runId: string, state?: JobRunState): string {
  return `${state === 'FAILED' || state === 'TIMEOUT' ? ERROR_LOG_GROUP : OUTPUT_LOG_GROUP}/${runId}`;
}

/**
 * One line about a finished run for users: `job x run jr_… FAILED: <Glue's message>; its log: CloudWatch Logs
 * /aws-glue/jobs/error, stream jr_…`. SUCCEEDED runs say how long they took.
 */
export function describeJobRun(run: JobRun): string {
  const head = `job ${run.jobName} run ${run.id} ${run.state}`;
  if (run.state === 'SUCCEEDED') return `${head}${run.executionTime !== undefined ? ` in ${run.executionTime} s` : ''}`;
  if (run.state === 'FAILED' || run.state === 'TIMEOUT') {
    return `${head}: ${run.errorMessage ?? 'no error message'}; its log: CloudWatch Logs ${ERROR_LOG_GROUP} and ${OUTPUT_LOG_GROUP}, stream ${run.id}`;
  }
  return `${head}${run.errorMessage ? `: ${run.errorMessage}` : ''}`;
}

/** Glue's JobRunState as the model's. */
function mapState(state: string | undefined): JobRunState {
  switch (state) {
    case 'SUCCEEDED':
    case 'FAILED':
    case 'STOPPED':
    case 'TIMEOUT':
    case 'RUNNING':
    case 'STARTING':
      return state;
    case 'WAITING': // queued for capacity
      return 'STARTING';
    case 'STOPPING': // still executing until STOPPED
      return 'RUNNING';
    case 'ERROR':
    case 'EXPIRED':
      return 'FAILED';
    default:
      return 'RUNNING';
  }
}

export function toJobRun(r: GlueJobRun, jobName: string): JobRun {
  const id = r.Id ?? '';
  const state = mapState(r.JobRunState);
  let errorMessage = r.ErrorMessage;
  if (errorMessage === undefined && r.JobRunState === 'ERROR') errorMessage = 'Glue ended the run with an internal error (state ERROR)';
  if (errorMessage === undefined && r.JobRunState === 'EXPIRED') errorMessage = 'the run expired waiting in the job run queue (state EXPIRED)';
  return {
    id,
    jobName: r.JobName ?? jobName,
    state,
    startedOn: (r.StartedOn ?? new Date(0)).toISOString(),
    ...(r.CompletedOn ? { completedOn: r.CompletedOn.toISOString() } : {}),
    ...(r.ExecutionTime !== undefined && (FINAL.has(state) || r.ExecutionTime > 0) ? { executionTime: r.ExecutionTime } : {}),
    ...(errorMessage !== undefined ? { errorMessage } : {}),
    ...(r.Arguments && Object.keys(r.Arguments).length > 0 ? { arguments: { ...r.Arguments } } : {}),
    logLocation: jobRunLogLocation(id, state),
  };
}
