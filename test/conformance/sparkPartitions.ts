/**
 * Spark's statistical aggregates, replicated from their published update and merge expressions (apache/spark
 * sql/catalyst …/expressions/aggregate/CentralMomentAgg.scala, Covariance.scala, Corr.scala): the state is updated
 * row by row in each partition, and partitions are merged. The last digits of the result depend on how the rows
 * were split. The Spark reference's examples ran on two slices (spark-sql `local[2]`: a VALUES list is parallelized
 * into two slices, the first holding ⌊n/2⌋ rows); a Glue job's split depends on its data.
 *
 * This module is the conformance corpus's independent computation (it shares no code with src/): it shows that a
 * doc result is the two-slice value, and gives the one-partition value, which the local engine computes.
 */

export interface Moments {
  n: number;
  avg: number;
  m2: number;
  m3: number;
  m4: number;
}

const ZERO_MOMENTS: Moments = { n: 0, avg: 0, m2: 0, m3: 0, m4: 0 };

/** CentralMomentAgg.updateExpressionsDef */
export function updateMoments(s: Moments, x: number): Moments {
  const n = s.n + 1.0;
  const delta = x - s.avg;
  const deltaN = delta / n;
  const avg = s.avg + deltaN;
  const m2 = s.m2 + delta * (delta - deltaN);
  const delta2 = delta * delta;
  const deltaN2 = deltaN * deltaN;
  const m3 = s.m3 - 3.0 * deltaN * m2 + delta * (delta2 - deltaN2);
  const m4 = s.m4 - 4.0 * deltaN * m3 - 6.0 * deltaN2 * m2 + delta * (delta * delta2 - deltaN * deltaN2);
  return { n, avg, m2, m3, m4 };
}

/** CentralMomentAgg.mergeExpressions */
export function mergeMoments(l: Moments, r: Moments): Moments {
  const n1 = l.n;
  const n2 = r.n;
  const n = n1 + n2;
  const delta = r.avg - l.avg;
  const deltaN = n === 0 ? 0 : delta / n;
  const avg = l.avg + deltaN * n2;
  const m2 = l.m2 + r.m2 + delta * deltaN * n1 * n2;
  const m3 = l.m3 + r.m3 + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) + 3.0 * deltaN * (n1 * r.m2 - n2 * l.m2);
  const m4 =
    l.m4 + r.m4 + deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) + 6.0 * deltaN * deltaN * (n1 * n1 * r.m2 + n2 * n2 * l.m2) + 4.0 * deltaN * (n1 * r.m3 - n2 * l.m3);
  return { n, avg, m2, m3, m4 };
}

export interface Pairs {
  n: number;
  xAvg: number;
  yAvg: number;
  ck: number;
  xMk: number;
  yMk: number;
}

const ZERO_PAIRS: Pairs = { n: 0, xAvg: 0, yAvg: 0, ck: 0, xMk: 0, yMk: 0 };

/** Covariance / PearsonCorrelation update */
export function updatePairs(s: Pairs, x: number, y: number): Pairs {
  const n = s.n + 1.0;
  const dx = x - s.xAvg;
  const dxN = dx / n;
  const dy = y - s.yAvg;
  const dyN = dy / n;
  const xAvg = s.xAvg + dxN;
  const yAvg = s.yAvg + dyN;
  return { n, xAvg, yAvg, ck: s.ck + dx * (y - yAvg), xMk: s.xMk + dx * (x - xAvg), yMk: s.yMk + dy * (y - yAvg) };
}

/** Covariance / PearsonCorrelation merge */
export function mergePairs(l: Pairs, r: Pairs): Pairs {
  const n1 = l.n;
  const n2 = r.n;
  const n = n1 + n2;
  const dx = r.xAvg - l.xAvg;
  const dxN = n === 0 ? 0 : dx / n;
  const dy = r.yAvg - l.yAvg;
  const dyN = n === 0 ? 0 : dy / n;
  return { n, xAvg: l.xAvg + dxN * n2, yAvg: l.yAvg + dyN * n2, ck: l.ck + r.ck + dx * dyN * n1 * n2, xMk: l.xMk + r.xMk + dx * dxN * n1 * n2, yMk: l.yMk + r.yMk + dy * dyN * n1 * n2 };
}

export type Row = (number | null)[];

/** the statistics the corpus's partition-dependent cases use, as Spark evaluates them */
const STATISTICS = {
  kurtosis: { moments: (m: Moments) => m.n * m.m4 / (m.m2 * m.m2) - 3.0 },
  skewness: { moments: (m: Moments) => Math.sqrt(m.n) * m.m3 / Math.sqrt(m.m2 * m.m2 * m.m2) },
  regr_r2: { pairs: (m: Pairs) => (m.ck / Math.sqrt(m.xMk * m.yMk)) * (m.ck / Math.sqrt(m.xMk * m.yMk)) },
  regr_sxy: { pairs: (m: Pairs) => m.ck },
  /** RegrReplacement: the moments of the first column over the rows where both columns are non-NULL */
  regr_syy: { pairedMoments: (m: Moments) => m.m2 },
} as const;

export type Statistic = keyof typeof STATISTICS;

/** A statistic of the rows on one partition (`slices` 1) or on the slices Spark's parallelize makes. */
export function statistic(name: Statistic, rows: Row[], slices: 1 | 2): number {
  const parts = slices === 1 ? [rows] : [rows.slice(0, Math.floor(rows.length / 2)), rows.slice(Math.floor(rows.length / 2))];
  const def = STATISTICS[name] as { moments?: (m: Moments) => number; pairs?: (m: Pairs) => number; pairedMoments?: (m: Moments) => number };
  if (def.moments) {
    const states = parts.map((p) => p.filter((r) => r[0] !== null).reduce((s, r) => updateMoments(s, r[0]!), ZERO_MOMENTS));
    return def.moments(states.reduce(mergeMoments));
  }
  if (def.pairedMoments) {
    const states = parts.map((p) => p.filter((r) => r[0] !== null && r[1] !== null).reduce((s, r) => updateMoments(s, r[0]!), ZERO_MOMENTS));
    return def.pairedMoments(states.reduce(mergeMoments));
  }
  const states = parts.map((p) => p.filter((r) => r[0] !== null && r[1] !== null).reduce((s, r) => updatePairs(s, r[0]!, r[1]!), ZERO_PAIRS));
  return def.pairs!(states.reduce(mergePairs));
}
