/**
 * A deterministic generator of STEDI-shaped landing data (customer, accelerometer, step_trainer JSON lines), with
 * the quirks of the public starter data, and the row count every one of the eight catalog tables must have once
 * the five jobs have run — counted from the generator's own bookkeeping while it writes, never by querying.
 *
 * Memory is O(customers): a plan of a few numbers per customer is kept; readings are produced customer by customer
 * from per-customer random streams (replayed for the step-trainer pass) and written through rotating file streams.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, errorMessage } from '../errors';
import { Rng, deriveSeed } from './random';
import { RotatingJsonLinesWriter, decimalLength, type RotatedFile } from './writer';

export const STEDI_TABLES = [
  'customer_landing',
  'accelerometer_landing',
  'step_trainer_landing',
  'customer_trusted',
  'accelerometer_trusted',
  'customer_curated',
  'step_trainer_trusted',
  'machine_learning_curated',
] as const;
export type TableName = (typeof STEDI_TABLES)[number];

export const STEDI_DATASETS = ['customer', 'accelerometer', 'step_trainer'] as const;
export type StediDataset = (typeof STEDI_DATASETS)[number];

/**
 * The shape parameters of the generated data. Shares are probabilities applied independently per customer (or
 * per distinct reading time), so observed shares vary binomially around them.
 */
export const STEDI_SHAPE = {
  /** size of the public starter set */
  customers: 956,
  accelerometerRows: 81_273,
  /** customers with a `shareWithResearchAsOfDate` (the key is absent for the others) */
  researchConsentShare: 0.5,
  /** customers with a `shareWithPublicAsOfDate` / `shareWithFriendsAsOfDate` (independent of each other) */
  publicShare: 0.5,
  friendsShare: 0.5,
  /** customers without any accelerometer (and so step-trainer) reading */
  noReadingsShare: 0.04,
  /** consenting customers (with readings) whose whole session predates their consent date */
  readingsBeforeConsentShare: 0.2,
  /** P(m readings at one (user, timestamp)) for m = 1…5: mean 2.8 */
  multiplicity: [0.15, 0.25, 0.35, 0.15, 0.1] as readonly number[],
  /** a customer's row count is the mean times a factor uniform in [1 - spread, 1 + spread] */
  rowsSpread: 0.5,
  /** distinct reading times that also have a step-trainer reading */
  stepCoverage: 0.985,
  /** customers whose sessions sit on a whole-second grid shared with others (so timestamps collide across users) */
  sharedGridShare: 0.3,
  /** on the grid, expected sessions covering one second */
  sharedGridDensity: 0.5,
  /** time between distinct reading times; a gap of 2–5 intervals with gapShare */
  readingIntervalMs: 1000,
  gapShare: 0.05,
  /** customers born in the 14th century */
  implausibleBirthdayShare: 0.015,
  /** the phone number every customer has */
  phone: '8015551212',
  /** landing files are rotated at about this many bytes */
  fileBytes: 1_000_000,
  /** readings start here (2022-06-18, as in the public data) */
  epochMs: 1_655_564_000_000,
} as const;

export interface StediSampleOptions {
  /** the folder that receives `customer/landing/`, `accelerometer/landing/`, `step_trainer/landing/` */
  outDir: string;
  /** default 956, or scaled with `accelerometerRows` when only that is given */
  customers?: number;
  /** default 81,273, or scaled with `customers` when only that is given */
  accelerometerRows?: number;
  /** default 1 */
  seed?: number;
  /** rotate landing files at about this size; default 1,000,000 */
  fileBytes?: number;
  onProgress?: (p: { dataset: string; rows: number; bytes: number }) => void;
  signal?: AbortSignal;
}

export interface StediSample {
  outDir: string;
  /** absolute paths of the files written, in writing order */
  files: string[];
  rows: Record<StediDataset, number>;
  /** bytes written in all files */
  bytes: number;
  /** row count of each catalog table after the five jobs */
  expected: Record<TableName, number>;
}

const FIRST_NAMES = [
  'Santosh', 'Frank', 'Jerry', 'Ben', 'Sarah', 'Trevor', 'Lyn', 'Jacob', 'Steph', 'Gail', 'Liz', 'Bobby', 'Danny',
  'Chris', 'Kate', 'Spencer', 'Anna', 'Eduardo', 'Neeraj', 'Jo', 'Larry', 'Senthil', 'Sean', 'Rick', 'Dan',
  'Craig', 'Marcus', 'Aisha', 'Mei', 'Olga', 'Pedro', 'Yuki', 'Ravi', 'Fatima', 'Hugo', 'Ingrid', 'Kwame', 'Leila',
  'Mateo', 'Nora',
] as const;
const LAST_NAMES = [
  'Clayton', 'Doshi', 'Mitra', 'Lincoln', 'Hansen', 'Anandh', 'Howard', 'Staples', 'Jones', 'Mendoza', 'Ahmed',
  'Lin', 'Khan', 'Armstrong', 'Wu', 'Harris', 'Jackson', 'Smith', 'Gonzalez', 'Stark', 'Phillips', 'Aristotle',
  'Young', 'Davis', 'Miller', 'Taylor', 'Okafor', 'Tanaka', 'Ivanova', 'Silva', 'Rossi', 'Nguyen', 'Kowalski',
  'Haddad', 'Berg', 'Mensah', 'Fischer', 'Moreau', 'Patel', 'Novak',
] as const;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `k / 1000` as a JSON number with at least one decimal, like the public data's `1.0`, `-0.488`. */
function thousandths(k: number, fractions: readonly string[]): string {
  if (k < 0) {
    const a = -k;
    return '-' + Math.floor(a / 1000) + '.' + fractions[a % 1000]!;
  }
  return Math.floor(k / 1000) + '.' + fractions[k % 1000]!;
}

// (the tables below are made at the first generation, not when the program loads: every `lakehouse` command loads
// this module, and ~3,000 small buffers cost a command that generates nothing ~5–10 ms)
let valueBytesTable: Buffer[] | undefined;
/** accelerometer values -1.5 … 1.5 as JSON bytes, indexed by thousandths + 1500 */
function valueBytes(): Buffer[] {
  if (valueBytesTable === undefined) {
    const fractions = Array.from({ length: 1000 }, (_, f) => (f === 0 ? '0' : String(f).padStart(3, '0').replace(/0+$/, '')));
    valueBytesTable = Array.from({ length: 3001 }, (_, i) => Buffer.from(thousandths(i - 1500, fractions), 'latin1'));
  }
  return valueBytesTable;
}
const MIN_DISTANCE = 150;
const MAX_DISTANCE = 320;
let distanceBytesTable: Buffer[] | undefined;
/** step-trainer distances as JSON bytes, indexed by distance - MIN_DISTANCE */
function distanceBytes(): Buffer[] {
  return (distanceBytesTable ??= Array.from({ length: MAX_DISTANCE - MIN_DISTANCE + 1 }, (_, i) => Buffer.from(String(MIN_DISTANCE + i), 'latin1')));
}
const X_KEY = Buffer.from(',"x":', 'latin1');
const Y_KEY = Buffer.from(',"y":', 'latin1');
const Z_KEY = Buffer.from(',"z":', 'latin1');
const LINE_END = Buffer.from('}\n', 'latin1');
const FIXED_ACCEL_BYTES = X_KEY.length + Y_KEY.length + Z_KEY.length + LINE_END.length;
const STEP_HEAD = Buffer.from('{"sensorReadingTime":', 'latin1');

function uuid(r: Rng): string {
  const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0');
  const a = r.u32();
  const b = r.u32();
  const c = r.u32();
  const d = r.u32();
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(0x4000 | (b & 0x0fff), 4)}-${hex(0x8000 | (c >>> 18), 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
}

/** One distinct reading time of a customer's timeline: how many accelerometer rows, step-trainer data, the next gap. */
interface Tick {
  m: number;
  covered: boolean;
  distance: number;
  gap: number;
}

const MULT_CDF = (() => {
  let acc = 0;
  return STEDI_SHAPE.multiplicity.map((p) => (acc += p));
})();

/** Draws the next tick from a customer's timeline stream; every pass draws exactly this sequence. */
function drawTick(r: Rng, tick: Tick): void {
  const u = r.float();
  let m = 1;
  while (m < MULT_CDF.length && u >= MULT_CDF[m - 1]!) m++;
  tick.m = m;
  tick.covered = r.chance(STEDI_SHAPE.stepCoverage);
  tick.distance = r.range(MIN_DISTANCE, MAX_DISTANCE);
  tick.gap = STEDI_SHAPE.readingIntervalMs * (r.chance(STEDI_SHAPE.gapShare) ? r.range(2, 5) : 1);
}

/**
 * Random stream numbers. Per customer: its timeline (replayed identically by every pass) and its accelerometer
 * values; global: the plan, the landing file names (and 0, the customer records).
 */
const TIMELINE = 1;
const VALUES = 2;
const PLAN = 3;
const NAMES = 4;

function checkInt(value: number | undefined, field: string, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new LakehouseError('InvalidInput', `sample option "${field}" must be a whole number from ${min} to ${max}, got ${String(value)}`, { field });
}

function resolveSizes(o: StediSampleOptions): { customers: number; accelerometerRows: number } {
  checkInt(o.customers, 'customers', 1, 50_000_000);
  checkInt(o.accelerometerRows, 'accelerometerRows', 0, 10_000_000_000);
  const perCustomer = STEDI_SHAPE.accelerometerRows / STEDI_SHAPE.customers;
  if (o.customers === undefined && o.accelerometerRows === undefined)
    return { customers: STEDI_SHAPE.customers, accelerometerRows: STEDI_SHAPE.accelerometerRows };
  if (o.customers === undefined) return { customers: Math.max(1, Math.round(o.accelerometerRows! / perCustomer)), accelerometerRows: o.accelerometerRows! };
  if (o.accelerometerRows === undefined) return { customers: o.customers, accelerometerRows: Math.round(o.customers * perCustomer) };
  return { customers: o.customers, accelerometerRows: o.accelerometerRows };
}

/** Removes earlier generated files (`<dataset>-<digits>.json`) from a landing folder, leaving anything else. */
async function clearLanding(dir: string, dataset: string): Promise<void> {
  const pattern = new RegExp(`^${dataset}-\\d+\\.json$`);
  for (const name of await fs.readdir(dir)) if (pattern.test(name)) await fs.rm(path.join(dir, name), { force: true });
}

/** The time of customer c's last reading (replaying its timeline). */
function lastReadingTime(seed: number, c: number, start: number, rows: number): number {
  const r = new Rng(deriveSeed(seed, TIMELINE, c));
  const tick: Tick = { m: 0, covered: false, distance: 0, gap: 0 };
  let t = start;
  let last = start;
  for (let left = rows; left > 0; ) {
    drawTick(r, tick);
    left -= Math.min(tick.m, left);
    last = t;
    t += tick.gap;
  }
  return last;
}

/** Writes customer c's accelerometer rows; returns how many. */
async function writeAccelerometer(w: RotatingJsonLinesWriter, seed: number, c: number, email: string, start: number, rows: number): Promise<number> {
  const rt = new Rng(deriveSeed(seed, TIMELINE, c));
  const rv = new Rng(deriveSeed(seed, VALUES, c));
  const head = Buffer.from('{"user":"' + email + '","timestamp":', 'latin1');
  const tick: Tick = { m: 0, covered: false, distance: 0, gap: 0 };
  const values = valueBytes();
  const n = values.length;
  let written = 0;
  let t = start;
  for (let left = rows; left > 0; ) {
    drawTick(rt, tick);
    const m = Math.min(tick.m, left);
    left -= m;
    const fixed = head.length + decimalLength(t) + FIXED_ACCEL_BYTES;
    for (let k = 0; k < m; k++) {
      // x, y, z in thousandths of g within ±1.5
      const x = values[rv.int(n)]!;
      const y = values[rv.int(n)]!;
      const z = values[rv.int(n)]!;
      const len = fixed + x.length + y.length + z.length;
      if (!w.fits(len)) await w.makeRoom(len);
      w.put(head);
      w.int(t);
      w.put(X_KEY);
      w.put(x);
      w.put(Y_KEY);
      w.put(y);
      w.put(Z_KEY);
      w.put(z);
      w.put(LINE_END);
      w.endLine();
    }
    written += m;
    t += tick.gap;
  }
  return written;
}

/**
 * Writes customer c's step-trainer readings (replaying the timeline the accelerometer pass drew); returns how many,
 * and how many accelerometer rows of the customer share their times (the rows each reading joins).
 */
async function writeStepTrainer(w: RotatingJsonLinesWriter, seed: number, c: number, serial: string, start: number, rows: number): Promise<{ readings: number; matches: number }> {
  const rt = new Rng(deriveSeed(seed, TIMELINE, c));
  const tail = Buffer.from(',"serialNumber":"' + serial + '","distanceFromObject":', 'latin1');
  const tick: Tick = { m: 0, covered: false, distance: 0, gap: 0 };
  const distances = distanceBytes();
  let readings = 0;
  let matches = 0;
  let t = start;
  for (let left = rows; left > 0; ) {
    drawTick(rt, tick);
    const m = Math.min(tick.m, left);
    left -= m;
    if (tick.covered) {
      const d = distances[tick.distance - MIN_DISTANCE]!;
      const len = STEP_HEAD.length + decimalLength(t) + tail.length + d.length + LINE_END.length;
      if (!w.fits(len)) await w.makeRoom(len);
      w.put(STEP_HEAD);
      w.int(t);
      w.put(tail);
      w.put(d);
      w.put(LINE_END);
      w.endLine();
      readings++;
      matches += m;
    }
    t += tick.gap;
  }
  return { readings, matches };
}

export async function generateStediSample(options: StediSampleOptions): Promise<StediSample> {
  const { outDir, onProgress, signal } = options;
  if (typeof outDir !== 'string' || outDir.length === 0) throw new LakehouseError('InvalidInput', 'sample option "outDir" must name a folder', { field: 'outDir' });
  checkInt(options.seed, 'seed', 0, 0xffffffff);
  checkInt(options.fileBytes, 'fileBytes', 512, 2 ** 31 - 1);
  const seed = options.seed ?? 1;
  const fileBytes = options.fileBytes ?? STEDI_SHAPE.fileBytes;
  const { customers: C, accelerometerRows: A } = resolveSizes(options);
  signal?.throwIfAborted();

  // ------------------------------------------------------------ plan: a few numbers per customer
  const plan = new Rng(deriveSeed(seed, PLAN));
  const consent = new Uint8Array(C);
  const weight = new Float64Array(C);
  let weightSum = 0;
  let readers = 0;
  for (let c = 0; c < C; c++) {
    consent[c] = plan.chance(STEDI_SHAPE.researchConsentShare) ? 1 : 0;
    if (!plan.chance(STEDI_SHAPE.noReadingsShare) || (c === C - 1 && readers === 0)) {
      weight[c] = 1 - STEDI_SHAPE.rowsSpread + 2 * STEDI_SHAPE.rowsSpread * plan.float();
      weightSum += weight[c]!;
      readers++;
    }
  }
  // rows per customer: proportional to the weights, remainders to the first customers, summing to exactly A
  const rows = new Float64Array(C);
  let assigned = 0;
  for (let c = 0; c < C; c++) {
    rows[c] = Math.floor((A * weight[c]!) / weightSum);
    assigned += rows[c]!;
  }
  for (let c = 0; assigned < A; c = (c + 1) % C)
    if (weight[c]! > 0) {
      rows[c] = rows[c]! + 1;
      assigned++;
    }

  // sessions: grid customers start on whole seconds of a window sized so that about `sharedGridDensity` sessions
  // cover each second; the others start at random milliseconds in the same window
  const meanDistinct = A / Math.max(1, readers) / (STEDI_SHAPE.multiplicity.reduce((s, p, i) => s + p * (i + 1), 0));
  const windowSeconds = Math.max(1, Math.ceil((C * STEDI_SHAPE.sharedGridShare * meanDistinct) / STEDI_SHAPE.sharedGridDensity));
  const start = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const onGrid = plan.chance(STEDI_SHAPE.sharedGridShare);
    const second = plan.int(windowSeconds);
    const ms = onGrid ? 0 : plan.range(1, 999);
    if (rows[c]! > 0) start[c] = STEDI_SHAPE.epochMs + second * 1000 + ms;
  }

  // ------------------------------------------------------------ writing
  const dirs = Object.fromEntries(STEDI_DATASETS.map((d) => [d, path.join(outDir, d, 'landing')])) as Record<StediDataset, string>;
  try {
    for (const d of STEDI_DATASETS) {
      await fs.mkdir(dirs[d], { recursive: true });
      await clearLanding(dirs[d], d);
    }
  } catch (e) {
    throw new LakehouseError('InvalidInput', `cannot prepare the sample folder ${outDir}: ${errorMessage(e)}`, { file: outDir }, { cause: e });
  }

  const naming = new Rng(deriveSeed(seed, NAMES));
  let fileMs = 1_691_348_231_000 + naming.int(1000);
  const nextName = (): number => (fileMs += 1 + naming.int(40));
  const written: RotatedFile[] = [];
  const writers: RotatingJsonLinesWriter[] = [];
  const rowsOf: Record<StediDataset, number> = { customer: 0, accelerometer: 0, step_trainer: 0 };
  const writer = (dataset: StediDataset): RotatingJsonLinesWriter => {
    const w: RotatingJsonLinesWriter = new RotatingJsonLinesWriter(
      dirs[dataset],
      dataset,
      fileBytes,
      nextName,
      (f) => {
        written.push(f);
        rowsOf[dataset] += f.rows;
        onProgress?.({ dataset, rows: w.rows, bytes: w.bytes });
      },
      signal,
    );
    writers.push(w);
    return w;
  };

  const expected: Record<TableName, number> = {
    customer_landing: 0,
    accelerometer_landing: 0,
    step_trainer_landing: 0,
    customer_trusted: 0,
    accelerometer_trusted: 0,
    customer_curated: 0,
    step_trainer_trusted: 0,
    machine_learning_curated: 0,
  };

  try {
    // ---------------------------------------------------------- customers
    const emails: string[] = new Array<string>(C);
    const serials: string[] = new Array<string>(C);
    const usedEmails = new Map<string, number>();
    const usedSerials = new Set<string>();
    const people = new Rng(deriveSeed(seed, 0));
    const cw = writer('customer');
    for (let c = 0; c < C; c++) {
      const first = people.pick(FIRST_NAMES);
      const lastName = people.pick(LAST_NAMES);
      const base = `${first}.${lastName}`;
      const n = (usedEmails.get(base) ?? 0) + 1;
      usedEmails.set(base, n);
      emails[c] = `${base}${n === 1 ? '' : n}@test.com`;
      let serial = uuid(people);
      while (usedSerials.has(serial)) serial = uuid(people);
      usedSerials.add(serial);
      serials[c] = serial;

      const implausible = people.chance(STEDI_SHAPE.implausibleBirthdayShare);
      const year = implausible ? people.range(1300, 1399) : people.range(1930, 2005);
      const birthDay = `${year}-${String(people.range(1, 12)).padStart(2, '0')}-${String(people.range(1, 28)).padStart(2, '0')}`;

      const hasRows = rows[c]! > 0;
      const sessionStart = hasRows ? start[c]! : STEDI_SHAPE.epochMs + people.int(windowSeconds) * 1000;
      let research: number | undefined;
      if (consent[c]) {
        research = hasRows && people.chance(STEDI_SHAPE.readingsBeforeConsentShare)
          ? lastReadingTime(seed, c, start[c]!, rows[c]!) + people.range(1000, DAY_MS) // consented only after the session
          : sessionStart - people.range(1000, 30 * DAY_MS);
      }
      const registrationDate = Math.min(research ?? sessionStart, sessionStart) - people.range(HOUR_MS, 60 * DAY_MS);
      const shareDate = research ?? registrationDate + people.range(0, DAY_MS);
      const shareWithPublic = people.chance(STEDI_SHAPE.publicShare) ? shareDate : undefined;
      const shareWithFriends = people.chance(STEDI_SHAPE.friendsShare) ? shareDate : undefined;
      const lastUpdateDate = Math.max(registrationDate, research ?? 0, shareWithPublic ?? 0, shareWithFriends ?? 0) + people.range(0, DAY_MS);

      // absent keys stay absent (not null), as in the public data
      const record: Record<string, string | number> = {
        customerName: `${first} ${lastName}`,
        email: emails[c]!,
        phone: STEDI_SHAPE.phone,
        birthDay,
        serialNumber: serial,
        registrationDate,
        lastUpdateDate,
      };
      if (research !== undefined) record.shareWithResearchAsOfDate = research;
      if (shareWithPublic !== undefined) record.shareWithPublicAsOfDate = shareWithPublic;
      if (shareWithFriends !== undefined) record.shareWithFriendsAsOfDate = shareWithFriends;
      await cw.line(JSON.stringify(record) + '\n');
      expected.customer_landing++;
      if (research !== undefined) expected.customer_trusted++;
    }
    await cw.end();
    usedEmails.clear();
    usedSerials.clear();

    // ---------------------------------------------------------- accelerometer
    const hadReading = new Uint8Array(C);
    const aw = writer('accelerometer');
    for (let c = 0; c < C; c++) {
      if (rows[c] === 0) continue;
      const written = await writeAccelerometer(aw, seed, c, emails[c]!, start[c]!, rows[c]!);
      expected.accelerometer_landing += written;
      if (consent[c] === 1) expected.accelerometer_trusted += written;
      if (written > 0) hadReading[c] = 1;
    }
    await aw.end();
    // customer_curated: trusted customers with at least one trusted reading
    const curated = new Uint8Array(C);
    for (let c = 0; c < C; c++)
      if (consent[c] === 1 && hadReading[c] === 1) {
        curated[c] = 1;
        expected.customer_curated++;
      }

    // ---------------------------------------------------------- step trainer (the same timelines, replayed)
    const sw = writer('step_trainer');
    for (let c = 0; c < C; c++) {
      if (rows[c] === 0) continue;
      const { readings, matches } = await writeStepTrainer(sw, seed, c, serials[c]!, start[c]!, rows[c]!);
      expected.step_trainer_landing += readings;
      if (curated[c] === 1) {
        expected.step_trainer_trusted += readings;
        // each reading joins this customer's accelerometer rows taken at the same time
        expected.machine_learning_curated += matches;
      }
    }
    await sw.end();
  } catch (e) {
    const partial = writers.flatMap((w) => w.abort());
    await Promise.all(partial.map((f) => fs.rm(f, { force: true })));
    if (signal?.aborted) throw new LakehouseError('Cancelled', `STEDI sample generation in ${outDir} was cancelled; its partial files were removed`, { file: outDir }, { cause: e });
    if (e instanceof LakehouseError) throw e;
    throw new LakehouseError('DataError', `writing the STEDI sample to ${outDir} failed: ${errorMessage(e)}`, { file: outDir }, { cause: e });
  }

  return {
    outDir,
    files: written.map((f) => f.path),
    rows: rowsOf,
    bytes: written.reduce((s, f) => s + f.bytes, 0),
    expected,
  };
}
