/**
 * Console passwords through the AWS CLI, boto3 and the SDK v3: login profiles, the account
 * password policy and its enforcement (PasswordPolicyViolation, reuse, DeleteConflict),
 * ChangePassword with AllowUsersToChangePassword, and `portcullis root set-password` while the
 * server runs. The server hashes at a lowered scrypt cost (PORTCULLIS_SCRYPT_LOG_N=10).
 */
import {
  ChangePasswordCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  iamClient,
  type Keys,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';
import { setRootPassword } from './password-helpers.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer({ env: { PORTCULLIS_SCRYPT_LOG_N: '10' } });
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

const sdkError = async (p: Promise<unknown>): Promise<{ name?: string; message?: string } | undefined> => {
  try {
    await p;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  return undefined;
};

const ok = (r: { status: number | null; stderr: string }) => expect(r.status, r.stderr).toBe(0);

function userKey(name: string): Keys {
  const r = aws(server, ROOT_KEY, ['iam', 'create-access-key', '--user-name', name]);
  ok(r);
  const k = (r.json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

describe('login profiles and the default password rules', () => {
  it('creates, reads, updates and deletes a login profile; AWS errors and wording', async () => {
    ok(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', 'bob']));
    // No custom policy: AWS's default (8 characters, three of four classes).
    const weak = aws(server, ROOT_KEY, [
      'iam',
      'create-login-profile',
      '--user-name',
      'bob',
      '--password',
      'lowercaseonly',
    ]);
    expect(weak.errorCode).toBe('PasswordPolicyViolation');
    expect(weak.stderr).toContain('Password does not conform to the account password policy.');

    const created = aws(server, ROOT_KEY, [
      'iam',
      'create-login-profile',
      '--user-name',
      'bob',
      '--password',
      'Bob-pass-1234',
      '--password-reset-required',
    ]);
    ok(created);
    expect(created.json).toMatchObject({ LoginProfile: { UserName: 'bob', PasswordResetRequired: true } });
    expect(created.stdout).not.toContain('Bob-pass-1234');

    const again = boto3(
      server,
      ROOT_KEY,
      `iam.create_login_profile(UserName='bob', Password='Bob-pass-1234')\nprint(json.dumps({}))`,
    ).json;
    expect(again).toEqual({
      error: 'EntityAlreadyExists',
      message: 'Login Profile for user bob already exists.',
      status: 409,
    });
    const noUser = boto3(
      server,
      ROOT_KEY,
      `iam.create_login_profile(UserName='ghost', Password='Bob-pass-1234')\nprint(json.dumps({}))`,
    ).json;
    expect(noUser).toMatchObject({ error: 'NoSuchEntity', status: 404 });

    const sdk = iamClient(server, ROOT_KEY);
    const got = await sdk.send(new GetLoginProfileCommand({ UserName: 'bob' }));
    expect(got.LoginProfile).toMatchObject({ UserName: 'bob', PasswordResetRequired: true });
    expect(got.LoginProfile?.CreateDate).toBeInstanceOf(Date);
    ok(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', 'carol']));
    expect(await sdkError(sdk.send(new GetLoginProfileCommand({ UserName: 'carol' })))).toEqual({
      name: 'NoSuchEntityException',
      message: 'Login Profile for User carol cannot be found.',
    });

    await sdk.send(new UpdateLoginProfileCommand({ UserName: 'bob', PasswordResetRequired: false }));
    expect(
      (await sdk.send(new GetLoginProfileCommand({ UserName: 'bob' }))).LoginProfile?.PasswordResetRequired,
    ).toBe(false);
    expect(
      (await sdkError(sdk.send(new UpdateLoginProfileCommand({ UserName: 'bob', Password: 'short' }))))?.name,
    ).toBe('PasswordPolicyViolationException');
    const upd = boto3(
      server,
      ROOT_KEY,
      `iam.update_login_profile(UserName='carol', Password='Carol-pass-1234')\nprint(json.dumps({}))`,
    ).json;
    expect(upd).toEqual({
      error: 'NoSuchEntity',
      message: 'Login Profile for User carol cannot be found.',
      status: 404,
    });

    // DeleteUser refuses while the login profile exists.
    const conflict = boto3(server, ROOT_KEY, `iam.delete_user(UserName='bob')\nprint(json.dumps({}))`).json;
    expect(conflict).toEqual({
      error: 'DeleteConflict',
      message: 'Cannot delete entity, must delete login profile first.',
      status: 409,
    });
    ok(aws(server, ROOT_KEY, ['iam', 'delete-login-profile', '--user-name', 'bob']));
    expect(aws(server, ROOT_KEY, ['iam', 'delete-login-profile', '--user-name', 'bob']).errorCode).toBe(
      'NoSuchEntity',
    );
    ok(aws(server, ROOT_KEY, ['iam', 'delete-user', '--user-name', 'bob']));
  });
});

describe('the account password policy', () => {
  it('is absent, then set (a full replace), read through every client, enforced, and deleted', async () => {
    const none = aws(server, ROOT_KEY, ['iam', 'get-account-password-policy']);
    expect(none.errorCode).toBe('NoSuchEntity');
    expect(none.stderr).toContain(`The Password Policy with domain name ${ACCOUNT_ID} cannot be found.`);

    const sdk = iamClient(server, ROOT_KEY);
    expect(
      (await sdkError(sdk.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 }))))?.name,
    ).toBe('ValidationError');
    expect(
      (await sdkError(sdk.send(new UpdateAccountPasswordPolicyCommand({ PasswordReusePrevention: 25 }))))
        ?.name,
    ).toBe('ValidationError');
    expect(
      (await sdkError(sdk.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1096 }))))?.name,
    ).toBe('ValidationError');

    ok(
      aws(server, ROOT_KEY, [
        'iam',
        'update-account-password-policy',
        '--minimum-password-length',
        '12',
        '--require-symbols',
        '--require-numbers',
        '--max-password-age',
        '90',
        '--password-reuse-prevention',
        '2',
        '--hard-expiry',
      ]),
    );
    const got = await sdk.send(new GetAccountPasswordPolicyCommand({}));
    expect(got.PasswordPolicy).toEqual({
      MinimumPasswordLength: 12,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 2,
      HardExpiry: true,
    });

    // A full replace: what is left out returns to its default.
    const replaced = boto3(
      server,
      ROOT_KEY,
      `iam.update_account_password_policy(RequireUppercaseCharacters=True, AllowUsersToChangePassword=True, PasswordReusePrevention=2)
print(json.dumps(iam.get_account_password_policy()['PasswordPolicy']))`,
    ).json;
    expect(replaced).toEqual({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: false,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true,
      ExpirePasswords: false,
      PasswordReusePrevention: 2,
    });

    // Under the custom policy a 6-character password with an upper case letter passes.
    ok(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', 'dave']));
    expect(
      aws(server, ROOT_KEY, ['iam', 'create-login-profile', '--user-name', 'dave', '--password', 'nocaps'])
        .errorCode,
    ).toBe('PasswordPolicyViolation');
    ok(aws(server, ROOT_KEY, ['iam', 'create-login-profile', '--user-name', 'dave', '--password', 'Dave01']));

    // ChangePassword: allowed by AllowUsersToChangePassword alone (dave has no identity policy).
    const daveKey = userKey('dave');
    const dave = iamClient(server, daveKey);
    await dave.send(new ChangePasswordCommand({ OldPassword: 'Dave01', NewPassword: 'Dave02' }));
    // Dave may read the policy it must meet, too, and nothing else.
    expect(
      (await dave.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.MinimumPasswordLength,
    ).toBe(6);
    expect((await sdkError(dave.send(new GetLoginProfileCommand({ UserName: 'dave' }))))?.name).toBe(
      'AccessDenied',
    );
    // Reuse prevention 2: the current password and the one before it are refused.
    for (const reused of ['Dave02', 'Dave01']) {
      const e = await sdkError(
        dave.send(new ChangePasswordCommand({ OldPassword: 'Dave02', NewPassword: reused })),
      );
      expect(e).toEqual({
        name: 'PasswordPolicyViolationException',
        message: 'Password does not conform to the account password policy.',
      });
    }
    // A wrong old password.
    const wrong = await sdkError(
      dave.send(new ChangePasswordCommand({ OldPassword: 'Nope99', NewPassword: 'Dave03' })),
    );
    expect(wrong).toEqual({ name: 'AccessDenied', message: 'The old password is incorrect.' });
    // Policy violation on the new one.
    const weakNew = boto3(
      server,
      daveKey,
      `iam.change_password(OldPassword='Dave02', NewPassword='lowercase')\nprint(json.dumps({}))`,
    ).json;
    expect(weakNew).toMatchObject({ error: 'PasswordPolicyViolation', status: 400 });
    // Three back is allowed again.
    const cli = aws(server, daveKey, [
      'iam',
      'change-password',
      '--old-password',
      'Dave02',
      '--new-password',
      'Dave03',
    ]);
    ok(cli);
    await dave.send(new ChangePasswordCommand({ OldPassword: 'Dave03', NewPassword: 'Dave01' }));

    // The root user is not an IAM user.
    const rootChange = await sdkError(
      sdk.send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'Y1' })),
    );
    expect(rootChange?.name).toBe('InvalidUserTypeException');

    // Without AllowUsersToChangePassword, the user needs an identity policy.
    ok(aws(server, ROOT_KEY, ['iam', 'update-account-password-policy', '--minimum-password-length', '6']));
    expect(
      (
        await sdkError(
          dave.send(new ChangePasswordCommand({ OldPassword: 'Dave01', NewPassword: 'Dave04x' })),
        )
      )?.name,
    ).toBe('AccessDenied');

    ok(aws(server, ROOT_KEY, ['iam', 'delete-account-password-policy']));
    expect(aws(server, ROOT_KEY, ['iam', 'delete-account-password-policy']).errorCode).toBe('NoSuchEntity');
    expect(aws(server, ROOT_KEY, ['iam', 'get-account-password-policy']).errorCode).toBe('NoSuchEntity');
  });
});

describe('portcullis root set-password', () => {
  it('refuses a weak password and sets a good one while the server runs', () => {
    const weak = setRootPassword(server.dataDir, 'weakpassword');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('three of');
    const good = setRootPassword(server.dataDir, 'Root-Secret-Pass-42');
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain(`Root user password set for account ${ACCOUNT_ID}`);
    expect(good.stdout + good.stderr).not.toContain('Root-Secret-Pass-42');
    // The server sees it: the root's login profile exists.
    const got = aws(server, ROOT_KEY, ['iam', 'get-login-profile']);
    ok(got);
    expect(got.json).toMatchObject({ LoginProfile: { PasswordResetRequired: false } });
  });
});
