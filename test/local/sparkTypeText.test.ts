/**
 * A frame's types as PySpark prints them (src/core/targets/local/sparkTypeText.ts), the expected text taken from
 * PySpark's own doctests in python/pyspark/sql/types.py:
 *   - Spark 3.3 (Glue 4.0): `_parse_datatype_string("a: array< short>")` →
 *     `StructType(List(StructField(a,ArrayType(ShortType,true),true)))`, `"a: byte, b: decimal(  16 , 8   ) "` →
 *     `StructType(List(StructField(a,ByteType,true),StructField(b,DecimalType(16,8),true)))`,
 *     `" map<string , string > "` → `MapType(StringType,StringType,true)`;
 *   - Spark 3.5 (Glue 5.0): the reprs `StructField('%s', %s, %s)` with Python's True, `StructType([%s])` joined by
 *     ", ", `ArrayType(%s, %s)`, `MapType(%s, %s, %s)`, the atomic types as `LongType()` (DataType.__repr__:
 *     `self.__class__.__name__ + "()"`); DecimalType keeps `DecimalType(%d,%d)`;
 *   - `dtypes`: `[(str(f.name), f.dataType.simpleString()) …]` — `bigint`, `int`, `array<string>`,
 *     `struct<a:int,b:string>` (StructField.simpleString `"%s:%s"`), `map<string,bigint>`, `decimal(16,8)`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sparkDtypes, sparkSchemaRepr } from '../../src/core/targets/local/sparkTypeText';

describe('df.schema and df.dtypes as PySpark prints them', () => {
  test('Spark 3.3 (glueVersion 4.0)', () => {
    assert.equal(sparkSchemaRepr([{ name: 'a', type: 'SMALLINT[]' }], '4.0'), 'StructType(List(StructField(a,ArrayType(ShortType,true),true)))');
    assert.equal(
      sparkSchemaRepr(
        [
          { name: 'a', type: 'TINYINT' },
          { name: 'b', type: 'DECIMAL(16,8)' },
        ],
        '4.0',
      ),
      'StructType(List(StructField(a,ByteType,true),StructField(b,DecimalType(16,8),true)))',
    );
    assert.equal(sparkSchemaRepr([{ name: 'm', type: 'MAP(VARCHAR, VARCHAR)' }], '4.0'), 'StructType(List(StructField(m,MapType(StringType,StringType,true),true)))');
  });

  test('Spark 3.5 (glueVersion 5.0)', () => {
    assert.equal(sparkSchemaRepr([{ name: 'a', type: 'SMALLINT[]' }], '5.0'), "StructType([StructField('a', ArrayType(ShortType(), True), True)])");
    assert.equal(
      sparkSchemaRepr(
        [
          { name: 'id', type: 'BIGINT' },
          { name: 's', type: 'STRUCT(x VARCHAR, "Y z" DOUBLE)' },
          { name: 'd', type: 'DECIMAL(16,8)' },
        ],
        '5.0',
      ),
      "StructType([StructField('id', LongType(), True), StructField('s', StructType([StructField('x', StringType(), True), StructField('Y z', DoubleType(), True)]), True), StructField('d', DecimalType(16,8), True)])",
    );
  });

  test('dtypes: simpleString, field names as they are', () => {
    assert.deepEqual(
      sparkDtypes([
        { name: 'id', type: 'BIGINT' },
        { name: 'n', type: 'INTEGER' },
        { name: 'tags', type: 'VARCHAR[]' },
        { name: 'Rec', type: 'STRUCT(a INTEGER, B VARCHAR)' },
        { name: 'm', type: 'MAP(VARCHAR, BIGINT)' },
        { name: 'at', type: 'TIMESTAMP' },
      ]),
      [
        ['id', 'bigint'],
        ['n', 'int'],
        ['tags', 'array<string>'],
        ['Rec', 'struct<a:int,B:string>'],
        ['m', 'map<string,bigint>'],
        ['at', 'timestamp'],
      ],
    );
  });

  test('a ChoiceType (held as JSON) has no Spark type: undefined, for the caller to refuse', () => {
    assert.equal(sparkDtypes([{ name: 'x', type: 'JSON' }]), undefined);
    assert.equal(sparkSchemaRepr([{ name: 'x', type: 'STRUCT(a JSON)' }], '5.0'), undefined);
  });
});
