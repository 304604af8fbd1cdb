/**
 * Names of Glue Data Catalog databases and tables: what Glue accepts, how it stores them, how SQL writes them.
 *
 * Glue's rule (CreateDatabase `DatabaseInput.Name`, CreateTable `TableInput.Name`,
 * https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html and API_TableInput.html): a UTF-8 string of
 * 1 to 255 bytes ("Single-line string pattern", https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-common.html)
 * matching `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*` — any character but line breaks and other
 * control characters (tab is allowed), U+FFFE/U+FFFF and lone surrogates. "For Hive compatibility, this is folded to
 * lowercase when it is stored." So `stedi-lake`, `my lake` and `ünïcode` are databases Glue holds; Athena reads them
 * as `"stedi-lake".t` in queries and `` `stedi-lake`.`t` `` in DDL
 * (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html, reserved-words.html).
 */
import { LakehouseError } from './errors';

export const GLUE_NAME_MAX_BYTES = 255;

/** Glue's rule in words, for messages. */
export const GLUE_NAME_RULE = 'Glue takes 1 to 255 bytes of UTF-8 on one line: any character but line breaks and other control characters (tab is allowed)';

/** Characters outside Glue's single-line string pattern (the `u` flag makes astral characters one code point). */
const OUTSIDE_PATTERN = /[^\t\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<number, string> = { 0x0a: 'a line feed', 0x0d: 'a carriage return', 0x00: 'a NUL character' };
  return names[code] ?? (code >= 0xd800 && code <= 0xdfff ? `a lone surrogate (${hex})` : `the character ${hex}`);
}

/** Why Glue refuses `name` as a database or table name, or undefined when it accepts it. */
export function glueNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  const bad = OUTSIDE_PATTERN.exec(name);
  if (bad) return `holds ${describeCharacter(bad[0])} at position ${bad.index + 1}`;
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > GLUE_NAME_MAX_BYTES) return `is ${bytes} bytes long in UTF-8`;
  return undefined;
}

/**
 * The name as Glue stores it (lower case), or a LakehouseError naming what is wrong and Glue's rule.
 * `what`: "database" or "table" (or "view"), for the message.
 */
export function glueName(name: string, what: string): string {
  const problem = typeof name === 'string' ? glueNameProblem(name) : 'is not a string';
  if (problem !== undefined)
    throw new LakehouseError('InvalidInput', `invalid ${what} name ${JSON.stringify(String(name))}: it ${problem} (${GLUE_NAME_RULE})`, {
      object: String(name),
      field: what,
    });
  return name.toLowerCase();
}

/** `"name"` with `"` doubled: an identifier in Athena queries (Trino) and in DuckDB. */
export function dmlIdentifier(name: string): string {
  return `"${name.split('"').join('""')}"`;
}

/** `` `name` `` with `` ` `` doubled: an identifier in Athena DDL (Hive) and in Spark SQL. */
export function ddlIdentifier(name: string): string {
  return `\`${name.split('`').join('``')}\``;
}

/** `"db"."table"`: a table in an Athena query or in DuckDB, whatever characters the names hold. */
export function dmlTableName(t: { database: string; name: string }): string {
  return `${dmlIdentifier(t.database)}.${dmlIdentifier(t.name)}`;
}

/** `` `db`.`table` ``: a table in Athena DDL. */
export function ddlTableName(t: { database: string; name: string }): string {
  return `${ddlIdentifier(t.database)}.${ddlIdentifier(t.name)}`;
}
