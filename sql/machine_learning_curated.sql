CREATE EXTERNAL TABLE IF NOT EXISTS `${database}`.`machine_learning_curated` (
  `sensorreadingtime` bigint,
  `serialnumber` string,
  `distancefromobject` bigint,
  `timestamp` bigint,
  `x` double,
  `y` double,
  `z` double
)
COMMENT 'Step Trainer readings joined with accelerometer readings of the same customer taken at the same time; no PII (written by machine_learning_curated).'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive' = 'TRUE',
  'ignore.malformed.json' = 'FALSE',
  'dots.in.keys' = 'FALSE',
  'mapping' = 'TRUE'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${bucket}/step_trainer/curated/'
TBLPROPERTIES ('classification' = 'json')
