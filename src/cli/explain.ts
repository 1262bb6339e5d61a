import type { Decision, Gate, MatchedStatement } from '../policy/index.js';

/** How AWS's AccessDenied messages name each kind of policy (IAM User Guide, troubleshooting). */
const GATE_NAMES: Record<Gate, { implicit: string; explicit: string }> = {
  identity: { implicit: 'no identity-based policy', explicit: 'an identity-based policy' },
  boundary: { implicit: 'no permissions boundary', explicit: 'a permissions boundary' },
  session: { implicit: 'no session policy', explicit: 'a session policy' },
  resource: { implicit: 'no resource-based policy', explicit: 'a resource-based policy' },
  trust: { implicit: 'no role trust policy', explicit: 'the role trust policy' },
  scp: { implicit: 'no service control policy', explicit: 'a service control policy' },
  rcp: { implicit: 'no resource control policy', explicit: 'a resource control policy' },
};

const KIND_NAMES: Record<MatchedStatement['policyKind'], string> = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/**
 * The sentence AWS would answer with: `User: ARN is not authorized to perform: ACTION on
 * resource: RESOURCE because no identity-based policy allows the ACTION action`, or `... with an
 * explicit deny in an identity-based policy`. An allowed request gets the positive form.
 */
export function explainDecision(
  decision: Decision,
  caller: string,
  action: string,
  resource: string,
): string {
  const subject = `User: ${caller}`;
  const target = `${action} on resource: ${resource}`;
  if (decision.decision === 'allowed') return `${subject} is authorized to perform: ${target}`;
  const gate = decision.deniedBy ? GATE_NAMES[decision.deniedBy] : undefined;
  const reason =
    gate === undefined
      ? ''
      : decision.decision === 'explicitDeny'
        ? ` with an explicit deny in ${gate.explicit}`
        : ` because ${gate.implicit} allows the ${action} action`;
  return `${subject} is not authorized to perform: ${target}${reason}`;
}

/** `FILE statement N (Sid "X"): Allow, identity-based policy` */
export function describeStatement(s: MatchedStatement): string {
  const sid = s.sid === undefined ? '' : ` (Sid "${s.sid}")`;
  return `${s.policyId} statement ${s.statementIndex}${sid}: ${s.effect}, ${KIND_NAMES[s.policyKind]}`;
}
