/**
 * spark.table / spark.read.table take a table name as Spark's parser reads it (`parseMultipartIdentifier`):
 *   - https://spark.apache.org/docs/latest/sql-ref-identifier.html: a regular identifier is letters, digits and `_`;
 *     a delimited identifier is in backticks, "Use ` to escape special characters (e.g., `)" (a doubled backtick).
 *   - Spark's QueryParsingErrors.unquotedIdentifierError (apache/spark, sql/catalyst): an unquoted name with a hyphen
 *     is a ParseException "Possibly unquoted identifier $ident detected. Please consider quoting it with back-quotes
 *     as `$ident`" (also pyspark's sql parser tests: `1 + 2 as invalid-alias`).
 *   - Glue database names may hold a hyphen (API_DatabaseInput: the single-line string pattern).
 *   - Three parts (apache/spark sql/catalyst connector/catalog): LookupCatalog.CatalogAndIdentifier takes the first part
 *     as a catalog when CatalogManager.catalog(name) knows it ("Catalog name takes precedence over identifier"), and
 *     CatalogManager.catalog matches SESSION_CATALOG_NAME = "spark_catalog" with equalsIgnoreCase: so
 *     `spark_catalog.db.t` (any case) is the session catalog's db.t. Any other first part is a catalog only when
 *     the job configures spark.sql.catalog.<name> (Catalogs.load), which the local runner does not follow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { multipartIdentifier } from '../../src/core/jobs/vocabulary/sparkSession';
import { bodyLine, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

const sql = async (text: string) => {
  const q = await p.target.queries.run(text);
  assert.equal(q.state, 'SUCCEEDED', `${text}: ${q.error?.message ?? ''}`);
};

before(async () => {
  p = await glueStudioProject('lh-sparktable-');
  // hand-made: two records
  await p.target.storage.put(GS_BUCKET, 'orders/o.json', Buffer.from('{"id":1}\n{"id":2}\n'));
  await sql('CREATE DATABASE `shop-dev`');
  await sql(`CREATE EXTERNAL TABLE \`shop-dev\`.orders_landing (id bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${GS_BUCKET}/orders/'`);
});
after(async () => {
  await p.close();
});

describe("a table name as Spark's parseMultipartIdentifier reads it", () => {
  test('backticks quote a part, a doubled backtick is one backtick, spaces around the dot are skipped', () => {
    assert.deepEqual(multipartIdentifier('`shop-dev`.orders_landing'), { parts: ['shop-dev', 'orders_landing'] });
    assert.deepEqual(multipartIdentifier('`a``b`.`t.x`'), { parts: ['a`b', 't.x'] });
    assert.deepEqual(multipartIdentifier('lake . plain'), { parts: ['lake', 'plain'] });
    assert.deepEqual(multipartIdentifier('v'), { parts: ['v'] });
  });

  test("an unquoted hyphen is Spark's ParseException, in its words", () => {
    assert.deepEqual(multipartIdentifier('shop-dev.orders'), {
      error: 'Possibly unquoted identifier shop-dev detected. Please consider quoting it with back-quotes as `shop-dev`',
    });
    assert.ok('error' in multipartIdentifier('`open.t'));
    assert.ok('error' in multipartIdentifier('a..b'));
  });
});

describe('spark.table of a database with a hyphen', () => {
  test('spark.table("`shop-dev`.orders_landing") and spark.read.table read the table', async () => {
    const r = await p.runOk('hyphen_db', 'print(spark.table("`shop-dev`.orders_landing").count())\nprint(spark.read.table("`shop-dev`.`orders_landing`").count())\n');
    assert.deepEqual(await p.printed('hyphen_db', r.id, bodyLine(1)), ['2']);
    assert.deepEqual(await p.printed('hyphen_db', r.id, bodyLine(2)), ['2']);
  });

  test('spark.table("shop-dev.orders_landing") fails at its line with the ParseException', async () => {
    const r = await p.run('hyphen_unquoted', 'print(spark.table("shop-dev.orders_landing").count())\n');
    assert.equal(r.state, 'FAILED');
    assert.equal(r.errorLine, bodyLine(1));
    assert.match(r.errorMessage ?? '', /Possibly unquoted identifier shop-dev detected\. Please consider quoting it with back-quotes as `shop-dev`/);
  });
});

describe('three-part names (catalog.database.table)', () => {
  test('spark.table("spark_catalog.`shop-dev`.orders_landing") reads the session catalog\'s table, in any case', async () => {
    const r = await p.runOk('three_parts', 'print(spark.table("spark_catalog.`shop-dev`.orders_landing").count())\nprint(spark.read.table("SPARK_CATALOG.`shop-dev`.orders_landing").count())\n');
    assert.deepEqual(await p.printed('three_parts', r.id, bodyLine(1)), ['2']);
    assert.deepEqual(await p.printed('three_parts', r.id, bodyLine(2)), ['2']);
  });

  test('another catalog (glue_catalog.db.t, configured by the job for Iceberg) is refused by name', async () => {
    const r = await p.run('other_catalog', 'print(spark.table("glue_catalog.`shop-dev`.orders_landing").count())\n');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /"glue_catalog" is not the session catalog \(spark_catalog/);
  });
});
