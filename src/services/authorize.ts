/**
 * The one place that authorizes a request. It gathers the caller's identity policies and
 * permissions boundary (compiled once per principal and account generation, kept in a bounded
 * LRU), builds the request context and asks the engine. A denial is AWS's AccessDenied with AWS's
 * message; handlers never authorize anything themselves.
 */
import { AwsError } from '../core/aws-error.js';
import type { PrincipalPolicies } from '../domain/principal-policies.js';
import {
  type CompiledPolicy,
  type CompiledPolicySet,
  type ContextValue,
  compilePolicy,
  compilePolicySet,
  type Decision,
  evaluate,
  type Gate,
  type PolicyKind,
  parsePolicy,
} from '../policy/index.js';
import type { OperationInput, RequestKeys, ResourceScope } from '../protocol/operation-registry.js';
import type { Store } from '../store/store.js';
import type { Caller, CallerSession } from './operation-context.js';

/** What authorization needs of an operation (a RegisteredOperation has all of it). */
export interface AuthorizedOperation {
  readonly action: string;
  readonly resource: (input: never, scope: ResourceScope) => string;
  readonly requestKeys?: ((input: never) => RequestKeys) | undefined;
}

export interface AuthorizationRequest {
  readonly caller: Caller;
  readonly operation: AuthorizedOperation;
  readonly input: OperationInput;
  /** The account the call acts in (the caller's, for IAM). */
  readonly accountId: string;
  readonly partition: string;
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  /** The region of the SigV4 scope (aws:RequestedRegion). */
  readonly region?: string | undefined;
  /**
   * The account generation already known for this request (credential resolution reads it); the
   * cache is used without another store round trip when it holds an entry at that generation.
   */
  readonly generation?: number | undefined;
}

export interface AuthorizationResult {
  readonly decision: Decision;
  readonly action: string;
  readonly resource: string;
}

/** A principal's gates, compiled. */
interface CompiledPrincipal {
  readonly generation: number;
  readonly identity: CompiledPolicySet;
  readonly boundary: CompiledPolicySet | undefined;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/** What AllowUsersToChangePassword grants every IAM user on itself (see Authorizer.authorize). */
const PASSWORD_SELF_SERVICE_ACTIONS: ReadonlySet<string> = new Set([
  'iam:ChangePassword',
  'iam:GetAccountPasswordPolicy',
]);

const EMPTY_SET = compilePolicySet([]);
const ROOT: CompiledPrincipal = { generation: 0, identity: EMPTY_SET, boundary: undefined, tags: [] };

/** AWS's wording for the gate that denied (IAM-FACTS §4.4). */
const REASONS: Record<Gate, (action: string) => string> = {
  identity: (a) => `because no identity-based policy allows the ${a} action`,
  boundary: (a) => `because no permissions boundary allows the ${a} action`,
  session: (a) => `because no session policy allows the ${a} action`,
  scp: (a) => `because no service control policy allows the ${a} action`,
  rcp: (a) => `because no resource control policy allows the ${a} action`,
  resource: (a) => `because no resource-based policy allows the ${a} action`,
  trust: (a) => `because no role trust policy allows the ${a} action`,
};
const EXPLICIT: Record<Gate, string> = {
  identity: 'with an explicit deny in an identity-based policy',
  boundary: 'with an explicit deny in a permissions boundary',
  session: 'with an explicit deny in a session policy',
  scp: 'with an explicit deny in a service control policy',
  rcp: 'with an explicit deny in a resource control policy',
  resource: 'with an explicit deny in a resource-based policy',
  trust: 'with an explicit deny in the role trust policy',
};

export function accessDeniedMessage(
  callerArn: string,
  action: string,
  resource: string,
  d: Decision,
): string {
  const gate = d.deniedBy ?? 'identity';
  const reason = d.decision === 'explicitDeny' ? EXPLICIT[gate] : REASONS[gate](action);
  return `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}

export interface AuthorizerOptions {
  readonly store: Store;
  /** Principals whose compiled policies are kept (default 10,000). */
  readonly maxEntries?: number;
  /** Told about a stored document that no longer parses (it then grants nothing). */
  readonly onBadPolicy?: (policyId: string, message: string) => void;
}

export class Authorizer {
  readonly #store: Store;
  readonly #max: number;
  readonly #onBadPolicy: ((policyId: string, message: string) => void) | undefined;
  readonly #cache = new Map<string, CompiledPrincipal>();

  constructor(options: AuthorizerOptions) {
    this.#store = options.store;
    this.#max = options.maxEntries ?? 10_000;
    this.#onBadPolicy = options.onBadPolicy;
  }

  /** Evaluates the request; throws AccessDenied unless it is allowed. */
  async authorize(req: AuthorizationRequest): Promise<AuthorizationResult> {
    const result = await this.decide(req);
    if (
      result.decision.decision !== 'allowed' &&
      !(await this.#passwordPolicyLetsUserSelfServe(req, result))
    ) {
      throw new AwsError(
        'AccessDenied',
        accessDeniedMessage(req.caller.principal.arn, result.action, result.resource, result.decision),
      );
    }
    return result;
  }

  /**
   * The account password policy's AllowUsersToChangePassword: AWS then lets every IAM user call
   * ChangePassword on itself, and read the policy it must meet, without an identity policy. Only
   * an implicit deny for want of an identity-policy Allow is lifted: an explicit Deny (say, a
   * policy that requires MFA) and a permissions boundary still refuse. ChangePassword's resource
   * is always the caller's own ARN, so "on itself" needs no further check.
   */
  async #passwordPolicyLetsUserSelfServe(
    req: AuthorizationRequest,
    result: AuthorizationResult,
  ): Promise<boolean> {
    if (!PASSWORD_SELF_SERVICE_ACTIONS.has(result.action)) return false;
    if (req.caller.principal.type !== 'user' || req.caller.userName === undefined) return false;
    if (result.decision.decision !== 'implicitDeny' || result.decision.deniedBy !== 'identity') return false;
    const policy = await this.#store.read((r) => r.passwordPolicies.get(req.caller.accountId));
    return policy?.allowUsersToChangePassword === true;
  }

  /** The engine's decision, without throwing. */
  async decide(req: AuthorizationRequest): Promise<AuthorizationResult> {
    const { caller, operation } = req;
    const input = req.input as never;
    const resource = operation.resource(input, {
      accountId: req.accountId,
      partition: req.partition,
      callerArn: caller.principal.arn,
    });
    const compiled = await this.#principal(req);
    const keys = requestContextKeys(req, compiled?.tags ?? []);
    if (operation.requestKeys) addKeys(keys, operation.requestKeys(input));
    const decision = evaluate({
      context: {
        action: operation.action,
        resource,
        resourceAccount: req.accountId,
        principal: caller.principal,
        keys,
      },
      // A principal that vanished between authentication and now is allowed nothing.
      identity: compiled?.identity ?? EMPTY_SET,
      boundary: compiled?.boundary,
    });
    return { decision, action: operation.action, resource };
  }

  async #principal(req: AuthorizationRequest): Promise<CompiledPrincipal | undefined> {
    const { caller } = req;
    if (caller.principal.type === 'root') return ROOT;
    const ref =
      caller.principal.type === 'user' && caller.userName !== undefined
        ? ({ kind: 'user', name: caller.userName } as const)
        : undefined;
    if (ref === undefined) return undefined; // sessions arrive with STS
    const cacheKey = `${caller.accountId}\u0000${ref.kind}\u0000${ref.name}`;
    const cached = this.#cache.get(cacheKey);
    const generation = req.generation ?? (await this.#store.generation(caller.accountId));
    if (cached !== undefined && cached.generation === generation) {
      this.#cache.delete(cacheKey); // LRU: re-insert as the most recent
      this.#cache.set(cacheKey, cached);
      return cached;
    }
    const policies = await this.#store.principalPolicies(caller.accountId, ref);
    if (policies === undefined) return undefined;
    const fresh = this.#compile(policies);
    this.#cache.delete(cacheKey);
    if (this.#cache.size >= this.#max) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(cacheKey, fresh);
    return fresh;
  }

  #compile(p: PrincipalPolicies): CompiledPrincipal {
    const identity: CompiledPolicy[] = [];
    for (const sp of p.identityPolicies) {
      const id = sp.arn ?? `${sp.ownerKind}/${sp.ownerName}/inline/${sp.name}`;
      const c = this.#parse(sp.document, id, 'identity');
      if (c) identity.push(c);
    }
    let boundary: CompiledPolicySet | undefined;
    if (p.permissionsBoundary !== undefined) {
      const { arn, document } = p.permissionsBoundary;
      // A boundary naming a missing policy allows nothing; it is never treated as absent.
      const c = document === undefined ? undefined : this.#parse(document, arn, 'boundary');
      boundary = compilePolicySet(c ? [c] : []);
    }
    return {
      generation: p.generation,
      identity: compilePolicySet(identity),
      boundary,
      tags: p.principal.tags.map((t) => ({ key: t.key, value: t.value })),
    };
  }

  #parse(document: string, id: string, kind: PolicyKind): CompiledPolicy | undefined {
    const parsed = parsePolicy(document, { kind, id });
    if (!parsed.ok) {
      this.#onBadPolicy?.(id, parsed.errors[0]?.message ?? 'invalid');
      return undefined;
    }
    return compilePolicy(parsed.value);
  }

  /** Entries currently cached (tests, metrics). */
  get size(): number {
    return this.#cache.size;
  }
}

const scalar = (type: ContextValue['type'], value: string): ContextValue => ({
  type,
  multi: false,
  values: [value],
});

/** The global condition keys every request carries (lower-cased names, as the engine wants). */
function requestContextKeys(
  req: AuthorizationRequest,
  tags: readonly { readonly key: string; readonly value: string }[],
): Map<string, ContextValue> {
  const { caller, now } = req;
  const seconds = Math.floor(now.getTime() / 1000);
  const keys = new Map<string, ContextValue>([
    ['aws:sourceip', scalar('ip', req.sourceIp)],
    ['aws:currenttime', scalar('date', new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'))],
    ['aws:epochtime', scalar('date', String(seconds))],
    ['aws:securetransport', scalar('boolean', String(req.secureTransport))],
    ['aws:principalarn', scalar('string', caller.principal.arn)],
    ['aws:principalaccount', scalar('string', caller.accountId)],
    ['aws:principaltype', scalar('string', principalTypeName(caller))],
    ['aws:userid', scalar('string', caller.principalId)],
    ['aws:principalisawsservice', scalar('boolean', 'false')],
    ['aws:viaawsservice', scalar('boolean', 'false')],
  ]);
  if (caller.userName !== undefined) keys.set('aws:username', scalar('string', caller.userName));
  if (caller.session !== undefined) addSessionKeys(keys, caller.session, now);
  if (req.region !== undefined) keys.set('aws:requestedregion', scalar('string', req.region));
  for (const t of tags) keys.set(`aws:principaltag/${t.key.toLowerCase()}`, scalar('string', t.value));
  return keys;
}

/** aws:TokenIssueTime and the MFA keys of temporary credentials (absent for long-term keys, as in AWS). */
function addSessionKeys(keys: Map<string, ContextValue>, session: CallerSession, now: Date): void {
  keys.set('aws:tokenissuetime', scalar('date', isoSeconds(session.issuedAt)));
  const mfa = session.mfaAuthenticatedAt;
  keys.set('aws:multifactorauthpresent', scalar('boolean', String(mfa !== undefined)));
  if (mfa !== undefined) {
    const age = Math.max(0, Math.floor((now.getTime() - mfa.getTime()) / 1000));
    keys.set('aws:multifactorauthage', scalar('numeric', String(age)));
  }
}

const isoSeconds = (d: Date): string =>
  new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function addKeys(keys: Map<string, ContextValue>, extra: RequestKeys): void {
  for (const [name, v] of Object.entries(extra)) {
    const value: ContextValue =
      typeof v === 'string' ? scalar('string', v) : { type: 'stringList', multi: true, values: v };
    keys.set(name.toLowerCase(), value);
  }
}

/** aws:PrincipalType's values: Account (root), User, AssumedRole, FederatedUser, Anonymous. */
function principalTypeName(caller: Caller): string {
  switch (caller.principal.type) {
    case 'root':
      return 'Account';
    case 'user':
      return 'User';
    case 'assumedRole':
      return 'AssumedRole';
    case 'federatedUser':
      return 'FederatedUser';
    default:
      return 'Anonymous';
  }
}
