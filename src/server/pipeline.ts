/**
 * The request pipeline, one step per line:
 *
 *   read the body under the global cap -> route (protocol, service) -> cap by operation ->
 *   authenticate (SigV4) -> decode and validate (the model) -> look the operation up ->
 *   authorize (the engine) -> run the handler in one store transaction (a read snapshot for a
 *   read-only operation) -> encode.
 *
 * Any step may throw; `renderError` alone turns what was thrown into a response.
 */
import { randomUUID } from 'node:crypto';
import { CSRF_HEADER, type ConsoleSessions, sessionCookie } from '../auth/console-sessions.js';
import type { Credentials, ResolvedCredential } from '../auth/credentials.js';
import { verifySigV4 } from '../auth/sigv4-verify.js';
import { AwsError } from '../core/aws-error.js';
import type { AccountId } from '../domain/ids.js';
import { decodeJsonInput, encodeJsonResponse, resolveJsonOperation } from '../protocol/json-codec.js';
import type { ServiceModel, ServiceName } from '../protocol/model.js';
import type {
  OperationInput,
  OperationOutput,
  OperationRegistry,
  RegisteredOperation,
} from '../protocol/operation-registry.js';
import { decodeQueryRequest } from '../protocol/query-decode.js';
import { encodeQueryResponse } from '../protocol/query-encode.js';
import { validateInput } from '../protocol/validate.js';
import type { AuditSink } from '../services/audit/audit-trail.js';
import type { AuditCall } from '../services/audit/event-record.js';
import type { Authorizer } from '../services/authorize.js';
import type { IdentityVerifiers } from '../services/sts/identity-verifiers.js';
import type { SessionTokenCodec } from '../domain/session.js';
import type {
  AuthorizationMessageCodec,
  Caller,
  OneTimeCodes,
  OperationContext,
  PasswordHashing,
  PrepareContext,
  SecretSealer,
} from '../services/operation-context.js';
import type { Store, StoreTx } from '../store/store.js';
import { checkOperationBodySize, MAX_BODY_BYTES } from './body-limits.js';
import { header, type IncomingRequest, type OutgoingResponse } from './http-types.js';
import type { Logger } from './logger.js';
import { renderError } from './render-error.js';
import { isSignInPath } from './sign-in-routes.js';
import {
  type Protocol,
  parameter,
  preRoute,
  queryParameters,
  type RoutedService,
  UNSIGNED_ACTIONS,
} from './routing.js';

export interface PipelineDeps {
  readonly store: Store;
  readonly registry: OperationRegistry<OperationContext>;
  readonly credentials: Credentials;
  readonly authorizer: Authorizer;
  readonly models: (service: ServiceName) => ServiceModel;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly partition: string;
  /** Take aws:SourceIp from X-Forwarded-For. */
  readonly trustProxy: boolean;
  readonly maxSkewMs?: number | undefined;
  readonly newRequestId?: (() => string) | undefined;
  /** Handed to handlers that create secrets (CreateAccessKey). */
  readonly secrets?: SecretSealer | undefined;
  /** The audit trail; absent only in benchmarks and tests that measure without it. */
  readonly audit?: AuditSink | undefined;
  /** Handed to the handlers that set or check console passwords (login profiles, ChangePassword). */
  readonly passwords?: PasswordHashing | undefined;
  /** Handed to the virtual MFA handlers (CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice). */
  readonly otp?: OneTimeCodes | undefined;
  /** POST /signin and /signout (sign-in-routes.ts), answered before the AWS protocol routing. */
  readonly signIn?:
    | ((req: IncomingRequest, requestId: string, now: Date) => Promise<OutgoingResponse>)
    | undefined;
  /** Authenticates unsigned API requests that carry a console session cookie. */
  readonly consoleSessions?: ConsoleSessions | undefined;
  /** Handed to handlers that issue temporary credentials (STS). */
  readonly sessionTokens?: SessionTokenCodec | undefined;
  /** Handed to DecodeAuthorizationMessage. */
  readonly authorizationMessages?: AuthorizationMessageCodec | undefined;
  /** Handed to AssumeRoleWithWebIdentity and AssumeRoleWithSAML. */
  readonly identityVerifiers?: IdentityVerifiers | undefined;
}

export type Pipeline = (req: IncomingRequest) => Promise<OutgoingResponse>;

const SIGNED_SERVICES = ['iam', 'sts', 'cloudtrail'] as const;

/** Who is calling, when the request was signed. */
interface Authenticated {
  readonly caller: Caller;
  readonly region: string;
  readonly generation: number;
}

interface Decoded {
  readonly op: RegisteredOperation<OperationInput, OperationOutput, OperationContext>;
  readonly input: OperationInput;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const newRequestId = deps.newRequestId ?? randomUUID;

  return async (req) => {
    const requestId = newRequestId();
    const now = deps.clock();
    if (req.method === 'GET' && req.path === '/health') return health(deps, requestId, now);
    if (deps.signIn !== undefined && isSignInPath(req.path)) return deps.signIn(req, requestId, now);
    const pre = preRoute(req);
    let service: RoutedService = pre.scopeService ?? (pre.protocol === 'json' ? 'cloudtrail' : 'iam');
    let action: string | undefined;
    // What the audit record needs, filled in as the steps succeed (see `audit` below).
    let who: Authenticated | undefined;
    let decoded: Decoded | undefined;
    let resourceArn: string | undefined;
    let recorded = false;
    try {
      const body = await req.readBody(MAX_BODY_BYTES);
      const params = pre.protocol === 'query' ? queryParameters(req, body) : undefined;
      action = params ? parameter(params, 'Action') : jsonOperationName(req);
      if (!pre.signed) service = UNSIGNED_ACTIONS.get(action ?? '') ?? service;
      if (action !== undefined) checkOperationBodySize(action, body.length);
      who = await authenticate(deps, req, body, pre.signed && service, action, now);
      decoded = decode(deps, service, pre.protocol, params, req, body);
      const { op, input } = decoded;
      const caller = who?.caller ?? anonymous;
      const accountId = caller.accountId;
      const partition = deps.partition;
      let mfaVerifiedAt: Date | undefined;
      if (who) {
        resourceArn = op.resource(input, { accountId, partition });
        ({ mfaVerifiedAt } = await deps.authorizer.authorize({
          caller,
          operation: op,
          input,
          accountId,
          partition,
          now,
          sourceIp: sourceIp(req, deps.trustProxy),
          secureTransport: req.secure,
          region: who.region,
          generation: who.generation,
        }));
      }
      const base = {
        requestId,
        now,
        caller,
        accountId,
        partition,
        secrets: deps.secrets,
        passwords: deps.passwords,
        otp: deps.otp,
        sessionTokens: deps.sessionTokens,
        authorizationMessages: deps.authorizationMessages,
        identityVerifiers: deps.identityVerifiers,
        mfaVerifiedAt,
      };
      // Slow work (scrypt) runs here, outside the transaction, holding no database lock.
      const prepared = op.prepare
        ? await op.prepare(input, { ...base, read: (fn) => deps.store.read(fn) } satisfies PrepareContext)
        : undefined;
      const audit = deps.audit;
      const run = async (tx: StoreTx) => {
        const output = await op.handler(input, { ...base, tx, prepared });
        // A mutation's record commits with it, through the same tx (or neither commits).
        if (audit && !op.readOnly && who) {
          await audit.appendInTransaction(
            tx,
            auditCall(deps, req, requestId, now, service, action, who, decoded, resourceArn, output),
          );
          recorded = true;
        }
        return output;
      };
      // A read-only operation runs in a read snapshot (no write lock; a write there throws and
      // rolls back): its handler keeps the StoreTx type, whose writes it does not call.
      const output = await (op.readOnly
        ? deps.store.read((reader) => run(reader as StoreTx))
        : deps.store.transaction(run));
      if (audit && !recorded) {
        // Unsigned operations that succeed (web identity, SAML) were authenticated by their token.
        audit.record(
          auditCall(deps, req, requestId, now, service, action, who, decoded, resourceArn, output),
        );
      }
      return encode(pre.protocol, op, output, requestId, now);
    } catch (thrown) {
      const rendered = renderError(
        thrown,
        {
          requestId,
          protocol: pre.protocol,
          model: deps.models(service),
          request: { method: req.method, path: req.path, service, action },
        },
        deps.logger,
      );
      deps.logger.debug({ requestId, service, action, code: rendered.error.code }, 'request refused');
      if (deps.audit) {
        // recorded is false here: a mutation's in-transaction record rolled back with it.
        const error = { code: rendered.error.code, message: rendered.error.message };
        const call = auditCall(
          deps,
          req,
          requestId,
          now,
          service,
          action,
          who,
          decoded,
          resourceArn,
          undefined,
          error,
        );
        if (who) deps.audit.record(call);
        else deps.audit.recordUnauthenticated(call);
      }
      return respond(
        rendered.status,
        rendered.contentType,
        rendered.body,
        requestId,
        now,
        rendered.status === 413,
      );
    }
  };
}

/** The one place a request becomes an audit call. */
function auditCall(
  deps: PipelineDeps,
  req: IncomingRequest,
  requestId: string,
  now: Date,
  service: RoutedService,
  action: string | undefined,
  who: Authenticated | undefined,
  decoded: Decoded | undefined,
  resourceArn: string | undefined,
  output: unknown,
  error?: { code: string; message: string },
): AuditCall {
  return {
    requestId,
    time: now,
    caller: who?.caller,
    service,
    eventName: decoded?.op.name ?? action?.slice(0, 128) ?? 'Unknown',
    region: who?.region ?? 'us-east-1',
    sourceIp: sourceIp(req, deps.trustProxy),
    userAgent: header(req, 'user-agent'),
    readOnly: decoded?.op.readOnly ?? false,
    input: decoded?.input,
    output,
    error,
    resourceArn,
  };
}

/** SigV4, unless the action is one AWS leaves unsigned (then undefined: no caller). */
async function authenticate(
  deps: PipelineDeps,
  req: IncomingRequest,
  body: Buffer,
  signedService: RoutedService | false,
  action: string | undefined,
  now: Date,
): Promise<Authenticated | undefined> {
  if (signedService === false && UNSIGNED_ACTIONS.has(action ?? '')) return undefined;
  const cookieToken = signedService === false ? sessionCookie(header(req, 'cookie')) : undefined;
  if (cookieToken !== undefined && deps.consoleSessions !== undefined) {
    // A console session (no SigV4): the cookie names the session, the header proves the page.
    const caller = await deps.consoleSessions.resolve(cookieToken, header(req, CSRF_HEADER), now);
    return { caller, region: 'us-east-1', generation: await deps.store.generation(caller.accountId) };
  }
  let resolved: ResolvedCredential | undefined;
  const identity = await verifySigV4(
    { method: req.method, path: req.path, query: req.query, headers: req.headers, body },
    {
      now,
      services: SIGNED_SERVICES,
      maxSkewMs: deps.maxSkewMs,
      lookupSecret: async (accessKeyId, securityToken) => {
        resolved = await deps.credentials.resolveRequest(accessKeyId, securityToken, now);
        if (resolved === undefined) return undefined;
        const { secretAccessKey, sessionToken } = resolved;
        return sessionToken === undefined ? { secretAccessKey } : { secretAccessKey, sessionToken };
      },
    },
  );
  const { caller, generation } = resolved!;
  // Temporary keys are not access keys of the store: there is no last use to record.
  if (resolved!.sessionToken === undefined)
    deps.credentials.recordUse(
      {
        accountId: caller.accountId,
        accessKeyId: identity.accessKeyId,
        service: identity.service,
        region: identity.region,
        at: now,
      },
      (err) => deps.logger.warn({ err }, 'could not record access key use'),
    );
  return { caller, region: identity.region, generation };
}

/** The model decodes and validates the input; the registry names the operation (InvalidAction on a miss). */
function decode(
  deps: PipelineDeps,
  service: RoutedService,
  protocol: Protocol,
  params: [string, string][] | undefined,
  req: IncomingRequest,
  body: Buffer,
): Decoded {
  const model = deps.models(service);
  if (protocol === 'json' || params === undefined) {
    const operation = resolveJsonOperation(model, header(req, 'x-amz-target'));
    const op = deps.registry.lookup(service, operation.name);
    const input = decodeJsonInput(operation.input, body.length === 0 ? '{}' : body);
    op.precheck?.(input);
    validateInput(operation.input, input);
    return { op, input };
  }
  if (model.metadata.protocol !== 'query') {
    throw new AwsError('InvalidAction', `${service} takes JSON requests with an X-Amz-Target header`);
  }
  const decoded = decodeQueryRequest(model, params);
  const op = deps.registry.lookup(service, decoded.action, decoded.version);
  validateInput(decoded.operation.input, decoded.input);
  return { op, input: decoded.input };
}

function jsonOperationName(req: IncomingRequest): string | undefined {
  const target = header(req, 'x-amz-target') ?? '';
  return target.slice(target.lastIndexOf('.') + 1) || undefined;
}

function encode(
  protocol: Protocol,
  op: Decoded['op'],
  output: unknown,
  requestId: string,
  now: Date,
): OutgoingResponse {
  const encoded =
    protocol === 'json'
      ? encodeJsonResponse(op.serviceModel, op.model, output)
      : encodeQueryResponse(op.serviceModel, op.model, output, requestId);
  return respond(encoded.status, encoded.contentType, encoded.body, requestId, now);
}

function respond(
  status: number,
  contentType: string,
  body: string,
  requestId: string,
  now: Date,
  close = false,
): OutgoingResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, date: now.toUTCString() },
    body,
    ...(close ? { close } : {}),
  };
}

async function health(deps: PipelineDeps, requestId: string, now: Date): Promise<OutgoingResponse> {
  const ok = await deps.store.ping();
  const body = JSON.stringify({ status: ok ? 'ok' : 'unavailable', time: now.toISOString() });
  return respond(ok ? 200 : 503, 'application/json', body, requestId, now);
}

/** aws:SourceIp: the peer, or behind a trusted proxy the address that proxy saw (the last hop it added). */
export function sourceIp(req: IncomingRequest, trustProxy: boolean): string {
  let ip = req.remoteAddress;
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = (typeof forwarded === 'string' ? [forwarded] : (forwarded ?? []))
      .flatMap((v) => v.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '');
    ip = list.at(-1) ?? ip;
  }
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** The caller of an unsigned operation: nobody, until its token says otherwise (STS, later). */
const anonymous: Caller = {
  accountId: '' as AccountId,
  principal: { type: 'anonymous', arn: '', account: '' },
  principalId: '',
};
