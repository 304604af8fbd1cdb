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

# Script generated for node Customer Landing
CustomerLanding_node1718049871201 = glueContext.create_dynamic_frame.from_catalog(database="${database}", table_name="customer_landing", transformation_ctx="CustomerLanding_node1718049871201")

# Script generated for node Research Consent
SqlQuery0 = """
select customername, email, phone, birthday, serialnumber, registrationdate, lastupdatedate,
  sharewithresearchasofdate, sharewithpublicasofdate, sharewithfriendsasofdate
from customer_landing
where sharewithresearchasofdate is not null
"""
ResearchConsent_node1718049902544 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"customer_landing":CustomerLanding_node1718049871201}, transformation_ctx = "ResearchConsent_node1718049902544")

# Script generated for node Customer Trusted
# (purge first: a re-run replaces the zone instead of appending to it)
glueContext.purge_s3_path("s3://${bucket}/customer/trusted/", {"retentionPeriod": 0})
CustomerTrusted_node1718049940318 = glueContext.getSink(path="s3://${bucket}/customer/trusted/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="CustomerTrusted_node1718049940318")
CustomerTrusted_node1718049940318.setCatalogInfo(catalogDatabase="${database}",catalogTableName="customer_trusted")
CustomerTrusted_node1718049940318.setFormat("json")
CustomerTrusted_node1718049940318.writeFrame(ResearchConsent_node1718049902544)
job.commit()
