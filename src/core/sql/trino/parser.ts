/**
 * Parsing Athena (Trino) SQL with the grammar of Trino itself: dt-sql-parser's TrinoSql.g4, an adaptation of
 * trinodb/trino's SqlBase.g4, compiled for antlr4ng. Only the Trino parts of the package are imported (its index
 * loads every dialect's grammar).
 *
 * Parsing runs in two stages, as Trino's own parser does: SLL prediction with a bail-out strategy (fast, enough for
 * almost every statement), and full LL with error reporting only when that fails.
 */
import { BailErrorStrategy, BaseErrorListener, CharStreams, CommonTokenStream, DefaultErrorStrategy, ParseCancellationException, PredictionMode, type Token } from 'antlr4ng';
import { TrinoSqlLexer } from 'dt-sql-parser/dist/lib/trino/TrinoSqlLexer';
import { TrinoSqlParser, type ProgramContext, type StatementContext } from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { LakehouseError } from '../../errors';
import { grammarPredictions, PredictionCache } from '../dialects/predictionCache';

export interface SyntaxProblem {
  line: number;
  /** 0-based, as ANTLR counts */
  column: number;
  message: string;
  /** the construct refused when the problem is syntax Trino has and the grammar (Trino 450's) lacks */
  unsupported?: string;
}

/**
 * Syntax Athena's Trino has that the grammar (dt-sql-parser's, Trino 450's SqlBase.g4) lacks, by the token the parse
 * stops at: refused by name rather than reported as a syntax error.
 */
const NEWER_SYNTAX: Record<string, string> = {
  // (set operations matching columns by name, trinodb/trino#25260, March 2025, are read by `withoutCorresponding`;
  // `CORRESPONDING BY (…)`, which Trino's documentation does not have, is a syntax error)
};

/**
 * `UNION [ALL|DISTINCT] CORRESPONDING` (Trino's set operation matching columns by name, which the grammar lacks): the
 * word is blanked out of the text (positions kept) and its offsets returned, for the translation of the set
 * operation it follows. Only right after a set operator or its quantifier, and not before BY: there it is no name.
 */
function withoutCorresponding(text: string): { text: string; corresponding: number[] } {
  if (!/corresponding/i.test(text)) return { text, corresponding: [] };
  const lexer = new TrinoSqlLexer(CharStreams.fromString(text));
  lexer.removeErrorListeners();
  const visible = lexer.getAllTokens().filter((tk) => tk.channel === 0);
  const word = (i: number) => visible[i]?.text?.toUpperCase();
  const corresponding: number[] = [];
  let out = text;
  visible.forEach((tk, i) => {
    if (word(i) !== 'CORRESPONDING' || word(i + 1) === 'BY') return;
    const before = word(i - 1);
    const setOp = (w: string | undefined) => w === 'UNION' || w === 'INTERSECT' || w === 'EXCEPT';
    if (!(setOp(before) || ((before === 'ALL' || before === 'DISTINCT') && setOp(word(i - 2))))) return;
    corresponding.push(tk.start);
    out = out.slice(0, tk.start) + ' '.repeat(tk.stop - tk.start + 1) + out.slice(tk.stop + 1);
  });
  return { text: out, corresponding };
}

class CollectErrors extends BaseErrorListener {
  readonly problems: SyntaxProblem[] = [];
  override syntaxError(_r: unknown, offending: Token | null, line: number, column: number, msg: string): void {
    const unsupported = offending?.text ? NEWER_SYNTAX[offending.text.toUpperCase()] : undefined;
    this.problems.push({ line, column, message: trinoMessage(msg, offending), ...(unsupported ? { unsupported } : {}) });
  }
}

/** ANTLR's message in Trino's words: `mismatched input 'x'. Expecting: …` (long lists of expected tokens cut). */
function trinoMessage(msg: string, offending: Token | null): string {
  // dt-sql-parser's grammar has semantic predicates of its own (for code completion): their failure is a mismatch
  if (/^rule \w+ failed predicate/.test(msg)) return offending?.type === -1 || !offending ? "mismatched input '<EOF>'" : `mismatched input '${offending.text}'`;
  const m = /^(mismatched input|extraneous input|no viable alternative at input|missing) ('(?:[^']|'')*'|\S+)(?: expecting (.*))?/s.exec(msg);
  if (!m) return msg;
  const what = offending?.type === -1 ? "mismatched input '<EOF>'" : `${m[1] === 'no viable alternative at input' ? 'mismatched input' : m[1]} ${offending ? `'${offending.text}'` : m[2]}`;
  const expected = m[3];
  if (expected === undefined) return what;
  const list = expected.replace(/^\{|\}$/g, '').split(/,\s*/);
  return list.length <= 12 ? `${what}. Expecting: ${list.join(', ')}` : what;
}

export interface ParsedTrino {
  statement: StatementContext;
  parser: TrinoSqlParser;
  tokens: CommonTokenStream;
  /** offsets of `CORRESPONDING` after a set operator (withoutCorresponding) */
  corresponding: number[];
}

/**
 * Parses one statement. `base`: where the text starts in its file (1-based line and column), for the position of a
 * syntax error. Throws a `SqlSyntax` LakehouseError at the first problem.
 */
export function parseTrinoStatement(text: string, base: { line: number; column: number } = { line: 1, column: 1 }): ParsedTrino {
  const cache = predictionCache();
  return cache.run(() => parse(text, base, cache));
}

function parse(source: string, base: { line: number; column: number }, cache: PredictionCache): ParsedTrino {
  const { text, corresponding } = withoutCorresponding(source);
  const lexer = new TrinoSqlLexer(CharStreams.fromString(text));
  cache.instrument(lexer);
  lexer.removeErrorListeners();
  const tokens = new CommonTokenStream(lexer);
  const parser = new TrinoSqlParser(tokens);
  parser.removeErrorListeners();
  parser.interpreter.predictionMode = PredictionMode.SLL;
  parser.errorHandler = new BailErrorStrategy();
  let program: ProgramContext;
  try {
    program = parser.program();
  } catch (e) {
    if (!(e instanceof ParseCancellationException)) throw e;
    tokens.seek(0);
    parser.reset();
    parser.interpreter.predictionMode = PredictionMode.LL;
    parser.errorHandler = new DefaultErrorStrategy();
    const errors = new CollectErrors();
    parser.addErrorListener(errors);
    program = parser.program();
    const first = errors.problems[0];
    if (first) throw syntaxError(first, base);
  }
  const statements = program.statements();
  if (statements.length === 0) throw syntaxError({ line: 1, column: 0, message: "mismatched input '<EOF>'" }, base);
  if (statements.length > 1) {
    const second = statements[1]!.start!;
    throw syntaxError({ line: second.line, column: second.column, message: `mismatched input '${second.text}'. Expecting: ';', <EOF>` }, base);
  }
  return { statement: statements[0]!.singleStatement().statement(), parser, tokens, corresponding };
}

const predictions = grammarPredictions(() => new PredictionCache(new TrinoSqlLexer(CharStreams.fromString('')), new TrinoSqlParser(new CommonTokenStream(new TrinoSqlLexer(CharStreams.fromString(''))))));
const predictionCache = predictions.cache;
/** Gives the grammar the prediction caches of an earlier process: see dialects/predictionCache.ts. */
export const restorePredictions = predictions.restorePredictions;
/** The grammar's prediction caches, when parsing learnt something since they were restored or last taken. */
export const predictionSnapshot = predictions.predictionSnapshot;

function syntaxError(p: SyntaxProblem, base: { line: number; column: number }): LakehouseError {
  const line = base.line + p.line - 1;
  const column = p.line === 1 ? base.column + p.column : p.column + 1;
  if (p.unsupported) return new LakehouseError('SqlUnsupported', `${p.unsupported} is not supported by the local engine (Athena has it)`, { line, column });
  return new LakehouseError('SqlSyntax', p.message, { line, column });
}

export { TrinoSqlParser };
