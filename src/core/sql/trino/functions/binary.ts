/**
 * Binary functions (trinodb/trino docs/src/main/sphinx/functions/binary.md): varbinary is DuckDB's BLOB. Hashes
 * give bytes (DuckDB's md5/sha give hex text: decoded back); to_hex writes upper case.
 */
import { failure, sql, type Sql } from '../../dialects/emit';
import { ENGINE_FUNCTIONS as E } from './engineNames';
import { custom, fn, type FunctionTable } from './registry';

/** little-endian hex of the low `bytes` bytes of an integer */
function leHex(x: Sql, bytes: number): Sql {
  const parts = Array.from({ length: bytes }, (_, k) => sql`lpad(to_hex((${x} >> ${String(8 * k)}) & 255), 2, '0')`);
  return parts.reduce((a, b) => sql`${a} || ${b}`);
}

/** A text's bytes in UTF-16LE or UTF-32LE, no byte order mark (Java's UTF_16LE/UTF_32LE; JSON's ENCODING UTF16/UTF32). */
export function encodeUtf(text: Sql, bits: 16 | 32): Sql {
  const unit =
    bits === 32
      ? sql`lambda c: ${leHex('c', 4)}`
      : sql`lambda c: CASE WHEN c < 65536 THEN ${leHex('c', 2)} ELSE ${leHex(sql`(55296 + ((c - 65536) >> 10))`, 2)} || ${leHex(sql`(56320 + ((c - 65536) & 1023))`, 2)} END`;
  return sql`CASE WHEN ${text} IS NULL THEN NULL ELSE unhex(array_to_string(list_transform(list_transform(range(1, length(${text}) + 1), lambda i: unicode(substring(${text}, i, 1))), ${unit}), '')) END`;
}

/** UTF-16LE or UTF-32LE bytes as text (surrogate pairs joined). */
export function decodeUtf(bytes: Sql, bits: 16 | 32): Sql {
  const width = bits / 8;
  const hex = sql`hex(${bytes})`;
  // the code units, each read from its little-endian hex digits
  const unitAt = (i: Sql) =>
    sql`CAST('0x' || ${Array.from({ length: width }, (_, k) => sql`substring(${hex}, 2 * (${i}) * ${String(width)} + ${String(2 * (width - 1 - k) + 1)}, 2)`).reduce((a, b) => sql`${a} || ${b}`)} AS BIGINT)`;
  if (bits === 32) return sql`CASE WHEN ${bytes} IS NULL THEN NULL ELSE array_to_string(list_transform(range(0, octet_length(${bytes}) // 4), lambda i: chr(CAST(${unitAt('i')} AS INTEGER))), '') END`;
  const u = (i: Sql) => unitAt(i);
  return sql`CASE WHEN ${bytes} IS NULL THEN NULL ELSE array_to_string(list_transform(range(0, octet_length(${bytes}) // 2), lambda i: CASE WHEN ${u('i')} BETWEEN 55296 AND 56319 THEN chr(CAST(65536 + (${u('i')} - 55296) * 1024 + (${u('i + 1')} - 56320) AS INTEGER)) WHEN ${u('i')} BETWEEN 56320 AND 57343 THEN '' ELSE chr(CAST(${u('i')} AS INTEGER)) END), '') END`;
}

export const BINARY: FunctionTable = {
  to_hex: fn('varbinary -> varchar', (b) => sql`upper(hex(${b}))`),
  from_hex: fn('varchar -> varbinary', (s) => sql`CASE WHEN length(${s}) % 2 <> 0 THEN ${failure("'invalid input length'")} WHEN NOT regexp_full_match(${s}, '[0-9A-Fa-f]*') THEN ${failure("'invalid hex character'")} ELSE unhex(${s}) END`),
  to_base64: fn('varbinary -> varchar', (b) => sql`to_base64(${b})`),
  // Java's Base64 decoder (Trino's VarbinaryFunctions.fromBase64Varchar) does not require the padding, DuckDB's does:
  // a text of 4n+2 or 4n+3 characters is padded (4n+1 fails in both)
  from_base64: custom(['varchar -> varbinary', 'varbinary -> varbinary'], (c) => {
    const s = c.args[0]!.sql;
    return c.args[0]!.type.kind === 'varchar' ? sql`from_base64(CASE WHEN length(${s}) % 4 IN (2, 3) THEN ${s} || repeat('=', 4 - length(${s}) % 4) ELSE ${s} END)` : sql`from_base64(${s})`;
  }),
  to_base64url: fn('varbinary -> varchar', (b) => sql`replace(replace(to_base64(${b}), '+', '-'), '/', '_')`),
  from_base64url: fn('varchar -> varbinary', (s) => sql`from_base64(replace(replace(${s}, '-', '+'), '_', '/'))`),
  md5: fn('varbinary -> varbinary', (b) => sql`unhex(md5(${b}))`),
  sha1: fn('varbinary -> varbinary', (b) => sql`unhex(sha1(${b}))`),
  sha256: fn('varbinary -> varbinary', (b) => sql`unhex(sha256(${b}))`),
  // the engine's JavaScript functions (targets/local/engineFunctions.ts; the algorithms: hashes.ts)
  sha512: fn('varbinary -> varbinary', (b) => sql`${E.sha512}(${b})`),
  hmac_md5: fn('varbinary, varbinary -> varbinary', (b, k) => sql`${E.hmacMd5}(${b}, ${k})`),
  hmac_sha1: fn('varbinary, varbinary -> varbinary', (b, k) => sql`${E.hmacSha1}(${b}, ${k})`),
  hmac_sha256: fn('varbinary, varbinary -> varbinary', (b, k) => sql`${E.hmacSha256}(${b}, ${k})`),
  hmac_sha512: fn('varbinary, varbinary -> varbinary', (b, k) => sql`${E.hmacSha512}(${b}, ${k})`),
  murmur3: fn('varbinary -> varbinary', (b) => sql`${E.murmur3}(${b})`),
  xxhash64: fn('varbinary -> varbinary', (b) => sql`${E.xxhash64}(${b})`),
  crc32: fn('varbinary -> bigint', (b) => sql`${E.crc32}(${b})`),
  spooky_hash_v2_64: fn('varbinary -> varbinary', (b) => sql`${E.spooky64}(${b})`),
  spooky_hash_v2_32: fn('varbinary -> varbinary', (b) => sql`${E.spooky32}(${b})`),
};
