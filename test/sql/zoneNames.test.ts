/**
 * Time zone names as Trino spells them. Trino finds a zone by the names of its zone index (trinodb/trino
 * core/trino-spi/src/main/resources/io/trino/spi/type/zone-index.properties, commit 029c93b6) and a
 * timestamp with time zone shows the name of its key (TimeZoneKey.getId): an alias is not resolved to another
 * name. `Asia/Kolkata` (key 1953) and `Asia/Calcutta` (key 1925) are two keys; `US/Pacific` (2173) is not
 * `America/Los_Angeles` (1825). ICU (Intl, DuckDB) resolves the aliases (`Asia/Kolkata` → `Asia/Calcutta`).
 * `Etc/GMT+5` is the offset -05:00 (TimeZoneKey.normalizeZoneId: the sign of an `Etc/GMT` prefix is inverted);
 * `EST` is commented out of the index ("not in java.time"): `Time zone not supported`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athena, failure } from './trinoRun';

describe('time zone names keep the spelling of Trino’s zone index', () => {
  it('an alias shows as itself, not as the name ICU resolves it to', async () => {
    const a = await athena(
      "SELECT TIMESTAMP '2024-03-10 12:00:00 UTC' AT TIME ZONE 'Asia/Kolkata', with_timezone(TIMESTAMP '2024-03-09 02:30:00', 'US/Pacific'), " +
        "from_unixtime(0, 'US/Eastern'), TIMESTAMP '2024-07-10 12:00:00 Asia/Ho_Chi_Minh', TIMESTAMP '2024-07-10 12:00:00 CET'",
    );
    assert.deepEqual(a.rows[0], [
      '2024-03-10 17:30:00 Asia/Kolkata',
      '2024-03-09 02:30:00 US/Pacific',
      '1969-12-31 19:00:00.000 US/Eastern',
      '2024-07-10 12:00:00 Asia/Ho_Chi_Minh',
      '2024-07-10 12:00:00 CET',
    ]);
    assert.equal(a.types[0], 'timestamp(0) with time zone');
  });

  it('the instant is the zone’s: 12:00 in Asia/Kolkata is 06:30 UTC; CAST to varchar writes the same name', async () => {
    const a = await athena(
      "SELECT hour(TIMESTAMP '2024-07-10 12:00:00 Asia/Kolkata' AT TIME ZONE 'UTC'), CAST(TIMESTAMP '2024-07-10 12:00:00 US/Pacific' AS varchar)",
    );
    assert.deepEqual(a.rows[0], ['6', '2024-07-10 12:00:00 US/Pacific']);
  });

  it('a name is found ignoring case and shows as the index writes it', async () => {
    assert.equal((await athena("SELECT with_timezone(TIMESTAMP '2024-03-10 02:30:00', 'asia/kolkata')")).rows[0]![0], '2024-03-10 02:30:00 Asia/Kolkata');
  });

  it('Etc/GMT+5 is -05:00; EST is not a Trino zone', async () => {
    assert.equal((await athena("SELECT TIMESTAMP '2024-07-10 12:00:00 Etc/GMT+5'")).rows[0]![0], '2024-07-10 12:00:00 -05:00');
    assert.match((await failure("SELECT TIMESTAMP '2024-07-10 12:00:00 EST'")).message, /Time zone not supported: EST/);
  });
});
