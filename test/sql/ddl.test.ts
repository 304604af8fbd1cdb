import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCreateTable, renderCreateTable, tableFormat, unsupportedFormatReason } from '../../src/core/sql/ddl';
import { splitStatements } from '../../src/core/sql/split';
import { parseStatement } from '../../src/core/sql/statements';
import { LakehouseError, type ErrorCode } from '../../src/core/errors';
import type { CatalogTable } from '../../src/core/model';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', 'sql', name), 'utf8');

const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';
const TEXT_IN = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
const PARQUET_IN = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
const PARQUET_OUT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat';
const LAZY = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
const CSV_SERDE = 'org.apache.hadoop.hive.serde2.OpenCSVSerde';

function fails(fn: () => unknown, message: string, line: number, column: number, code: ErrorCode = 'SqlSyntax'): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LakehouseError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    assert.equal(e.detail.line, line);
    assert.equal(e.detail.column, column);
    return true;
  });
}

test('the STEDI landing DDL becomes a Glue table with JSON serde defaults', () => {
  const ddl = `CREATE EXTERNAL TABLE IF NOT EXISTS stedi.Customer_Landing (
  customerName string COMMENT 'full name',
  email STRING,
  serialNumber string,
  shareWithResearchAsOfDate BIGINT
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://stedi-lakehouse/customer/landing'`;
  const { table, ifNotExists } = parseCreateTable(ddl);
  assert.equal(ifNotExists, true);
  const expected: CatalogTable = {
    database: 'stedi',
    name: 'customer_landing',
    tableType: 'EXTERNAL_TABLE',
    storage: {
      columns: [
        { name: 'customername', type: 'string', comment: 'full name' },
        { name: 'email', type: 'string' },
        { name: 'serialnumber', type: 'string' },
        { name: 'sharewithresearchasofdate', type: 'bigint' },
      ],
      location: 's3://stedi-lakehouse/customer/landing/',
      inputFormat: TEXT_IN,
      outputFormat: TEXT_OUT,
      serde: { serializationLibrary: JSON_SERDE, parameters: {} },
    },
    partitionKeys: [],
    // no `classification`: Athena's CREATE EXTERNAL TABLE adds none (Athena User Guide, create-table.md, TBLPROPERTIES:
    // "To run ETL jobs, AWS Glue requires that you create a table with the classification property … ETL jobs will
    // fail if you do not specify this property")
    parameters: {},
  };
  assert.deepEqual(table, expected);
  assert.equal(tableFormat(table), 'json');
});

test("Athena's SHOW CREATE TABLE output (JSON serde) parses", () => {
  const { table, ifNotExists } = parseCreateTable(fixture('athena_show_create_customer_landing.sql'), { defaultDatabase: 'STEDI' });
  assert.equal(ifNotExists, false);
  assert.equal(table.database, 'stedi');
  assert.equal(table.name, 'customer_landing');
  assert.deepEqual(
    table.storage.columns.map((c) => `${c.name}:${c.type}`),
    [
      'customername:string',
      'email:string',
      'phone:string',
      'birthday:string',
      'serialnumber:string',
      'registrationdate:bigint',
      'lastupdatedate:bigint',
      'sharewithresearchasofdate:bigint',
      'sharewithpublicasofdate:bigint',
      'sharewithfriendsasofdate:bigint',
    ],
  );
  // 'from deserializer' is what Athena prints for serde-described columns, not a comment anybody wrote
  assert.ok(table.storage.columns.every((c) => c.comment === undefined));
  assert.deepEqual(table.storage.serde, {
    serializationLibrary: JSON_SERDE,
    parameters: { 'case.insensitive': 'TRUE', 'dots.in.keys': 'FALSE', 'ignore.malformed.json': 'FALSE', mapping: 'TRUE' },
  });
  assert.equal(table.storage.inputFormat, TEXT_IN);
  assert.equal(table.storage.outputFormat, TEXT_OUT);
  assert.equal(table.storage.location, 's3://stedi-lakehouse/customer/landing/');
  assert.deepEqual(table.parameters, { classification: 'json', transient_lastDdlTime: '1690364542' });
  assert.equal(tableFormat(table), 'json');
  // and what we print for it reads back the same
  assert.deepEqual(parseCreateTable(renderCreateTable(table)).table, table);
});

test('Athena-printed ROW FORMAT DELIMITED with escapes, PARTITIONED BY and a `db.name` in one pair of backticks', () => {
  const { table } = parseCreateTable(fixture('athena_show_create_delimited.sql'));
  assert.equal(table.database, 'stedi');
  assert.equal(table.name, 'step_trainer_csv');
  assert.deepEqual(table.partitionKeys, [{ name: 'dt', type: 'string' }]);
  assert.deepEqual(table.storage.serde, {
    serializationLibrary: LAZY,
    parameters: { 'field.delim': '\t', 'serialization.format': '\t', 'line.delim': '\n' },
  });
  // the properties Athena printed, and no derived classification (create-table.md: Athena adds none)
  assert.deepEqual(table.parameters, { 'skip.header.line.count': '1', transient_lastDdlTime: '1690364600' });
  assert.equal(tableFormat(table), 'text');
  const rendered = renderCreateTable(table);
  assert.match(rendered, /^ROW FORMAT DELIMITED \n {2}FIELDS TERMINATED BY '\\t' \n {2}LINES TERMINATED BY '\\n' $/m);
  assert.deepEqual(parseCreateTable(rendered).table, table);
});

test('STORED AS formats fill serde and input/output formats as Athena does', () => {
  const base = "CREATE EXTERNAL TABLE t (a int) ";
  const loc = " LOCATION 's3://b/p/'";
  const parquet = parseCreateTable(`${base}STORED AS PARQUET${loc}`).table;
  assert.deepEqual(
    [parquet.storage.serde.serializationLibrary, parquet.storage.inputFormat, parquet.storage.outputFormat, parquet.parameters['classification']],
    // no classification: Athena's CREATE EXTERNAL TABLE adds none (create-table.md, TBLPROPERTIES; glue-best-practices.md,
    // "Creating tables using Athena for AWS Glue ETL jobs": the DDL must give 'classification'='parquet' itself)
    [PARQUET_SERDE, PARQUET_IN, PARQUET_OUT, undefined],
  );
  assert.equal(parquet.database, 'default');
  assert.equal(tableFormat(parquet), 'parquet');

  const text = parseCreateTable(`${base}ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' ESCAPED BY '\\\\' STORED AS TEXTFILE${loc}`).table;
  assert.deepEqual(text.storage.serde, {
    serializationLibrary: LAZY,
    parameters: { 'field.delim': ',', 'serialization.format': ',', 'escape.delim': '\\' },
  });
  assert.equal(text.storage.inputFormat, TEXT_IN);
  assert.equal(text.parameters['classification'], undefined);
  assert.equal(tableFormat(text), 'text');

  const csv = parseCreateTable(
    `${base}ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "\\"")${loc}`,
  ).table;
  assert.deepEqual(csv.storage.serde, { serializationLibrary: CSV_SERDE, parameters: { separatorChar: ',', quoteChar: '"' } });
  assert.equal(csv.storage.inputFormat, TEXT_IN);
  assert.equal(csv.parameters['classification'], undefined);
  assert.equal(tableFormat(csv), 'csv');

  const json = parseCreateTable(`${base}STORED AS JSON${loc}`).table;
  assert.equal(json.storage.serde.serializationLibrary, 'org.apache.hive.hcatalog.data.JsonSerDe');
  assert.equal(tableFormat(json), 'json');

  const explicit = parseCreateTable(`${base}ROW FORMAT SERDE '${PARQUET_SERDE}' STORED AS INPUTFORMAT '${PARQUET_IN}' OUTPUTFORMAT '${PARQUET_OUT}'${loc}`).table;
  assert.equal(tableFormat(explicit), 'parquet');

  // ORC and Avro parse; the local engine cannot read them
  const orc = parseCreateTable(`${base}stored as orc${loc}`).table;
  assert.equal(orc.storage.inputFormat, 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat');
  assert.equal(orc.parameters['classification'], undefined);
  assert.equal(tableFormat(orc), 'unsupported');
  assert.equal(tableFormat(parseCreateTable(`${base}STORED AS AVRO${loc}`).table), 'unsupported');
  // the rest of Athena's STORED AS list (CREATE TABLE: SEQUENCEFILE, TEXTFILE, RCFILE, ORC, PARQUET, AVRO, ION) parses
  // too, with the classes Hive and Athena's Ion SerDe page name; a query refuses them naming what it cannot read
  const ion = parseCreateTable(`${base}STORED AS ION${loc}`).table;
  assert.deepEqual([ion.storage.serde.serializationLibrary, ion.storage.inputFormat], ['com.amazon.ionhiveserde.IonHiveSerDe', 'com.amazon.ionhiveserde.formats.IonInputFormat']);
  assert.match(unsupportedFormatReason(ion), /^its SerDe com\.amazon\.ionhiveserde\.IonHiveSerDe is not supported by the local engine/);
  const rc = parseCreateTable(`${base}STORED AS RCFILE${loc}`).table;
  assert.equal(rc.storage.inputFormat, 'org.apache.hadoop.hive.ql.io.RCFileInputFormat');
  assert.equal(tableFormat(rc), 'unsupported');
  const seq = parseCreateTable(`${base}STORED AS SEQUENCEFILE${loc}`).table;
  assert.equal(tableFormat(seq), 'unsupported');
  assert.match(unsupportedFormatReason(seq), /^its input format org\.apache\.hadoop\.mapred\.SequenceFileInputFormat is not supported by the local engine/);
  // a SerDe the engine reads over an input format it does not (CloudTrail's): the input format is named
  const trail = parseCreateTable(`${base}ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'${loc}`).table;
  assert.equal(tableFormat(trail), 'unsupported');
  assert.match(unsupportedFormatReason(trail), /^its input format com\.amazon\.emr\.cloudtrail\.CloudTrailInputFormat is not supported by the local engine/);
  // a SerDe that is none of those Athena documents (Athena User Guide, supported-serdes.md and json-serde.md name
  // org.openx.data.jsonserde.JsonSerDe): a typo is not said to be read by Athena, and the SerDe meant is named
  const typo = parseCreateTable(`${base}ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDex'${loc}`).table;
  assert.equal(tableFormat(typo), 'unsupported');
  assert.equal(unsupportedFormatReason(typo), 'its SerDe org.openx.data.jsonserde.JsonSerDex is not supported by the local engine, nor among the SerDes Athena documents ("Supported SerDes and data formats", Athena User Guide); did you mean org.openx.data.jsonserde.JsonSerDe?');
  const custom = parseCreateTable(`${base}ROW FORMAT SERDE 'com.example.MySerDe'${loc}`).table;
  assert.doesNotMatch(unsupportedFormatReason(custom), /Athena reads it|did you mean/);
  // Grok is one Athena documents (grok-serde.md) that the local engine does not read
  const grok = parseCreateTable(`${base}ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe'${loc}`).table;
  assert.match(unsupportedFormatReason(grok), /^its SerDe com\.amazonaws\.glue\.serde\.GrokSerDe is not supported by the local engine \(Athena reads it\)$/);
  // RegexSerDe over text is read (regexSerde.ts)
  assert.equal(tableFormat(parseCreateTable(`${base}ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex'='(.*)')${loc}`).table), 'regex');
  // a classification the DDL gives is kept as written (glue-best-practices.md's example: TBLPROPERTIES ('classification'='parquet'))
  assert.equal(parseCreateTable(`${base}STORED AS PARQUET${loc} TBLPROPERTIES ('classification'='Parquet')`).table.parameters['classification'], 'Parquet');
  // Iceberg tables are not read locally
  assert.equal(tableFormat(parseCreateTable(`${base}${loc} TBLPROPERTIES ('table_type'='ICEBERG')`).table), 'unsupported');
});

test('quoted names, any keyword case, table comment, partition comments and types with spaces', () => {
  const ddl = `create external table if not exists "Sales"."Orders" (
  \`Order Id\` BIGINT comment 'the id',
  items ARRAY< STRUCT< sku: STRING, qty: INT > >,
  attrs map<string , string>,
  price DECIMAL( 10 , 2 )
) comment 'orders; one per line'
partitioned by (Year string comment 'yyyy', month int)
row format serde 'org.apache.hive.hcatalog.data.JsonSerDe'
location 's3://bucket/orders/'
tblproperties ('projection.enabled' = 'false')`;
  const { table } = parseCreateTable(ddl);
  assert.equal(table.database, 'sales');
  assert.equal(table.name, 'orders');
  assert.equal(table.comment, 'orders; one per line');
  assert.deepEqual(table.storage.columns, [
    { name: 'order id', type: 'bigint', comment: 'the id' },
    { name: 'items', type: 'array<struct<sku:string,qty:int>>' },
    { name: 'attrs', type: 'map<string,string>' },
    { name: 'price', type: 'decimal(10,2)' },
  ]);
  assert.deepEqual(table.partitionKeys, [
    { name: 'year', type: 'string', comment: 'yyyy' },
    { name: 'month', type: 'int' },
  ]);
  assert.deepEqual(table.parameters, { 'projection.enabled': 'false' });
  assert.deepEqual(parseCreateTable(renderCreateTable(table)).table, table);
});

test('SHOW CREATE TABLE output round-trips: quotes, backslashes, newlines and control characters in strings', () => {
  const tables: CatalogTable[] = [
    {
      database: 'stedi',
      name: 'weird `name`',
      tableType: 'EXTERNAL_TABLE',
      storage: {
        columns: [
          { name: 'a', type: 'string', comment: "it's a \\ backslash;\nand a new line" },
          { name: 'b c', type: 'struct<`x y`:array<int>,z:map<string,double>>' },
        ],
        location: 's3://bucket/a b/',
        inputFormat: TEXT_IN,
        outputFormat: TEXT_OUT,
        serde: { serializationLibrary: JSON_SERDE, parameters: { 'mapping.b c': "B'C", 'ignore.malformed.json': 'TRUE' } },
      },
      partitionKeys: [{ name: 'dt', type: 'date', comment: '' }],
      parameters: { classification: 'json', note: 'tab\there \u0001 ctrl' },
      comment: "customer's table",
    },
    {
      database: 'default',
      name: 'delimited',
      tableType: 'EXTERNAL_TABLE',
      storage: {
        columns: [{ name: 'x', type: 'int' }],
        location: 's3://bucket/d/',
        inputFormat: TEXT_IN,
        outputFormat: TEXT_OUT,
        serde: {
          serializationLibrary: LAZY,
          parameters: { 'field.delim': '\u0001', 'serialization.format': '\u0001', 'collection.delim': '\u0002', 'mapkey.delim': '\u0003', 'serialization.null.format': '\\N' },
        },
      },
      partitionKeys: [],
      parameters: { classification: 'csv' },
    },
    {
      // LazySimpleSerDe parameters that DELIMITED cannot express: printed as SERDE … WITH SERDEPROPERTIES
      database: 'default',
      name: 'lazy_extra',
      tableType: 'EXTERNAL_TABLE',
      storage: {
        columns: [{ name: 'x', type: 'int' }],
        location: 's3://bucket/e/',
        inputFormat: TEXT_IN,
        outputFormat: TEXT_OUT,
        serde: { serializationLibrary: LAZY, parameters: { 'serialization.format': '1' } },
      },
      partitionKeys: [],
      parameters: { classification: 'csv' },
    },
    {
      database: 'curated',
      name: 'machine_learning_curated',
      tableType: 'EXTERNAL_TABLE',
      storage: {
        columns: [
          { name: 'sensorreadingtime', type: 'bigint' },
          { name: 'x', type: 'double' },
        ],
        location: 's3://stedi-lakehouse/step_trainer/curated/',
        inputFormat: PARQUET_IN,
        outputFormat: PARQUET_OUT,
        serde: { serializationLibrary: PARQUET_SERDE, parameters: {} },
      },
      partitionKeys: [],
      parameters: { classification: 'parquet', 'parquet.compression': 'SNAPPY' },
    },
  ];
  for (const t of tables) {
    const text = renderCreateTable(t);
    assert.deepEqual(parseCreateTable(text).table, t, text);
    // the printed form is one statement for the splitter (its strings never end early)
    assert.equal(splitStatements(`${text};\nSELECT 1;`).length, 2, text);
  }
  assert.match(renderCreateTable(tables[1]!), /ROW FORMAT DELIMITED \n {2}FIELDS TERMINATED BY '\\u0001' \n {2}COLLECTION ITEMS TERMINATED BY '\\u0002' /);
  assert.match(renderCreateTable(tables[2]!), /ROW FORMAT SERDE \n {2}'org\.apache\.hadoop\.hive\.serde2\.lazy\.LazySimpleSerDe' \nWITH SERDEPROPERTIES \( \n {2}'serialization\.format'='1'\) /);
});

test("the printed form follows Athena's layout", () => {
  const { table } = parseCreateTable(
    "CREATE EXTERNAL TABLE stedi.t (a string, b bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('case.insensitive'='TRUE') LOCATION 's3://b/t' TBLPROPERTIES ('classification'='json')",
  );
  assert.equal(
    renderCreateTable(table),
    [
      'CREATE EXTERNAL TABLE `stedi`.`t`(',
      "  `a` string COMMENT 'from deserializer', ",
      "  `b` bigint COMMENT 'from deserializer')",
      'ROW FORMAT SERDE ',
      "  'org.openx.data.jsonserde.JsonSerDe' ",
      'WITH SERDEPROPERTIES ( ',
      "  'case.insensitive'='TRUE') ",
      'STORED AS INPUTFORMAT ',
      "  'org.apache.hadoop.mapred.TextInputFormat' ",
      'OUTPUTFORMAT ',
      "  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
      'LOCATION',
      "  's3://b/t/'",
      'TBLPROPERTIES (',
      "  'classification'='json')",
    ].join('\n'),
  );
});

test('errors name file, file-absolute line and column, and what was expected', () => {
  // the statement starts at line 3, column 1 of its file
  const ddl = "CREATE EXTERNAL TABLE customer_landing (\n  email string,\n  phone string\nLOCATION 's3://b/customer/landing/'";
  fails(
    () => parseCreateTable(ddl, { file: 'sql/customer_landing.sql', line: 3, column: 1 }),
    "sql/customer_landing.sql:6:1: expected ')' but found 'LOCATION'",
    6,
    1,
  );
  // on the statement's first line, columns shift by the statement's column
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a strin) LOCATION 's3://b/'", { file: 'x.sql', line: 2, column: 5 }),
    "x.sql:2:32: unknown column type 'strin' (expected string, int, bigint, double, boolean, date, timestamp, decimal(p,s), array<…>, map<…>, struct<…> …)",
    2,
    32,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int)\nROW FORMAT SERDE 'x'\n  STORED AS PARQET LOCATION 's3://b/'"),
    "3:13: expected a storage format (PARQUET, TEXTFILE, JSON, JSONFILE, ORC, AVRO, ION, RCFILE, SEQUENCEFILE) or INPUTFORMAT but found 'PARQET'",
    3,
    13,
  );
  fails(
    () => parseCreateTable('CREATE EXTERNAL TABLE stedi.t (a int)\nSTORED AS PARQUET', { file: 'f.sql' }),
    "f.sql:1:23: table stedi.t has no LOCATION (an external table needs LOCATION 's3://bucket/prefix/')",
    1,
    23,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int) LOCATION '/local/path'"),
    "1:42: LOCATION must be an S3 URI like 's3://bucket/prefix/', not '/local/path'",
    1,
    42,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int, A string) LOCATION 's3://b/'"),
    "1:33: column 'a' is declared twice (column and column)",
    1,
    33,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (a string) LOCATION 's3://b/'"),
    "1:49: column 'a' is declared twice (column and partition key)",
    1,
    49,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/' LOCATION 's3://c/'"),
    '1:52: LOCATION is given twice',
    1,
    52,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES ('k'='v', 'k'='w') LOCATION 's3://b/'"),
    "1:57: property 'k' is set twice",
    1,
    57,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES (k='v') LOCATION 's3://b/'"),
    "1:48: expected a property name in quotes ('key'='value') but found 'k'",
    1,
    48,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (a int) CLUSTERED BY (a) INTO 4 BUCKETS LOCATION 's3://b/'"),
    '1:33: CLUSTERED BY is not supported by the local engine',
    1,
    33,
    'SqlUnsupported',
  );
  fails(() => parseCreateTable('CREATE EXTERNAL TABLE t'), "1:24: expected '(' and the column list but found end of statement", 1, 24);
  fails(() => parseCreateTable("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/"), '1:42: unterminated string (missing closing \')', 1, 42);
  fails(() => parseCreateTable("CREATE VIEW v AS SELECT 1"), "1:8: expected TABLE but found 'VIEW'", 1, 8);
});

test("LOCATION with empty folders (//) is the location Athena makes of it: the extra / removed", () => {
  // "Do not use empty folders like // in the path, as follows: S3://bucketname/folder//folder/. While this is a valid
  // Amazon S3 path, Athena does not allow it and changes it to s3://bucketname/folder/folder/, removing the extra /."
  // (https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html)
  const { table } = parseCreateTable("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://bucketname/folder//folder/'");
  assert.equal(table.storage.location, 's3://bucketname/folder/folder/');
  const { table: t2 } = parseCreateTable("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://bucketname//a///b'");
  assert.equal(t2.storage.location, 's3://bucketname/a/b/');
});

// Athena User Guide, reserved-words.md (awsdocs/amazon-athena-user-guide@765e909): "Athena uses the following list of
// reserved keywords in its DDL statements. If you use them without escaping them, Athena issues an error. To escape
// them, enclose them in backticks"; the page's example escapes the table `partition` and the column `date`.
const RESERVED_HINT = '(Athena User Guide, "Reserved keywords": DDL reserved keywords must be enclosed in backticks)';

test('a bare DDL reserved keyword as a column, partition key or table name fails naming it; backticked it is a name', () => {
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (\n  id int,\n  date string)\nLOCATION 's3://b/t/'", { file: 'sql/t.sql' }),
    `sql/t.sql:3:3: 'date' is a reserved keyword in Athena DDL and cannot be a column name unquoted: write \`date\` ${RESERVED_HINT}`,
    3,
    3,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE t (id int) PARTITIONED BY (Date string) LOCATION 's3://b/t/'"),
    `1:50: 'Date' is a reserved keyword in Athena DDL and cannot be a partition key name unquoted: write \`Date\` ${RESERVED_HINT}`,
    1,
    50,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE partition (id int) LOCATION 's3://b/t/'"),
    `1:23: 'partition' is a reserved keyword in Athena DDL and cannot be a table name unquoted: write \`partition\` ${RESERVED_HINT}`,
    1,
    23,
  );
  fails(
    () => parseCreateTable("CREATE EXTERNAL TABLE db.table (id int) LOCATION 's3://b/t/'"),
    `1:26: 'table' is a reserved keyword in Athena DDL and cannot be a table name unquoted: write \`table\` ${RESERVED_HINT}`,
    1,
    26,
  );
  for (const word of ['order', 'group', 'current', 'interval', 'div']) {
    assert.throws(() => parseCreateTable(`CREATE EXTERNAL TABLE t (${word} string) LOCATION 's3://b/t/'`), new RegExp(`'${word}' is a reserved keyword`));
  }
  // the reserved-words.md example itself, backticked
  const { table } = parseCreateTable(
    "CREATE EXTERNAL TABLE `partition` (\n`date` INT, \ncol2 STRING\n)\nPARTITIONED BY (year STRING)\nSTORED AS TEXTFILE\nLOCATION 's3://test_bucket/test_examples/'",
  );
  assert.equal(table.name, 'partition');
  assert.deepEqual(table.storage.columns.map((c) => c.name), ['date', 'col2']);
});

test("words on the reserved list that AWS's own examples and public projects use bare stay names", () => {
  // getting-started.md:66 (`Date` DATE, Time STRING), vpc-flow-logs.md:37 (start bigint), lazy-simple-serde.md:38
  // (dayofweek INT), elasticloadbalancer-classic-logs.md:14 (timestamp string); ScottTpirate/Spark-and-Human-Balance-
  // Analytics accelerometer_landing.sql (user STRING), queried in its select_accelerometer_landing.png
  const { table } = parseCreateTable(
    "CREATE EXTERNAL TABLE t (`Date` DATE, Time STRING, start bigint, dayofweek INT, timestamp string, user STRING) LOCATION 's3://b/t/'",
  );
  assert.deepEqual(table.storage.columns.map((c) => c.name), ['date', 'time', 'start', 'dayofweek', 'timestamp', 'user']);
});

test('ALTER TABLE partition specs and column names: a bare DDL reserved keyword fails, backticked it is a name', () => {
  // reserved-words.md: "ALTER TABLE test_table ADD PARTITION (`date` = '2018-05-14')" and "DROP PARTITION
  // (`partition` = 'test_partition_value')", "The DDL reserved keywords are enclosed in backticks"
  fails(
    () => parseStatement("ALTER TABLE test_table ADD PARTITION (date = '2018-05-14')"),
    `1:39: 'date' is a reserved keyword in Athena DDL and cannot be a partition key unquoted: write \`date\` ${RESERVED_HINT}`,
    1,
    39,
  );
  fails(
    () => parseStatement("ALTER TABLE test_table DROP PARTITION (partition = 'test_partition_value')"),
    `1:40: 'partition' is a reserved keyword in Athena DDL and cannot be a partition key unquoted: write \`partition\` ${RESERVED_HINT}`,
    1,
    40,
  );
  assert.throws(() => parseStatement('ALTER TABLE t ADD COLUMNS (order string)'), /'order' is a reserved keyword in Athena DDL/);
  assert.throws(() => parseStatement('ALTER TABLE t CHANGE COLUMN a select string'), /'select' is a reserved keyword in Athena DDL/);
  assert.throws(() => parseStatement('ALTER TABLE table ADD COLUMNS (a string)'), /'table' is a reserved keyword in Athena DDL and cannot be a table name/);
  assert.equal(parseStatement("ALTER TABLE test_table ADD PARTITION (`date` = '2018-05-14')").kind, 'ALTER_TABLE');
  assert.equal(parseStatement("ALTER TABLE test_table DROP PARTITION (`partition` = 'test_partition_value')").kind, 'ALTER_TABLE');
});
