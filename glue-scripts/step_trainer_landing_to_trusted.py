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

# Script generated for node Step Trainer Landing
StepTrainerLanding_node1718052001458 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="step_trainer_landing", transformation_ctx="StepTrainerLanding_node1718052001458")

# Script generated for node Customer Curated
CustomerCurated_node1718052004127 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="customer_curated", transformation_ctx="CustomerCurated_node1718052004127")

# Script generated for node Readings Of Curated Customers
SqlQuery0 = """
select s.sensorreadingtime, s.serialnumber, s.distancefromobject
from step_trainer_landing s
where s.serialnumber in (select c.serialnumber from customer_curated c)
"""
ReadingsOfCuratedCustomers_node1718052047736 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"step_trainer_landing":StepTrainerLanding_node1718052001458, "customer_curated":CustomerCurated_node1718052004127}, transformation_ctx = "ReadingsOfCuratedCustomers_node1718052047736")

# Script generated for node Step Trainer Trusted
# (purge first: a re-run replaces the zone instead of appending to it)
glueContext.purge_s3_path("s3://${bucket}/step_trainer/trusted/", {"retentionPeriod": 0})
StepTrainerTrusted_node1718052095203 = glueContext.getSink(path="s3://${bucket}/step_trainer/trusted/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="StepTrainerTrusted_node1718052095203")
StepTrainerTrusted_node1718052095203.setCatalogInfo(catalogDatabase="${database}",catalogTableName="step_trainer_trusted")
StepTrainerTrusted_node1718052095203.setFormat("json")
StepTrainerTrusted_node1718052095203.writeFrame(ReadingsOfCuratedCustomers_node1718052047736)
job.commit()
