/**
 * The `pyspark.sql.functions` of each Glue version's PySpark: Glue 4.0 runs Spark 3.3 (PySpark 3.3.0), Glue 5.0
 * Spark 3.5. A script calling `F.<name>` that its Glue version's module lacks fails on Glue with Python's
 * AttributeError; the local runner, which knows the Spark 3.5 functions, refuses it the same way (colSql.ts).
 *
 * PYSPARK_33_FUNCTIONS is the function index of the PySpark 3.3.0 API reference — every entry of
 * spark.apache.org/docs/3.3.0/api/python/reference/pyspark.sql/functions.html (apache/spark-website
 * site/docs/3.3.0/api/python/reference/pyspark.sql/functions.html @3ab57c597a18b23bce89dd4249f92b41f202b941), in the
 * page's order, one section a line. It was copied from the page as read through the search tool: neither the Spark
 * repository (its snapshot is over the size the tool brings) nor PyPI's pyspark 3.3.0 could be read by a script
 * here. A name the index omits that functions.py 3.3 defines would be refused wrongly (a refusal, never a different
 * answer); test/jobs/pysparkVersions.test.ts checks the table against the vocabulary.
 */
export const PYSPARK_33_FUNCTIONS: ReadonlySet<string> = new Set(
  [
    // Normal Functions
    'col column create_map lit array map_from_arrays broadcast coalesce input_file_name isnan isnull monotonically_increasing_id nanvl rand randn spark_partition_id struct when bitwise_not bitwiseNOT expr greatest least',
    // Math Functions
    'sqrt abs acos acosh asin asinh atan atanh atan2 bin cbrt ceil conv cos cosh cot csc exp expm1 factorial floor hex unhex hypot log log10 log1p log2 pow rint round bround sec shiftleft shiftright shiftrightunsigned signum sin sinh tan tanh toDegrees degrees toRadians radians',
    // Datetime Functions
    'add_months current_date current_timestamp date_add date_format date_sub date_trunc datediff dayofmonth dayofweek dayofyear second weekofyear year quarter month last_day minute months_between next_day hour make_date from_unixtime unix_timestamp to_timestamp to_date trunc from_utc_timestamp to_utc_timestamp window session_window timestamp_seconds',
    // Collection Functions
    'array_contains arrays_overlap slice array_join concat array_position element_at array_sort array_remove array_distinct array_intersect array_union array_except transform exists forall filter aggregate zip_with transform_keys transform_values map_filter map_zip_with explode explode_outer posexplode posexplode_outer get_json_object json_tuple from_json schema_of_json to_json size sort_array array_max array_min shuffle reverse flatten sequence array_repeat map_keys map_values map_entries map_from_entries arrays_zip map_concat from_csv schema_of_csv to_csv',
    // Partition Transformation Functions
    'years months days hours bucket',
    // Aggregate Functions
    'approxCountDistinct approx_count_distinct avg collect_list collect_set corr count count_distinct countDistinct covar_pop covar_samp first grouping grouping_id kurtosis last max max_by mean min min_by percentile_approx product skewness stddev stddev_pop stddev_samp sum sum_distinct sumDistinct var_pop var_samp variance',
    // Window Functions
    'cume_dist dense_rank lag lead nth_value ntile percent_rank rank row_number',
    // Sort Functions
    'asc asc_nulls_first asc_nulls_last desc desc_nulls_first desc_nulls_last',
    // String Functions
    'ascii base64 bit_length concat_ws decode encode format_number format_string initcap instr length lower levenshtein locate lpad ltrim octet_length regexp_extract regexp_replace unbase64 rpad repeat rtrim soundex split substring substring_index overlay sentences translate trim upper',
    // UDF
    'pandas_udf udf',
    // Misc Functions
    'md5 sha1 sha2 crc32 hash xxhash64 assert_true raise_error',
  ].flatMap((line) => line.split(' ')),
);

/**
 * Python's error for `F.<name>` on a Glue version whose PySpark lacks it, or undefined when it has it. Glue versions
 * other than 4.0 run the Spark 3.5 the vocabulary is written for.
 */
export function missingInGlueVersion(name: string, glueVersion: string | undefined): string | undefined {
  if (glueVersion !== '4.0' || PYSPARK_33_FUNCTIONS.has(name)) return undefined;
  return `AttributeError: module 'pyspark.sql.functions' has no attribute '${name}' — glueVersion 4.0 runs PySpark 3.3, whose pyspark.sql.functions has no ${name} (glueVersion 5.0's PySpark 3.5 has it)`;
}
