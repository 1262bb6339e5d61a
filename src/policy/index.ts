/**
 * The policy engine: parse and validate IAM policy documents, compile them once, evaluate
 * requests exactly as AWS IAM does, and explain the decision. Pure: no I/O, no clock.
 */
export type * from './ast.js';
export type { AuthorizationInput } from './authorization-input.js';
export type { CompiledPolicy, CompiledPolicySet, PolicyGate } from './compiled-policy.js';
export { compilePolicy, compilePolicySet } from './compile.js';
export * from './context.js';
export type * from './decision.js';
export { evaluate } from './evaluate.js';
export { formatPolicyError, type ParseResult, type PolicyError } from './policy-error.js';
export { parsePolicy } from './parse.js';
export { policyContextKeys } from './policy-context-keys.js';
export { type SourcePosition, type StatementSpan, statementSpans } from './statement-positions.js';
