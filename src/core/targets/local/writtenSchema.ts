/**
 * The schema a DynamicFrame read of JSON files the engine wrote itself would infer, known from the write.
 *
 * A DynamicFrame over JSON takes the fields of every record (runNodes.ts inferJsonColumns: `DESCRIBE` over
 * `read_json(…, sample_size=-1)`, a full read of the files). When a job reads the output an earlier job wrote — the
 * usual pipeline — that read learns what the writer already knew: its columns, their names (lower case, as the
 * writer writes them) and types. This module says, from the writer's column types and the first records of the
 * files, what that `DESCRIBE` would answer, or `undefined` where the answer depends on more of the data than that:
 *
 * | written column (DuckDB type) | how DuckDB's JSON writer writes a value | read back as (once non-null in some record) |
 * | --- | --- | --- |
 * | TINYINT, SMALLINT, INTEGER, UTINYINT, USMALLINT | an integer (that fits in 32 bits) | INTEGER (Glue's int) |
 * | BIGINT, UINTEGER | an integer | by the values' sizes (nestedChoice.ts): INTEGER when every one fits in 32 bits, BIGINT (long) when none does, JSON (a choice of int and long) when both are there — read from every record (valueSizes, up to SIZE_BYTES of output) |
 * | FLOAT, DOUBLE | a number with `.0` or an exponent (`1.0`, `1e-300`) | DOUBLE |
 * | BOOLEAN | `true` / `false` | BOOLEAN |
 * | VARCHAR, DATE, TIME, TIMESTAMP…, INTERVAL, UUID, BLOB, BIT, ENUM | a string (DuckDB may read it as a date, a time, a UUID: Spark's reader, a string) | VARCHAR |
 * | a column NULL in every record | `null` | VARCHAR (a field of nulls only: runNodes.ts) |
 * | DECIMAL, HUGEINT, UBIGINT, UHUGEINT, JSON, structs, lists, maps, unions | depends on the values (`0` of a DECIMAL(18,0) is read back as an integer, a map as a struct of its keys …) | not known: the files are described |
 *
 * Not known either: a write whose doubles were not all finite (quoted as Spark does, nonFinite.ts: a field of
 * numbers and strings), a partitioned write, a write of no rows. A column is known to hold a value when one of the
 * first records read (up to {@link SCAN_BYTES}) has one; a column still NULL then is NULL in every record only when
 * every record was read, else the write is not known.
 */
import { promises as fs } from 'node:fs';
import { literal } from './duck';
import { INT_MAX_DIGITS, INT_MIN_DIGITS } from './learntSchema';

type Kind = 'int' | 'long' | 'double' | 'boolean' | 'string';

/** The table above, as DuckDB spells the types (DESCRIBE of the written SELECT). */
const KINDS: [RegExp, Kind][] = [
  [/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/, 'int'],
  [/^(BIGINT|UINTEGER)$/, 'long'],
  [/^(FLOAT|DOUBLE)$/, 'double'],
  [/^BOOLEAN$/, 'boolean'],
  [/^(VARCHAR|DATE|TIME|TIME WITH TIME ZONE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE|INTERVAL|UUID|BLOB|BIT)$/, 'string'],
  [/^ENUM\(/, 'string'],
];

/** the type a column of each kind is read back as, once it holds a value */
const READ_AS: Record<Kind, string> = { int: 'INTEGER', long: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN', string: 'VARCHAR' };

/** how much of the files' beginnings is read to find a value in each column */
export const SCAN_BYTES = 1 << 20;
/** how much of the files is read, at most, to learn the sizes of a BIGINT column's values (all of them: {@link valueSizes}) */
export const SIZE_BYTES = 64 << 20;

/** A written column: its name as the files spell it, its DuckDB type (`DESCRIBE` of the written SELECT). */
export interface WrittenColumn {
  name: string;
  duckType: string;
}

/**
 * The `columns={…}` text (`'name': 'TYPE', …`) a DynamicFrame read of the written files infers, or undefined when
 * it cannot be known without reading them all. `columns`: the written columns in order (names as written);
 * `files`: the written files, uncompressed, each a record per line.
 */
export async function writtenJsonColumns(columns: readonly WrittenColumn[], files: readonly string[]): Promise<string | undefined> {
  const kinds: Kind[] = [];
  for (const c of columns) {
    const kind = KINDS.find(([re]) => re.test(c.duckType))?.[1];
    if (kind === undefined) return undefined;
    kinds.push(kind);
  }
  if (columns.length === 0 || files.length === 0) return undefined;
  // the columns whose read type depends on whether they hold a value
  const unseen = new Set(columns.flatMap((c, i) => (kinds[i] === 'string' ? [] : [c.name])));
  // the BIGINT columns, whose read type depends on their values' sizes: int (32 bits) or long, or both (a choice)
  const sized = new Map(columns.flatMap((c, i) => (kinds[i] === 'long' ? [[c.name, { int: false, long: false }] as const] : [])));
  const scanned = await scanRecords(files, unseen).catch(() => undefined);
  if (scanned === undefined) return undefined;
  const { records, whole } = scanned;
  if (records === 0) return undefined;
  if (unseen.size > 0 && !whole) return undefined;
  if (sized.size > 0 && !(await valueSizes(files, sized).catch(() => false))) return undefined;
  return columns
    .map((c, i) => {
      const size = sized.get(c.name);
      const type = unseen.has(c.name) ? 'VARCHAR' : size === undefined ? READ_AS[kinds[i]!] : size.int && size.long ? 'JSON' : size.int ? 'INTEGER' : 'BIGINT';
      return `${literal(c.name)}: ${literal(type)}`;
    })
    .join(', ');
}

/**
 * The columns a spark.read of the written files infers, from {@link writtenJsonColumns}' (a DynamicFrame read's):
 * Spark's reader types every whole number long, so INTEGER — and JSON, which a write predicts only for a BIGINT
 * column of ints and longs — are BIGINT to it.
 */
export function sparkReadOfWritten(columns: string): string {
  return columns.replace(/: '(INTEGER|JSON)'/g, ": 'BIGINT'");
}

/** how much of a file is read at first: the columns are usually all seen in its first records */
const FIRST_READ = 64 << 10;

/**
 * Reads records from the files' beginnings, taking out of `unseen` each column found holding a value, until none
 * is left or {@link SCAN_BYTES} were read. `whole`: every record of every file was read. A file is read a block at a
 * time (the first {@link FIRST_READ}, then twice as much each time), its whole lines parsed as they come.
 */
async function scanRecords(files: readonly string[], unseen: Set<string>): Promise<{ records: number; whole: boolean }> {
  let records = 0;
  let budget = SCAN_BYTES;
  /** parses one line (bytes [from, to) of `buf`); true once every column was seen */
  const take = (buf: Buffer, from: number, to: number): boolean => {
    const line = buf.toString('utf8', from, to);
    if (line.trim() === '') return false;
    const record = JSON.parse(line) as Record<string, unknown>;
    records++;
    for (const name of unseen) if (Object.hasOwn(record, name) && record[name] !== null) unseen.delete(name);
    return unseen.size === 0;
  };
  for (const file of files) {
    const fh = await fs.open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      const want = Math.min(size, budget);
      let buf = Buffer.allocUnsafe(Math.min(want, FIRST_READ));
      let got = 0;
      /** where the first line not parsed yet begins */
      let start = 0;
      while (got < want) {
        if (got === buf.length) {
          const larger = Buffer.allocUnsafe(Math.min(want, buf.length * 2));
          buf.copy(larger, 0, 0, got);
          buf = larger;
        }
        const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
        // the whole lines read so far (a newline byte is never inside a character's UTF-8 bytes)
        for (let nl = buf.indexOf(10, start); nl !== -1 && nl < got; nl = buf.indexOf(10, start)) {
          const from = start;
          start = nl + 1;
          if (take(buf, from, nl)) return { records, whole: false };
        }
      }
      budget -= got;
      // the last line counts only when the whole file was read (else it may be cut off)
      if (got === size && start < got && take(buf, start, got)) return { records, whole: false };
      if (got < size) return { records, whole: false };
    } finally {
      await fh.close();
    }
    if (budget <= 0) return { records, whole: false };
  }
  return { records, whole: true };
}

/** how much of a file {@link valueSizes} reads at a time (a block of whole lines; a longer line grows it) */
const SIZE_BLOCK = 1 << 20;

/**
 * Notes, for each column of `sized`, whether its values include whole numbers that fit in 32 bits (`int`) and ones
 * that do not (`long`), reading every record of the files — false when they are more than {@link SIZE_BYTES} or
 * their text is not what this expects. DuckDB's writer writes a record per line, compact, every column's key in
 * each (`"name":value`, null too), and a string's quote escaped: `,"name":` or `{"name":` is the key, and the digits
 * after it the value. Every line must show each key once with a number or null, or the answer is false.
 *
 * A file is read a block of whole lines at a time into one buffer (not whole, as text: at 1M rows, ~65 ms of a 45 MB
 * file's ~140 ms went to reading it into a string, and twice its size was allocated), and each block's keys — all
 * the columns' at once, one pass over the block — found by one pattern of the keys alone, the value read after
 * each ({@link sizesOf}).
 */
async function valueSizes(files: readonly string[], sized: ReadonlyMap<string, { int: boolean; long: boolean }>): Promise<boolean> {
  let total = 0;
  for (const f of files) total += (await fs.stat(f)).size;
  if (total > SIZE_BYTES) return false;
  // latin1: a byte a character (the digits and the keys' bytes match as they are)
  const keys: SizedKey[] = [...sized].map(([name, s]) => ({ s, text: `${Buffer.from(JSON.stringify(name), 'utf8').toString('latin1')}:`, seen: 0 }));
  const pattern = new RegExp(`[{,](?:${keys.map((k) => k.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  let block = Buffer.allocUnsafe(Math.min(SIZE_BLOCK, Math.max(1, total)));
  for (const file of files) {
    const fh = await fs.open(file, 'r');
    let lines = 0;
    for (const k of keys) k.seen = 0;
    try {
      /** bytes at the block's start of a line not read to its end yet */
      let carry = 0;
      for (;;) {
        if (carry === block.length) {
          const larger = Buffer.allocUnsafe(block.length * 2);
          block.copy(larger, 0, 0, carry);
          block = larger;
        }
        const { bytesRead } = await fh.read(block, carry, block.length - carry, null);
        if (bytesRead === 0) {
          // the last line, with no line break after it
          if (carry > 0) {
            lines++;
            sizesOf(block.toString('latin1', 0, carry), pattern, keys);
          }
          break;
        }
        const end = carry + bytesRead;
        const whole = block.lastIndexOf(10, end - 1) + 1;
        if (whole === 0) {
          carry = end;
          continue;
        }
        const text = block.toString('latin1', 0, whole);
        lines += lineBreaks(text);
        sizesOf(text, pattern, keys);
        block.copy(block, 0, whole, end);
        carry = end - whole;
      }
    } finally {
      await fh.close();
    }
    if (keys.some((k) => k.seen !== lines)) return false;
  }
  return true;
}

/** A BIGINT column's key as the files spell it (`"name":`, latin1), what its values were found to be, how many were read. */
interface SizedKey {
  text: string;
  s: { int: boolean; long: boolean };
  seen: number;
}

/**
 * The line breaks in `text`. A function of its own, as {@link sizesOf}: the loops over every line are kept out of
 * {@link valueSizes}, an async function that V8 would otherwise find hot and optimize whole — twice per run, ~80–110
 * ms of TurboFan's time each at the real size (`--trace-opt`), for a function called once per write.
 */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The values after each match of `pattern` (`[{,](?:"a":|"b":…)`, global: the keys of `keys`) in `text`: `null`, or
 * an integer (`-?digits`), then `,` or `}` — what `[{,]"name":(?:null|(-?)(\d+))(?=[,}])` matches for each key, read
 * without a match object per value. The key matched is the one the text ends with at the match's end, after `{` or
 * `,` (a quote inside a key is escaped: no key so preceded ends another). Notes in its `s` whether an integer fits
 * in 32 bits, and counts in its `seen` the values read.
 */
function sizesOf(text: string, pattern: RegExp, keys: readonly SizedKey[]): void {
  pattern.lastIndex = 0;
  const one = keys.length === 1 ? keys[0]! : undefined;
  while (pattern.test(text)) {
    let i = pattern.lastIndex;
    const k = one ?? keyEndingAt(text, i, keys);
    let c = text.charCodeAt(i);
    if (c === 0x6e) {
      // null
      if (text.startsWith('null', i)) {
        const after = text.charCodeAt(i + 4);
        if (after === 0x2c || after === 0x7d) k.seen++;
      }
      continue;
    }
    const negative = c === 0x2d;
    if (negative) c = text.charCodeAt(++i);
    const from = i;
    while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
    if (i === from || (c !== 0x2c && c !== 0x7d)) continue;
    k.seen++;
    const digits = i - from;
    if (digits < 10 || (digits === 10 && text.slice(from, i) <= (negative ? INT_MIN_DIGITS : INT_MAX_DIGITS))) k.s.int = true;
    else k.s.long = true;
  }
}

/** The key of `keys` that `text` holds just before `end`, after `{` or `,` (one of them does: the pattern found it). */
function keyEndingAt(text: string, end: number, keys: readonly SizedKey[]): SizedKey {
  for (const key of keys) {
    const at = end - key.text.length;
    if (text.startsWith(key.text, at) && isKeyStart(text.charCodeAt(at - 1))) return key;
  }
  throw new Error(`no key ends at ${end}`);
}

/** `{` or `,`: what comes before a key in DuckDB's compact JSON lines */
function isKeyStart(c: number): boolean {
  return c === 0x7b || c === 0x2c;
}
