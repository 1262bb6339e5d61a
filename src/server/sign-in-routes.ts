/**
 * The sign-in endpoints for people (the web console), JSON over HTTP on the API's own port,
 * answered before the AWS protocol routing:
 *
 *   POST /signin   {"accountId"|"accountAlias", "userName"|"root": true, "password"}
 *                  {"state", "mfaCode"}          (after {"next": "mfa"})
 *                  {"state", "newPassword"}      (after {"next": "change-password"})
 *   POST /signout  ends the cookie's session server-side
 *
 * Both take `Content-Type: application/json` only: a cross-site HTML form cannot send it without
 * a CORS preflight, which this server never grants (login CSRF). Answers are never cached.
 */
import {
  CSRF_HEADER,
  type ConsoleSessions,
  SESSION_COOKIE,
  sessionCookie,
} from '../auth/console-sessions.js';
import type { SignIn, SignInOutcome, SignInRequest } from '../auth/sign-in.js';
import type { AccountId } from '../domain/ids.js';
import type { AuditSink } from '../services/audit/audit-trail.js';
import { header, type IncomingRequest, type OutgoingResponse } from './http-types.js';

export const SIGN_IN_PATH = '/signin';
export const SIGN_OUT_PATH = '/signout';
const MAX_BODY = 16 * 1024;

export interface SignInRoutesDeps {
  readonly signIn: SignIn;
  readonly sessions: ConsoleSessions;
  readonly sourceIp: (req: IncomingRequest) => string;
  /** Where ConsoleLogin events go (absent: not recorded). */
  readonly audit?: AuditSink | undefined;
}

export const isSignInPath = (path: string): boolean => path === SIGN_IN_PATH || path === SIGN_OUT_PATH;

type Json = Record<string, unknown>;

function json(status: number, body: Json, requestId: string, now: Date, extra: Record<string, string> = {}) {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-amzn-requestid': requestId,
      date: now.toUTCString(),
      ...extra,
    },
    body: JSON.stringify(body),
  } satisfies OutgoingResponse;
}

const refusal = (status: number, error: string, message: string, requestId: string, now: Date) =>
  json(status, { error, message }, requestId, now);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The step a body asks for; a message when it is malformed. */
function parseRequest(body: Json): SignInRequest | string {
  const state = str(body.state);
  if (state !== undefined) {
    const code = str(body.mfaCode);
    const newPassword = str(body.newPassword);
    if (code !== undefined) return { kind: 'mfa', state, mfaCode: code };
    if (newPassword !== undefined) return { kind: 'change-password', state, newPassword };
    return 'with "state", give "mfaCode" or "newPassword"';
  }
  const account = str(body.accountId) ?? str(body.accountAlias);
  if (account === undefined || account === '') return 'give "accountId" or "accountAlias"';
  const root = body.root === true;
  const userName = str(body.userName);
  if (root === (userName !== undefined)) return 'give either "userName" or "root": true';
  if (userName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(userName)) return '"userName" is not a user name';
  const password = str(body.password);
  if (password === undefined || password === '' || password.length > 128) return 'give "password"';
  return { kind: 'password', account, userName: root ? undefined : userName, password };
}

export function signInRoutes(deps: SignInRoutesDeps) {
  return async (req: IncomingRequest, requestId: string, now: Date): Promise<OutgoingResponse> => {
    if (req.method !== 'POST') {
      return json(405, { error: 'MethodNotAllowed', message: 'Use POST.' }, requestId, now, {
        allow: 'POST',
      });
    }
    const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return refusal(415, 'UnsupportedMediaType', 'Send Content-Type: application/json.', requestId, now);
    }
    let body: Json;
    try {
      const parsed: unknown = JSON.parse((await req.readBody(MAX_BODY)).toString('utf8') || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not an object');
      body = parsed as Json;
    } catch {
      return refusal(400, 'MalformedRequest', 'The body must be a JSON object.', requestId, now);
    }
    if (req.path === SIGN_OUT_PATH) return signOut(deps, req, requestId, now);

    const request = parseRequest(body);
    if (typeof request === 'string') return refusal(400, 'MalformedRequest', request, requestId, now);
    const outcome = await deps.signIn.step(request, deps.sourceIp(req), now);
    if (deps.audit !== undefined) await recordSignIn(deps, deps.audit, req, requestId, now, request, outcome);
    return answer(outcome, req.secure, requestId, now);
  };
}

/**
 * CloudTrail's ConsoleLogin event: once per sign-in that ends, in success (the person is known) or
 * refusal (recorded like any unauthenticated request: sampled per source address). A step that
 * asks for more (an MFA code, a new password) records nothing yet.
 */
async function recordSignIn(
  deps: SignInRoutesDeps,
  audit: AuditSink,
  req: IncomingRequest,
  requestId: string,
  now: Date,
  request: SignInRequest,
  outcome: SignInOutcome,
): Promise<void> {
  if (outcome.kind === 'next') return;
  const base = {
    requestId,
    time: now,
    service: 'signin' as const,
    eventName: 'ConsoleLogin',
    region: 'us-east-1',
    sourceIp: deps.sourceIp(req),
    userAgent: header(req, 'user-agent'),
    readOnly: false,
    eventType: 'AwsConsoleSignIn' as const,
  };
  if (outcome.kind === 'signed-in') {
    const caller = await deps.sessions.resolve(outcome.session.token, outcome.session.csrfToken, now);
    audit.record({
      ...base,
      caller,
      output: { ConsoleLogin: 'Success' },
      additionalEventData: {
        LoginTo: 'portcullis',
        MobileVersion: 'No',
        MFAUsed: outcome.mfaAuthenticated ? 'Yes' : 'No',
      },
    });
    return;
  }
  const account =
    request.kind === 'password' && /^\d{12}$/.test(request.account) ? request.account : undefined;
  audit.recordUnauthenticated({
    ...base,
    output: { ConsoleLogin: 'Failure' },
    error: { code: outcome.error, message: outcome.message },
    ...(account !== undefined && { accountId: account as AccountId }),
    ...(request.kind === 'password' && {
      additionalEventData: { LoginTo: 'portcullis', MobileVersion: 'No', MFAUsed: 'No' },
    }),
  });
}

function answer(outcome: SignInOutcome, secure: boolean, requestId: string, now: Date): OutgoingResponse {
  switch (outcome.kind) {
    case 'refused':
      return json(
        outcome.status,
        {
          error: outcome.error,
          message: outcome.message,
          ...(outcome.retryAfterSeconds !== undefined && { retryAfterSeconds: outcome.retryAfterSeconds }),
          ...(outcome.rules !== undefined && { rules: outcome.rules }),
        },
        requestId,
        now,
        outcome.retryAfterSeconds !== undefined ? { 'retry-after': String(outcome.retryAfterSeconds) } : {},
      );
    case 'next':
      return json(
        200,
        { next: outcome.next, state: outcome.state, ...(outcome.reason && { reason: outcome.reason }) },
        requestId,
        now,
      );
    case 'signed-in': {
      const { session } = outcome;
      const maxAge = Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000);
      const cookie = `${SESSION_COOKIE}=${session.token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
      return json(
        200,
        {
          principalArn: outcome.principalArn,
          expiresAt: session.expiresAt.toISOString(),
          csrfToken: session.csrfToken,
          csrfHeader: 'X-Portcullis-CSRF',
          mfaAuthenticated: outcome.mfaAuthenticated,
        },
        requestId,
        now,
        { 'set-cookie': cookie },
      );
    }
  }
}

async function signOut(
  deps: SignInRoutesDeps,
  req: IncomingRequest,
  requestId: string,
  now: Date,
): Promise<OutgoingResponse> {
  const token = sessionCookie(header(req, 'cookie'));
  const clear = {
    'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`,
  };
  if (token === undefined) {
    return json(401, { error: 'NotSignedIn', message: 'There is no session to end.' }, requestId, now, clear);
  }
  // Ending a session takes its CSRF token too, so another site cannot sign the person out.
  try {
    await deps.sessions.resolve(token, header(req, CSRF_HEADER), now);
  } catch (e) {
    const message = e instanceof Error ? e.message : 'refused';
    return json(403, { error: 'AccessDenied', message }, requestId, now);
  }
  await deps.sessions.end(token);
  return json(200, { signedOut: true }, requestId, now, clear);
}
