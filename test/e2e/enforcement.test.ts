/**
 * Authorization on every call, end to end: a user with no policy is denied, an attached policy
 * allows, an explicit deny wins, a permissions boundary caps. Runs once the IAM operations it
 * drives exist (they land separately in src/services/iam/).
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamOperations } from '../../src/services/iam/index.js';
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

const NEEDED = [
  'CreateUser',
  'CreateAccessKey',
  'CreatePolicy',
  'AttachUserPolicy',
  'PutUserPolicy',
  'DeleteUserPolicy',
  'PutUserPermissionsBoundary',
  'ListUsers',
];
const available = NEEDED.every((n) => iamOperations.some((op) => op.name === n));

const doc = (effect: 'Allow' | 'Deny', action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });

const ALICE = `arn:aws:iam::${ACCOUNT_ID}:user/alice`;
const denied = (reason: string) =>
  new RegExp(
    `^User: ${ALICE} is not authorized to perform: iam:ListUsers on resource: \\S+ ${reason} Encoded authorization failure message: [A-Za-z0-9_-]+$`,
  );
const NO_IDENTITY = 'because no identity-based policy allows the iam:ListUsers action';
const EXPLICIT = 'with an explicit deny in an identity-based policy';
const NO_BOUNDARY = 'because no permissions boundary allows the iam:ListUsers action';

describe.runIf(available)('authorization on every call', () => {
  let server: ServerProcess;
  let alice: Keys;
  const root = () => iamClient(server, ROOT_KEY);

  beforeAll(async () => {
    server = await startServer();
    await root().send(new CreateUserCommand({ UserName: 'alice' }));
    const key = await root().send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  }, 30_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    if (server) removeDir(server.dataDir);
  });

  it('a user with no policy is denied iam:ListUsers with AWS message (CLI, boto3, SDK)', async () => {
    const cli = aws(server, alice, ['iam', 'list-users']);
    expect(cli.errorCode).toBe('AccessDenied');
    expect(cli.stderr).toContain(`User: ${ALICE} is not authorized to perform: iam:ListUsers`);
    const py = boto3(server, alice, "print(json.dumps(iam.list_users()['Users']))");
    expect(py.json).toMatchObject({ error: 'AccessDenied', status: 403 });
    expect((py.json as { message: string }).message).toMatch(denied(NO_IDENTITY));
    await expect(iamClient(server, alice).send(new ListUsersCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(denied(NO_IDENTITY)),
    });
  });

  it('after AttachUserPolicy it is allowed', async () => {
    const policy = await root().send(
      new CreatePolicyCommand({ PolicyName: 'list-users', PolicyDocument: doc('Allow', 'iam:ListUsers') }),
    );
    await root().send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: policy.Policy!.Arn! }));
    const cli = aws(server, alice, ['iam', 'list-users']);
    expect(cli.stderr).toBe('');
    expect((cli.json as { Users: { UserName: string }[] }).Users.map((u) => u.UserName)).toEqual(['alice']);
    const py = boto3(server, alice, "print(json.dumps([u['UserName'] for u in iam.list_users()['Users']]))");
    expect(py.json).toEqual(['alice']);
    const out = await iamClient(server, alice).send(new ListUsersCommand({}));
    expect(out.Users?.map((u) => u.UserName)).toEqual(['alice']);
  });

  it('an explicit deny wins', async () => {
    await root().send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'no',
        PolicyDocument: doc('Deny', 'iam:List*'),
      }),
    );
    const py = boto3(server, alice, 'iam.list_users()');
    expect(py.json).toMatchObject({ error: 'AccessDenied' });
    expect((py.json as { message: string }).message).toMatch(denied(EXPLICIT));
    await root().send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'no' }));
    expect(aws(server, alice, ['iam', 'list-users']).stderr).toBe('');
  });

  it('a permissions boundary caps it', async () => {
    const boundary = await root().send(
      new CreatePolicyCommand({ PolicyName: 'only-get', PolicyDocument: doc('Allow', 'iam:GetUser') }),
    );
    await root().send(
      new PutUserPermissionsBoundaryCommand({
        UserName: 'alice',
        PermissionsBoundary: boundary.Policy!.Arn!,
      }),
    );
    await expect(iamClient(server, alice).send(new ListUsersCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(denied(NO_BOUNDARY)),
    });
    expect(aws(server, alice, ['iam', 'list-users']).errorCode).toBe('AccessDenied');
  });
});
