/**
 * Errors a user can act on. Every error the core raises on bad input is a LakehouseError whose message names
 * the file, line, column, object or field at fault; `code` lets callers (CLI exit codes, the extension's
 * diagnostics) tell kinds apart without parsing messages.
 */
export type ErrorCode =
  | 'ManifestInvalid'
  | 'SqlSyntax'
  | 'SqlUnsupported'
  | 'SqlError'
  | 'EntityNotFound'
  | 'AlreadyExists'
  | 'InvalidObjectKey'
  | 'NoSuchKey'
  | 'NoSuchBucket'
  | 'DataError'
  | 'ScriptUnsupported'
  | 'ScriptSyntax'
  | 'JobRunning'
  | 'Cancelled'
  | 'InvalidInput';

/** Where in a source text something happened; lines and columns are 1-based. */
export interface SourcePosition {
  file?: string;
  line: number;
  column: number;
}

export interface ErrorDetail {
  /** file the problem is in (DDL file, script, manifest, data file) */
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer-ish path of a bad manifest field, e.g. `datasets.customer.landing` */
  field?: string;
  /** an object key, table name or job name */
  object?: string;
}

export class LakehouseError extends Error {
  override readonly name = 'LakehouseError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: ErrorDetail = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** `file:line:column` when the error has a position, for editors and terminals. */
  get where(): string | undefined {
    const { file, line, column } = this.detail;
    if (line === undefined) return file;
    return `${file ?? '<input>'}:${line}${column !== undefined ? `:${column}` : ''}`;
  }
}

export function isLakehouseError(e: unknown, code?: ErrorCode): e is LakehouseError {
  return e instanceof LakehouseError && (code === undefined || e.code === code);
}

/** 1-based line and column of a character offset in a text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
