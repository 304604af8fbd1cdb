/**
 * `AT TIME ZONE INTERVAL '07:09' HOUR TO MINUTE`: the zone of that offset, as `AT TIME ZONE '+07:09'` — Trino's
 * AbstractTestEngineOnlyQueries.testAtTimeZone (prestosql era) expects the same value, `2012-10-30 18:09:00.000
 * +07:09`, of both forms of `TIMESTAMP '2012-10-31 01:00'` in its test session's zone; in Athena's session zone (UTC)
 * 01:00 UTC is 08:09 at +07:09. The query was refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure } from './trinoRun';

describe('AT TIME ZONE INTERVAL', () => {
  it("is the zone of the interval's offset, as AT TIME ZONE '+07:09'", async () => {
    const r = await athena("SELECT TIMESTAMP '2012-10-31 01:00' AT TIME ZONE INTERVAL '07:09' HOUR TO MINUTE, TIMESTAMP '2012-10-31 01:00' AT TIME ZONE '+07:09', TIMESTAMP '2012-10-31 01:00 UTC' AT TIME ZONE INTERVAL -'05:30' HOUR TO MINUTE");
    assert.deepEqual(r.rows, [['2012-10-31 08:09:00 +07:09', '2012-10-31 08:09:00 +07:09', '2012-10-30 19:30:00 -05:30']]);
    assert.deepEqual(r.types, ['timestamp(0) with time zone', 'timestamp(0) with time zone', 'timestamp(0) with time zone']);
  });

  it('an interval with seconds is refused by name (Trino fails on it, in words not published)', async () => {
    assert.match((await failure("SELECT TIMESTAMP '2012-10-31 01:00' AT TIME ZONE INTERVAL '30' SECOND")).message, /AT TIME ZONE with an interval of seconds or past 14 hours is not supported by the local engine/);
  });
});
