/**
 * Quoting the bare `Infinity`, `-Infinity` and `NaN` DuckDB's JSON writer leaves in a file: only outside strings,
 * every other byte unchanged, also where the words straddle the 1 MiB chunks the file is read in.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { holdsNonFiniteWord, quoteNonFiniteNumbers, quoteNonFiniteTokens } from '../../src/core/targets/local/nonFinite';

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-nonfinite-'));
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('quoteNonFiniteTokens', () => {
  it('quotes the bare words, leaves strings (escaped quotes too), keys and numbers alone', () => {
    assert.equal(quoteNonFiniteTokens('{"a":Infinity,"b":-Infinity,"c":NaN,"d":-1.5e-7}'), '{"a":"Infinity","b":"-Infinity","c":"NaN","d":-1.5e-7}');
    assert.equal(quoteNonFiniteTokens('{"NaN":[NaN,1,-Infinity],"s":{"t":Infinity}}'), '{"NaN":["NaN",1,"-Infinity"],"s":{"t":"Infinity"}}');
    const strings = String.raw`{"s":"Infinity \"NaN\" -Infinity","t":"\\","u":NaN}`;
    assert.equal(quoteNonFiniteTokens(strings), String.raw`{"s":"Infinity \"NaN\" -Infinity","t":"\\","u":"NaN"}`);
    const plain = '{"a":1,"b":"x","c":null,"d":true}';
    assert.equal(quoteNonFiniteTokens(plain), plain);
  });
});

describe('quoteNonFiniteNumbers', () => {
  it('rewrites a file only when it has a bare word, keeping every other byte', async () => {
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, '{"v":Infinity,"s":"NaN"}\r\n[NaN,2]\n{"w":-Infinity}');
    assert.equal(await quoteNonFiniteNumbers(file), true);
    assert.equal(await fs.readFile(file, 'utf8'), '{"v":"Infinity","s":"NaN"}\r\n["NaN",2]\n{"w":"-Infinity"}');
    // nothing to quote (the words only in strings): the file stays as it was, and no temp file is left
    const clean = path.join(dir, 'b.json');
    const text = '{"s":"Infinity and NaN"}\n{"n":1.5}\n';
    await fs.writeFile(clean, text);
    const before = (await fs.stat(clean)).mtimeMs;
    assert.equal(await quoteNonFiniteNumbers(clean), false);
    assert.equal(await fs.readFile(clean, 'utf8'), text);
    assert.equal((await fs.stat(clean)).mtimeMs, before);
    assert.deepEqual((await fs.readdir(dir)).sort(), ['a.json', 'b.json']);
  });

  it('finds and quotes a word that straddles the 1 MiB chunks the file is read in', async () => {
    // the only bare word starts 3 bytes before the first chunk's end
    const chunk = 1024 * 1024;
    const head = '{"v":';
    const pad = `{"p":"${'x'.repeat(chunk - 3 - head.length - '{"p":""}\n'.length)}"}\n`;
    assert.equal(pad.length + head.length, chunk - 3);
    const file = path.join(dir, 'c.json');
    await fs.writeFile(file, `${pad}${head}Infinity}\n`);
    assert.equal(await quoteNonFiniteNumbers(file), true);
    assert.equal(await fs.readFile(file, 'utf8'), `${pad}${head}"Infinity"}\n`);
  });

  it('finds a word that straddles the 4 MiB blocks of the search for one, at every cut of it', async () => {
    const block = 4 * 1024 * 1024;
    for (const word of ['Infinity', '-Infinity', 'NaN'])
      for (let before = 1; before < word.length; before++) {
        // the word's first `before` bytes end the first block
        const head = '{"v":';
        const padLength = block - before - head.length;
        const pad = `{"p":"${'x'.repeat(padLength - '{"p":""}\n'.length)}"}\n`;
        assert.equal(pad.length, padLength);
        const file = path.join(dir, `edge-${word}-${before}.json`);
        await fs.writeFile(file, `${pad}${head}${word}}\n`);
        assert.equal(await quoteNonFiniteNumbers(file), true, `${word} cut after ${before} byte(s)`);
        assert.equal(await fs.readFile(file, 'utf8'), `${pad}${head}"${word}"}\n`);
        await fs.rm(file);
      }
  });
});

describe('holdsNonFiniteWord', () => {
  it('is true for NaN or Infinity anywhere, false for Inf that is not Infinity (Info, Inf at the end)', () => {
    const yes = ['{"a":NaN}', '{"a":-Infinity}', '{"s":"Info","a":Infinity}', 'Infinity', '{"s":"NaN"}', 'InfInfinity'];
    const no = ['{"s":"Info","t":"Infinit"}', '{"a":1.5,"b":"nan inf"}', '{"s":"Inf"}', 'Inf', 'Infinit', ''];
    for (const t of yes) assert.equal(holdsNonFiniteWord(Buffer.from(t)), true, t);
    for (const t of no) assert.equal(holdsNonFiniteWord(Buffer.from(t)), false, t);
  });
});

