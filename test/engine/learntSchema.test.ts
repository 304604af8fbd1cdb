/**
 * The columns a DynamicFrame read of uploaded JSON files infers, known from the upload's line-shape scan
 * (jsonShapeScan.ts learns each field's kinds, learntSchema.ts says the columns) instead of a `DESCRIBE` over every
 * record: every learnt schema is held to that `DESCRIBE`'s answer (runNodes.ts inferJsonColumns, the definition) on
 * the very same files, in the three ways they are read (an S3 source, a catalog table, spark.read) — over sets of
 * files made of every kind of value and line: integers at the edges of 18 and 19 digits, fractions, exponents,
 * `-0`, booleans, nulls, strings DuckDB detects as dates, times, timestamps, UUIDs or numbers, escapes, fields
 * missing in some records, of one kind in one file and another in the next, null in every record, nested values,
 * keys equal but for case, 199 and 200 keys, sparse keys (DuckDB's MAP inference), blank and non-object lines, and
 * long runs of one shape whose kinds change (the typed templates). Where the scan learns nothing the `DESCRIBE`
 * decides, as before; where it learns, it must never differ.
 */
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanJsonShape } from '../../src/core/targets/local/jsonShapeScan';
import { learntJsonColumns, type LearntTypes } from '../../src/core/targets/local/learntSchema';
import { inferJsonColumns } from '../../src/core/targets/local/sourceReads';
import { JSON_READ_MODES, READ_CONTEXT, seededRandom } from './helpers';

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-learnt-schema-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  conn = await instance.connect();
});
after(async () => {
  conn.closeSync();
  instance.closeSync();
  await fs.rm(dir, { recursive: true, force: true });
});

const rc = READ_CONTEXT;
const MODES = JSON_READ_MODES;

let sets = 0;

/**
 * Writes the texts as the files of one read and holds what the scan learnt of them to the `DESCRIBE` of each way of
 * reading them; returns the learnt columns (undefined when the scan learnt nothing certain).
 */
async function holdToDuckDb(texts: readonly string[]): Promise<string | undefined> {
  const folder = path.join(dir, `set${String(sets++).padStart(4, '0')}`);
  await fs.mkdir(folder);
  const files: string[] = [];
  const types: LearntTypes[] = [];
  let all = true;
  for (const [i, text] of texts.entries()) {
    const file = path.join(folder, `f${String(i).padStart(3, '0')}.json`);
    await fs.writeFile(file, text);
    files.push(file);
    const shape = scanJsonShape(Buffer.from(text));
    if (shape?.types === undefined) all = false;
    else types.push(shape.types);
  }
  const learnt = all ? learntJsonColumns(types) : undefined;
  if (learnt === undefined) return undefined;
  for (const [how, mode] of MODES) {
    const described = await inferJsonColumns(conn, files, rc, 'test', 1, false, mode).catch((e: unknown) => `(fails: ${String(e)})`);
    const expected = mode.sparkReader ? described.replace(/: 'JSON'/g, ": 'VARCHAR'") : described;
    const got: string = mode.sparkReader ? learntJsonColumns(types, true)!.replace(/: 'JSON'/g, ": 'VARCHAR'") : learnt;
    assert.equal(got, expected, `${how}: ${JSON.stringify(texts.map((t) => t.slice(0, 300)))}`);
  }
  return learnt;
}

const lines = (...objects: string[]) => objects.join('\n') + '\n';

const random = seededRandom;

describe('the types an upload learns of JSON files are the DESCRIBE of a DynamicFrame read', () => {
  it('each kind of value, and each mix of kinds, in one file', async () => {
    const cases: [string, string | undefined][] = [
      // Glue's reader: a whole number that fits in 32 bits an int, a larger one a long (the developer guide's
      // legislators sample prints `|-- seats: int` for organizations.json), a field of both a choice
      // (SuperCowPowers/workbench issue #287, "AWS Glue: flow_id (int AND long)"), of ints and doubles too
      [lines('{"a":1}', '{"a":-0}', '{"a":2147483647}', '{"a":-2147483648}'), "'a': 'INTEGER'"],
      [lines('{"a":2147483648}', '{"a":-2147483649}', '{"a":123456789012345678}', '{"a":-123456789012345678}', '{"a":9999999999}'), "'a': 'BIGINT'"],
      [lines('{"a":1}', '{"a":-0}', '{"a":123456789012345678}', '{"a":-123456789012345678}'), "'a': 'JSON'"],
      [lines('{"a":2147483647}', '{"a":2147483648}'), "'a': 'JSON'"],
      [lines('{"a":-2147483649}', '{"a":-2147483648}'), "'a': 'JSON'"],
      [lines('{"a":1000000000}', '{"a":-1999999999}', '{"a":2147483639}', '{"a":2147483600}'), "'a': 'INTEGER'"],
      [lines('{"a":2147483650}', '{"a":-2147483700}', '{"a":3000000000}', '{"a":2147490000}'), "'a': 'BIGINT'"],
      [lines('{"a":1.5}', '{"a":-0.0}', '{"a":1e5}', '{"a":2E-3}', '{"a":1.0}'), "'a': 'DOUBLE'"],
      [lines('{"a":1}', '{"a":1.5}'), "'a': 'JSON'"],
      [lines('{"a":1.5}', '{"a":1}', '{"a":null}'), "'a': 'JSON'"],
      [lines('{"a":1.5}', '{"a":12345678901}'), "'a': 'JSON'"],
      [lines('{"a":true}', '{"a":false}', '{"a":null}'), "'a': 'BOOLEAN'"],
      [lines('{"a":null}', '{"a":null}'), "'a': 'VARCHAR'"],
      [lines('{"a":"x"}', '{"a":null}'), "'a': 'VARCHAR'"],
      // strings DuckDB detects as something else: a string to Glue's reader
      [lines('{"a":"2020-01-01"}', '{"a":"2021-12-31"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"2020-01-01 10:00:00"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"2020-01-01T10:00:00.123Z"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"10:00:00"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"123"}', '{"a":"-5"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"true"}'), "'a': 'VARCHAR'"],
      [lines('{"a":"with \\"escapes\\" \\u0041 \\n"}'), "'a': 'VARCHAR'"],
      [lines('{"a":""}'), "'a': 'VARCHAR'"],
      // two kinds: Glue's ChoiceType
      [lines('{"a":1}', '{"a":"x"}'), "'a': 'JSON'"],
      [lines('{"a":"2020-01-01"}', '{"a":1}'), "'a': 'JSON'"],
      [lines('{"a":1.5}', '{"a":true}'), "'a': 'JSON'"],
      [lines('{"a":1}', '{"a":false}', '{"a":null}'), "'a': 'JSON'"],
      [lines('{"a":"x"}', '{"a":true}'), "'a': 'JSON'"],
      [lines('{"a":"x"}', '{"a":1}', '{"a":2.5}', '{"a":true}'), "'a': 'JSON'"],
      // fields missing in some records, in the order of their first appearance
      [lines('{"b":1,"a":"x"}', '{"c":true,"a":"y"}', '{"a":"z"}'), "'b': 'INTEGER', 'a': 'VARCHAR', 'c': 'BOOLEAN'"],
      // spaces and tabs between the tokens, blank lines (skipped by DuckDB's reader)
      [' { "a" : 1 , "b":\t"x" }\t\n\n   \n\t\n{"a":2,"b":"y"}\n', "'a': 'INTEGER', 'b': 'VARCHAR'"],
      [lines('{"a":1}', '{"a":2}').slice(0, -1), "'a': 'INTEGER'"],
      // not learnt: the DESCRIBE decides
      [lines('{"a":1234567890123456789}'), undefined],
      [lines('{"a":-1234567890123456789}'), undefined],
      [lines('{"a":9223372036854775808}'), undefined],
      [lines('{"a":123456789012345678901234}'), undefined],
      [lines('{"a":{"b":1}}'), undefined],
      [lines('{"a":[1,2]}'), undefined],
      [lines('{"a":1}', '{"a":[]}'), undefined],
      [lines('{"a":1}', '[1,2]'), undefined],
      [lines('{"a":1}', 'x'), undefined],
      [lines('{"a":1}', 'null'), undefined],
      [lines('{"a":1,"a":2}'), undefined],
      [lines('{"a":1,"A":2}'), undefined],
      [lines('{"A":1}', '{"a":2}'), undefined],
      [lines('{"":1}'), undefined],
      [lines('{}', '{"a":1}'), undefined],
      [lines('{}'), undefined],
      ['', undefined],
      ['\n\n', undefined],
    ];
    for (const [text, expected] of cases) {
      const got = await holdToDuckDb([text]);
      assert.equal(got, expected, JSON.stringify(text));
    }
  });

  it('across files: kinds in one file and another, nulls in one, new fields in later files, keys equal but for case', async () => {
    const cases: [string[], string | undefined][] = [
      [[lines('{"a":1}'), lines('{"a":1.5}')], "'a': 'JSON'"],
      [[lines('{"a":1}'), lines('{"a":5000000000}')], "'a': 'JSON'"],
      [[lines('{"a":null}'), lines('{"a":1}')], "'a': 'INTEGER'"],
      [[lines('{"a":1}'), lines('{"a":null}')], "'a': 'INTEGER'"],
      [[lines('{"a":null}'), lines('{"a":true}')], "'a': 'BOOLEAN'"],
      [[lines('{"a":null}'), lines('{"a":"x"}')], "'a': 'VARCHAR'"],
      [[lines('{"a":null}'), lines('{"a":null}')], "'a': 'VARCHAR'"],
      [[lines('{"a":1}'), lines('{"a":"x"}')], "'a': 'JSON'"],
      [[lines('{"a":"x"}'), lines('{"a":"2020-01-01"}')], "'a': 'VARCHAR'"],
      [[lines('{"b":1}', '{"a":2}'), lines('{"c":3,"a":1}')], "'b': 'INTEGER', 'a': 'INTEGER', 'c': 'INTEGER'"],
      [[lines('{"x":1.5,"y":"u"}'), lines('{"y":"v","z":false}'), lines('{"w":null,"x":2.5}')], "'x': 'DOUBLE', 'y': 'VARCHAR', 'z': 'BOOLEAN', 'w': 'VARCHAR'"],
      [[lines('{"A":1}'), lines('{"a":2}')], undefined],
      [[lines('{"a":1}'), lines('{"a":{"b":1}}')], undefined],
      [[lines('{"a":1}'), lines('{"a":1}', 'x')], undefined],
    ];
    for (const [texts, expected] of cases) assert.equal(await holdToDuckDb(texts), expected, JSON.stringify(texts));
  });

  it('where DuckDB infers a MAP (200 fields or more, fields that appear in few records), nothing is learnt', async () => {
    const obj = (n: number, from = 0) => `{${Array.from({ length: n }, (_, i) => `"k${from + i}":${i}`).join(',')}}`;
    assert.ok((await holdToDuckDb([lines(obj(199))])) !== undefined, '199 fields: a struct, learnt');
    assert.equal(await holdToDuckDb([lines(obj(200))]), undefined);
    assert.equal(await holdToDuckDb([lines(obj(100), obj(100, 100))]), undefined);
    assert.equal(await holdToDuckDb(Array.from({ length: 20 }, (_, i) => lines(obj(1, i)))), undefined);
    // one field per record of 11 (an average appearance under 10%: DuckDB's MAP) and of 5 (a struct: learnt only
    // when every record holds more than a tenth of the fields)
    assert.equal(await holdToDuckDb([lines(...Array.from({ length: 11 }, (_, i) => obj(1, i)))]), undefined);
    assert.ok((await holdToDuckDb([lines(...Array.from({ length: 5 }, (_, i) => obj(1, i)))])) !== undefined);
    assert.ok((await holdToDuckDb([lines(obj(3), obj(3, 3), obj(3, 6))])) !== undefined);
  });

  it('long runs of one shape whose kinds change midway (the typed templates take only the kinds seen so far)', async () => {
    const run = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
    const texts = [
      `${run(5000, (i) => `{"u":"a${i}","t":${i},"x":${i % 7}}`)}\n{"u":"b","t":1,"x":0.5}\n${run(5000, (i) => `{"u":"c","t":${i},"x":${i}}`)}\n`,
      `${run(3000, () => '{"a":null,"b":1}')}\n${run(3000, () => '{"a":true,"b":2}')}\n${run(10, () => '{"a":null,"b":3}')}\n`,
      `${run(3000, () => '{"a":null,"b":1}')}\n{"a":"x","b":2}\n${run(3000, () => '{"a":1,"b":2}')}\n`,
      `${run(3000, (i) => `{"a":${i},"b":"s"}`)}\n{"a":12345678901234567890,"b":"s"}\n${run(3000, (i) => `{"a":${i},"b":"s"}`)}\n`,
      `${run(3000, (i) => `{"a":${i},"b":"s"}`)}\n{"a":1,"b":{"n":1}}\n${run(3000, (i) => `{"a":${i},"b":"s"}`)}\n`,
      `${run(3000, (i) => `{ "a" : ${i} , "b" : "s" }`)}\n${run(3000, (i) => `{"a":${i}.5,"b":"s"}`)}\n`,
      // whole numbers of one size, then one of the other, then the first again (int and long: a choice)
      `${run(3000, (i) => `{"a":${i},"b":${2147483000 + i}}`)}\n{"a":2147483648,"b":1}\n${run(3000, (i) => `{"a":${i},"b":${2147483000 + i}}`)}\n`,
      `${run(3000, (i) => `{"a":${1655564444103 + i},"b":-${2147483649 + i}}`)}\n${run(3000, (i) => `{"a":${1655564444103 + i},"b":-${2147483649 + i}}`)}\n`,
      `${run(3000, (i) => `{"a":${1655564444103 + i},"b":-${2147483649 + i}}`)}\n{"a":1655564444103,"b":-2147483648}\n`,
    ];
    assert.equal(await holdToDuckDb([texts[0]!]), "'u': 'VARCHAR', 't': 'INTEGER', 'x': 'JSON'");
    assert.equal(await holdToDuckDb([texts[1]!]), "'a': 'BOOLEAN', 'b': 'INTEGER'");
    assert.equal(await holdToDuckDb([texts[2]!]), "'a': 'JSON', 'b': 'INTEGER'");
    assert.equal(await holdToDuckDb([texts[6]!]), "'a': 'JSON', 'b': 'JSON'");
    assert.equal(await holdToDuckDb([texts[7]!]), "'a': 'BIGINT', 'b': 'BIGINT'");
    assert.equal(await holdToDuckDb([texts[8]!]), "'a': 'BIGINT', 'b': 'JSON'");
    assert.equal(await holdToDuckDb([texts[3]!]), undefined);
    assert.equal(await holdToDuckDb([texts[4]!]), undefined);
    assert.equal(await holdToDuckDb([texts[5]!]), "'a': 'JSON', 'b': 'VARCHAR'");
    // and the shape the scan gives is unchanged by learning the types: the same as DuckDB's (jsonShapeScan.test.ts)
    assert.deepEqual(scanJsonShape(Buffer.from(texts[0]!))!.keys, ['u', 't', 'x']);
  });

  it('on random sets of files of every kind of value and line', async () => {
    const rnd = random(20261207);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const KEYS = ['a', 'b', 'user', 'timeStamp', 'x', 'Y', 'k.e*y', 'sp ace', '$^|?+'];
    const VALUES: (() => string)[] = [
      () => String(Math.floor(rnd() * 2e12) - 1e12),
      () => pick(['0', '-0', '999999999999999999', '-999999999999999999', '1000000000000000000', '9223372036854775807', '-9223372036854775808']),
      () => (rnd() * 10 - 5).toFixed(1 + Math.floor(rnd() * 4)),
      () => pick(['1e5', '-2.5E-3', '0.0', '1E+2', `1.${'0'.repeat(99)}`]),
      () => pick(['true', 'false']),
      () => 'null',
      () => `"${pick(['', 'x', 'Olga.Moreau@test.com', '2020-01-01', '2020-01-01 10:00:00', '10:00', '123', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'esc\\"aped'])}"`,
      () => pick(['{"n":1}', '[1]', '[]', '{}']),
    ];
    // most files keep a kind per key (as data does); some mix
    const texts: string[][] = [];
    for (let s = 0; s < 120; s++) {
      const kindOf = new Map(KEYS.map((k) => [k, Math.floor(rnd() * (VALUES.length - (rnd() < 0.8 ? 1 : 0)))]));
      const files: string[] = [];
      for (let f = 0, n = 1 + Math.floor(rnd() * 3); f < n; f++) {
        const keys = [pick(KEYS), ...KEYS.filter(() => rnd() < 0.5)].filter((k, i, all) => all.indexOf(k) === i);
        const out: string[] = [];
        for (let i = 0, m = 1 + Math.floor(rnd() * 30); i < m; i++) {
          const ks = rnd() < 0.8 ? keys : keys.filter((_, i) => i === 0 || rnd() < 0.7);
          const sp = rnd() < 0.2 ? ' ' : '';
          const value = (k: string) => (rnd() < 0.03 ? pick(VALUES)() : rnd() < 0.1 ? 'null' : VALUES[kindOf.get(k)!]!());
          out.push(`{${ks.map((k) => `${sp}"${k}"${sp}:${sp}${value(k)}`).join(',')}}`);
          if (rnd() < 0.02) out.push(pick(['', '  ', 'x', '[1]']));
        }
        files.push(out.join('\n') + (rnd() < 0.9 ? '\n' : ''));
      }
      texts.push(files);
    }
    let learnt = 0;
    for (const t of texts) if ((await holdToDuckDb(t)) !== undefined) learnt++;
    // plain sets are learnt: a good share of these
    assert.ok(learnt > 15, `learnt only ${learnt} of ${texts.length} sets`);
  });
});
