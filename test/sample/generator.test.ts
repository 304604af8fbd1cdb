import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateStediSample, STEDI_DATASETS, STEDI_SHAPE, STEDI_TABLES, type StediSampleOptions } from '../../src/core/sample';
import { LakehouseError } from '../../src/core/errors';
import { readSample, recomputeCounts } from './readback';

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stedi-sample-'));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Hash of every landing file's relative path and content. */
async function hashTree(outDir: string): Promise<string> {
  const h = createHash('sha256');
  for (const d of STEDI_DATASETS) {
    const dir = path.join(outDir, d, 'landing');
    for (const f of (await fs.readdir(dir)).sort()) {
      h.update(`${d}/${f}\n`);
      h.update(await fs.readFile(path.join(dir, f)));
    }
  }
  return h.digest('hex');
}

const SMALL: Omit<StediSampleOptions, 'outDir'> = { customers: 120, accelerometerRows: 9000, fileBytes: 20_000, seed: 7 };

test('the same options give the same bytes; another seed gives other bytes', async () => {
  await withTempDir(async (dir) => {
    const a = await generateStediSample({ ...SMALL, outDir: path.join(dir, 'a') });
    const b = await generateStediSample({ ...SMALL, outDir: path.join(dir, 'b') });
    const c = await generateStediSample({ ...SMALL, seed: 8, outDir: path.join(dir, 'c') });
    const [ha, hb, hc] = await Promise.all([hashTree(a.outDir), hashTree(b.outDir), hashTree(c.outDir)]);
    assert.equal(ha, hb);
    assert.notEqual(ha, hc);
    assert.deepEqual(a.expected, b.expected);
    assert.deepEqual(
      a.files.map((f) => path.relative(a.outDir, f)),
      b.files.map((f) => path.relative(b.outDir, f)),
    );
  });
});

test('files are named <dataset>-<epoch ms>.json, distinct and increasing, and rotate at fileBytes', async () => {
  await withTempDir(async (dir) => {
    const sample = await generateStediSample({ ...SMALL, outDir: dir });
    const r = await readSample(dir);
    let total = 0;
    for (const d of STEDI_DATASETS) {
      const names = r.files[d];
      assert.ok(names.length >= 2, `${d} should span several ${SMALL.fileBytes}-byte files`);
      const pattern = new RegExp(`^${d}-(\\d{13})\\.json$`);
      const stamps = names.map((n) => {
        const m = pattern.exec(n);
        assert.ok(m, `${n} is not named ${d}-<epoch ms>.json`);
        return Number(m[1]);
      });
      // in writing order (as returned) the names increase; sorted by name they are the same order
      const written = sample.files.filter((f) => path.basename(path.dirname(path.dirname(f))) === d).map((f) => path.basename(f));
      assert.deepEqual(written, names);
      for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i]! > stamps[i - 1]!);
      // every file stays within fileBytes, and each file but the last was closed only because the next line
      // would not have fitted
      const texts = await Promise.all(names.map((n) => fs.readFile(path.join(dir, d, 'landing', n), 'utf8')));
      texts.forEach((t, i) => {
        assert.ok(t.length <= SMALL.fileBytes!, `${names[i]} has ${t.length} bytes`);
        if (i < texts.length - 1) {
          const nextLine = texts[i + 1]!.slice(0, texts[i + 1]!.indexOf('\n') + 1);
          assert.ok(t.length + nextLine.length > SMALL.fileBytes!, `${names[i]} was closed early`);
        }
        total += Buffer.byteLength(t);
      });
    }
    assert.equal(sample.bytes, total);
    assert.equal(sample.files.length, r.files.customer.length + r.files.accelerometer.length + r.files.step_trainer.length);
    assert.deepEqual(sample.rows, { customer: r.customers.length, accelerometer: r.accelerometer.length, step_trainer: r.stepTrainer.length });
    assert.equal(sample.rows.customer, SMALL.customers);
    assert.equal(sample.rows.accelerometer, SMALL.accelerometerRows);
  });
});

test('oracle: the expected counts equal counts recomputed from the files (small sample)', async () => {
  await withTempDir(async (dir) => {
    for (const seed of [1, 2, 3]) {
      const sample = await generateStediSample({ ...SMALL, seed, outDir: path.join(dir, String(seed)) });
      const counts = recomputeCounts(await readSample(sample.outDir));
      assert.deepEqual(Object.keys(sample.expected).sort(), [...STEDI_TABLES].sort());
      assert.deepEqual(sample.expected, counts, `seed ${seed}`);
    }
  });
});

test('progress reports each dataset with growing rows and bytes', async () => {
  await withTempDir(async (dir) => {
    const seen: { dataset: string; rows: number; bytes: number }[] = [];
    const sample = await generateStediSample({ ...SMALL, outDir: dir, onProgress: (p) => seen.push(p) });
    for (const d of STEDI_DATASETS) {
      const mine = seen.filter((p) => p.dataset === d);
      assert.ok(mine.length >= 2);
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.rows > mine[i - 1]!.rows && mine[i]!.bytes > mine[i - 1]!.bytes);
      assert.equal(mine.at(-1)!.rows, sample.rows[d]);
    }
  });
});

test('a new generation replaces earlier generated files and leaves other files alone', async () => {
  await withTempDir(async (dir) => {
    const landing = path.join(dir, 'customer', 'landing');
    await fs.mkdir(landing, { recursive: true });
    await fs.writeFile(path.join(landing, 'customer-1000000000000.json'), '{"stale":true}\n');
    await fs.writeFile(path.join(landing, 'README.txt'), 'keep me');
    await generateStediSample({ ...SMALL, outDir: dir });
    const names = await fs.readdir(landing);
    assert.ok(!names.includes('customer-1000000000000.json'));
    assert.ok(names.includes('README.txt'));
    assert.ok(names.some((n) => /^customer-\d{13}\.json$/.test(n)));
  });
});

test('cancelling stops the generation and removes its partial files', async () => {
  await withTempDir(async (dir) => {
    const ac = new AbortController();
    await assert.rejects(
      generateStediSample({
        ...SMALL,
        outDir: dir,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.dataset === 'accelerometer') ac.abort();
        },
      }),
      (e: unknown) => e instanceof LakehouseError && e.code === 'Cancelled',
    );
    for (const d of STEDI_DATASETS) assert.deepEqual(await fs.readdir(path.join(dir, d, 'landing')), []);
  });
});

test('bad options are refused naming the option', async () => {
  for (const [opts, field] of [
    [{ customers: 0 }, 'customers'],
    [{ customers: 2.5 }, 'customers'],
    [{ accelerometerRows: -1 }, 'accelerometerRows'],
    [{ fileBytes: 10 }, 'fileBytes'],
    [{ seed: -3 }, 'seed'],
  ] as const) {
    await assert.rejects(generateStediSample({ outDir: os.tmpdir(), ...opts }), (e: unknown) => {
      assert.ok(e instanceof LakehouseError);
      assert.equal(e.code, 'InvalidInput');
      assert.equal(e.detail.field, field);
      assert.match(e.message, new RegExp(`"${field}"`));
      return true;
    });
  }
});

test('sizes: the defaults are the public set, and one size given scales the other', async () => {
  await withTempDir(async (dir) => {
    const perCustomer = STEDI_SHAPE.accelerometerRows / STEDI_SHAPE.customers;
    const a = await generateStediSample({ outDir: path.join(dir, 'a'), accelerometerRows: 2000 });
    assert.deepEqual([a.rows.customer, a.rows.accelerometer], [Math.round(2000 / perCustomer), 2000]);
    const b = await generateStediSample({ outDir: path.join(dir, 'b'), customers: 30 });
    assert.deepEqual([b.rows.customer, b.rows.accelerometer], [30, Math.round(30 * perCustomer)]);
    const c = await generateStediSample({ outDir: path.join(dir, 'c'), customers: 3, accelerometerRows: 0 });
    assert.deepEqual(c.rows, { customer: 3, accelerometer: 0, step_trainer: 0 });
    assert.equal(c.expected.machine_learning_curated, 0);
    assert.equal(c.expected.customer_curated, 0);
  });
});
