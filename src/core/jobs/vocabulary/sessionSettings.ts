/**
 * The Spark SQL settings a script makes (spark.conf.set, SparkSession.builder.config): those without effect on rows
 * ignored, those the local run follows applied to the plan, the rest refused by name.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError } from '../../errors';
import { NONE, type PyValue } from '../values';
import type { CallCtx, Host } from './registry';

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
  if (WITHOUT_EFFECT(key)) return NONE;
  throw c.host.unsupported(c.call, `${how}("${key}", …)`, 'this setting may change results, and the local engine does not apply it', 'remove it');
}

/** settings without effect on the rows a job writes (partitions, memory, joins' strategies) */
const WITHOUT_EFFECT = (key: string): boolean => /^spark\.sql\.(shuffle\.partitions|adaptive\.|files\.|broadcastTimeout|autoBroadcastJoinThreshold)/.test(key) || /^spark\.(executor|driver|default\.parallelism)/.test(key);

/**
 * The job parameter `--conf` (lakehouse.json glue.defaultArguments; Glue's "Using job parameters" page: "--conf
 * Controls Spark config parameters"), the session's settings before the script's first line: `key=value`, several
 * joined by " --conf " as people write them. Followed, ignored or refused as spark.conf.set is.
 */
export function applyConfArgument(host: Host, conf: string, file: string, root: SyntaxNode): void {
  for (const part of conf.trim().split(/\s+--conf\s+/)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    const refuse = (why: string) => new LakehouseError('ScriptUnsupported', `${file}: the job argument --conf "${key}=${value}" (lakehouse.json glue.defaultArguments) cannot run on the local engine: ${why}; remove it`, { file });
    if (key === 'spark.sql.sources.partitionOverwriteMode') {
      const mode = value.toUpperCase();
      if (mode !== 'STATIC' && mode !== 'DYNAMIC') throw new LakehouseError('InvalidInput', `${file}: the job argument --conf: java.lang.IllegalArgumentException: The value of spark.sql.sources.partitionOverwriteMode should be one of STATIC, DYNAMIC, but was ${value}`, { file });
      host.partitionOverwriteMode = mode;
    } else if (key === 'spark.sql.legacy.timeParserPolicy') {
      const policy = value.toUpperCase();
      if (policy !== 'EXCEPTION' && policy !== 'CORRECTED') throw refuse(policy === 'LEGACY' ? "Spark 2's lenient SimpleDateFormat parsing is not translated" : 'the policy is one of EXCEPTION, CORRECTED and LEGACY');
      host.setTimeParserPolicy(policy, root, `--conf ${key}=${value}`);
    } else if (!WITHOUT_EFFECT(key)) throw refuse('this setting may change results, and the local engine does not apply it');
  }
}
