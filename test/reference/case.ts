import type { ContextValue, RequestPrincipal } from '../../src/policy/context.js';
import type { DecisionValue, Gate } from '../../src/policy/decision.js';

/** A policy document exactly as it would arrive on the wire, after JSON.parse. */
export type RawDoc = unknown;

/** One request, in terms every evaluator under test understands. */
export interface RefRequest {
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly principal: RequestPrincipal;
  /** Condition keys, lower-cased names. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** The policies that apply to one request; an absent gate does not apply. */
export interface RefPolicies {
  readonly identity: readonly RawDoc[];
  readonly boundary?: readonly RawDoc[] | undefined;
  readonly session?: readonly RawDoc[] | undefined;
  readonly resource?: { readonly kind: 'resource' | 'trust'; readonly doc: RawDoc } | undefined;
  readonly scp?: readonly (readonly RawDoc[])[] | undefined;
  readonly rcp?: readonly (readonly RawDoc[])[] | undefined;
}

export interface RefCase {
  readonly request: RefRequest;
  readonly policies: RefPolicies;
}

export interface RefDecision {
  readonly decision: DecisionValue;
  readonly deniedBy: Gate | undefined;
}
