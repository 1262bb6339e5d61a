/**
 * Console sign-in for people, in up to three steps:
 *
 *   password -> (MFA code, when the user has a device) -> (new password, when PasswordResetRequired
 *   or the password expired under the account policy) -> session
 *
 * Between steps the client carries a sealed, 5-minute state token (sign-in-state.ts). Every step
 * goes through the brute-force throttle (login-throttle.ts). Passwords are verified outside any
 * store transaction (scrypt takes a fraction of a second and must not hold the store's lock), and
 * an unknown account or user costs the same scrypt as a known one (a decoy hash), so neither the
 * answer nor its timing says whether the user exists.
 */
import { AwsError } from '../core/aws-error.js';
import { rootArn } from '../domain/arns.js';
import { type AccountId, asAccountId } from '../domain/ids.js';
import {
  isPasswordExpired,
  PASSWORD_POLICY_VIOLATION,
  passwordRuleViolations,
} from '../domain/password-policy.js';
import { passwordReused } from '../services/iam/password-checks.js';
import type { Store } from '../store/store.js';
import type { ConsoleSessions, OpenedSession } from './console-sessions.js';
import { type LoginThrottle, mfaKeys, passwordKeys, type ThrottleKey } from './login-throttle.js';
import type { PasswordHasher } from './password-hash.js';
import type { SecretBox } from './secret-box.js';
import { openSignInState, SIGN_IN_STATE_TTL_MS, type SignInState, sealSignInState } from './sign-in-state.js';

/** What sign-in needs of MFA (auth/mfa-codes.ts's MfaCodes has this shape). */
export interface MfaVerifier {
  hasDevice(accountId: AccountId, userName: string | undefined): Promise<boolean>;
  verifyForOwner(
    accountId: AccountId,
    userName: string | undefined,
    code: string,
    now: Date,
  ): Promise<{
    readonly result: 'valid' | 'invalid' | 'replayed' | 'no-device';
    readonly serialNumber?: string;
  }>;
}

export type SignInRequest =
  | {
      readonly kind: 'password';
      readonly account: string;
      /** undefined: the root user. */
      readonly userName: string | undefined;
      readonly password: string;
    }
  | { readonly kind: 'mfa'; readonly state: string; readonly mfaCode: string }
  | { readonly kind: 'change-password'; readonly state: string; readonly newPassword: string };

export type SignInOutcome =
  | {
      readonly kind: 'signed-in';
      readonly principalArn: string;
      readonly session: OpenedSession;
      readonly mfaAuthenticated: boolean;
    }
  | {
      readonly kind: 'next';
      readonly next: 'mfa' | 'change-password';
      readonly state: string;
      readonly reason?: 'password-reset-required' | 'password-expired';
    }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly error: string;
      readonly message: string;
      readonly retryAfterSeconds?: number;
      readonly rules?: readonly string[];
    };

export interface SignInDeps {
  readonly store: Store;
  readonly hasher: PasswordHasher;
  readonly box: SecretBox;
  readonly sessions: ConsoleSessions;
  readonly throttle: LoginThrottle;
  readonly mfa: MfaVerifier;
  readonly partition: string;
}

const BAD_CREDENTIALS: SignInOutcome = {
  kind: 'refused',
  status: 401,
  error: 'InvalidCredentials',
  message: 'The account, user name or password is incorrect.',
};
const BAD_STATE: SignInOutcome = {
  kind: 'refused',
  status: 401,
  error: 'SignInExpired',
  message: 'This sign-in has expired or is no longer valid. Sign in again.',
};
const BAD_MFA: SignInOutcome = {
  kind: 'refused',
  status: 401,
  error: 'InvalidMfaCode',
  message: 'The MFA code is not valid.',
};

const throttled = (retryAfterMs: number): SignInOutcome => ({
  kind: 'refused',
  status: 429,
  error: 'TooManyAttempts',
  message: 'Too many failed attempts. Wait and try again.',
  retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
});

export class SignIn {
  readonly #d: SignInDeps;

  constructor(deps: SignInDeps) {
    this.#d = deps;
  }

  async step(req: SignInRequest, sourceIp: string, now: Date): Promise<SignInOutcome> {
    switch (req.kind) {
      case 'password':
        return this.#password(req.account, req.userName, req.password, sourceIp, now);
      case 'mfa':
        return this.#mfa(req.state, req.mfaCode, sourceIp, now);
      case 'change-password':
        return this.#changePassword(req.state, req.newPassword, now);
    }
  }

  async #password(
    account: string,
    userName: string | undefined,
    password: string,
    sourceIp: string,
    now: Date,
  ): Promise<SignInOutcome> {
    const { store, throttle, hasher } = this.#d;
    const accountId = await this.#account(account);
    const keys = passwordKeys(accountId ?? account, userName, sourceIp);
    const t = now.getTime();
    const gate = throttle.check(keys, t);
    if (!gate.allowed) return throttled(gate.retryAfterMs);

    const found =
      accountId === undefined
        ? undefined
        : await store.read(async (r) => {
            const profile = await r.loginProfiles.get(accountId, userName);
            return profile && { profile, policy: await r.passwordPolicies.get(accountId) };
          });
    const ok = await hasher.verify(password, found?.profile.passwordHash);
    if (!ok || found === undefined || accountId === undefined) {
      throttle.fail(keys, t);
      return BAD_CREDENTIALS;
    }
    throttle.succeed(keys.filter((k) => k.rule === 'user'));
    const { profile, policy } = found;
    // The account policy governs IAM users; the root user's password neither expires nor resets.
    const expired = userName !== undefined && isPasswordExpired(policy, profile.passwordChangedAt, now);
    if (expired && policy?.hardExpiry) {
      return {
        kind: 'refused',
        status: 403,
        error: 'PasswordExpired',
        message: 'The password has expired and only an administrator can reset it.',
      };
    }
    const mustChange = userName !== undefined && (profile.passwordResetRequired || expired);
    const base = {
      accountId,
      userName: profile.userName,
      passwordChangedAt: profile.passwordChangedAt.getTime(),
      expired,
      expiresAt: t + SIGN_IN_STATE_TTL_MS,
    };
    if (await this.#d.mfa.hasDevice(accountId, profile.userName)) {
      return { kind: 'next', next: 'mfa', state: this.#seal({ ...base, step: 'mfa' }) };
    }
    if (mustChange) return this.#askNewPassword({ ...base, step: 'change-password' });
    return this.#open(accountId, profile.userName, now, undefined);
  }

  async #mfa(token: string, code: string, sourceIp: string, now: Date): Promise<SignInOutcome> {
    const t = now.getTime();
    const state = openSignInState(this.#d.box, token, 'mfa', t);
    if (state === undefined) return BAD_STATE;
    const accountId = state.accountId as AccountId;
    const keys: ThrottleKey[] = mfaKeys(accountId, state.userName, sourceIp);
    const gate = this.#d.throttle.check(keys, t);
    if (!gate.allowed) return throttled(gate.retryAfterMs);
    const current = await this.#current(state);
    if (current === undefined) return BAD_STATE;
    const verdict = /^\d{6}$/.test(code)
      ? await this.#d.mfa.verifyForOwner(accountId, state.userName, code, now)
      : { result: 'invalid' as const };
    if (verdict.result !== 'valid') {
      this.#d.throttle.fail(keys, t);
      return BAD_MFA;
    }
    this.#d.throttle.succeed(keys.filter((k) => k.rule === 'user'));
    const mustChange =
      state.userName !== undefined && (current.passwordResetRequired || state.expired === true);
    if (mustChange) {
      return this.#askNewPassword({
        ...state,
        step: 'change-password',
        mfaAt: t,
        expiresAt: t + SIGN_IN_STATE_TTL_MS,
      });
    }
    return this.#open(accountId, state.userName, now, now);
  }

  async #changePassword(token: string, newPassword: string, now: Date): Promise<SignInOutcome> {
    const { store, hasher } = this.#d;
    const state = openSignInState(this.#d.box, token, 'change-password', now.getTime());
    if (state === undefined || state.userName === undefined) return BAD_STATE;
    const accountId = state.accountId as AccountId;
    const userName = state.userName;
    const current = await store.read(async (r) => {
      const profile = await r.loginProfiles.get(accountId, userName);
      if (profile === undefined || profile.passwordChangedAt.getTime() !== state.passwordChangedAt) {
        return undefined;
      }
      const policy = await r.passwordPolicies.get(accountId);
      const depth = policy?.passwordReusePrevention ?? 0;
      return {
        policy,
        recent: depth > 0 ? await r.loginProfiles.recentHashes(accountId, userName, depth) : [],
      };
    });
    if (current === undefined) return BAD_STATE;
    const rules = passwordRuleViolations(newPassword, current.policy);
    if (
      newPassword.length === 0 ||
      newPassword.length > 128 ||
      !/^[\t\n\r\u0020-\u00ff]+$/.test(newPassword) ||
      rules.length > 0 ||
      (await passwordReused(hasher, current.recent, newPassword))
    ) {
      return {
        kind: 'refused',
        status: 400,
        error: 'PasswordPolicyViolation',
        message: PASSWORD_POLICY_VIOLATION,
        rules: rules.length > 0 ? rules : ['not one of the previous passwords'],
      };
    }
    const passwordHash = await hasher.hash(newPassword);
    const changed = await store.transaction(async (tx) => {
      // Another change since the state was issued (a concurrent tab, an administrator) wins.
      const profile = await tx.loginProfiles.get(accountId, userName);
      if (profile === undefined || profile.passwordChangedAt.getTime() !== state.passwordChangedAt)
        return false;
      return tx.loginProfiles.setPassword(accountId, userName, {
        passwordHash,
        at: now,
        passwordResetRequired: false,
      });
    });
    if (!changed) return BAD_STATE;
    return this.#open(
      accountId,
      userName,
      now,
      state.mfaAt === undefined ? undefined : new Date(state.mfaAt),
    );
  }

  /** The account id typed, or the account an alias names; undefined when there is none. */
  async #account(account: string): Promise<AccountId | undefined> {
    const id = asAccountId(account);
    const found = await this.#d.store.read((r) =>
      id !== undefined ? r.accounts.get(id) : r.accounts.getByAlias(account.toLowerCase()),
    );
    return found?.id;
  }

  /** The profile a state was issued for, if its password has not changed since. */
  async #current(state: SignInState) {
    const profile = await this.#d.store.read((r) =>
      r.loginProfiles.get(state.accountId as AccountId, state.userName),
    );
    return profile !== undefined && profile.passwordChangedAt.getTime() === state.passwordChangedAt
      ? profile
      : undefined;
  }

  #askNewPassword(state: SignInState): SignInOutcome {
    return {
      kind: 'next',
      next: 'change-password',
      state: this.#seal(state),
      reason: state.expired ? 'password-expired' : 'password-reset-required',
    };
  }

  #seal(state: SignInState): string {
    return sealSignInState(this.#d.box, state);
  }

  async #open(
    accountId: AccountId,
    userName: string | undefined,
    now: Date,
    mfaAt: Date | undefined,
  ): Promise<SignInOutcome> {
    const { store, sessions, partition } = this.#d;
    const session = await sessions.open(accountId, userName, now, mfaAt);
    await store.transaction((tx) => tx.loginProfiles.recordSignIn(accountId, userName, now));
    let principalArn = rootArn(accountId, partition);
    if (userName !== undefined) {
      const user = await store.read((r) => r.users.get(accountId, userName));
      if (user === undefined) throw new AwsError('ServiceFailure', 'the user vanished during sign-in');
      principalArn = user.arn;
    }
    return { kind: 'signed-in', principalArn, session, mfaAuthenticated: mfaAt !== undefined };
  }
}
