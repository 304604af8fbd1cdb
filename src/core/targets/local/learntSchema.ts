/**
 * The schema a DynamicFrame read of uploaded JSON files would infer, known from the upload's own pass over them.
 *
 * A DynamicFrame over JSON takes the fields of every record (runNodes.ts inferJsonColumns: `DESCRIBE` over
 * `read_json(…, format='newline_delimited', sample_size=-1, union_by_name=true)`, a full single-threaded read of
 * the files). The upload already reads every line of the files it puts (the line-shape scan, jsonShapeScan.ts); for
 * the files its fast path decides (strict ASCII JSON lines) it also notes the kind of each top-level value — a
 * {@link LearntTypes} per file, kept with the file's shape in `cache/json-keys.json` (by path, size and mtime). A
 * read of files that all have one takes the columns from them ({@link learntJsonColumns}) without a scan.
 *
 * How a DynamicFrame read types a top-level field (runNodes.ts inferJsonColumns: DuckDB's inference — duckdb
 * extension/json/json_functions/json_structure.cpp, `GetOrCreateDescription` and `StructureToType`, v1.5 — with
 * every number and JSON place typed from its values as Glue's reader types them, nestedChoice.ts; a field of two
 * types is Glue's ChoiceType, `JSON`; a field of nulls only, a null string):
 *
 * | the field's values in every record of every file (nulls and records without it aside) | the column |
 * | --- | --- |
 * | none (null in every record that has it) | VARCHAR |
 * | whole numbers that fit in 32 bits | INTEGER (Glue's int) |
 * | whole numbers of at most 18 digits that do not | BIGINT (long) |
 * | numbers with a fraction or an exponent | DOUBLE |
 * | `true` / `false` | BOOLEAN |
 * | strings | VARCHAR |
 * | values of two or more of the kinds above (int and long, int and double … each counting apart) | JSON |
 *
 * Not learnt — the files are described as before: a file with a nested value (an object or a list), an integer of
 * 19 digits or more (HUGEINT, UBIGINT or DOUBLE by its size), a line that is not an object (other than blank), a
 * key twice in an object, or no object with a key; and a set of files whose keys are 200 or more (DuckDB may infer
 * a MAP), whose records hold 10% of the keys or fewer (it infers a MAP when the fields' average appearance is under
 * 10%), two of whose keys are equal but for case (DuckDB renames one), or an empty key. test/engine/learntSchema.test.ts
 * holds every learnt schema to inferJsonColumns's answer for the same files.
 */
import { literal } from './duck';

/** The kinds of a top-level value (bits: a field's kinds are their union). */
export const KIND_NULL = 1;
/** a whole number that fits in 32 bits (Glue's int) */
export const KIND_INT = 2;
export const KIND_DOUBLE = 4;
export const KIND_BOOL = 8;
export const KIND_STRING = 16;
/** a value whose type this module does not predict (nested, a huge integer): the file is not learnt */
export const KIND_UNSURE = 32;
/** a whole number of at most 18 digits that does not fit in 32 bits (Glue's long) */
export const KIND_LONG = 64;

/** the digits of the largest int (Glue's, 32 bits) and of the smallest's magnitude */
export const INT_MAX_DIGITS = '2147483647';
export const INT_MIN_DIGITS = '2147483648';

/** What a file's lines say of its fields' types. */
export interface LearntTypes {
  /** each top-level key in the order of its first appearance, with the union of its values' kinds */
  fields: [string, number][];
  /** the fewest keys an object of the file has */
  minKeys: number;
  /**
   * whether {@link KIND_INT} and {@link KIND_LONG} tell whole numbers apart by size (since a DynamicFrame read types
   * them int or long); an entry without it (any whole number {@link KIND_INT}) is not used
   */
  sized?: boolean;
}

/** DuckDB's map_inference_threshold (default): from this many fields an object may be inferred as a MAP */
const MAP_INFERENCE_THRESHOLD = 200;
/** DuckDB's field_appearance_threshold (default): under this average appearance of the fields, a MAP */
const FIELD_APPEARANCE_THRESHOLD = 0.1;

/**
 * The column a field of these kinds is (the table in the module comment), undefined when it is not predicted;
 * `spark`: as spark.read types it instead (every whole number long, a mix of numbers double: DuckDB's own inference).
 */
export function columnOfKinds(kinds: number, spark = false): string | undefined {
  if (kinds & KIND_UNSURE) return undefined;
  let k = kinds & ~KIND_NULL;
  if (spark && k & (KIND_INT | KIND_LONG)) k = (k & ~(KIND_INT | KIND_LONG)) | (k & KIND_DOUBLE ? 0 : KIND_LONG);
  if (k === 0) return 'VARCHAR';
  if (k === KIND_INT) return 'INTEGER';
  if (k === KIND_LONG) return 'BIGINT';
  if (k === KIND_DOUBLE) return 'DOUBLE';
  if (k === KIND_BOOL) return 'BOOLEAN';
  if (k === KIND_STRING) return 'VARCHAR';
  return 'JSON';
}

/**
 * The `columns={…}` text a DynamicFrame read of the files would infer (`'name': 'TYPE', …`, as runNodes.ts
 * inferJsonColumns gives it), from each file's {@link LearntTypes} in the order the files are read; undefined when
 * it is not certain (see the module comment). `spark`: the columns of a spark.read of them (see {@link columnOfKinds}).
 */
export function learntJsonColumns(files: readonly LearntTypes[], spark = false): string | undefined {
  if (files.length === 0) return undefined;
  const kinds = new Map<string, number>();
  let minKeys = Infinity;
  for (const f of files) {
    if (f.minKeys < 1 || f.fields.length === 0 || f.sized !== true) return undefined;
    minKeys = Math.min(minKeys, f.minKeys);
    for (const [name, k] of f.fields) kinds.set(name, (kinds.get(name) ?? 0) | k);
  }
  const n = kinds.size;
  if (n >= MAP_INFERENCE_THRESHOLD) return undefined;
  // every record holds at least minKeys of the n fields: their average appearance is at least minKeys / n
  if (minKeys <= FIELD_APPEARANCE_THRESHOLD * n) return undefined;
  const lower = new Set<string>();
  const out: string[] = [];
  for (const [name, k] of kinds) {
    if (name === '' || lower.has(name.toLowerCase())) return undefined;
    lower.add(name.toLowerCase());
    const column = columnOfKinds(k, spark);
    if (column === undefined) return undefined;
    out.push(`${literal(name)}: ${literal(column)}`);
  }
  return out.join(', ');
}
