/**
 * UNNEST of a map WITH ORDINALITY: Trino's select.md ("UNNEST can also be used with WITH ORDINALITY … an additional
 * ordinality column"; a map unnests into a key and a value column), its entries numbered from 1 in the order the map
 * holds them (built from ARRAY['a', 'b']: a, then b); beside a longer array the ordinality counts the longest. The
 * query failed with DuckDB's own error (its cardinality is a UBIGINT, which its range() does not take).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena } from './trinoRun';

describe('UNNEST(map) WITH ORDINALITY', () => {
  it('numbers the entries from 1', async () => {
    const r = await athena("SELECT k, v, n FROM UNNEST(MAP(ARRAY['a', 'b'], ARRAY[1, 2])) WITH ORDINALITY AS t(k, v, n) ORDER BY n");
    assert.deepEqual(r.rows, [['a', '1', '1'], ['b', '2', '2']]);
    assert.deepEqual(r.types, ['varchar(1)', 'integer', 'bigint']);
  });

  it('beside a longer array, up to the longest', async () => {
    const r = await athena("SELECT a, k, n FROM UNNEST(ARRAY[1, 2, 3], MAP(ARRAY['x'], ARRAY[9])) WITH ORDINALITY AS t(a, k, v, n) ORDER BY n");
    assert.deepEqual(r.rows, [['1', 'x', '1'], ['2', 'NULL', '2'], ['3', 'NULL', '3']]);
  });
});
