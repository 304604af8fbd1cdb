/**
 * The estimating aggregates other than approx_distinct are refused, saying why: Trino's documentation
 * (trinodb/trino docs/src/main/sphinx/functions/aggregate.md: approx_percentile "Returns the approximate percentile
 * for all input values of x at the given percentage", with a "maximum rank error" for its accuracy argument) names
 * no input for which the estimate is exact, and Trino computes it from a t-digest (core/trino-main
 * operator/aggregation/state/TDigestAndPercentileState.java) that the local engine cannot reproduce.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure, NOT_SUPPORTED } from './trinoRun';

describe('approx_percentile, approx_most_frequent, approx_set', () => {
  it('are refused with the reason and the exact form to write', async () => {
    const p = await failure('SELECT approx_percentile(x, 0.5) FROM (VALUES 1, 2, 3) t(x)');
    assert.match(p.message, NOT_SUPPORTED);
    assert.match(p.message, /approx_percentile .*estimate from a t-digest.*exact for no documented input.*array_sort\(array_agg\(x\)\)/);
    const f = await failure('SELECT approx_most_frequent(2, x, 10) FROM (VALUES 1, 2, 3) t(x)');
    assert.match(f.message, /approx_most_frequent .*estimate.*GROUP BY x/);
    assert.match((await failure('SELECT approx_set(x) FROM (VALUES 1, 2, 3) t(x)')).message, /HyperLogLog sketch/);
  });
});
