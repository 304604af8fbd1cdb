/**
 * The errors a translation raises, positioned in the statement's file. Two of them keep the promise "Athena's
 * answer or a clear refusal": a construct Athena has and the local engine does not translate is refused by name
 * (`notSupported`), and a name the dialect itself does not have fails as the dialect fails (`notRegistered`).
 */
import { LakehouseError, type ErrorCode } from '../../errors';

/** 1-based line and column of a statement's first character in its file. */
export interface SourceBase {
  line: number;
  column: number;
}

/** Turns source offsets of a text that starts at `base` into file positions. */
export class SourceText {
  private readonly lineStarts: number[] = [0];
  constructor(
    readonly text: string,
    readonly base: SourceBase = { line: 1, column: 1 },
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = offset - this.lineStarts[lo]! + 1;
    return lo === 0 ? { line: this.base.line, column: this.base.column + column - 1 } : { line: this.base.line + lo, column };
  }

  error(offset: number, message: string, code: ErrorCode = 'SqlError'): LakehouseError {
    return new LakehouseError(code, message, this.position(offset));
  }
}

/** The engine whose language a translation speaks, as refusals name it. */
export type SourceEngine = 'Athena' | 'Spark';

/**
 * The engine has it, the local engine does not translate it: `<what> is not supported by the local engine (Athena
 * has it)` — or `(Spark has it)` for the Spark SQL of Glue jobs.
 */
export function notSupported(source: SourceText, offset: number, what: string, why?: string, engine: SourceEngine = 'Athena'): LakehouseError {
  return source.error(offset, `${what} is not supported by the local engine (${engine} has it)${why ? `: ${why}` : ''}`, 'SqlUnsupported');
}

/** A function the dialect does not have, as Trino says it: `Function 'x' not registered`. */
export function notRegistered(source: SourceText, offset: number, name: string): LakehouseError {
  return source.error(offset, `Function '${name}' not registered`);
}

/** Whether an error is a refusal of something Athena has (the conformance suites count these apart). */
export function isNotSupported(e: unknown): boolean {
  return e instanceof LakehouseError && e.code === 'SqlUnsupported';
}
