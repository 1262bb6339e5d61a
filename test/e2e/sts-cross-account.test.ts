/**
 * Cross-account roles: `portcullis account create` adds account B beside the running server; a user
 * of account A assumes B's role (both sides' policies apply) and chains to a second role of B; the
 * aws CLI and boto3 do the same from a shared-config profile (role_arn + source_profile) whose
 * endpoint comes from `endpoint_url` in the profile or from AWS_ENDPOINT_URL.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  iamClient,
  type Keys,
  REGION,
  ROOT_KEY,
  removeDir,
  runToExit,
  type ServerProcess,
  startServer,
} from './harness.js';
import { iamWith, outcome, python, runAws, stsClient, type TempKeys, tempKeys } from './sts-helpers.js';

const B = '210987654321';
let server: ServerProcess;
let iamA: IAMClient;
let iamB: IAMClient;
let rootB: Keys;
let alice: Keys;
let carol: Keys;

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const roleB = (name: string) => `arn:aws:iam::${B}:role/${name}`;

async function user(name: string, policy?: string): Promise<Keys> {
  await iamA.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iamA.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const k = (await iamA.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

async function role(
  name: string,
  trustedPrincipal: string,
  actions: string[],
  resource = '*',
): Promise<void> {
  await iamB.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: doc([
        { Effect: 'Allow', Principal: { AWS: trustedPrincipal }, Action: 'sts:AssumeRole' },
      ]),
    }),
  );
  await iamB.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'p',
      PolicyDocument: doc([{ Effect: 'Allow', Action: actions, Resource: resource }]),
    }),
  );
}

const assume = (keys: TempKeys, roleArn: string, extra: object = {}) =>
  stsClient(server, keys).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x-acct', ...extra }),
  );

function profileValue(text: string, profile: string, key: string): string | undefined {
  const section = text.split(/^\[/m).find((s) => s.startsWith(`${profile}]`));
  return section && new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm').exec(section)?.[1];
}

beforeAll(async () => {
  server = await startServer();
  iamA = iamClient(server, ROOT_KEY);
  const created = runToExit([
    'account',
    'create',
    '--id',
    B,
    '--alias',
    'account-b',
    '--data-dir',
    server.dataDir,
  ]);
  expect(created.status, created.stderr).toBe(0);
  const credentials = readFileSync(join(server.dataDir, 'credentials'), 'utf8');
  rootB = {
    accessKeyId: profileValue(credentials, `portcullis-${B}`, 'aws_access_key_id')!,
    secretAccessKey: profileValue(credentials, `portcullis-${B}`, 'aws_secret_access_key')!,
  };
  iamB = iamClient(server, rootB);
  await role('shared', `arn:aws:iam::${ACCOUNT_ID}:root`, ['iam:ListRoles', 'sts:AssumeRole']);
  await role('chained', roleB('shared'), ['iam:ListUsers']);
  await role('closed', 'arn:aws:iam::333333333333:root', ['iam:ListRoles']);
  alice = await user(
    'alice',
    doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/*` }]),
  );
  carol = await user('carol');
}, 60_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

describe('portcullis account create', () => {
  it('adds the account while the server runs and writes its root key as a 0600 profile', async () => {
    const path = join(server.dataDir, 'credentials');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('[portcullis]');
    expect(text).toContain(`[portcullis-${B}]`);
    expect(rootB.accessKeyId).toMatch(/^AKIA/);
    const me = await stsClient(server, rootB).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:iam::${B}:root`);
    const again = runToExit(['account', 'create', '--id', B, '--data-dir', server.dataDir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(runToExit(['account', 'create', '--id', '12', '--data-dir', server.dataDir]).status).toBe(1);
  });
});

describe('AssumeRole across accounts', () => {
  it('needs both the trust policy of B and the identity policy in A, then acts in B', async () => {
    const r = await assume(alice, roleB('shared'));
    expect(r.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${B}:assumed-role/shared/x-acct`);
    const keys = tempKeys(r.Credentials);
    const me = await stsClient(server, keys).send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(B);
    const roles = await iamWith(server, keys).send(new ListRolesCommand({}));
    expect(roles.Roles!.map((x) => x.RoleName).sort()).toEqual(['chained', 'closed', 'shared']);
    // Trust names account A, but carol's own policies do not allow sts:AssumeRole.
    const noIdentity = await outcome(assume(carol, roleB('shared')));
    expect(noIdentity.code).toBe('AccessDenied');
    expect(noIdentity.message).toContain('because no identity-based policy allows the sts:AssumeRole action');
    // alice's policy allows it, but B's trust does not name account A.
    const noTrust = await outcome(assume(alice, roleB('closed')));
    expect(noTrust.code).toBe('AccessDenied');
    expect(noTrust.message).toContain('because no role trust policy allows the sts:AssumeRole action');
  });

  it('chains A user -> B role -> B role with the one-hour cap', async () => {
    const first = tempKeys((await assume(alice, roleB('shared'))).Credentials);
    expect((await outcome(assume(first, roleB('chained'), { DurationSeconds: 3601 }))).code).toBe(
      'ValidationError',
    );
    const second = await assume(first, roleB('chained'), { RoleSessionName: 'hop' });
    expect(second.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${B}:assumed-role/chained/hop`);
    const keys = tempKeys(second.Credentials);
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('ok');
    expect((await outcome(iamWith(server, keys).send(new ListRolesCommand({})))).code).toBe('AccessDenied');
    // alice cannot skip the chain: chained trusts only B's shared role.
    expect((await outcome(assume(alice, roleB('chained')))).code).toBe('AccessDenied');
  });
});

describe('shared-config profiles with role_arn + source_profile', () => {
  const profileDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-profile-'));
    writeFileSync(
      join(dir, 'credentials'),
      `[src]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n`,
    );
    return dir;
  };
  const env = (dir: string, extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
    ...extra,
  });

  it('endpoint_url in the profile: the aws CLI and boto3 assume the role and call IAM', () => {
    const dir = profileDir();
    writeFileSync(
      join(dir, 'config'),
      `[profile src]\nregion = ${REGION}\n\n` +
        `[profile xacct]\nregion = ${REGION}\nrole_arn = ${roleB('shared')}\nsource_profile = src\nrole_session_name = from-profile\nendpoint_url = ${server.url}\n`,
    );
    const cli = runAws(['--profile', 'xacct', '--output', 'json', 'sts', 'get-caller-identity'], env(dir));
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.json).toMatchObject({ Arn: `arn:aws:sts::${B}:assumed-role/shared/from-profile` });
    const roles = runAws(['--profile', 'xacct', '--output', 'json', 'iam', 'list-roles'], env(dir));
    expect(roles.status, roles.stderr).toBe(0);
    expect((roles.json as { Roles: { RoleName: string }[] }).Roles.map((r) => r.RoleName)).toContain(
      'shared',
    );
    const boto = python(
      `import json, boto3\ns = boto3.Session(profile_name='xacct')\nprint(json.dumps({'arn': s.client('sts').get_caller_identity()['Arn'], 'roles': [r['RoleName'] for r in s.client('iam').list_roles()['Roles']]}))`,
      env(dir),
    );
    expect(boto.status, boto.stderr).toBe(0);
    expect(boto.json).toEqual({
      arn: `arn:aws:sts::${B}:assumed-role/shared/from-profile`,
      roles: ['chained', 'closed', 'shared'],
    });
    removeDir(dir);
  });

  it('AWS_ENDPOINT_URL: the aws CLI and boto3 assume the role and call IAM', () => {
    const dir = profileDir();
    writeFileSync(
      join(dir, 'config'),
      `[profile xacct]\nregion = ${REGION}\nrole_arn = ${roleB('shared')}\nsource_profile = src\nrole_session_name = from-env\n`,
    );
    const e = env(dir, { AWS_ENDPOINT_URL: server.url });
    const roles = runAws(['--profile', 'xacct', '--output', 'json', 'iam', 'list-roles'], e);
    expect(roles.status, roles.stderr).toBe(0);
    expect((roles.json as { Roles: { RoleName: string }[] }).Roles.map((r) => r.RoleName)).toContain(
      'closed',
    );
    const boto = python(
      `import json, boto3\ns = boto3.Session(profile_name='xacct')\nprint(json.dumps({'arn': s.client('sts').get_caller_identity()['Arn'], 'n': len(s.client('iam').list_roles()['Roles'])}))`,
      e,
    );
    expect(boto.status, boto.stderr).toBe(0);
    expect(boto.json).toEqual({ arn: `arn:aws:sts::${B}:assumed-role/shared/from-env`, n: 3 });
    removeDir(dir);
  });
});
