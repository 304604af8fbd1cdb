/**
 * A job's from_catalog source over a JSON table whose SerDe properties change which keys its columns read (honoured
 * by Athena, not by Glue's own reader, which gives a job the keys as the data spells them): the job reads the data's
 * keys (schema on read) — the corpus's Oh-Really/STEDI-lakehouse step_trainer_to_trusted.py (DDL with
 * 'case.insensitive' = 'FALSE' over camelCase keys) wrote no rows here where Glue writes every reading. A table read
 * through its SerDe locally ('ignore.malformed.json') is refused when the properties would change what the job reads.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { filesUnder, jsonRows, makeProject, runJob, runOk, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp.close();
});

const TABLE = (name: string, serdeProperties: string) => `CREATE EXTERNAL TABLE shop.${name} (
  customername string, email string, serialnumber string, sharewithresearchasofdate bigint
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
${serdeProperties}
LOCATION 's3://runner-test/customers/landing/'
TBLPROPERTIES ('classification' = 'json')`;

const JOB = (table: string, out: string) => `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

Customers_node1 = glueContext.create_dynamic_frame.from_catalog(database="shop", table_name="${table}", transformation_ctx="Customers_node1")
Sink_node2 = glueContext.write_dynamic_frame.from_options(frame=Customers_node1, connection_type="s3", format="json", connection_options={"path": "s3://runner-test/out/${out}/", "partitionKeys": []}, transformation_ctx="Sink_node2")
job.commit()
`;

async function addJob(name: string, table: string): Promise<void> {
  await fs.writeFile(path.join(tp.root, 'glue-scripts', `${name}.py`), JOB(table, name));
}

async function createTable(sql: string): Promise<void> {
  const q = await tp.target.queries.run(sql, { database: 'shop' });
  assert.equal(q.state, 'SUCCEEDED', q.error?.message);
}

describe('SerDe properties Glue does not honour', () => {
  test("'case.insensitive' = 'FALSE', 'dots.in.keys' = 'TRUE', a mapping to another key: Glue's reader ignores them and gives the job the keys the data has (Oh-Really's step_trainer_to_trusted.py)", async () => {
    await createTable(TABLE('customers_exact', "WITH SERDEPROPERTIES ('case.insensitive' = 'FALSE', 'dots.in.keys' = 'TRUE', 'mapping.serialnumber' = 'serial')"));
    await addJob('exact_copy', 'customers_exact');
    await runOk(tp, 'exact_copy');
    const rows = await jsonRows(tp.dir('out/exact_copy'));
    // customers.json's four lines, every field they have (the DDL names four of them), serialNumber from its own key
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => typeof (r['serialnumber'] ?? r['serialNumber']) === 'string' && typeof (r['customername'] ?? r['customerName']) === 'string'), JSON.stringify(rows));
  });

  test("the same properties on a table that also ignores malformed JSON (read through its SerDe here): refused, naming the table, its line and the properties", async () => {
    await createTable(TABLE('customers_lenient', "WITH SERDEPROPERTIES ('ignore.malformed.json' = 'TRUE', 'case.insensitive' = 'FALSE', 'mapping.serialnumber' = 'serial')"));
    await addJob('lenient_copy', 'customers_lenient');
    const run = await runJob(tp, 'lenient_copy');
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage ?? '', /^glue-scripts\/lenient_copy\.py:15: table shop\.customers_lenient has SerDe properties only Athena honours \('case\.insensitive' = 'FALSE', 'mapping\.serialnumber' = 'serial'\)/);
    assert.deepEqual([...(await filesUnder(tp.dir('out/lenient_copy'))).keys()], [], 'nothing written');
  });

  test("the defaults, and a mapping to the column's own key in another case: the job reads the keys the data has", async () => {
    await createTable(TABLE('customers_mapped', "WITH SERDEPROPERTIES ('case.insensitive' = 'TRUE', 'mapping.serialnumber' = 'serialNumber', 'mapping' = 'TRUE')"));
    await addJob('mapped_copy', 'customers_mapped');
    await runOk(tp, 'mapped_copy');
    const rows = await jsonRows(tp.dir('out/mapped_copy'));
    // the fixture's four customer lines, Ann twice; every one has its serial number
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => typeof (r['serialnumber'] ?? r['serialNumber']) === 'string'), JSON.stringify(rows));
  });
});
