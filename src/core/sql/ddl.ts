/**
 * Athena `CREATE EXTERNAL TABLE` (Hive DDL) ⇄ Glue-shaped `CatalogTable`: parsing, the storage defaults Athena and
 * Glue fill in, the table's data format, and the text `SHOW CREATE TABLE` prints.
 */
import type { CatalogColumn, CatalogTable, DataFormat } from '../model';
import { ddlIdentifier } from '../glueNames';
import { TokenCursor } from './cursor';
import { byEditDistance } from '../nearestNames';
import { ddlName, refuseReservedWord } from './ddlReserved';
import type { SourceBase } from './lexer';
import { formatHiveType, readHiveType } from './types';

export const SERDE = {
  openxJson: 'org.openx.data.jsonserde.JsonSerDe',
  hcatalogJson: 'org.apache.hive.hcatalog.data.JsonSerDe',
  hiveJson: 'org.apache.hadoop.hive.serde2.JsonSerDe',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  lazySimple: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
  openCsv: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  orc: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  avro: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
  regex: 'org.apache.hadoop.hive.serde2.RegexSerDe',
  ion: 'com.amazon.ionhiveserde.IonHiveSerDe',
  columnarLazyBinary: 'org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe',
} as const;

export const INPUT_FORMAT = {
  text: 'org.apache.hadoop.mapred.TextInputFormat',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  orc: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
  avro: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
  ion: 'com.amazon.ionhiveserde.formats.IonInputFormat',
  rcfile: 'org.apache.hadoop.hive.ql.io.RCFileInputFormat',
  sequencefile: 'org.apache.hadoop.mapred.SequenceFileInputFormat',
} as const;

export const OUTPUT_FORMAT = {
  text: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  orc: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
  avro: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
  ion: 'com.amazon.ionhiveserde.formats.IonOutputFormat',
  rcfile: 'org.apache.hadoop.hive.ql.io.RCFileOutputFormat',
  sequencefile: 'org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat',
} as const;

const JSON_SERDES: readonly string[] = [SERDE.openxJson, SERDE.hcatalogJson, SERDE.hiveJson];

/**
 * `STORED AS <name>` → serde and input/output formats: Athena's list (CREATE TABLE, "STORED AS file_format":
 * SEQUENCEFILE, TEXTFILE, RCFILE, ORC, PARQUET, AVRO, ION) and Hive's JSONFILE. The local engine reads TEXTFILE,
 * PARQUET and JSON; the others make a table that queries refuse by name.
 */
const STORED_AS: Record<string, { serde: string; input: string; output: string }> = {
  PARQUET: { serde: SERDE.parquet, input: INPUT_FORMAT.parquet, output: OUTPUT_FORMAT.parquet },
  TEXTFILE: { serde: SERDE.lazySimple, input: INPUT_FORMAT.text, output: OUTPUT_FORMAT.text },
  JSON: { serde: SERDE.hcatalogJson, input: INPUT_FORMAT.text, output: OUTPUT_FORMAT.text },
  JSONFILE: { serde: SERDE.hcatalogJson, input: INPUT_FORMAT.text, output: OUTPUT_FORMAT.text },
  ORC: { serde: SERDE.orc, input: INPUT_FORMAT.orc, output: OUTPUT_FORMAT.orc },
  AVRO: { serde: SERDE.avro, input: INPUT_FORMAT.avro, output: OUTPUT_FORMAT.avro },
  ION: { serde: SERDE.ion, input: INPUT_FORMAT.ion, output: OUTPUT_FORMAT.ion },
  RCFILE: { serde: SERDE.columnarLazyBinary, input: INPUT_FORMAT.rcfile, output: OUTPUT_FORMAT.rcfile },
  SEQUENCEFILE: { serde: SERDE.lazySimple, input: INPUT_FORMAT.sequencefile, output: OUTPUT_FORMAT.sequencefile },
};

/** ROW FORMAT DELIMITED clauses and the LazySimpleSerDe parameters they set, in printing order. */
const DELIMITERS: { words: string[]; key: string }[] = [
  { words: ['FIELDS', 'TERMINATED', 'BY'], key: 'field.delim' },
  { words: ['ESCAPED', 'BY'], key: 'escape.delim' },
  { words: ['COLLECTION', 'ITEMS', 'TERMINATED', 'BY'], key: 'collection.delim' },
  { words: ['MAP', 'KEYS', 'TERMINATED', 'BY'], key: 'mapkey.delim' },
  { words: ['LINES', 'TERMINATED', 'BY'], key: 'line.delim' },
  { words: ['NULL', 'DEFINED', 'AS'], key: 'serialization.null.format' },
];

/**
 * The `classification` table property Glue's ETL jobs need on a table to read or write it through the Data Catalog,
 * for the table's SerDe — the value the Glue console and crawlers write (LazySimpleSerDe text tables are `csv`); undefined
 * for a SerDe with none. Athena's CREATE EXTERNAL TABLE adds none (Athena User Guide, create-table.md, TBLPROPERTIES:
 * "To run ETL jobs, AWS Glue requires that you create a table with the `classification` property … ETL jobs will fail
 * if you do not specify this property"), so a DDL-made table has one only when its TBLPROPERTIES give it.
 */
export function glueClassificationFor(table: CatalogTable): string | undefined {
  const serde = table.storage.serde.serializationLibrary;
  if (JSON_SERDES.includes(serde)) return 'json';
  if (serde === SERDE.parquet) return 'parquet';
  if (serde === SERDE.lazySimple || serde === SERDE.openCsv) return 'csv';
  if (serde === SERDE.orc) return 'orc';
  if (serde === SERDE.avro) return 'avro';
  return undefined;
}

/** Whether the table carries a `classification` table property (a Glue job can read and write it from the catalog). */
export function hasGlueClassification(table: CatalogTable): boolean {
  return (table.parameters['classification'] ?? '').trim() !== '';
}

/** Athena prints this comment for columns of tables whose serde describes them; it is not kept in the catalog. */
const FROM_DESERIALIZER = 'from deserializer';

export interface CreateTableOptions extends SourceBase {
  /** database for an unqualified table name (default `default`, Athena's) */
  defaultDatabase?: string;
}

/**
 * A parenthesised column list `(name type [COMMENT 'c'], …)`; `seen` holds the names already declared (name → what
 * declared it), so a name declared twice is an error at its position.
 */
export function readColumns(cursor: TokenCursor, what: string, seen: Map<string, string>): CatalogColumn[] {
  cursor.expectOp('(');
  const columns: CatalogColumn[] = [];
  do {
    const nameToken = cursor.peek();
    const name = ddlName(cursor, `a ${what} name`);
    const previous = seen.get(name);
    if (previous) throw cursor.errorAt(nameToken, `column '${name}' is declared twice (${previous} and ${what})`);
    seen.set(name, what);
    const type = formatHiveType(readHiveType(cursor));
    const column: CatalogColumn = { name, type };
    if (cursor.acceptWord('COMMENT')) {
      const comment = cursor.expectString('a comment string', true);
      if (comment !== FROM_DESERIALIZER) column.comment = comment;
    }
    columns.push(column);
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
  return columns;
}

/** `('key'='value', …)`: Hive DDL properties (TBLPROPERTIES, SERDEPROPERTIES); a key given twice is an error. */
export function readProperties(cursor: TokenCursor): Record<string, string> {
  cursor.expectOp('(');
  const props: Record<string, string> = {};
  if (cursor.acceptOp(')')) return props;
  do {
    const keyToken = cursor.peek();
    const key = cursor.expectString("a property name in quotes ('key'='value')", true);
    if (Object.prototype.hasOwnProperty.call(props, key)) throw cursor.errorAt(keyToken, `property '${key}' is set twice`);
    cursor.expectOp('=');
    props[key] = cursor.expectString(`a value for '${key}' in quotes`, true);
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
  return props;
}

/** `s3://bucket/prefix` → `s3://bucket/prefix/` */
export function normalizeLocation(location: string): string {
  // Athena removes empty folders from a LOCATION ("Do not use empty folders like // in the path … While this is a
  // valid Amazon S3 path, Athena does not allow it and changes it to s3://bucketname/folder/folder/, removing the
  // extra /": https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html)
  const m = /^(s3[an]?:\/\/[^/]*\/)(.*)$/s.exec(location);
  const collapsed = m ? `${m[1]}${m[2]!.replace(/\/{2,}/g, '/').replace(/^\//, '')}` : location;
  return collapsed.endsWith('/') ? collapsed : `${collapsed}/`;
}

/**
 * Parses Athena's `CREATE [EXTERNAL] TABLE [IF NOT EXISTS] [db.]name (columns) …` into a Glue-shaped table.
 * `line`/`column` place the statement in its file, so errors read `file:line:col: expected ')' but found 'LOCATION'`.
 * Names and types are lower-cased; the location gets a trailing `/`; Glue's defaults fill what the DDL leaves out.
 * ORC and Avro tables parse (tableFormat says 'unsupported'); CLUSTERED BY, SKEWED BY and STORED BY are refused.
 */
export function parseCreateTable(text: string, options: CreateTableOptions = {}): { table: CatalogTable; ifNotExists: boolean } {
  const cursor = new TokenCursor(text, options, { quoting: 'hive' });
  cursor.expectWord('CREATE');
  cursor.acceptWord('EXTERNAL');
  cursor.expectWord('TABLE');
  const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
  const nameToken = cursor.peek();
  const name = cursor.tableName('a table name', refuseReservedWord);
  const database = name.database ?? options.defaultDatabase?.toLowerCase() ?? 'default';

  const seen = new Map<string, string>();
  if (!cursor.isOp('(')) throw cursor.expected("'(' and the column list");
  // `CREATE TABLE t2 (LIKE t1)`: other-notable-limitations.md "CREATE TABLE LIKE is not supported"
  const like = cursor.peek(1);
  const after = cursor.peek(3);
  if (like?.text.toUpperCase() === 'LIKE' && (after?.text === ')' || /^(INCLUDING|EXCLUDING)$/i.test(after?.text ?? '')))
    throw cursor.errorAt(like, 'CREATE TABLE LIKE is not supported by Athena');
  const columns = readColumns(cursor, 'column', seen);

  let comment: string | undefined;
  let partitionKeys: CatalogColumn[] = [];
  let serde: string | undefined;
  let serdeParams: Record<string, string> = {};
  let stored: { serde?: string; input: string; output: string } | undefined;
  let location: string | undefined;
  let parameters: Record<string, string> = {};
  const clauses = new Set<string>();
  const once = (clause: string): void => {
    if (clauses.has(clause)) throw cursor.errorAt(cursor.peek(), `${clause} is given twice`);
    clauses.add(clause);
  };

  while (!cursor.atEnd()) {
    const t = cursor.peek()!;
    if (cursor.isWord('COMMENT')) {
      once('COMMENT');
      cursor.pos++;
      comment = cursor.expectString('a comment string', true);
    } else if (cursor.isWords('PARTITIONED', 'BY')) {
      once('PARTITIONED BY');
      cursor.pos += 2;
      partitionKeys = readColumns(cursor, 'partition key', seen);
    } else if (cursor.isWords('ROW', 'FORMAT')) {
      once('ROW FORMAT');
      cursor.pos += 2;
      if (cursor.acceptWord('SERDE')) {
        serde = cursor.expectString('the serde class name in quotes', true);
        if (cursor.acceptWords('WITH', 'SERDEPROPERTIES')) serdeParams = readProperties(cursor);
      } else if (cursor.acceptWord('DELIMITED')) {
        serde = SERDE.lazySimple;
        for (;;) {
          const d = DELIMITERS.find((x) => cursor.isWords(...x.words));
          if (!d) break;
          if (d.key in serdeParams) throw cursor.errorAt(cursor.peek(), `${d.words.join(' ')} is given twice`);
          cursor.pos += d.words.length;
          serdeParams[d.key] = cursor.expectString('a character in quotes', true);
          if (d.key === 'field.delim') serdeParams['serialization.format'] = serdeParams[d.key]!;
        }
      } else {
        throw cursor.expected('SERDE or DELIMITED');
      }
    } else if (cursor.isWords('STORED', 'AS')) {
      once('STORED AS');
      cursor.pos += 2;
      if (cursor.acceptWord('INPUTFORMAT')) {
        const input = cursor.expectString('the input format class in quotes', true);
        cursor.expectWord('OUTPUTFORMAT');
        stored = { input, output: cursor.expectString('the output format class in quotes', true) };
      } else {
        const f = cursor.peek();
        const format = f?.kind === 'word' ? STORED_AS[f.value.toUpperCase()] : undefined;
        if (!format) throw cursor.expected(`a storage format (${Object.keys(STORED_AS).join(', ')}) or INPUTFORMAT`);
        cursor.pos++;
        stored = format;
      }
    } else if (cursor.isWord('LOCATION')) {
      once('LOCATION');
      cursor.pos++;
      const locToken = cursor.peek();
      const value = cursor.expectString("an S3 location in quotes ('s3://bucket/prefix/')", true);
      if (!/^s3:\/\/[^/\s]+(\/|$)/.test(value)) {
        throw cursor.errorAt(locToken, `LOCATION must be an S3 URI like 's3://bucket/prefix/', not '${value}'`);
      }
      location = normalizeLocation(value);
    } else if (cursor.isWord('TBLPROPERTIES')) {
      once('TBLPROPERTIES');
      cursor.pos++;
      parameters = readProperties(cursor);
    } else if (cursor.isWords('CLUSTERED', 'BY') || cursor.isWords('SKEWED', 'BY') || cursor.isWords('STORED', 'BY')) {
      throw cursor.errorAt(t, `${t.value.toUpperCase()} BY is not supported by the local engine`, 'SqlUnsupported');
    } else if (cursor.isWord('AS')) {
      throw cursor.errorAt(t, 'CREATE EXTERNAL TABLE … AS is not supported; write CREATE TABLE … WITH (external_location = …) AS SELECT …');
    } else {
      throw cursor.expected('COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION, TBLPROPERTIES or end of statement');
    }
  }
  if (location === undefined) {
    throw cursor.errorAt(nameToken, `table ${database}.${name.name} has no LOCATION (an external table needs LOCATION 's3://bucket/prefix/')`);
  }

  const serializationLibrary = serde ?? stored?.serde ?? SERDE.lazySimple;
  const table: CatalogTable = {
    database,
    name: name.name,
    tableType: 'EXTERNAL_TABLE',
    storage: {
      columns,
      location,
      inputFormat: stored?.input ?? INPUT_FORMAT.text,
      outputFormat: stored?.output ?? OUTPUT_FORMAT.text,
      serde: { serializationLibrary, parameters: serdeParams },
    },
    partitionKeys,
    parameters,
  };
  // no derived `classification`: Athena adds none (glueClassificationFor)
  if (comment !== undefined) table.comment = comment;
  return { table, ifNotExists };
}

/**
 * The data format the local engine reads a table as: JSON serdes → json, Parquet → parquet, OpenCSVSerde → csv
 * (quoted fields), LazySimpleSerDe over text → text (delimited, no quoting), RegexSerDe over text → regex. ORC,
 * Avro, Ion, Iceberg, other input formats and unknown serdes → 'unsupported'.
 */
export function tableFormat(table: CatalogTable): DataFormat | 'regex' | 'unsupported' {
  if ((table.parameters['table_type'] ?? '').toUpperCase() === 'ICEBERG') return 'unsupported';
  const lib = table.storage.serde.serializationLibrary;
  const input = table.storage.inputFormat;
  const textInput = input === undefined || input === INPUT_FORMAT.text;
  if (JSON_SERDES.includes(lib)) return textInput ? 'json' : 'unsupported';
  if (lib === SERDE.parquet || (input === INPUT_FORMAT.parquet && lib === SERDE.lazySimple)) return 'parquet';
  if (lib === SERDE.openCsv) return textInput ? 'csv' : 'unsupported';
  if (lib === SERDE.lazySimple) return textInput ? 'text' : 'unsupported';
  if (lib === SERDE.regex) return textInput ? 'regex' : 'unsupported';
  return 'unsupported';
}

/**
 * What makes a table unreadable by the local engine, in words that name it: its SerDe, or — for a SerDe the engine
 * reads — its input format (CloudTrail's `com.amazon.emr.cloudtrail.CloudTrailInputFormat` with a JSON SerDe).
 */
export function unsupportedFormatReason(table: CatalogTable): string {
  const lib = table.storage.serde.serializationLibrary;
  const input = table.storage.inputFormat;
  const known = JSON_SERDES.includes(lib) || [SERDE.parquet, SERDE.openCsv, SERDE.lazySimple, SERDE.regex].includes(lib as never);
  if (known && input !== undefined) return `its input format ${input} is not supported by the local engine (Athena reads it)`;
  const documented = [...Object.values(SERDE), GROK_SERDE] as string[];
  if (lib && !documented.includes(lib)) {
    // not a SerDe Athena documents: a misspelt one is named, and Athena is not said to read it
    const near = byEditDistance(lib, documented)[0];
    const guess = near && near.d <= 3 ? `; did you mean ${near.name}?` : '';
    return `its SerDe ${lib} is not supported by the local engine, nor among the SerDes Athena documents ("Supported SerDes and data formats", Athena User Guide)${guess}`;
  }
  return `its SerDe ${lib || input || '(none)'} is not supported by the local engine (Athena reads it)`;
}

/** The Grok SerDe (Athena User Guide, grok-serde.md): documented by Athena, not read by the local engine. */
const GROK_SERDE = 'com.amazonaws.glue.serde.GrokSerDe';

/** The formats the local engine reads, for messages. */
export const READ_FORMATS = 'JSON (OpenX, Hive), Parquet, CSV (OpenCSVSerde), delimited text (LazySimpleSerDe) and RegexSerDe';

// ---------------------------------------------------------------- SHOW CREATE TABLE

/**
 * A string literal the DDL parser and Hive both read back exactly: backslash escapes for `\`, control characters
 * and `'` (as `\u0027`, so statement splitters that only know `''` still see where the literal ends).
 */
export function ddlString(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += '\\u0027';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 32 || c === 127) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `'${out}'`;
}

function renderColumns(columns: CatalogColumn[], defaultComment: string | undefined): string {
  return columns
    .map((c) => {
      const comment = c.comment ?? defaultComment;
      return `  ${ddlIdentifier(c.name)} ${c.type}${comment !== undefined ? ` COMMENT ${ddlString(comment)}` : ''}`;
    })
    .join(', \n');
}

function renderProperties(props: Record<string, string>): string {
  return Object.entries(props)
    .map(([k, v]) => `  ${ddlString(k)}=${ddlString(v)}`)
    .join(', \n');
}

/** the ROW FORMAT DELIMITED clauses that produce exactly these serde parameters, if any do */
function delimitedClauses(lib: string, params: Record<string, string>): string[] | undefined {
  if (lib !== SERDE.lazySimple) return undefined;
  const known = new Set([...DELIMITERS.map((d) => d.key), 'serialization.format']);
  if (Object.keys(params).some((k) => !known.has(k))) return undefined;
  if (params['serialization.format'] !== params['field.delim']) return undefined;
  return DELIMITERS.filter((d) => params[d.key] !== undefined).map((d) => `  ${d.words.join(' ')} ${ddlString(params[d.key]!)}`);
}

/**
 * What `SHOW CREATE TABLE` prints for the table, in Athena's layout: backticked `` `db`.`name` ``, one column per
 * line (`COMMENT 'from deserializer'` for columns without a comment in JSON/CSV-serde tables, as Athena prints),
 * ROW FORMAT DELIMITED or SERDE … WITH SERDEPROPERTIES, STORED AS INPUTFORMAT … OUTPUTFORMAT, LOCATION,
 * TBLPROPERTIES. `parseCreateTable` reads it back to the same table.
 */
export function renderCreateTable(table: CatalogTable): string {
  const lib = table.storage.serde.serializationLibrary;
  const describedBySerde = JSON_SERDES.includes(lib) || lib === SERDE.openCsv;
  const lines: string[] = [];
  lines.push(`CREATE EXTERNAL TABLE ${ddlIdentifier(table.database)}.${ddlIdentifier(table.name)}(`);
  lines.push(`${renderColumns(table.storage.columns, describedBySerde ? FROM_DESERIALIZER : undefined)})`);
  if (table.comment !== undefined) lines.push(`COMMENT ${ddlString(table.comment)}`);
  if (table.partitionKeys.length > 0) lines.push('PARTITIONED BY ( ', `${renderColumns(table.partitionKeys, undefined)})`);
  const delimited = delimitedClauses(lib, table.storage.serde.parameters);
  if (delimited) {
    lines.push('ROW FORMAT DELIMITED ', ...delimited.map((d) => `${d} `));
  } else {
    lines.push('ROW FORMAT SERDE ', `  ${ddlString(lib)} `);
    const params = table.storage.serde.parameters;
    if (Object.keys(params).length > 0) lines.push('WITH SERDEPROPERTIES ( ', `${renderProperties(params)}) `);
  }
  const { inputFormat, outputFormat } = table.storage;
  if (inputFormat !== undefined && outputFormat !== undefined) {
    lines.push('STORED AS INPUTFORMAT ', `  ${ddlString(inputFormat)} `, 'OUTPUTFORMAT ', `  ${ddlString(outputFormat)}`);
  }
  lines.push('LOCATION', `  ${ddlString(table.storage.location)}`);
  if (Object.keys(table.parameters).length > 0) lines.push('TBLPROPERTIES (', `${renderProperties(table.parameters)})`);
  return lines.join('\n');
}
