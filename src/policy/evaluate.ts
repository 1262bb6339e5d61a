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
  const action = ctx.action;
  const all = input.explain === true;
  const scope: EvalScope = {
    ctx,
    missing: all ? new Set<string>() : undefined,
    hasBoundary: input.boundary !== undefined,
  };
  const scp = input.scp === undefined ? undefined : input.scp.map((g) => planOf(g, action));
  const rcp = input.rcp === undefined ? undefined : input.rcp.map((g) => planOf(g, action));
  const resource = input.resource === undefined ? undefined : planFor(input.resource, action);
  const identity = planOf(input.identity, action);
  const boundary = input.boundary === undefined ? undefined : planOf(input.boundary, action);
  const session = input.session === undefined ? undefined : planOf(input.session, action);
  const resourceGate: Gate = input.resource?.policyKind === 'trust' ? 'trust' : 'resource';
  const matched: MatchedStatement[] = [];

  // 1. Explicit deny anywhere wins; without `explain` the first one found settles it.
  let deniedBy: Gate | undefined;
  if (scp !== undefined) {
    for (const p of scp)
      if ((deniedBy === undefined || all) && denies(p, scope, all, matched)) deniedBy ??= 'scp';
  }
  if (rcp !== undefined) {
    for (const p of rcp)
      if ((deniedBy === undefined || all) && denies(p, scope, all, matched)) deniedBy ??= 'rcp';
  }
  if ((deniedBy === undefined || all) && denies(resource, scope, all, matched)) deniedBy ??= resourceGate;
  if ((deniedBy === undefined || all) && denies(identity, scope, all, matched)) deniedBy ??= 'identity';
  if ((deniedBy === undefined || all) && denies(boundary, scope, all, matched)) deniedBy ??= 'boundary';
  if ((deniedBy === undefined || all) && denies(session, scope, all, matched)) deniedBy ??= 'session';
  if (deniedBy !== undefined) return decision('explicitDeny', deniedBy, matched, scope);

  // 2. Every level of the organization's SCPs and RCPs must allow.
  if (scp !== undefined)
    for (const p of scp)
      if (!allows(p, scope, all, matched)) return decision('implicitDeny', 'scp', matched, scope);
  if (rcp !== undefined)
    for (const p of rcp)
      if (!allows(p, scope, all, matched)) return decision('implicitDeny', 'rcp', matched, scope);

  const principal = ctx.principal;
  const granted = input.resource === undefined ? undefined : scanPart(resource?.allow, scope, all);
  const grant = granted?.statements !== undefined ? granted.grant : 'none';

  // 3. Callers outside any account are judged by the resource-based policy alone.
  if (principal.account === '') {
    return granted !== undefined && record(granted, matched)
      ? decision('allowed', undefined, matched, scope)
      : decision('implicitDeny', resourceGate, matched, scope);
  }

  const sameAccount = ctx.resourceAccount === '' || ctx.resourceAccount === principal.account;

  // 4. Across accounts the resource's own account must agree; a role's trust policy always must.
  if (grant === 'none' && (!sameAccount || resourceGate === 'trust')) {
    return decision('implicitDeny', resourceGate, matched, scope);
  }
  if (granted !== undefined) record(granted, matched);

  // 5. Same account: a resource policy naming the caller directly is enough on its own.
  if (sameAccount && grant === 'direct') return decision('allowed', undefined, matched, scope);

  // 6. Identity-based policies (the root user has every permission in its account).
  const identityBypassed = principal.type === 'root' || (sameAccount && grant === 'role');
  if (!allows(identity, scope, all, matched) && !identityBypassed) {
    return decision('implicitDeny', 'identity', matched, scope);
  }

  // 7, 8. Boundary and session policies cap whatever was granted.
  if (boundary !== undefined && !allows(boundary, scope, all, matched)) {
    return decision('implicitDeny', 'boundary', matched, scope);
  }
  if (session !== undefined && !allows(session, scope, all, matched)) {
    return decision('implicitDeny', 'session', matched, scope);
  }
  return decision('allowed', undefined, matched, scope);
}

const planOf = (gate: PolicyGate, action: string): ActionPlan => planFor(asIndex(gate), action);

/** Adds a scan's statements to the explanation; true when there were any. */
function record(r: ScanResult, matched: MatchedStatement[]): boolean {
  if (r.statements === undefined) return false;
  for (const s of r.statements) matched.push(s.matched);
  return true;
}

/** True when one of the gate's Deny statements matches (recording it). */
const denies = (
  p: ActionPlan | undefined,
  scope: EvalScope,
  all: boolean,
  matched: MatchedStatement[],
): boolean => p?.deny !== undefined && record(scanPart(p.deny, scope, all), matched);

/** True when one of the gate's Allow statements matches (recording it). */
const allows = (p: ActionPlan, scope: EvalScope, all: boolean, matched: MatchedStatement[]): boolean =>
  record(scanPart(p.allow, scope, all), matched);

function decision(
  value: Decision['decision'],
  deniedBy: Gate | undefined,
  matched: MatchedStatement[],
  scope: EvalScope,
): Decision {
  const missing = scope.missing && scope.missing.size > 0 ? [...scope.missing] : NONE;
  return { decision: value, matchedStatements: matched, deniedBy, missingContextKeys: missing };
}
