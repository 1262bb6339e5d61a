/**
 * The sign-in flow in-process, with a controlled clock: password expiry under MaxPasswordAge
 * (forced change, or refusal under HardExpiry), the MFA step's throttle, the state token's
 * lifetime, and the session it opens.
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConsoleSessions } from '../../src/auth/console-sessions.js';
import { LoginThrottle, throttleFigures } from '../../src/auth/login-throttle.js';
import { PasswordHasher } from '../../src/auth/password-hash.js';
import { SecretBox } from '../../src/auth/secret-box.js';
import { type MfaVerifier, SignIn, type SignInOutcome } from '../../src/auth/sign-in.js';
import type { AccountId } from '../../src/domain/ids.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createUser, testCatalog } from '../store/fixtures.js';

const A = '111111111111' as AccountId;
const T0 = new Date('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const hasher = new PasswordHasher(10);

let store: Store;
let signIn: SignIn;
let mfaDevice: boolean;
let validCode: string;

const fakeMfa: MfaVerifier = {
  hasDevice: async () => mfaDevice,
  verifyForOwner: async (_a, _u, code) => ({ result: code === validCode ? 'valid' : 'invalid' }),
};

beforeEach(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
  mfaDevice = false;
  validCode = '123456';
  const box = new SecretBox(randomBytes(32));
  signIn = new SignIn({
    store,
    hasher,
    box,
    sessions: new ConsoleSessions({ store, partition: 'aws' }),
    throttle: new LoginThrottle(throttleFigures()),
    mfa: fakeMfa,
    partition: 'aws',
  });
  const passwordHash = await hasher.hash('Old-Pass-1');
  await store.transaction(async (tx) => {
    await tx.accounts.create({ id: A, createdAt: T0 });
    await createUser(tx, A, 'ann');
    await tx.loginProfiles.create(A, 'ann', { passwordHash, at: T0 });
    await tx.passwordPolicies.put({
      accountId: A,
      minimumPasswordLength: 8,
      requireSymbols: false,
      requireNumbers: true,
      requireUppercaseCharacters: false,
      requireLowercaseCharacters: false,
      allowUsersToChangePassword: true,
      maxPasswordAge: 30,
    });
  });
});

const password = (now: Date, pw = 'Old-Pass-1', userName = 'ann') =>
  signIn.step({ kind: 'password', account: A, userName, password: pw }, '10.0.0.1', now);

const stateOf = (o: SignInOutcome): string => {
  if (o.kind !== 'next') throw new Error(`expected a next step, got ${JSON.stringify(o)}`);
  return o.state;
};

describe('SignIn', () => {
  it('signs in before expiry, and asks for a new password after MaxPasswordAge days', async () => {
    const before = await password(new Date(T0.getTime() + 29 * DAY));
    expect(before).toMatchObject({ kind: 'signed-in', principalArn: `arn:aws:iam::${A}:user/ann` });
    const later = new Date(T0.getTime() + 31 * DAY);
    const expired = await password(later);
    expect(expired).toMatchObject({ kind: 'next', next: 'change-password', reason: 'password-expired' });
    const state = stateOf(expired);
    expect(
      await signIn.step({ kind: 'change-password', state, newPassword: 'no-digits' }, 'ip', later),
    ).toMatchObject({
      kind: 'refused',
      error: 'PasswordPolicyViolation',
      rules: ['a number'],
    });
    // Reuse is not checked without PasswordReusePrevention, but the policy is.
    const done = await signIn.step(
      { kind: 'change-password', state, newPassword: 'New-Pass-2' },
      'ip',
      later,
    );
    expect(done).toMatchObject({ kind: 'signed-in', mfaAuthenticated: false });
    expect(await password(later, 'New-Pass-2')).toMatchObject({ kind: 'signed-in' });
    const profile = await store.read((r) => r.loginProfiles.get(A, 'ann'));
    expect(profile?.passwordChangedAt).toEqual(later);
    expect(profile?.passwordLastUsed).toEqual(later);
  });

  it('refuses an expired password under HardExpiry', async () => {
    await store.transaction(async (tx) => {
      const p = await tx.passwordPolicies.get(A);
      await tx.passwordPolicies.put({ ...p!, hardExpiry: true });
    });
    expect(await password(new Date(T0.getTime() + 31 * DAY))).toMatchObject({
      kind: 'refused',
      status: 403,
      error: 'PasswordExpired',
    });
  });

  it('asks for the MFA code, locks the code out after 5 wrong ones, and records the MFA time', async () => {
    mfaDevice = true;
    const now = new Date(T0.getTime() + DAY);
    const state = stateOf(await password(now));
    let t = now.getTime();
    for (let i = 0; i < 5; i++) {
      const o = await signIn.step({ kind: 'mfa', state, mfaCode: '000000' }, 'ip', new Date(t));
      expect(o).toMatchObject({ kind: 'refused', error: 'InvalidMfaCode' });
      t += 10_000; // past each doubling delay (1, 2, 4, 8 s)
    }
    const locked = await signIn.step({ kind: 'mfa', state, mfaCode: validCode }, 'ip', new Date(t));
    // Locked for 15 minutes from the fifth failure, 10 seconds ago.
    expect(locked).toMatchObject({ kind: 'refused', status: 429, retryAfterSeconds: 890 });
    // A fresh password step is needed after the lockout (the state token lives 5 minutes).
    t += 15 * 60_000;
    expect(await signIn.step({ kind: 'mfa', state, mfaCode: validCode }, 'ip', new Date(t))).toMatchObject({
      error: 'SignInExpired',
    });
    const fresh = stateOf(await password(new Date(t)));
    const done = await signIn.step({ kind: 'mfa', state: fresh, mfaCode: validCode }, 'ip', new Date(t));
    expect(done).toMatchObject({ kind: 'signed-in', mfaAuthenticated: true });
    if (done.kind !== 'signed-in') throw new Error('not signed in');
    const session = await new ConsoleSessions({ store, partition: 'aws' }).resolve(
      done.session.token,
      done.session.csrfToken,
      new Date(t + 1000),
    );
    expect(session).toMatchObject({
      userName: 'ann',
      session: { issuedAt: new Date(t), mfaAuthenticatedAt: new Date(t) },
    });
  });

  it('ends sessions after 12 hours', async () => {
    const done = await password(T0);
    if (done.kind !== 'signed-in') throw new Error('not signed in');
    const sessions = new ConsoleSessions({ store, partition: 'aws' });
    await expect(
      sessions.resolve(done.session.token, done.session.csrfToken, new Date(T0.getTime() + 12 * 3600_000)),
    ).rejects.toMatchObject({ code: 'ExpiredToken' });
  });
});
