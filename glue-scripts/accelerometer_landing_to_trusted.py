import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue import DynamicFrame

def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

# Script generated for node Accelerometer Landing
AccelerometerLanding_node1718050226103 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="accelerometer_landing", transformation_ctx="AccelerometerLanding_node1718050226103")

# Script generated for node Customer Trusted
CustomerTrusted_node1718050223474 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="customer_trusted", transformation_ctx="CustomerTrusted_node1718050223474")

# Script generated for node Readings Of Trusted Customers
SqlQuery0 = """
select a.user, a.timestamp, a.x, a.y, a.z
from accelerometer_landing a
where a.user in (select c.email from customer_trusted c)
"""
ReadingsOfTrustedCustomers_node1718050282522 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"accelerometer_landing":AccelerometerLanding_node1718050226103, "customer_trusted":CustomerTrusted_node1718050223474}, transformation_ctx = "ReadingsOfTrustedCustomers_node1718050282522")

# Script generated for node Accelerometer Trusted
# (purge first: a re-run replaces the zone instead of appending to it)
glueContext.purge_s3_path("s3://${bucket}/accelerometer/trusted/", {"retentionPeriod": 0})
AccelerometerTrusted_node1718050339386 = glueContext.getSink(path="s3://${bucket}/accelerometer/trusted/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="AccelerometerTrusted_node1718050339386")
AccelerometerTrusted_node1718050339386.setCatalogInfo(catalogDatabase="${database}",catalogTableName="accelerometer_trusted")
AccelerometerTrusted_node1718050339386.setFormat("json")
AccelerometerTrusted_node1718050339386.writeFrame(ReadingsOfTrustedCustomers_node1718050282522)
job.commit()
