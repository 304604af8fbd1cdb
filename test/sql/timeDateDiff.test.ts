/**
 * date_diff over TIME values: trinodb/trino core/trino-main, package io.trino.operator.scalar.time, dateDiff(unit, time(p), time(p)) —
 * `delta = time2 - time1`, then `delta / PICOSECONDS_PER_<UNIT>` (Java's division, toward zero) for millisecond,
 * second, minute and hour; any other unit fails "'<unit>' is not a valid TIME field". DuckDB casts no TIME to
 * TIMESTAMP: the query failed with DuckDB's "Unimplemented type for cast (TIME -> TIMESTAMP)".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure } from './trinoRun';

describe('date_diff(unit, time, time)', () => {
  it('whole units of time2 - time1, cut toward zero', async () => {
    const r = await athena("SELECT date_diff('minute', TIME '10:00', TIME '11:30'), date_diff('hour', TIME '11:59:59', TIME '10:00'), date_diff('second', TIME '10:00:00.900', TIME '10:00:01.100'), date_diff('millisecond', TIME '00:00:00', TIME '23:59:59.999')");
    assert.deepEqual(r.rows, [['90', '-1', '0', '86399999']]);
    assert.deepEqual(r.types, ['bigint', 'bigint', 'bigint', 'bigint']);
  });

  it("a calendar unit fails as Trino's does", async () => {
    assert.equal((await failure("SELECT date_diff('day', TIME '10:00', TIME '11:00')")).message, "'day' is not a valid TIME field");
  });
});
