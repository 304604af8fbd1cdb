// The plain parts of the explorer's storage commands: Glue database names, the file name a download proposes,
// which objects a (multi-)selection deletes, the delete confirmations' text, and the download into a temp file
// that is renamed only when complete (a failed or cancelled download leaves nothing, an existing file untouched).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { isLakehouseError } from '../../src/core/errors';
import type { ExplorerNode, NodeOf } from '../../src/extension/explorer/nodes';
import {
  CONFIRM_LISTED,
  databaseNameProblem,
  deleteObjectsConfirmation,
  deleteZoneConfirmation,
  downloadFileName,
  downloadToFile,
  optionsOf,
  readHead,
  selectedObjects,
} from '../../src/extension/commands/storageHelpers';

const obj = (bucket: string, key: string, size = 10): NodeOf<'object'> => ({
  kind: 'object',
  id: `object:${bucket}/${key}`,
  bucket,
  object: { key, size, lastModified: new Date(0) },
  label: key,
});

describe('databaseNameProblem', () => {
  // Glue's rule: DatabaseInput.Name, 1-255 bytes of UTF-8 matching the single-line string pattern
  // (https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html); Glue folds it to lower case
  it('accepts every name Glue takes: hyphens, dots, spaces, upper case (Glue lower-cases it), non-ASCII, 255 bytes', () => {
    for (const n of ['stedi', 'stedi_2024', '_x', '9lives', 'stedi-lake', 'my.db', 'my db', 'Stedi_DB', 'é', 'tab\there', 'a'.repeat(255), 'é'.repeat(127)])
      assert.equal(databaseNameProblem(n), undefined, n);
  });
  it("rejects what Glue refuses, with Glue's rule: empty, over 255 bytes, line breaks and control characters", () => {
    assert.match(databaseNameProblem('') ?? '', /enter a database name/);
    assert.match(databaseNameProblem('a'.repeat(256)) ?? '', /256 bytes long in UTF-8: Glue takes 1 to 255 bytes/);
    assert.match(databaseNameProblem('é'.repeat(128)) ?? '', /256 bytes long/);
    assert.match(databaseNameProblem('two\nlines') ?? '', /holds a line feed at position 4/);
    assert.match(databaseNameProblem('bell\u0007') ?? '', /holds the character U\+0007/);
  });
});

describe('downloadFileName', () => {
  it("is the key's last segment", () => {
    assert.equal(downloadFileName('customer/landing/customer-1691348231425.json'), 'customer-1691348231425.json');
    assert.equal(downloadFileName('top.csv'), 'top.csv');
  });
  it('skips a trailing "/" (a folder marker) and replaces characters file systems refuse', () => {
    assert.equal(downloadFileName('a/b/folder/'), 'folder');
    assert.equal(downloadFileName('x/what?:*"<>|.txt'), 'what_______.txt');
    assert.equal(downloadFileName('x/trailing. '), 'trailing');
  });
  it('falls back to "download" when nothing usable is left', () => {
    for (const k of ['', '/', 'a/..', 'a/.']) assert.equal(downloadFileName(k), 'download', k);
  });
});

describe('selectedObjects and optionsOf', () => {
  const a = obj('b', 'k/a');
  const b = obj('b', 'k/b');
  const c = obj('other', 'c');
  const zone: ExplorerNode = { kind: 'zone', id: 'zone:b/k/', bucket: 'b', dataset: 'd', zone: 'landing', prefix: 'k/', nested: [] };

  it('a single node, or the whole selection when it holds the clicked node (objects only, once each)', () => {
    assert.deepEqual(selectedObjects(a, undefined), [a]);
    assert.deepEqual(selectedObjects(a, [a, b, zone, c, a]), [a, b, c]);
  });
  it('a selection without the clicked node is ignored; a node that is no object gives nothing', () => {
    assert.deepEqual(selectedObjects(a, [b, c]), [a]);
    assert.deepEqual(selectedObjects(zone, [a]), []);
    assert.deepEqual(selectedObjects(undefined, undefined), []);
  });
  it('optionsOf finds the options object after nodes, selections and URIs', () => {
    assert.deepEqual(optionsOf([a, [a, b], { confirmed: true }]), { confirmed: true });
    assert.deepEqual(optionsOf([{ name: 'x' }]), { name: 'x' });
    assert.deepEqual(optionsOf([a, { scheme: 'file', fsPath: '/x' }]), {});
    assert.deepEqual(optionsOf([]), {});
  });
});

describe('delete confirmations', () => {
  it('one object: its URI and size', () => {
    const c = deleteObjectsConfirmation('stedi-lakehouse', [{ key: 'customer/landing/c.json', size: 2048 }]);
    assert.equal(c.message, 'Delete s3://stedi-lakehouse/customer/landing/c.json?');
    assert.match(c.detail, /^2\.0 KB\./);
    assert.match(c.detail, /cannot be restored/);
  });
  it(`several: count, total size and the first ${CONFIRM_LISTED} URIs, then how many more`, () => {
    const objects = Array.from({ length: 13 }, (_, i) => ({ key: `p/o${i}`, size: 1024 }));
    const c = deleteObjectsConfirmation('bk', objects);
    assert.equal(c.message, 'Delete 13 objects (13 KB) from s3://bk/?');
    const lines = c.detail.split('\n');
    assert.deepEqual(lines.slice(0, 11), [...Array.from({ length: 10 }, (_, i) => `s3://bk/p/o${i}`), '… and 3 more']);
  });
  it('a zone: its URI, the counted objects and size, a count that stopped, and a filter that does not apply', () => {
    const zone = { bucket: 'bk', prefix: 'customer/trusted/', dataset: 'customer', zone: 'trusted' as const, nested: [] };
    const exact = deleteZoneConfirmation(zone, { objects: 3, bytes: 3 * 1024 * 1024, truncated: false, limit: 100_000 });
    assert.equal(exact.message, 'Delete all 3 objects (3.0 MB) under s3://bk/customer/trusted/?');
    assert.match(exact.detail, /^Every object of customer \/ trusted is deleted\./);
    assert.doesNotMatch(exact.detail, /Counting stopped|filter/);
    const one = deleteZoneConfirmation(zone, { objects: 1, bytes: 5, truncated: false, limit: 1000 });
    assert.equal(one.message, 'Delete all 1 object (5 B) under s3://bk/customer/trusted/?');
    const capped = deleteZoneConfirmation({ ...zone, filter: 'part-' }, { objects: 1000, bytes: 2000, truncated: true, limit: 1000 });
    assert.equal(capped.message, 'Delete all 1,000+ objects (2.0 KB+) under s3://bk/customer/trusted/?');
    assert.match(capped.detail, /Counting stopped after 1,000 objects: there are more, and they are deleted too\./);
    assert.match(capped.detail, /The prefix filter "part-" does not limit this\./);
    assert.doesNotMatch(capped.detail, /nested/);
  });
  it('a zone with a zone nested inside: the nested one keeps its objects, and says so', () => {
    const landing = { bucket: 'bk', prefix: 'accelerometer_landing/', dataset: 'accelerometer', zone: 'landing' as const, nested: ['accelerometer_landing/trusted/'] };
    const c = deleteZoneConfirmation(landing, { objects: 2, bytes: 10, truncated: false, limit: 1000 });
    assert.match(c.detail, /The zones nested inside it keep their objects: s3:\/\/bk\/accelerometer_landing\/trusted\/\./);
  });
});

describe('downloadToFile', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-download-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** 3 chunks of 64 KiB with distinct bytes */
  const chunks = Array.from({ length: 3 }, (_, i) => Buffer.alloc(64 * 1024, i + 1));
  const whole = Buffer.concat(chunks);

  it('writes the stream to the file, reporting the bytes after each chunk, and leaves no temp file', async () => {
    const file = path.join(dir, 'out.bin');
    const seen: number[] = [];
    const n = await downloadToFile(Readable.from(chunks), file, { onProgress: (b) => seen.push(b) });
    assert.equal(n, whole.length);
    assert.deepEqual(seen, [65536, 131072, 196608]);
    assert.deepEqual(await fs.readFile(file), whole);
    assert.deepEqual(await fs.readdir(dir), ['out.bin']);
  });

  it('replaces an existing file only when complete', async () => {
    const file = path.join(dir, 'replace.txt');
    await fs.writeFile(file, 'old');
    await downloadToFile(Readable.from([Buffer.from('new content')]), file);
    assert.equal(await fs.readFile(file, 'utf8'), 'new content');
    await fs.rm(file);
  });

  it('a source failing midway: the error comes through, the existing file is untouched, no temp file remains', async () => {
    const file = path.join(dir, 'kept.txt');
    await fs.writeFile(file, 'previous');
    async function* failing() {
      yield Buffer.from('partial ');
      throw new Error('connection reset');
    }
    await assert.rejects(downloadToFile(Readable.from(failing()), file), /connection reset/);
    assert.equal(await fs.readFile(file, 'utf8'), 'previous');
    assert.deepEqual((await fs.readdir(dir)).sort(), ['kept.txt', 'out.bin']);
    await fs.rm(file);
  });

  // (the limit only stops a run whose abort is ignored: the source never ends on its own)
  it('cancelled midway (the signal aborts after the first chunk): Cancelled, and no file at all', { timeout: 30_000 }, async () => {
    const file = path.join(dir, 'cancelled.bin');
    const controller = new AbortController();
    // a source that never ends on its own: only the abort stops it
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 7));
      },
    });
    const err = await downloadToFile(source, file, {
      signal: controller.signal,
      onProgress: (b) => {
        if (b >= 1024) controller.abort();
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isLakehouseError(err, 'Cancelled'), `expected Cancelled, got ${String(err)}`);
    assert.match(err.message, /nothing was written/);
    assert.ok(source.destroyed, 'the source stream is released');
    assert.deepEqual(await fs.readdir(dir), ['out.bin']);
  });

  it('an already aborted signal writes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(downloadToFile(Readable.from([Buffer.from('x')]), path.join(dir, 'never.txt'), { signal: controller.signal }), (e: unknown) => isLakehouseError(e, 'Cancelled'));
    assert.deepEqual(await fs.readdir(dir), ['out.bin']);
  });

  it('a destination folder that does not exist fails without leaving anything', async () => {
    await assert.rejects(downloadToFile(Readable.from([Buffer.from('x')]), path.join(dir, 'no', 'such', 'f.txt')), /ENOENT/);
    assert.deepEqual(await fs.readdir(dir), ['out.bin']);
  });
});

describe('readHead', () => {
  it('reads the first bytes of a stream, says whether there was more, and releases the stream', async () => {
    const chunks = () => [Buffer.from('abc\n'), Buffer.from('def\n'), Buffer.from('ghi\n')];
    let source = Readable.from(chunks());
    assert.deepEqual(await readHead(source, 6), { head: Buffer.from('abc\nde'), more: true });
    assert.ok(source.destroyed);
    source = Readable.from(chunks());
    assert.deepEqual(await readHead(source, 12), { head: Buffer.from('abc\ndef\nghi\n'), more: false });
    assert.ok(source.destroyed);
    assert.deepEqual(await readHead(Readable.from(chunks()), 8), { head: Buffer.from('abc\ndef\n'), more: true });
    assert.deepEqual(await readHead(Readable.from([]), 8), { head: Buffer.alloc(0), more: false });
  });
});
