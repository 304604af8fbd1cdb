/**
 * ANTLR's prediction caches kept across processes. An ANTLR parser decides each choice of its grammar by adaptive
 * prediction over the grammar's ATN, and remembers what it learnt in a DFA per decision (and its lexer, in a DFA per
 * mode): the first statement of a new shape costs hundreds of milliseconds with a grammar the size of Trino's, the
 * next ones about a millisecond. A process that parses one statement — every `lakehouse query` — would pay the first
 * cost every time; this keeps the DFAs' learnt transitions in a file (the local target's data folder) and gives them
 * back to the next process.
 *
 * What is kept is what prediction looks up, not how it got there: each DFA state's outgoing edges (token → state),
 * whether it accepts and what it predicts (a lexer state: its token type and lexer actions). The states' ATN
 * configurations — what ANTLR needs to compute an edge it has not seen yet, or to report an error — are not kept.
 * A restored state that must compute an edge, or whose configurations anything reads, throws
 * {@link PredictionCacheMiss}; {@link PredictionCache.run} then forgets that decision's restored DFA (the lexer's:
 * its mode's) and parses again, computing it as a process with no cache would; a later snapshot joins the two. So the
 * cache changes no parse: a lookup in a restored DFA gives what the same lookup gives in the process that learnt it
 * (the DFA is a function of the grammar, which the file is kept for: see the caller), and anything else is computed
 * afresh. (A character past ASCII always misses the lexer's DFA, which has edges for ASCII only.)
 *
 * Not kept (computed afresh when met): lexer states whose actions are position-dependent, parser states whose
 * predicates are of a kind not known here.
 */
import { ATNSimulator, DFA, DFAState, LexerActionExecutor, OrderedATNConfigSet, SemanticContext, Token, type ATN, type ATNConfigSet, type CharStream, type Lexer, type LexerAction, type Parser } from 'antlr4ng';

/** Thrown by a restored DFA state asked for what it does not hold (its ATN configurations). */
export class PredictionCacheMiss extends Error {
  constructor(
    readonly side: 'lexer' | 'parser',
    readonly decision: number,
  ) {
    super(`prediction cache miss (${side} decision ${decision})`);
  }
}

/** a lexer state's step at the end of the input, once computed (lexer DFAs have no edge for it) */
const eofEdges = new WeakMap<DFAState, DFAState>();
/** the end of the input in a snapshot's edges (a lexer's) */
const EOF_SYMBOL = -1;

interface LexerSimulator {
  computeTargetState(input: CharStream, s: DFAState, t: number): DFAState;
  getReachableConfigSet(input: CharStream, closure: ATNConfigSet, reach: ATNConfigSet, t: number): void;
  addDFAEdge(from: DFAState, t: number, to: DFAState | null, configs: ATNConfigSet): DFAState;
}

/**
 * Restored states are made by ANTLR's own constructor (the same shape as the states it makes, so that its code
 * reading them stays as fast), with stand-in configurations:
 * - a parser state's: a proxy whose every use is a miss;
 * - a lexer state's: an empty set, one per decision — the lexer reads it at every token's end, only to report a
 *   token it cannot recognise, which is the same error without it — and computing an edge from it is a miss
 *   ({@link PredictionCache.instrument}).
 */
const lexerStandIns = new WeakMap<ATNConfigSet, number>();

function parserStandIn(decision: number): ATNConfigSet {
  const miss = (): never => {
    throw new PredictionCacheMiss('parser', decision);
  };
  return new Proxy(Object.create(null) as ATNConfigSet, { get: miss, set: miss, has: miss, ownKeys: miss, getOwnPropertyDescriptor: miss });
}

function lexerStandIn(decision: number): ATNConfigSet {
  const set = new DFAState().configs;
  lexerStandIns.set(set, decision);
  return set;
}

const MAGIC = 0x4c48_5043; // "LHPC"
const FORMAT = 1;
/** an edge to ANTLR's ERROR state (no viable continuation): kept, the lexer ends every token on one */
const ERROR_TARGET = -2;

interface Side {
  dfas: DFA[];
  atn: ATN;
  /** decision → the restored DFA a miss replaced (joined to the new one in a snapshot) */
  dropped: Map<number, DFA>;
}

export class PredictionCache {
  private readonly lexer: Side;
  private readonly parser: Side;
  /** DFA states known at the last restore or snapshot (restored ones not counted): more means something was learnt */
  private known = 0;

  /**
   * `lexer`, `parser`: an instance of each (made once: the DFAs are the grammar classes' own, shared by all
   * instances).
   */
  constructor(lexer: Lexer, parser: Parser) {
    this.lexer = { dfas: lexer.interpreter.decisionToDFA, atn: lexer.interpreter.atn, dropped: new Map() };
    this.parser = { dfas: parser.interpreter.decisionToDFA, atn: parser.interpreter.atn, dropped: new Map() };
    this.known = this.learnt();
  }

  /** A fingerprint of the grammar (its ATNs' sizes): a file made for another grammar is not read. */
  private fingerprint(): number[] {
    return [this.lexer.atn.states.length, this.lexer.dfas.length, this.lexer.atn.lexerActions.length, this.parser.atn.states.length, this.parser.dfas.length, this.parser.atn.maxTokenType];
  }

  /**
   * Readies a new lexer's simulator for restored states (call on every lexer made). A lexer's DFA has no edges for
   * the end of the input (its edges are for ASCII): ANTLR computes that step from the state's configurations every
   * time. It is computed here as ANTLR computes it and remembered on the state (and in a snapshot) when ANTLR would
   * remember an edge — no semantic predicate took part; a restored state without it misses, unless no lexer rule
   * matches EOF (then the step is ANTLR's ERROR from every state).
   */
  instrument(lexer: Lexer): void {
    const sim = lexer.interpreter as unknown as LexerSimulator;
    const compute = sim.computeTargetState;
    const eofIsError = this.lexerMatchesNoEof;
    sim.computeTargetState = function (this: LexerSimulator, input, s, t) {
      const restored = lexerStandIns.get(s.configs);
      if (t === Token.EOF) {
        const known = eofEdges.get(s);
        if (known) return known;
        if (restored !== undefined) {
          if (eofIsError) return ATNSimulator.ERROR;
          throw new PredictionCacheMiss('lexer', restored);
        }
        // LexerATNSimulator.computeTargetState, and its rule for keeping an edge
        const reach = new OrderedATNConfigSet();
        this.getReachableConfigSet(input, s.configs, reach, t);
        if (reach.length === 0) {
          if (!reach.hasSemanticContext) eofEdges.set(s, ATNSimulator.ERROR);
          return ATNSimulator.ERROR;
        }
        const predicated = reach.hasSemanticContext;
        const to = this.addDFAEdge(s, t, null, reach);
        if (!predicated) eofEdges.set(s, to);
        return to;
      }
      if (restored !== undefined) throw new PredictionCacheMiss('lexer', restored);
      return compute.call(this, input, s, t);
    };
  }

  /** No transition of the lexer's ATN matches EOF (no lexer rule names it). */
  private get lexerMatchesNoEof(): boolean {
    this.noEof ??= this.lexer.atn.states.every((st) => !st || st.transitions.every((tr) => !tr.matches(Token.EOF, 0, 0x10ffff)));
    return this.noEof;
  }
  private noEof: boolean | undefined;

  /** Runs a parse; on a miss, forgets the decision's restored DFA and parses again. */
  run<T>(parse: () => T): T {
    for (;;) {
      try {
        return parse();
      } catch (e) {
        if (!(e instanceof PredictionCacheMiss)) throw e;
        const side = e.side === 'lexer' ? this.lexer : this.parser;
        if (!side.dropped.has(e.decision)) side.dropped.set(e.decision, side.dfas[e.decision]!);
        side.dfas[e.decision] = new DFA(side.atn.decisionToState[e.decision], e.decision);
      }
    }
  }

  /** How many DFA states have been computed in this process (restored ones are not in the DFAs' sets). */
  private learnt(): number {
    let n = 0;
    for (const d of this.lexer.dfas) n += d.states.length;
    for (const d of this.parser.dfas) n += d.states.length;
    return n;
  }

  /** Whether prediction learnt something since the last restore or snapshot. */
  get changed(): boolean {
    return this.learnt() !== this.known;
  }

  /** The DFAs' transitions, to give a later process ({@link restore}). */
  snapshot(): Uint8Array {
    const out: number[] = [MAGIC, FORMAT, ...this.fingerprint()];
    this.write(out, this.lexer, 'lexer');
    this.write(out, this.parser, 'parser');
    this.known = this.learnt();
    return new Uint8Array(Int32Array.from(out).buffer);
  }

  private write(out: number[], side: Side, kind: 'lexer' | 'parser'): void {
    const actions = new Map<LexerAction, number>(side.atn.lexerActions?.map((a, i) => [a, i]) ?? []);
    /** a lexer state's actions as indices of the ATN's, or undefined when one is not (position-dependent) */
    const actionIndices = (s: DFAState): number[] | undefined => {
      const list = (s.lexerActionExecutor as unknown as { lexerActions?: LexerAction[] } | null)?.lexerActions ?? [];
      const ix = list.map((a) => actions.get(a));
      return ix.every((i) => i !== undefined) ? (ix as number[]) : undefined;
    };
    const keep = (s: DFAState): boolean => (kind === 'parser' ? (s.predicates ?? []).every((p) => writable(p.pred)) : actionIndices(s) !== undefined);
    const countAt = out.length;
    out.push(0);
    let count = 0;
    side.dfas.forEach((current, decision) => {
      // the DFA and, when a miss replaced the restored one, the restored one too: a state of each reached by the
      // same input is the same state of the grammar's DFA (both are built from the same start, deterministically),
      // so they are walked together and written as one — what the process learnt joined to what it was given
      const dropped = side.dropped.get(decision);
      type Pair = [DFAState | undefined, DFAState | undefined];
      const ids = new Map<DFAState | undefined, Map<DFAState | undefined, number>>();
      const order: Pair[] = [];
      const usable = (s: DFAState | null | undefined): DFAState | undefined => (s && s !== ATNSimulator.ERROR && keep(s) ? s : undefined);
      const idOf = ([a, b]: Pair): number | undefined => {
        if (!a && !b) return undefined;
        let row = ids.get(a);
        if (!row) ids.set(a, (row = new Map()));
        let id = row.get(b);
        if (id === undefined) {
          row.set(b, (id = order.length));
          order.push([a, b]);
        }
        return id;
      };
      const starts: [number, number][] = [];
      if (current.isPrecedenceDfa()) {
        const n = Math.max(current.s0?.edges?.length ?? 0, dropped?.s0?.edges?.length ?? 0);
        for (let precedence = 0; precedence < n; precedence++) {
          const id = idOf([usable(current.s0?.edges?.[precedence]), usable(dropped?.s0?.edges?.[precedence])]);
          if (id !== undefined) starts.push([precedence, id]);
        }
      } else {
        const id = idOf([usable(current.s0), usable(dropped?.s0)]);
        if (id !== undefined) starts.push([-1, id]);
      }
      if (order.length === 0) return;
      const body: number[] = [];
      for (let i = 0; i < order.length; i++) {
        const [a, b] = order[i]!;
        const s = (a ?? b)!;
        body.push((s.isAcceptState ? 1 : 0) | (s.requiresFullContext ? 2 : 0), s.prediction);
        if (kind === 'lexer') {
          const ix = actionIndices(s)!;
          body.push(s.lexerActionExecutor ? ix.length : -1, ...ix);
        } else {
          body.push(s.predicates ? s.predicates.length : -1);
          for (const p of s.predicates ?? []) {
            body.push(p.alt);
            writeContext(body, p.pred);
          }
        }
        const edges: number[] = [];
        const n = Math.max(a?.edges?.length ?? 0, b?.edges?.length ?? 0);
        for (let symbol = 0; symbol < n; symbol++) {
          const ta = a?.edges?.[symbol];
          const tb = b?.edges?.[symbol];
          if (ta === ATNSimulator.ERROR || tb === ATNSimulator.ERROR) edges.push(symbol, ERROR_TARGET);
          else {
            const id = idOf([usable(ta), usable(tb)]);
            if (id !== undefined) edges.push(symbol, id);
          }
        }
        if (kind === 'lexer') {
          const ta = a && eofEdges.get(a);
          const tb = b && eofEdges.get(b);
          if (ta === ATNSimulator.ERROR || tb === ATNSimulator.ERROR) edges.push(EOF_SYMBOL, ERROR_TARGET);
          else {
            const id = idOf([usable(ta), usable(tb)]);
            if (id !== undefined) edges.push(EOF_SYMBOL, id);
          }
        }
        body.push(edges.length / 2, ...edges);
      }
      count++;
      out.push(decision, starts.length);
      for (const [precedence, id] of starts) out.push(precedence, id);
      out.push(order.length);
      for (const v of body) out.push(v);
    });
    out[countAt] = count;
  }

  /**
   * Gives the DFAs the transitions of a snapshot (replacing what they hold). Returns false, changing nothing, when
   * the bytes are not a snapshot of this grammar.
   */
  restore(bytes: Uint8Array): boolean {
    if (bytes.byteLength % 4 !== 0 || bytes.byteLength < 32) return false;
    const data = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const fp = this.fingerprint();
    if (data[0] !== MAGIC || data[1] !== FORMAT || fp.some((v, i) => data[2 + i] !== v)) return false;
    let at = 2 + fp.length;
    const next = (): number => {
      if (at >= data.length) throw new RangeError('truncated');
      return data[at++]!;
    };
    try {
      const lexer = this.read(next, this.lexer, 'lexer');
      const parser = this.read(next, this.parser, 'parser');
      if (at !== data.length) return false;
      for (const [d, dfa] of lexer) this.lexer.dfas[d] = dfa;
      for (const [d, dfa] of parser) this.parser.dfas[d] = dfa;
      this.lexer.dropped.clear();
      this.parser.dropped.clear();
    } catch {
      return false;
    }
    this.known = this.learnt();
    return true;
  }

  private read(next: () => number, side: Side, kind: 'lexer' | 'parser'): Map<number, DFA> {
    const result = new Map<number, DFA>();
    const lexerActions = side.atn.lexerActions ?? [];
    const count = next();
    for (let k = 0; k < count; k++) {
      const decision = next();
      if (decision < 0 || decision >= side.dfas.length || result.has(decision)) throw new RangeError('decision');
      const dfa = new DFA(side.atn.decisionToState[decision], decision);
      const starts: [number, number][] = [];
      const nStarts = next();
      for (let i = 0; i < nStarts; i++) starts.push([next(), next()]);
      const n = next();
      const states: DFAState[] = [];
      const standIn = kind === 'lexer' ? lexerStandIn(decision) : parserStandIn(decision);
      for (let i = 0; i < n; i++) {
        const s = new DFAState(standIn);
        s.stateNumber = i;
        states.push(s);
      }
      for (const s of states) {
        const flags = next();
        s.isAcceptState = (flags & 1) !== 0;
        s.requiresFullContext = (flags & 2) !== 0;
        s.prediction = next();
        s.predicates = null;
        s.lexerActionExecutor = null;
        if (kind === 'parser') {
          const nPredicates = next();
          if (nPredicates >= 0) {
            s.predicates = [];
            for (let i = 0; i < nPredicates; i++) {
              const alt = next();
              s.predicates.push(new DFAState.PredPrediction(readContext(next), alt));
            }
          }
        } else {
          const nActions = next();
          if (nActions >= 0) {
            const list: LexerAction[] = [];
            for (let i = 0; i < nActions; i++) {
              const a = lexerActions[next()];
              if (!a) throw new RangeError('lexer action');
              list.push(a);
            }
            s.lexerActionExecutor = new LexerActionExecutor(list);
          }
        }
        const nEdges = next();
        s.edges = nEdges > 0 ? [] : null;
        for (let i = 0; i < nEdges; i++) {
          const symbol = next();
          const target = next();
          const t = target === ERROR_TARGET ? ATNSimulator.ERROR : states[target];
          if (!t || (symbol < 0 && !(symbol === EOF_SYMBOL && kind === 'lexer'))) throw new RangeError('edge');
          if (symbol === EOF_SYMBOL) eofEdges.set(s, t);
          else s.edges![symbol] = t;
        }
      }
      // the step at the end of the input consumes nothing: it ends in an accepting state or ERROR, or prediction
      // would never end (ANTLR's own DFAs do; a file that says otherwise is not one of them)
      for (const s of states) {
        const atEof = kind === 'lexer' ? eofEdges.get(s) : s.edges?.[0];
        if (atEof && atEof !== ATNSimulator.ERROR && !atEof.isAcceptState) throw new RangeError('end of input');
      }
      for (const [precedence, id] of starts) {
        const s = states[id];
        if (!s) throw new RangeError('start');
        if (dfa.isPrecedenceDfa()) {
          if (precedence < 0) throw new RangeError('precedence');
          dfa.setPrecedenceStartState(precedence, s);
        } else dfa.s0 = s;
      }
      result.set(decision, dfa);
    }
    return result;
  }
}

/**
 * Semantic contexts (the predicates a DFA state evaluates), written as trees: NONE, a grammar predicate (rule and
 * index), a precedence predicate, AND and OR of others. Any other kind is not kept (its state is computed afresh).
 */
const CONTEXT = { none: 0, predicate: 1, precedence: 2, and: 3, or: 4 } as const;

function operands(c: SemanticContext): SemanticContext[] | undefined {
  const kind = c.constructor.name;
  return kind === 'AND' || kind === 'OR' ? (c as unknown as { opnds: SemanticContext[] }).opnds : undefined;
}

function writable(c: SemanticContext): boolean {
  if (c === SemanticContext.NONE || c instanceof SemanticContext.Predicate || c instanceof SemanticContext.PrecedencePredicate) return true;
  return operands(c)?.every(writable) ?? false;
}

function writeContext(out: number[], c: SemanticContext): void {
  if (c === SemanticContext.NONE) out.push(CONTEXT.none);
  else if (c instanceof SemanticContext.Predicate) out.push(CONTEXT.predicate, c.ruleIndex, c.predIndex, c.isCtxDependent ? 1 : 0);
  else if (c instanceof SemanticContext.PrecedencePredicate) out.push(CONTEXT.precedence, c.precedence);
  else {
    const list = operands(c)!;
    out.push(c.constructor.name === 'AND' ? CONTEXT.and : CONTEXT.or, list.length);
    for (const o of list) writeContext(out, o);
  }
}

function readContext(next: () => number): SemanticContext {
  const tag = next();
  switch (tag) {
    case CONTEXT.none:
      return SemanticContext.NONE;
    case CONTEXT.predicate:
      return new SemanticContext.Predicate(next(), next(), next() === 1);
    case CONTEXT.precedence:
      return new SemanticContext.PrecedencePredicate(next());
    case CONTEXT.and:
    case CONTEXT.or: {
      const n = next();
      if (n < 2) throw new RangeError('semantic context');
      let c: SemanticContext | null = null;
      for (let i = 0; i < n; i++) {
        const o = readContext(next);
        c = c === null ? o : tag === CONTEXT.and ? SemanticContext.andContext(c, o) : SemanticContext.orContext(c, o);
      }
      return c!;
    }
    default:
      throw new RangeError('semantic context');
  }
}

/**
 * A grammar's prediction caches, made at first use and shared by every parser of the process (`cache`), with the two
 * calls its parser module exports: `restorePredictions` gives it the caches of an earlier process (false when the
 * bytes are not a snapshot of this grammar: nothing changes then); `predictionSnapshot` takes them when parsing
 * learnt something since they were restored or last taken.
 */
export function grammarPredictions(make: () => PredictionCache): {
  cache(): PredictionCache;
  restorePredictions(bytes: Uint8Array): boolean;
  predictionSnapshot(): Uint8Array | undefined;
} {
  let cache: PredictionCache | undefined;
  const get = (): PredictionCache => (cache ??= make());
  return {
    cache: get,
    restorePredictions: (bytes) => get().restore(bytes),
    predictionSnapshot: () => (get().changed ? get().snapshot() : undefined),
  };
}
