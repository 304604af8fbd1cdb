import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateStediSample } from '../../src/core/sample';

const MB = 1024 * 1024;

test('memory stays bounded while ~2M accelerometer rows stream to disk', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stedi-memory-'));
  try {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let samples = 0;
    const sample = await generateStediSample({
      outDir: dir,
      customers: 2000,
      accelerometerRows: 2_000_000,
      // sampled at every file the generator closes (about every megabyte written)
      onProgress: () => {
        samples++;
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = peak - baseline;
    assert.equal(sample.rows.accelerometer, 2_000_000);
    assert.ok(samples >= sample.files.length);
    // Holding the readings would take at least the bytes written (~260 MB here, more as JS strings or objects);
    // streaming keeps a few chunk buffers, the per-customer plan and the garbage collector's slack.
    const bound = Math.min(64 * MB, sample.bytes / 4);
    assert.ok(growth < bound, `RSS grew by ${(growth / MB).toFixed(1)} MB while writing ${(sample.bytes / MB).toFixed(0)} MB (bound ${(bound / MB).toFixed(0)} MB)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
