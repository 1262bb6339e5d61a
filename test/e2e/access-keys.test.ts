/**
 * Access keys end to end: the root key creates a user and a key through the AWS CLI, and the new
 * key then signs real requests through boto3 and @aws-sdk/client-iam, through a rotation
 * (second key, deactivate the first, delete it).
 */
import {
  CreateAccessKeyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  iamClient,
  type Keys,
  REGION,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer();
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

interface CliKey {
  AccessKey: { UserName: string; AccessKeyId: string; SecretAccessKey: string; Status: string };
}

const keysOf = (k: CliKey['AccessKey']): Keys => ({
  accessKeyId: k.AccessKeyId,
  secretAccessKey: k.SecretAccessKey,
});

/** GetUser for itself through boto3: the user name, or the error code. */
const botoWhoAmI = (keys: Keys) =>
  boto3(
    server,
    keys,
    `
r = iam.get_user()
print(json.dumps({'name': r['User']['UserName']}))
`,
  ).json as { name?: string; error?: string };

const sdkError = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
  } catch (e) {
    return (e as { name?: string }).name;
  }
  return undefined;
};

// Self-service: any user may read itself and manage its own keys (AWS's documented policy).
const selfService = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
  ],
});

describe('access keys through the AWS CLI, boto3 and the SDK v3', () => {
  it('a new key signs requests; rotation; inactive and deleted keys authenticate nothing', async () => {
    expect(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', 'rotator']).status).toBe(0);
    const created = aws(server, ROOT_KEY, ['iam', 'create-access-key', '--user-name', 'rotator']);
    expect(created.status, created.stderr).toBe(0);
    const first = (created.json as CliKey).AccessKey;
    expect(first).toMatchObject({ UserName: 'rotator', Status: 'Active' });
    expect(first.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(first.SecretAccessKey).toHaveLength(40);
    const key1 = keysOf(first);

    // Authenticated, but no policy yet: denied, not unknown.
    expect(botoWhoAmI(key1)).toMatchObject({ error: 'AccessDenied' });
    const put = aws(server, ROOT_KEY, [
      'iam',
      'put-user-policy',
      '--user-name',
      'rotator',
      '--policy-name',
      'self-service',
      '--policy-document',
      selfService,
    ]);
    expect(put.status, put.stderr).toBe(0);

    expect(botoWhoAmI(key1)).toEqual({ name: 'rotator' });
    const sdk1 = iamClient(server, key1);
    expect((await sdk1.send(new GetUserCommand({}))).User?.Arn).toBe(
      `arn:aws:iam::${ACCOUNT_ID}:user/rotator`,
    );

    // Rotation, by the user itself (no UserName: the caller's own keys, authorized on its ARN).
    const second = (await sdk1.send(new CreateAccessKeyCommand({}))).AccessKey!;
    expect(second.UserName).toBe('rotator');
    const key2: Keys = { accessKeyId: second.AccessKeyId!, secretAccessKey: second.SecretAccessKey! };
    expect(botoWhoAmI(key2)).toEqual({ name: 'rotator' });
    // Both keys work until the switch is complete.
    expect(botoWhoAmI(key1)).toEqual({ name: 'rotator' });

    const sdk2 = iamClient(server, key2);
    await sdk2.send(new UpdateAccessKeyCommand({ AccessKeyId: key1.accessKeyId, Status: 'Inactive' }));
    expect(botoWhoAmI(key1)).toMatchObject({ error: 'InvalidClientTokenId' });
    expect(await sdkError(sdk1.send(new GetUserCommand({})))).toBe('InvalidClientTokenId');
    expect(aws(server, key1, ['iam', 'get-user']).errorCode).toBe('InvalidClientTokenId');
    expect((await sdk2.send(new GetUserCommand({}))).User?.UserName).toBe('rotator');

    const listed = await sdk2.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual([
      [key1.accessKeyId, 'Inactive'],
      [key2.accessKeyId, 'Active'],
    ]);
    expect(JSON.stringify(listed)).not.toContain(key1.secretAccessKey);
    expect(JSON.stringify(listed)).not.toContain('SecretAccessKey');

    // A third key: the quota.
    const third = boto3(server, key2, `iam.create_access_key()\nprint(json.dumps({}))`).json;
    expect(third).toMatchObject({
      error: 'LimitExceeded',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      status: 409,
    });

    const del = boto3(
      server,
      key2,
      `iam.delete_access_key(AccessKeyId=${JSON.stringify(key1.accessKeyId)})\nprint(json.dumps({'ok': True}))`,
    );
    expect(del.json).toEqual({ ok: true });
    expect(botoWhoAmI(key1)).toMatchObject({ error: 'InvalidClientTokenId' });
    expect(await sdkError(sdk1.send(new GetUserCommand({})))).toBe('InvalidClientTokenId');
    expect(botoWhoAmI(key2)).toEqual({ name: 'rotator' });

    const listedByCli = aws(server, ROOT_KEY, ['iam', 'list-access-keys', '--user-name', 'rotator']);
    expect((listedByCli.json as { AccessKeyMetadata: { AccessKeyId: string }[] }).AccessKeyMetadata).toEqual([
      expect.objectContaining({ AccessKeyId: key2.accessKeyId, Status: 'Active', UserName: 'rotator' }),
    ]);

    // No file of the data directory but the operator's credentials file holds a secret in plain text.
    for (const name of readdirSync(server.dataDir)) {
      if (name === 'master.key' || name === 'credentials') continue;
      const bytes = readFileSync(join(server.dataDir, name));
      for (const secret of [key1.secretAccessKey, key2.secretAccessKey]) {
        expect(bytes.includes(Buffer.from(secret)), `${name} holds a secret`).toBe(false);
      }
    }
  }, 120_000);

  it('GetAccessKeyLastUsed reports real use; errors carry AWS codes; DeleteUser waits for the keys', async () => {
    expect(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', 'tracked']).status).toBe(0);
    const created = aws(server, ROOT_KEY, ['iam', 'create-access-key', '--user-name', 'tracked']);
    const key = keysOf((created.json as CliKey).AccessKey);

    const before = aws(server, ROOT_KEY, [
      'iam',
      'get-access-key-last-used',
      '--access-key-id',
      key.accessKeyId,
    ]);
    expect(before.json).toEqual({
      UserName: 'tracked',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });

    // Any signed request counts as use, even a denied one.
    expect(botoWhoAmI(key)).toMatchObject({ error: 'AccessDenied' });
    let after: { UserName: string; AccessKeyLastUsed: Record<string, unknown> } | undefined;
    for (let i = 0; i < 50; i++) {
      const r = aws(server, ROOT_KEY, [
        'iam',
        'get-access-key-last-used',
        '--access-key-id',
        key.accessKeyId,
      ]);
      after = r.json as typeof after;
      if (after?.AccessKeyLastUsed.LastUsedDate !== undefined) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(after?.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: REGION });
    expect(Date.parse(String(after?.AccessKeyLastUsed.LastUsedDate))).toBeGreaterThan(Date.now() - 120_000);

    const sdk = iamClient(server, ROOT_KEY);
    expect(await sdkError(sdk.send(new CreateAccessKeyCommand({ UserName: 'nobody' })))).toBe(
      'NoSuchEntityException',
    );
    const missing = aws(server, ROOT_KEY, [
      'iam',
      'delete-access-key',
      '--user-name',
      'tracked',
      '--access-key-id',
      'AKIAAAAAAAAAAAAAAAAA',
    ]);
    expect(missing.errorCode).toBe('NoSuchEntity');
    expect(missing.stderr).toContain('The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.');

    const conflict = aws(server, ROOT_KEY, ['iam', 'delete-user', '--user-name', 'tracked']);
    expect(conflict.errorCode).toBe('DeleteConflict');
    expect(conflict.stderr).toContain('must delete access keys first');
    const deleted = aws(server, ROOT_KEY, [
      'iam',
      'delete-access-key',
      '--user-name',
      'tracked',
      '--access-key-id',
      key.accessKeyId,
    ]);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(aws(server, ROOT_KEY, ['iam', 'delete-user', '--user-name', 'tracked']).status).toBe(0);
  }, 120_000);
});
