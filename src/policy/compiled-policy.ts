import type { Effect, Policy, PolicyKind, Statement } from './ast.js';
import type { MatchedStatement } from './decision.js';
import type { CompiledCondition, ResourceMatcher } from './eval-scope.js';
import type { PrincipalMatcher } from './principal-match.js';

/** A statement ready to evaluate: wildcards compiled, conditions compiled. */
export interface CompiledStatement {
  readonly source: Statement;
  readonly policyId: string;
  readonly policyKind: PolicyKind;
  readonly effect: Effect;
  /** Undefined when the statement has no Resource block (trust policies): any resource. */
  readonly resource: CompiledResourceBlock | undefined;
  /** Undefined for policies without principals (identity, boundary, session, SCP). */
  readonly principal: PrincipalMatcher | undefined;
  readonly condition: CompiledCondition | undefined;
  /** A Deny with NotPrincipal: AWS applies it to every principal that has a permissions boundary. */
  readonly denyNotPrincipal: boolean;
  /** The statement as an explanation names it, built once so a decision allocates nothing for it. */
  readonly matched: MatchedStatement;
  /**
   * The literal text every resource this statement can match starts with, cut back to the last
   * `:` or `/`, one per Resource pattern; empty when any resource may match (`*`, NotResource, no
   * Resource block). Used to index statements by resource.
   */
  readonly resourcePrefixes: readonly string[];
  /** Scratch mark: the scan that last visited this statement (dedupes index hits). */
  visitedBy: number;
}

export interface CompiledResourceBlock {
  readonly negated: boolean;
  readonly matchers: readonly ResourceMatcher[];
}

/**
 * One statement as found through the action index. `actionTest` is undefined when the index key
 * itself proves the action matches (an exact action name).
 */
export interface IndexEntry {
  readonly statement: CompiledStatement;
  readonly actionTest: ((actionLower: string) => boolean) | undefined;
}

/**
 * Statements indexed by what their Action can match, so a request looks only at statements that
 * can match its action: the cost of a decision does not grow with statements for other actions.
 */
export interface StatementIndex {
  /** Exact lower-cased action -> statements naming it. */
  readonly byAction: ReadonlyMap<string, readonly IndexEntry[]>;
  /** Lower-cased service prefix -> statements with wildcard actions in that service. */
  readonly byService: ReadonlyMap<string, readonly IndexEntry[]>;
  /** Statements that can match any service (`*`, a wildcard service, NotAction). */
  readonly anyService: readonly IndexEntry[];
  /** Per-action plans, derived from the index on first use (see action-plan.ts). */
  readonly plans: Map<string, ActionPlan>;
}

/**
 * The statements of one effect whose Action matches one action, grouped by resource prefix: a
 * request looks up only the prefixes its resource starts with, so statements about other
 * resources cost nothing.
 */
export interface PlanPart {
  /** Statements to test for every resource of this action. */
  readonly general: readonly CompiledStatement[];
  /** Prefix -> statements whose resources all start with it. */
  readonly byPrefix: ReadonlyMap<string, PrefixBucket>;
  /** The distinct prefix lengths in `byPrefix`, ascending. */
  readonly prefixLengths: readonly number[];
}

/** The statements filed under one resource prefix. */
export interface PrefixBucket {
  /** Statements whose Resource must still be tested. */
  readonly tested: readonly CompiledStatement[];
  /**
   * Statements whose only Resource pattern is this prefix followed by `*`: finding them under the
   * prefix already proves the resource matches.
   */
  readonly proven: readonly CompiledStatement[];
}

/**
 * What an index holds for one action, Deny statements apart from Allow statements so a decision
 * can look for a Deny first and stop early. Compiled state derived from policies alone: never a
 * decision.
 */
export interface ActionPlan {
  readonly deny: PlanPart | undefined;
  readonly allow: PlanPart | undefined;
}

/** One policy compiled. */
export interface CompiledPolicy extends StatementIndex {
  readonly kind: 'policy';
  readonly policy: Policy;
  readonly id: string;
  readonly policyKind: PolicyKind;
}

/** Several policies of one gate merged into one index (a principal's identity policies, say). */
export interface CompiledPolicySet extends StatementIndex {
  readonly kind: 'set';
  readonly policies: readonly CompiledPolicy[];
}

export type PolicyGate = CompiledPolicy | CompiledPolicySet | readonly CompiledPolicy[];
