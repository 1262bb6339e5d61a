/**
 * Console sessions: what a successful sign-in opens, and how a later API request proves it.
 *
 * - The session token (32 random bytes, base64url) travels only in the `portcullis-session`
 *   cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure
 *   when the server serves TLS. The store keeps its SHA-256 only.
 * - The anti-CSRF token (32 more random bytes) is returned once, in the sign-in's JSON body; the
 *   console keeps it in memory and sends it as `X-Portcullis-CSRF` with every API request. The
 *   store keeps its SHA-256; the request's is compared in constant time. A page of another origin
 *   cannot read it (same-origin policy) and cannot set a custom header cross-origin without a CORS
 *   preflight, which the server never grants: a forged request lacks it even if SameSite failed.
 * - A session lasts 12 hours from sign-in (no sliding renewal), and records when MFA was verified:
 *   the request's Caller carries `session: { issuedAt, mfaAuthenticatedAt }`, which authorization
 *   turns into aws:TokenIssueTime, aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';
import { rootArn } from '../domain/arns.js';
import type { AccountId } from '../domain/ids.js';
import type { Caller } from '../services/operation-context.js';
import type { Store } from '../store/store.js';

export const SESSION_COOKIE = 'portcullis-session';
export const CSRF_HEADER = 'x-portcullis-csrf';
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;
/** Expired sessions are swept at most this often (on a sign-in). */
const SWEEP_INTERVAL_MS = 3600_000;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const newToken = (): string => randomBytes(32).toString('base64url');

export interface OpenedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

export interface ConsoleSessionsOptions {
  readonly store: Store;
  readonly partition: string;
  readonly ttlMs?: number | undefined;
}

export class ConsoleSessions {
  readonly #store: Store;
  readonly #partition: string;
  readonly ttlMs: number;
  #lastSweep = 0;

  constructor(options: ConsoleSessionsOptions) {
    this.#store = options.store;
    this.#partition = options.partition;
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  }

  /** Opens a session for a person who just signed in (userName undefined: the root user). */
  async open(
    accountId: AccountId,
    userName: string | undefined,
    now: Date,
    mfaAuthenticatedAt: Date | undefined,
  ): Promise<OpenedSession> {
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const sweep = now.getTime() - this.#lastSweep > SWEEP_INTERVAL_MS;
    if (sweep) this.#lastSweep = now.getTime();
    await this.#store.transaction(async (tx) => {
      if (sweep) await tx.consoleSessions.deleteExpired(now);
      await tx.consoleSessions.create({
        tokenHash: sha256Hex(token),
        accountId,
        ...(userName !== undefined && { userName }),
        issuedAt: now,
        expiresAt,
        ...(mfaAuthenticatedAt !== undefined && { mfaAuthenticatedAt }),
        csrfHash: sha256Hex(csrfToken),
      });
    });
    return { token, csrfToken, issuedAt: now, expiresAt };
  }

  /**
   * The caller a cookie-authenticated API request acts as. Throws AccessDenied without a matching
   * anti-CSRF header and ExpiredToken for an unknown, expired or ended session (or a deleted user).
   */
  async resolve(token: string, csrfHeader: string | undefined, now: Date): Promise<Caller> {
    const session = await this.#store.read((r) => r.consoleSessions.find(sha256Hex(token)));
    if (session === undefined || session.expiresAt.getTime() <= now.getTime()) {
      throw new AwsError('ExpiredToken', 'The console session has expired or has ended. Sign in again.');
    }
    const expected = Buffer.from(session.csrfHash, 'hex');
    const given = Buffer.from(sha256Hex(csrfHeader ?? ''), 'hex');
    if (csrfHeader === undefined || csrfHeader === '' || !timingSafeEqual(expected, given)) {
      throw new AwsError(
        'AccessDenied',
        'A request authenticated by the console session cookie must carry the X-Portcullis-CSRF header issued at sign-in.',
      );
    }
    const accountId = session.accountId;
    const sessionFacts = {
      issuedAt: session.issuedAt,
      ...(session.mfaAuthenticatedAt !== undefined && { mfaAuthenticatedAt: session.mfaAuthenticatedAt }),
    };
    if (session.userName === undefined) {
      return {
        accountId,
        principal: { type: 'root', arn: rootArn(accountId, this.#partition), account: accountId },
        principalId: accountId,
        session: sessionFacts,
      };
    }
    const user = await this.#store.read((r) => r.users.get(accountId, session.userName!));
    if (user === undefined) {
      throw new AwsError('ExpiredToken', 'The console session has expired or has ended. Sign in again.');
    }
    return {
      accountId,
      principal: { type: 'user', arn: user.arn, account: accountId },
      principalId: user.id,
      userName: user.name,
      session: sessionFacts,
    };
  }

  /** Sign-out: the session ends server-side (the cookie alone is worthless afterwards). */
  async end(token: string): Promise<boolean> {
    const hash = sha256Hex(token);
    const session = await this.#store.read((r) => r.consoleSessions.find(hash));
    if (session === undefined) return false;
    return this.#store.transaction((tx) => tx.consoleSessions.delete(session.accountId, hash));
  }
}

/** The session token from a Cookie header, if any. */
export function sessionCookie(cookieHeader: string | undefined): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
