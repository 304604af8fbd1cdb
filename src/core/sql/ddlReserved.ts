/**
 * Athena's reserved keywords in DDL statements (Hive's parser): a bare one as a table, column or partition key name
 * fails on Athena; backticked it is an ordinary name.
 *
 * Source: Athena User Guide, reserved-words.md ("List of reserved keywords in DDL statements"; awsdocs/
 * amazon-athena-user-guide@765e909): "If you use them without escaping them, Athena issues an error. To escape them,
 * enclose them in backticks" and "You cannot use DDL reserved keywords as identifier names in DDL statements without
 * enclosing them in backticks". The list is the page's, as printed (CASHE, UTC_TIMESTAMP included); DIV is on the
 * current page (https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html) though not at 765e909.
 */
import type { TokenCursor } from './cursor';

export const DDL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  `ALL ALTER AND ARRAY AS AUTHORIZATION BETWEEN BIGINT BINARY BOOLEAN BOTH
  BY CASE CASHE CAST CHAR COLUMN CONF CONSTRAINT COMMIT CREATE CROSS CUBE
  CURRENT CURRENT_DATE CURRENT_TIMESTAMP CURSOR DATABASE DATE DAYOFWEEK DECIMAL
  DELETE DESCRIBE DISTINCT DIV DOUBLE DROP ELSE END EXCHANGE EXISTS EXTENDED
  EXTERNAL EXTRACT FALSE FETCH FLOAT FLOOR FOLLOWING FOR FOREIGN FROM FULL
  FUNCTION GRANT GROUP GROUPING HAVING IF IMPORT IN INNER INSERT INT INTEGER
  INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LESS LIKE LOCAL MACRO MAP MORE
  NONE NOT NULL NUMERIC OF ON ONLY OR ORDER OUT OUTER OVER PARTIALSCAN PARTITION
  PERCENT PRECEDING PRECISION PRESERVE PRIMARY PROCEDURE RANGE READS REDUCE REGEXP
  REFERENCES REVOKE RIGHT RLIKE ROLLBACK ROLLUP ROW ROWS SELECT SET SMALLINT START TABLE
  TABLESAMPLE THEN TIME TIMESTAMP TO TRANSFORM TRIGGER TRUE TRUNCATE UNBOUNDED UNION
  UNIQUEJOIN UPDATE USER USING UTC_TIMESTAMP VALUES VARCHAR VIEWS WHEN WHERE WINDOW WITH`.split(/\s+/),
);

/**
 * Words on the page that Athena's own published examples use bare as column names, so Athena accepts them there:
 * TIME (getting-started.md:66 backticks `Date` but not `Time STRING`; cloudfront-logs.md:23, regex-serde.md:22,
 * application-load-balancer-logs.md:22), START (vpc-flow-logs.md:37 `start bigint`), DAYOFWEEK (lazy-simple-serde.md:38,
 * orc-serde.md:19 `dayofweek INT`), TIMESTAMP (elasticloadbalancer-classic-logs.md:14 `timestamp string`); and USER,
 * which public projects declare bare and then query in the Athena console (ScottTpirate/Spark-and-Human-Balance-Analytics
 * accelerometer_landing.sql `timeStamp TIMESTAMP, user STRING` and its select_accelerometer_landing.png showing the
 * columns timestamp, user, x, y, z in that order; caseyschrader/stedi-analytics sql/create_accelerometer_table.sql with
 * screenshots/accelerometer_landing_count.png; fangyiasano/AWS-Data-Lakehouse-for-Machine-Learning).
 */
const ACCEPTED_BARE: ReadonlySet<string> = new Set(['TIME', 'START', 'DAYOFWEEK', 'TIMESTAMP', 'USER']);

/** Throws at the current token when it is a bare DDL reserved word, naming it and the backticked form to write. */
export function refuseReservedWord(cursor: TokenCursor, what: string): void {
  const t = cursor.peek();
  const word = t?.kind === 'word' ? t.value.toUpperCase() : '';
  if (!t || !DDL_RESERVED_WORDS.has(word) || ACCEPTED_BARE.has(word)) return;
  throw cursor.errorAt(
    t,
    `'${t.text}' is a reserved keyword in Athena DDL and cannot be ${what} unquoted: write \`${t.text}\` ` +
      '(Athena User Guide, "Reserved keywords": DDL reserved keywords must be enclosed in backticks)',
  );
}

/** a DDL identifier (`cursor.identifier`) that must not be a bare reserved word */
export function ddlName(cursor: TokenCursor, what: string): string {
  refuseReservedWord(cursor, what);
  return cursor.identifier(what);
}
