/**
 * A deliberately naive transcription of AWS's documented policy evaluation logic, used as the
 * independent model the engine is checked against (test/policy/differential.test.ts). It reads raw
 * policy JSON, never our parser or AST, and is written to be read next to the AWS pages it quotes:
 * "Policy evaluation logic" (reference_policies_evaluation-logic.html and its sub-pages),
 * "Cross-account policy evaluation logic", "Permissions boundaries for IAM entities", "Session
 * policies", the Principal/NotPrincipal/Action/NotAction/Resource/NotResource element pages,
 * "Condition operators" and "Policy variables". Slow and obvious on purpose.
 */
import type { RequestPrincipal } from '../../src/policy/context.js';
import type { Gate } from '../../src/policy/decision.js';
import type { RawDoc, RefCase, RefDecision, RefRequest } from './case.js';
import { conditionsHold } from './naive-conditions.js';
import { arnTokMatch, globMatch, substitute } from './naive-match.js';

type Stmt = Record<string, unknown>;

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function statementsOf(doc: RawDoc): { stmts: Stmt[]; variables: boolean } {
  const d = doc as Record<string, unknown>;
  // "Version ... If you do not include a Version element, the value defaults to 2008-10-17" and
  // "policy variables ... are only supported in 2012-10-17": older documents read `${...}` literally.
  const variables = d.Version === '2012-10-17';
  return { stmts: asList(d.Statement) as Stmt[], variables };
}

/**
 * "Action ... You can use wildcards (* or ?) ... Action names are case insensitive." NotAction:
 * "matches everything except the specified list of actions".
 */
function actionMatches(s: Stmt, action: string): boolean {
  if (s.Action !== undefined) return asList(s.Action).some((p) => globMatch(String(p), action, true));
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((p) => globMatch(String(p), action, true));
  return false;
}

/**
 * "Resource ... You can use wildcard characters (* and ?) within any ARN segment"; ARNs are
 * case-sensitive; variables may appear in the resource part. A pattern whose variable has no value
 * matches no resource ("Policy variables with no value"). NotResource "matches every resource
 * except those specified". A statement without either (a role trust policy) applies to the role.
 */
function resourceMatches(s: Stmt, req: RefRequest, variables: boolean): boolean {
  const one = (p: unknown): boolean => {
    const tokens = substitute(String(p), req.context, true, variables);
    if (tokens === undefined) return false;
    if (String(p) === '*') return true;
    return arnTokMatch(tokens, req.resource);
  };
  if (s.Resource !== undefined) return asList(s.Resource).some(one);
  if (s.NotResource !== undefined) return !asList(s.NotResource).some(one);
  return true;
}

/** How a Principal element names the caller, strongest first. */
type PrincipalMatch = 'direct' | 'role' | 'account' | undefined;

const accountRoot = (account: string) => `arn:aws:iam::${account}:root`;

/**
 * "Principal": "*" and {"AWS": "*"} name everyone ("you can use a wildcard (*) to specify all
 * principals"). An account (its id or root ARN) "delegates ... to the account"; an IAM user ARN,
 * federated-user session ARN or role-session ARN names that principal itself; a role ARN names every
 * session of that role. Services and federated providers are named under their own keys.
 */
function principalMatch(element: unknown, p: RequestPrincipal): PrincipalMatch {
  if (element === '*') return 'direct';
  const e = element as Record<string, unknown>;
  const aws = asList(e.AWS).map(String);
  let best: PrincipalMatch;
  const consider = (m: PrincipalMatch) => {
    const rank = (x: PrincipalMatch) => (x === 'direct' ? 3 : x === 'role' ? 2 : x === 'account' ? 1 : 0);
    if (rank(m) > rank(best)) best = m;
  };
  if (aws.includes('*')) consider('direct');
  if (p.type === 'service') {
    if (p.service && asList(e.Service).map(String).includes(p.service)) consider('direct');
    return best;
  }
  if (p.type === 'webIdentity' || p.type === 'saml') {
    if (p.federatedProvider && asList(e.Federated).map(String).includes(p.federatedProvider))
      consider('direct');
    return best;
  }
  if (p.type === 'anonymous') return best;
  if (aws.includes(p.arn)) consider(p.type === 'root' ? 'account' : 'direct');
  if (p.roleArn && aws.includes(p.roleArn)) consider('role');
  if (aws.includes(p.account) || aws.includes(accountRoot(p.account))) consider('account');
  return best;
}

/**
 * NotPrincipal: "When you use NotPrincipal, you must also specify the account ARN of the not-denied
 * principal. Otherwise, the policy might deny access to the entire account containing the
 * principal. ... When evaluating an assumed-role user, AWS verifies the account first, then the
 * role, and then the assumed-role user." So the caller escapes a Deny only when each identity in
 * that chain is listed. And (Permissions boundaries): "The NotPrincipal element with a Deny effect
 * will always deny any IAM principal that has a permissions boundary policy attached".
 */
function notPrincipalExcludes(element: unknown, p: RequestPrincipal, hasBoundary: boolean): boolean {
  if (hasBoundary) return false;
  if (element === '*') return true;
  const e = element as Record<string, unknown>;
  const aws = asList(e.AWS).map(String);
  if (aws.includes('*')) return true;
  if (p.type === 'service') return !!p.service && asList(e.Service).map(String).includes(p.service);
  if (p.type === 'anonymous') return false;
  const chain: string[][] = [[p.account, accountRoot(p.account)]];
  if (p.roleArn) chain.push([p.roleArn]);
  if (p.type !== 'root') chain.push([p.arn]);
  return chain.every((names) => names.some((n) => aws.includes(n)));
}

interface Scan {
  /** Some Deny statement applies. */
  readonly deny: boolean;
  /** The strongest principal match among Allow statements that apply (identity policies: 'direct'). */
  readonly allow: PrincipalMatch;
}

/** Looks at every statement of the given documents; `withPrincipal` for resource-side documents. */
function scan(docs: readonly RawDoc[], req: RefRequest, withPrincipal: boolean, hasBoundary: boolean): Scan {
  let deny = false;
  let allow: PrincipalMatch;
  for (const doc of docs) {
    const { stmts, variables } = statementsOf(doc);
    for (const s of stmts) {
      if (!actionMatches(s, req.action)) continue;
      if (!resourceMatches(s, req, variables)) continue;
      if (!conditionsHold(s.Condition, req.context, variables)) continue;
      let m: PrincipalMatch = 'direct';
      if (withPrincipal) {
        if (s.Principal !== undefined) m = principalMatch(s.Principal, req.principal);
        else if (s.NotPrincipal !== undefined)
          m = notPrincipalExcludes(s.NotPrincipal, req.principal, hasBoundary) ? undefined : 'direct';
        else m = undefined;
      }
      if (m === undefined) continue;
      if (s.Effect === 'Deny') deny = true;
      else if (s.Effect === 'Allow') {
        const rank = (x: PrincipalMatch) => (x === 'direct' ? 3 : x === 'role' ? 2 : x === 'account' ? 1 : 0);
        if (rank(m) > rank(allow)) allow = m;
      }
    }
  }
  return { deny, allow };
}

export function naiveEvaluate(c: RefCase): RefDecision {
  const { request: req, policies } = c;
  const p = req.principal;
  const hasBoundary = policies.boundary !== undefined;
  const resourceGate: Gate = policies.resource?.kind === 'trust' ? 'trust' : 'resource';

  const scp = (policies.scp ?? []).map((level) => scan(level, req, false, hasBoundary));
  const rcp = (policies.rcp ?? []).map((level) => scan(level, req, true, hasBoundary));
  const resource = policies.resource ? scan([policies.resource.doc], req, true, hasBoundary) : undefined;
  const identity = scan(policies.identity, req, false, hasBoundary);
  const boundary = policies.boundary ? scan(policies.boundary, req, false, hasBoundary) : undefined;
  const session = policies.session ? scan(policies.session, req, false, hasBoundary) : undefined;

  // "Deny evaluation – ... The AWS enforcement code evaluates all policies within the account that
  // apply to the request. These include AWS Organizations SCPs and RCPs, resource-based policies,
  // identity-based policies, IAM permissions boundaries, and session policies. In all those
  // policies, the enforcement code looks for a Deny statement that applies to the request. ... If
  // the code finds even one explicit deny that applies, the code returns a final decision of Deny."
  // The gate named is the first, in the order AWS checks the gates, that holds such a Deny.
  const denyOrder: [Gate, boolean][] = [
    ['scp', scp.some((s) => s.deny)],
    ['rcp', rcp.some((s) => s.deny)],
    [resourceGate, !!resource?.deny],
    ['identity', identity.deny],
    ['boundary', !!boundary?.deny],
    ['session', !!session?.deny],
  ];
  for (const [gate, denied] of denyOrder) {
    if (denied) return { decision: 'explicitDeny', deniedBy: gate };
  }

  // "Organizations SCPs – ... If the enforcement code does not find any Allow statements in the
  // SCPs, then the request is implicitly denied." Every level of the hierarchy must allow.
  if (scp.some((s) => s.allow === undefined)) return { decision: 'implicitDeny', deniedBy: 'scp' };
  // "Organizations RCPs – ... If the enforcement code does not find any Allow statements in the
  // RCPs, then the request is implicitly denied."
  if (rcp.some((s) => s.allow === undefined)) return { decision: 'implicitDeny', deniedBy: 'rcp' };

  const grant = resource?.allow;
  // Anonymous callers and AWS services have no identity-based policies: only a resource-based
  // policy that names them can allow ("This step is not necessary for a few services, such as
  // Amazon S3, that allow some requests from anonymous users").
  if (p.type === 'anonymous' || p.type === 'service' || p.type === 'webIdentity' || p.type === 'saml') {
    return grant === 'direct' ? allowed() : { decision: 'implicitDeny', deniedBy: resourceGate };
  }

  // "By default, all requests are implicitly denied with the exception of the AWS account root
  // user, which has full access." The root user has no identity-based policies to consult.
  const identityAllows = p.type === 'root' || identity.allow !== undefined;
  const boundaryAllows = !boundary || boundary.allow !== undefined;
  const sessionAllows = !session || session.allow !== undefined;
  const sameAccount = p.account === req.resourceAccount;

  if (sameAccount) {
    // A role's trust policy must always name the caller ("the role trust policy ... and the
    // identity-based policy of the user ... must allow" for role assumption).
    if (resourceGate === 'trust' && grant === undefined)
      return { decision: 'implicitDeny', deniedBy: 'trust' };
    // "Within the same account, resource-based policies that grant permissions to an IAM user ARN
    // (that is not a federated user session) are not limited by an implicit deny in an
    // identity-based policy or permissions boundary." "Resource-based policies that grant
    // permissions to an IAM role session ARN ... Permissions granted directly to a session are not
    // limited by an implicit deny in an identity-based policy, a permissions boundary, or session
    // policy." (Session policies: "If a resource-based policy specifies the ARN of the session as
    // principal ... the resource-based policy permissions are not limited by the session policy.")
    if (grant === 'direct') return allowed();
    // "Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit
    // deny in a permissions boundary or session policy." They need no identity-based allow.
    if (grant === 'role') {
      if (!boundaryAllows) return { decision: 'implicitDeny', deniedBy: 'boundary' };
      if (!sessionAllows) return { decision: 'implicitDeny', deniedBy: 'session' };
      return allowed();
    }
    // A grant to the account "delegates" to the account's own identity-based policies, so it is no
    // grant at all within that account: "Identity-based policies – ... If there are no identity-based
    // policies or no Allow statements ... the request is implicitly denied." Then "Permissions
    // boundaries – ... If ... the permissions boundary does not allow the request, it is implicitly
    // denied." Then "Session policies – ... if the session policy does not allow, implicitly denied."
    if (!identityAllows) return { decision: 'implicitDeny', deniedBy: 'identity' };
    if (!boundaryAllows) return { decision: 'implicitDeny', deniedBy: 'boundary' };
    if (!sessionAllows) return { decision: 'implicitDeny', deniedBy: 'session' };
    return allowed();
  }

  // Cross-account: "the identity-based policy in the requesting account and the resource-based
  // policy in the trusting account must both allow the request" (the resource policy may name the
  // account, the role, the session or the user). The requesting side is its identity-based policy
  // as limited by its permissions boundary and session policy.
  if (grant === undefined) return { decision: 'implicitDeny', deniedBy: resourceGate };
  if (!identityAllows) return { decision: 'implicitDeny', deniedBy: 'identity' };
  if (!boundaryAllows) return { decision: 'implicitDeny', deniedBy: 'boundary' };
  if (!sessionAllows) return { decision: 'implicitDeny', deniedBy: 'session' };
  return allowed();
}

const allowed = (): RefDecision => ({ decision: 'allowed', deniedBy: undefined });
