/**
 * A binary field printed by collect() as PySpark 3.3 gives it, a Python bytearray (src/core/targets/local/pythonRows.ts
 * bytearrayRepr). Expected values:
 *   - the Python Library Reference, "Bytes and Bytearray Operations": `bytearray.fromhex('2Ef0 F1f2  ')` is
 *     `bytearray(b'.\xf0\xf1\xf2')` (bytes above 0x7e as lower-case \xhh);
 *   - PySpark 3.3's unhex doctest: `[Row(unhex(a)=bytearray(b'ABC'))]` (test/conformance/pyspark/functions.json);
 *   - CPython's PyBytes_Repr (Objects/bytesobject.c), which bytearray's repr shares: the quote is ' unless the bytes
 *     hold a ' and no " ; the quote and the backslash are escaped, tab, newline and carriage return as \t \n \r,
 *     other bytes below 0x20 and 0x7f as \xhh.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytearrayRepr } from '../../src/core/targets/local/pythonRows';

describe("a binary value as Python's bytearray repr", () => {
  test('as the Python reference and the unhex doctest print it', () => {
    assert.equal(bytearrayRepr('2EF0F1F2'), "bytearray(b'.\\xf0\\xf1\\xf2')");
    assert.equal(bytearrayRepr('414243'), "bytearray(b'ABC')");
    assert.equal(bytearrayRepr(''), "bytearray(b'')");
  });
  test("PyBytes_Repr's quotes and escapes", () => {
    assert.equal(bytearrayRepr('27'), 'bytearray(b"\'")');
    assert.equal(bytearrayRepr('2722'), "bytearray(b'\\'\"')");
    assert.equal(bytearrayRepr('5C090A0D007F'), "bytearray(b'\\\\\\t\\n\\r\\x00\\x7f')");
  });
});
