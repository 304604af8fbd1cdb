/**
 * The order Athena shows a map's entries in. A map has no order of its own (Trino's docs, functions/map.md); its text
 * is written from the Java object the Trino client makes of it — a `java.util.HashMap` filled entry by entry in the
 * order the engine sent them (trinodb/trino client/trino-client/src/main/java/io/trino/client/FixJsonDataUtils.java,
 * `new HashMap<>()`; the key a `String` for varchar, date, timestamp, decimal…, an `Integer`, `Long`, `Double`…
 * for numbers) — so the entries show in HashMap's iteration order: by slot of the hash table (`hash ^ hash >>> 16`,
 * masked by the table's size: 16, doubled whenever more than 3/4 full), keys of one slot in the order they were put.
 * Athena's own pages show it: `MAP(ARRAY['first', 'last', 'age'], ARRAY['Bob', 'Smith', '35'])` is
 * `{last=Smith, first=Bob, age=35}` (https://docs.aws.amazon.com/athena/latest/ug/arrays-create-maps.html).
 *
 * Plain TypeScript without Node APIs: the results grid's webview bundles it.
 */

/** `String.hashCode()`: over UTF-16 code units, as JavaScript strings are. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `Long.hashCode(v)`: `(int) (v ^ (v >>> 32))`. */
export function javaLongHash(v: bigint): number {
  const bits = BigInt.asUintN(64, v);
  return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
}

const view = new DataView(new ArrayBuffer(8));

/** `Double.hashCode(v)`: of `doubleToLongBits` (every NaN the canonical one). */
export function javaDoubleHash(v: number): number {
  if (Number.isNaN(v)) return javaLongHash(0x7ff8000000000000n);
  view.setFloat64(0, v);
  return javaLongHash(view.getBigUint64(0));
}

/** `Float.hashCode(v)`: `floatToIntBits`. */
export function javaFloatHash(v: number): number {
  if (Number.isNaN(v)) return 0x7fc00000;
  view.setFloat32(0, v);
  return view.getInt32(0);
}

/**
 * The Java kind of a map key of a Trino type, as the client makes it: a number's boxed type, a boolean, or the text
 * (every type the client keeps as a `String`). `undefined`: a key whose hash is not the value's (varbinary is a
 * `byte[]`, hashed by identity: its order changes from run to run) or that is not modelled here (array, row).
 */
export type JavaKeyKind = 'int' | 'long' | 'double' | 'float' | 'boolean' | 'string';

const KEY_KINDS: Record<string, JavaKeyKind> = {
  tinyint: 'int',
  smallint: 'int',
  integer: 'int',
  int: 'int',
  bigint: 'long',
  double: 'double',
  real: 'float',
  float: 'float',
  boolean: 'boolean',
  varchar: 'string',
  char: 'string',
  json: 'string',
  date: 'string',
  time: 'string',
  'time with time zone': 'string',
  timestamp: 'string',
  'timestamp with time zone': 'string',
  'interval year to month': 'string',
  'interval day to second': 'string',
  ipaddress: 'string',
  uuid: 'string',
  decimal: 'string',
};

/** The Java kind of a key of the Trino type named `typeName` (`varchar`, `timestamp with time zone`). */
export function javaKeyKind(typeName: string): JavaKeyKind | undefined {
  return KEY_KINDS[typeName];
}

/** The Java hash of a key given as its text (`42`, `1.5`, `true`, `abc`), by its kind. */
export function javaKeyHash(text: string, kind: JavaKeyKind): number {
  switch (kind) {
    case 'int':
      return Number(text) | 0;
    case 'long':
      return javaLongHash(BigInt(text));
    case 'double':
      return javaDoubleHash(Number(text));
    case 'float':
      return javaFloatHash(Number(text));
    case 'boolean':
      return text === 'true' ? 1231 : 1237;
    case 'string':
      return javaStringHash(text);
  }
}

/**
 * The positions of a map's entries in HashMap's iteration order, from their keys' Java hashes in the order they
 * were put; `undefined` where HashMap's order is not this model's: a slot that would hold more than 8 keys (Java
 * turns it into a tree, whose order is another).
 */
export function hashMapOrder(hashes: readonly number[]): number[] | undefined {
  const n = hashes.length;
  let capacity = 16;
  const spread = hashes.map((h) => h ^ (h >>> 16));
  // put one by one: a slot reaching 9 keys is made a tree (or the table grows early); the table doubles past 3/4
  let counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const slot = spread[i]! & (capacity - 1);
    const c = counts.get(slot) ?? 0;
    if (c >= 8) return undefined;
    counts.set(slot, c + 1);
    if (i + 1 > capacity * 0.75) {
      capacity *= 2;
      counts = new Map();
      for (let j = 0; j <= i; j++) {
        const s = spread[j]! & (capacity - 1);
        counts.set(s, (counts.get(s) ?? 0) + 1);
      }
    }
  }
  const order = [...hashes.keys()];
  // a stable sort: keys of one slot keep the order they were put in (a resize keeps it too)
  return order.sort((a, b) => (spread[a]! & (capacity - 1)) - (spread[b]! & (capacity - 1)));
}
