/**
 * Test helpers: read a generated sample back from disk with plain JSON.parse, and recompute the eight tables' row
 * counts from the rows themselves (the job semantics written out with Maps and Sets) — independent of the
 * generator's bookkeeping and of any engine.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export type Json = Record<string, unknown>;

export interface Readback {
  customers: Json[];
  accelerometer: Json[];
  stepTrainer: Json[];
  /** landing file names per dataset, sorted */
  files: Record<'customer' | 'accelerometer' | 'step_trainer', string[]>;
}

async function readLines(dir: string): Promise<{ rows: Json[]; files: string[] }> {
  const files = (await fs.readdir(dir)).sort();
  const rows: Json[] = [];
  for (const f of files) {
    const text = await fs.readFile(path.join(dir, f), 'utf8');
    if (!text.endsWith('\n')) throw new Error(`${f} does not end with a newline`);
    for (const line of text.slice(0, -1).split('\n')) rows.push(JSON.parse(line) as Json);
  }
  return { rows, files };
}

export async function readSample(outDir: string): Promise<Readback> {
  const c = await readLines(path.join(outDir, 'customer', 'landing'));
  const a = await readLines(path.join(outDir, 'accelerometer', 'landing'));
  const s = await readLines(path.join(outDir, 'step_trainer', 'landing'));
  return { customers: c.rows, accelerometer: a.rows, stepTrainer: s.rows, files: { customer: c.files, accelerometer: a.files, step_trainer: s.files } };
}

/** A value as SQL would see it: an absent key or JSON null is NULL. */
function sqlValue(row: Json, key: string): unknown {
  const v = row[key];
  return v === undefined ? null : v;
}

/** The eight tables' row counts under the jobs' semantics, from the landing rows alone. */
export function recomputeCounts(r: Readback): Record<string, number> {
  const trusted = r.customers.filter((c) => sqlValue(c, 'shareWithResearchAsOfDate') !== null);
  const trustedEmails = new Set(trusted.map((c) => c.email));
  const accelTrusted = r.accelerometer.filter((a) => trustedEmails.has(a.user));
  const usersWithReadings = new Set(accelTrusted.map((a) => a.user));
  const curated = trusted.filter((c) => usersWithReadings.has(c.email));
  const emailOfCuratedSerial = new Map(curated.map((c) => [c.serialNumber, c.email]));
  const stepTrusted = r.stepTrainer.filter((s) => emailOfCuratedSerial.has(s.serialNumber));
  const readingsAt = new Map<string, number>();
  for (const a of accelTrusted) {
    const key = `${String(a.user)}|${String(a.timestamp)}`;
    readingsAt.set(key, (readingsAt.get(key) ?? 0) + 1);
  }
  let ml = 0;
  for (const s of stepTrusted) ml += readingsAt.get(`${String(emailOfCuratedSerial.get(s.serialNumber))}|${String(s.sensorReadingTime)}`) ?? 0;
  return {
    customer_landing: r.customers.length,
    accelerometer_landing: r.accelerometer.length,
    step_trainer_landing: r.stepTrainer.length,
    customer_trusted: trusted.length,
    accelerometer_trusted: accelTrusted.length,
    customer_curated: curated.length,
    step_trainer_trusted: stepTrusted.length,
    machine_learning_curated: ml,
  };
}
