/**
 * `node --import tsx scripts/bench-json-parse.ts [rows]` — the cost of json_parse of a column written as Trino's
 * json_parse writes it (keys sorted at every depth, the last of a repeated key kept, doubles as Java writes them:
 * src/core/sql/trino/functions/jsonParse.ts), as the local engine now runs it, against DuckDB's own `json()` (which
 * keeps the text's key order, and which the engine ran before), on an in-memory DuckDB over a generated column
 * (default 1M rows):
 *
 *   duckdb     CASE WHEN json_valid(x) THEN json(x) END                        (json_parse of a column until session 11)
 *   js udf     trino_json_parse(x): trinoJsonParse in a JavaScript scalar function (node-api registerScalarFunction;
 *              the engine's lakehouse_trino_json_parse, targets/local/duck.ts)
 *   page       trinoJsonParse over the 1,000 rows of one result page, in JavaScript
 *
 * Each side runs `--reps` times (default 3), alternating; the medians and their ratio are printed.
 */
import { DuckDBInstance, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { trinoJsonParse } from '../src/core/sql/trino/functions/jsonParse';

const rows = Number(process.argv[2] ?? 1_000_000);
const reps = Number(process.argv.find((a) => a.startsWith('--reps='))?.slice(7) ?? 3);

async function time(conn: DuckDBConnection, sql: string): Promise<{ ms: number; value: unknown }> {
  const t0 = performance.now();
  const r = await conn.runAndReadAll(sql);
  return { ms: performance.now() - t0, value: r.getRows()[0]?.[0] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'trino_json_parse',
      mainFunction: (_info, input, output) => {
        const v = input.getColumnVector(0);
        for (let i = 0; i < input.rowCount; i++) {
          const text = v.getItem(i) as string | null;
          output.setItem(i, text === null ? null : (trinoJsonParse(text) ?? null));
        }
        output.flush();
      },
      returnType: VARCHAR,
      parameterTypes: [VARCHAR],
    }),
  );
  await conn.run(`CREATE TABLE t AS SELECT '{"id":' || i || ',"name":"user ' || i || '","b":{"z":' || (i % 7) || ',"y":[1,2.5,{"q":true,"p":null}]},"a":"x"}' AS x FROM range(${rows}) r(i)`);
  const duck = `SELECT sum(length(CAST(CASE WHEN json_valid(x) THEN json(x) END AS VARCHAR))) FROM t`;
  const udf = `SELECT sum(length(trino_json_parse(x))) FROM t`;
  const page = (await conn.runAndReadAll('SELECT x FROM t LIMIT 1000')).getRows().map((r) => r[0] as string);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < reps; i++) {
    a.push((await time(conn, duck)).ms);
    b.push((await time(conn, udf)).ms);
    const t0 = performance.now();
    for (const text of page) trinoJsonParse(text);
    c.push(performance.now() - t0);
  }
  console.log(`rows ${rows}, reps ${reps}`);
  console.log(`duckdb json()        median ${median(a).toFixed(0)} ms  (${a.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`js udf (Trino's)     median ${median(b).toFixed(0)} ms  (${b.map((x) => x.toFixed(0)).join(', ')})  ratio ${(median(b) / median(a)).toFixed(1)}x`);
  console.log(`page of 1,000 in JS  median ${median(c).toFixed(1)} ms`);
  console.log(`sample: ${page[0]} -> ${trinoJsonParse(page[0]!)}`);
}

void main();
