/**
 * lakehouse.json: load, validate against the shipped JSON Schema (naming the bad field and its line), apply
 * defaults, and expand `${variables}` inside DDL and scripts.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, type ParseError, type ParseErrorCode, printParseErrorCode, type Node as JsonNode } from 'jsonc-parser';
import { LakehouseError, positionAt } from '../errors';
import { GLUE_NAME_RULE, glueNameProblem } from '../glueNames';
import type { Dataset, JobDefinition, Zone } from '../model';
import { ZONES } from '../model';
import { nearestName } from '../nearestNames';
import schema from './lakehouse.schema.json';
import { manifestValidator } from './manifestValidator';

export const MANIFEST_FILE = 'lakehouse.json';

/** The timeout (minutes) deploy gives a new Glue job when lakehouse.json sets none (Glue's own default is 2,880). */
export const DEFAULT_JOB_TIMEOUT_MINUTES = 60;

export interface GlueSettings {
  role?: string;
  glueVersion: string;
  workerType: string;
  numberOfWorkers: number;
  /** job timeout in minutes (1–10,080); absent: deploy gives new jobs {@link DEFAULT_JOB_TIMEOUT_MINUTES} */
  timeout?: number;
  scriptsPrefix: string;
  jobPrefix?: string;
  defaultArguments: Record<string, string>;
  jobs: Record<string, { workerType?: string; numberOfWorkers?: number; timeout?: number; defaultArguments?: Record<string, string> }>;
}

/** lakehouse.json after validation, with defaults applied. */
export interface Manifest {
  name: string;
  bucket: string;
  database: string;
  /** lakehouse.json's `region`, else us-east-1 (what `${region}` expands to on the local target) */
  region: string;
  /**
   * the region lakehouse.json names, absent when it names none: the AWS target then takes the region as the AWS CLI
   * would (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's), and `${region}` expands to that one
   */
  regionSetting?: string;
  sql: string;
  scripts: string;
  datasets: Record<string, Partial<Record<Zone, string>>>;
  glue: GlueSettings;
  athena: AthenaSettings;
  variables: Record<string, string>;
}

export interface AthenaSettings {
  workgroup: string;
  /** `s3://bucket/prefix/` of query results */
  outputLocation: string;
}

/** One validation problem, located in the manifest text. */
export interface ManifestProblem {
  field: string;
  message: string;
  line: number;
  column: number;
  /** character offsets of the offending value, for editor diagnostics */
  offset: number;
  length: number;
}

function validate(value: unknown): ErrorObject[] {
  const validator = manifestValidator();
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

function fieldOf(e: ErrorObject): (string | number)[] {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') parts.push((e.params as { missingProperty: string }).missingProperty);
  if (e.keyword === 'additionalProperties') parts.push((e.params as { additionalProperty: string }).additionalProperty);
  return parts;
}

/**
 * The known field nearest a misspelt one (`databse` -> `database`, `trused` -> `trusted`): the fields the schema
 * object holding the error's `additionalProperties` lists, at most two edits away (one for names of four or fewer).
 */
function nearestField(e: ErrorObject): string | undefined {
  const name = (e.params as { additionalProperty: string }).additionalProperty;
  let node: unknown = schema;
  for (const part of e.schemaPath.split('/').slice(1, -1)) node = (node as Record<string, unknown> | undefined)?.[part];
  const known = Object.keys((node as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
  return nearestName(name, known);
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const near = nearestField(e);
      return `is not a known field${near ? ` (did you mean ${near}?)` : ''}`;
    }
    case 'minLength':
    case 'maxLength':
      if (e.instancePath === '/database') return `must be a Glue database name (${GLUE_NAME_RULE})`;
      return e.message ?? 'is invalid';
    case 'minProperties':
      return (e.params as { limit: number }).limit === 1 ? 'must have at least one entry' : `must have at least ${(e.params as { limit: number }).limit} entries`;
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const list = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
      // the worker types of Glue 3.0 (the schema's if/then): say why the others are not there
      if (/\/workerType$/.test(e.instancePath) && !allowed.includes('G.12X') && allowed.includes('G.8X')) return `${list} with glueVersion 3.0 (G.12X, G.16X and R.1X–R.8X need Glue 4.0 or later)`;
      if (/\/workerType$/.test(e.instancePath)) return `${list} (a Spark ETL job: G.025X is for streaming jobs and Z.2X for Ray jobs only)`;
      return list;
    }
    case 'maximum':
    case 'minimum': {
      const { limit } = e.params as { limit: number };
      const bound = `must be ${e.keyword === 'maximum' ? 'at most' : 'at least'} ${limit}`;
      return /\/timeout$/.test(e.instancePath) ? `${bound} minutes${limit === 10080 ? ' (7 days: Glue refuses a longer job timeout)' : ''}` : bound;
    }
    case 'pattern': {
      const hints: Record<string, string> = {
        name: 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"',
        bucket: 'must be a valid S3 bucket name (3–63 characters: lower-case letters, digits, dots, hyphens)',
        database: `must be a Glue database name (${GLUE_NAME_RULE})`,
        region: 'must be an AWS region such as us-east-1',
      };
      const top = e.instancePath.split('/')[1] ?? '';
      if (e.instancePath.startsWith('/datasets/')) return 'must be a key prefix of folder names each ending in "/", e.g. "customer/landing/" (no leading "/", no empty, "." or ".." folder, no backslash)';
      return hints[top] ?? `must match ${(e.params as { pattern: string }).pattern}`;
    }
    default:
      return e.message ?? 'is invalid';
  }
}

/** jsonc-parser's error codes in words (`PropertyNameExpected` is, most often, a comma before a closing brace). */
function parseErrorText(code: ParseErrorCode): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'an unexpected character',
    PropertyNameExpected: 'a property name was expected (a trailing comma before "}"?)',
    ValueExpected: 'a value was expected (a trailing comma before "]", or a missing value?)',
    ColonExpected: 'a ":" was expected after the property name',
    CommaExpected: 'a "," was expected between two entries',
    CloseBraceExpected: 'a closing "}" was expected',
    CloseBracketExpected: 'a closing "]" was expected',
    EndOfFileExpected: 'the file goes on after its JSON value ends',
    InvalidCommentToken: 'comments are not allowed in lakehouse.json',
    UnexpectedEndOfString: 'a string is not closed',
  };
  const name = printParseErrorCode(code);
  return words[name] ?? name;
}

/** Validates manifest text; returns the problems (empty when valid). */
export function checkManifestText(withBom: string): ManifestProblem[] {
  // a byte-order mark (some Windows editors write one) is not part of the JSON
  const text = withBom.replace(/^\uFEFF/, '');
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  // an empty file (or only blanks: an editor's new file) is said as such, not as a missing value
  if (text.trim() === '') return [{ field: '', message: 'invalid JSON: the file is empty (it holds no JSON object)', line: 1, column: 1, offset: 0, length: 0 }];
  if (parseErrors.length > 0 || !tree) {
    const pe = parseErrors[0];
    const offset = pe?.offset ?? 0;
    const { line, column } = positionAt(text, offset);
    return [{ field: '', message: `invalid JSON: ${pe ? parseErrorText(pe.error) : 'the file is empty'}`, line, column, offset, length: pe?.length ?? 0 }];
  }
  const value: unknown = JSON.parse(text);
  const seen = new Set<string>();
  const problems: ManifestProblem[] = [];
  for (const e of validate(value)) {
    // an if/then failure is reported by the keyword inside `then` that failed
    if (e.keyword === 'if') continue;
    const parts = fieldOf(e);
    const field = parts.join('.');
    const msg = describe(e);
    if (seen.has(field + msg)) continue;
    seen.add(field + msg);
    // locate the value (or, for a missing field, the object that lacks it)
    let node: JsonNode | undefined = findNodeAtLocation(tree, parts);
    if (e.keyword === 'additionalProperties' && node?.parent) node = node.parent.children?.[0] ?? node;
    node ??= findNodeAtLocation(tree, parts.slice(0, -1)) ?? tree;
    const { line, column } = positionAt(text, node.offset);
    problems.push({ field, message: `${field || '(root)'} ${msg}`, line, column, offset: node.offset, length: node.length });
  }
  if (problems.length === 0) problems.push(...nameProblems(value as RawManifest, tree, text), ...folderProblems(value as RawManifest, tree, text), ...zoneProblems(value as RawManifest, tree, text));
  return problems;
}

interface RawManifest {
  bucket: string;
  database: string;
  datasets: Record<string, Record<string, string>>;
  sql?: string;
  scripts?: string;
  glue?: { scriptsPrefix?: string };
  athena?: { outputLocation?: string };
}

function problemAt(tree: JsonNode, text: string, path: (string | number)[], message: string): ManifestProblem {
  const node = findNodeAtLocation(tree, path) ?? tree;
  const { line, column } = positionAt(text, node.offset);
  return { field: path.join('.'), message, line, column, offset: node.offset, length: node.length };
}

/** Glue's name rule where the schema cannot say it (bytes of UTF-8, lone surrogates). */
function nameProblems(m: RawManifest, tree: JsonNode, text: string): ManifestProblem[] {
  const problem = glueNameProblem(m.database);
  return problem === undefined ? [] : [problemAt(tree, text, ['database'], `database must be a Glue database name: it ${problem} (${GLUE_NAME_RULE})`)];
}

/**
 * The DDL and scripts folders are the project's own: relative to lakehouse.json and inside its folder. A project
 * read from elsewhere (`"sql": "../other"`, `"/etc"`) would run files nobody opened as part of it.
 */
function folderProblems(m: RawManifest, tree: JsonNode, text: string): ManifestProblem[] {
  return (['sql', 'scripts'] as const).flatMap((field) => {
    const value = m[field];
    if (value === undefined || !outsideFolder(value)) return [];
    return [problemAt(tree, text, [field], `${field} ("${value}") must be a folder inside the project, relative to lakehouse.json: nothing of a project is read from outside its folder`)];
  });
}

/** A path written in lakehouse.json that leaves the project's folder: absolute (any platform's form) or through `..`. */
function outsideFolder(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.split(/[\\/]/).includes('..');
}

/**
 * A file of the project (a DDL file, a job script), read only when it is inside the project's folder once links
 * are followed: a link in `sql/` or the scripts' folder to a file elsewhere is refused, naming it.
 */
export async function readProjectFile(root: string, file: string): Promise<string> {
  const [realRoot, real] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
  const rel = path.relative(realRoot, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    throw new LakehouseError('InvalidInput', `${file} leads outside the project (to ${real}): a project's DDL and scripts are read from its own folder only`, { file });
  return fs.readFile(real, 'utf8');
}

/**
 * Zone prefixes may nest (landing at `accelerometer_landing/`, trusted at `accelerometer_landing/trusted/`, as real
 * buckets are laid out): an object belongs to the deepest zone whose prefix holds it. Refused: two zones with the
 * same prefix (one folder cannot be two zones), and the scripts' folder or Athena's results inside a zone (a table
 * over the zone would read the scripts or the result files as data).
 */
function zoneProblems(m: RawManifest, tree: JsonNode, text: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const zones = Object.entries(m.datasets).flatMap(([d, zs]) => Object.entries(zs).map(([z, prefix]) => ({ path: ['datasets', d, z], prefix })));
  zones.forEach((b, i) => {
    const a = zones.slice(0, i).find((x) => x.prefix === b.prefix);
    if (a) problems.push(problemAt(tree, text, b.path, `${b.path.join('.')} ("${b.prefix}") is also ${a.path.join('.')}: two zones cannot share a prefix`));
  });
  const holder = (key: string) => zones.filter((z) => key.startsWith(z.prefix)).sort((x, y) => y.prefix.length - x.prefix.length)[0];
  const scripts = m.glue?.scriptsPrefix ?? 'scripts/';
  const inScripts = holder(scripts === '' || scripts.endsWith('/') ? scripts : `${scripts}/`);
  if (inScripts)
    problems.push(
      problemAt(tree, text, m.glue?.scriptsPrefix !== undefined ? ['glue', 'scriptsPrefix'] : inScripts.path, `glue.scriptsPrefix ("${scripts}") lies inside ${inScripts.path.join('.')} ("${inScripts.prefix}"): the zone's tables would read the scripts as data`),
    );
  const results = /^s3:\/\/([^/]+)\/(.*)$/.exec(m.athena?.outputLocation ?? `s3://${m.bucket}/athena-results/`);
  if (results && results[1] === m.bucket) {
    const key = results[2]!.endsWith('/') ? results[2]! : `${results[2]}/`;
    const inResults = holder(key);
    if (inResults)
      problems.push(
        problemAt(tree, text, m.athena?.outputLocation !== undefined ? ['athena', 'outputLocation'] : inResults.path, `athena.outputLocation ("s3://${m.bucket}/${key}") lies inside ${inResults.path.join('.')} ("${inResults.prefix}"): the zone's tables would read Athena's result files as data`),
      );
  }
  return problems;
}

export function parseManifest(text: string, file = MANIFEST_FILE): Manifest {
  const problems = checkManifestText(text);
  if (problems.length > 0) {
    // every problem, one a line (a misspelt "dataset" is both "datasets is required" and "dataset is not a known field")
    const p = problems[0]!;
    const all = problems.map((q) => `${file}:${q.line}:${q.column}: ${q.message}`).join('\n');
    throw new LakehouseError('ManifestInvalid', all, { file, line: p.line, column: p.column, field: p.field });
  }
  const raw = JSON.parse(text.replace(/^\uFEFF/, '')) as Omit<Partial<Manifest>, 'glue' | 'athena'> & { glue?: Partial<GlueSettings>; athena?: Partial<AthenaSettings> } & Pick<Manifest, 'name' | 'bucket' | 'database' | 'datasets'>;
  const glue: Partial<GlueSettings> = raw.glue ?? {};
  return {
    name: raw.name,
    bucket: raw.bucket,
    // Glue folds database names to lower case when it stores them
    database: raw.database.toLowerCase(),
    region: raw.region ?? 'us-east-1',
    ...(raw.region !== undefined ? { regionSetting: raw.region } : {}),
    sql: raw.sql ?? 'sql',
    scripts: raw.scripts ?? 'glue-scripts',
    datasets: raw.datasets,
    glue: {
      ...(glue.role !== undefined ? { role: glue.role } : {}),
      glueVersion: glue.glueVersion ?? '4.0',
      workerType: glue.workerType ?? 'G.1X',
      numberOfWorkers: glue.numberOfWorkers ?? 2,
      ...(glue.timeout !== undefined ? { timeout: glue.timeout } : {}),
      scriptsPrefix: glue.scriptsPrefix ?? 'scripts/',
      ...(glue.jobPrefix !== undefined ? { jobPrefix: glue.jobPrefix } : {}),
      defaultArguments: glue.defaultArguments ?? {},
      jobs: glue.jobs ?? {},
    },
    athena: {
      workgroup: raw.athena?.workgroup ?? 'primary',
      outputLocation: withSlash(raw.athena?.outputLocation ?? `s3://${raw.bucket}/athena-results/`),
    },
    variables: raw.variables ?? {},
  };
}

function withSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** The variables `${name}` expands to inside DDL and scripts. */
export function manifestVariables(m: Manifest): Record<string, string> {
  return { ...m.variables, name: m.name, bucket: m.bucket, database: m.database, region: m.region };
}

/**
 * Expands `${var}` in a text. An unknown variable is an error naming the file, line and column; `$${x}` stays
 * as the literal `${x}`.
 */
export function expandVariables(text: string, vars: Record<string, string>, file?: string): string {
  return text.replace(/\$?\$\{([^}]*)\}/g, (match, name: string, offset: number) => {
    if (match.startsWith('$$')) return match.slice(1);
    const value = vars[name.trim()];
    if (value === undefined) {
      const { line, column } = positionAt(text, offset);
      const known = Object.keys(vars).sort().join(', ');
      // Athena's own `${…}` (a partition projection's storage.location.template) is written `$${…}`
      throw new LakehouseError('InvalidInput', `${file ?? '<text>'}:${line}:${column}: unknown variable \${${name}} (known: ${known}); for a literal \${${name}}, as a partition projection's storage.location.template needs it, write $\${${name}}`, {
        ...(file !== undefined ? { file } : {}),
        line,
        column,
      });
    }
    return value;
  });
}

export function datasetsOf(m: Manifest): Dataset[] {
  return Object.entries(m.datasets).map(([name, zones]) => ({ name, zones }));
}

/** A zone of a dataset and its key prefix. */
export interface ZonePrefix {
  dataset: string;
  zone: Zone;
  prefix: string;
}

/** Every zone of the manifest with its prefix, deepest prefixes first (the order in which they claim keys). */
export function zonePrefixes(m: Pick<Manifest, 'datasets'>): ZonePrefix[] {
  const all = Object.entries(m.datasets).flatMap(([dataset, zones]) => ZONES.filter((z) => zones[z] !== undefined).map((zone) => ({ dataset, zone, prefix: zones[zone]! })));
  return all.sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * The dataset and zone a key belongs to: the deepest zone whose prefix holds it (zones may nest: with landing at
 * `a/` and trusted at `a/trusted/`, `a/trusted/x.json` is trusted's, `a/x.json` landing's), if any.
 */
export function zoneOfKey(m: Pick<Manifest, 'datasets'>, key: string): { dataset: string; zone: Zone } | undefined {
  const z = zonePrefixes(m).find((p) => key.startsWith(p.prefix));
  return z ? { dataset: z.dataset, zone: z.zone } : undefined;
}

/** The zones nested inside `prefix` (deeper zones, which own the keys under their own prefixes). */
export function nestedZonePrefixes(m: Pick<Manifest, 'datasets'>, prefix: string): ZonePrefix[] {
  return zonePrefixes(m).filter((p) => p.prefix !== prefix && p.prefix.startsWith(prefix));
}

export function jobNameOfScript(m: Manifest, scriptFile: string): string {
  return (m.glue.jobPrefix ?? '') + path.basename(scriptFile).replace(/\.py$/i, '');
}

export function jobDefinition(m: Manifest, scriptPath: string): JobDefinition {
  const name = jobNameOfScript(m, scriptPath);
  // per-job settings are keyed by the script's name (the schema says so); the full job name is accepted too
  const own = m.glue.jobs[path.basename(scriptPath).replace(/\.py$/i, '')] ?? m.glue.jobs[name] ?? {};
  return {
    name,
    scriptPath,
    ...(m.glue.role !== undefined ? { role: m.glue.role } : {}),
    glueVersion: m.glue.glueVersion,
    workerType: own.workerType ?? m.glue.workerType,
    numberOfWorkers: own.numberOfWorkers ?? m.glue.numberOfWorkers,
    ...((own.timeout ?? m.glue.timeout) !== undefined ? { timeout: own.timeout ?? m.glue.timeout } : {}),
    defaultArguments: { ...m.glue.defaultArguments, ...own.defaultArguments },
  };
}

/** A project on disk: the folder that holds lakehouse.json. */
export interface Project {
  root: string;
  manifestPath: string;
  manifest: Manifest;
}

export async function loadProject(root: string): Promise<Project> {
  const manifestPath = path.join(root, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(manifestPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new LakehouseError('ManifestInvalid', `no ${MANIFEST_FILE} in ${root} (create one with "lakehouse init")`, { file: manifestPath });
    throw e;
  }
  return { root, manifestPath, manifest: parseManifest(text, manifestPath) };
}

/** The project's files of one kind, sorted, with their text after variable expansion. */
/** The project's jobs: one per `*.py` of the scripts folder, sorted; none when the folder does not exist. */
export async function projectJobDefinitions(project: Project): Promise<JobDefinition[]> {
  const { manifest } = project;
  let names: string[];
  try {
    names = (await fs.readdir(path.resolve(project.root, manifest.scripts))).filter((n) => n.endsWith('.py')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.map((n) => jobDefinition(manifest, path.join(manifest.scripts, n)));
}

export async function projectFiles(project: Project, kind: 'sql' | 'scripts'): Promise<{ path: string; text: string }[]> {
  const dir = path.resolve(project.root, project.manifest[kind]);
  const ext = kind === 'sql' ? '.sql' : '.py';
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.toLowerCase().endsWith(ext)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new LakehouseError('InvalidInput', `the ${kind === 'sql' ? 'DDL' : 'scripts'} folder ${dir} does not exist (lakehouse.json "${kind}")`, { file: dir, field: kind });
    throw e;
  }
  const vars = manifestVariables(project.manifest);
  return Promise.all(
    names.map(async (n) => {
      const p = path.join(dir, n);
      return { path: p, text: expandVariables(await readProjectFile(project.root, p), vars, p) };
    }),
  );
}
