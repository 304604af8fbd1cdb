CREATE EXTERNAL TABLE IF NOT EXISTS `${database}`.`step_trainer_trusted` (
  `sensorreadingtime` bigint,
  `serialnumber` string,
  `distancefromobject` bigint
)
COMMENT 'Step Trainer readings of curated customers (written by step_trainer_landing_to_trusted).'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive' = 'TRUE',
  'ignore.malformed.json' = 'FALSE',
  'dots.in.keys' = 'FALSE',
  'mapping' = 'TRUE'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${bucket}/step_trainer/trusted/'
TBLPROPERTIES ('classification' = 'json')
