/**
 * The proof corpus: Glue job scripts from public repositories (test/fixtures/glue-public/corpus.json), each run
 * unchanged in a project of its own over generated data, and the row counts their own logic gives, computed by
 * hand-written DuckDB SQL (`expected.sql` of each project) in a DuckDB of the test's own — never by the engine.
 *
 * Layout of test/fixtures/glue-public/<owner>__<repo>/:
 *   lakehouse.json   the project as its author would describe it (bucket, database, zones the scripts use)
 *   ddl/*.sql        Athena DDL written here for the tables the scripts read that the repository has no DDL for
 *   expected.sql     DuckDB views: one per sink, doing what the script does (its bugs included), over `{{data}}`
 *   generate.ts      (projects that are not STEDI) a deterministic generator of the landing data
 *   upstream/        the repository's own files at the recorded commit (scripts/glue-corpus-fetch.ts; not committed)
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const CORPUS_DIR = path.join(__dirname, '..', 'fixtures', 'glue-public');
export const CORPUS_FILE = path.join(CORPUS_DIR, 'corpus.json');
export const STATUS_FILE = path.join(CORPUS_DIR, 'status.json');
/** DuckDB views over the STEDI landing data, shared by the STEDI projects' expected.sql */
export const STEDI_BASE_SQL = path.join(CORPUS_DIR, 'stedi-landing.sql');

export interface CorpusFile {
  /** path in the repository */
  path: string;
  /** git blob id of the file at the recorded commit */
  blob: string;
}

export type SinkFormat = 'json' | 'parquet' | 'csv';

export interface CorpusSink {
  /** `s3://bucket/prefix/` the script writes (a catalog sink: its table's LOCATION) */
  path: string;
  format: SinkFormat;
  /** csv: whether the files start with a header line (Glue's CSV writer writes one unless `writeHeader` is false) */
  header?: boolean;
  /** the view of expected.sql holding the rows one run of the script writes there */
  rows?: string;
  /**
   * for a script that fails on Glue: the view of the rows its author meant to write, put in place of its output so
   * that the scripts after it can run
   */
  intended?: string;
}

export interface CorpusScript extends CorpusFile {
  /** what the script does, in words, with its bugs — the logic expected.sql follows */
  logic: string;
  sinks: CorpusSink[];
  /** the script fails on Glue itself: why, and a pattern the local refusal or failure must match to say so */
  glue?: { fails: string; match: string };
  /**
   * what Glue does cannot be reproduced or checked here (a JDBC target, a default the documentation does not give):
   * the local runner must refuse the script (or fail on it), never run it
   */
  mustRefuse?: string;
}

export interface StediData {
  generator: 'stedi';
  customers: number;
  accelerometerRows: number;
  seed: number;
  /** bucket prefix that receives each dataset's landing files */
  landing: Record<'customer' | 'accelerometer' | 'step_trainer', string>;
}

/**
 * `generate.ts` beside the project writes the landing files at their bucket keys under the folder it is given
 * (`@<bucket>/<key>` for a bucket other than the project's)
 */
export interface ModuleData {
  generator: 'module';
}

export interface CorpusProject {
  /** `<owner>__<repo>`: the fixture folder */
  id: string;
  repository: string;
  commit: string;
  /** what the project is and what is special about it */
  about: string;
  data: StediData | ModuleData;
  /** the repository's own DDL files, created before ours */
  ddl?: CorpusFile[];
  /** in the order the repository's pipeline runs them */
  scripts: CorpusScript[];
}

export interface Corpus {
  projects: CorpusProject[];
}

export type ScriptState = 'runs' | 'refused' | 'fails';

export interface ScriptStatus {
  state: ScriptState;
  /** refused, fails: the message (its first line), which names the construct and where it is */
  by?: string;
  /** a script that fails on Glue (`glue`), refused or failing here: whether the message says why it fails there */
  saysWhy?: boolean;
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as Corpus;
}

export function loadStatus(): Record<string, ScriptStatus> {
  try {
    return JSON.parse(readFileSync(STATUS_FILE, 'utf8')) as Record<string, ScriptStatus>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

export function projectDir(p: CorpusProject): string {
  return path.join(CORPUS_DIR, p.id);
}

/** Where scripts/glue-corpus-fetch.ts puts a repository file. */
export function upstreamFile(p: CorpusProject, repoPath: string): string {
  return path.join(projectDir(p), 'upstream', ...repoPath.split('/'));
}

/** The script's file name in the test project (`glue-scripts/<name>`), and so its job name. */
export function scriptFileName(s: CorpusFile): string {
  return s.path.split('/').pop()!;
}

export function statusKey(p: CorpusProject, s: CorpusFile): string {
  return `${p.id}/${scriptFileName(s)}`;
}

/** The repository files of a project that are not in place (run scripts/glue-corpus-fetch.ts). */
export function missingUpstream(p: CorpusProject): string[] {
  return [...p.scripts, ...(p.ddl ?? [])].filter((f) => !existsSync(upstreamFile(p, f.path))).map((f) => f.path);
}

// ---------------------------------------------------------------- the expected counts (the test's own DuckDB)

let instance: Promise<DuckDBInstance> | undefined;
function rawDuckDb(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(':memory:', { threads: '2' });
  return instance;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The views of a project's expected.sql over its generated landing data, in a connection of the test's own.
 * `{{data}}` is the folder holding the landing files at their bucket keys; `{{landing.<dataset>}}` the folder of a
 * STEDI dataset's landing files.
 */
export class ExpectedRows {
  private constructor(private readonly conn: DuckDBConnection) {}

  static async open(p: CorpusProject, dataDir: string): Promise<ExpectedRows> {
    const conn = await (await rawDuckDb()).connect();
    const schema = p.id.replace(/[^A-Za-z0-9_]/g, '_');
    const vars: Record<string, string> = { data: dataDir };
    if (p.data.generator === 'stedi') for (const [ds, prefix] of Object.entries(p.data.landing)) vars[`landing.${ds}`] = path.join(dataDir, prefix);
    const expand = (sql: string) =>
      sql.replace(/\{\{([a-z_.]+)\}\}/g, (_, name: string) => {
        const v = vars[name];
        if (v === undefined) throw new Error(`${p.id}/expected.sql: unknown placeholder {{${name}}}`);
        return v.replace(/'/g, "''");
      });
    try {
      await conn.run(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET schema = ${sqlString(schema)}`);
      if (p.data.generator === 'stedi') await conn.run(expand(await fs.readFile(STEDI_BASE_SQL, 'utf8')));
      await conn.run(expand(await fs.readFile(path.join(projectDir(p), 'expected.sql'), 'utf8')));
    } catch (e) {
      conn.closeSync();
      throw e;
    }
    return new ExpectedRows(conn);
  }

  async count(view: string): Promise<number> {
    const r = await this.conn.runAndReadAll(`SELECT count(*) FROM ${view}`);
    return Number(r.getRows()[0]![0]);
  }

  /** Writes a view's rows as the file a Glue sink of `format` would write (JSON lines without null fields). */
  async writeFile(view: string, format: SinkFormat, file: string, header = true): Promise<void> {
    if (format === 'json') {
      const r = await this.conn.runAndReadAll(`SELECT to_json(t)::VARCHAR FROM ${view} t`);
      // (DuckDB's text, the null fields taken out of it: JSON.stringify would write a double 1.0 as 1 — an int to
      // Glue's reader, and the field a choice of int and double)
      const lines = r.getRows().map(([json]) => String(json).replace(/,"(?:[^"\\]|\\.)*":null(?=[,}])/g, '').replace(/^\{"(?:[^"\\]|\\.)*":null(?:,|(?=\}))/, '{').replace(/^\{"(?:[^"\\]|\\.)*":null,/, '{'));
      await fs.writeFile(file, lines.length === 0 ? '' : lines.join('\n') + '\n');
    } else {
      await this.conn.run(`COPY (SELECT * FROM ${view}) TO ${sqlString(file)} (FORMAT ${format === 'csv' ? `csv, HEADER ${header}` : 'parquet'})`);
    }
  }

  close(): void {
    this.conn.closeSync();
  }
}

/** Rows in files written by a sink, read by the test's own DuckDB (JSON: one row per non-empty line). */
export async function rowsInFile(file: string, format: SinkFormat, header = true): Promise<number> {
  if (format === 'json') {
    const raw = await fs.readFile(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    return text.split('\n').filter((l) => l.trim() !== '').length;
  }
  const conn = await (await rawDuckDb()).connect();
  try {
    const read = format === 'parquet' ? `read_parquet(${sqlString(file)})` : `read_csv(${sqlString(file)}, header = ${header}, all_varchar = true)`;
    const r = await conn.runAndReadAll(`SELECT count(*) FROM ${read}`);
    return Number(r.getRows()[0]![0]);
  } finally {
    conn.closeSync();
  }
}

/** Every file under a folder (recursively, the local store's own `.lh-` files left out): path → size and mtime. */
export async function fileStamps(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw e;
    }
    for (const ent of entries) {
      if (ent.name.startsWith('.lh-')) continue;
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) await walk(p);
      else {
        const st = await fs.stat(p);
        out.set(p, `${st.size}:${st.mtimeMs}:${st.ino}`);
      }
    }
  };
  await walk(dir);
  return out;
}

/** Files that are new or changed since `before`. */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.entries()].filter(([f, stamp]) => before.get(f) !== stamp).map(([f]) => f).sort();
}
