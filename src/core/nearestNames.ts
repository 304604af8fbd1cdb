/**
 * "Did you mean …?": names ranked by their edit distance (code points, case ignored) to a misspelt one — for the
 * project's fields, SerDes, catalog tables and script references.
 */
import { levenshteinCodePoints } from './sql/trino/functions/levenshtein';

/** `names` with their distance to `wanted`, nearest first; names at the same distance keep their order. */
export function byEditDistance(wanted: string, names: Iterable<string>): { name: string; d: number }[] {
  const w = wanted.toLowerCase();
  return [...names].map((name) => ({ name, d: levenshteinCodePoints(w, name.toLowerCase()) })).sort((a, b) => a.d - b.d);
}

/** The name nearest `wanted` when it is near enough to be a typo: at most two edits, one for names of four characters or fewer. */
export function nearestName(wanted: string, names: Iterable<string>): string | undefined {
  const limit = wanted.length <= 4 ? 1 : 2;
  const near = byEditDistance(wanted, names)[0];
  return near !== undefined && near.d <= limit ? near.name : undefined;
}
