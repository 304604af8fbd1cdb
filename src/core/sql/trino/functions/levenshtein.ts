/**
 * Trino's levenshtein_distance (StringFunctions.levenshteinDistance): edits of code points — DuckDB's levenshtein
 * counts bytes, so `é` to `e` would be 2. The longer text's code points by the shorter's less one must be at most
 * 1,000,000 ("The combined inputs for Levenshtein distance are too large", checked by the SQL).
 */
export function levenshteinCodePoints(a: string, b: string): number {
  let left = Array.from(a, (c) => c.codePointAt(0)!);
  let right = Array.from(b, (c) => c.codePointAt(0)!);
  if (left.length < right.length) [left, right] = [right, left];
  if (right.length === 0) return left.length;
  const distances = right.map((_, i) => i + 1);
  for (let i = 0; i < left.length; i++) {
    let leftUp = distances[0]!;
    distances[0] = left[i] === right[0] ? i : Math.min(i, distances[0]!) + 1;
    for (let j = 1; j < right.length; j++) {
      const up = distances[j]!;
      distances[j] = left[i] === right[j] ? leftUp : Math.min(up, distances[j - 1]!, leftUp) + 1;
      leftUp = up;
    }
  }
  return distances[right.length - 1]!;
}
