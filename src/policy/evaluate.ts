import type { AuthorizationInput } from './authorization-input.js';
import { asIndex } from './compile.js';
import type { CompiledStatement } from './compiled-policy.js';
import type { Decision, Gate, MatchedStatement } from './decision.js';
import type { EvalScope } from './eval-scope.js';
import { type GateResult, scanGate } from './gate-scan.js';

const toMatched = (s: CompiledStatement): MatchedStatement => ({
  policyId: s.policyId,
  policyKind: s.policyKind,
  statementIndex: s.source.index,
  sid: s.source.sid,
  effect: s.effect,
});

interface Found {
  readonly gate: Gate;
  readonly result: GateResult;
}

/**
 * AWS's evaluation logic for one request, as one table (the "Policy evaluation logic" and
 * "Cross-account policy evaluation logic" pages of the IAM User Guide):
 *
 *  1. an explicit Deny in any policy                                  -> explicitDeny
 *  2. an SCP level (or RCP level) without an Allow                     -> implicitDeny (scp / rcp)
 *  3. a principal without an account (a service, a federated or anonymous caller): the
 *     resource-based policy alone decides                              -> allowed or implicitDeny (resource)
 *  4. cross-account: the resource-based policy must allow              -> else implicitDeny (resource)
 *  5. same account: a resource-based Allow naming the caller itself (user or session ARN, or `*`)
 *     is enough; naming the role behind a session skips the identity gate but not boundary or
 *     session policies; naming the account only delegates to the identity policies
 *  6. identity-based policies must allow (the root user always does)   -> else implicitDeny (identity)
 *  7. a permissions boundary, when present, must allow                 -> else implicitDeny (boundary)
 *  8. session policies, when present, must allow                       -> else implicitDeny (session)
 *                                                                      -> allowed
 */
export function evaluate(input: AuthorizationInput): Decision {
  const ctx = input.context;
  const actionLower = ctx.action.toLowerCase();
  const colon = actionLower.indexOf(':');
  const service = colon < 0 ? actionLower : actionLower.slice(0, colon);
  const scope: EvalScope = { ctx, missing: input.explain ? new Set<string>() : undefined };
  const scan = (gate: Parameters<typeof asIndex>[0]): GateResult =>
    scanGate(asIndex(gate), actionLower, service, scope);

  const scp = input.scp?.map(scan);
  const rcp = input.rcp?.map(scan);
  const identity = scan(input.identity);
  const resource = input.resource && scanGate(input.resource, actionLower, service, scope);
  const boundary = input.boundary && scan(input.boundary);
  const session = input.session && scan(input.session);
  const resourceGate: Gate = input.resource?.policyKind === 'trust' ? 'trust' : 'resource';

  const found: Found[] = [];
  for (const r of scp ?? []) found.push({ gate: 'scp', result: r });
  for (const r of rcp ?? []) found.push({ gate: 'rcp', result: r });
  found.push({ gate: 'identity', result: identity });
  if (resource) found.push({ gate: resourceGate, result: resource });
  if (boundary) found.push({ gate: 'boundary', result: boundary });
  if (session) found.push({ gate: 'session', result: session });

  const missing = (): string[] => (scope.missing ? [...scope.missing] : []);

  // 1. Explicit deny anywhere wins.
  const denies = found.filter((f) => f.result.denies !== undefined);
  if (denies.length > 0) {
    return {
      decision: 'explicitDeny',
      matchedStatements: denies.flatMap((f) => f.result.denies!.map(toMatched)),
      deniedBy: denies[0]!.gate,
      missingContextKeys: missing(),
    };
  }

  const allowed: CompiledStatement[] = [];
  const deny = (gate: Gate): Decision => ({
    decision: 'implicitDeny',
    matchedStatements: allowed.map(toMatched),
    deniedBy: gate,
    missingContextKeys: missing(),
  });
  const allow = (): Decision => ({
    decision: 'allowed',
    matchedStatements: allowed.map(toMatched),
    deniedBy: undefined,
    missingContextKeys: missing(),
  });
  const passes = (r: GateResult | undefined): boolean => {
    if (r === undefined) return true;
    if (r.allows === undefined) return false;
    allowed.push(...r.allows);
    return true;
  };

  // 2. Every level of the organization's SCPs and RCPs must allow.
  for (const r of scp ?? []) if (!passes(r)) return deny('scp');
  for (const r of rcp ?? []) if (!passes(r)) return deny('rcp');

  const principal = ctx.principal;
  const grant = resource?.allows !== undefined ? resource.grant : 'none';

  // 3. Callers outside any account are judged by the resource-based policy alone.
  if (principal.account === '') {
    return passes(resource) && resource !== undefined ? allow() : deny(resourceGate);
  }

  const sameAccount = ctx.resourceAccount === '' || ctx.resourceAccount === principal.account;

  // 4. Across accounts the resource's own account must agree.
  if (!sameAccount && grant === 'none') return deny(resourceGate);
  if (grant !== 'none') passes(resource);

  // 5. Same account: a resource policy naming the caller directly is enough on its own.
  if (sameAccount && grant === 'direct') return allow();

  // 6. Identity-based policies (the root user has every permission in its account).
  const identityBypassed = sameAccount && grant === 'role';
  if (principal.type !== 'root' && !passes(identity) && !identityBypassed) return deny('identity');

  // 7, 8. Boundary and session policies cap whatever was granted.
  if (!passes(boundary)) return deny('boundary');
  if (!passes(session)) return deny('session');
  return allow();
}
