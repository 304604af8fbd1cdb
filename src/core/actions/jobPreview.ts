/**
 * A project's Glue script as an editor holds it (saved or not), read into its plan as far as it reads: `${variable}`
 * expanded with lakehouse.json's variables and the job's arguments given as a run gives them. The plan is what the
 * editor's CodeLens, graph and previews (src/core/targets/local/preview.ts) work on.
 */
import { LakehouseError } from '../errors';
import { readGlueScriptPartly, type ScriptReading } from '../jobs/script';
import { expandVariables, jobDefinition, manifestVariables, type Project } from '../project/manifest';

/** `scriptPath`: relative to the project's root, as the runner names the script in its messages. */
export async function readProjectScript(project: Project, scriptPath: string, text: string): Promise<ScriptReading> {
  const def = jobDefinition(project.manifest, scriptPath);
  let expanded: string;
  try {
    expanded = expandVariables(text, manifestVariables(project.manifest), scriptPath);
  } catch (e) {
    if (!(e instanceof LakehouseError)) throw e;
    return { plan: { file: scriptPath, nodes: [], sinks: [], purges: [], logs: [], dataQuality: [], assertions: [] }, error: e };
  }
  // Glue passes the job's name as --JOB_NAME (args["JOB_NAME"]), as LocalJobService.plan does
  return readGlueScriptPartly(expanded, scriptPath, { arguments: { '--JOB_NAME': def.name, ...def.defaultArguments } });
}
