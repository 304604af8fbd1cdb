/**
 * The order a java.util.HashMap iterates its keys in — the order of the Python dict PySpark's collect() gives for a
 * Spark map. Spark 3.3's EvaluatePython.toJava (sql/core/…/execution/python/EvaluatePython.scala) turns a MapData
 * into `new java.util.HashMap[Any, Any](map.numElements())`, putting the entries in the map's order, and Pyrolite's
 * Pickler.put_map writes `for (Object k : o.keySet())` — so the dict's keys (Python keeps insertion order) are in
 * the HashMap's iteration order: by bucket (the key's hashCode spread `h ^ (h >>> 16)`, masked by the table size),
 * then in insertion order within a bucket. The table (OpenJDK 8's HashMap: tableSizeFor, resize, putVal) starts at
 * tableSizeFor(numElements), its threshold 0.75 of its size, and doubles when the size passes it (a split keeps each
 * bucket's order); a bucket reaching 8 entries in a table of 64 or more becomes a tree, whose order is not followed
 * here (undefined is returned).
 *
 * The keys' hashCode is Java's for the objects toJava gives: a StringType a java.lang.String (over its UTF-16 code
 * units, `s[0]*31^(n-1) + … + s[n-1]` in 32 bits), an IntegerType/ShortType/ByteType the boxed value (its value), a
 * LongType a Long (`(int)(v ^ (v >>> 32))`), a BooleanType a Boolean (1231 true, 1237 false). Other key types:
 * undefined.
 */

export type JavaKey = { t: 'string'; v: string } | { t: 'int'; v: number } | { t: 'long'; v: bigint } | { t: 'boolean'; v: boolean };

/** java.lang.String.hashCode, Integer/Short/Byte.hashCode, Long.hashCode, Boolean.hashCode (32-bit signed). */
export function javaHashCode(k: JavaKey): number {
  switch (k.t) {
    case 'string': {
      let h = 0;
      for (let i = 0; i < k.v.length; i++) h = (Math.imul(h, 31) + k.v.charCodeAt(i)) | 0;
      return h;
    }
    case 'int':
      return k.v | 0;
    case 'long':
      return Number(BigInt.asIntN(32, k.v ^ (BigInt.asUintN(64, k.v) >> 32n)));
    case 'boolean':
      return k.v ? 1231 : 1237;
  }
}

/** HashMap.tableSizeFor: the power of two at or above c (1 for 0 or 1). */
function tableSizeFor(c: number): number {
  let n = 1;
  while (n < c) n *= 2;
  return n;
}

const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/**
 * The positions (into `keys`, which are put in that order into `new HashMap(initialCapacity)`, by default
 * keys.length as toJava has it) in the order the map iterates them; undefined where a bucket would become a tree.
 * The keys are distinct (a Spark map's are).
 */
export function javaHashMapOrder(keys: readonly JavaKey[], initialCapacity = keys.length): number[] | undefined {
  const hashes = keys.map((k) => {
    const h = javaHashCode(k);
    return h ^ (h >>> 16);
  });
  // new HashMap(n): threshold = tableSizeFor(n); the first put's resize makes the table that size
  let cap = 0;
  let threshold = tableSizeFor(initialCapacity);
  let bins: number[][] = [];
  const resize = (): void => {
    let newCap: number;
    let newThr = 0;
    if (cap > 0) {
      newCap = cap * 2;
      if (cap >= 16) newThr = threshold * 2;
    } else newCap = threshold;
    if (newThr === 0) newThr = Math.trunc(newCap * 0.75);
    const next: number[][] = Array.from({ length: newCap }, () => []);
    // a split keeps the relative order of a bucket's entries (its lo and hi lists)
    for (const bin of bins) for (const i of bin) next[hashes[i]! & (newCap - 1)]!.push(i);
    bins = next;
    cap = newCap;
    threshold = newThr;
  };
  let size = 0;
  for (let i = 0; i < keys.length; i++) {
    if (cap === 0) resize();
    const bin = bins[hashes[i]! & (cap - 1)]!;
    bin.push(i);
    // putVal: appending to a bucket that held TREEIFY_THRESHOLD entries calls treeifyBin, which resizes a small table
    if (bin.length > TREEIFY_THRESHOLD) {
      if (cap < MIN_TREEIFY_CAPACITY) resize();
      else return undefined;
    }
    if (++size > threshold) resize();
  }
  return bins.flat();
}

/** The Java object Pyrolite unpickles a Python dict key into: str a String, bool a Boolean, int an Integer (32 bits) or a Long. */
export function pickledKey(k: { py: string; v?: unknown }): JavaKey | undefined {
  if (k.py === 'str') return { t: 'string', v: String(k.v) };
  if (k.py === 'bool') return { t: 'boolean', v: k.v === true };
  if (k.py === 'int' && typeof k.v === 'number' && Number.isSafeInteger(k.v)) return k.v >= -2147483648 && k.v <= 2147483647 ? { t: 'int', v: k.v } : { t: 'long', v: BigInt(k.v) };
  return undefined;
}

/**
 * The order of a Python dict's entries in the Spark map spark.createDataFrame makes of it (PySpark 3.3): the rows are
 * pickled (the dict as EMPTY_DICT, then its entries in its order with SETITEMS, batched by 1000), unpickled in the JVM
 * by Pyrolite — `load_empty_dictionary` a `new HashMap(0)`, `load_setitems` popping the entries from the stack (the
 * last first) into a `new HashMap()` and `dict.putAll` of it (HashMap.putMapEntries: an empty map pre-sized to
 * tableSizeFor((int)(n / 0.75f + 1))) — and EvaluatePython.makeFromJava builds ArrayBasedMapData in the order the
 * java.util.Map iterates. The positions into `keys` (the dict's order); undefined when not followed (a key type
 * other than str, int, bool; more than one batch; a bucket turned into a tree). A dict of one entry is pickled with
 * SETITEM, put alone.
 */
export function pickledDictOrder(keys: readonly JavaKey[]): number[] | undefined {
  if (keys.length <= 1) return keys.map((_, i) => i);
  if (keys.length > 1000) return undefined;
  const reversed = keys.map((_, i) => keys.length - 1 - i);
  const newItems = javaHashMapOrder(reversed.map((i) => keys[i]!), 16);
  if (newItems === undefined) return undefined;
  const staged = newItems.map((j) => reversed[j]!);
  const presize = Math.trunc(Math.fround(Math.fround(keys.length / 0.75) + 1));
  const order = javaHashMapOrder(staged.map((i) => keys[i]!), presize);
  return order?.map((j) => staged[j]!);
}
