/**
 * String functions (trinodb/trino docs/src/main/sphinx/functions/string.md). Where DuckDB's function of the same
 * name answers otherwise, the row says how Trino's answer is made:
 * - `concat` is NULL when an argument is NULL (DuckDB's skips them): `||`;
 * - `split_part` past the last field is NULL (DuckDB: ''), a field index below 1 fails;
 * - `substring(s, 0)` is '' (DuckDB starts at 1);
 * - `trim`/`ltrim`/`rtrim` remove Java's whitespace (DuckDB: spaces only);
 * - `strpos(s, sub, n)` finds the n-th instance, from the end when n < 0.
 */
import { call, failure, join, refusal, sql, type Sql } from '../../dialects/emit';
import { sameType, T } from '../../dialects/sqlType';
import { str } from '../casts';
import { ENGINE_FUNCTIONS as E } from './engineNames';
import { custom, fn, same, type Call, type FunctionDef, type FunctionTable } from './registry';

/** java.lang.Character.isWhitespace */
export const JAVA_WHITESPACE = str(' \t\n\u000b\f\r\u001c\u001d\u001e\u001f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000');

function substring(s: Sql, start: Sql, length?: Sql): Sql {
  return sql`CASE WHEN ${start} = 0 THEN '' ELSE ${length === undefined ? call('substring', s, start) : sql`CASE WHEN ${length} < 0 THEN NULL ELSE substring(${s}, ${start}, ${length}) END`} END`;
}

/**
 * The key/value pairs of split_to_map and split_to_multimap, as Trino's SplitToMapFunction and SplitToMultimapFunction
 * read them: entries end at each entryDelimiter (a string ending with it has no empty last entry; an empty entry
 * elsewhere fails), the key ends at the first keyValueDelimiter and the value may not hold another; empty or equal
 * delimiters fail. split_to_map quotes the bad entry in its message, split_to_multimap does not.
 */
function keyValuePairs(s: Sql, entry: Sql, kv: Sql, quoted: boolean): Sql {
  const bad = quoted ? "'Key-value delimiter must appear exactly once in each entry. Bad input: ''' || e || ''''" : "'Key-value delimiter must appear exactly once in each entry. Bad input: ' || e";
  const parts = sql`(SELECT CASE WHEN p[len(p)] = '' THEN p[1:len(p) - 1] ELSE p END FROM (SELECT string_split(${s}, ${entry}) AS p))`;
  const value = sql`substring(e, strpos(e, ${kv}) + length(${kv}))`;
  return sql`CASE WHEN ${entry} = '' THEN ${failure("'entryDelimiter is empty'")} WHEN ${kv} = '' THEN ${failure("'keyValueDelimiter is empty'")} WHEN ${entry} = ${kv} THEN ${failure("'entryDelimiter and keyValueDelimiter must not be the same'")} ELSE list_transform(${parts}, lambda e: CASE WHEN strpos(e, ${kv}) = 0 OR strpos(${value}, ${kv}) > 0 THEN ${failure(bad)} ELSE {'key': substring(e, 1, strpos(e, ${kv}) - 1), 'value': ${value}} END) END`;
}

/** varchar(n) in, varchar(n) out (Trino keeps the length through lower, upper, trim, substring). */
function keepsLength(def: FunctionDef): FunctionDef {
  return { ...def, returns: (args) => (args[0]!.type.kind === 'varchar' ? args[0]!.type : T.varchar) };
}

/**
 * lpad/rpad of a varchar, or of a varbinary (Athena engine 2's "Lpad(), rpad() now work on VARBINARY inputs"; Trino's
 * VarbinaryFunctions): bytes padded as their hex text, two digits a byte, so the pad's bytes stay whole.
 */
function pad(fname: 'lpad' | 'rpad', c: Call): Sql {
  const [s, n, p] = c.args.map((a) => a.sql) as [Sql, Sql, Sql];
  const range = sql`WHEN ${n} < 0 THEN ${failure("'Target length must be in the range [0..2147483647]'")}`;
  if (c.args[0]!.type.kind === 'varbinary')
    return sql`CASE ${range} WHEN octet_length(${p}) = 0 THEN ${failure("'Padding bytes must not be empty'")} ELSE unhex(${fname}(hex(${s}), CAST(2 * ${n} AS INTEGER), hex(${p}))) END`;
  return sql`CASE ${range} WHEN ${p} = '' THEN ${failure("'Padding string must not be empty'")} ELSE ${fname}(${s}, CAST(${n} AS INTEGER), ${p}) END`;
}

export const STRINGS: FunctionTable = {
  chr: fn('bigint -> varchar(1)', (n) => sql`chr(CAST(${n} AS INTEGER))`),
  codepoint: fn('varchar(1) -> integer', (s) => sql`unicode(${s})`),
  // Trino's concat of arrays, and of an element and an array (ElementToArrayConcatFunction,
  // ArrayToElementConcatFunction: `||` is concat), as `concat(ARRAY[4,5], ARRAY[ARRAY[1,2]])` is [[4, 5], [1, 2]]
  concat: custom(['varchar... -> varchar', 'varbinary... -> varbinary', 'array(E)... -> array(E)', 'E, array(E) -> array(E)', 'array(E), E -> array(E)'], (c) => {
    // Trino's ConcatFunction / ArrayConcatFunction fail below two arguments (engine-versions-reference-0003.md: "CONCAT
    // function must have two or more arguments")
    if (c.args.length < 2) throw c.t.fail(c.node, c.returns.kind === 'array' ? 'There must be two or more arguments to concat' : 'There must be two or more concatenation arguments');
    if (c.returns.kind === 'array' && c.args.length === 2 && !sameType(c.args[0]!.type, c.returns)) return sql`CASE WHEN ${c.args[1]!.sql} IS NULL THEN NULL ELSE list_prepend(${c.args[0]!.sql}, ${c.args[1]!.sql}) END`;
    if (c.returns.kind === 'array' && c.args.length === 2 && !sameType(c.args[1]!.type, c.returns)) return sql`CASE WHEN ${c.args[0]!.sql} IS NULL THEN NULL ELSE list_append(${c.args[0]!.sql}, ${c.args[1]!.sql}) END`;
    if (c.returns.kind === 'array') return sql`CASE WHEN ${join(c.args.map((a) => sql`${a.sql} IS NULL`), ' OR ')} THEN NULL ELSE list_concat(${join(c.args.map((a) => a.sql))}) END`;
    return sql`(${join(c.args.map((a) => a.sql), ' || ')})`;
  }, {
    returns: (args) => {
      const first = args[0]?.type;
      const second = args[1]?.type;
      // an element and an array of it: the array's type
      if (args.length === 2 && second?.kind === 'array' && (first?.kind !== 'array' || (!sameType(first, second) && second.element.kind === 'array'))) return second;
      if (first?.kind === 'array' || first?.kind === 'varbinary') return first;
      const lengths = args.map((a) => (a.type.kind === 'varchar' ? a.type.length : undefined));
      return lengths.every((l) => l !== undefined) ? T.varcharN(lengths.reduce<number>((n, l) => n + l!, 0)) : T.varchar;
    },
  }),
  concat_ws: custom(['varchar, varchar... -> varchar', 'varchar, array(varchar) -> varchar'], (c) => {
    const [sep, ...rest] = c.args;
    if (rest.length === 1 && rest[0]!.type.kind === 'array') return sql`CASE WHEN ${sep!.sql} IS NULL THEN NULL ELSE array_to_string(list_filter(${rest[0]!.sql}, lambda x: x IS NOT NULL), ${sep!.sql}) END`;
    return call('concat_ws', ...c.args.map((a) => a.sql));
  }),
  ends_with: same('varchar, varchar -> boolean'),
  starts_with: same('varchar, varchar -> boolean'),
  // StringFunctions.hammingDistance: code points compared one by one (DuckDB's hamming compares bytes); strings of
  // other lengths fail "The input strings to hamming_distance function must have the same length"
  hamming_distance: fn('varchar, varchar -> bigint', (a, b) => sql`CASE WHEN length(${a}) <> length(${b}) THEN ${failure("'The input strings to hamming_distance function must have the same length'")} ELSE CAST(len(list_filter(range(1, length(${a}) + 1), lambda i: substring(${a}, i, 1) <> substring(${b}, i, 1))) AS BIGINT) END`),
  // code points (the engine's function, levenshtein.ts), not DuckDB's bytes; Trino's size limit first
  levenshtein_distance: fn('varchar, varchar -> bigint', (a, b) =>
    sql`CASE WHEN least(length(${a}), length(${b})) > 0 AND greatest(length(${a}), length(${b})) * (least(length(${a}), length(${b})) - 1) > 1000000 THEN ${failure("'The combined inputs for Levenshtein distance are too large'")} ELSE ${E.levenshtein}(${a}, ${b}) END`,
  ),
  // char(x) is x long, its padding included (StringFunctions.charLength: `return x`)
  length: custom(['varchar -> bigint', 'char -> bigint', 'varbinary -> bigint'], (c) => {
    const x = c.args[0]!;
    const given = c.given[0] ?? x;
    if (x.type.kind === 'varbinary') return sql`octet_length(${x.sql})`;
    if (given.type.kind === 'char') return sql`CASE WHEN ${given.sql} IS NULL THEN NULL ELSE CAST(${String(given.type.length)} AS BIGINT) END`;
    return call('length', x.sql);
  }),
  lower: keepsLength(same('varchar -> varchar')),
  // Trino upper-cases each code point alone (Character.toUpperCase), which keeps ß; DuckDB makes it ẞ (U+1E9E)
  upper: keepsLength(fn('varchar -> varchar', (x) => sql`CASE WHEN contains(${x}, '\u00df') THEN array_to_string(list_transform(string_split(${x}, ''), lambda c: CASE WHEN c = '\u00df' THEN c ELSE upper(c) END), '') ELSE upper(${x}) END`)),
  lpad: custom(['varchar, bigint, varchar -> varchar', 'varbinary, bigint, varbinary -> varbinary'], (c) => pad('lpad', c)),
  rpad: custom(['varchar, bigint, varchar -> varchar', 'varbinary, bigint, varbinary -> varbinary'], (c) => pad('rpad', c)),
  ltrim: keepsLength(fn(['varchar -> varchar', 'varchar, varchar -> varchar'], (s, chars) => sql`ltrim(${s}, ${chars ?? JAVA_WHITESPACE})`)),
  rtrim: keepsLength(fn(['varchar -> varchar', 'varchar, varchar -> varchar'], (s, chars) => sql`rtrim(${s}, ${chars ?? JAVA_WHITESPACE})`)),
  trim: keepsLength(fn(['varchar -> varchar', 'varchar, varchar -> varchar'], (s, chars) => sql`trim(${s}, ${chars ?? JAVA_WHITESPACE})`)),
  replace: fn(['varchar, varchar -> varchar', 'varchar, varchar, varchar -> varchar'], (s, search, by) =>
    sql`CASE WHEN ${search} = '' THEN ${by === undefined ? s : sql`${by} || array_to_string(string_split(${s}, ''), ${by}) || CASE WHEN ${s} = '' THEN '' ELSE ${by} END`} ELSE replace(${s}, ${search}, ${by ?? "''"}) END`,
  ),
  // varchar(x) → varchar(x) (StringFunctions.reverse: @LiteralParameters("x") @SqlType("varchar(x)"))
  reverse: custom(
    ['varchar -> varchar', 'varbinary -> varbinary', 'array(E) -> array(E)'],
    (c) => {
      const x = c.args[0]!;
      if (x.type.kind === 'array') return sql`list_reverse(${x.sql})`;
      // its bytes as hex pairs, reversed (DuckDB has no substring of a BLOB)
      if (x.type.kind === 'varbinary') return sql`from_hex(array_to_string(list_reverse(regexp_extract_all(hex(${x.sql}), '..')), ''))`;
      return sql`array_to_string(list_reverse(string_split(${x.sql}, '')), '')`;
    },
    { returns: (args) => (['varchar', 'varbinary', 'array'].includes(args[0]!.type.kind) ? args[0]!.type : T.varchar) },
  ),
  // an empty delimiter fails (Trino's StringFunctions.split: "The delimiter may not be the empty string"); DuckDB
  // would split into characters
  split: fn(['varchar, varchar -> array(varchar)', 'varchar, varchar, bigint -> array(varchar)'], (s, d, limit) => {
    const empty = sql`WHEN ${d} = '' THEN ${failure("'The delimiter may not be the empty string'")}`;
    if (limit === undefined) return sql`CASE ${empty} ELSE string_split(${s}, ${d}) END`;
    return sql`CASE WHEN ${limit} <= 0 THEN ${failure("'Limit must be positive'")} ${empty} ELSE (SELECT CASE WHEN len(p) <= ${limit} THEN p ELSE list_append(p[1:${limit} - 1], array_to_string(p[${limit}:], ${d})) END FROM (SELECT string_split(${s}, ${d}) AS p)) END`;
  }),
  split_part: fn('varchar, varchar, bigint -> varchar', (s, d, i) =>
    sql`CASE WHEN ${i} < 1 THEN ${failure("'Index must be greater than zero'")} WHEN ${i} > len(string_split(${s}, ${d})) THEN NULL ELSE split_part(${s}, ${d}, CAST(${i} AS INTEGER)) END`,
  ),
  split_to_map: fn('varchar, varchar, varchar -> map(varchar, varchar)', (s, entry, kv) =>
    sql`map_from_entries(${keyValuePairs(s, entry, kv, true)})`,
  ),
  // a key's values in the order they appear (string.md); keys once each
  split_to_multimap: fn('varchar, varchar, varchar -> map(varchar, array(varchar))', (s, entry, kv) =>
    sql`(SELECT map_from_entries(list_transform(list_distinct(list_transform(p, lambda e: e['key'])), lambda k: {'key': k, 'value': list_transform(list_filter(p, lambda e: e['key'] = k), lambda e: e['value'])})) FROM (SELECT ${keyValuePairs(s, entry, kv, false)} AS p))`,
  ),
  strpos: fn(['varchar, varchar -> bigint', 'varchar, varchar, bigint -> bigint'], (s, sub, n) => {
    if (n === undefined) return sql`strpos(${s}, ${sub})`;
    // the n-th instance: positions of every match, counted from the start (n > 0) or the end (n < 0)
    const positions = sql`list_filter(list_transform(range(1, length(${s}) + 1), lambda i: CASE WHEN substring(${s}, i, length(${sub})) = ${sub} THEN i ELSE 0 END), lambda i: i > 0)`;
    return sql`CASE WHEN ${n} = 0 THEN ${failure("'''instance'' must be a positive or negative number.'")} ELSE coalesce(CASE WHEN ${n} > 0 THEN ${positions}[${n}] ELSE ${positions}[len(${positions}) + ${n} + 1] END, 0) END`;
  }),
  substr: keepsLength(fn(['varchar, bigint -> varchar', 'varchar, bigint, bigint -> varchar'], substring)),
  substring: keepsLength(fn(['varchar, bigint -> varchar', 'varchar, bigint, bigint -> varchar'], substring)),
  translate: same('varchar, varchar, varchar -> varchar'),
  // Luhn: from the right, every second digit doubled (less 9 above 9); valid when the sum ends in 0
  luhn_check: fn('varchar -> boolean', (s) => {
    const digit = sql`CAST(substring(${s}, length(${s}) - i + 1, 1) AS INTEGER)`;
    const term = sql`CASE WHEN i % 2 = 0 THEN CASE WHEN ${digit} * 2 > 9 THEN ${digit} * 2 - 9 ELSE ${digit} * 2 END ELSE ${digit} END`;
    return sql`CASE WHEN ${s} IS NULL THEN NULL WHEN NOT regexp_full_match(${s}, '[0-9]+') THEN ${failure(sql`'Input contains non-digit characters: ' || ${s}`)} ELSE list_sum(list_transform(range(1, length(${s}) + 1), lambda i: ${term})) % 10 = 0 END`;
  }),
  // StringFunctions.soundex: varchar(4), commons-codec's Soundex.US_ENGLISH (the engine's function, soundex.ts); an
  // unmapped letter fails with its message (INVALID_FUNCTION_ARGUMENT)
  soundex: fn('varchar -> varchar(4)', (s) => sql`(SELECT CASE WHEN starts_with(x, chr(0)) THEN ${failure('substring(x, 2)')} ELSE x END FROM (SELECT ${E.soundex}(${s}) AS x))`),
  to_utf8: fn('varchar -> varbinary', (s) => sql`encode(${s})`),
  // Trino writes U+FFFD for bytes that are not UTF-8 (SliceUtf8.fixInvalidUtf8), DuckDB fails or writes '?': refused
  // from_utf8(b, replace): a replacement of more than one character fails as in StringFunctions.fromUtf8 ("Replacement
  // character string must empty or a single character"); bytes that are not UTF-8 are refused as above
  from_utf8: custom(['varbinary -> varchar', 'varbinary, varchar -> varchar'], (c) => {
    const b = c.args[0]!.sql;
    const replace = c.args[1]?.sql;
    const check = replace === undefined ? '' : sql`WHEN length(${replace}) > 1 THEN ${failure("'Replacement character string must empty or a single character'")} `;
    return sql`CASE WHEN ${b} IS NULL${replace === undefined ? '' : sql` OR ${replace} IS NULL`} THEN NULL ${check}WHEN try(decode(${b})) IS NULL THEN ${refusal("'from_utf8 of bytes that are not UTF-8 is not supported by the local engine (Athena has it)'", 'from_utf8 of bytes that are not UTF-8')} ELSE decode(${b}) END`;
  }),
};
