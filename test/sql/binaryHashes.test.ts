/**
 * Trino's hashes of varbinary, run by the local engine's own DuckDB functions (targets/local/engineFunctions.ts,
 * sql/trino/functions/hashes.ts). Expected values: trinodb/trino core/trino-main/src/test/java/io/trino/operator/
 * scalar/TestVarbinaryFunctions.java (commit 029c93b693c7a3dbff995062fb9997f4acd86d77: testMurmur3, testXxhash64,
 * testCrc32, testSha512, testHmacMd5 … testHmacSHA512), and for inputs longer than one block the algorithms'
 * published vectors: MurmurHash3_x64_128 of "The quick brown fox jumps over the lazy dog" is h1 0xe34bbc7bbc071b6c,
 * h2 0x7a433ca9c49a9347 (Guava's Murmur3Hash128Test, airlift's TestMurmur3Hash128), XXH64 of "Nobody inspects the
 * spammish repetition" is 0xfbcea83c8a378bf1 (python-xxhash's README); SpookyHash V2 128 with seeds 0 of the
 * 219 bytes of "The quick brown fox jumps over the lazy dog" five times (joined by spaces) is
 * F1B71C6AC5AF39E7B69363A60DD29C49 and of "The quick brown fox jumps over the lazy dog" 2B12E846AA0693C71D367E742407341B
 * (Wikipedia's SpookyHash examples, as the public TypeScript port in the code corpus tests them).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena } from './trinoRun';
import { murmur3, spooky128, xxhash64 } from '../../src/core/sql/trino/functions/hashes';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
/** Trino's varbinary as the CLI and Athena show it: bytes in lower-case hex, space-separated */
const shown = (upperHex: string) => upperHex.toLowerCase().replace(/(..)(?!$)/g, '$1 ');

describe("Trino's hashes of varbinary", () => {
  it('murmur3, xxhash64 and crc32 give TestVarbinaryFunctions\' values', async () => {
    const rows = (
      await athena(`SELECT murmur3(CAST('' AS VARBINARY)), murmur3(CAST('hashme' AS VARBINARY)), xxhash64(CAST('' AS VARBINARY)), xxhash64(CAST('hashme' AS VARBINARY)),
        crc32(to_utf8('CRC me!')), crc32(to_utf8('1234567890')), crc32(to_utf8('ABCDEFGHIJK')), crc32(to_utf8('ABCDEFGHIJKLM')), murmur3(CAST(NULL AS VARBINARY))`)
    ).rows;
    assert.deepEqual(rows, [
      [
        shown('00000000000000000000000000000000'),
        shown('93192FE805BE23041C8318F67EC4F2BC'),
        shown('EF46DB3751D8E999'),
        shown('F9D96E0E1165E892'),
        '38028046',
        '639479525',
        '1129618807',
        '4223167559',
        'NULL',
      ],
    ]);
  });

  it('sha512 and hmac_* give TestVarbinaryFunctions\' values', async () => {
    const rows = (
      await athena(`SELECT sha512(CAST('hashme' AS VARBINARY)), hmac_md5(CAST('hashme' AS VARBINARY), CAST('key' AS VARBINARY)), hmac_sha1(CAST('hashme' AS VARBINARY), CAST('key' AS VARBINARY)),
        hmac_sha256(CAST('' AS VARBINARY), CAST('key' AS VARBINARY)), hmac_sha512(CAST('hashme' AS VARBINARY), CAST('key' AS VARBINARY))`)
    ).rows;
    assert.deepEqual(rows, [
      [
        shown('8A4B59FB9188D09B989FF596AC9CEFBF2ED91DED8DCD9498E8BF2236814A92B23BE6867E7FC340880E514F8FDF97E1F147EA4B0FD6C2DA3557D0CF1C0B58A204'),
        shown('0A26EBEB0E7B65F528D96F7BC631BC8F'),
        shown('2E7C4C6AEFA7E69F106EEE3CE21944D0046D2F3D'),
        shown('5D5D139563C95B5967B9BD9A8C9B233A9DEDB45072794CD232DC1B74832607D0'),
        shown('FEFA712B67DED871E1ED987F8B20D6A69EB9FCC87974218B9A1A6D5202B54C18ECDA4839A979DED22F07E0881CF40B762691992D120408F49D6212E112509D72'),
      ],
    ]);
  });

  it('murmur3 of the documentation\'s example, from_base64 without padding (binary.md)', async () => {
    // binary.md: SELECT murmur3(from_base64('aaaaaa')); -- ba 58 55 63 55 69 b4 2f 49 20 37 2c a0 e3 96 ef
    assert.deepEqual((await athena(`SELECT murmur3(from_base64('aaaaaa'))`)).rows, [['ba 58 55 63 55 69 b4 2f 49 20 37 2c a0 e3 96 ef']]);
  });

  it('spooky_hash_v2_32 and spooky_hash_v2_64 give TestVarbinaryFunctions\' values', async () => {
    const rows = (await athena(`SELECT spooky_hash_v2_32(CAST('' AS VARBINARY)), spooky_hash_v2_32(CAST('hello' AS VARBINARY)), spooky_hash_v2_64(CAST('' AS VARBINARY)), spooky_hash_v2_64(CAST('hello' AS VARBINARY))`)).rows;
    assert.deepEqual(rows, [[shown('6BF50919'), shown('D382E6CA'), shown('232706FC6BF50919'), shown('3768826AD382E6CA')]]);
  });

  it('inputs longer than a block: the algorithms\' published vectors', () => {
    const spooky = (s: string) => spooky128(utf8(s)).map((w) => w.toString(16).padStart(16, '0')).join('');
    const fox = 'The quick brown fox jumps over the lazy dog';
    assert.equal(spooky(fox), '2b12e846aa0693c71d367e742407341b');
    // 219 bytes: SpookyHash's long path (192 bytes and more)
    assert.equal(spooky(Array(5).fill(fox).join(' ')), 'f1b71c6ac5af39e7b69363a60dd29c49');
    // h1 then h2, each little-endian (airlift Murmur3Hash128.hash writes them with Slice.setLong)
    assert.equal(hex(murmur3(utf8('The quick brown fox jumps over the lazy dog'))), '6c1b07bc7bbc4be347939ac4a93c437a');
    assert.equal(hex(xxhash64(utf8('Nobody inspects the spammish repetition'))), 'fbcea83c8a378bf1');
  });
});
