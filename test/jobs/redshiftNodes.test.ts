/**
 * Glue Studio's Amazon Redshift source and target nodes, refused by name at their line: a local run reaches no
 * Redshift cluster. The generated code is that of public Glue Studio scripts in the corpus
 * (akhileshappala/Masters-BDA-project Cloud-AWS/GlueJobs/Transform/covid_fact_data_load_ready.py: "# Script generated
 * for node DateDim Amazon Redshift" → create_dynamic_frame.from_options(connection_type="redshift",
 * connection_options={"redshiftTmpDir": …, "useConnectionProperties": "true", "dbtable": …, "connectionName": …});
 * vijayanand-88/DIQA QATest312.py: write_dynamic_frame.from_options(connection_type="redshift", …)).
 */
import { describe, it } from 'node:test';
import { assertRefusedAt } from './refusals';

const HEADER = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)
`;

const refused = (body: string, needle: string, message: RegExp): Promise<void> => assertRefusedAt(`${HEADER}${body}job.commit()\n`, needle, message);

describe('Amazon Redshift nodes', () => {
  it('a Redshift source node', () =>
    refused(
      `# Script generated for node DateDim Amazon Redshift
DateDimAmazonRedshift_node1683100056488 = glueContext.create_dynamic_frame.from_options(
    connection_type="redshift",
    connection_options={
        "redshiftTmpDir": "s3://bda-covid-data/temp/",
        "useConnectionProperties": "true",
        "dbtable": "public.dim_date",
        "connectionName": "covid-redshift-connector",
    },
    transformation_ctx="DateDimAmazonRedshift_node1683100056488",
)
`,
      '"redshift"',
      /create_dynamic_frame\.from_options with connection_type="redshift" \(an Amazon Redshift source node\) cannot run on the local engine: a local run reaches no Amazon Redshift cluster/,
    ));

  it('a Redshift target node', () =>
    refused(
      `src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://b/in/"]})
# Script generated for node Amazon Redshift
AmazonRedshift_node3 = glueContext.write_dynamic_frame.from_options(frame=src, connection_type="redshift", connection_options={"redshiftTmpDir": "s3://b/temp/", "useConnectionProperties": "true", "dbtable": "public.t", "connectionName": "c"}, transformation_ctx="AmazonRedshift_node3")
`,
      '"redshift"',
      /write_dynamic_frame\.from_options with connection_type="redshift" \(an Amazon Redshift target node\) cannot run on the local engine: a local run reaches no Amazon Redshift cluster.*write to S3 or a Data Catalog table instead/,
    ));
});
