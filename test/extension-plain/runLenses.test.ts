// The SQL editor's "Run" CodeLenses (src/extension/sql/runLenses.ts): one per line on which statements start. Two
// statements on one line used to get two lenses both titled "Run" on that line; now one, which runs both (the
// range it passes is what Run SQL splits and runs: commands/sql.ts) and says so.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitStatements } from '../../src/core/sql/split';
import { runLenses } from '../../src/extension/sql/runLenses';

describe('the Run CodeLenses of a SQL document', () => {
  it('one statement per line: one "Run" each, on the line its statement starts', () => {
    const text = 'SELECT 1;\n\n-- the second\nSELECT\n  2;\n';
    const lenses = runLenses(text);
    assert.deepEqual(lenses.map((l) => [l.line, l.title, text.slice(l.start, l.end)]), [
      [1, '$(play) Run', 'SELECT 1'],
      [4, '$(play) Run', 'SELECT\n  2'],
    ]);
  });

  it('two statements on one line: one lens, "Run 2 statements", whose range holds both', () => {
    const text = 'SELECT 1; SELECT 2;\nSELECT 3;\n';
    const lenses = runLenses(text);
    assert.deepEqual(lenses.map((l) => [l.line, l.title, l.statements]), [
      [1, '$(play) Run 2 statements', 2],
      [2, '$(play) Run', 1],
    ]);
    // what the lens's command runs: the statements of its range
    assert.deepEqual(splitStatements(text.slice(lenses[0]!.start, lenses[0]!.end)).map((s) => s.text), ['SELECT 1', 'SELECT 2']);
    assert.match(lenses[0]!.tooltip, /the 2 statements of this line/);
  });

  it('a statement ending on the line the next one starts: each keeps its own lens, on its own first line', () => {
    const text = 'SELECT\n  1; SELECT 2;\n';
    assert.deepEqual(runLenses(text).map((l) => [l.line, l.title, text.slice(l.start, l.end)]), [
      [1, '$(play) Run', 'SELECT\n  1'],
      [2, '$(play) Run', 'SELECT 2'],
    ]);
  });

  it('no lens for a text that does not split (an unterminated string), nor for an empty one', () => {
    assert.deepEqual(runLenses("SELECT 'abc"), []);
    assert.deepEqual(runLenses(''), []);
  });
});
