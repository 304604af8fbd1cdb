/**
 * Parsing Spark SQL with the grammar of Spark itself: dt-sql-parser's SparkSqlParser.g4, an adaptation of
 * apache/spark's SqlBaseParser.g4 (v3.5.0), compiled for antlr4ng. Only the Spark parts of the package are imported
 * (its index loads every dialect's grammar).
 *
 * Parsing runs in two stages, as Spark's own parser does: SLL prediction with a bail-out strategy (fast, enough for
 * almost every statement), and full LL with error reporting only when that fails.
 */
import { BailErrorStrategy, BaseErrorListener, CharStreams, CommonTokenStream, DefaultErrorStrategy, ParseCancellationException, PredictionMode, type Token } from 'antlr4ng';
import { SparkSqlLexer } from 'dt-sql-parser/dist/lib/spark/SparkSqlLexer';
import { SparkSqlParser, type ExpressionContext, type NamedExpressionContext, type ProgramContext, type StatementContext } from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { LakehouseError } from '../../errors';
import { grammarPredictions, PredictionCache } from '../dialects/predictionCache';

interface SyntaxProblem {
  line: number;
  /** 0-based, as ANTLR counts */
  column: number;
  message: string;
}

class CollectErrors extends BaseErrorListener {
  readonly problems: SyntaxProblem[] = [];
  override syntaxError(_r: unknown, offending: Token | null, line: number, column: number): void {
    const near = !offending || offending.type === -1 ? 'end of input' : `'${offending.text}'`;
    this.problems.push({ line, column, message: `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}` });
  }
}

export interface ParsedSpark<T> {
  tree: T;
  tokens: CommonTokenStream;
}

type Base = { line: number; column: number };

const isKeyword = (type: number): boolean => type >= SparkSqlParser.KW_ADD && type <= SparkSqlParser.KW_ZORDER;

/**
 * Keywords that can only be names, read as names before the parse (Spark's grammar takes every keyword as a name
 * in non-ANSI mode; ANTLR's prediction, though, learns each keyword in each place anew, tens of milliseconds a time):
 * - a keyword after a dot (`a.user`, `s.timestamp`, `db.table`): a field or column name;
 * - `map(…)`: MAP also starts a Hive `MAP … USING` script clause, a reading that makes SLL prediction fail on every
 *   query calling map(…) (the full-context reparse costs tens of milliseconds); before a parenthesis it is the
 *   function, as Spark's own parser ends up reading it.
 */
function keywordsAsNames(tokens: CommonTokenStream): void {
  tokens.fill();
  const all = tokens.getTokens();
  const next = (i: number): Token | undefined => {
    let j = i + 1;
    while (j < all.length && all[j]!.channel !== 0) j++;
    return all[j];
  };
  let previous: Token | undefined;
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    if (t.channel !== 0) continue;
    if (isKeyword(t.type) && (previous?.type === SparkSqlParser.DOT || (t.type === SparkSqlParser.KW_MAP && next(i)?.type === SparkSqlParser.LEFT_PAREN)))
      (t as { type: number }).type = SparkSqlParser.IDENTIFIER;
    previous = t;
  }
}

function parse<T>(text: string, base: Base, rule: (p: SparkSqlParser) => T): ParsedSpark<T> {
  const cache = predictionCache();
  return cache.run(() => parseOnce(text, base, rule, cache));
}

function parseOnce<T>(text: string, base: Base, rule: (p: SparkSqlParser) => T, cache: PredictionCache): ParsedSpark<T> {
  const lexer = new SparkSqlLexer(CharStreams.fromString(text));
  cache.instrument(lexer);
  lexer.removeErrorListeners();
  const tokens = new CommonTokenStream(lexer);
  keywordsAsNames(tokens);
  const parser = new SparkSqlParser(tokens);
  parser.removeErrorListeners();
  parser.interpreter.predictionMode = PredictionMode.SLL;
  parser.errorHandler = new BailErrorStrategy();
  let tree: T;
  try {
    tree = rule(parser);
  } catch (e) {
    if (!(e instanceof ParseCancellationException)) throw e;
    tokens.seek(0);
    parser.reset();
    parser.interpreter.predictionMode = PredictionMode.LL;
    parser.errorHandler = new DefaultErrorStrategy();
    const errors = new CollectErrors();
    parser.addErrorListener(errors);
    tree = rule(parser);
    const first = errors.problems[0];
    if (first) throw syntaxError(first, base);
  }
  return { tree, tokens };
}

/**
 * Parses one statement (a trailing `;` allowed). `base`: where the text starts in its file (1-based line and
 * column), for the position of a syntax error. Throws a `SqlSyntax` LakehouseError at the first problem.
 */
export function parseSparkStatement(text: string, base: Base = { line: 1, column: 1 }): ParsedSpark<StatementContext> {
  const { tree, tokens } = parse<ProgramContext>(text, base, (p) => p.program());
  const statements = tree.singleStatement();
  if (statements.length === 0) throw syntaxError({ line: 1, column: 0, message: '[PARSE_SYNTAX_ERROR] Syntax error at or near end of input' }, base);
  if (statements.length > 1) {
    const second = statements[1]!.start!;
    throw syntaxError({ line: second.line, column: second.column, message: `[PARSE_SYNTAX_ERROR] Syntax error at or near '${second.text}'` }, base);
  }
  return { tree: statements[0]!.statement(), tokens };
}

/** Parses one expression (the text of `expr("…")`, `filter("…")`, `selectExpr("…")`): nothing may follow it. */
export function parseSparkExpression(text: string, base: Base = { line: 1, column: 1 }): ParsedSpark<ExpressionContext> {
  const parsed = parse(text, base, (p) => p.expression());
  const next = nextToken(parsed);
  if (next && next.type !== -1) throw syntaxError({ line: next.line, column: next.column, message: `[PARSE_SYNTAX_ERROR] Syntax error at or near '${next.text}'` }, base);
  return parsed;
}

/**
 * Parses one named expression, as Spark's `parseExpression` reads the text of `expr("…")`, `filter("…")` and each
 * `selectExpr` item (SqlBaseParser's `singleExpression: namedExpression EOF`): an expression with an optional alias
 * (`a + 1 AS b`, `explode(m) AS (k, v)`), or `*` / `t.*`. Nothing may follow it.
 */
export function parseSparkNamedExpression(text: string, base: Base = { line: 1, column: 1 }): ParsedSpark<NamedExpressionContext> {
  const parsed = parse(text, base, (p) => p.namedExpression());
  const next = nextToken(parsed);
  if (next && next.type !== -1) throw syntaxError({ line: next.line, column: next.column, message: `[PARSE_SYNTAX_ERROR] Syntax error at or near '${next.text}'` }, base);
  return parsed;
}

/** The first token after the parsed rule that is not white space or a comment. */
function nextToken(parsed: ParsedSpark<{ stop: Token | null }>): Token | undefined {
  let i = parsed.tree.stop ? parsed.tree.stop.tokenIndex + 1 : 0;
  for (; i < parsed.tokens.size; i++) {
    const token = parsed.tokens.get(i);
    if (token.channel === 0) return token;
  }
  return undefined;
}

const predictions = grammarPredictions(() => new PredictionCache(new SparkSqlLexer(CharStreams.fromString('')), new SparkSqlParser(new CommonTokenStream(new SparkSqlLexer(CharStreams.fromString(''))))));
const predictionCache = predictions.cache;
/** Gives the grammar the prediction caches of an earlier process: see dialects/predictionCache.ts. */
export const restorePredictions = predictions.restorePredictions;
/** The grammar's prediction caches, when parsing learnt something since they were restored or last taken. */
export const predictionSnapshot = predictions.predictionSnapshot;

function syntaxError(p: SyntaxProblem, base: Base): LakehouseError {
  const line = base.line + p.line - 1;
  const column = p.line === 1 ? base.column + p.column : p.column + 1;
  return new LakehouseError('SqlSyntax', p.message, { line, column });
}
