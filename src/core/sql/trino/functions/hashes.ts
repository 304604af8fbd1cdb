/**
 * Trino's non-cryptographic hashes of varbinary, bit for bit, for the local engine's DuckDB functions
 * (targets/local/duck.ts): DuckDB has none of them. Trino's VarbinaryFunctions call airlift's slice hashes:
 * - `murmur3(x)`: MurmurHash3 x64 128-bit with seed 0 (airlift `Murmur3Hash128.hash`), its two 64-bit halves h1, h2
 *   written little-endian — 16 bytes;
 * - `xxhash64(x)`: XXH64 with seed 0 (airlift `XxHash64.hash`), written big-endian (`Long.reverseBytes` into a
 *   little-endian slice) — 8 bytes;
 * - `spooky_hash_v2_64(x)` / `spooky_hash_v2_32(x)`: Bob Jenkins' SpookyHash V2 with seeds 0 (airlift
 *   `SpookyHashV2.hash64` / `hash32`), big-endian — 8 / 4 bytes;
 * - `crc32(x)`: the CRC-32 of zlib (java.util.zip.CRC32), a bigint.
 * The reference algorithms are the authors' (Austin Appleby's MurmurHash3.cpp, Yann Collet's xxhash.h, Bob Jenkins'
 * SpookyV2.cpp); the test vectors are Trino's (TestVarbinaryFunctions: testMurmur3, testXxhash64, testSpookyHash,
 * testCrc32) and its documentation's (binary.md: murmur3).
 */

const MASK = 0xffffffffffffffffn;

const rotl = (x: bigint, r: number): bigint => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const add = (a: bigint, b: bigint): bigint => (a + b) & MASK;

function le64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]!);
  return v;
}

function le32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

function putLe64(out: Uint8Array, i: number, v: bigint): void {
  for (let k = 0; k < 8; k++) out[i + k] = Number((v >> BigInt(8 * k)) & 0xffn);
}

function putBe64(out: Uint8Array, i: number, v: bigint): void {
  for (let k = 0; k < 8; k++) out[i + 7 - k] = Number((v >> BigInt(8 * k)) & 0xffn);
}

// ---------------------------------------------------------------- MurmurHash3 x64 128

const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function fmix64(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

/** Trino's murmur3(x): MurmurHash3_x64_128 with seed 0, h1 and h2 little-endian. */
export function murmur3(data: Uint8Array): Uint8Array {
  const len = data.length;
  let h1 = 0n;
  let h2 = 0n;
  const blocks = Math.floor(len / 16);
  for (let i = 0; i < blocks; i++) {
    let k1 = le64(data, i * 16);
    let k2 = le64(data, i * 16 + 8);
    k1 = mul(rotl(mul(k1, C1), 31), C2);
    h1 ^= k1;
    h1 = add(mul(add(rotl(h1, 27), h2), 5n), 0x52dce729n);
    k2 = mul(rotl(mul(k2, C2), 33), C1);
    h2 ^= k2;
    h2 = add(mul(add(rotl(h2, 31), h1), 5n), 0x38495ab5n);
  }
  const tail = blocks * 16;
  const rest = len & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let i = rest - 1; i >= 8; i--) k2 ^= BigInt(data[tail + i]!) << BigInt((i - 8) * 8);
  if (rest > 8) {
    k2 = mul(rotl(mul(k2, C2), 33), C1);
    h2 ^= k2;
  }
  for (let i = Math.min(rest, 8) - 1; i >= 0; i--) k1 ^= BigInt(data[tail + i]!) << BigInt(i * 8);
  if (rest > 0) {
    k1 = mul(rotl(mul(k1, C1), 31), C2);
    h1 ^= k1;
  }
  h1 ^= BigInt(len);
  h2 ^= BigInt(len);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  const out = new Uint8Array(16);
  putLe64(out, 0, h1);
  putLe64(out, 8, h2);
  return out;
}

// ---------------------------------------------------------------- XXH64

const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const round = (acc: bigint, input: bigint): bigint => mul(rotl(add(acc, mul(input, P2)), 31), P1);
const mergeRound = (acc: bigint, v: bigint): bigint => add(mul(acc ^ round(0n, v), P1), P4);

/** XXH64 of the bytes with seed 0, as an unsigned 64-bit value. */
export function xxh64(data: Uint8Array): bigint {
  const len = data.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = add(P1, P2);
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & MASK;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, le64(data, i));
      v2 = round(v2, le64(data, i + 8));
      v3 = round(v3, le64(data, i + 16));
      v4 = round(v4, le64(data, i + 24));
    }
    h = add(add(rotl(v1, 1), rotl(v2, 7)), add(rotl(v3, 12), rotl(v4, 18)));
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else h = P5;
  h = add(h, BigInt(len));
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, le64(data, i));
    h = add(mul(rotl(h, 27), P1), P4);
  }
  if (i + 4 <= len) {
    h ^= mul(le32(data, i), P1);
    h = add(mul(rotl(h, 23), P2), P3);
    i += 4;
  }
  for (; i < len; i++) {
    h ^= mul(BigInt(data[i]!), P5);
    h = mul(rotl(h, 11), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

/** Trino's xxhash64(x): XXH64 with seed 0, big-endian. */
export function xxhash64(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  putBe64(out, 0, xxh64(data));
  return out;
}

// ---------------------------------------------------------------- CRC-32

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Trino's crc32(x): zlib's CRC-32 (java.util.zip.CRC32), 0 … 2^32-1. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
