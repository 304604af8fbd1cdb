/**
 * The local engine's own DuckDB scalar functions, written in JavaScript, for Trino functions DuckDB has no equal of
 * (registered once per DuckDB instance, for all its connections: duck.ts). The Trino translation calls them by the
 * names in `ENGINE_FUNCTIONS` (sql/trino/functions/engineNames.ts); no dialect lets a user's query name them (the
 * functions a query may call are allow-lists). NULL in, NULL out.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash, createHmac } from 'node:crypto';
import { ENGINE_FUNCTIONS as N } from '../../sql/trino/functions/engineNames';
import { crc32, murmur3, spookyHashV2_32, spookyHashV2_64, xxhash64 } from '../../sql/trino/functions/hashes';
import { trinoJsonParse } from '../../sql/trino/functions/jsonParse';
import { levenshteinCodePoints } from '../../sql/trino/functions/levenshtein';
import { trinoSoundex } from '../../sql/trino/functions/soundex';

type DuckModule = typeof import('@duckdb/node-api');
type Kind = 'varchar' | 'blob' | 'bigint';
type Value = string | Uint8Array | bigint | null;

interface EngineFunction {
  name: string;
  params: Kind[];
  returns: Kind;
  /** the value for non-NULL arguments (strings as text, blobs as bytes) */
  apply: (...args: (string | Uint8Array)[]) => Value;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);
const hmac = (algorithm: string) => (data: string | Uint8Array, key: string | Uint8Array) => bytes(createHmac(algorithm, key as Uint8Array).update(data as Uint8Array).digest());

const FUNCTIONS: EngineFunction[] = [
  // Trino's json_parse text of a JSON text (jsonParse.ts); NULL for a text that is not JSON (the SQL fails on it)
  { name: N.jsonParse, params: ['varchar'], returns: 'varchar', apply: (t) => trinoJsonParse(t as string) ?? null },
  { name: N.murmur3, params: ['blob'], returns: 'blob', apply: (b) => murmur3(b as Uint8Array) },
  { name: N.xxhash64, params: ['blob'], returns: 'blob', apply: (b) => xxhash64(b as Uint8Array) },
  { name: N.spooky64, params: ['blob'], returns: 'blob', apply: (b) => spookyHashV2_64(b as Uint8Array) },
  { name: N.spooky32, params: ['blob'], returns: 'blob', apply: (b) => spookyHashV2_32(b as Uint8Array) },
  { name: N.crc32, params: ['blob'], returns: 'bigint', apply: (b) => BigInt(crc32(b as Uint8Array)) },
  // the JDK's digests, which Trino calls (VarbinaryFunctions: Hashing.sha512(), Hashing.hmacMd5(key) …)
  { name: N.sha512, params: ['blob'], returns: 'blob', apply: (b) => bytes(createHash('sha512').update(b as Uint8Array).digest()) },
  { name: N.hmacMd5, params: ['blob', 'blob'], returns: 'blob', apply: hmac('md5') },
  { name: N.hmacSha1, params: ['blob', 'blob'], returns: 'blob', apply: hmac('sha1') },
  { name: N.hmacSha256, params: ['blob', 'blob'], returns: 'blob', apply: hmac('sha256') },
  { name: N.hmacSha512, params: ['blob', 'blob'], returns: 'blob', apply: hmac('sha512') },
  // Trino's soundex (soundex.ts); a text starting with \u0000 is the failure's message (the SQL fails with it)
  { name: N.soundex, params: ['varchar'], returns: 'varchar', apply: (t) => trinoSoundex(t as string) },
  // levenshtein_distance over code points (levenshtein.ts)
  { name: N.levenshtein, params: ['varchar', 'varchar'], returns: 'bigint', apply: (a, b) => BigInt(levenshteinCodePoints(a as string, b as string)) },
];

/** Registers the engine's functions on a connection (visible to every connection of its instance). */
export function registerEngineFunctions(conn: DuckDBConnection, duck: DuckModule): void {
  const type = (k: Kind) => (k === 'varchar' ? duck.VARCHAR : k === 'blob' ? duck.BLOB : duck.BIGINT);
  for (const f of FUNCTIONS) {
    conn.registerScalarFunction(
      duck.DuckDBScalarFunction.create({
        name: f.name,
        mainFunction: (_info, input, output) => {
          // rowCount is a call into DuckDB: read once a chunk
          const rows = input.rowCount;
          if (f.params.length === 1 && f.params[0] === 'varchar') {
            // one text argument (json_parse): no argument list per row
            const v = input.getColumnVector(0);
            for (let r = 0; r < rows; r++) {
              const text = v.getItem(r) as string | null;
              const value = text === null ? null : f.apply(text);
              output.setItem(r, value instanceof Uint8Array ? duck.blobValue(value) : value);
            }
            output.flush();
            return;
          }
          const vectors = f.params.map((_, i) => input.getColumnVector(i));
          for (let r = 0; r < rows; r++) {
            const args: (string | Uint8Array)[] = [];
            let isNull = false;
            for (let i = 0; i < vectors.length; i++) {
              const v = vectors[i]!.getItem(r) as unknown;
              if (v === null) {
                isNull = true;
                break;
              }
              args.push(f.params[i] === 'blob' ? (v as { bytes: Uint8Array }).bytes : (v as string));
            }
            const value = isNull ? null : f.apply(...args);
            output.setItem(r, value instanceof Uint8Array ? duck.blobValue(value) : value);
          }
          output.flush();
        },
        returnType: type(f.returns),
        parameterTypes: f.params.map(type),
      }),
    );
  }
}
