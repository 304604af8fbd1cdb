// What the walkthrough's steps check (plain TypeScript, no `vscode`): each step is done when what it asks for has
// happened, whatever did it — our command, a notification's button, the CLI in a terminal, a script. Read from the
// project and the target; the extension turns the answers into context keys (walkthrough.ts) that the steps'
// `completionEvents` (`onContext:…`) watch.
import type { Project } from '../core/project/manifest';
import type { Target } from '../core/target';

/** The context keys of the walkthrough's steps, by what they say happened. */
export const WALKTHROUGH_KEYS = {
  dataUploaded: 'lakehouse.dataUploaded',
  tablesCreated: 'lakehouse.tablesCreated',
  pipelineRan: 'lakehouse.pipelineRan',
  queryRan: 'lakehouse.queryRan',
  reportShown: 'lakehouse.reportShown',
  awsSetupChecked: 'lakehouse.awsSetupChecked',
} as const;

/** What is read from the target (the query and the report are noted when they happen: see `Walkthrough`). */
export interface TargetProgress {
  /** every dataset with a landing zone holds at least one object there */
  dataUploaded: boolean;
  /** the project's database has a table for every dataset's landing zone (the tables the pipeline reads) */
  tablesCreated: boolean;
  /** every job of the project has a run that succeeded */
  pipelineRan: boolean;
}

/** Reads the steps' state from the project and the target; a part that cannot be read counts as not done. */
export async function targetProgress(project: Project, target: Target): Promise<TargetProgress> {
  const { bucket, database, datasets } = project.manifest;
  const landings = Object.values(datasets)
    .map((zones) => zones.landing)
    .filter((p): p is string => p !== undefined);
  const dataUploaded = async (): Promise<boolean> => {
    if (landings.length === 0) return false;
    for (const prefix of landings) if ((await target.storage.list(bucket, { prefix, maxKeys: 1 })).objects.length === 0) return false;
    return true;
  };
  const tablesCreated = async (): Promise<boolean> => {
    if (!(await target.catalog.database(database))) return false;
    const locations = (await target.catalog.tables(database)).map((t) => t.storage.location.replace(/\/?$/, '/'));
    // a table over each landing zone (the zones later in the pipeline get theirs from the same DDL files)
    return landings.length > 0 && landings.every((p) => locations.includes(`s3://${bucket}/${p}`));
  };
  const pipelineRan = async (): Promise<boolean> => {
    const jobs = await target.jobs.jobs();
    if (jobs.length === 0) return false;
    for (const j of jobs) if (!(await target.jobs.runs(j.name)).some((r) => r.state === 'SUCCEEDED')) return false;
    return true;
  };
  const safely = (f: () => Promise<boolean>): Promise<boolean> => f().catch(() => false);
  const [d, t, p] = await Promise.all([safely(dataUploaded), safely(tablesCreated), safely(pipelineRan)]);
  return { dataUploaded: d, tablesCreated: t, pipelineRan: p };
}
