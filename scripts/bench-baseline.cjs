// The baseline of `npm run bench` (scripts/bench.ts): the same work as Lakehouse Studio's, in plain DuckDB, by a
// script of its own — it imports nothing of ours, only @duckdb/node-api, and runs under plain `node` (no tsx). It is
// CommonJS: an ES module importing the CommonJS @duckdb/node-api would go through Node's ESM loader, which lexes the
// package's sources for their export names first (tens of ms) — a cost the CLI does not pay either.
//
//   node scripts/bench-baseline.cjs pipeline <bucket folder> <output folder>
//       the five STEDI jobs over the landing files under <bucket folder> (customer/landing/*.json, …): each job's
//       query as plain DuckDB SQL, its output written as JSON lines (`COPY … (FORMAT json)`) into
//       <output folder>/<table>/ and read back by the jobs after it, as the Glue jobs read the zones they wrote.
//       Prints {"<table>": rows, …} — the bench checks them against the generator's expected counts.
//   node scripts/bench-baseline.cjs query <bucket folder>
//       the simple aggregate `lakehouse query` is timed with, over read_json of the landing files; prints it.
//
// The same semantics as the outputs require: the JSON keys are read with the spellings the STEDI files use
// (camelCase; a hand-written script knows them — Lakehouse Studio learns them case-insensitively at upload) and
// written with the catalog's lower-case column names, so both write the same columns and rows; absent keys are NULL.
// Memory and threads: DuckDB's defaults, as Lakehouse Studio's; a spill folder inside the output folder.
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, on purpose (above) */
const { DuckDBInstance } = require('@duckdb/node-api');
const { mkdirSync } = require('node:fs');
const path = require('node:path');

const [mode, bucketDir, outDir] = process.argv.slice(2);
if (!['pipeline', 'query'].includes(mode) || !bucketDir || (mode === 'pipeline' && !outDir)) {
  process.stderr.write('usage: bench-baseline.mjs pipeline <bucket folder> <output folder> | query <bucket folder>\n');
  process.exit(2);
}

const q = (s) => `'${s.replace(/'/g, "''")}'`;
const landing = (dataset) => q(path.join(bucketDir, dataset, 'landing', '*.json'));
const readJson = (glob, columns) =>
  `read_json(${glob}, format='newline_delimited', columns={${Object.entries(columns)
    .map(([k, t]) => `${q(k)}: ${q(t)}`)
    .join(', ')}})`;

// the landing files' keys as they spell them → the catalog's column names
const CUSTOMER = {
  customerName: 'VARCHAR',
  email: 'VARCHAR',
  phone: 'VARCHAR',
  birthDay: 'VARCHAR',
  serialNumber: 'VARCHAR',
  registrationDate: 'BIGINT',
  lastUpdateDate: 'BIGINT',
  shareWithResearchAsOfDate: 'BIGINT',
  shareWithPublicAsOfDate: 'BIGINT',
  shareWithFriendsAsOfDate: 'BIGINT',
};
const ACCELEROMETER = { user: 'VARCHAR', timestamp: 'BIGINT', x: 'DOUBLE', y: 'DOUBLE', z: 'DOUBLE' };
const STEP_TRAINER = { sensorReadingTime: 'BIGINT', serialNumber: 'VARCHAR', distanceFromObject: 'BIGINT' };
const lower = (cols) => Object.fromEntries(Object.entries(cols).map(([k, t]) => [k.toLowerCase(), t]));
const renamed = (cols) => Object.keys(cols).map((k) => `"${k}" AS ${k.toLowerCase()}`).join(', ');

async function main() {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(outDir ? { temp_directory: path.join(outDir, '.tmp') } : {}),
  });
  const con = await instance.connect();

  if (mode === 'query') {
    const reader = await con.runAndReadAll(`SELECT count(*) AS n, avg(x) AS avg_x FROM ${readJson(landing('accelerometer'), ACCELEROMETER)}`);
    const [n, avg] = reader.getRowsJson()[0];
    process.stdout.write(`n\tavg_x\n${n}\t${avg}\n`);
  } else {
    const zone = (table, cols) => readJson(q(path.join(outDir, table, '*.json')), lower(cols));
    const rows = {};
    const write = async (table, select) => {
      mkdirSync(path.join(outDir, table), { recursive: true });
      const reader = await con.runAndReadAll(`COPY (${select}) TO ${q(path.join(outDir, table, 'part-0.json'))} (FORMAT json)`);
      rows[table] = Number(reader.getRowsJson()[0][0]);
    };
    // 1. customers with a research-consent date
    await write('customer_trusted', `SELECT ${renamed(CUSTOMER)} FROM ${readJson(landing('customer'), CUSTOMER)} WHERE shareWithResearchAsOfDate IS NOT NULL`);
    // 2. readings of trusted customers
    await write(
      'accelerometer_trusted',
      `SELECT a.user, a.timestamp, a.x, a.y, a.z FROM ${readJson(landing('accelerometer'), ACCELEROMETER)} a WHERE a.user IN (SELECT c.email FROM ${zone('customer_trusted', CUSTOMER)} c)`,
    );
    // 3. trusted customers with readings, each once
    await write('customer_curated', `SELECT * FROM ${zone('customer_trusted', CUSTOMER)} c WHERE c.email IN (SELECT a.user FROM ${zone('accelerometer_trusted', ACCELEROMETER)} a)`);
    // 4. readings of curated customers' devices
    await write(
      'step_trainer_trusted',
      `SELECT ${renamed(STEP_TRAINER)} FROM ${readJson(landing('step_trainer'), STEP_TRAINER)} s WHERE s.serialNumber IN (SELECT c.serialnumber FROM ${zone('customer_curated', CUSTOMER)} c)`,
    );
    // 5. each step-trainer reading with the same customer's accelerometer readings at the same time, no PII
    await write(
      'machine_learning_curated',
      `SELECT s.sensorreadingtime, s.serialnumber, s.distancefromobject, a.timestamp, a.x, a.y, a.z FROM ${zone('step_trainer_trusted', STEP_TRAINER)} s ` +
        `JOIN ${zone('customer_curated', CUSTOMER)} c ON c.serialnumber = s.serialnumber JOIN ${zone('accelerometer_trusted', ACCELEROMETER)} a ON a.user = c.email AND a.timestamp = s.sensorreadingtime`,
    );
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  }
  con.closeSync();
  instance.closeSync();
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
