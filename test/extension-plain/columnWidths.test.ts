// The results grid fits its columns to the first block of rows before it lays them out (src/webview/format.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CellValue } from '../../src/core/model';
import { columnWidths } from '../../src/webview/format';

// a font where every character is 12 px wide in a header and 10 px in a cell
const measure = (text: string, header: boolean): number => text.length * (header ? 12 : 10);

describe('columnWidths', () => {
  it('takes the widest of the header (name or type, + 36 px) and the cells (+ 24 px)', () => {
    const columns = [
      { name: 'id', type: 'bigint' },
      { name: 'a_long_name_here', type: 'varchar' },
      { name: 'note', type: 'varchar' },
    ];
    const rows: CellValue[][] = [
      [1, 'x', 'hello world, twice'],
      [null, 'hello world', null],
    ];
    // id: header max(2, 6) chars × 12 + 36 = 108; cells "1" 34, "NULL" 64
    // a_long_name_here: header 16 × 12 + 36 = 228; cells "x" 34, "hello world" 134
    // note: header max(4, 7) × 12 + 36 = 120; cells "hello world, twice" 18 × 10 + 24 = 204
    assert.deepEqual(columnWidths(columns, rows, measure), [108, 228, 204]);
  });

  it('keeps widths between 70 and 400 px', () => {
    const columns = [
      { name: '', type: '' },
      { name: 'b', type: 'varchar' },
    ];
    // first: 36 from the (empty) header, 24 from the empty cell → 70; second: 100 × 10 + 24 → 400
    assert.deepEqual(columnWidths(columns, [['', 'y'.repeat(100)]], measure), [70, 400]);
  });

  it('measures structures as their JSON text and only the first 200 rows', () => {
    const columns = [{ name: 's', type: 'struct' }];
    const rows: CellValue[][] = Array.from({ length: 200 }, () => [{ a: 1 }]);
    rows.push(['z'.repeat(30)]);
    // header "struct" 6 × 12 + 36 = 108; '{"a":1}' 7 × 10 + 24 = 94; the 201st row (324) is not measured
    assert.deepEqual(columnWidths(columns, rows, measure), [108]);
  });
});
