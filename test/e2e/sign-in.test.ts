/**
 * Console sign-in end to end: root and IAM users, by account id and alias; a forced password
 * change; MFA with codes computed the way an authenticator app does; lockout and recovery;
 * sign-out; cookie-authenticated API calls that need the anti-CSRF header; a policy requiring
 * aws:MultiFactorAuthPresent; and no password in the data directory or the (debug) log.
 */
import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFor, settledStep } from './authenticator-app.js';
import {
  ACCOUNT_ID,
  aws,
  iamClient,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';
import { consoleCall, setRootPassword, signIn } from './password-helpers.js';

let server: ServerProcess;
const LOCKOUT_SECONDS = 2;

const PASSWORDS = {
  root: 'Root-Signin-Pass-77',
  erinFirst: 'Erin-Temp-Pass-11',
  erinNew: 'Erin-Chosen-Pass-22',
  frank: 'Frank-Pass-Word-33',
  gina: 'Gina-Pass-Word-44',
  hana: 'Hana-Pass-Word-55',
  wrong: 'Wrong-Pass-Word-99',
};

beforeAll(async () => {
  server = await startServer({
    env: {
      PORTCULLIS_SCRYPT_LOG_N: '10',
      PORTCULLIS_SIGNIN_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
      PORTCULLIS_LOG_LEVEL: 'debug',
    },
  });
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

const ok = (r: { status: number | null; stderr: string }) => expect(r.status, r.stderr).toBe(0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function createUserWithPassword(name: string, password: string, resetRequired = false) {
  ok(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', name]));
  ok(
    aws(server, ROOT_KEY, [
      'iam',
      'create-login-profile',
      '--user-name',
      name,
      '--password',
      password,
      ...(resetRequired ? ['--password-reset-required'] : []),
    ]),
  );
}

describe('sign-in for the root user', () => {
  it('signs in, calls the API with cookie + CSRF header only, and signs out server-side', async () => {
    ok(setRootPassword(server.dataDir, PASSWORDS.root));
    const res = await signIn(server, { accountId: ACCOUNT_ID, root: true, password: PASSWORDS.root });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      principalArn: `arn:aws:iam::${ACCOUNT_ID}:root`,
      mfaAuthenticated: false,
    });
    const csrf = res.body.csrfToken as string;
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(res.body.expiresAt as string);
    expect(expires - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(res.setCookie).toMatch(
      /^portcullis-session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43\d{3}; HttpOnly; SameSite=Strict$/,
    );
    expect(res.setCookie).not.toContain('Secure'); // plain HTTP on loopback

    const me = await consoleCall(server, { cookie: res.cookie, csrf }, { Action: 'GetUser' });
    expect(me.status, me.text).toBe(200);
    expect(me.text).toContain(`<Arn>arn:aws:iam::${ACCOUNT_ID}:root</Arn>`);
    expect(me.text).toMatch(/<PasswordLastUsed>20\d\d-/);

    // The cookie alone is refused (CSRF), so is a wrong header; no cookie is unauthenticated.
    expect((await consoleCall(server, { cookie: res.cookie }, { Action: 'GetUser' })).code).toBe(
      'AccessDenied',
    );
    expect(
      (await consoleCall(server, { cookie: res.cookie, csrf: 'x'.repeat(43) }, { Action: 'GetUser' })).code,
    ).toBe('AccessDenied');
    expect((await consoleCall(server, { csrf }, { Action: 'GetUser' })).code).toBe(
      'MissingAuthenticationToken',
    );

    // Sign-out needs the CSRF header too, then ends the session for good.
    expect((await signIn(server, {}, { path: '/signout', headers: { cookie: res.cookie! } })).status).toBe(
      403,
    );
    const out = await signIn(
      server,
      {},
      { path: '/signout', headers: { cookie: res.cookie!, 'x-portcullis-csrf': csrf } },
    );
    expect(out.status).toBe(200);
    expect(out.setCookie).toContain('Max-Age=0');
    const after = await consoleCall(server, { cookie: res.cookie, csrf }, { Action: 'GetUser' });
    expect(after).toMatchObject({ status: 403, code: 'ExpiredToken' });
  });

  it('refuses bad requests without revealing anything', async () => {
    const form = await fetch(`${server.url}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'accountId=1&root=true&password=x',
    });
    expect(form.status).toBe(415);
    expect((await signIn(server, 'not json')).status).toBe(400);
    expect((await signIn(server, { accountId: ACCOUNT_ID, password: 'x' })).body.error).toBe(
      'MalformedRequest',
    );
    const noAccount = await signIn(server, {
      accountId: '000000000000',
      root: true,
      password: PASSWORDS.root,
    });
    const wrong = await signIn(server, { accountId: ACCOUNT_ID, root: true, password: PASSWORDS.wrong });
    expect(noAccount.status).toBe(401);
    expect(noAccount.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({
      error: 'InvalidCredentials',
      message: 'The account, user name or password is incorrect.',
    });
    await sleep(LOCKOUT_SECONDS * 1000 + 100);
  });
});

describe('sign-in for IAM users', () => {
  it('forces a password change when PasswordResetRequired, by account alias', async () => {
    ok(aws(server, ROOT_KEY, ['iam', 'create-account-alias', '--account-alias', 'acme-signin']));
    createUserWithPassword('erin', PASSWORDS.erinFirst, true);
    const first = await signIn(server, {
      accountAlias: 'acme-signin',
      userName: 'erin',
      password: PASSWORDS.erinFirst,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ next: 'change-password', reason: 'password-reset-required' });
    expect(first.setCookie).toBeNull();
    const state = first.body.state as string;

    const weak = await signIn(server, { state, newPassword: 'weak' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      error: 'PasswordPolicyViolation',
      message: 'Password does not conform to the account password policy.',
    });
    expect(weak.body.rules).toContain('at least 8 characters');
    // A forged or altered state token is worthless.
    expect(
      (await signIn(server, { state: `${state.slice(0, -2)}AA`, newPassword: PASSWORDS.erinNew })).body.error,
    ).toBe('SignInExpired');

    const done = await signIn(server, { state, newPassword: PASSWORDS.erinNew });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.principalArn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/erin`);
    // The state token was for the old password: it cannot change it again.
    expect((await signIn(server, { state, newPassword: 'Another-Pass-55' })).body.error).toBe(
      'SignInExpired',
    );

    // The new password works, the old one does not; the login profile no longer requires a reset.
    expect(
      (await signIn(server, { accountId: ACCOUNT_ID, userName: 'erin', password: PASSWORDS.erinFirst }))
        .status,
    ).toBe(401);
    const again = await signIn(server, {
      accountId: ACCOUNT_ID,
      userName: 'ERIN',
      password: PASSWORDS.erinNew,
    });
    expect(again.status).toBe(200);
    expect(again.body.principalArn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/erin`);
    const profile = aws(server, ROOT_KEY, ['iam', 'get-login-profile', '--user-name', 'erin']);
    expect(profile.json).toMatchObject({ LoginProfile: { PasswordResetRequired: false } });
    const user = await iamClient(server, ROOT_KEY).send(new GetUserCommand({ UserName: 'erin' }));
    expect(user.User?.PasswordLastUsed).toBeInstanceOf(Date);
  });

  it('locks a user out after 5 failures, the same way whether or not it exists, and recovers', async () => {
    createUserWithPassword('frank', PASSWORDS.frank);
    const attempt = (userName: string, password: string) =>
      signIn(server, { accountId: ACCOUNT_ID, userName, password });
    for (let i = 0; i < 5; i++) {
      expect((await attempt('frank', PASSWORDS.wrong)).status).toBe(401);
      expect((await attempt('nobody-here', PASSWORDS.wrong)).status).toBe(401);
      await sleep(30); // past the (scaled) increasing delay, so each failure counts
    }
    const locked = await attempt('frank', PASSWORDS.frank);
    const lockedGhost = await attempt('nobody-here', PASSWORDS.frank);
    expect(locked.status).toBe(429);
    expect(lockedGhost.status).toBe(429);
    expect(locked.body.error).toBe('TooManyAttempts');
    const { retryAfterSeconds: _a, ...lockedBody } = locked.body;
    const { retryAfterSeconds: _b, ...ghostBody } = lockedGhost.body;
    expect(lockedBody).toEqual(ghostBody);
    expect(locked.body.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    await sleep(LOCKOUT_SECONDS * 1000 + 200);
    expect((await attempt('frank', PASSWORDS.frank)).status).toBe(200);
  });
});

describe('sign-in with MFA', () => {
  it('asks for the code, refuses wrong and replayed codes, and MultiFactorAuthPresent policies see it', async () => {
    createUserWithPassword('gina', PASSWORDS.gina);
    const sdk = iamClient(server, ROOT_KEY);
    const device = await sdk.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'gina-phone' }));
    const serial = device.VirtualMFADevice!.SerialNumber!;
    const seed = Buffer.from(device.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    const step = await settledStep(12_000);
    await sdk.send(
      new EnableMFADeviceCommand({
        UserName: 'gina',
        SerialNumber: serial,
        AuthenticationCode1: codeFor(seed, step - 1),
        AuthenticationCode2: codeFor(seed, step),
      }),
    );

    const first = await signIn(server, { accountId: ACCOUNT_ID, userName: 'gina', password: PASSWORDS.gina });
    expect(first.body).toMatchObject({ next: 'mfa' });
    expect(first.setCookie).toBeNull();
    const state = first.body.state as string;
    const wrong = await signIn(server, { state, mfaCode: codeFor(seed, step + 5) });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'InvalidMfaCode' } });
    // The code of the step the device accepted at EnableMFADevice is a replay.
    expect((await signIn(server, { state, mfaCode: codeFor(seed, step) })).status).toBe(401);
    await sleep(50);
    const code = codeFor(seed, step + 1);
    const done = await signIn(server, { state, mfaCode: code });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      principalArn: `arn:aws:iam::${ACCOUNT_ID}:user/gina`,
      mfaAuthenticated: true,
    });
    // Replaying the accepted code in another sign-in fails.
    const second = await signIn(server, {
      accountId: ACCOUNT_ID,
      userName: 'gina',
      password: PASSWORDS.gina,
    });
    expect((await signIn(server, { state: second.body.state, mfaCode: code })).status).toBe(401);

    // A policy that allows ListUsers only with MFA: gina's session (MFA) passes, erin's does not.
    const mfaOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:ListUsers',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    });
    for (const user of ['gina', 'erin']) {
      ok(
        aws(server, ROOT_KEY, [
          'iam',
          'put-user-policy',
          '--user-name',
          user,
          '--policy-name',
          'mfa-only',
          '--policy-document',
          mfaOnly,
        ]),
      );
    }
    const gina = { cookie: done.cookie, csrf: done.body.csrfToken as string };
    const listed = await consoleCall(server, gina, { Action: 'ListUsers' });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.text).toContain('<UserName>erin</UserName>');

    const erinSession = await signIn(server, {
      accountId: ACCOUNT_ID,
      userName: 'erin',
      password: PASSWORDS.erinNew,
    });
    expect(erinSession.body.mfaAuthenticated).toBe(false);
    const denied = await consoleCall(
      server,
      { cookie: erinSession.cookie, csrf: erinSession.body.csrfToken as string },
      { Action: 'ListUsers' },
    );
    expect(denied.code).toBe('AccessDenied');
    expect(denied.text).toContain(
      `arn:aws:iam::${ACCOUNT_ID}:user/erin is not authorized to perform: iam:ListUsers`,
    );
  }, 60_000);
});

describe('the audit trail', () => {
  it('records a ConsoleLogin event for a refused and for a successful sign-in, without the password', async () => {
    createUserWithPassword('hana', PASSWORDS.hana);
    const refused = await signIn(server, {
      accountId: ACCOUNT_ID,
      userName: 'hana',
      password: PASSWORDS.wrong,
    });
    expect(refused.status).toBe(401);
    const res = await signIn(server, { accountId: ACCOUNT_ID, userName: 'hana', password: PASSWORDS.hana });
    expect(res.status).toBe(200);
    await sleep(300); // events other than mutations are written in batches
    const r = aws(server, ROOT_KEY, [
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=ConsoleLogin',
    ]);
    ok(r);
    const records = (JSON.parse(r.stdout) as { Events: { CloudTrailEvent: string }[] }).Events.map(
      (e) => JSON.parse(e.CloudTrailEvent) as Record<string, unknown>,
    );
    const success = records.find(
      (e) => (e.userIdentity as { userName?: string }).userName === 'hana' && !('errorCode' in e),
    );
    expect(success).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      eventType: 'AwsConsoleSignIn',
      recipientAccountId: ACCOUNT_ID,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT_ID}:user/hana` },
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No' },
    });
    const failure = records.find((e) => e.errorCode === 'InvalidCredentials');
    expect(failure).toMatchObject({
      eventType: 'AwsConsoleSignIn',
      recipientAccountId: ACCOUNT_ID,
      userIdentity: { type: 'Unknown' },
      responseElements: { ConsoleLogin: 'Failure' },
    });
    expect(r.stdout).not.toContain(PASSWORDS.hana);
    expect(r.stdout).not.toContain(PASSWORDS.wrong);
  });
});

describe('no password at rest or in the log', () => {
  it('finds no password in any file of the data directory but master.key and credentials, nor in the debug log', () => {
    const files = readdirSync(server.dataDir).filter((n) => n !== 'master.key' && n !== 'credentials');
    expect(files).toContain('portcullis.db');
    expect(files.some((n) => n.endsWith('-wal'))).toBe(true);
    for (const name of files) {
      const bytes = readFileSync(join(server.dataDir, name));
      for (const password of Object.values(PASSWORDS)) {
        expect(bytes.includes(Buffer.from(password, 'utf8')), `${password} in ${name}`).toBe(false);
        expect(bytes.includes(Buffer.from(password, 'utf16le')), `${password} in ${name}`).toBe(false);
      }
    }
    const log = server.stderr() + server.stdout();
    expect(log).toContain('"level":20'); // debug lines were written
    for (const password of Object.values(PASSWORDS)) expect(log).not.toContain(password);
  });
});
