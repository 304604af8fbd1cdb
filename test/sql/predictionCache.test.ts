/**
 * ANTLR's prediction caches kept across processes (src/core/sql/dialects/predictionCache.ts): a parse with restored
 * caches gives the parse tree — or the syntax error, at its position — that a parse without them gives, for every
 * statement of the Trino and Spark conformance corpora (statements from their documentation) and statements made to
 * miss the cache (a character past ASCII, syntax errors, shapes the snapshot never saw); and a restored cache serves
 * the statements it learnt without computing anything again.
 *
 * (A grammar's caches are the process's: each suite's tests run in order, each from the state the last one left.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { allCases, loadCorpus } from '../conformance/corpus';
import * as trino from '../../src/core/sql/trino/parser';
import * as spark from '../../src/core/sql/spark/parser';
import { SparkSqlParser } from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { GrammarPredictions } from '../../src/core/targets/local/grammarPredictions';
import { LakehouseError } from '../../src/core/errors';

interface Grammar {
  name: string;
  corpus: string[];
  /** statements the snapshot below never sees (its half of the corpus does not hold them) */
  unseen: string[];
  /** statements whose parse always computes something (parsed the same all the same) */
  alwaysComputed?: string[];
  /** a statement's parse tree (as text) or its error */
  parse(sql: string, base: { line: number; column: number }): string;
  restorePredictions(bytes: Uint8Array): boolean;
  predictionSnapshot(): Uint8Array | undefined;
}

const GRAMMARS: Grammar[] = [
  {
    name: 'Trino (Athena SQL)',
    corpus: allCases(loadCorpus('trino')).map(({ c }) => c.sql),
    unseen: [
      "SELECT 'café', \"naïve\" FROM t", // past ASCII: the lexer's DFA has no edge for it
      'SELECT café FROM t', // … and a syntax error at it
      'SELECT a FROM t WHERE b = ANY (SELECT c FROM u)',
      'SELECT FROM t',
      'SELECT a, FROM t',
      'SELECT a FROM t GROUP',
      'SELECT CAST(a AS) FROM t',
      'SELEC 1',
      "INSERT INTO t SELECT * FROM u WHERE x LIKE 'a%' ESCAPE '\\'",
      "CREATE TABLE t (a int, b varchar) WITH (format = 'PARQUET')",
      'SELECT a FROM t UNION CORRESPONDING SELECT a FROM u',
      'SELECT a\n  FROM t\n WHERE (b > 1',
      'SELECT count(*) AS n, avg(x) AS avg_x FROM accelerometer_landing',
      'WITH q AS (SELECT * FROM t) SELECT q.a, row_number() OVER (PARTITION BY b ORDER BY c DESC) FROM q LEFT JOIN u USING (k)',
      'SELECT 1 -- a comment to the end',
      '',
      'SELECT 1; SELECT 2',
    ],
    parse: (sql, base) => {
      const { statement, parser } = trino.parseTrinoStatement(sql, base);
      return statement.toStringTree(parser);
    },
    restorePredictions: trino.restorePredictions,
    predictionSnapshot: trino.predictionSnapshot,
  },
  {
    name: 'Spark SQL',
    corpus: allCases(loadCorpus('spark')).map(({ c }) => c.sql),
    unseen: [
      "SELECT 'café', `naïve` FROM t",
      'SELECT a FROM t WHERE',
      'SELECT a, FROM t',
      'SELECT CAST(a AS) FROM t',
      'SELEC 1',
      "select a.x, b.y as z from t a inner join u b on a.k = b.k where a.x like 'p%' and b.d is not null",
      'SELECT explode(arr) AS e, 1.5BD, 2L FROM t LATERAL VIEW OUTER posexplode(m) p AS pos, el',
      'SELECT /*+ BROADCAST(u) */ * FROM t JOIN u USING (k)',
      'SELECT 1 -- a comment to the end',
      'SELECT 1; SELECT 2',
    ],
    // the end of an unclosed comment: the lexer's step at EOF goes through a semantic predicate (ANTLR keeps no edge)
    alwaysComputed: ['SELECT 1 /* unclosed'],
    parse: (sql, base) => spark.parseSparkStatement(sql, base).tree.toStringTree(SparkSqlParser.ruleNames, null as never),
    restorePredictions: spark.restorePredictions,
    predictionSnapshot: spark.predictionSnapshot,
  },
];

for (const { name, corpus, unseen: newShapes, alwaysComputed = [], parse, restorePredictions, predictionSnapshot } of GRAMMARS)
  describe(`prediction caches kept across processes: ${name}`, () => {
    const unseen = [...newShapes, ...alwaysComputed];
    /** What a parse gives: the tree, or the error with its position. */
    const outcome = (sql: string): string => {
      try {
        return parse(sql, { line: 3, column: 5 });
      } catch (e) {
        if (e instanceof LakehouseError) return `${e.code} ${e.message} ${JSON.stringify(e.detail)}`;
        throw e;
      }
    };
  const half = corpus.filter((_, i) => i % 2 === 0);
  let snapshotOfHalf: Uint8Array;
  let expected: Map<string, string>;

  it('a snapshot holds what the parser learnt', () => {
    for (const sql of half) outcome(sql);
    const s = predictionSnapshot();
    assert.ok(s && s.byteLength > 1000, 'a snapshot after parsing');
    snapshotOfHalf = s;
    // nothing learnt since: no snapshot to keep
    assert.equal(predictionSnapshot(), undefined);
  });

  it('parses with restored caches give the same trees and errors as without', () => {
    // the reference: every statement parsed by the caches this process learnt (ANTLR's caches never change a parse)
    expected = new Map([...corpus, ...unseen].map((sql) => [sql, outcome(sql)]));
    assert.ok([...expected.values()].some((o) => o.startsWith('SqlSyntax')), 'some statements are syntax errors');
    assert.ok(restorePredictions(snapshotOfHalf));
    for (const [sql, o] of expected) assert.equal(outcome(sql), o, sql);
    // … and with the caches that came out of that (restored states and states computed after misses, together)
    const again = predictionSnapshot();
    assert.ok(again);
    assert.ok(restorePredictions(again));
    for (const [sql, o] of expected) assert.equal(outcome(sql), o, sql);
  });

  it('restored caches serve the statements they learnt without computing them again', () => {
    assert.ok(restorePredictions(snapshotOfHalf));
    for (const sql of half.slice(0, 50)) if (!expected.get(sql)!.startsWith('Sql')) outcome(sql);
    assert.equal(predictionSnapshot(), undefined, 'nothing learnt: the restored DFAs answered');
  });

  it('a snapshot after misses keeps what was restored and what was learnt', () => {
    const served = half.slice(0, 50).filter((sql) => !expected.get(sql)!.startsWith('Sql'));
    // (a character past ASCII is always a miss of the lexer's DFA, which has edges for ASCII only: left out)
    const valid = newShapes.filter((sql) => !expected.get(sql)!.startsWith('Sql') && ![...sql].some((ch) => ch.charCodeAt(0) > 127));
    assert.ok(restorePredictions(snapshotOfHalf));
    for (const sql of valid) outcome(sql); // new shapes: misses, decisions computed afresh
    const joined = predictionSnapshot();
    assert.ok(joined);
    assert.ok(restorePredictions(joined));
    for (const sql of [...served, ...valid]) assert.equal(outcome(sql), expected.get(sql), sql);
    assert.equal(predictionSnapshot(), undefined, 'both the restored shapes and the new ones are served');
  });

  it('bytes that are not a snapshot of this grammar are refused, changing nothing', () => {
    const s = predictionSnapshot() ?? snapshotOfHalf;
    assert.equal(restorePredictions(new Uint8Array(64)), false);
    assert.equal(restorePredictions(s.subarray(0, s.byteLength - 8)), false, 'truncated');
    const other = new Uint8Array(s);
    new DataView(other.buffer).setInt32(12, 7, true); // another grammar's size
    assert.equal(restorePredictions(other), false);
    for (const sql of unseen) assert.equal(outcome(sql), expected.get(sql), sql);
    // a state that steps to itself at the end of the input (prediction would never end) is no snapshot of ANTLR's:
    // a one-state DFA for decision 0, not accepting, refused with that edge and taken without it
    const fingerprint = [...new Int32Array(s.buffer.slice(s.byteOffset, s.byteOffset + 32))];
    const oneState = (eof: number[]) => new Uint8Array(Int32Array.from([...fingerprint, 0, 1, 0, 1, -1, 0, 1, 0, -1, -1, eof.length / 2, ...eof]).buffer);
    assert.ok(restorePredictions(oneState([])), 'the same without the loop');
    assert.equal(restorePredictions(oneState([0, 0])), false, 'EOF to itself');
    assert.ok(restorePredictions(s));
    for (const sql of unseen) assert.equal(outcome(sql), expected.get(sql), sql);
  });

  it('the data folder keeps them per build (none without one)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lakehouse-predictions-'));
    try {
      const file = path.join(dir, 'cache', 'predictions.bin');
      const grammar = { restorePredictions, predictionSnapshot };
      assert.ok(restorePredictions(snapshotOfHalf));
      outcome('SELECT x FROM t WHERE y BETWEEN 1 AND 2 ORDER BY x DESC NULLS LAST LIMIT 3'); // something to learn
      await new GrammarPredictions(file, undefined).save(grammar);
      assert.throws(() => readFileSync(file), /ENOENT/, 'no build: nothing kept');
      await new GrammarPredictions(file, 'build-a').save(grammar);
      const kept = readFileSync(file);
      assert.ok(kept.toString('latin1').startsWith('lakehouse grammar predictions build-a\n'));
      // another build's file is not read
      let restored = 0;
      assert.equal(await new GrammarPredictions(file, 'build-b').restore({ restorePredictions: () => (restored++, true), predictionSnapshot }), false);
      assert.equal(restored, 0);
      assert.equal(await new GrammarPredictions(file, 'build-a').restore({ restorePredictions: (b) => (restored++, restorePredictions(b)), predictionSnapshot }), true);
      assert.equal(restored, 1);
      // without a file of its own, the data folder's store reads the one the build shipped
      const shipped = path.join(dir, 'shipped.bin');
      writeFileSync(shipped, kept);
      const given: Buffer[] = [];
      await new GrammarPredictions(path.join(dir, 'other', 'predictions.bin'), 'build-a', shipped).restore({ restorePredictions: (b) => (given.push(Buffer.from(b)), true), predictionSnapshot });
      assert.equal(given.length, 1);
      assert.ok(given[0]!.equals(kept.subarray(kept.indexOf(10) + 1)), 'the shipped snapshot');
      // a damaged file is as good as none
      writeFileSync(file, Buffer.concat([Buffer.from('lakehouse grammar predictions build-a\n'), Buffer.from('garbage!')]));
      assert.equal(await new GrammarPredictions(file, 'build-a').restore(grammar), false);
      for (const sql of unseen) assert.equal(outcome(sql), expected.get(sql), sql);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
