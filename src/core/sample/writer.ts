/**
 * Writes JSON lines into `<dir>/<dataset>-<epoch ms>.json` files, starting a new file once the current one would
 * pass a size, through a write stream with backpressure. Lines are assembled as bytes in a chunk buffer (no string
 * per row): the caller reserves room for a line with `fits(len)` — awaiting `makeRoom(len)` only when it returns
 * false — then writes the line's parts with `put()` / `text()` and closes it with `endLine()`.
 * Text must be ASCII (one byte per character).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import * as path from 'node:path';
import { writeError } from '../targets/local/fsutil';

const CHUNK_BYTES = 256 * 1024;

/** Digits of a non-negative integer below 2^53. */
export function decimalLength(n: number): number {
  let len = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    len++;
  }
  return len;
}

export interface RotatedFile {
  path: string;
  rows: number;
  bytes: number;
}

export class RotatingJsonLinesWriter {
  private stream: WriteStream | undefined;
  private current: string | undefined;
  private error: Error | undefined;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private lineStart = 0;
  private reserved = 0;
  /** bytes of the current file already handed to the stream */
  private flushedInFile = 0;
  private fileRows = 0;
  /** files completed so far, in order */
  readonly files: RotatedFile[] = [];
  rows = 0;
  private flushedBytes = 0;

  /**
   * @param nextName returns the next file's epoch-ms name part; must increase
   * @param onFile called after each file is closed
   */
  constructor(
    private readonly dir: string,
    private readonly dataset: string,
    private readonly maxBytes: number,
    private readonly nextName: () => number,
    private readonly onFile: (f: RotatedFile) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** bytes written so far (handed to the stream or buffered) */
  get bytes(): number {
    return this.flushedBytes + this.pos;
  }

  /**
   * Reserves room for a line of exactly `len` bytes (its newline included). False when the chunk is full or the
   * line belongs in the next file: then `await makeRoom(len)` before writing it.
   */
  fits(len: number): boolean {
    const inFile = this.flushedInFile + this.pos;
    if ((inFile > 0 && inFile + len > this.maxBytes) || this.pos + len > this.chunk.length) return false;
    this.lineStart = this.pos;
    this.reserved = len;
    return true;
  }

  /** Flushes the chunk and, when the line would make the file pass its size, closes the file; then reserves. */
  async makeRoom(len: number): Promise<void> {
    this.signal?.throwIfAborted();
    const inFile = this.flushedInFile + this.pos;
    if (inFile > 0 && inFile + len > this.maxBytes) await this.closeFile();
    else await this.flush();
    if (len > this.chunk.length) this.chunk = Buffer.allocUnsafe(len);
    if (!this.fits(len)) throw new Error(`internal: no room for a ${len}-byte line`);
  }

  put(src: Uint8Array): void {
    const chunk = this.chunk;
    let p = this.pos;
    if (src.length < 48) for (let i = 0; i < src.length; i++) chunk[p++] = src[i]!;
    else {
      chunk.set(src, p);
      p += src.length;
    }
    this.pos = p;
  }

  /** Writes a non-negative integer (below 2^53) in decimal. */
  int(n: number): void {
    const chunk = this.chunk;
    const end = this.pos + decimalLength(n);
    let p = end;
    do {
      const q = Math.floor(n / 10);
      chunk[--p] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
    this.pos = end;
  }

  text(s: string): void {
    this.pos += this.chunk.write(s, this.pos, 'latin1');
  }

  endLine(): void {
    if (this.pos - this.lineStart !== this.reserved)
      throw new Error(`internal: a line of ${this.pos - this.lineStart} bytes was reserved as ${this.reserved}`);
    this.fileRows++;
    this.rows++;
  }

  /** Writes one whole line given as ASCII text ending in "\n". */
  async line(s: string): Promise<void> {
    if (!this.fits(s.length)) await this.makeRoom(s.length);
    this.text(s);
    this.endLine();
  }

  /** Flushes and closes the last file. */
  async end(): Promise<void> {
    await this.closeFile();
  }

  /** Stops writing after a failure or cancellation; returns every file this writer created (to remove them). */
  abort(): string[] {
    this.stream?.destroy();
    this.stream = undefined;
    return [...this.files.map((f) => f.path), ...(this.current !== undefined ? [this.current] : [])];
  }

  private async flush(): Promise<void> {
    if (this.pos === 0) return;
    const data = this.chunk.subarray(0, this.pos);
    // the stream keeps `data` until written: continue in a fresh chunk
    this.chunk = Buffer.allocUnsafe(this.chunk.length);
    this.flushedInFile += this.pos;
    this.flushedBytes += this.pos;
    this.pos = 0;
    if (this.stream === undefined) {
      this.current = path.join(this.dir, `${this.dataset}-${this.nextName()}.json`);
      this.stream = createWriteStream(this.current, { flags: 'w', highWaterMark: 4 * CHUNK_BYTES });
      const file = this.current;
      // (a full disk names the file: Node's write errors name none)
      this.stream.on('error', (e) => (this.error ??= writeError(e, file) as Error));
    }
    if (this.error) throw this.error;
    if (!this.stream.write(data)) {
      if (this.error) throw this.error;
      await once(this.stream, 'drain');
    }
  }

  private async closeFile(): Promise<void> {
    await this.flush();
    const stream = this.stream;
    if (stream === undefined || this.current === undefined) return;
    stream.end();
    await finished(stream).catch((e: unknown) => {
      throw writeError(e, this.current!);
    });
    const file = { path: this.current, rows: this.fileRows, bytes: this.flushedInFile };
    this.files.push(file);
    this.stream = undefined;
    this.current = undefined;
    this.fileRows = 0;
    this.flushedInFile = 0;
    this.onFile(file);
  }
}
