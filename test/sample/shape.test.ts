/**
 * The default (public-set-sized) sample read back from disk: its keys, types and quirks, with tolerances derived
 * from the generator's parameters (STEDI_SHAPE) — four binomial standard deviations unless said otherwise.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateStediSample, STEDI_DATASETS, STEDI_SHAPE, type StediSample } from '../../src/core/sample';
import { readSample, recomputeCounts, type Readback, type Json } from './readback';

let dir: string;
let sample: StediSample;
let r: Readback;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stedi-shape-'));
  sample = await generateStediSample({ outDir: dir });
  r = await readSample(dir);
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** |observed share − p| within 4 standard deviations of a binomial share over n trials */
function assertShare(observed: number, p: number, n: number, what: string): void {
  const tol = 4 * Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(observed - p) <= tol, `${what}: ${observed.toFixed(4)} is not within ${p} ± ${tol.toFixed(4)}`);
}

const CUSTOMER_KEYS = [
  'customerName', 'email', 'phone', 'birthDay', 'serialNumber', 'registrationDate', 'lastUpdateDate',
  'shareWithResearchAsOfDate', 'shareWithPublicAsOfDate', 'shareWithFriendsAsOfDate',
];

test('defaults: the public set size, with the oracle agreeing', () => {
  assert.equal(sample.rows.customer, STEDI_SHAPE.customers);
  assert.equal(sample.rows.accelerometer, STEDI_SHAPE.accelerometerRows);
  // one step-trainer reading per covered distinct reading time: rows / mean multiplicity × coverage
  const meanM = STEDI_SHAPE.multiplicity.reduce((s, p, i) => s + p * (i + 1), 0);
  const approxSteps = (STEDI_SHAPE.accelerometerRows / meanM) * STEDI_SHAPE.stepCoverage;
  assert.ok(Math.abs(sample.rows.step_trainer - approxSteps) / approxSteps < 0.05, `step_trainer ${sample.rows.step_trainer} vs ~${approxSteps.toFixed(0)}`);
  assert.deepEqual(sample.expected, recomputeCounts(r));
  // the pipeline narrows at every step
  const e = sample.expected;
  assert.ok(e.customer_trusted < e.customer_landing && e.customer_curated < e.customer_trusted);
  assert.ok(e.accelerometer_trusted < e.accelerometer_landing && e.step_trainer_trusted < e.step_trainer_landing);
});

test('landing files are about 1 MB, like the public ones', async () => {
  for (const d of STEDI_DATASETS) {
    const files = sample.files.filter((f) => f.includes(`${path.sep}${d}${path.sep}`));
    assert.ok(files.length >= 1);
  }
  await Promise.all(
    sample.files.map(async (f, i) => {
      const size = (await fs.stat(f)).size;
      assert.ok(size <= STEDI_SHAPE.fileBytes);
      const next = sample.files[i + 1];
      // all but each dataset's last file are full to within one line (lines are < 400 bytes)
      if (next !== undefined && path.dirname(next) === path.dirname(f)) assert.ok(size > STEDI_SHAPE.fileBytes - 400, `${f}: ${size}`);
    }),
  );
});

test('keys are camelCase as in the public data; absent keys are absent, never null', () => {
  for (const c of r.customers) {
    const keys = Object.keys(c);
    assert.deepEqual(keys, CUSTOMER_KEYS.filter((k) => keys.includes(k)), 'customer keys in the public order');
    for (const k of CUSTOMER_KEYS.slice(0, 7)) assert.ok(k in c, `every customer has ${k}`);
    for (const v of Object.values(c)) assert.notEqual(v, null);
  }
  for (const a of r.accelerometer) assert.deepEqual(Object.keys(a), ['user', 'timestamp', 'x', 'y', 'z']);
  for (const s of r.stepTrainer) assert.deepEqual(Object.keys(s), ['sensorReadingTime', 'serialNumber', 'distanceFromObject']);
  const n = r.customers.length;
  assertShare(r.customers.filter((c) => !('shareWithResearchAsOfDate' in c)).length / n, 1 - STEDI_SHAPE.researchConsentShare, n, 'without research consent');
  assertShare(r.customers.filter((c) => !('shareWithPublicAsOfDate' in c)).length / n, 1 - STEDI_SHAPE.publicShare, n, 'without public share');
  assertShare(r.customers.filter((c) => !('shareWithFriendsAsOfDate' in c)).length / n, 1 - STEDI_SHAPE.friendsShare, n, 'without friends share');
});

test('value formats: UUID serials, YYYY-MM-DD birthdays, epoch-ms dates, one phone, unique emails and serials', async () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const epochMs = (v: unknown): boolean => Number.isInteger(v) && (v as number) > Date.UTC(2020, 0) && (v as number) < Date.UTC(2025, 0);
  for (const c of r.customers) {
    assert.match(String(c.serialNumber), uuid);
    assert.match(String(c.birthDay), /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d)$/);
    assert.equal(c.phone, STEDI_SHAPE.phone);
    assert.match(String(c.email), /^[A-Za-z]+\.[A-Za-z]+\d*@test\.com$/);
    assert.equal(c.customerName, String(c.email).split('@')[0]!.replace(/\d+$/, '').replace('.', ' '));
    for (const k of CUSTOMER_KEYS.slice(5)) if (k in c) assert.ok(epochMs(c[k]), `${k} = ${String(c[k])}`);
    assert.ok((c.lastUpdateDate as number) >= (c.registrationDate as number));
  }
  assert.equal(new Set(r.customers.map((c) => c.email)).size, r.customers.length);
  assert.equal(new Set(r.customers.map((c) => c.serialNumber)).size, r.customers.length);
  for (const a of r.accelerometer) {
    assert.ok(epochMs(a.timestamp));
    for (const k of ['x', 'y', 'z']) assert.ok(typeof a[k] === 'number' && Math.abs(a[k]) <= 1.5);
  }
  for (const s of r.stepTrainer) assert.ok(epochMs(s.sensorReadingTime) && Number.isInteger(s.distanceFromObject));
  // x/y/z are written with a decimal point even when whole (1.0), as the public data does
  const dir0 = path.dirname(sample.files.find((f) => f.includes('accelerometer-'))!);
  const text = await fs.readFile(path.join(dir0, (await fs.readdir(dir0))[0]!), 'utf8');
  assert.doesNotMatch(text, /"[xyz]":-?\d+[,}]/);
  // implausible birthdays (a 14th-century year) for a few
  const n = r.customers.length;
  const old = r.customers.filter((c) => Number(String(c.birthDay).slice(0, 4)) < 1900);
  assert.ok(old.length >= 1, 'some implausible birthdays');
  assert.ok(old.every((c) => /^13\d\d-/.test(String(c.birthDay))));
  const p = STEDI_SHAPE.implausibleBirthdayShare;
  assert.ok(old.length / n <= p + 4 * Math.sqrt((p * (1 - p)) / n));
});

test('accelerometer: ~2.8 rows per (user, timestamp); some timestamps shared by several users', () => {
  const pairs = new Map<string, number>();
  const usersAt = new Map<number, Set<unknown>>();
  for (const a of r.accelerometer) {
    const key = `${String(a.user)}|${String(a.timestamp)}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    let users = usersAt.get(a.timestamp as number);
    if (!users) usersAt.set(a.timestamp as number, (users = new Set()));
    users.add(a.user);
  }
  const mult = STEDI_SHAPE.multiplicity;
  const mean = mult.reduce((s, p, i) => s + p * (i + 1), 0);
  const variance = mult.reduce((s, p, i) => s + p * (i + 1) ** 2, 0) - mean ** 2;
  const readers = new Set(r.accelerometer.map((a) => a.user)).size;
  // each customer's last reading time may be cut short (at most max−1 rows fewer per customer)
  const truncation = ((mult.length - 1) * readers) / pairs.size;
  const ratio = r.accelerometer.length / pairs.size;
  assert.ok(ratio <= mean + 4 * Math.sqrt(variance / pairs.size) && ratio >= mean - 4 * Math.sqrt(variance / pairs.size) - truncation, `rows per pair ${ratio}`);
  assert.ok(Math.max(...pairs.values()) <= mult.length);
  // shared timestamps: on the shared grid, sessions cover each second with density d, so a grid reading's second
  // is also covered by another session with probability ≈ 1 − e^−d; take half to twice that
  const sharedPairs = [...pairs.keys()].filter((k) => usersAt.get(Number(k.split('|')[1]))!.size > 1).length / pairs.size;
  const model = STEDI_SHAPE.sharedGridShare * (1 - Math.exp(-STEDI_SHAPE.sharedGridDensity));
  assert.ok(sharedPairs > model / 2 && sharedPairs < model * 2, `shared share ${sharedPairs.toFixed(3)} vs model ${model.toFixed(3)}`);
});

test('step trainer: one reading per (serial, time), each at an accelerometer time of the same customer', () => {
  const emailOf = new Map(r.customers.map((c) => [c.serialNumber, c.email]));
  const accelPairs = new Set(r.accelerometer.map((a) => `${String(a.user)}|${String(a.timestamp)}`));
  const seen = new Set<string>();
  for (const s of r.stepTrainer) {
    const key = `${String(s.serialNumber)}|${String(s.sensorReadingTime)}`;
    assert.ok(!seen.has(key), `duplicate step-trainer reading ${key}`);
    seen.add(key);
    assert.ok(emailOf.has(s.serialNumber), 'the serial number belongs to a customer');
    assert.ok(accelPairs.has(`${String(emailOf.get(s.serialNumber))}|${String(s.sensorReadingTime)}`));
  }
  assertShare(r.stepTrainer.length / accelPairs.size, STEDI_SHAPE.stepCoverage, accelPairs.size, 'reading times with step-trainer data');
  // so a join on time alone (the original ML job) matches more rows than the per-customer join
  const rowsAt = new Map<unknown, number>();
  for (const a of r.accelerometer) rowsAt.set(a.timestamp, (rowsAt.get(a.timestamp) ?? 0) + 1);
  const byTime = r.stepTrainer.reduce((s, st) => s + (rowsAt.get(st.sensorReadingTime) ?? 0), 0);
  const byCustomer = r.stepTrainer.length === 0 ? 0 : recomputeMatches(r, emailOf);
  assert.ok(byTime > byCustomer, `time-only join ${byTime} vs per-customer ${byCustomer}`);
});

function recomputeMatches(rb: Readback, emailOf: Map<unknown, unknown>): number {
  const rows = new Map<string, number>();
  for (const a of rb.accelerometer) {
    const key = `${String(a.user)}|${String(a.timestamp)}`;
    rows.set(key, (rows.get(key) ?? 0) + 1);
  }
  return rb.stepTrainer.reduce((s, st) => s + (rows.get(`${String(emailOf.get(st.serialNumber))}|${String(st.sensorReadingTime)}`) ?? 0), 0);
}

test('consent: ~1/5 of consenting customers’ readings predate consent; gaps that make each zone narrower', () => {
  const byEmail = new Map<unknown, Json>(r.customers.map((c) => [c.email, c]));
  const readingsOf = new Map<unknown, number>();
  for (const a of r.accelerometer) readingsOf.set(a.user, (readingsOf.get(a.user) ?? 0) + 1);
  const consenting = r.customers.filter((c) => 'shareWithResearchAsOfDate' in c);
  const consentingReaders = consenting.filter((c) => readingsOf.has(c.email));

  let before = 0;
  let total = 0;
  for (const a of r.accelerometer) {
    const c = byEmail.get(a.user)!;
    if (!('shareWithResearchAsOfDate' in c)) continue;
    total++;
    if ((a.timestamp as number) < (c.shareWithResearchAsOfDate as number)) before++;
  }
  // whole sessions fall before or after consent, per customer with probability p, and customers' row counts vary
  // by a factor uniform in [1 − s, 1 + s]: the row share's variance is p(1−p)/n · E[w²]/E[w]²
  const p = STEDI_SHAPE.readingsBeforeConsentShare;
  const s = STEDI_SHAPE.rowsSpread;
  const tol = 4 * Math.sqrt(((p * (1 - p)) / consentingReaders.length) * (1 + (s * s) / 3));
  assert.ok(Math.abs(before / total - p) <= tol, `readings before consent ${(before / total).toFixed(3)} vs ${p} ± ${tol.toFixed(3)}`);

  // consenting customers without readings (so customer_curated < customer_trusted)
  const silent = consenting.length - consentingReaders.length;
  assert.ok(silent >= 1);
  assertShare(r.customers.filter((c) => !readingsOf.has(c.email)).length / r.customers.length, STEDI_SHAPE.noReadingsShare, r.customers.length, 'customers without readings');
  // non-consenting customers with readings and step-trainer data
  const serialsWithSteps = new Set(r.stepTrainer.map((st) => st.serialNumber));
  const outsiders = r.customers.filter((c) => !('shareWithResearchAsOfDate' in c) && readingsOf.has(c.email) && serialsWithSteps.has(c.serialNumber));
  assert.ok(outsiders.length > r.customers.length / 4, `${outsiders.length} non-consenting customers with data`);
});
