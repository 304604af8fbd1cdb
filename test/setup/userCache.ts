/**
 * Loaded before every test file (`npm test`'s `--import`): the user's cache folder (src/core/userCache.ts) is a fresh
 * folder of this test process's own, removed when it exits, and every CLI the test starts inherits it. Without this,
 * what one run of the suite left in `~/.cache/lakehouse-studio` (plans, translations, code caches of the same build)
 * changed what the next run's processes had to compute, and a test of what a first query learns could pass on a clean
 * machine and fail on the second run. A test that wants its own folder still passes XDG_CACHE_HOME itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lakehouse-test-cache-'));
process.env['XDG_CACHE_HOME'] = dir;
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
