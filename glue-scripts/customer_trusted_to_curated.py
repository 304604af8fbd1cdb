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

# Script generated for node Customer Trusted
CustomerTrusted_node1718051077310 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="customer_trusted", transformation_ctx="CustomerTrusted_node1718051077310")

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node1718051079865 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="accelerometer_trusted", transformation_ctx="AccelerometerTrusted_node1718051079865")

# A semi-join, not a join: each trusted customer comes out once however many readings they have.

# Script generated for node Customers With Readings
SqlQuery0 = """
select c.customername, c.email, c.phone, c.birthday, c.serialnumber, c.registrationdate, c.lastupdatedate,
  c.sharewithresearchasofdate, c.sharewithpublicasofdate, c.sharewithfriendsasofdate
from customer_trusted c
where c.email in (select a.user from accelerometer_trusted a)
"""
CustomersWithReadings_node1718051130947 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"customer_trusted":CustomerTrusted_node1718051077310, "accelerometer_trusted":AccelerometerTrusted_node1718051079865}, transformation_ctx = "CustomersWithReadings_node1718051130947")

# Script generated for node Customer Curated
# (purge first: a re-run replaces the zone instead of appending to it)
glueContext.purge_s3_path("s3://${bucket}/customer/curated/", {"retentionPeriod": 0})
CustomerCurated_node1718051188122 = glueContext.getSink(path="s3://${bucket}/customer/curated/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="CustomerCurated_node1718051188122")
CustomerCurated_node1718051188122.setCatalogInfo(catalogDatabase="${database}",catalogTableName="customer_curated")
CustomerCurated_node1718051188122.setFormat("json")
CustomerCurated_node1718051188122.writeFrame(CustomersWithReadings_node1718051130947)
job.commit()
