import type { Effect, Policy, PolicyKind, Statement } from './ast.js';
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
