/**
 * DataFrame.describe / summary and DataFrame.replace (na.replace), compiled over the frame's fields as the job runs.
 *
 * describe / summary: apache/spark StatFunctions.summary (Spark 3.3, Glue 4.0's): one row per statistic (in the order
 * asked; summary's default count, mean, stddev, min, 25%, 50%, 75%, max; describe's count, mean, stddev, min, max),
 * a string column `summary` naming it, then one string column per numeric or string field (the others left out) —
 * each `Cast(func(c), StringType)`: count = Count, mean = Average, stddev = StddevSamp, min / max, `p%` =
 * ApproximatePercentile(c, [percentiles], 10000)[i]. A string field is averaged, deviated and ranked as a double
 * (Spark's implicit cast: 'Alice' is null). describe(cols) first selects cols. Another statistic: Spark's
 * IllegalArgumentException "… is not a recognised statistic".
 *
 * replace: apache/spark DataFrameNaFunctions.replace0: the type of the first key picks the fields replaced — a number
 * the numeric fields (keys and values as doubles, the field compared as a double), a str the string fields, a bool the
 * boolean fields — among `subset` (every field when None); a field's value equal to a key becomes the value cast to
 * the field's type (CaseKeyWhen(field, k1, Cast(v1), …, field)); the others are kept.
 */
import type { ColExpr, Pos, PyConst } from '../../jobs/expr';
import type { PlanNode } from '../../jobs/plan';
import { compileCol, literalSql, type ColScope } from './colSql';
import { passThrough, nodePos as pos, type CompiledNode, type NodeContext, type OutputCol } from './compiledNode';
import { ident } from './duck';
import { errorAt, matching, NO_FIELDS, unsupportedAt, type FrameCol } from './frames';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const isString = (t: string) => t === 'VARCHAR';

export function summary(node: Extract<PlanNode, { kind: 'summary' }>, ctx: NodeContext): CompiledNode {
  const file = ctx.file;
  const f = ctx.frame(node.input);
  const p: Pos = pos(node);
  let cols: FrameCol[] = f.cols.filter((c) => c.name !== NO_FIELDS);
  if (node.columns !== undefined && node.columns.length > 0)
    cols = node.columns.map((name) => {
      const hits = matching(f.cols, name);
      if (hits.length === 0) throw errorAt(file, p, `describe: no field ${name} (Spark's AnalysisException: cannot resolve '${name}')`);
      return hits[0]!;
    });
  const selected = cols.filter((c) => NUMERIC.test(c.type) || isString(c.type));
  const stats = node.stats.length > 0 ? node.stats : ['count', 'mean', 'stddev', 'min', '25%', '50%', '75%', 'max'];
  const percentiles = stats.filter((s) => s.endsWith('%')).map((s) => {
    const v = Number(s.slice(0, -1));
    if (!Number.isFinite(v) || s.slice(0, -1).trim() === '') throw errorAt(file, p, `summary: ${s} is not a recognised statistic`);
    return v / 100;
  });
  if (percentiles.some((x) => x < 0 || x > 1)) throw errorAt(file, p, 'summary: a percentile must be between 0% and 100% (Spark: "percentile should be in the range [0.0, 1.0]")');
  const scope: ColScope = { file, sides: [{ cols: f.cols }], aggregate: true, ...(ctx.spark ? { spark: ctx.spark } : {}) };
  const col = (c: FrameCol): ColExpr => ({ pos: p, k: 'col', name: `\`${c.name.replace(/`/g, '``')}\`` });
  // Spark's implicit cast of a string to double for Average, StddevSamp and ApproximatePercentile
  const numeric = (c: FrameCol): ColExpr => (isString(c.type) ? { pos: p, k: 'cast', arg: col(c), type: 'double' } : col(c));
  const lit = (value: PyConst): ColExpr => ({ pos: p, k: 'lit', value });
  const stat = (s: string, c: FrameCol): ColExpr => {
    if (s.endsWith('%')) return { pos: p, k: 'fn', name: 'percentile_approx', args: [numeric(c), lit({ py: 'float', v: Number(s.slice(0, -1)) / 100 }), lit({ py: 'int', v: 10000 })] };
    switch (s.toLowerCase()) {
      case 'count':
        return { pos: p, k: 'fn', name: 'count', args: [col(c)] };
      case 'mean':
        return { pos: p, k: 'fn', name: 'avg', args: [numeric(c)] };
      case 'stddev':
        return { pos: p, k: 'fn', name: 'stddev_samp', args: [numeric(c)] };
      case 'min':
        return { pos: p, k: 'fn', name: 'min', args: [col(c)] };
      case 'max':
        return { pos: p, k: 'fn', name: 'max', args: [col(c)] };
      default:
        throw unsupportedAt(file, p, `summary("${s}")`, s.toLowerCase() === 'count_distinct' || s.toLowerCase() === 'approx_count_distinct' ? 'it is not followed here (Spark 3.3, Glue 4.0\'s, fails with "is not a recognised statistic"; later Spark versions count)' : `Spark fails: "${s} is not a recognised statistic"`, 'ask for count, mean, stddev, min, max or a percentile such as 75%');
    }
  };
  const rows = stats.map((s, i) => {
    const cells = selected.map((c) => `${compileCol({ pos: p, k: 'cast', arg: stat(s, c), type: 'string' }, scope).sql} AS ${ident(`c${selected.indexOf(c)}`)}`);
    return `SELECT ${i} AS __ord, '${s.replace(/'/g, "''")}' AS summary${cells.map((x) => `, ${x}`).join('')} FROM ${f.view}`;
  });
  const query = `SELECT summary${selected.map((_, j) => `, ${ident(`c${j}`)} AS ${ident(selected[j]!.name)}`).join('')} FROM (${rows.join(' UNION ALL ')}) ORDER BY __ord`;
  return { query, ids: [[node.id], ...selected.map(() => [node.id])] };
}

const INTEGRAL = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;

export function replace(node: Extract<PlanNode, { kind: 'replace' }>, ctx: NodeContext): CompiledNode {
  const f = ctx.frame(node.input);
  const first = node.pairs[0]![0];
  const target = first.py === 'str' ? 'string' : first.py === 'bool' ? 'boolean' : 'numeric';
  const inSubset = (c: FrameCol) => node.subset === undefined || node.subset.some((s) => s.toLowerCase() === c.name.toLowerCase());
  const applies = (c: FrameCol) => (target === 'string' ? isString(c.type) : target === 'boolean' ? c.type === 'BOOLEAN' : NUMERIC.test(c.type));
  const cols = f.cols.map((c): OutputCol => {
    if (c.name === NO_FIELDS || !inSubset(c) || !applies(c)) return passThrough(c, node.id);
    if (target === 'numeric' && c.type.startsWith('DECIMAL')) throw unsupportedAt(ctx.file, pos(node), `replace over the decimal field ${c.name}`, "the value is cast to the field's decimal type with Spark's rounding, which is not followed here", 'cast the field to double first');
    const field = ident(c.phys);
    const key = target === 'numeric' ? `CAST(${field} AS DOUBLE)` : field;
    const branches = node.pairs.map(([k, v]) => {
      const kSql = target === 'numeric' ? `CAST(${literalSql(k).sql} AS DOUBLE)` : literalSql(k).sql;
      // Cast(Literal(v as double), field type): a fraction cut toward zero for an integral field
      const value = v.py === 'none' ? `CAST(NULL AS ${c.type})` : target === 'numeric' && INTEGRAL.test(c.type) ? `CAST(trunc(CAST(${literalSql(v).sql} AS DOUBLE)) AS ${c.type})` : `CAST(${literalSql(v).sql} AS ${c.type})`;
      return `WHEN ${key} = ${kSql} THEN ${value}`;
    });
    return { sql: `CASE ${branches.join(' ')} ELSE ${field} END`, name: c.name, ids: [node.id] };
  });
  return { from: f.view, cols };
}
