import type { Effect, PolicyKind } from './ast.js';

/** The three outcomes AWS distinguishes. */
export type DecisionValue = 'allowed' | 'explicitDeny' | 'implicitDeny';

/**
 * The gate of AWS's evaluation logic that produced a denial, in the order AWS checks them.
 * `identity` is "no identity-based policy allows", `boundary` "no permissions boundary allows",
 * and so on; for an explicit deny it names the kind of policy that held the Deny statement.
 */
export type Gate = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session' | 'trust';

export interface MatchedStatement {
  readonly policyId: string;
  readonly policyKind: PolicyKind;
  readonly statementIndex: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
}

export interface Decision {
  readonly decision: DecisionValue;
  /**
   * For `explicitDeny`, the Deny statements that matched. For `allowed`, the Allow statements
   * that made it so in every gate that had to allow. For `implicitDeny`, the Allow statements of
   * the gates that did allow (so an explanation can say what was missing).
   */
  readonly matchedStatements: readonly MatchedStatement[];
  /** The gate that denied; undefined when allowed. */
  readonly deniedBy: Gate | undefined;
  /**
   * Condition keys a statement referred to that the request context lacked (SimulatePolicy's
   * MissingContextValues), in their written case, without duplicates.
   */
  readonly missingContextKeys: readonly string[];
}
