/**
 * The casts of Glue transforms — ApplyMapping (Change Schema) and ResolveChoice `cast:<type>` — of a fractional number
 * to a whole-number type drop the fraction (toward zero), as the JVM's narrowing conversion does (Java Language
 * Specification §5.1.3, "Narrowing Primitive Conversion": a double is rounded toward zero) and Spark's Cast with it
 * (apache/spark sql/catalyst/.../expressions/Cast.scala, castToLong for a DoubleType: `b.asInstanceOf[Double].toLong`).
 * DuckDB's own cast rounds (1.5 → 2), which gave another answer before. Expected values worked out by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-glue-casts-');
  // (as text: `7.0` keeps its fraction, a double to Glue's reader — JSON.stringify would write 7, an int, and x would
  // be a choice of int and double)
  const lines = ['{"id":1,"x":1.5,"v":1.5}', '{"id":2,"x":-1.5,"v":"a"}', '{"id":3,"x":2.5,"v":7}', '{"id":4,"x":7.0,"v":-2.75}'];
  await p.target.storage.put(GS_BUCKET, 'nums/nums.json', Buffer.from(lines.join('\n') + '\n'));
  const texts = [
    { id: 1, ts: '2024-03-10 02:30:00', n: '42', b: 'true', d: '12.50' },
    { id: 2, ts: '2024-03-10T02:30:00Z', n: '-7', b: 'FALSE', d: '' },
    { id: 3, ts: null, n: 'abc', b: null, d: '1e2' },
  ];
  await p.target.storage.put(GS_BUCKET, 'texts/t.json', Buffer.from(texts.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  await p.target.storage.put(GS_BUCKET, 'zoned/t.json', Buffer.from('{"id": 1, "ts": "2024-03-10T02:30:00+01:00"}\n'));
  await p.target.storage.put(GS_BUCKET, 'fraction/t.json', Buffer.from('{"id": 1, "n": "1.5"}\n'));
});
after(async () => {
  await p.close();
});

const READ = `src = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/nums/"]}, format="json")\n`;
const WRITE = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;
const rows = async (name: string, field: string) =>
  (await jsonRows(p.objects(`out/${name}`))).map((r) => [r['id'], r[field] ?? null] as [number, unknown]).sort((a, b) => a[0] - b[0]);

describe('a fractional number cast to a whole-number type by a Glue transform', () => {
  test('ApplyMapping double → long and → int: toward zero', async () => {
    await p.runOk('cast_map', `${READ}m = ApplyMapping.apply(frame=src, mappings=[("id", "long", "id", "long"), ("x", "double", "x", "long"), ("x", "double", "xi", "int")])\n${WRITE('m', 'cast_map')}`);
    assert.deepEqual(await rows('cast_map', 'x'), [[1, 1], [2, -1], [3, 2], [4, 7]]);
    assert.deepEqual(await rows('cast_map', 'xi'), [[1, 1], [2, -1], [3, 2], [4, 7]]);
  });

  // "When using the Change Schema transform with decimal datatype, the Change Schema transform modifies the precision
  // to the default value of (10,2)" (docs.aws.amazon.com/glue/latest/dg/transforms-configure-applymapping.html): Glue
  // Studio writes the bare "decimal". Text cast to decimal(10,2): 2.678 → 2.68, -0.124 → -0.12, 12345678.994 →
  // 12345678.99, and 123456789.5 needs 11 digits: null (Spark's cast of a value that does not fit; by hand)
  test('ApplyMapping to a bare "decimal": decimal(10,2), as the Change Schema page says', async () => {
    const lines = [{ id: 1, s: '2.678' }, { id: 2, s: '-0.124' }, { id: 3, s: '12345678.994' }, { id: 4, s: '123456789.5' }];
    await p.target.storage.put(GS_BUCKET, 'dec/dec.json', Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
    const read = READ.replace('/nums/', '/dec/');
    await p.runOk('cast_decimal', `${read}m = ApplyMapping.apply(frame=src, mappings=[("id", "long", "id", "long"), ("s", "string", "s", "decimal")])\n${WRITE('m', 'cast_decimal')}`);
    assert.deepEqual(await rows('cast_decimal', 's'), [[1, 2.68], [2, -0.12], [3, 12345678.99], [4, null]]);
  });

  test('ResolveChoice cast:long of a choice (numbers and text): the numbers toward zero, the text that is no number null', async () => {
    await p.runOk('cast_choice', `${READ}r = src.resolveChoice(specs=[("v", "cast:long")])\n${WRITE('r', 'cast_choice')}`);
    assert.deepEqual(await rows('cast_choice', 'v'), [[1, 1], [2, null], [3, 7], [4, -2]]);
  });
});

describe('ApplyMapping of text to another type', () => {
  // How ApplyMapping reads a string as a timestamp, a number or a boolean is not documented. Where Spark's cast
  // (apache/spark Cast.scala with DateTimeUtils.stringToTimestamp, UTF8String.toLong, StringUtils.isTrueString: the
  // most likely reading) and DuckDB's cast agree, that value is the answer; where they differ — a zone offset
  // ('2024-03-10T02:30:00+01:00' is 01:30 UTC for Spark, 02:30 for DuckDB's cast), '1.5' to an int (1 for Spark, 2
  // for DuckDB) — the run stops naming the field. Expected values by hand.
  const read = (dir: string) => `src = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/${dir}/"]}, format="json")\n`;
  test('plain texts both casts read alike give their value; text that is no value, and empty text, null', async () => {
    await p.runOk('text_map', `${read('texts')}m = ApplyMapping.apply(frame=src, mappings=[("id", "long", "id", "long"), ("ts", "string", "ts", "timestamp"), ("n", "string", "n", "long"), ("b", "string", "b", "boolean"), ("d", "string", "d", "decimal(10,2)")])\nm.toDF().createOrReplaceTempView("m")\nout = DynamicFrame.fromDF(spark.sql("select id, cast(ts as string) ts, n, b, cast(d as string) d from m"), glueContext, "out")\n${WRITE('out', 'text_map')}`);
    const got = (await jsonRows(p.objects('out/text_map'))).map((r) => ['id', 'ts', 'n', 'b', 'd'].map((k) => r[k] ?? null)).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(got, [
      [1, '2024-03-10 02:30:00', 42, true, '12.50'],
      [2, '2024-03-10 02:30:00', -7, false, null],
      [3, null, null, null, '100.00'],
    ]);
  });

  test('a zone offset, or a fraction to a whole number, stops the run naming the field', async () => {
    await assert.rejects(
      p.runOk('text_zoned', `${read('zoned')}m = ApplyMapping.apply(frame=src, mappings=[("ts", "string", "ts", "timestamp")])\n${WRITE('m', 'text_zoned')}`),
      /ApplyMapping of "ts" to timestamp cannot run on the local engine: a value of it is text that readings of it as a timestamp answer differently/,
    );
    await assert.rejects(
      p.runOk('text_fraction', `${read('fraction')}m = ApplyMapping.apply(frame=src, mappings=[("n", "string", "n", "int")])\n${WRITE('m', 'text_fraction')}`),
      /ApplyMapping of "n" to int cannot run on the local engine/,
    );
  });
});

describe('a number outside the whole-number type a Glue transform casts it to', () => {
  // The JVM narrows a long to an int by keeping its low 32 bits (3000000000 → -1294967296) and a double by clamping
  // (JLS §5.1.3), Spark's Cast does so (Cast.scala castToInt: `l.toInt`, `d.toInt`), DuckDB's TRY_CAST gives null, and
  // no page says which Glue's ApplyMapping or ResolveChoice cast gives (the medicare sample documents null only for "a
  // string that could not be cast"): the run stops naming the transform and the field; values that fit still run
  // (above). 3000000000 is a long to Glue's reader (more than 32 bits), 5 an int: `big` is a choice of int and long, `l` a long.
  const BIG = ['{"id":1,"big":5,"l":3000000001,"d":5.5}', '{"id":2,"big":3000000000,"l":3000000000,"d":3.0e10}'];
  const readBig = `src = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/big/"]}, format="json")\n`;
  before(async () => {
    await p.target.storage.put(GS_BUCKET, 'big/big.json', Buffer.from(BIG.join('\n') + '\n'));
  });
  test('ApplyMapping long → int and double → int of a value that does not fit stop the run, naming the field', async () => {
    await assert.rejects(
      p.runOk('range_map_long', `${readBig}m = ApplyMapping.apply(frame=src, mappings=[("id", "int", "id", "int"), ("l", "long", "l", "int")])\n${WRITE('m', 'range_map_long')}`),
      /ApplyMapping of "l" to int cannot run on the local engine: a value of it is a number outside that type's range, and whether Glue's cast wraps it .* or makes it null is not documented/,
    );
    await assert.rejects(
      p.runOk('range_map_double', `${readBig}m = ApplyMapping.apply(frame=src, mappings=[("id", "int", "id", "int"), ("d", "double", "d", "int")])\n${WRITE('m', 'range_map_double')}`),
      /ApplyMapping of "d" to int cannot run on the local engine: a value of it is a number outside that type's range/,
    );
  });
  test('ResolveChoice cast:int of a choice of int and long: the long stops the run (it was made null); cast:long runs', async () => {
    await assert.rejects(
      p.runOk('range_choice_int', `${readBig}r = src.resolveChoice(specs=[("big", "cast:int")])\n${WRITE('r', 'range_choice_int')}`),
      /ResolveChoice cast to int of "big" cannot run on the local engine: a value of it is a number outside that type's range/,
    );
    await p.runOk('range_choice_long', `${readBig}r = src.resolveChoice(specs=[("big", "cast:long")])\n${WRITE('r', 'range_choice_long')}`);
    assert.deepEqual(await rows('range_choice_long', 'big'), [
      [1, 5],
      [2, 3000000000],
    ]);
  });
});
