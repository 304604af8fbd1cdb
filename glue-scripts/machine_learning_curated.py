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

# Script generated for node Step Trainer Trusted
StepTrainerTrusted_node1718053012674 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="step_trainer_trusted", transformation_ctx="StepTrainerTrusted_node1718053012674")

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node1718053015090 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="accelerometer_trusted", transformation_ctx="AccelerometerTrusted_node1718053015090")

# Script generated for node Customer Curated
CustomerCurated_node1718053017745 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="customer_curated", transformation_ctx="CustomerCurated_node1718053017745")

# The original project joined step_trainer_trusted and accelerometer_trusted on time alone
# (sensorreadingtime = timestamp). Different customers share timestamps, so that matched other customers'
# readings too. Here a reading joins only its own customer's accelerometer rows: the step trainer's serial number
# leads to the customer (customer_curated), whose email is the accelerometer's user. No PII is kept.

# Script generated for node Readings At The Same Time
SqlQuery0 = """
select s.sensorreadingtime, s.serialnumber, s.distancefromobject, a.timestamp, a.x, a.y, a.z
from step_trainer_trusted s
join customer_curated c on c.serialnumber = s.serialnumber
join accelerometer_trusted a on a.user = c.email and a.timestamp = s.sensorreadingtime
"""
ReadingsAtTheSameTime_node1718053064321 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"step_trainer_trusted":StepTrainerTrusted_node1718053012674, "accelerometer_trusted":AccelerometerTrusted_node1718053015090, "customer_curated":CustomerCurated_node1718053017745}, transformation_ctx = "ReadingsAtTheSameTime_node1718053064321")

# Script generated for node Machine Learning Curated
# (purge first: a re-run replaces the zone instead of appending to it)
glueContext.purge_s3_path("s3://${bucket}/step_trainer/curated/", {"retentionPeriod": 0})
MachineLearningCurated_node1718053121540 = glueContext.getSink(path="s3://${bucket}/step_trainer/curated/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="MachineLearningCurated_node1718053121540")
MachineLearningCurated_node1718053121540.setCatalogInfo(catalogDatabase="${database}",catalogTableName="machine_learning_curated")
MachineLearningCurated_node1718053121540.setFormat("json")
MachineLearningCurated_node1718053121540.writeFrame(ReadingsAtTheSameTime_node1718053064321)
job.commit()
