import type { RequestContext } from './context.js';

/**
 * What a compiled condition or resource matcher sees at evaluation time: the request, and, when
 * the caller wants an explanation, a sink for the condition keys the request lacked.
 */
export interface EvalScope {
  readonly ctx: RequestContext;
  /** When defined, receives (in written case) each condition key a test needed but the context lacked. */
  readonly missing: Set<string> | undefined;
  /** Whether the principal has a permissions boundary (a Deny with NotPrincipal then always applies). */
  readonly hasBoundary?: boolean | undefined;
}

/** A statement's whole Condition block compiled: true when every clause holds. */
export type CompiledCondition = (scope: EvalScope) => boolean;

/** A Resource/NotResource pattern compiled (variables resolved per request where present). */
export type ResourceMatcher = (resource: string, scope: EvalScope) => boolean;
