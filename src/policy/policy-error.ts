/**
 * Validation problems are data, never exceptions. Each carries AWS's error code, a message a
 * person understands, and where in the document it is (JSON pointer plus line and column).
 */
export interface PolicyError {
  readonly code: 'MalformedPolicyDocument';
  readonly message: string;
  /** JSON pointer to the offending element, e.g. `/Statement/1/Action/0`. Empty for the root. */
  readonly path: string;
  /** 1-based line and column of the element in the source text, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly PolicyError[] }
  | { readonly ok: false; readonly errors: readonly PolicyError[] };

export function formatPolicyError(e: PolicyError): string {
  const where = e.line !== undefined ? ` (line ${e.line}, column ${e.column ?? 0})` : '';
  return `${e.path || '/'}${where}: ${e.message}`;
}
