/**
 * STS end to end through @aws-sdk/client-sts, the aws CLI and boto3: every action and its errors,
 * trust-policy conditions, session policies, chaining, expired and tampered tokens, revocation,
 * deleted roles and AccessDenied message decoding. Cross-account chains live in sts-cross-account.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetUserCommand,
  type IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMasterKey, SecretBox } from '../../src/auth/secret-box.js';
import { sessionTokenCodec } from '../../src/auth/session-token.js';
import {
  ACCOUNT_ID,
  iamClient,
  isolatedAwsEnv,
  type Keys,
  ROOT_KEY,
  removeDir,
  runToExit,
  type ServerProcess,
  startServer,
} from './harness.js';
import { codeFor, settledStep } from './authenticator-app.js';
import { awsWith, iamWith, outcome, python, stsClient, type TempKeys, tempKeys } from './sts-helpers.js';

let server: ServerProcess;
let iam: IAMClient;
let alice: Keys;
let bob: Keys;

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: '*',
  ...extra,
});
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const trustAccount = (condition?: object) =>
  doc([
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
      ...(condition && { Condition: condition }),
    },
  ]);

async function newUser(name: string, policy?: string): Promise<Keys> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

async function newRole(
  name: string,
  trust: string,
  policy: string,
  maxSessionDuration?: number,
): Promise<void> {
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: trust,
      ...(maxSessionDuration && { MaxSessionDuration: maxSessionDuration }),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: policy }));
}

const assume = (
  keys: TempKeys,
  input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> & { RoleArn: string },
) => stsClient(server, keys).send(new AssumeRoleCommand({ RoleSessionName: 'session-1', ...input }));

const whoAmI = async (keys: TempKeys) => {
  const r = await stsClient(server, keys).send(new GetCallerIdentityCommand({}));
  return { UserId: r.UserId, Account: r.Account, Arn: r.Arn };
};

beforeAll(async () => {
  server = await startServer();
  iam = iamClient(server, ROOT_KEY);
  alice = await newUser(
    'alice',
    doc([
      allow([
        'sts:AssumeRole',
        'sts:TagSession',
        'sts:SetSourceIdentity',
        'sts:GetFederationToken',
        'sts:GetAccessKeyInfo',
        'sts:DecodeAuthorizationMessage',
        'iam:GetUser',
      ]),
    ]),
  );
  bob = await newUser('bob'); // no policy at all
  await newRole(
    'reader',
    trustAccount(),
    doc([allow(['iam:ListUsers', 'iam:ListRoles', 'sts:AssumeRole'])]),
    7200,
  );
  await iam.send(
    new TagRoleCommand({
      RoleName: 'reader',
      Tags: [
        { Key: 'team', Value: 'red' },
        { Key: 'tier', Value: 'gold' },
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

describe('GetCallerIdentity', () => {
  it('answers for the root, a user and a role session, even under an explicit deny', async () => {
    expect(await whoAmI(ROOT_KEY)).toEqual({
      UserId: ACCOUNT_ID,
      Account: ACCOUNT_ID,
      Arn: `arn:aws:iam::${ACCOUNT_ID}:root`,
    });
    const me = await whoAmI(bob);
    expect(me.Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/bob`);
    expect(me.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    const denied = await newUser('denied', doc([{ Effect: 'Deny', Action: '*', Resource: '*' }]));
    expect((await whoAmI(denied)).Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/denied`);
  });

  it('works through the aws CLI with temporary credentials', async () => {
    const r = await assume(alice, { RoleArn: roleArn('reader'), RoleSessionName: 'cli' });
    const out = awsWith(server, tempKeys(r.Credentials), ['sts', 'get-caller-identity']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.json).toMatchObject({
      Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/cli`,
      Account: ACCOUNT_ID,
    });
  });
});

describe('AssumeRole', () => {
  it('issues ASIA credentials whose calls act with the role permissions, in AWS formats', async () => {
    const r = await assume(alice, { RoleArn: roleArn('reader'), RoleSessionName: 'alice@example.com' });
    const c = r.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.SecretAccessKey).toHaveLength(40);
    expect(c.SessionToken!.length).toBeLessThan(400);
    const expiry = c.Expiration!.getTime() - Date.now();
    expect(expiry).toBeGreaterThan(3500_000);
    expect(expiry).toBeLessThanOrEqual(3600_000);
    expect(r.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/alice@example.com`);
    expect(r.AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:alice@example\.com$/);
    const keys = tempKeys(c);
    expect((await whoAmI(keys)).UserId).toBe(r.AssumedRoleUser!.AssumedRoleId);
    expect((await iamWith(server, keys).send(new ListUsersCommand({}))).Users!.length).toBeGreaterThan(0);
    const denied = await outcome(iamWith(server, keys).send(new CreateUserCommand({ UserName: 'nope' })));
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/alice@example.com is not authorized to perform: iam:CreateUser on resource: \\S+ because no identity-based policy allows the iam:CreateUser action Encoded authorization failure message: [A-Za-z0-9_-]+$`,
      ),
    );
  });

  it('refuses the root user, a caller without sts:AssumeRole, and a role that does not exist', async () => {
    expect(await outcome(assume(ROOT_KEY, { RoleArn: roleArn('reader') }))).toEqual({
      code: 'AccessDenied',
      message: 'Roles may not be assumed by root accounts.',
    });
    const noPerm = await outcome(assume(bob, { RoleArn: roleArn('reader') }));
    expect(noPerm.code).toBe('AccessDenied');
    expect(noPerm.message).toMatch(
      new RegExp(
        `^User: arn:aws:iam::${ACCOUNT_ID}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn('reader')} because no identity-based policy allows the sts:AssumeRole action`,
      ),
    );
    const missing = await outcome(assume(alice, { RoleArn: roleArn('ghost') }));
    expect(missing.code).toBe('AccessDenied');
    expect(missing.message).toContain(
      `is not authorized to perform: sts:AssumeRole on resource: ${roleArn('ghost')}`,
    );
  });

  it('checks DurationSeconds against MaxSessionDuration, the model range and the chaining cap', async () => {
    const ok = await assume(alice, { RoleArn: roleArn('reader'), DurationSeconds: 7200 });
    expect(ok.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(7100_000);
    expect(await outcome(assume(alice, { RoleArn: roleArn('reader'), DurationSeconds: 7201 }))).toEqual({
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    expect((await outcome(assume(alice, { RoleArn: roleArn('reader'), DurationSeconds: 899 }))).code).toBe(
      'ValidationError',
    );
    // reader may assume itself (its policy allows sts:AssumeRole and the trust names the account).
    const chained = tempKeys(ok.Credentials);
    expect(await outcome(assume(chained, { RoleArn: roleArn('reader'), DurationSeconds: 3601 }))).toEqual({
      code: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const again = await assume(chained, { RoleArn: roleArn('reader'), RoleSessionName: 'hop2' });
    expect(again.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/hop2`);
  });

  it('refuses session names outside [\\w+=,.@-]{2,64}', async () => {
    for (const name of ['a', 'bad name', 'x'.repeat(65), 'slash/no']) {
      const r = await outcome(assume(alice, { RoleArn: roleArn('reader'), RoleSessionName: name }));
      expect(r.code, name).toBe('ValidationError');
    }
    const cli = awsWith(server, alice, [
      'sts',
      'assume-role',
      '--role-arn',
      roleArn('reader'),
      '--role-session-name',
      'has space',
    ]);
    expect(cli.errorCode).toBe('ValidationError');
  });

  it('evaluates trust-policy conditions: ExternalId, RoleSessionName, request tags', async () => {
    await newRole(
      'guarded',
      trustAccount({
        StringEquals: { 'sts:ExternalId': 'xyz-123', 'aws:RequestTag/team': 'blue' },
        StringLike: { 'sts:RoleSessionName': 'ci-*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] },
      }),
      doc([allow('iam:ListRoles')]),
    );
    const base = {
      RoleArn: roleArn('guarded'),
      RoleSessionName: 'ci-42',
      ExternalId: 'xyz-123',
      Tags: [{ Key: 'team', Value: 'blue' }],
    };
    expect((await outcome(assume(alice, base))).code).toBe('ok');
    expect((await outcome(assume(alice, { ...base, ExternalId: 'wrong' }))).code).toBe('AccessDenied');
    expect((await outcome(assume(alice, { ...base, ExternalId: undefined }))).code).toBe('AccessDenied');
    expect((await outcome(assume(alice, { ...base, RoleSessionName: 'dev-42' }))).code).toBe('AccessDenied');
    expect((await outcome(assume(alice, { ...base, Tags: [{ Key: 'team', Value: 'red' }] }))).code).toBe(
      'AccessDenied',
    );
    expect(
      (
        await outcome(
          assume(alice, {
            ...base,
            Tags: [
              { Key: 'team', Value: 'blue' },
              { Key: 'owner', Value: 'x' },
            ],
          }),
        )
      ).code,
    ).toBe('AccessDenied');
    const denied = await outcome(assume(alice, { ...base, ExternalId: 'wrong' }));
    expect(denied.message).toContain('because no role trust policy allows the sts:AssumeRole action');
  });

  it('needs sts:TagSession to pass tags and sts:SetSourceIdentity to set a source identity', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'plain-trust',
        AssumeRolePolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
            Action: 'sts:AssumeRole',
          },
        ]),
      }),
    );
    expect((await outcome(assume(alice, { RoleArn: roleArn('plain-trust') }))).code).toBe('ok');
    const tags = await outcome(
      assume(alice, { RoleArn: roleArn('plain-trust'), Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    expect(tags.code).toBe('AccessDenied');
    expect(tags.message).toContain(
      `is not authorized to perform: sts:TagSession on resource: ${roleArn('plain-trust')} because no role trust policy allows the sts:TagSession action`,
    );
    const source = await outcome(assume(alice, { RoleArn: roleArn('plain-trust'), SourceIdentity: 'alice' }));
    expect(source.message).toContain('sts:SetSourceIdentity');
    // The trust allows tagging, but the caller's own policies must too (same account, trust names the account).
    const onlyAssume = await newUser('only-assume', doc([allow('sts:AssumeRole')]));
    const denied = await outcome(
      assume(onlyAssume, { RoleArn: roleArn('reader'), Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    expect(denied.message).toContain('because no identity-based policy allows the sts:TagSession action');
  });

  it('session tags become aws:PrincipalTag over the role tags, transitive tags carry on chaining', async () => {
    await newRole(
      'tagged',
      trustAccount(),
      doc([
        allow(['sts:AssumeRole', 'sts:TagSession']),
        allow('iam:ListUsers', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }),
        allow('iam:ListRoles', { Condition: { StringEquals: { 'aws:PrincipalTag/tier': 'gold' } } }),
      ]),
    );
    await iam.send(
      new TagRoleCommand({
        RoleName: 'tagged',
        Tags: [
          { Key: 'team', Value: 'red' },
          { Key: 'tier', Value: 'gold' },
        ],
      }),
    );
    const plain = tempKeys((await assume(alice, { RoleArn: roleArn('tagged') })).Credentials);
    expect((await outcome(iamWith(server, plain).send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    const r = await assume(alice, {
      RoleArn: roleArn('tagged'),
      Tags: [{ Key: 'team', Value: 'blue' }],
      TransitiveTagKeys: ['team'],
    });
    expect(r.PackedPolicySize).toBeGreaterThan(0);
    const tagged = tempKeys(r.Credentials);
    expect((await outcome(iamWith(server, tagged).send(new ListUsersCommand({})))).code).toBe('ok');
    expect((await outcome(iamWith(server, tagged).send(new ListRolesCommand({})))).code).toBe('ok');
    // Chained: the transitive tag comes along and may not be overridden.
    const hop = tempKeys(
      (await assume(tagged, { RoleArn: roleArn('tagged'), RoleSessionName: 'hop' })).Credentials,
    );
    expect((await outcome(iamWith(server, hop).send(new ListUsersCommand({})))).code).toBe('ok');
    const clash = await outcome(
      assume(tagged, { RoleArn: roleArn('tagged'), Tags: [{ Key: 'team', Value: 'green' }] }),
    );
    expect(clash.code).toBe('InvalidParameterValue');
    // Transitive keys must be among the tags; tag keys are unique without regard to case.
    expect(
      (await outcome(assume(alice, { RoleArn: roleArn('tagged'), TransitiveTagKeys: ['nope'] }))).code,
    ).toBe('InvalidParameterValue');
    const dup = await outcome(
      assume(alice, {
        RoleArn: roleArn('tagged'),
        Tags: [
          { Key: 'A', Value: '1' },
          { Key: 'a', Value: '2' },
        ],
      }),
    );
    expect(dup.code).toBe('InvalidParameterValue');
  });

  it('refuses packed policies and tags over the allotment with PackedPolicyTooLarge', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({
      Key: `k${i}${randomBytes(30).toString('hex')}`,
      Value: randomBytes(100).toString('hex'),
    }));
    const r = await outcome(assume(alice, { RoleArn: roleArn('reader'), Tags: tags }));
    expect(r.code).toBe('PackedPolicyTooLargeException'); // the SDK's name for the wire code PackedPolicyTooLarge
    expect(r.message).toMatch(/^Packed policy consumes \d+% of allotted space/);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({
      arn: `arn:aws:iam::${ACCOUNT_ID}:policy/p${i}`,
    }));
    expect((await outcome(assume(alice, { RoleArn: roleArn('reader'), PolicyArns: tooMany }))).code).toBe(
      'ValidationError',
    );
    // AssumeRole's Policy has no length limit in the model: its packed size decides.
    const resources = Array.from({ length: 80 }, () => `arn:aws:s3:::${randomBytes(40).toString('hex')}`);
    const big = await outcome(
      assume(alice, {
        RoleArn: roleArn('reader'),
        Policy: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }]),
      }),
    );
    expect(big.code).toBe('PackedPolicyTooLargeException');
    expect(
      (await outcome(assume(alice, { RoleArn: roleArn('reader'), Policy: '{"Version":"2012-10-17"' }))).code,
    ).toBe('MalformedPolicyDocumentException');
    // GetFederationToken's Policy is limited to 2,048 characters by the model.
    const fed = await outcome(
      stsClient(server, alice).send(
        new GetFederationTokenCommand({ Name: 'fed-big', Policy: ' '.repeat(2049) }),
      ),
    );
    expect(fed.code).toBe('ValidationError');
  });

  it('intersects session policies (inline and managed ARNs) with the role permissions', async () => {
    const r = await assume(alice, {
      RoleArn: roleArn('reader'),
      Policy: doc([allow(['iam:ListRoles', 'iam:CreateUser'])]),
    });
    const keys = tempKeys(r.Credentials);
    expect((await outcome(iamWith(server, keys).send(new ListRolesCommand({})))).code).toBe('ok');
    const users = await outcome(iamWith(server, keys).send(new ListUsersCommand({})));
    expect(users.code).toBe('AccessDenied');
    expect(users.message).toContain('because no session policy allows the iam:ListUsers action');
    // CreateUser is in the session policy but not the role's: denied by the identity gate.
    const create = await outcome(iamWith(server, keys).send(new CreateUserCommand({ UserName: 'sp' })));
    expect(create.message).toContain('because no identity-based policy allows the iam:CreateUser action');
    const managed = await assume(alice, {
      RoleArn: roleArn('reader'),
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }],
    });
    expect(
      (await outcome(iamWith(server, tempKeys(managed.Credentials)).send(new ListUsersCommand({})))).code,
    ).toBe('ok');
    const nothing = await assume(alice, {
      RoleArn: roleArn('reader'),
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AWSDenyAll' }],
    });
    expect(
      (await outcome(iamWith(server, tempKeys(nothing.Credentials)).send(new ListUsersCommand({})))).code,
    ).toBe('AccessDenied');
  });

  it('sets SourceIdentity once: it shows in aws:SourceIdentity and cannot change on chaining', async () => {
    await newRole(
      'sourced',
      trustAccount({ StringLike: { 'sts:SourceIdentity': 'alice*' } }),
      doc([
        allow('sts:AssumeRole'),
        allow('iam:ListUsers', { Condition: { StringEquals: { 'aws:SourceIdentity': 'alice' } } }),
      ]),
    );
    expect(
      (await outcome(assume(alice, { RoleArn: roleArn('sourced'), SourceIdentity: 'mallory' }))).code,
    ).toBe('AccessDenied');
    const r = await assume(alice, { RoleArn: roleArn('sourced'), SourceIdentity: 'alice' });
    expect(r.SourceIdentity).toBe('alice');
    const keys = tempKeys(r.Credentials);
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('ok');
    const hop = await assume(keys, { RoleArn: roleArn('sourced'), RoleSessionName: 'hop' });
    expect(hop.SourceIdentity).toBe('alice');
    expect(
      (await outcome(assume(keys, { RoleArn: roleArn('sourced'), SourceIdentity: 'alice2' }))).code,
    ).toBe('AccessDenied');
  });

  it('refuses a SerialNumber/TokenCode that matches no device', async () => {
    const r = await outcome(
      assume(alice, {
        RoleArn: roleArn('reader'),
        SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/alice`,
        TokenCode: '123456',
      }),
    );
    expect(r).toEqual({
      code: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    });
    expect((await outcome(assume(alice, { RoleArn: roleArn('reader'), TokenCode: '123456' }))).code).toBe(
      'ValidationError',
    );
  });
});

describe('MFA (virtual devices)', () => {
  /** A user with an enabled virtual device; returns its keys, serial number and the next usable step. */
  async function userWithDevice(name: string, policy: string) {
    const keys = await newUser(name, policy);
    const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
    const seed = Buffer.from(device.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    const serial = device.VirtualMFADevice!.SerialNumber!;
    const step = await settledStep(12_000);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: name,
        SerialNumber: serial,
        AuthenticationCode1: codeFor(seed, step - 1),
        AuthenticationCode2: codeFor(seed, step),
      }),
    );
    return { keys, serial, code: codeFor(seed, step + 1) };
  }

  it('GetSessionToken with a code gives credentials that carry MFA (IAM allowed, MultiFactorAuthPresent true); a replay fails', async () => {
    const u = await userWithDevice(
      'mfa-gst',
      doc([allow('iam:ListUsers', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]),
    );
    expect((await outcome(iamWith(server, u.keys).send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    const r = await stsClient(server, u.keys).send(
      new GetSessionTokenCommand({ SerialNumber: u.serial, TokenCode: u.code }),
    );
    const keys = tempKeys(r.Credentials);
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('ok');
    const replay = await outcome(
      stsClient(server, u.keys).send(
        new GetSessionTokenCommand({ SerialNumber: u.serial, TokenCode: u.code }),
      ),
    );
    expect(replay).toEqual({
      code: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    });
  }, 60_000);

  it('AssumeRole of an MFA-protected role needs SerialNumber and TokenCode', async () => {
    await newRole(
      'mfa-role',
      trustAccount({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      doc([allow('iam:ListRoles', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } } })]),
    );
    const u = await userWithDevice('mfa-ar', doc([allow('sts:AssumeRole')]));
    const without = await outcome(assume(u.keys, { RoleArn: roleArn('mfa-role') }));
    expect(without.code).toBe('AccessDenied');
    expect(without.message).toContain('because no role trust policy allows the sts:AssumeRole action');
    const r = await assume(u.keys, {
      RoleArn: roleArn('mfa-role'),
      SerialNumber: u.serial,
      TokenCode: u.code,
    });
    const keys = tempKeys(r.Credentials);
    expect((await outcome(iamWith(server, keys).send(new ListRolesCommand({})))).code).toBe('ok');
  }, 60_000);
});

describe('temporary credentials', () => {
  it('refuse a tampered token, a token for another key id and an ASIA key without a token', async () => {
    const c = (await assume(alice, { RoleArn: roleArn('reader') })).Credentials!;
    const keys = tempKeys(c);
    const raw = Buffer.from(c.SessionToken!, 'base64');
    raw[raw.length - 3]! ^= 0x10;
    const tampered = await outcome(whoAmI({ ...keys, sessionToken: raw.toString('base64') }));
    expect(tampered).toEqual({
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
    const other = (await assume(alice, { RoleArn: roleArn('reader') })).Credentials!;
    expect((await outcome(whoAmI({ ...keys, sessionToken: other.SessionToken }))).code).toBe(
      'InvalidClientTokenId',
    );
    expect(
      (await outcome(whoAmI({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey! }))).code,
    ).toBe('InvalidClientTokenId');
    expect((await outcome(whoAmI({ ...keys, secretAccessKey: 'x'.repeat(40) }))).code).toBe(
      'SignatureDoesNotMatch',
    );
    // The aws CLI with a tampered token
    const cli = awsWith(server, { ...keys, sessionToken: raw.toString('base64') }, [
      'sts',
      'get-caller-identity',
    ]);
    expect(cli.errorCode).toBe('InvalidClientTokenId');
  });

  it('refuse an expired token with ExpiredToken', async () => {
    // Seal a session that expired a minute ago with the server's own master key.
    const box = new SecretBox(decodeMasterKey(readFileSync(join(server.dataDir, 'master.key'))));
    const codec = sessionTokenCodec(box);
    const accessKeyId = codec.newAccessKeyId(ACCOUNT_ID);
    const secretAccessKey = randomBytes(30).toString('base64');
    const token = codec.seal({
      accountId: ACCOUNT_ID,
      kind: 'sessionUser',
      accessKeyId,
      secretAccessKey,
      userName: 'alice',
      issuedAt: new Date(Date.now() - 3600_000),
      expiresAt: new Date(Date.now() - 60_000),
    });
    expect(await outcome(whoAmI({ accessKeyId, secretAccessKey, sessionToken: token }))).toEqual({
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    const cli = awsWith(server, { accessKeyId, secretAccessKey, sessionToken: token }, [
      'sts',
      'get-caller-identity',
    ]);
    expect(cli.errorCode).toBe('ExpiredToken');
  });

  it('are accepted presigned (X-Amz-Security-Token in the query)', async () => {
    const c = (await assume(alice, { RoleArn: roleArn('reader'), RoleSessionName: 'presigned' }))
      .Credentials!;
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const url = new URL(server.url);
    const signer = new SignatureV4({
      service: 'sts',
      region: 'us-east-1',
      credentials: tempKeys(c),
      sha256: Sha256,
    });
    const req = await signer.presign({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: url.host },
    });
    const qs = new URLSearchParams(req.query as Record<string, string>).toString();
    expect(qs).toContain('X-Amz-Security-Token');
    const res = await fetch(`${server.url}/?${qs}`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toContain(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/presigned`);
  });

  it('of a deleted role get AccessDenied, also once a role of the same name is created again', async () => {
    await newRole('doomed', trustAccount(), doc([allow('iam:ListUsers')]));
    const keys = tempKeys((await assume(alice, { RoleArn: roleArn('doomed') })).Credentials);
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('ok');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'p' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    await newRole('doomed', trustAccount(), doc([allow('iam:ListUsers')]));
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('AccessDenied');
  });

  it('are revoked by `portcullis role revoke-sessions` while the server runs; later sessions work', async () => {
    await newRole('revocable', trustAccount(), doc([allow('iam:ListUsers')]));
    const old = tempKeys((await assume(alice, { RoleArn: roleArn('revocable') })).Credentials);
    expect((await outcome(iamWith(server, old).send(new ListUsersCommand({})))).code).toBe('ok');
    const run = runToExit([
      'role',
      'revoke-sessions',
      '--role-name',
      'revocable',
      '--data-dir',
      server.dataDir,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('AWSRevokeOlderSessions');
    const denied = await outcome(iamWith(server, old).send(new ListUsersCommand({})));
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toContain('with an explicit deny in an identity-based policy');
    const fresh = tempKeys((await assume(alice, { RoleArn: roleArn('revocable') })).Credentials);
    expect((await outcome(iamWith(server, fresh).send(new ListUsersCommand({})))).code).toBe('ok');
    const missing = runToExit([
      'role',
      'revoke-sessions',
      '--role-name',
      'nope',
      '--data-dir',
      server.dataDir,
    ]);
    expect(missing.status).toBe(1);
  });
});

describe('boto3', () => {
  it('assumes a role, calls IAM with the session, and gets AWS error codes', () => {
    const script = `
import json, boto3, botocore
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1})
def client(service, c):
    return boto3.client(service, endpoint_url=${JSON.stringify(server.url)}, region_name='us-east-1', config=cfg,
        aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c.get('SessionToken'))
def code(f):
    try:
        f()
        return 'ok'
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code']
me = {'AccessKeyId': ${JSON.stringify(alice.accessKeyId)}, 'SecretAccessKey': ${JSON.stringify(alice.secretAccessKey)}}
sts = client('sts', me)
r = sts.assume_role(RoleArn=${JSON.stringify(roleArn('reader'))}, RoleSessionName='boto', DurationSeconds=900)
session = client('iam', r['Credentials'])
out = {
  'arn': r['AssumedRoleUser']['Arn'],
  'who': client('sts', r['Credentials']).get_caller_identity()['Arn'],
  'users': len(session.list_users()['Users']) > 0,
  'create': code(lambda: session.create_user(UserName='boto-nope')),
  'badName': code(lambda: sts.assume_role(RoleArn=${JSON.stringify(roleArn('reader'))}, RoleSessionName='a b')),
  'tooLong': code(lambda: sts.assume_role(RoleArn=${JSON.stringify(roleArn('reader'))}, RoleSessionName='ok', DurationSeconds=7201)),
  'gst': client('sts', me).get_session_token(DurationSeconds=900)['Credentials']['AccessKeyId'][:4],
  'fed': client('sts', me).get_federation_token(Name='boto-fed')['FederatedUser']['Arn'],
  'info': sts.get_access_key_info(AccessKeyId=r['Credentials']['AccessKeyId'])['Account'],
  'decode': code(lambda: sts.decode_authorization_message(EncodedMessage='not-a-message')),
}
print(json.dumps(out))
`;
    const r = python(script, isolatedAwsEnv(alice));
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toEqual({
      arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/boto`,
      who: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/reader/boto`,
      users: true,
      create: 'AccessDenied',
      badName: 'ValidationError',
      tooLong: 'ValidationError',
      gst: 'ASIA',
      fed: `arn:aws:sts::${ACCOUNT_ID}:federated-user/boto-fed`,
      info: ACCOUNT_ID,
      decode: 'InvalidAuthorizationMessageException',
    });
  });
});

describe('GetSessionToken', () => {
  it('gives a user credentials that act as the user; IAM needs MFA; roles are refused', async () => {
    const r = await stsClient(server, alice).send(new GetSessionTokenCommand({ DurationSeconds: 1800 }));
    const keys = tempKeys(r.Credentials);
    expect(r.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(r.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(1700_000);
    expect((await whoAmI(keys)).Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/alice`);
    const iamCall = await outcome(iamWith(server, keys).send(new GetUserCommand({})));
    expect(iamCall).toEqual({
      code: 'AccessDenied',
      message:
        'Cannot call GetUser with session credentials unless MFA authentication information is included',
    });
    // The user's own sts permissions still apply to AssumeRole.
    expect((await outcome(assume(keys, { RoleArn: roleArn('reader') }))).code).toBe('ok');
    const again = await outcome(stsClient(server, keys).send(new GetSessionTokenCommand({})));
    expect(again.code).toBe('AccessDenied');
    const role = tempKeys((await assume(alice, { RoleArn: roleArn('reader') })).Credentials);
    expect((await outcome(stsClient(server, role).send(new GetSessionTokenCommand({})))).code).toBe(
      'AccessDenied',
    );
    // Needs no permission: bob has none.
    expect((await outcome(stsClient(server, bob).send(new GetSessionTokenCommand({})))).code).toBe('ok');
  });

  it('limits the range (900..129600) and the root to one hour; an MFA code without a device fails', async () => {
    expect(
      (await outcome(stsClient(server, alice).send(new GetSessionTokenCommand({ DurationSeconds: 129601 }))))
        .code,
    ).toBe('ValidationError');
    const root = await stsClient(server, ROOT_KEY).send(
      new GetSessionTokenCommand({ DurationSeconds: 7200 }),
    );
    expect(root.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    const rootKeys = tempKeys(root.Credentials);
    expect((await whoAmI(rootKeys)).Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:root`);
    const mfa = await outcome(
      stsClient(server, alice).send(
        new GetSessionTokenCommand({
          SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/alice`,
          TokenCode: '000000',
        }),
      ),
    );
    expect(mfa.code).toBe('AccessDenied');
    const cli = awsWith(server, alice, ['sts', 'get-session-token', '--duration-seconds', '900']);
    expect(cli.status, cli.stderr).toBe(0);
    expect((cli.json as { Credentials: { AccessKeyId: string } }).Credentials.AccessKeyId).toMatch(/^ASIA/);
  });
});

describe('GetFederationToken', () => {
  it('makes a federated user; needs sts:GetFederationToken; federated users call no IAM', async () => {
    const r = await stsClient(server, alice).send(
      new GetFederationTokenCommand({
        Name: 'fed-alice',
        Policy: doc([allow('iam:ListUsers')]),
        DurationSeconds: 900,
      }),
    );
    expect(r.FederatedUser).toEqual({
      FederatedUserId: `${ACCOUNT_ID}:fed-alice`,
      Arn: `arn:aws:sts::${ACCOUNT_ID}:federated-user/fed-alice`,
    });
    const keys = tempKeys(r.Credentials);
    expect(await whoAmI(keys)).toEqual({
      UserId: `${ACCOUNT_ID}:fed-alice`,
      Account: ACCOUNT_ID,
      Arn: `arn:aws:sts::${ACCOUNT_ID}:federated-user/fed-alice`,
    });
    expect((await outcome(iamWith(server, keys).send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    const noPerm = await outcome(
      stsClient(server, bob).send(new GetFederationTokenCommand({ Name: 'fed-bob' })),
    );
    expect(noPerm.code).toBe('AccessDenied');
    expect(noPerm.message).toContain(`on resource: arn:aws:sts::${ACCOUNT_ID}:federated-user/fed-bob`);
    const role = tempKeys((await assume(alice, { RoleArn: roleArn('reader') })).Credentials);
    expect(
      (await outcome(stsClient(server, role).send(new GetFederationTokenCommand({ Name: 'x1' })))).code,
    ).toBe('AccessDenied');
    expect(
      (await outcome(stsClient(server, alice).send(new GetFederationTokenCommand({ Name: 'bad name' }))))
        .code,
    ).toBe('ValidationError');
  });
});

describe('GetAccessKeyInfo', () => {
  it('answers the account of AKIA and ASIA keys', async () => {
    const client = stsClient(server, alice);
    expect(
      (await client.send(new GetAccessKeyInfoCommand({ AccessKeyId: ROOT_KEY.accessKeyId }))).Account,
    ).toBe(ACCOUNT_ID);
    const c = (await assume(alice, { RoleArn: roleArn('reader') })).Credentials!;
    expect((await client.send(new GetAccessKeyInfoCommand({ AccessKeyId: c.AccessKeyId! }))).Account).toBe(
      ACCOUNT_ID,
    );
    expect(
      (await outcome(client.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })))).code,
    ).toBe('InvalidParameterValue');
    expect(
      (
        await outcome(
          stsClient(server, bob).send(new GetAccessKeyInfoCommand({ AccessKeyId: c.AccessKeyId! })),
        )
      ).code,
    ).toBe('AccessDenied');
  });
});

describe('DecodeAuthorizationMessage', () => {
  it('turns the blob of an AccessDenied into the decision, the statements and the context', async () => {
    const denied = await outcome(iamWith(server, bob).send(new ListRolesCommand({})));
    const blob = /Encoded authorization failure message: ([A-Za-z0-9_-]+)$/.exec(denied.message)?.[1];
    expect(blob).toBeDefined();
    expect(blob!.length).toBeLessThan(4096);
    const r = await stsClient(server, alice).send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: blob! }),
    );
    const decoded = JSON.parse(r.DecodedMessage!);
    expect(decoded).toMatchObject({
      allowed: false,
      explicitDeny: false,
      deniedBy: 'identity',
      matchedStatements: { items: [] },
      context: {
        principal: { arn: `arn:aws:iam::${ACCOUNT_ID}:user/bob` },
        action: 'iam:ListRoles',
        resource: '*',
      },
    });
    expect(decoded.failures.items[0]).toContain(
      'because no identity-based policy allows the iam:ListRoles action',
    );
    const keys = decoded.context.conditions.items.map((i: { key: string }) => i.key);
    expect(keys).toContain('aws:principalarn');
    // An explicit deny names its statement.
    const deny = await newUser(
      'denier',
      doc([{ Sid: 'NoRoles', Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }]),
    );
    const d2 = await outcome(iamWith(server, deny).send(new ListRolesCommand({})));
    const blob2 = /message: ([A-Za-z0-9_-]+)$/.exec(d2.message)![1]!;
    const decoded2 = JSON.parse(
      (await stsClient(server, alice).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: blob2 })))
        .DecodedMessage!,
    );
    expect(decoded2.explicitDeny).toBe(true);
    expect(decoded2.matchedStatements.items[0]).toMatchObject({ statementId: 'NoRoles', effect: 'DENY' });
  });

  it('needs sts:DecodeAuthorizationMessage, and refuses altered blobs', async () => {
    const denied = await outcome(iamWith(server, bob).send(new ListRolesCommand({})));
    const blob = /message: ([A-Za-z0-9_-]+)$/.exec(denied.message)![1]!;
    expect(
      (
        await outcome(
          stsClient(server, bob).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: blob })),
        )
      ).code,
    ).toBe('AccessDenied');
    const altered = `${blob.slice(0, 10)}${blob[10] === 'A' ? 'B' : 'A'}${blob.slice(11)}`;
    expect(
      (
        await outcome(
          stsClient(server, alice).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: altered })),
        )
      ).code,
    ).toBe('InvalidAuthorizationMessageException');
    const cli = awsWith(server, alice, ['sts', 'decode-authorization-message', '--encoded-message', blob]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse((cli.json as { DecodedMessage: string }).DecodedMessage).context.action).toBe(
      'iam:ListRoles',
    );
  });
});
