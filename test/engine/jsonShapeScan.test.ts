/**
 * The fast path of the JSON line-shape scan (jsonShapeScan.ts) against its definition, DuckDB's scan (jsonKeys.ts
 * `duckdbShapes`): on files made of lines of every kind — objects, arrays, blank and white-space lines, text that is
 * not JSON, malformed JSON of many sorts, keys twice, escapes, numbers at the edges of a double, control characters,
 * carriage returns, bytes outside ASCII, deep nesting — whenever the fast path gives an answer it is DuckDB's answer.
 * Where it cannot be sure it gives none (and DuckDB decides); it must still decide the plain files data is made of.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { duckdbShapes, type DataFile, type JsonFileShape } from '../../src/core/targets/local/jsonKeys';
import { scanJsonShape } from '../../src/core/targets/local/jsonShapeScan';
import { KIND_BOOL, KIND_DOUBLE, KIND_INT, KIND_LONG, KIND_NULL, KIND_STRING } from '../../src/core/targets/local/learntSchema';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { seededRandom, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;
before(async () => {
  project = await tempProject('shapes');
  t = await project.open();
});
after(async () => {
  await project.cleanup();
});

const OBJECTS = [
  '{"a":1}',
  '{"a":1,"b":"x"}',
  '{ "user" : "u@x.com" , "x" : -0.5e3 , "y":0, "z":-0.0 }',
  '{"A":1,"a":2}',
  '{"a":1,"a":2}',
  '{}',
  '{ }',
  '{"n":null,"t":true,"f":false}',
  '{"nested":{"a":[1,{"b":2}],"c":{}},"d":[]}',
  '\t{"tab":1}\t',
  '  {"sp":1}  ',
  '{"big":12345678901234567890123}',
  '{"e":1E+2,"f":2e-5,"g":0.000001}',
  '{"s":"with \\" quote, \\\\ backslash, \\/ slash, \\n \\t \\b \\f \\r"}',
  '{"u":"\\u00e9\\u0041"}',
  '{"customerName":"Ann","email":"ann@x","shareWithResearchAsOfDate":1655564376361}',
  '{"CUSTOMERNAME":"Bo","Email":"bo@x"}',
  `{"deep":${'['.repeat(100)}1${']'.repeat(100)}}`,
];
const ARRAYS = ['[1,2]', ' [ ]', '[{"a":1}]', '["x",null,true]', '[[[]]]'];
const BLANK = ['', '   ', '\t', 'x', 'null', '123', '"str"', 'abc {"a":1}', '} {', '#comment'];
const TRICKY = [
  // malformed in the strict grammar (DuckDB may or may not accept some)
  '{"a":1,}',
  "{'a':1}",
  '{"a":01}',
  '{"a":+1}',
  '{"a":.5}',
  '{"a":1.}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-Infinity}',
  '{"a":1} x',
  '{"a":1}{"b":2}',
  '{"a" 1}',
  '{a:1}',
  '{"a":"tab\there"}',
  '{"a":"x\\q"}',
  '{"a":"\\u12"}',
  '[1,2',
  '[1,]',
  '{"a":[1,2}',
  '{',
  '[',
  '{"a":tru}',
  '{"a":nul}',
  '{"a":-}',
  '{"a":1e}',
  '{"a":1e+}',
  '{"a":-01}',
  '{"a":0x10}',
  '{"a":1 /* c */}',
  '{"a":1} // c',
  // numbers a double cannot hold
  '{"big":1e400}',
  '{"tiny":1e-400}',
  `{"long":${'9'.repeat(400)}}`,
  // escapes the fast path leaves to DuckDB
  '{"sur":"\\ud83d\\ude00"}',
  '{"lone":"\\ud800"}',
  '{"esc\\u0041key":1}',
  '{"nul\\u0000key":1}',
  // bytes and characters
  '{"uni":"é"}',
  'é{"a":4}',
  '{"ключ":1}',
  '{"a":1}\r',
  '\r{"a":1}',
  'x\ry',
  '\u000b{"vt":1}',
  '\u0001{"ctl":1}',
  '{"a":"\u0001"}',
  '\u00a0{"nbsp":1}',
  // nesting deeper than the fast path goes
  `${'['.repeat(300)}${']'.repeat(300)}`,
  `{"d":${'{"e":'.repeat(300)}1${'}'.repeat(300)}}`,
];

const random = seededRandom;

// (the shape without the fields' kinds, which DuckDB's scan does not give: test/engine/learntSchema.test.ts holds them)
const sorted = ({ types: _types, ...s }: JsonFileShape) => ({ ...s, keys: [...s.keys].sort() });
const fastDecided = (text: string) => scanJsonShape(Buffer.from(text)) !== undefined;

/**
 * Writes each text as a file of `folder` and holds the fast scan's answer for each file it decides to DuckDB's own
 * answer for that file; returns how many files the fast scan decided.
 */
async function holdToDuckDb(folder: string, prefix: string, texts: string[]): Promise<{ decided: number; files: number }> {
  const dir = path.join(t.dataDir, folder);
  await fs.mkdir(dir, { recursive: true });
  const files: DataFile[] = [];
  for (const [i, text] of texts.entries()) {
    const file = path.join(dir, `${prefix}${String(i).padStart(4, '0')}.json`);
    await fs.writeFile(file, text);
    const st = await fs.stat(file);
    files.push({ path: file, size: st.size, mtimeMs: st.mtimeMs });
  }
  const conn = await t.queries.connect();
  let duck: Map<string, JsonFileShape>;
  try {
    duck = await duckdbShapes(conn, files);
  } finally {
    conn.closeSync();
  }
  let decided = 0;
  for (const [i, f] of files.entries()) {
    const fast = scanJsonShape(await fs.readFile(f.path));
    if (fast === undefined) continue;
    decided++;
    assert.deepEqual(sorted(fast), sorted(duck.get(f.path)!), `file ${i}: ${JSON.stringify(texts[i]!.slice(0, 2000))}`);
  }
  return { decided, files: files.length };
}

describe('the fast JSON line-shape scan gives DuckDB\'s answer or none', () => {
  it('on files of lines of every kind', async () => {
    const rnd = random(20261206);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const texts: string[] = ['', '\n', '\n\n\n', 'a', 'a\n\n', OBJECTS.join('\n'), ARRAYS.join('\n'), BLANK.join('\n'), `\ufeff${OBJECTS[0]}`];
    // every tricky line on its own, amid plain ones
    for (const line of TRICKY) texts.push(line, `${OBJECTS[0]}\n${line}\n${OBJECTS[1]}\n`);
    for (let f = 0; f < 400; f++) {
      const n = 1 + Math.floor(rnd() * 12);
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = rnd();
        lines.push(r < 0.55 ? pick(OBJECTS) : r < 0.7 ? pick(ARRAYS) : r < 0.88 ? pick(BLANK) : pick(TRICKY));
      }
      texts.push(lines.join('\n') + (rnd() < 0.7 ? '\n' : rnd() < 0.5 ? '\n\n' : ''));
    }
    const { decided, files } = await holdToDuckDb('shapes', 'f', texts);
    // it must take the plain files: a good share of these (most random files hold a tricky line)
    assert.ok(decided > 40, `the fast path decided only ${decided} of ${files} files`);
  });

  it('on runs of lines of one shape (the templates) broken by lines that differ in every way', async () => {
    const rnd = random(20261207);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const KEY_LISTS = [['user', 'timestamp', 'x', 'y', 'z'], ['sensorReadingTime', 'serialNumber', 'distanceFromObject'], ['a'], [], ['a', 'A'], ['a', 'b', 'a'], ['k.e*y', '(x)', '$^|?+', 'sp ace', '[]{}']];
    const sp = () => (rnd() < 0.85 ? '' : pick([' ', '\t', '  ', ' \t ']));
    const plain = () =>
      pick([
        () => `"${pick(['', 'Olga.Moreau@test.com', 'a b', '!#$%&()*+,-./:;<=>?@[]^_`{|}~', "'"])}"`,
        () => String(Math.floor(rnd() * 2e12) - 1e12),
        () => (rnd() * 10 - 5).toFixed(Math.floor(rnd() * 4)),
        () => pick(['0', '-0', '0.5', '-0.000', '9'.repeat(99), `1.${'0'.repeat(99)}`, `-${'9'.repeat(99)}.${'9'.repeat(99)}`]),
        () => pick(['true', 'false', 'null']),
      ])();
    // values the templates do not take: read in full, with whatever answer that gives
    const OTHER = [
      '1e5', '-2.5E-3', '1e400', '9'.repeat(100), `0.${'1'.repeat(100)}`, '9'.repeat(301), '01', '1.', '-', '+1', '.5', 'tru', 'nul', 'NaN',
      '"esc\\"aped"', '"x\\q"', '"\\u0041"', '"\\ud800"', '"tab\there"', '"\u0001"', '"é"', '"\u007f"', '{"n":1}', '[1,2]', '{}', '[]', '"x"}',
    ];
    const other = () => pick(OTHER);
    const line = (keys: readonly string[], value: () => string) =>
      `${sp()}{${sp()}${keys.map((k) => `"${k}"${sp()}:${sp()}${value()}${sp()}`).join(`,${sp()}`)}}${sp()}`;
    const odd = (keys: readonly string[]) =>
      pick([
        () => line(keys, () => (rnd() < 0.5 ? other() : plain())),
        () => line(keys.length ? keys.map((k, i) => (i === 0 ? k.toUpperCase() : k)) : ['a'], plain),
        () => line([...keys].reverse(), plain),
        () => line([...keys, 'extra'], plain),
        () => line(keys.slice(1), plain),
        () => line(keys, plain).replace(/}\s*$/, ',}'),
        () => `${line(keys, plain)}\r`,
        () => `${line(keys, plain)} x`,
        () => pick(['', '  ', 'x', '[1]', '#', 'null']),
      ])();
    const texts: string[] = [];
    for (let f = 0; f < 150; f++) {
      const lines: string[] = [];
      for (let run = 0, runs = 1 + Math.floor(rnd() * 4); run < runs; run++) {
        const keys = pick(KEY_LISTS);
        for (let i = 0, n = 1 + Math.floor(rnd() * 40); i < n; i++) lines.push(line(keys, plain));
        if (rnd() < 0.6) lines.push(odd(keys));
      }
      texts.push(lines.join('\n') + (rnd() < 0.8 ? '\n' : ''));
    }
    // each of them amid lines of each shape
    for (const v of OTHER)
      for (const keys of KEY_LISTS.filter((k) => k.length > 0)) {
        const run = () => Array.from({ length: 3 }, () => line(keys, plain));
        const at = Math.floor(rnd() * keys.length);
        texts.push([...run(), `{${keys.map((k, i) => `"${k}":${i === at ? v : plain()}`).join(',')}}`, ...run()].join('\n') + '\n');
      }
    // lines of 1–2 MiB in a run (each measured: none is longer than DuckDB's line reader takes)
    texts.push(`{"a":"x"}\n{"a":"${'x'.repeat(1.5 * 2 ** 20)}"}\n{"a":"${'y'.repeat(2 ** 21 - 16)}"}\n{"a":"z"}\n`);
    const { decided, files } = await holdToDuckDb('templates', 't', texts);
    assert.ok(decided > 50, `the fast path decided only ${decided} of ${files} files`);
    assert.ok(fastDecided(texts[texts.length - 1]!), 'the file of long lines is decided');
  });

  it('on files whose lines go from one key list to another at random (optional keys: the template of every list)', async () => {
    const rnd = random(20261208);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    // the STEDI customer records' shape: fixed keys, then optional ones in a fixed order; and lists that share a
    // beginning and differ in the middle, keys equal but for case, a key twice, none
    const BASE = ['customerName', 'email', 'phone', 'birthDay', 'serialNumber', 'registrationDate', 'lastUpdateDate'];
    const OPTIONAL = ['shareWithResearchAsOfDate', 'shareWithPublicAsOfDate', 'shareWithFriendsAsOfDate'];
    const FAMILIES: (() => string[])[] = [
      () => [...BASE, ...OPTIONAL.filter(() => rnd() < 0.5)],
      () => ['a', ...(rnd() < 0.5 ? ['b'] : ['c']), 'd'],
      () => pick([['a'], ['a', 'b'], ['a', 'B'], ['A', 'b'], ['a', 'A'], ['a', 'b', 'a'], []]),
    ];
    const value = () =>
      pick([
        () => `"${pick(['', 'Olga Moreau', 'Olga.Moreau@test.com', '8015551212', '1930-10-08'])}"`,
        () => String(1.65e12 + Math.floor(rnd() * 1e10)),
        () => (rnd() * 10 - 5).toFixed(1 + Math.floor(rnd() * 3)),
        () => pick(['true', 'false', 'null', '0', '-0', '1e5', '"esc\\"aped"', '{"n":1}', '[]', '12345678901234567890']),
      ])();
    const texts: string[] = [];
    for (let f = 0; f < 80; f++) {
      const family = pick(FAMILIES);
      // a file keeps a kind per key (as data does), with now and then another
      const kinds = new Map<string, () => string>();
      const valueOf = (k: string) => (rnd() < 0.03 ? value() : (kinds.get(k) ?? kinds.set(k, pick([() => `"${k}-x"`, () => String(Math.floor(rnd() * 1e6)), () => (rnd() * 9).toFixed(2), () => 'null'])).get(k)!)());
      const sp = rnd() < 0.2 ? ' ' : '';
      const lines: string[] = [];
      for (let i = 0, n = 20 + Math.floor(rnd() * 400); i < n; i++) {
        const r = rnd();
        if (r < 0.01) lines.push(pick(['', '  ', 'x', '[1,2]', '{"a":1,}', `{"new${i}":1}`]));
        else lines.push(`${sp}{${family().map((k) => `"${k}"${sp}:${sp}${valueOf(k)}`).join(`,${sp}`)}}`);
      }
      texts.push(lines.join('\n') + (rnd() < 0.9 ? '\n' : ''));
    }
    const { decided, files } = await holdToDuckDb('lists', 'l', texts);
    assert.ok(decided > 40, `the fast path decided only ${decided} of ${files} files`);
  });

  it('learns what only the last line of a long file of several key lists has: a key, a key twice but for case, a kind', () => {
    const decide = (text: string) => scanJsonShape(Buffer.from(text));
    // ~6 MiB of lines going between three key lists at random (many pieces of text, many template matches)
    const rnd = random(20261209);
    const LISTS = [['a', 'b'], ['a', 'b', 'c'], ['a', 'c']];
    const body = Array.from({ length: 150_000 }, (_, i) => {
      const keys = LISTS[Math.floor(rnd() * 3)]!;
      return `{${keys.map((k) => `"${k}":${k === 'b' ? `"s${i}"` : i}`).join(',')}}`;
    }).join('\n');
    const shape = (last: string) => {
      const s = decide(`${body}\n${last}\n`)!;
      assert.ok(s !== undefined, last);
      return { ...s, keys: [...s.keys].sort() };
    };
    const plain = { blank: 0, malformed: 0, arrays: 0, duplicateKeys: 0, caseDuplicateKeys: 0 };
    // the last line repeats a list: what the file holds (kinds: a, c integers; b a string)
    assert.deepEqual(shape('{"a":1,"c":2}'), { keys: ['a', 'b', 'c'], ...plain, types: { fields: [['a', KIND_INT], ['b', KIND_STRING], ['c', KIND_INT]], minKeys: 2, sized: true } });
    // a key no other line has
    assert.deepEqual(shape('{"a":1,"b":"x","z":3}').keys, ['a', 'b', 'c', 'z']);
    assert.deepEqual(shape('{"a":1,"b":"x","z":3}').types?.fields.at(-1), ['z', KIND_INT]);
    // a list of fewer keys
    assert.equal(shape('{"a":1}').types?.minKeys, 1);
    // keys equal but for case, and a key twice
    assert.deepEqual(shape('{"a":1,"A":2}'), { keys: ['A', 'a', 'b', 'c'], ...plain, caseDuplicateKeys: 1 });
    assert.deepEqual(shape('{"a":1,"b":"x","a":2}'), { keys: ['a', 'b', 'c'], ...plain, duplicateKeys: 1, caseDuplicateKeys: 1 });
    // another kind for a key of a known list: a double, a null, a boolean
    assert.deepEqual(shape('{"a":1.5,"c":2}').types?.fields[0], ['a', KIND_INT | KIND_DOUBLE]);
    assert.deepEqual(shape('{"a":1,"b":null}').types?.fields[1], ['b', KIND_STRING | KIND_NULL]);
    assert.deepEqual(shape('{"a":1,"b":"x","c":true}').types?.fields[2], ['c', KIND_INT | KIND_BOOL]);
    // a whole number that does not fit in 32 bits (a long to Glue's reader)
    assert.deepEqual(shape('{"a":2147483648,"c":2}').types?.fields[0], ['a', KIND_INT | KIND_LONG]);
    // a line that is not an object, or not JSON
    assert.deepEqual(shape('[1]').arrays, 1);
    assert.equal(decide(`${body}\n{"a":1,"c":2,}\n`), undefined);
  });

  it('counts every line of a long run of one shape, and leaves a line longer than 2 MiB to DuckDB', () => {
    const decide = (text: string) => scanJsonShape(Buffer.from(text));
    // far more lines than one match of a template takes
    const n = 200_000;
    assert.deepEqual(sorted(decide('{"a":1,"A":2}\n'.repeat(n))!), { keys: ['A', 'a'], blank: 0, malformed: 0, arrays: 0, duplicateKeys: 0, caseDuplicateKeys: n });
    assert.deepEqual(sorted(decide(`${'{"a":1,"a":2}\n'.repeat(n)}\n${'{"a":3,"a":4}\n'.repeat(3)}`)!), {
      keys: ['a'],
      blank: 1,
      malformed: 0,
      arrays: 0,
      duplicateKeys: n + 3,
      caseDuplicateKeys: n + 3,
    });
    assert.deepEqual(sorted(decide('{}\n'.repeat(n))!), { keys: [], blank: 0, malformed: 0, arrays: 0, duplicateKeys: 0, caseDuplicateKeys: 0 });
    // DuckDB's line reader takes lines of up to 2 MiB by default: a longer one, even amid lines of its shape, is DuckDB's
    const long = `{"a":"${'x'.repeat(2 ** 21)}"}`;
    assert.equal(decide(`{"a":"b"}\n${long}\n{"a":"c"}\n`), undefined);
    assert.equal(decide(`${'{"a":"b"}\n'.repeat(1000)}${long}\n`), undefined);
  });

  it('decides plain data files: objects, arrays, blank lines, keys twice; leaves the rest to DuckDB', () => {
    const decide = (text: string) => scanJsonShape(Buffer.from(text));
    assert.deepEqual(sorted(decide(`${OBJECTS.join('\n')}\n${ARRAYS.join('\n')}\n${BLANK.join('\n')}\n`)!), {
      keys: ['A', 'CUSTOMERNAME', 'Email', 'a', 'b', 'big', 'customerName', 'd', 'deep', 'e', 'email', 'f', 'g', 'n', 'nested', 's', 'shareWithResearchAsOfDate', 'sp', 't', 'tab', 'u', 'user', 'x', 'y', 'z'],
      blank: BLANK.length,
      malformed: 0,
      arrays: ARRAYS.length,
      duplicateKeys: 1,
      caseDuplicateKeys: 2,
    });
    for (const line of TRICKY) assert.equal(decide(`${OBJECTS[0]}\n${line}\n`), undefined, JSON.stringify(line));
  });
});
