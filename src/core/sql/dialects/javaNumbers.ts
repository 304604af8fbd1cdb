/**
 * Numbers as the JVM writes them — Java's `Double.toString` / `Float.toString` — in one place: Athena's (Trino's) and
 * Spark's rendering of DOUBLE and REAL values, Spark's names of double constants, the failure reasons Glue's Data
 * Quality engine (Spark and Deequ) prints all write a double so. (The same text computed in SQL, over a column: spark/sqlText.ts
 * javaFloatingText.)
 */

/** `Double.toString` (`real`: `Float.toString`): `1.0`, `0.001`, `1.0E10`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaNumberText(x: number, real = false): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (!real && abs >= 1e-3 && abs < 1e7) {
    // JS writes this range with the same shortest digits, in plain notation: with a fraction, as Java does
    const plain = String(x);
    if (plain.includes('.')) return plain;
  }
  let exp: string;
  if (real) {
    // the shortest decimal that reads back as the float; of two as close, the even one (Java's Float.toString)
    const f = Math.fround(x);
    let p = 1;
    for (; p < 9; p++) if (Math.fround(Number(roundHalfEven(f, p))) === f) break;
    exp = Number(roundHalfEven(f, p)).toExponential();
  } else exp = x.toExponential();
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp)!;
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const e = Number(m[4]);
  if (abs >= 1e-3 && abs < 1e7) {
    if (e >= 0) return `${sign}${digits.slice(0, e + 1).padEnd(e + 1, '0')}.${digits.slice(e + 1) || '0'}`;
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${e}`;
}

/** `x` to `p` significant digits, a tie to the even digit, from its exact decimal expansion (`d.ddde±n`). */
function roundHalfEven(x: number, p: number): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential(99).replace(/0+e/, 'e').replace(/\.e/, 'e'))!;
  const digits = m[2]! + (m[3] ?? '');
  let e = Number(m[4]);
  if (digits.length <= p) return x.toExponential();
  const kept = digits.slice(0, p);
  const rest = digits.slice(p);
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(kept[kept.length - 1]) % 2 === 1));
  let n = BigInt(kept) + (up ? 1n : 0n);
  if (String(n).length > p) {
    n /= 10n;
    e++;
  }
  const t = String(n);
  return `${m[1]}${t[0]}${t.length > 1 ? `.${t.slice(1)}` : ''}e${e}`;
}

/** Java's `Double.toString`: decimal between 10^-3 and 10^7, else computerized scientific notation; always a `.`. */
export function javaDouble(x: number): string {
  return javaNumberText(x);
}
