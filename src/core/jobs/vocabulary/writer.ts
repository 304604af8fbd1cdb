/**
 * Spark's DataFrameWriter (`df.write`), as Spark documents it: `mode`, `format`, `option(s)`, `partitionBy`, then
 * `parquet` / `json` / `csv` / `save(path)`. The write is a sink of the job's plan, written with the job's other
 * sinks in one commit. Its save mode (DataFrameWriter.mode: "append", "overwrite", "error"/"errorifexists" — the
 * default —, "ignore"): "overwrite" deletes what is under the path before the rows are written (a purge of the path,
 * committed with the sink, so a failed run leaves the old files); "append" adds files; "error" (and "errorifexists",
 * "default") fails the job and "ignore" writes nothing when the path exists as the write runs — decided by the commit,
 * which sees the lake and the job's earlier steps (Spark's InsertIntoHadoopFsRelationCommand: `fs.exists(path)`).
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asString, asStrings } from '../callArgs';
import type { PlanFormat } from '../plan';
import { NONE, toConst, type PyValue } from '../values';
import type { CallCtx, Table } from './registry';

const SPARK_DOC = 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api';

type Writer = Extract<PyValue, { t: 'writer' }>;
const writer = (c: CallCtx): Writer => c.self as Writer;

/** The options each format's writer takes that the local run honours (Spark's data source option pages). */
const WRITER_OPTIONS: Record<PlanFormat, string[]> = {
  parquet: ['compression', 'partitionOverwriteMode'],
  json: ['compression', 'ignoreNullFields', 'partitionOverwriteMode'],
  csv: ['header', 'sep', 'delimiter', 'compression', 'partitionOverwriteMode'],
};
// DataFrameWriter.scala (Spark 3.0 on, SPARK-29442): "error" | "errorifexists" | "default" => SaveMode.ErrorIfExists
const MODES = ['append', 'overwrite', 'error', 'errorifexists', 'default', 'ignore'];

function withWriter(c: CallCtx, patch: Partial<Writer>): PyValue {
  const w = writer(c);
  return { ...w, ...patch, options: { ...w.options, ...(patch.options ?? {}) } };
}

function literalOptions(c: CallCtx, entries: [string, { value: PyValue; node: SyntaxNode }][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, a] of entries) {
    const v = toConst(a.value);
    if (v === undefined || v.py === 'list' || v.py === 'tuple' || v.py === 'none') throw c.host.invalid(a.node, `${c.construct}: the option ${k} must be a literal value`);
    out[k] = (v as { v: unknown }).v;
  }
  return out;
}

function save(format: PlanFormat | undefined) {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const w = writer(c);
    const fmt = (format ?? b.optString('format') ?? w.format ?? 'parquet').toLowerCase();
    if (fmt !== 'parquet' && fmt !== 'json' && fmt !== 'csv')
      throw c.host.unsupported(c.call, `df.write with the format "${fmt}"`, fmt === 'orc' ? 'the local engine (DuckDB) does not write ORC' : 'the local engine writes parquet, json and csv', 'use one of those');
    const modeArg = b.get('mode');
    const mode = (modeArg !== undefined && modeArg.value.t !== 'none' ? asString(c.host, modeArg, `${c.construct} mode`) : (w.mode ?? 'errorifexists')).toLowerCase();
    if (!MODES.includes(mode)) throw c.host.invalid(modeArg?.node ?? c.call, `${c.construct}: unknown save mode "${mode}" (Spark's: ${MODES.join(', ')})`);
    const options = { ...w.options, ...literalOptions(c, [...b.restKeywords]) };
    for (const k of ['compression', 'header', 'sep'] as const) {
      const a = b.get(k);
      if (a !== undefined && a.value.t !== 'none') options[k] = literalOptions(c, [[k, a]])[k];
    }
    for (const k of Object.keys(options))
      if (!WRITER_OPTIONS[fmt].includes(k)) throw c.host.unsupported(c.call, `df.write with the option "${k}"`, `it is not one of the ${fmt} options the local engine honours (${WRITER_OPTIONS[fmt].join(', ')})`, 'remove it');
    if (options['ignoreNullFields'] !== undefined && String(options['ignoreNullFields']).toLowerCase() !== 'true')
      throw c.host.unsupported(c.call, 'df.write with ignoreNullFields false', 'the local JSON writer leaves null fields out, as Spark does by default', 'remove the option');
    const pathArg = b.need('path');
    const p = asString(c.host, pathArg, `${c.construct} path`);
    if (!/^s3a?:\/\/[^/]+/.test(p)) throw c.host.invalid(pathArg.node, `${c.construct}: the path must be an s3://bucket/prefix/ path, not ${JSON.stringify(p)}`);
    const path = p.endsWith('/') ? p : `${p}/`;
    const partitionKeys = [...w.partitionBy, ...(b.has('partitionBy') ? asStrings(c.host, b.need('partitionBy'), `${c.construct} partitionBy`) : [])];
    const line = c.host.pos(c.call).line;
    // the write option partitionOverwriteMode, else the session's spark.sql.sources.partitionOverwriteMode (Spark's
    // configuration page: "This can also be set as an output option for a data source using key
    // partitionOverwriteMode (which takes precedence over this setting)"); dynamic with partition columns: "Spark
    // doesn't delete partitions ahead, and only overwrite those partitions that have data written into it at runtime"
    const overwriteMode = options['partitionOverwriteMode'] === undefined ? c.host.partitionOverwriteMode : String(options['partitionOverwriteMode']).toUpperCase();
    if (overwriteMode !== 'STATIC' && overwriteMode !== 'DYNAMIC') throw c.host.invalid(c.call, `java.lang.IllegalArgumentException: partitionOverwriteMode should be one of STATIC, DYNAMIC, but was ${String(options['partitionOverwriteMode'])}`);
    const dynamic = overwriteMode === 'DYNAMIC' && partitionKeys.length > 0;
    if (mode === 'overwrite') c.host.addPurge({ path, line, retentionHours: 0, excludeStorageClasses: [], ...(dynamic ? { dynamicPartitions: partitionKeys.length } : {}) });
    const formatOptions: Record<string, unknown> = {};
    if (fmt === 'csv') {
      // Spark's CSV writer: no header unless header=true, fields separated by "," unless sep says otherwise
      formatOptions['writeHeader'] = String(options['header'] ?? 'false').toLowerCase() === 'true';
      const sep = options['sep'] ?? options['delimiter'];
      if (sep !== undefined && sep !== ',') throw c.host.unsupported(c.call, `df.write.csv with sep ${JSON.stringify(sep)}`, 'the local CSV writer separates fields with ","', 'remove the option');
    }
    c.host.addSink({
      kind: 's3',
      line,
      input: w.df,
      path,
      format: fmt,
      partitionKeys,
      ...(typeof options['compression'] === 'string' && options['compression'] !== 'none' ? { compression: options['compression'] } : {}),
      formatOptions,
      dataFrameWriter: true,
      ...(mode === 'ignore' ? { ifPathExists: 'ignore' as const } : mode === 'append' || mode === 'overwrite' ? {} : { ifPathExists: 'error' as const }),
    });
    return NONE;
  };
}

export const DATAFRAME_WRITER: Table = {
  'DataFrameWriter.mode': { sig: 'saveMode!', becomes: 'value (a writer)', doc: `${SPARK_DOC}/pyspark.sql.DataFrameWriter.mode.html`, run: (c) => withWriter(c, { mode: asString(c.host, c.bound().need('saveMode'), `${c.construct} saveMode`).toLowerCase() }) },
  'DataFrameWriter.format': { sig: 'source!', becomes: 'value (a writer)', run: (c) => withWriter(c, { format: c.bound().string('source') }) },
  'DataFrameWriter.option': {
    sig: 'key!, value!',
    becomes: 'value (a writer)',
    run: (c) => {
      const b = c.bound();
      return withWriter(c, { options: literalOptions(c, [[b.string('key'), b.need('value')]]) });
    },
  },
  'DataFrameWriter.options': { sig: '**options', becomes: 'value (a writer)', run: (c) => withWriter(c, { options: literalOptions(c, [...c.bound().restKeywords]) }) },
  'DataFrameWriter.partitionBy': {
    sig: '*cols',
    becomes: 'value (a writer)',
    run: (c) => {
      const b = c.bound();
      const cols = b.rest.length === 1 && b.rest[0]!.value.t === 'list' ? asStrings(c.host, b.rest[0]!, `${c.construct} cols`) : b.rest.map((a) => asString(c.host, a, `${c.construct} column`));
      return withWriter(c, { partitionBy: [...writer(c).partitionBy, ...cols] });
    },
  },
  'DataFrameWriter.parquet': { sig: 'path!, mode, partitionBy, compression', becomes: 'sink (+ purge with mode "overwrite")', doc: `${SPARK_DOC}/pyspark.sql.DataFrameWriter.parquet.html`, run: save('parquet') },
  'DataFrameWriter.json': { sig: 'path!, mode, compression, **options', becomes: 'sink (+ purge with mode "overwrite")', doc: `${SPARK_DOC}/pyspark.sql.DataFrameWriter.json.html`, run: save('json') },
  'DataFrameWriter.csv': { sig: 'path!, mode, compression, sep, header, **options', becomes: 'sink (+ purge with mode "overwrite")', doc: `${SPARK_DOC}/pyspark.sql.DataFrameWriter.csv.html`, run: save('csv') },
  'DataFrameWriter.save': { sig: 'path!, format, mode, partitionBy, **options', becomes: 'sink (+ purge with mode "overwrite")', doc: `${SPARK_DOC}/pyspark.sql.DataFrameWriter.save.html`, run: save(undefined) },
  'DataFrameWriter.saveAsTable': { refuse: "it writes a table of the Spark session's current database, at a location Glue derives from that database", instead: 'write with glueContext.write_dynamic_frame.from_catalog or getSink(…).setCatalogInfo(…)' },
  'DataFrameWriter.insertInto': { refuse: 'inserting into a Spark catalog table is not followed', instead: 'write with glueContext.write_dynamic_frame.from_catalog' },
  'DataFrameWriter.jdbc': { refuse: 'the local engine writes S3 only', instead: 'write to S3 or the Data Catalog' },
  'DataFrameWriter.orc': { refuse: 'the local engine (DuckDB) does not write ORC', instead: 'write parquet' },
  'DataFrameWriter.text': { refuse: 'the text writer is not followed', instead: 'write csv or json' },
  'DataFrameWriter.bucketBy': { refuse: 'bucketed tables are Spark catalog tables, not followed', instead: 'remove it' },
  'DataFrameWriter.sortBy': { refuse: 'bucketed tables are Spark catalog tables, not followed', instead: 'remove it' },
};
