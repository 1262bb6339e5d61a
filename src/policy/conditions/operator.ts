import type { PolicyVersion } from '../ast.js';
import type { EvalScope } from '../eval-scope.js';

/** Tests one context value against all of a clause's policy values: true when any of them matches. */
export type ValueMatcher = (contextValue: string) => boolean;

/**
 * A clause's policy values compiled once. Called once per evaluation to bind request-dependent
 * parts (policy variables); static values return the same matcher every time.
 */
export type PreparedValues = (scope: EvalScope) => ValueMatcher;

/**
 * One base operator. `compile` always answers in the positive sense ("some policy value matches");
 * `negated` operators (StringNotEquals, NotIpAddress, ArnNotLike...) are the complement, applied by
 * the clause compiler, which is also where missing keys, IfExists and ForAllValues/ForAnyValue live.
 */
export interface ConditionOperator {
  readonly negated: boolean;
  readonly compile: (values: readonly string[], version: PolicyVersion) => PreparedValues;
}

export const NEVER: ValueMatcher = () => false;

/** Combines per-value tests into "any policy value matches", dropping values that can never match. */
export function anyOf(tests: readonly (ValueMatcher | undefined)[]): ValueMatcher {
  const live = tests.filter((t): t is ValueMatcher => t !== undefined);
  if (live.length === 0) return NEVER;
  if (live.length === 1) return live[0]!;
  return (v) => {
    for (const t of live) if (t(v)) return true;
    return false;
  };
}

/** For operators whose values are fixed at compile time (no policy variables). */
export const staticValues =
  (build: (values: readonly string[]) => ValueMatcher) =>
  (values: readonly string[]): PreparedValues => {
    const m = build(values);
    return () => m;
  };
