/**
 * The Spark SQL settings a script makes (spark.conf.set, SparkSession.builder.config): those without effect on rows
 * ignored, those the local run follows applied to the plan, the rest refused by name.
 */
import { NONE, type PyValue } from '../values';
import type { CallCtx } from './registry';

/** A Spark SQL setting the script makes (spark.conf.set, SparkSession.builder.config): followed, ignored, or refused. */
export function sessionSetting(c: CallCtx, key: string, value: string, how: string): PyValue {
  const construct = `${how}("${key}", "${value}")`;
  if (key === 'spark.sql.legacy.timeParserPolicy') {
    // SQLConf: EXCEPTION (the default), LEGACY or CORRECTED, read upper-cased (sql-migration-guide.md, Spark 3.0)
    const policy = value.toUpperCase();
    if (policy === 'EXCEPTION' || policy === 'CORRECTED') {
      c.host.setTimeParserPolicy(policy, c.call, construct);
      return NONE;
    }
    const why = policy === 'LEGACY' ? "Spark 2's lenient SimpleDateFormat parsing is not translated" : 'the policy is one of EXCEPTION, CORRECTED and LEGACY';
    throw c.host.unsupported(c.call, construct, why, 'set CORRECTED (text the new parser cannot read is NULL) or leave the default, EXCEPTION');
  }
  if (key === 'spark.sql.sources.partitionOverwriteMode') {
    // SQLConf PARTITION_OVERWRITE_MODE: STATIC (the default) or DYNAMIC, read upper-cased; the writes after it read it
    const mode = value.toUpperCase();
    if (mode !== 'STATIC' && mode !== 'DYNAMIC') throw c.host.invalid(c.call, `java.lang.IllegalArgumentException: The value of spark.sql.sources.partitionOverwriteMode should be one of STATIC, DYNAMIC, but was ${value}`);
    c.host.partitionOverwriteMode = mode;
    return NONE;
  }
  if (/^spark\.sql\.(shuffle\.partitions|adaptive\.|files\.|broadcastTimeout|autoBroadcastJoinThreshold)/.test(key) || /^spark\.(executor|driver|default\.parallelism)/.test(key)) return NONE;
  throw c.host.unsupported(c.call, `${how}("${key}", …)`, 'this setting may change results, and the local engine does not apply it', 'remove it');
}
