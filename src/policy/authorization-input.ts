import type { CompiledPolicy, PolicyGate } from './compiled-policy.js';
import type { RequestContext } from './context.js';

/**
 * Everything one authorization decision needs. Absent gates do not apply: no `boundary` means the
 * principal has no permissions boundary; no `session` means no session policy was passed. A gate
 * may be given as an array of compiled policies or, on the hot path, as a set merged once with
 * `compilePolicySet` (cached per principal).
 */
export interface AuthorizationInput {
  readonly context: RequestContext;
  /** Identity-based policies of the principal (its own, its groups', a role's). */
  readonly identity: PolicyGate;
  /** The permissions boundary, when the principal has one. */
  readonly boundary?: PolicyGate | undefined;
  /** Session policies (inline and managed ARNs) passed when the session was created. */
  readonly session?: PolicyGate | undefined;
  /** The resource-based policy of the target (a role's trust policy for sts:AssumeRole*). */
  readonly resource?: CompiledPolicy | undefined;
  /** SCPs, one gate per level of the organization hierarchy (root, OUs..., account). */
  readonly scp?: readonly PolicyGate[] | undefined;
  /** RCPs, one gate per level, as for SCPs. */
  readonly rcp?: readonly PolicyGate[] | undefined;
  /** Collect missing context keys (costs a little; SimulatePolicy wants it, the request path not). */
  readonly explain?: boolean | undefined;
}
