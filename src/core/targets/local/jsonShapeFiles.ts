/**
 * The files of the fast line-shape scan (jsonShapeScan.ts): each read whole into a kept buffer and scanned, on this
 * thread or — for large uploads — on worker threads (jsonShapeWorker.ts), as the files arrive.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataFile, JsonFileShape } from './jsonKeys';
import { scanJsonShape } from './jsonShapeScan';

/** Files larger than this are left to DuckDB (the fast path reads a file whole). */
export const FAST_SCAN_MAX_BYTES = 64 * 1024 * 1024;
/** compressed files: DuckDB's line reader decompresses them */
const COMPRESSED = /\.(gz|gzip|zst|zstd|bz2|lz4|snappy|deflate|xz)$/i;
/** from this many bytes to read, the files are scanned on worker threads (one per core, up to 4): below, starting
 * them and warming their compiled code costs more than the second core gives */
const WORKERS_FROM_BYTES = 256 * 1024 * 1024;

/**
 * The buffer files are read into, kept for the next file while the scans go on (a new buffer per file costs the
 * kernel a fresh page at every 4 KiB: more than the read itself); {@link releaseReadBuffer} lets it go.
 */
let readBuffer: Buffer | undefined;

/** Lets the buffer of {@link fastShape} go (after a batch of files). */
export function releaseReadBuffer(): void {
  readBuffer = undefined;
}

/** The fast path's answer for a file, when it has one and the file is still the one listed (size and time). */
export async function fastShape(f: DataFile): Promise<JsonFileShape | undefined> {
  if (f.size > FAST_SCAN_MAX_BYTES || COMPRESSED.test(f.path)) return undefined;
  let fh: fs.FileHandle | undefined;
  // (taken while in use: two scans at once each have their own)
  const buffer = readBuffer !== undefined && readBuffer.length >= f.size ? readBuffer : Buffer.allocUnsafe(Math.max(f.size, 1 << 20));
  readBuffer = undefined;
  try {
    fh = await fs.open(f.path, 'r');
    const st = await fh.stat();
    if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) return undefined;
    let got = 0;
    while (got < f.size) {
      const { bytesRead } = await fh.read(buffer, got, f.size - got, got);
      if (bytesRead === 0) return undefined; // shorter than listed: changed since
      got += bytesRead;
    }
    return scanJsonShape(buffer.subarray(0, f.size));
  } catch {
    return undefined; // DuckDB's scan says what is wrong with it
  } finally {
    readBuffer = buffer;
    await fh?.close().catch(() => undefined);
  }
}

/** The worker's script: dist/json-shape-worker.js next to the bundle (scripts/build.mjs); none when run from source. */
function workerScript(): string | undefined {
  const bundled = path.join(__dirname, 'json-shape-worker.js');
  return existsSync(bundled) ? bundled : undefined;
}

/**
 * The fast path's answers for the files it is sure of (see {@link scanJsonShape}), by path. `files` may arrive over
 * time (an upload gives each object as it is in place): each is scanned as it comes, on this thread or — from
 * {@link WORKERS_FROM_BYTES} bytes in all (`bytes`: the total to expect; the files' own sizes when given as a list) —
 * on worker threads, one per core, up to 4.
 */
export async function fastShapes(
  files: readonly DataFile[] | AsyncIterable<DataFile>,
  options: { signal?: AbortSignal; bytes?: number } = {},
): Promise<Map<string, JsonFileShape>> {
  const { signal } = options;
  const found = new Map<string, JsonFileShape>();
  const list = Array.isArray(files) ? (files as readonly DataFile[]) : undefined;
  const scannable = (f: DataFile) => f.size <= FAST_SCAN_MAX_BYTES && !COMPRESSED.test(f.path);
  const bytes = options.bytes ?? (list ?? []).filter(scannable).reduce((n, f) => n + f.size, 0);
  const source = (async function* () {
    for await (const f of files) if (scannable(f)) yield f;
  })();
  /** the next file to scan (one at a time: the source is read in order), none once all are or the scan is cancelled */
  let pulling: Promise<unknown> = Promise.resolve();
  const next = (): Promise<DataFile | undefined> => {
    const p = pulling.then(async () => (signal?.aborted ? undefined : ((await source.next()).value as DataFile | undefined)));
    pulling = p.catch(() => undefined);
    return p;
  };
  const script = workerScript();
  const threads = Math.min(4, os.availableParallelism(), list?.length ?? Infinity);
  if (script === undefined || bytes < WORKERS_FROM_BYTES || threads < 2) {
    try {
      for (let f = await next(); f !== undefined; f = await next()) {
        const shape = await fastShape(f);
        if (shape) found.set(f.path, shape);
      }
    } finally {
      releaseReadBuffer();
    }
    return found;
  }
  const run = (worker: Worker) =>
    new Promise<void>((resolve) => {
      const send = () =>
        void next().then(
          (f) => (f === undefined ? resolve() : worker.postMessage(f)),
          () => resolve(),
        );
      worker.on('message', (m: { file: string; shape?: JsonFileShape }) => {
        if (m.shape) found.set(m.file, m.shape);
        send();
      });
      // a worker that fails leaves its files to DuckDB
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
      send();
    });
  const workers = Array.from({ length: threads }, () => new Worker(script));
  try {
    await Promise.all(workers.map(run));
    // (what is left of the source when the workers failed: given to the caller's DuckDB scan, unscanned)
    while ((await next()) !== undefined);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return found;
}
