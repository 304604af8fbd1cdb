/**
 * json_parse and the JSON literal as Trino makes them: trinodb/trino core/trino-main/src/main/java/io/trino/util/
 * JsonTypeUtil.java `jsonParse` reads the text with Jackson into Java maps and lists (`SORTED_MAPPER.readValue(parser,
 * Object.class)`: a repeated key keeps its last value, LinkedHashMap.put) and writes it back with
 * ORDER_MAP_ENTRIES_BY_KEYS (JsonUtil.java: "ordered by key is required in Trino"); a number with a fraction or an
 * exponent is a Double written by Double.toString (`1e2` → `100.0`, `1e20` → `1.0E20`), an integer its digits.
 * json_extract of a varchar copies the structure as written (JsonExtract.JsonValueJsonExtractor:
 * copyCurrentStructure), so it keeps the text's order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, value } from './trinoRun';
import { trinoJsonParse } from '../../src/core/sql/trino/functions/jsonParse';

describe('json_parse of a constant, and JSON literals, as Trino writes them', () => {
  it('sorts keys at every depth; keeps the last of a repeated key', async () => {
    assert.deepEqual((await athena(`SELECT json_parse('{"b":1,"a":{"d":1,"c":[{"z":0,"y":1}]}}'), JSON '{"b":1,"a":2}', json_format(JSON '{"b":1,"a":2}'), json_parse('{"a":1,"a":2}')`)).rows, [
      ['{"a":{"c":[{"y":1,"z":0}],"d":1},"b":1}', '{"a":2,"b":1}', '{"a":2,"b":1}', '{"a":2}'],
    ]);
    // String.compareTo: upper case before lower case
    assert.equal(await value(`json_parse('{"a":1,"B":2,"A":3}')`), '{"A":3,"B":2,"a":1}');
  });

  it('numbers as Jackson writes them: integers as digits, the others as Java doubles', async () => {
    assert.equal(await value(`json_parse('[1, 2.0, 1.50, 1e2, 1e20, 12345678901234567890, -0, 0.0001]')`), '[1,2.0,1.5,100.0,1.0E20,12345678901234567890,0,1.0E-4]');
  });

  it('a map cast to JSON is sorted too; json_extract of a varchar keeps the text order', async () => {
    assert.deepEqual((await athena(`SELECT CAST(MAP(ARRAY['b','a'], ARRAY[1,2]) AS JSON), json_extract('{"b":1,"a":2}', '$')`)).rows, [['{"a":2,"b":1}', '{"b":1,"a":2}']]);
  });

  it('json_parse of a column is written the same way (keys sorted, the last of a repeated key, Java doubles)', async () => {
    // the same texts as above, read from a column: JsonTypeUtil.jsonParse does not care where the text comes from
    const rows = (await athena(`SELECT json_parse(x), json_format(json_parse(x)), json_extract_scalar(json_parse(x), '$.a') FROM (VALUES (1, '{"b":1,"a":{"d":1,"c":[{"z":0,"y":1}]}}'), (2, '{"a":1,"a":2}'), (3, '[1, 2.0, 1.50, 1e2, 1e20, 12345678901234567890, -0, 0.0001]'), (4, NULL)) t(i, x) ORDER BY i`)).rows;
    assert.deepEqual(rows, [
      ['{"a":{"c":[{"y":1,"z":0}],"d":1},"b":1}', '{"a":{"c":[{"y":1,"z":0}],"d":1},"b":1}', 'NULL'],
      ['{"a":2}', '{"a":2}', '2'],
      ['[1,2.0,1.5,100.0,1.0E20,12345678901234567890,0,1.0E-4]', '[1,2.0,1.5,100.0,1.0E20,12345678901234567890,0,1.0E-4]', 'NULL'],
      ['NULL', 'NULL', 'NULL'],
    ]);
    // not JSON: Trino's JsonFunctions.jsonParse fails with "Cannot convert value to JSON: '…'"
    const { failure } = await import('./trinoRun');
    assert.match((await failure(`SELECT json_parse(x) FROM (VALUES '{"a":1,}') t(x)`)).message, /Cannot convert value to JSON: '\{"a":1,\}'/);
  });

  it('a key is compared by its characters, escapes read (RFC 8259: \\u0061 is a), in objects of any size', () => {
    // Jackson reads "\u0061" as the key a: the same key as "a", so the last value wins (LinkedHashMap.put)
    assert.equal(trinoJsonParse('{"b":0,"a":1,"\\u0061":2}'), '{"a":2,"b":0}');
    // 20 members read in reverse: String.compareTo order, k10 … k19 between k1 and k2; a repeated k5's last value
    const members = Array.from({ length: 20 }, (_, i) => `"k${19 - i}":${19 - i}`);
    const sorted = Array.from({ length: 20 }, (_, i) => `k${i}`).sort();
    assert.equal(trinoJsonParse(`{${members.join(',')},"k5":"last"}`), `{${sorted.map((k) => `"${k}":${k === 'k5' ? '"last"' : k.slice(1)}`).join(',')}}`);
  });

  it('a text already written as Trino writes it comes back as it is; one changed place anywhere is written anew', () => {
    const canonical = '{"a":[1,2.5,{"p":null,"q":true}],"b":"x","c":{}}';
    assert.equal(trinoJsonParse(canonical), canonical);
    // in key order, but a double written another way, white space, an escape Jackson writes in upper case
    // (jackson-core CharTypes: HEX_CHARS "0123456789ABCDEF"), inside objects that are otherwise unchanged
    assert.equal(trinoJsonParse('{"a":{"b":1.50}}'), '{"a":{"b":1.5}}');
    assert.equal(trinoJsonParse('{"a":[1, 2]}'), '{"a":[1,2]}');
    assert.equal(trinoJsonParse('{"a":"\\u001f"}'), '{"a":"\\u001F"}');
  });

  it('text that is not JSON is refused as before', () => {
    assert.equal(trinoJsonParse('"\\u00e"'), undefined);
    assert.equal(trinoJsonParse('{"a":1.}'), undefined);
    assert.equal(trinoJsonParse('-'), undefined);
    assert.equal(trinoJsonParse('{"a":1,}'), undefined);
    assert.equal(trinoJsonParse('[1] x'), undefined);
    assert.equal(trinoJsonParse(' "\\u00e9\\n\\u0001" '), '"é\\n\\u0001"');
  });
});

describe('casting a JSON object or array to a scalar fails in Trino\'s words', () => {
  // JsonOperators.castToVarchar / castToBigint: format("Cannot cast '%s' to %s", json.toStringUtf8(), VARCHAR)
  it('quotes the JSON text', async () => {
    const { failure } = await import('./trinoRun');
    assert.match((await failure(`SELECT CAST(json_parse('{"b":1}') AS varchar)`)).message, /Cannot cast '\{"b":1\}' to varchar$/);
    assert.match((await failure(`SELECT CAST(JSON '[1]' AS bigint)`)).message, /Cannot cast '\[1\]' to bigint$/);
  });
});
