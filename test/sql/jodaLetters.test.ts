/**
 * format_datetime's Joda-Time letters (Trino's DateTimeFunctions.formatDatetime uses org.joda.time.format.
 * DateTimeFormat.forPattern; its javadoc: "D day of year (number) 189", "e day of week (number) 2", "w week of
 * weekyear (number) 27", "x weekyear (year) 1996", "k clockhour of day (1~24)", "K hour of halfday (0~11)"; "Number:
 * The minimum number of digits. Shorter numbers are zero-padded to this amount"). 2021-01-01 is a Friday in ISO week
 * 53 of 2020; 2024-03-05 is day 65 of a leap year.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure, NOT_SUPPORTED } from './trinoRun';

describe('format_datetime: day of year, ISO day of week, week and week year', () => {
  it('D unpadded, DDD three digits; e Monday=1; ww and xxxx ISO 8601', async () => {
    const a = await athena("SELECT format_datetime(TIMESTAMP '2024-03-05 10:00:00', 'D'), format_datetime(TIMESTAMP '2024-03-05 10:00:00', 'DDD'), format_datetime(TIMESTAMP '2024-12-31 10:00:00', 'D'), format_datetime(TIMESTAMP '2021-01-01 10:00:00', 'xxxx-ww-e')");
    assert.deepEqual(a.rows, [['65', '065', '366', '2020-53-5']]);
  });

  it('letters without a strftime equal are refused by name', async () => {
    for (const p of ['DD', 'w', 'k', 'K', 'xx']) {
      const f = await failure(`SELECT format_datetime(TIMESTAMP '2024-03-05 10:00:00', '${p}')`);
      assert.match(f.message, NOT_SUPPORTED);
      assert.match(f.message, new RegExp(`pattern letter ${p} `));
    }
  });
});
