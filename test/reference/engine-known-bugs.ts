/**
 * Disagreements between our engine and the reference that were traced to the ENGINE (AWS's
 * documentation supports the reference). Each has a failing case in test/policy/engine-bugs.test.ts;
 * the differential run counts them instead of failing so that it keeps guarding everything else.
 * Remove an entry once its engine-bugs case passes.
 */
import type { Decision } from '../../src/policy/decision.js';
import type { RefCase, RefDecision } from './case.js';

export interface KnownEngineBug {
  readonly id: string;
  readonly explains: (c: RefCase, engine: Decision, reference: RefDecision) => boolean;
}

export const KNOWN_ENGINE_BUGS: readonly KnownEngineBug[] = [
  {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
    // element." (Permissions boundaries for IAM entities; NotPrincipal key points.)
    id: 'not-principal-deny-with-boundary',
    explains: (c, e, r) =>
      c.policies.boundary !== undefined &&
      r.decision === 'explicitDeny' &&
      r.deniedBy === 'resource' &&
      (e.decision !== 'explicitDeny' || e.deniedBy !== 'resource') &&
      JSON.stringify(c.policies.resource?.doc ?? {}).includes('"NotPrincipal"'),
  },
  {
    // Decision.deniedBy names "the gate ... in the order AWS checks them"; the resource-based
    // policy comes before identity-based policies in that order (and in the engine's own implicit
    // deny order), so a Deny in both is reported as 'resource'.
    id: 'explicit-deny-gate-order',
    explains: (_c, e, r) =>
      e.decision === 'explicitDeny' &&
      r.decision === 'explicitDeny' &&
      (r.deniedBy === 'resource' || r.deniedBy === 'trust') &&
      e.deniedBy === 'identity',
  },
];
