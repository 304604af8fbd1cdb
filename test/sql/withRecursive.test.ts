/**
 * WITH RECURSIVE: Athena's SELECT reference (awsdocs/amazon-athena-user-guide doc_source/select.md at 765e909, and
 * the live docs.aws.amazon.com/athena/latest/ug/select.html) says "Using the WITH clause to create recursive queries
 * is not supported". The refusal names the construct and quotes the page; it does not claim Athena has it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure } from './trinoRun';

describe('WITH RECURSIVE', () => {
  it("is refused, quoting Athena's SELECT page, at WITH", async () => {
    const f = await failure('WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 4) SELECT sum(n) FROM t');
    assert.equal(f.code, 'SqlUnsupported');
    assert.match(f.message, /^WITH RECURSIVE is not supported by the local engine; Athena's SELECT reference says "Using the WITH clause to create recursive queries is not supported"$/);
    assert.equal(f.column, 1);
  });
});
