/**
 * pyspark.sql.functions over bytes — encode, concat of binary values, sha1/md5 of them, hex — as a hand-written Glue
 * job chains them (jergadi/aws-glue, job_member_captured_list_load_to_member.py @
 * b28dd528e21325f3bde26d9729f7658a32ab3d1f: `hex(sha1(concat(encode(df.id_number.cast("string"), "UTF-8"),
 * encode(df.first_name.cast("string"), "UTF-8"), …)))` after `from pyspark.sql.functions import *`), over small
 * hand-made data read with from_options. Expected values:
 * - the PySpark reference's examples (https://spark.apache.org/docs/3.5.0/api/python/reference/pyspark.sql/):
 *   functions.hex on `[('ABC', 3)]` → `hex(a)='414243'`, `hex(b)='3'`; functions.sha1 of 'ABC' →
 *   '3c01bdbb26f358bab27f267924aa2c9a03fcfdb8'; functions.encode("c", "UTF-8") of 'abcd' → the bytes 61 62 63 64
 *   (hex 61626364); hex of a long is Java's Long.toHexString in upper case (apache/spark mathExpressions.scala,
 *   Hex.hex(num: Long)), two's complement: -1 → FFFFFFFFFFFFFFFF;
 * - the chain worked out with Node's crypto (not the code under test): the UTF-8 bytes of "ABC" and "é" concatenated,
 *   their SHA-1 as Spark's sha1 returns it (lower-case hex text), then hex of that text (its ASCII bytes, upper case).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
const DATA = '{"a": "ABC", "b": 3, "c": "abcd", "d": "é", "n": -1}\n';
const READ = `src = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/bytes/"]}, format="json")
from pyspark.sql.functions import *
df = src.toDF()
`;
const WRITE = (out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(out_df, glueContext, "o"), connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})`;

before(async () => {
  p = await glueStudioProject('lh-bytes-');
  await p.target.storage.put(GS_BUCKET, 'bytes/b.json', Buffer.from(DATA));
});
after(() => p.close());

describe('encode, binary concat, sha1 and hex', () => {
  test("the reference's examples: hex of a string and of a long, sha1 of a string, hex of encode(…, 'UTF-8')", async () => {
    await p.runOk('bytes_doc', `${READ}out_df = df.select(hex("a").alias("ha"), hex("b").alias("hb"), hex(col("n")).alias("hn"), sha1("a").alias("sa"), hex(encode("c", "UTF-8")).alias("hc"))\n${WRITE('bytes_doc')}`);
    assert.deepEqual(await jsonRows(p.objects('out/bytes_doc')), [{ ha: '414243', hb: '3', hn: 'FFFFFFFFFFFFFFFF', sa: '3c01bdbb26f358bab27f267924aa2c9a03fcfdb8', hc: '61626364' }]);
  });

  test('the public script\'s chain: hex(sha1(concat(encode(a), encode(d)))) hashes the bytes, a non-ASCII string included', async () => {
    await p.runOk('bytes_chain', `${READ}out_df = df.select(hex(sha1(concat(encode(df.a.cast("string"), "UTF-8"), encode(df.d.cast("string"), "UTF-8")))).alias("h"), md5(encode(col("d"), "UTF-8")).alias("m"), concat(encode(col("a"), "UTF-8"), encode(col("d"), "UTF-8")).cast("string").alias("s"))\n${WRITE('bytes_chain')}`);
    const sha = createHash('sha1').update(Buffer.from('ABCé', 'utf8')).digest('hex');
    const want = Buffer.from(sha, 'ascii').toString('hex').toUpperCase();
    assert.deepEqual(await jsonRows(p.objects('out/bytes_chain')), [{ h: want, m: createHash('md5').update(Buffer.from('é', 'utf8')).digest('hex'), s: 'ABCé' }]);
  });

  test('encode to another charset is refused by name, in the SQL side\'s words; hex of a double is the SQL side\'s', async () => {
    const r = await p.run('bytes_refused', `${READ}out_df = df.select(encode("c", "UTF-16").alias("e"))\n${WRITE('bytes_refused')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /pyspark\.sql\.functions\.encode: encode with the character set UTF-16 is not supported by the local engine \(Spark has it\)/);
    // F.hex is the SQL hex (one translation): the same answer as expr("hex(b / 2)"), or the same refusal
    const d = await p.run('bytes_double', `${READ}out_df = df.select(hex(col("b") / 2).alias("f"), expr("hex(b / 2)").alias("s"))\n${WRITE('bytes_double')}`);
    if (d.state === 'SUCCEEDED') {
      const [row] = await jsonRows(p.objects('out/bytes_double'));
      assert.equal(row!['f'], row!['s']);
    } else assert.match(d.errorMessage ?? '', /not supported by the local engine/);
  });
});
