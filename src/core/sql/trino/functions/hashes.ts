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

// ---------------------------------------------------------------- SpookyHash V2

const SC = 0xdeadbeefdeadbeefn;

function shortMix(h: bigint[]): void {
  const r = [50, 52, 30, 41, 54, 48, 38, 37, 62, 34, 5, 36];
  for (let i = 0; i < 12; i++) {
    // h2 = rot(h2); h2 += h3; h0 ^= h2, with the four words turning round by one each step
    const a = (i + 2) % 4;
    const b = (i + 3) % 4;
    const c = i % 4;
    h[a] = add(rotl(h[a]!, r[i]!), h[b]!);
    h[c] = h[c]! ^ h[a]!;
  }
}

function shortEnd(h: bigint[]): void {
  const r = [15, 52, 26, 51, 28, 9, 47, 54, 32, 25, 63];
  for (let i = 0; i < 11; i++) {
    // h3 ^= h2; h2 = rot(h2); h3 += h2, turning round as in shortMix
    const a = (i + 3) % 4;
    const b = (i + 2) % 4;
    h[a] = h[a]! ^ h[b]!;
    h[b] = rotl(h[b]!, r[i]!);
    h[a] = add(h[a]!, h[b]!);
  }
}

function spookyShort(data: Uint8Array, seed1: bigint, seed2: bigint): [bigint, bigint] {
  const len = data.length;
  let remainder = len % 32;
  const h = [seed1, seed2, SC, SC];
  let p = 0;
  if (len > 15) {
    const end = Math.floor(len / 32) * 32;
    for (; p < end; p += 32) {
      h[2] = add(h[2]!, le64(data, p));
      h[3] = add(h[3]!, le64(data, p + 8));
      shortMix(h);
      h[0] = add(h[0]!, le64(data, p + 16));
      h[1] = add(h[1]!, le64(data, p + 24));
    }
    if (remainder >= 16) {
      h[2] = add(h[2]!, le64(data, p));
      h[3] = add(h[3]!, le64(data, p + 8));
      shortMix(h);
      p += 16;
      remainder -= 16;
    }
  }
  h[3] = add(h[3]!, BigInt(len) << 56n);
  const byte = (i: number) => BigInt(data[p + i]!);
  if (remainder === 0) {
    h[2] = add(h[2]!, SC);
    h[3] = add(h[3]!, SC);
  } else if (remainder >= 12) {
    for (let i = remainder - 1; i >= 12; i--) h[3] = add(h[3]!, byte(i) << BigInt((i - 8) * 8));
    h[3] = add(h[3]!, le32(data, p + 8));
    h[2] = add(h[2]!, le64(data, p));
  } else if (remainder >= 8) {
    for (let i = remainder - 1; i >= 8; i--) h[3] = add(h[3]!, byte(i) << BigInt((i - 8) * 8));
    h[2] = add(h[2]!, le64(data, p));
  } else if (remainder >= 4) {
    for (let i = remainder - 1; i >= 4; i--) h[2] = add(h[2]!, byte(i) << BigInt(i * 8));
    h[2] = add(h[2]!, le32(data, p));
  } else {
    for (let i = remainder - 1; i >= 0; i--) h[2] = add(h[2]!, byte(i) << BigInt(i * 8));
  }
  shortEnd(h);
  return [h[0]!, h[1]!];
}

const MIX_ROT = [11, 32, 43, 31, 17, 28, 39, 57, 55, 54, 22, 46];
const END_ROT = [44, 15, 34, 21, 38, 33, 10, 13, 38, 53, 42, 54];

function mix(data: Uint8Array, at: number, s: bigint[]): void {
  for (let i = 0; i < 12; i++) {
    // s[i] += data[i]; s[i+2] ^= s[i+10]; s[i+11] ^= s[i]; s[i] = rot(s[i]); s[i+11] += s[i+1]
    s[i] = add(s[i]!, le64(data, at + 8 * i));
    s[(i + 2) % 12] = s[(i + 2) % 12]! ^ s[(i + 10) % 12]!;
    s[(i + 11) % 12] = s[(i + 11) % 12]! ^ s[i]!;
    s[i] = rotl(s[i]!, MIX_ROT[i]!);
    s[(i + 11) % 12] = add(s[(i + 11) % 12]!, s[(i + 1) % 12]!);
  }
}

function endPartial(h: bigint[]): void {
  for (let i = 0; i < 12; i++) {
    // h[i+11] += h[i+1]; h[i+2] ^= h[i+11]; h[i+1] = rot(h[i+1])
    const a = (i + 11) % 12;
    const b = (i + 1) % 12;
    const c = (i + 2) % 12;
    h[a] = add(h[a]!, h[b]!);
    h[c] = h[c]! ^ h[a]!;
    h[b] = rotl(h[b]!, END_ROT[i]!);
  }
}

/** SpookyHash V2's 128-bit hash (Bob Jenkins' SpookyV2.cpp Hash128): the two 64-bit words. */
export function spooky128(data: Uint8Array, seed1 = 0n, seed2 = 0n): [bigint, bigint] {
  const len = data.length;
  if (len < 192) return spookyShort(data, seed1, seed2);
  const h = [seed1, seed2, SC, seed1, seed2, SC, seed1, seed2, SC, seed1, seed2, SC];
  const whole = Math.floor(len / 96) * 96;
  for (let p = 0; p < whole; p += 96) mix(data, p, h);
  const last = new Uint8Array(96);
  last.set(data.subarray(whole));
  last[95] = len - whole;
  for (let i = 0; i < 12; i++) h[i] = add(h[i]!, le64(last, 8 * i));
  endPartial(h);
  endPartial(h);
  endPartial(h);
  return [h[0]!, h[1]!];
}

/** Trino's spooky_hash_v2_64(x): the first word of SpookyHash V2 with seeds 0, big-endian. */
export function spookyHashV2_64(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  putBe64(out, 0, spooky128(data)[0]);
  return out;
}

/** Trino's spooky_hash_v2_32(x): the low 32 bits of that word, big-endian. */
export function spookyHashV2_32(data: Uint8Array): Uint8Array {
  return spookyHashV2_64(data).subarray(4);
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
