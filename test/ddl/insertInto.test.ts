/**
 * INSERT INTO on the local engine as Athena documents it (https://docs.aws.amazon.com/athena/latest/ug/insert-into.html
 * and https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html): dynamic partitions (the partition column
 * last), the files written where Athena writes them (`<location>/k=v/`, or the registered partition's location),
 * the partitions registered in the catalog, the 100-partition limit, the formats Athena writes, and Trino's type
 * check. Expected rows come from the data written here.
 */
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, objectsText, q, projectWithDatabase, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'tpch100';

/** l_shipdate → how many lineitems ship that day (a few days of January, February and March 1992) */
const SHIP_DAYS: Record<string, number> = { '1992-01-02': 2, '1992-01-03': 1, '1992-01-31': 3, '1992-02-01': 2, '1992-02-29': 1, '1992-03-01': 2 };
const LINEITEMS = Object.entries(SHIP_DAYS).flatMap(([day, n], d) =>
  Array.from({ length: n }, (_, i) => ({ l_orderkey: d * 10 + i, l_quantity: i + 1.5, l_returnflag: i % 2 === 0 ? 'N' : 'R', l_shipdate: day })),
);
const days = (month: string) => Object.keys(SHIP_DAYS).filter((d) => d.startsWith(month));

/** the compression codecs of the Parquet files under a prefix */
async function codecs(prefix: string): Promise<string[]> {
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  try {
    const files = (await keys(prefix)).map((k) => `'${path.join(t.storage.prefixPath(BUCKET, ''), k)}'`);
    return ((await conn.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata([${files.join(', ')}]) ORDER BY 1`)).getRowsJson() as string[][]).map((r) => r[0]!);
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
}

async function keys(prefix: string): Promise<string[]> {
  return (await t.storage.list(BUCKET, { prefix })).objects.map((o) => o.key).sort();
}

before(async () => {
  ({ project, t } = await projectWithDatabase(DB));
  for (const day of Object.keys(SHIP_DAYS)) {
    const rows = LINEITEMS.filter((l) => l.l_shipdate === day).map(({ l_shipdate: _, ...rest }) => rest);
    await t.storage.put(BUCKET, `lineitem/l_shipdate=${day}/part.json`, ndjson(rows));
  }
  // the source table of the documentation's example (Parquet there, JSON here: the same columns)
  await q(t, `CREATE EXTERNAL TABLE \`tpch100.lineitem_parq_partitioned\`(
  \`l_orderkey\` int, 
  \`l_quantity\` double, 
  \`l_returnflag\` string)
PARTITIONED BY ( 
  \`l_shipdate\` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://${BUCKET}/lineitem/'`);
  await q(t, 'MSCK REPAIR TABLE lineitem_parq_partitioned', DB);
});
after(async () => {
  await project.cleanup();
});

describe('CTAS and INSERT INTO a partitioned table (ctas-insert-into.html)', () => {
  it('CTAS makes January, INSERT INTO adds February: partitions, files, catalog, rows', async () => {
    await q(t, `CREATE table my_lineitem_parq_partitioned
WITH (partitioned_by = ARRAY['l_shipdate']) AS
SELECT l_orderkey,
         l_quantity,
         l_returnflag,
         l_shipdate
FROM tpch100.lineitem_parq_partitioned
WHERE cast(l_shipdate as timestamp) < DATE ('1992-02-01');`, DB);
    assert.deepEqual((await q(t, 'SHOW PARTITIONS my_lineitem_parq_partitioned;', DB)).rows, days('1992-01').map((d) => [`l_shipdate=${d}`]));

    const inserted = await q(t, `INSERT INTO my_lineitem_parq_partitioned
SELECT l_orderkey,
         l_quantity,
         l_returnflag,
         l_shipdate
FROM tpch100.lineitem_parq_partitioned
WHERE cast(l_shipdate as timestamp) >= DATE ('1992-02-01')
AND cast(l_shipdate as timestamp) < DATE ('1992-03-01');`, DB);
    const february = LINEITEMS.filter((l) => l.l_shipdate.startsWith('1992-02'));
    assert.equal(inserted.exec.statistics?.rows, february.length);
    assert.deepEqual(
      (await q(t, 'SHOW PARTITIONS my_lineitem_parq_partitioned;', DB)).rows,
      [...days('1992-01'), ...days('1992-02')].map((d) => [`l_shipdate=${d}`]),
    );
    // the catalog: each new partition at <table location>/l_shipdate=<day>/
    const table = (await t.catalog.table(DB, 'my_lineitem_parq_partitioned'))!;
    const location = `s3://${BUCKET}/tables/${DB}/my_lineitem_parq_partitioned/`;
    assert.equal(table.storage.location, location);
    assert.deepEqual(table.partitionKeys, [{ name: 'l_shipdate', type: 'string' }]);
    for (const d of days('1992-02')) assert.deepEqual(table.partitions!.find((p) => p.values[0] === d), { values: [d], location: `${location}l_shipdate=${d}/` });
    // the files: Parquet, one folder per partition, no partition column inside
    const files = await keys(`tables/${DB}/my_lineitem_parq_partitioned/`);
    for (const d of days('1992-02')) assert.ok(files.some((k) => k.startsWith(`tables/${DB}/my_lineitem_parq_partitioned/l_shipdate=${d}/`) && k.endsWith('.parquet')), d);
    // the rows a query reads
    const r = await q(t, 'SELECT l_shipdate, count(*), sum(l_quantity) FROM my_lineitem_parq_partitioned GROUP BY 1 ORDER BY 1', DB);
    const expected = [...days('1992-01'), ...days('1992-02')].map((d) => {
      const ls = LINEITEMS.filter((l) => l.l_shipdate === d);
      return [d, ls.length, ls.reduce((n, l) => n + l.l_quantity, 0)];
    });
    assert.deepEqual(r.rows, expected);
  });

  it('a row of an existing partition goes to its registered location, wherever that is', async () => {
    await t.storage.createBucket('archive');
    await q(t, "ALTER TABLE my_lineitem_parq_partitioned PARTITION (l_shipdate = '1992-01-02') SET LOCATION 's3://archive/old/0102/'", DB);
    await q(t, "INSERT INTO my_lineitem_parq_partitioned VALUES (99, 9.5, 'A', '1992-01-02')", DB);
    const archived = (await t.storage.list('archive', { prefix: 'old/0102/' })).objects;
    assert.equal(archived.length, 1);
    assert.deepEqual((await q(t, "SELECT l_orderkey, \"$path\" FROM my_lineitem_parq_partitioned WHERE l_shipdate = '1992-01-02'", DB)).rows, [[99, `s3://archive/${archived[0]!.key}`]]);
  });

  it('a NULL partition value goes to __HIVE_DEFAULT_PARTITION__ and reads back as NULL', async () => {
    await q(t, 'INSERT INTO my_lineitem_parq_partitioned (l_orderkey, l_quantity) VALUES (100, 1.0)', DB);
    const table = (await t.catalog.table(DB, 'my_lineitem_parq_partitioned'))!;
    assert.ok(table.partitions!.some((p) => p.values[0] === '__HIVE_DEFAULT_PARTITION__' && p.location.endsWith('/l_shipdate=__HIVE_DEFAULT_PARTITION__/')));
    assert.deepEqual((await q(t, 'SELECT l_orderkey, l_returnflag, l_shipdate FROM my_lineitem_parq_partitioned WHERE l_shipdate IS NULL', DB)).rows, [[100, null, null]]);
  });

  it('more than 100 partitions: HIVE_TOO_MANY_OPEN_PARTITIONS, and nothing is written', async () => {
    await q(t, `CREATE EXTERNAL TABLE many (v int) PARTITIONED BY (k int) STORED AS PARQUET LOCATION 's3://${BUCKET}/many/'`, DB);
    const values = (n: number) => `(VALUES ${Array.from({ length: n }, (_, i) => `(${i})`).join(', ')}) AS r(x)`;
    const e = await fails(t, `INSERT INTO many\nSELECT x, x FROM ${values(101)}`, DB);
    assert.equal(e.error!.message, 'line 2:1: HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/buckets');
    assert.deepEqual(await keys('many/'), []);
    assert.deepEqual((await t.catalog.table(DB, 'many'))!.partitions ?? [], []);
    // 100 is allowed
    await q(t, `INSERT INTO many SELECT x, x FROM ${values(100)}`, DB);
    assert.equal((await t.catalog.table(DB, 'many'))!.partitions!.length, 100);
    assert.deepEqual((await q(t, 'SELECT count(*), sum(k), sum(v) FROM many', DB)).rows, [[100, 4950, 4950]]);
    // the same limit for CTAS
    const ctas = await fails(t, `CREATE TABLE many2 WITH (partitioned_by = ARRAY['k']) AS\nSELECT x AS v, x AS k FROM ${values(101)}`, DB);
    assert.equal(ctas.error!.message, 'line 2:1: HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/buckets');
    assert.equal(await t.catalog.table(DB, 'many2'), undefined);
  });
});

describe('INSERT INTO … VALUES and column lists (insert-into.html)', () => {
  before(async () => {
    await q(t, `CREATE EXTERNAL TABLE cities (id int, city string, state string, state_motto string) STORED AS PARQUET LOCATION 's3://${BUCKET}/cities/'`, DB);
  });

  it("inserts the documentation's rows; each INSERT adds a file", async () => {
    await q(t, `INSERT INTO cities 
VALUES (1,'Lansing','MI','Si quaeris peninsulam amoenam circumspice')`, DB);
    await q(t, `INSERT INTO cities 
VALUES (1,'Lansing','MI','Si quaeris peninsulam amoenam circumspice'),
       (3,'Boise','ID','Esto perpetua')`, DB);
    assert.equal((await keys('cities/')).length, 2);
    // Parquet as Athena writes it for Hive tables: GZIP, unless the table says otherwise
    // (https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html)
    assert.deepEqual(await codecs('cities/'), ['GZIP']);
    await q(t, "ALTER TABLE cities SET TBLPROPERTIES ('parquet.compression' = 'SNAPPY')", DB);
    await q(t, "INSERT INTO cities VALUES (4, 'Reno', 'NV', 'Battle Born')", DB);
    assert.deepEqual(await codecs('cities/'), ['GZIP', 'SNAPPY']);
    assert.deepEqual((await q(t, 'SELECT id, city, state, state_motto FROM cities ORDER BY id, city', DB)).rows, [
      [1, 'Lansing', 'MI', 'Si quaeris peninsulam amoenam circumspice'],
      [1, 'Lansing', 'MI', 'Si quaeris peninsulam amoenam circumspice'],
      [3, 'Boise', 'ID', 'Esto perpetua'],
      [4, 'Reno', 'NV', 'Battle Born'],
    ]);
  });

  it('a column list: the listed columns, the others NULL', async () => {
    await q(t, `CREATE EXTERNAL TABLE cities_world (city string, state string, country string) STORED AS PARQUET LOCATION 's3://${BUCKET}/cities_world/'`, DB);
    await q(t, "INSERT INTO cities_world VALUES ('Boise', 'ID', 'usa'), ('Porto', NULL, 'portugal'), ('Austin', 'TX', 'usa')", DB);
    await q(t, `CREATE EXTERNAL TABLE cities_usa (city string, state string, population bigint) STORED AS PARQUET LOCATION 's3://${BUCKET}/cities_usa/'`, DB);
    await q(t, `INSERT INTO cities_usa (city,state)
SELECT city,state
FROM cities_world
    WHERE country='usa'`, DB);
    assert.deepEqual((await q(t, 'SELECT city, state, population FROM cities_usa ORDER BY city', DB)).rows, [
      ['Austin', 'TX', null],
      ['Boise', 'ID', null],
    ]);
    assert.equal((await fails(t, 'INSERT INTO cities_usa (town) VALUES (1)', DB)).error!.message, 'line 1:1: Insert column name does not exist in target table: town');
    assert.equal((await fails(t, "INSERT INTO cities_usa (city, city) VALUES ('a', 'b')", DB)).error!.message, 'line 1:1: Insert column name is specified more than once: city');
  });

  it("types must coerce as Trino's do: a string is not a bigint, an integer is, NULL goes anywhere", async () => {
    const e = await fails(t, "INSERT INTO cities_usa\nVALUES ('Reno', 'NV', '264165')", DB);
    assert.equal(e.error!.message, 'line 2:1: Insert query has mismatched column types: Table: [varchar, varchar, bigint], Query: [varchar(4), varchar(2), varchar(6)]');
    const ints = await fails(t, 'INSERT INTO cities_usa\nVALUES (1, 2, 3)', DB);
    assert.equal(ints.error!.message, 'line 2:1: Insert query has mismatched column types: Table: [varchar, varchar, bigint], Query: [integer, integer, integer]');
    await q(t, "INSERT INTO cities_usa VALUES ('Reno', NULL, 264165)", DB);
    assert.deepEqual((await q(t, "SELECT state, population FROM cities_usa WHERE city = 'Reno'", DB)).rows, [[null, 264165]]);
  });
});

describe('INSERT INTO text tables', () => {
  it('a delimited text table (LazySimpleSerDe): fields split by its delimiter, NULL as \\N; read back', async () => {
    await q(t, `CREATE EXTERNAL TABLE pipes (id int, name string, score double) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/pipes/'`, DB);
    await q(t, "INSERT INTO pipes VALUES (1, 'ann', 1.5), (2, NULL, NULL)", DB);
    // gzip-compressed: Athena's default for text files (https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html)
    const text = await objectsText(t, BUCKET, 'pipes/', true);
    assert.deepEqual(text.trim().split('\n').sort(), ['1|ann|1.5', '2|\\N|\\N']);
    assert.deepEqual((await q(t, 'SELECT id, name, score FROM pipes ORDER BY id', DB)).rows, [
      [1, 'ann', 1.5],
      [2, null, null],
    ]);
  });

  // Trino's text encodings (lib/trino-hive-formats …/encodings/text ListEncoding, MapEncoding) with the table's
  // separators of each level: COLLECTION ITEMS TERMINATED BY (collection.delim), MAP KEYS TERMINATED BY (mapkey.delim)
  it('arrays and maps of a delimited text table are written with its collection and map-key separators; read back', async () => {
    await q(t, `CREATE EXTERNAL TABLE pipes_nested (id int, tags array<string>, attrs map<string,int>) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' COLLECTION ITEMS TERMINATED BY ',' MAP KEYS TERMINATED BY ':' LOCATION 's3://${BUCKET}/pipes_nested/'`, DB);
    await q(t, "INSERT INTO pipes_nested VALUES (1, ARRAY['a', NULL, 'b'], MAP(ARRAY['tier'], ARRAY[3])), (2, ARRAY[], NULL)", DB);
    assert.deepEqual((await objectsText(t, BUCKET, 'pipes_nested/', true)).trim().split('\n').sort(), ['1|a,\\N,b|tier:3', '2||\\N']);
    assert.deepEqual(JSON.parse(JSON.stringify((await q(t, 'SELECT id, tags, attrs FROM pipes_nested ORDER BY id', DB)).rows)), [
      [1, ['a', null, 'b'], { tier: 3 }],
      [2, [], null],
    ]);
  });

  it('an OpenCSVSerde table takes rows only when every column is a string (insert-into.html, Supported formats)', async () => {
    await q(t, `CREATE EXTERNAL TABLE csv_typed (id int, name string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://${BUCKET}/csv_typed/'`, DB);
    const e = await fails(t, "INSERT INTO csv_typed VALUES (1, 'a')", DB);
    assert.equal(e.error!.message, 'line 1:1: INSERT INTO tpch100.csv_typed: Athena writes OpenCSVSerde tables only when every column is a string, and id is int');
    await q(t, `CREATE EXTERNAL TABLE csv_semi (id string, name string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar' = ';') LOCATION 's3://${BUCKET}/csv_semi/'`, DB);
    await q(t, "INSERT INTO csv_semi VALUES ('1', 'a;b'), ('2', 'c')", DB);
    assert.deepEqual((await q(t, 'SELECT id, name FROM csv_semi ORDER BY id', DB)).rows, [
      ['1', 'a;b'],
      ['2', 'c'],
    ]);
  });
});

// "For Hive tables in Athena engine versions 2 and 3 … GZIP is the default write compression format for files in the
// Parquet and text file storage formats" (text file includes CSV and JSON) — https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html;
// `write.compression` "specifies a compression format for data in the text file or JSON formats" —
// https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-tblproperties.html
describe('compression, as Athena writes it', () => {
  it('INSERT INTO a JSON table writes gzip (.gz) unless write.compression is NONE; other codecs are refused by name', async () => {
    await q(t, `CREATE EXTERNAL TABLE events (id int, what string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/events/'`, DB);
    await q(t, "INSERT INTO events VALUES (1, 'a'), (2, NULL)", DB);
    const lines = (await objectsText(t, BUCKET, 'events/', true)).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
    // OpenX's writer leaves a NULL field out (OpenXJsonSerializer: without explicit.null, null fields are not put)
    assert.deepEqual(lines.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [{ id: 1, what: 'a' }, { id: 2 }]);
    await q(t, `CREATE EXTERNAL TABLE events_plain (id int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/events_plain/' TBLPROPERTIES ('write.compression'='NONE')`, DB);
    await q(t, 'INSERT INTO events_plain VALUES (3)', DB);
    assert.equal((await objectsText(t, BUCKET, 'events_plain/', false)).trim(), '{"id":3}');
    await q(t, `CREATE EXTERNAL TABLE events_zstd (id int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/events_zstd/' TBLPROPERTIES ('write.compression'='ZSTD')`, DB);
    const e = await fails(t, 'INSERT INTO events_zstd VALUES (4)', DB);
    assert.equal(e.error!.message, 'line 1:1: INSERT INTO tpch100.events_zstd (write.compression): the local engine writes text and JSON files gzip-compressed (GZIP) or uncompressed (NONE), not ZSTD');
    assert.deepEqual(await keys('events_zstd/'), []);
    assert.deepEqual((await q(t, 'SELECT id, what FROM events ORDER BY id', DB)).rows, [
      [1, 'a'],
      [2, null],
    ]);
  });

  it('CTAS writes Parquet with GZIP and JSON gzip-compressed unless write_compression names another', async () => {
    await q(t, `CREATE TABLE ctas_parquet WITH (external_location='s3://${BUCKET}/ctas_parquet/') AS SELECT 1 AS a`, DB);
    assert.deepEqual(await codecs('ctas_parquet/'), ['GZIP']);
    await q(t, `CREATE TABLE ctas_snappy WITH (external_location='s3://${BUCKET}/ctas_snappy/', write_compression='SNAPPY') AS SELECT 1 AS a`, DB);
    assert.deepEqual(await codecs('ctas_snappy/'), ['SNAPPY']);
    await q(t, `CREATE TABLE ctas_json WITH (format='JSON', external_location='s3://${BUCKET}/ctas_json/') AS SELECT 1 AS a`, DB);
    assert.equal((await objectsText(t, BUCKET, 'ctas_json/', true)).trim(), '{"a":1}');
    await q(t, `CREATE TABLE ctas_json_plain WITH (format='JSON', write_compression='NONE', external_location='s3://${BUCKET}/ctas_json_plain/') AS SELECT 1 AS a`, DB);
    assert.equal((await objectsText(t, BUCKET, 'ctas_json_plain/', false)).trim(), '{"a":1}');
    const e = await fails(t, `CREATE TABLE ctas_bz WITH (format='TEXTFILE', write_compression='BZIP2', external_location='s3://${BUCKET}/ctas_bz/') AS SELECT 1 AS a`, DB);
    assert.match(e.error!.message, /CTAS write_compression: the local engine writes text and JSON files gzip-compressed \(GZIP\) or uncompressed \(NONE\), not BZIP2$/);
    assert.deepEqual((await q(t, 'SELECT a FROM ctas_json', DB)).rows, [[1]]);
  });

  // create-table-as.md lists CTAS's properties: parquet_compression is write_compression for PARQUET ("specifying a
  // value for write_compression is equivalent to specifying a value for parquet_compression"; "you cannot specify
  // both"); bucketed_by/bucket_count make a bucketed table the local engine does not write (they were ignored: an
  // unbucketed table instead); a name the page does not list fails as Trino's AbstractPropertyManager words it
  it('CTAS properties: parquet_compression honoured, bucketed_by refused by name, an unknown property fails; nothing written', async () => {
    await q(t, `CREATE TABLE ctas_pq_snappy WITH (parquet_compression='SNAPPY', external_location='s3://${BUCKET}/ctas_pq_snappy/') AS SELECT 1 AS a`, DB);
    assert.deepEqual(await codecs('ctas_pq_snappy/'), ['SNAPPY']);
    const both = await fails(t, `CREATE TABLE ctas_both WITH (parquet_compression='SNAPPY', write_compression='GZIP', external_location='s3://${BUCKET}/ctas_both/') AS SELECT 1 AS a`, DB);
    assert.match(both.error!.message, /CTAS takes one of write_compression and parquet_compression, not both/);
    const bucketed = await fails(t, `CREATE TABLE ctas_bucketed WITH (bucketed_by=ARRAY['a'], bucket_count=2, external_location='s3://${BUCKET}/ctas_bucketed/') AS SELECT 1 AS a`, DB);
    assert.match(bucketed.error!.message, /^line 1:1: CTAS property bucketed_by is not supported by the local engine \(Athena has it\)/);
    const unknown = await fails(t, `CREATE TABLE ctas_foo WITH (foo='x', external_location='s3://${BUCKET}/ctas_foo/') AS SELECT 1 AS a`, DB);
    assert.equal(unknown.error!.message, "line 1:1: Catalog 'awsdatacatalog' table property 'foo' does not exist");
    const iceberg = await fails(t, `CREATE TABLE ctas_loc WITH (location='s3://${BUCKET}/ctas_loc/') AS SELECT 1 AS a`, DB);
    assert.match(iceberg.error!.message, /CTAS property location applies to Iceberg tables \(table_type = 'ICEBERG'\), not to a Hive table/);
    assert.deepEqual([...(await keys('ctas_bucketed/')), ...(await keys('ctas_foo/')), ...(await keys('ctas_both/'))], []);
    assert.equal(await t.catalog.table(DB, 'ctas_bucketed'), undefined);
  });
});

// Trino writes a decimal in JSON as Java's BigDecimal.toString() text, trailing zeros of the scale kept, scientific
// below an adjusted exponent of -6 (java.math.BigDecimal#toString javadoc: 0.00000001 at scale 8 is `1E-8`, its zero
// `0E-8`, -0.0000001234 `-1.234E-7`): a Hive JsonSerDe table (CTAS format = 'JSON') as a JSON number —
// trinodb/trino lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/json/JsonSerializer.java,
// `generator.writeNumber(value.toBigDecimal().toString())`; an OpenX JsonSerDe table as a JSON string —
// …/line/openxjson/OpenXJsonSerializer.java returns `value.toBigDecimal().toString()` (a String), which its
// JsonWriter.writeJsonString quotes. DuckDB alone writes `5.5`, `1e-8`.
describe('decimals in the JSON Athena writes (Java BigDecimal text)', () => {
  const DECIMALS = 'CAST(5.50 AS decimal(10,2)) AS d, CAST(0.00000001 AS decimal(10,8)) AS tiny, CAST(0 AS decimal(10,8)) AS z, CAST(-0.0000001234 AS decimal(12,10)) AS n, CAST(0.0000012 AS decimal(10,7)) AS six, CAST(12 AS decimal(5,0)) AS i, CAST(NULL AS decimal(4,2)) AS nul';
  const LINE = '{"d":5.50,"tiny":1E-8,"z":0E-8,"n":-1.234E-7,"six":0.0000012,"i":12,"nul":null}';

  it('CTAS format = JSON and INSERT INTO the Hive JsonSerDe table it makes write the BigDecimal text as a number', async () => {
    await q(t, `CREATE TABLE ctas_dec WITH (format='JSON', write_compression='NONE', external_location='s3://${BUCKET}/ctas_dec/') AS SELECT ${DECIMALS}`, DB);
    assert.equal(await objectsText(t, BUCKET, 'ctas_dec/', false), `${LINE}\n`);
    await q(t, `CREATE TABLE ctas_dec2 WITH (format='JSON', external_location='s3://${BUCKET}/ctas_dec2/') AS SELECT CAST(1 AS integer) AS id, CAST(5.5 AS decimal(10,2)) AS d`, DB);
    await q(t, 'INSERT INTO ctas_dec2 VALUES (2, CAST(0.1 AS decimal(10,2)))', DB);
    assert.deepEqual((await objectsText(t, BUCKET, 'ctas_dec2/', true)).trim().split('\n').sort(), ['{"id":1,"d":5.50}', '{"id":2,"d":0.10}']);
    assert.deepEqual((await q(t, 'SELECT id, d FROM ctas_dec2 ORDER BY id', DB)).rows, [[1, '5.50'], [2, '0.10']]);
  });

  // JsonSerializer writes a double with Jackson's `generator.writeNumber(double)` (a real with writeNumber(float)), on
  // Trino's JsonUtils.jsonFactory() (a default JsonFactoryBuilder with read constraints only: no fast double writer),
  // whose text is Java's Double.toString (Float.toString): `1.0E20`, `1.0E-5`, `2.0` (java.lang.Double#toString javadoc)
  it('CTAS format = JSON writes a double as Java Double.toString (1.0E20, 1.0E-5)', async () => {
    await q(t, `CREATE TABLE ctas_dbl WITH (format='JSON', write_compression='NONE', external_location='s3://${BUCKET}/ctas_dbl/') AS SELECT CAST(1e20 AS double) AS big, CAST(0.00001 AS double) AS small, CAST(2 AS double) AS two, CAST(1.5 AS real) AS r`, DB);
    assert.equal(await objectsText(t, BUCKET, 'ctas_dbl/', false), '{"big":1.0E20,"small":1.0E-5,"two":2.0,"r":1.5}\n');
  });

  it('INSERT INTO an OpenX JsonSerDe table writes the BigDecimal text as a string', async () => {
    await q(t, `CREATE EXTERNAL TABLE openx_dec (id int, d decimal(10,2)) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/openx_dec/' TBLPROPERTIES ('write.compression'='NONE')`, DB);
    await q(t, 'INSERT INTO openx_dec VALUES (1, CAST(5.5 AS decimal(10,2)))', DB);
    assert.equal(await objectsText(t, BUCKET, 'openx_dec/', false), '{"id":1,"d":"5.50"}\n');
  });

  // JsonSerializer's ArrayValueWriter / MapValueWriter / RowValueWriter write a nested decimal with the same writer
  // as a column's: the BigDecimal text, a number (a map key: SqlDecimal.toString(), Decimals.toString, plain)
  it('a decimal inside an array, a map or a row is written as a top-level one is', async () => {
    await q(t, `CREATE TABLE ctas_dec_nested WITH (format='JSON', write_compression='NONE', external_location='s3://${BUCKET}/ctas_dec_nested/') AS SELECT ARRAY[CAST(5.50 AS decimal(10,2))] AS ds, MAP(ARRAY[CAST(0.00000001 AS decimal(10,8))], ARRAY[CAST(0.00000001 AS decimal(10,8))]) AS m, CAST(ROW(0.5) AS ROW(x decimal(4,2))) AS r`, DB);
    assert.equal(await objectsText(t, BUCKET, 'ctas_dec_nested/', false), '{"ds":[5.50],"m":{"0.00000001":1E-8},"r":{"x":0.50}}\n');
  });
});
