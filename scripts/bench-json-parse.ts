/**
 * `node --import tsx scripts/bench-json-parse.ts [rows]` — the cost of json_parse of a column written as Trino's
 * json_parse writes it (keys sorted at every depth, the last of a repeated key kept, doubles as Java writes them:
 * src/core/sql/trino/functions/jsonParse.ts), as the local engine now runs it, against DuckDB's own `json()` (which
 * keeps the text's key order, and which the engine ran before), on an in-memory DuckDB over a generated column
 * (default 1M rows):
 *
 *   duckdb     CASE WHEN json_valid(x) THEN json(x) END                        (json_parse of a column until session 11)
 *   js udf     lakehouse_trino_json_parse(x): trinoJsonParse in the engine's JavaScript scalar function, registered as
 *              the engine registers it (targets/local/engineFunctions.ts)
 *   page       trinoJsonParse over the 1,000 rows of one result page, in JavaScript
 *
 * Each side runs `--reps` times (default 3), alternating; the medians of wall and of CPU time (the process's user +
 * system: steadier than wall time on a shared machine) and their ratios are printed.
 */
import * as duckdb from '@duckdb/node-api';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TRINO_JSON_PARSE, trinoJsonParse } from '../src/core/sql/trino/functions/jsonParse';
import { registerEngineFunctions } from '../src/core/targets/local/engineFunctions';

const rows = Number(process.argv[2] ?? 1_000_000);
const reps = Number(process.argv.find((a) => a.startsWith('--reps='))?.slice(7) ?? 3);

/** wall time, and CPU time (user + system of the whole process: DuckDB's threads and JavaScript's), in ms */
async function time(conn: DuckDBConnection, sql: string): Promise<{ ms: number; cpu: number; value: unknown }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await conn.runAndReadAll(sql);
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, value: r.getRows()[0]?.[0] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  registerEngineFunctions(conn, duckdb);
  await conn.run(`CREATE TABLE t AS SELECT '{"id":' || i || ',"name":"user ' || i || '","b":{"z":' || (i % 7) || ',"y":[1,2.5,{"q":true,"p":null}]},"a":"x"}' AS x FROM range(${rows}) r(i)`);
  const duck = `SELECT sum(length(CAST(CASE WHEN json_valid(x) THEN json(x) END AS VARCHAR))) FROM t`;
  const udf = `SELECT sum(length(${TRINO_JSON_PARSE}(x))) FROM t`;
  const page = (await conn.runAndReadAll('SELECT x FROM t LIMIT 1000')).getRows().map((r) => r[0] as string);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const aCpu: number[] = [];
  const bCpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const ta = await time(conn, duck);
    const tb = await time(conn, udf);
    a.push(ta.ms);
    aCpu.push(ta.cpu);
    b.push(tb.ms);
    bCpu.push(tb.cpu);
    const t0 = performance.now();
    for (const text of page) trinoJsonParse(text);
    c.push(performance.now() - t0);
  }
  console.log(`rows ${rows}, reps ${reps}`);
  console.log(`duckdb json()        median ${median(a).toFixed(0)} ms  (${a.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`js udf (Trino's)     median ${median(b).toFixed(0)} ms  (${b.map((x) => x.toFixed(0)).join(', ')})  ratio ${(median(b) / median(a)).toFixed(1)}x`);
  console.log(`CPU: duckdb json() median ${median(aCpu).toFixed(0)} ms, js udf median ${median(bCpu).toFixed(0)} ms  ratio ${(median(bCpu) / median(aCpu)).toFixed(1)}x`);
  console.log(`page of 1,000 in JS  median ${median(c).toFixed(1)} ms`);
  console.log(`sample: ${page[0]} -> ${trinoJsonParse(page[0]!)}`);
}

void main();
