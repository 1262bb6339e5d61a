import { planFor } from './action-plan.js';
import type { AuthorizationInput } from './authorization-input.js';
import { asIndex } from './compile.js';
import type { ActionPlan, PolicyGate } from './compiled-policy.js';
import type { Decision, Gate, MatchedStatement } from './decision.js';
import type { EvalScope } from './eval-scope.js';
import { type ScanResult, scanPart } from './gate-scan.js';

const NONE: readonly string[] = Object.freeze([]);

/**
 * AWS's evaluation logic for one request, as one table (the "Policy evaluation logic" and
 * "Cross-account policy evaluation logic" pages of the IAM User Guide):
 *
 *  1. an explicit Deny in any policy                                  -> explicitDeny
 *  2. an SCP level (or RCP level) without an Allow                     -> implicitDeny (scp / rcp)
 *  3. a principal without an account (a service, a federated or anonymous caller): the
 *     resource-based policy alone decides                              -> allowed or implicitDeny (resource)
 *  4. cross-account, or a role trust policy (always required): the resource-based policy must
 *     allow                                                            -> else implicitDeny (resource / trust)
 *  5. same account: a resource-based Allow naming the caller itself (user or session ARN, or `*`)
 *     is enough; naming the role behind a session skips the identity gate but not boundary or
 *     session policies; naming the account only delegates to the identity policies
 *  6. identity-based policies must allow (the root user always does)   -> else implicitDeny (identity)
 *  7. a permissions boundary, when present, must allow                 -> else implicitDeny (boundary)
 *  8. session policies, when present, must allow                       -> else implicitDeny (session)
 *                                                                      -> allowed
 * An explicit deny names the first gate holding one, in the order of `Gate`: scp, rcp,
 * resource (or trust), identity, boundary, session. Without `explain`, the scan stops at the
 * first Deny, and at the first statement that settles each gate: matchedStatements then holds
 * the deciding statements rather than every matching one.
 */
export function evaluate(input: AuthorizationInput): Decision {
  const ctx = input.context;
  const all = input.explain === true;
  const scope: EvalScope = {
    ctx,
    missing: all ? new Set<string>() : undefined,
    hasBoundary: input.boundary !== undefined,
  };
  const plan = (gate: PolicyGate | undefined): ActionPlan | undefined =>
    gate === undefined ? undefined : planFor(asIndex(gate), ctx.action);
  const scp = input.scp?.map(plan);
  const rcp = input.rcp?.map(plan);
  const resource = plan(input.resource);
  const identity = plan(input.identity);
  const boundary = plan(input.boundary);
  const session = plan(input.session);
  const resourceGate: Gate = input.resource?.policyKind === 'trust' ? 'trust' : 'resource';
  const missing = (): readonly string[] =>
    scope.missing && scope.missing.size > 0 ? [...scope.missing] : NONE;
  const matched: MatchedStatement[] = [];

  // 1. Explicit deny anywhere wins.
  let deniedBy: Gate | undefined;
  const denies = (gate: Gate, p: ActionPlan | undefined): boolean => {
    if (p?.deny === undefined) return false;
    const found = scanPart(p.deny, scope, all).statements;
    if (found === undefined) return false;
    deniedBy ??= gate;
    for (const s of found) matched.push(s.matched);
    return !all;
  };
  const scanDenies =
    scp?.some((p) => denies('scp', p)) ||
    rcp?.some((p) => denies('rcp', p)) ||
    denies(resourceGate, resource) ||
    denies('identity', identity) ||
    denies('boundary', boundary) ||
    denies('session', session);
  if (deniedBy !== undefined || scanDenies) {
    return { decision: 'explicitDeny', matchedStatements: matched, deniedBy, missingContextKeys: missing() };
  }

  const decide = (gate: Gate | undefined): Decision => ({
    decision: gate === undefined ? 'allowed' : 'implicitDeny',
    matchedStatements: matched,
    deniedBy: gate,
    missingContextKeys: missing(),
  });
  const record = (r: ScanResult): boolean => {
    if (r.statements === undefined) return false;
    for (const s of r.statements) matched.push(s.matched);
    return true;
  };
  /** True when the gate does not apply, or one of its Allow statements matches. */
  const passes = (p: ActionPlan | undefined, present: boolean): boolean =>
    !present || record(scanPart(p?.allow, scope, all));

  // 2. Every level of the organization's SCPs and RCPs must allow.
  if (scp !== undefined) for (const p of scp) if (!passes(p, true)) return decide('scp');
  if (rcp !== undefined) for (const p of rcp) if (!passes(p, true)) return decide('rcp');

  const principal = ctx.principal;
  const granted = input.resource === undefined ? undefined : scanPart(resource?.allow, scope, all);
  const grant = granted?.statements !== undefined ? granted.grant : 'none';

  // 3. Callers outside any account are judged by the resource-based policy alone.
  if (principal.account === '') {
    return granted !== undefined && record(granted) ? decide(undefined) : decide(resourceGate);
  }

  const sameAccount = ctx.resourceAccount === '' || ctx.resourceAccount === principal.account;

  // 4. Across accounts the resource's own account must agree; a role's trust policy always must.
  if (grant === 'none' && (!sameAccount || resourceGate === 'trust')) return decide(resourceGate);
  if (granted !== undefined) record(granted);

  // 5. Same account: a resource policy naming the caller directly is enough on its own.
  if (sameAccount && grant === 'direct') return decide(undefined);

  // 6. Identity-based policies (the root user has every permission in its account).
  const identityBypassed = principal.type === 'root' || (sameAccount && grant === 'role');
  if (!passes(identity, true) && !identityBypassed) return decide('identity');

  // 7, 8. Boundary and session policies cap whatever was granted.
  if (!passes(boundary, input.boundary !== undefined)) return decide('boundary');
  if (!passes(session, input.session !== undefined)) return decide('session');
  return decide(undefined);
}
