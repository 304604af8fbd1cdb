/**
 * The names of the local engine's own DuckDB functions (targets/local/engineFunctions.ts) that the Trino
 * translation calls where DuckDB has no equal of a Trino function.
 */
export const ENGINE_FUNCTIONS = {
  jsonParse: 'lakehouse_trino_json_parse',
  murmur3: 'lakehouse_murmur3',
  xxhash64: 'lakehouse_xxhash64',
  crc32: 'lakehouse_crc32',
  spooky64: 'lakehouse_spooky_hash_v2_64',
  spooky32: 'lakehouse_spooky_hash_v2_32',
  sha512: 'lakehouse_sha512',
  hmacMd5: 'lakehouse_hmac_md5',
  hmacSha1: 'lakehouse_hmac_sha1',
  hmacSha256: 'lakehouse_hmac_sha256',
  hmacSha512: 'lakehouse_hmac_sha512',
  soundex: 'lakehouse_trino_soundex',
  levenshtein: 'lakehouse_trino_levenshtein',
} as const;
