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
import { type DecodedAuthorization, encodeAuthorizationFailure } from './authorization-message.js';
import type { AuthorizationMessageCodec, Caller, CallerSession } from './operation-context.js';
import { sessionRestriction } from './session-restrictions.js';

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
  /** The request's own MFA (SerialNumber/TokenCode) verified at this time, when it carried one. */
  readonly mfaVerifiedAt?: Date | undefined;
  /** The request context the engine saw (DecodeAuthorizationMessage's `context.conditions`). */
  readonly keys?: ReadonlyMap<string, ContextValue> | undefined;
}

/**
 * What an operation adds to its authorization beyond its action, resource and request keys, and
 * needs the store or a verifier for: AssumeRole's trust policy and the role's account, the MFA
 * verified from SerialNumber/TokenCode. Registered per action (see services/sts/).
 */
export interface AuthorizationExtras {
  /** The account owning the resource, when it is not the call's (cross-account AssumeRole). */
  readonly resourceAccount?: string | undefined;
  /**
   * The target's resource-based policy (a role's trust policy). `null`: the target does not
   * exist, which is denied as a trust policy that allows nothing would be.
   */
  readonly resourcePolicy?: { readonly id: string; readonly document: string } | null | undefined;
  readonly keys?: RequestKeys | undefined;
  readonly mfaVerifiedAt?: Date | undefined;
}

export type AuthorizationExtrasProvider = (
  input: OperationInput,
  req: AuthorizationRequest,
) => Promise<AuthorizationExtras>;

/** A principal's gates, compiled. */
interface CompiledPrincipal {
  readonly generation: number;
  /** The entity's unique id (a session names the role it was issued for by id). */
  readonly id: string;
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
const ROOT: CompiledPrincipal = { generation: 0, id: '', identity: EMPTY_SET, boundary: undefined, tags: [] };
const ALLOWED: Decision = {
  decision: 'allowed',
  matchedStatements: [],
  deniedBy: undefined,
  missingContextKeys: [],
};
/** A role that does not exist (or whose trust policy no longer parses) trusts nobody. */
const NO_TRUST: Decision = {
  decision: 'implicitDeny',
  matchedStatements: [],
  deniedBy: 'trust',
  missingContextKeys: [],
};

type Ref = { readonly kind: 'user' | 'role'; readonly name: string; readonly id?: string | undefined };

/**
 * Whose policies apply: a user's own (also through GetSessionToken), a role's for its sessions,
 * and for a federated user the policies of the user who called GetFederationToken.
 */
function principalRef(caller: Caller): Ref | 'root' | undefined {
  const s = caller.session;
  switch (caller.principal.type) {
    case 'root':
      return 'root';
    case 'user':
      return caller.userName === undefined ? undefined : { kind: 'user', name: caller.userName };
    case 'assumedRole':
      return s?.role === undefined ? undefined : { kind: 'role', name: s.role.name, id: s.role.id };
    case 'federatedUser':
      return s?.userName === undefined ? 'root' : { kind: 'user', name: s.userName, id: s.userId };
    default:
      return undefined;
  }
}

/** A role deleted and created again under the same name is not the role a session was issued for. */
const sameEntity = (c: CompiledPrincipal, ref: Ref): boolean => ref.id === undefined || ref.id === c.id;

/** aws:PrincipalTag: session tags win over the principal's own tags with the same key. */
function mergeTags(
  own: readonly { readonly key: string; readonly value: string }[],
  session: readonly { readonly key: string; readonly value: string }[] | undefined,
): readonly { readonly key: string; readonly value: string }[] {
  if (session === undefined || session.length === 0) return own;
  const byKey = new Map(own.map((t) => [t.key.toLowerCase(), t]));
  for (const t of session) byKey.set(t.key.toLowerCase(), t);
  return [...byKey.values()];
}

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
  /** Per-action extras (trust policies, MFA); see AuthorizationExtras. */
  readonly extras?: ReadonlyMap<string, AuthorizationExtrasProvider> | undefined;
  /**
   * Seals the explanation AccessDenied messages carry (` Encoded authorization failure message:
   * <blob>` after AWS's sentence); without it the message is AWS's sentence alone.
   */
  readonly messages?: AuthorizationMessageCodec | undefined;
}

/** Actions AWS never denies (GetCallerIdentity works even under an explicit Deny * ). */
const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['sts:GetCallerIdentity', 'sts:GetSessionToken']);

export class Authorizer {
  readonly #store: Store;
  readonly #max: number;
  readonly #onBadPolicy: ((policyId: string, message: string) => void) | undefined;
  readonly #cache = new Map<string, CompiledPrincipal>();
  readonly #sessionGates = new Map<string, { generation: number; gate: CompiledPolicySet }>();
  readonly #extras: ReadonlyMap<string, AuthorizationExtrasProvider>;
  readonly #messages: AuthorizationMessageCodec | undefined;

  constructor(options: AuthorizerOptions) {
    this.#store = options.store;
    this.#max = options.maxEntries ?? 10_000;
    this.#onBadPolicy = options.onBadPolicy;
    this.#extras = options.extras ?? new Map();
    this.#messages = options.messages;
  }

  /** Evaluates the request; throws AccessDenied unless it is allowed. */
  async authorize(req: AuthorizationRequest): Promise<AuthorizationResult> {
    const restriction = sessionRestriction(req.caller, req.operation.action);
    if (restriction !== undefined) throw new AwsError('AccessDenied', restriction);
    const result = await this.decide(req);
    if (
      result.decision.decision !== 'allowed' &&
      !(await this.#passwordPolicyLetsUserSelfServe(req, result))
    ) {
      let message = accessDeniedMessage(
        req.caller.principal.arn,
        result.action,
        result.resource,
        result.decision,
      );
      if (this.#messages !== undefined) {
        const blob = encodeAuthorizationFailure(this.#messages, this.#explanation(req, result, message));
        message += ` Encoded authorization failure message: ${blob}`;
      }
      throw new AwsError('AccessDenied', message);
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

  #explanation(req: AuthorizationRequest, r: AuthorizationResult, sentence: string): DecodedAuthorization {
    const { caller } = req;
    return {
      account: caller.accountId,
      allowed: false,
      explicitDeny: r.decision.decision === 'explicitDeny',
      deniedBy: r.decision.deniedBy,
      matchedStatements: r.decision.matchedStatements,
      failures: [sentence],
      principal: { id: caller.principalId, arn: caller.principal.arn },
      action: r.action,
      resource: r.resource,
      keys: r.keys ?? new Map(),
    };
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
    const provider = this.#extras.get(operation.action);
    const extras = provider === undefined ? undefined : await provider(req.input, req);
    if (ALWAYS_ALLOWED.has(operation.action)) {
      return { decision: ALLOWED, action: operation.action, resource, mfaVerifiedAt: extras?.mfaVerifiedAt };
    }
    const compiled = await this.#principal(req);
    const keys = requestContextKeys(req, mergeTags(compiled?.tags ?? [], caller.session?.tags));
    if (operation.requestKeys) addKeys(keys, operation.requestKeys(input));
    if (extras?.keys !== undefined) addKeys(keys, extras.keys);
    const session = await this.#sessionGate(req);
    let trust: CompiledPolicy | undefined;
    if (extras?.resourcePolicy !== undefined && extras.resourcePolicy !== null) {
      trust = this.#parse(extras.resourcePolicy.document, extras.resourcePolicy.id, 'trust');
    }
    const decision =
      extras?.resourcePolicy === null || (extras?.resourcePolicy !== undefined && trust === undefined)
        ? NO_TRUST
        : evaluate({
            context: {
              action: operation.action,
              resource,
              resourceAccount: extras?.resourceAccount ?? req.accountId,
              principal: caller.principal,
              keys,
            },
            // A principal that vanished between authentication and now is allowed nothing.
            identity: compiled?.identity ?? EMPTY_SET,
            boundary: compiled?.boundary,
            session,
            resource: trust,
          });
    return { decision, action: operation.action, resource, mfaVerifiedAt: extras?.mfaVerifiedAt, keys };
  }

  /**
   * Session policies (inline and managed ARNs, resolved in the session's account), compiled once
   * per session and account generation. A federated user's session always has this gate.
   */
  async #sessionGate(req: AuthorizationRequest): Promise<CompiledPolicySet | undefined> {
    const { caller } = req;
    const policies = caller.session?.policies;
    if (policies === undefined) return undefined;
    const cacheKey = `${caller.accountId}\u0000${caller.accessKeyId ?? caller.principalId}`;
    const generation = req.generation ?? (await this.#store.generation(caller.accountId));
    const cached = this.#sessionGates.get(cacheKey);
    if (cached !== undefined && cached.generation === generation) return cached.gate;
    const compiled: CompiledPolicy[] = [];
    if (policies.inline !== undefined) {
      const c = this.#parse(policies.inline, 'session-policy', 'session');
      if (c) compiled.push(c);
    }
    if (policies.arns.length > 0) {
      const docs = await this.#store.read(async (r) => {
        const out: { arn: string; document: string | undefined }[] = [];
        for (const arn of policies.arns) {
          const aws = r.awsManagedPolicies.document(arn);
          if (aws !== undefined) {
            out.push({ arn, document: aws });
            continue;
          }
          const p = await r.policies.get(caller.accountId, arn);
          const v = p && (await r.policies.getVersion(caller.accountId, arn, p.defaultVersionId));
          out.push({ arn, document: v?.document });
        }
        return out;
      });
      for (const d of docs) {
        const c = d.document === undefined ? undefined : this.#parse(d.document, d.arn, 'session');
        if (c) compiled.push(c);
      }
    }
    const gate = compilePolicySet(compiled);
    if (this.#sessionGates.size >= this.#max)
      this.#sessionGates.delete(this.#sessionGates.keys().next().value!);
    this.#sessionGates.set(cacheKey, { generation, gate });
    return gate;
  }

  async #principal(req: AuthorizationRequest): Promise<CompiledPrincipal | undefined> {
    const { caller } = req;
    const ref = principalRef(caller);
    if (ref === 'root') return ROOT;
    if (ref === undefined) return undefined;
    const cacheKey = `${caller.accountId}\u0000${ref.kind}\u0000${ref.name}`;
    const cached = this.#cache.get(cacheKey);
    const generation = req.generation ?? (await this.#store.generation(caller.accountId));
    if (cached !== undefined && cached.generation === generation) {
      this.#cache.delete(cacheKey); // LRU: re-insert as the most recent
      this.#cache.set(cacheKey, cached);
      return sameEntity(cached, ref) ? cached : undefined;
    }
    const policies = await this.#store.principalPolicies(caller.accountId, {
      kind: ref.kind,
      name: ref.name,
    });
    if (policies === undefined) return undefined;
    const fresh = this.#compile(policies);
    this.#cache.delete(cacheKey);
    if (this.#cache.size >= this.#max) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(cacheKey, fresh);
    return sameEntity(fresh, ref) ? fresh : undefined;
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
      id: p.principal.id,
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
  if (session.sourceIdentity !== undefined) {
    keys.set('aws:sourceidentity', scalar('string', session.sourceIdentity));
  }
  if (session.issuer !== undefined) {
    keys.set('aws:federatedprovider', scalar('string', session.issuer.provider));
    for (const [k, v] of Object.entries(session.issuer.keys ?? {}))
      keys.set(k.toLowerCase(), scalar('string', v));
  }
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
