import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetPartitionsCommand, GetTableCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { isLakehouseError } from '../../src/core/errors';
import type { CatalogTable } from '../../src/core/model';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { GlueCatalog } from '../../src/core/targets/aws/glueCatalog';
import { installGlueCatalog } from './fake/glueCatalog';
import { FakeAws } from './fake/server';
import { S3RVER_CREDENTIALS, s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

let s3: S3rverHandle;
let fake: FakeAws;
let conn: AwsConnection;
let catalog: GlueCatalog;
/** a Glue client of its own, to see the wire shapes the fake stores */
let raw: GlueClient;

before(async () => {
  s3 = await startS3rver();
  fake = await FakeAws.start({ s3Endpoint: s3.endpoint, bucket: 'lake', database: 'stedi' });
  installGlueCatalog(fake);
  conn = await AwsConnection.open(s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, glue: fake.endpoint, athena: fake.endpoint, logs: fake.endpoint } }));
  catalog = new GlueCatalog(conn);
  raw = new GlueClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
  await catalog.createDatabase({ name: 'stedi', description: 'STEDI lakehouse' });
});

after(async () => {
  raw?.destroy();
  conn?.close();
  await fake?.close();
  await s3?.stop();
});

const withoutTimes = (t: CatalogTable | undefined): Partial<CatalogTable> | undefined => {
  if (!t) return t;
  const { createTime: _c, updateTime: _u, ...rest } = t;
  return rest;
};

/** A JSON table with every part the lakehouse uses. */
const stepTrainer: CatalogTable = {
  database: 'stedi',
  name: 'step_trainer_landing',
  tableType: 'EXTERNAL_TABLE',
  comment: 'raw step trainer readings',
  storage: {
    columns: [
      { name: 'sensorreadingtime', type: 'bigint', comment: 'epoch ms' },
      { name: 'serialnumber', type: 'string' },
      { name: 'distancefromobject', type: 'int' },
      { name: 'readings', type: 'array<struct<x:double,y:double,tags:map<string,int>>>' },
      { name: 'price', type: 'decimal(10,2)' },
    ],
    location: 's3://lake/step_trainer/landing/',
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: {
      serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      parameters: { 'case.insensitive': 'TRUE', 'ignore.malformed.json': 'FALSE', 'dots.in.keys': 'FALSE', 'mapping.ts': 'sensorReadingTime' },
    },
  },
  partitionKeys: [
    { name: 'year', type: 'string' },
    { name: 'month', type: 'int', comment: '1-12' },
  ],
  parameters: { classification: 'json', EXTERNAL: 'TRUE', 'skip.header.line.count': '0' },
};

describe('GlueCatalog: databases', () => {
  test('create, read, list; a second create fails unless ifNotExists', async () => {
    await catalog.createDatabase({ name: 'analytics', locationUri: 's3://lake/analytics/' });
    await catalog.createDatabase({ name: 'analytics' }, { ifNotExists: true });
    await assert.rejects(catalog.createDatabase({ name: 'analytics' }), (e) => isAwsError(e, 'AlreadyExists') && e.code === 'AlreadyExists' && /analytics/.test(e.message));
    const db = await catalog.database('analytics');
    assert.equal(db?.name, 'analytics');
    assert.equal(db?.locationUri, 's3://lake/analytics/');
    assert.match(db?.createTime ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal((await catalog.database('stedi'))?.description, 'STEDI lakehouse');
    const names = (await catalog.databases()).map((d) => d.name);
    assert.ok(names.includes('analytics') && names.includes('stedi'), names.join(','));
    assert.deepEqual(names, [...names].sort());
  });

  test('a missing database is undefined', async () => {
    assert.equal(await catalog.database('no_such_db'), undefined);
  });

  test('drop: refused while tables remain (naming them), cascade drops the tables, ifExists tolerates a missing one', async () => {
    await catalog.createDatabase({ name: 'scratch' });
    for (const name of ['b_table', 'a_table']) await catalog.putTable({ ...stepTrainer, database: 'scratch', name, partitionKeys: [] });
    await assert.rejects(
      catalog.dropDatabase('scratch'),
      (e) => isLakehouseError(e, 'InvalidInput') && /scratch/.test(e.message) && /a_table, b_table/.test(e.message) && /CASCADE/.test(e.message),
    );
    assert.ok(await catalog.database('scratch'));
    await catalog.dropDatabase('scratch', { cascade: true });
    assert.equal(await catalog.database('scratch'), undefined);
    assert.equal(await fake.local.catalog.database('scratch'), undefined);
    await catalog.dropDatabase('scratch', { ifExists: true });
    await assert.rejects(catalog.dropDatabase('scratch'), (e) => isLakehouseError(e, 'EntityNotFound') && /scratch/.test(e.message));
  });
});

describe('GlueCatalog: tables', () => {
  test('a table with every part round-trips, and is stored in Glue shape', async () => {
    await catalog.putTable(stepTrainer);

    // what Glue holds (seen with a client of our own), written out by hand
    const { Table } = await raw.send(new GetTableCommand({ DatabaseName: 'stedi', Name: 'step_trainer_landing' }));
    assert.ok(Table);
    assert.equal(Table.Name, 'step_trainer_landing');
    assert.equal(Table.DatabaseName, 'stedi');
    assert.equal(Table.TableType, 'EXTERNAL_TABLE');
    assert.equal(Table.Description, 'raw step trainer readings');
    assert.ok(Table.CreateTime instanceof Date);
    assert.deepEqual(Table.Parameters, { classification: 'json', EXTERNAL: 'TRUE', 'skip.header.line.count': '0' });
    assert.deepEqual(Table.PartitionKeys, [
      { Name: 'year', Type: 'string' },
      { Name: 'month', Type: 'int', Comment: '1-12' },
    ]);
    const sd = Table.StorageDescriptor!;
    assert.deepEqual(sd.Columns, [
      { Name: 'sensorreadingtime', Type: 'bigint', Comment: 'epoch ms' },
      { Name: 'serialnumber', Type: 'string' },
      { Name: 'distancefromobject', Type: 'int' },
      { Name: 'readings', Type: 'array<struct<x:double,y:double,tags:map<string,int>>>' },
      { Name: 'price', Type: 'decimal(10,2)' },
    ]);
    assert.equal(sd.Location, 's3://lake/step_trainer/landing/');
    assert.equal(sd.InputFormat, 'org.apache.hadoop.mapred.TextInputFormat');
    assert.equal(sd.OutputFormat, 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
    assert.deepEqual(sd.SerdeInfo, {
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'case.insensitive': 'TRUE', 'ignore.malformed.json': 'FALSE', 'dots.in.keys': 'FALSE', 'mapping.ts': 'sensorReadingTime' },
    });

    // read back through the client: the same table, with times as ISO text and no partitions yet
    const back = await catalog.table('stedi', 'step_trainer_landing');
    assert.deepEqual(withoutTimes(back), { ...stepTrainer, partitions: [] });
    assert.match(back?.createTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });

  test('partitions: added with BatchCreatePartition, read with GetPartitions (more than one page)', async () => {
    const partitions = [];
    for (let i = 0; i < 1050; i++) {
      const year = String(2000 + Math.floor(i / 12));
      const month = String((i % 12) + 1);
      partitions.push({ values: [year, month], location: `s3://lake/step_trainer/landing/year=${year}/month=${month}/` });
    }
    const before = fake.callsOf('AWSGlue.BatchCreatePartition').length;
    await catalog.putTable({ ...stepTrainer, partitions }, { replace: true });
    // 100 partitions per request at most: 11 requests
    assert.equal(fake.callsOf('AWSGlue.BatchCreatePartition').length - before, 11);
    const got = await raw.send(new GetPartitionsCommand({ DatabaseName: 'stedi', TableName: 'step_trainer_landing', MaxResults: 5 }));
    assert.equal(got.Partitions?.length, 5);
    assert.ok(got.NextToken);

    const pagesBefore = fake.callsOf('AWSGlue.GetPartitions').length;
    const back = await catalog.table('stedi', 'step_trainer_landing');
    assert.ok(fake.callsOf('AWSGlue.GetPartitions').length - pagesBefore >= 2, 'GetPartitions was paged');
    const key = (p: { values: string[] }) => p.values.join('/');
    assert.deepEqual(back?.partitions?.map(key).sort(), partitions.map(key).sort());
    const p = back?.partitions?.find((x) => key(x) === '2001/3');
    assert.equal(p?.location, 's3://lake/step_trainer/landing/year=2001/month=3/');

    // putting the table again adds nothing new, and UpdateTable keeps the partitions
    const again = fake.callsOf('AWSGlue.BatchCreatePartition').length;
    await catalog.putTable({ ...stepTrainer, partitions: partitions.slice(0, 10) }, { replace: true });
    assert.equal(fake.callsOf('AWSGlue.BatchCreatePartition').length, again);
    assert.equal((await catalog.table('stedi', 'step_trainer_landing'))?.partitions?.length, 1050);
  });

  test('a view keeps its SQL, stored as Athena\'s Presto View', async () => {
    const view: CatalogTable = {
      database: 'stedi',
      name: 'trainer_view',
      tableType: 'VIRTUAL_VIEW',
      storage: {
        columns: [
          { name: 'serialnumber', type: 'string' },
          { name: 'n', type: 'bigint' },
          { name: 'tags', type: 'array<string>' },
        ],
        location: '',
        serde: { serializationLibrary: '', parameters: {} },
      },
      partitionKeys: [],
      parameters: { presto_view: 'true' },
      viewText: "SELECT serialnumber, count(*) AS n, ARRAY['a'] AS tags\nFROM step_trainer_landing\nGROUP BY 1",
    };
    await catalog.putTable(view);
    const { Table } = await raw.send(new GetTableCommand({ DatabaseName: 'stedi', Name: 'trainer_view' }));
    assert.equal(Table?.TableType, 'VIRTUAL_VIEW');
    assert.equal(Table?.ViewExpandedText, '/* Presto View */');
    const m = /^\/\* Presto View: (\S+) \*\/$/.exec(Table?.ViewOriginalText ?? '');
    assert.ok(m, Table?.ViewOriginalText);
    assert.deepEqual(JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')), {
      originalSql: view.viewText,
      catalog: 'awsdatacatalog',
      schema: 'stedi',
      columns: [
        { name: 'serialnumber', type: 'varchar' },
        { name: 'n', type: 'bigint' },
        { name: 'tags', type: 'array(varchar)' },
      ],
    });
    // the fake (Athena's catalog) reads it as the plain SQL
    assert.equal((await fake.local.catalog.table('stedi', 'trainer_view'))?.viewText, view.viewText);
    assert.deepEqual(withoutTimes(await catalog.table('stedi', 'trainer_view')), view);
  });

  test('putTable: a second create fails naming the table; ifNotExists keeps it; replace updates it', async () => {
    const t: CatalogTable = { ...stepTrainer, name: 'customer_trusted', partitionKeys: [] };
    await catalog.putTable(t);
    await assert.rejects(catalog.putTable(t), (e) => isAwsError(e, 'AlreadyExists') && /stedi\.customer_trusted/.test(e.message) && /glue:CreateTable/.test(e.message));
    await catalog.putTable({ ...t, comment: 'ignored' }, { ifNotExists: true });
    assert.equal((await catalog.table('stedi', 'customer_trusted'))?.comment, 'raw step trainer readings');
    const changed: CatalogTable = { ...t, storage: { ...t.storage, columns: [{ name: 'email', type: 'string' }] } };
    await catalog.putTable(changed, { replace: true });
    assert.deepEqual((await catalog.table('stedi', 'customer_trusted'))?.storage.columns, [{ name: 'email', type: 'string' }]);
    // replace of a table that does not exist yet creates it
    await catalog.putTable({ ...changed, name: 'customer_curated' }, { replace: true });
    assert.ok(await catalog.table('stedi', 'customer_curated'));
  });

  test('a missing table is undefined; dropping it is EntityNotFound naming it unless ifExists', async () => {
    assert.equal(await catalog.table('stedi', 'no_such_table'), undefined);
    assert.equal(await catalog.table('no_such_db', 'x'), undefined);
    await assert.rejects(
      catalog.dropTable('stedi', 'no_such_table'),
      (e) => isLakehouseError(e, 'EntityNotFound') && /stedi\.no_such_table/.test(e.message) && /glue:DeleteTable/.test(e.message),
    );
    await catalog.dropTable('stedi', 'no_such_table', { ifExists: true });
    await assert.rejects(catalog.tables('no_such_db'), (e) => isLakehouseError(e, 'EntityNotFound') && /Database no_such_db not found/.test(e.message));
    await catalog.putTable({ ...stepTrainer, name: 'to_drop', partitionKeys: [] });
    await catalog.dropTable('stedi', 'to_drop');
    assert.equal(await catalog.table('stedi', 'to_drop'), undefined);
  });

  test('tables() reads every page (more tables than GetTables returns at once)', async () => {
    await catalog.createDatabase({ name: 'many' });
    const names: string[] = [];
    for (let i = 0; i < 130; i++) names.push(`t_${String(i).padStart(3, '0')}`);
    for (const name of names) await catalog.putTable({ ...stepTrainer, database: 'many', name, partitionKeys: [] });
    const before = fake.callsOf('AWSGlue.GetTables').length;
    const tables = await catalog.tables('many');
    const calls = fake.callsOf('AWSGlue.GetTables').slice(before);
    assert.deepEqual(
      tables.map((t) => t.name),
      names,
    );
    assert.ok(calls.length >= 2, `GetTables called ${calls.length} times`);
    assert.equal(calls[0]!.input['NextToken'], undefined);
    assert.ok(typeof calls[1]!.input['NextToken'] === 'string');
    assert.deepEqual(tables[42]!.storage.serde, stepTrainer.storage.serde);

    // the wire: MaxResults paging, an Expression filter, and Glue's limit of 100
    const first = await raw.send(new GetTablesCommand({ DatabaseName: 'many', MaxResults: 50 }));
    assert.equal(first.TableList?.length, 50);
    const second = await raw.send(new GetTablesCommand({ DatabaseName: 'many', MaxResults: 50, NextToken: first.NextToken }));
    assert.equal(second.TableList?.[0]?.Name, 't_050');
    const filtered = await raw.send(new GetTablesCommand({ DatabaseName: 'many', Expression: 't_12*|t_007' }));
    assert.deepEqual(filtered.TableList?.map((t) => t.Name), ['t_007', 't_120', 't_121', 't_122', 't_123', 't_124', 't_125', 't_126', 't_127', 't_128', 't_129']);
    await assert.rejects(raw.send(new GetTablesCommand({ DatabaseName: 'many', MaxResults: 101 })), (e: Error) => e.name === 'InvalidInputException');
  });
});

describe('GlueCatalog: failures', () => {
  test('throttling is retried and then succeeds', async () => {
    const before = fake.callsOf('AWSGlue.GetTable').length;
    fake.inject({ operation: 'AWSGlue.GetTable', kind: 'throttle', times: 2 });
    const t = await catalog.table('stedi', 'customer_trusted');
    assert.equal(t?.name, 'customer_trusted');
    assert.equal(fake.callsOf('AWSGlue.GetTable').length - before, 3);
  });

  test('throttling beyond the retries names the action', async () => {
    fake.inject({ operation: 'AWSGlue.GetDatabases', kind: 'throttle', times: 3 });
    await assert.rejects(catalog.databases(), (e) => isAwsError(e, 'Throttled') && /glue:GetDatabases/.test(e.message));
    fake.clearFaults();
  });

  test('AccessDenied names the action and the resource', async () => {
    fake.inject({ operation: 'AWSGlue.GetTables', kind: 'access-denied', times: 1 });
    await assert.rejects(catalog.tables('stedi'), (e) => isAwsError(e, 'AccessDenied') && /glue:GetTables on stedi\.\*/.test(e.message));
    fake.inject({ operation: 'AWSGlue.CreateTable', kind: 'access-denied', times: 1 });
    await assert.rejects(
      catalog.putTable({ ...stepTrainer, name: 'denied', partitionKeys: [] }),
      (e) => isAwsError(e, 'AccessDenied') && /glue:CreateTable on stedi\.denied/.test(e.message),
    );
    assert.equal(await catalog.table('stedi', 'denied'), undefined);
  });

  // Glue's TableInput.Name: the single-line string pattern (API_TableInput); `bad name!` is a name Glue takes
  test('a name Glue refuses (a line break) is refused by Glue as InvalidInput', async () => {
    await assert.rejects(
      catalog.putTable({ ...stepTrainer, name: 'bad\nname', partitionKeys: [] }),
      (e) => isAwsError(e, 'InvalidRequest') && /InvalidInputException/.test(e.message) && /bad\nname/.test(e.message),
    );
  });

  // API_Column (AWS Glue API reference): Name 1-255, Comment 0-255, Type 0-131072 characters; "AWS Glue has a limit of
  // 255 characters for column comments. If this limit is exceeded, the Glue API throws an error" (apache/iceberg PR 16746)
  test('a column comment of 256 characters, or a column name of 256, is refused by Glue; 255 goes', async () => {
    const col = stepTrainer.storage.columns[0]!;
    const withColumn = (name: string, c: typeof col) => ({ ...stepTrainer, name, partitionKeys: [], storage: { ...stepTrainer.storage, columns: [c] } });
    await catalog.putTable(withColumn('comment_255', { ...col, comment: 'c'.repeat(255) }));
    await assert.rejects(catalog.putTable(withColumn('comment_256', { ...col, comment: 'c'.repeat(256) })), (e) => isAwsError(e, 'InvalidRequest') && /InvalidInputException/.test(e.message) && /length less than or equal to 255/.test(e.message));
    await assert.rejects(catalog.putTable(withColumn('name_256', { ...col, name: 'n'.repeat(256) })), (e) => isAwsError(e, 'InvalidRequest') && /InvalidInputException/.test(e.message));
    assert.equal(await catalog.table(stepTrainer.database, 'comment_256'), undefined);
  });

  // TableInput.Description (a table's comment): "not more than 2048 bytes long" (awsdocs/aws-glue-developer-guide
  // c4620ef, aws-glue-api-catalog-tables.md, TableInput Structure)
  test('a table comment of 2049 characters is refused by Glue; 2048 goes', async () => {
    const table = (name: string, comment: string) => ({ ...stepTrainer, name, partitionKeys: [], comment });
    await catalog.putTable(table('description_2048', 'd'.repeat(2048)));
    await assert.rejects(catalog.putTable(table('description_2049', 'd'.repeat(2049))), (e) => isAwsError(e, 'InvalidRequest') && /InvalidInputException/.test(e.message) && /length less than or equal to 2048/.test(e.message));
    assert.equal(await catalog.table(stepTrainer.database, 'description_2049'), undefined);
  });
});

