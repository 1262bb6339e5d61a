/**
 * Authorization of temporary credentials: role sessions (role policies, boundary, session policies,
 * session tags over role tags, aws:SourceIdentity, a re-created role), federated users (the user's
 * policies intersected with the session policy), GetSessionToken users, and what AWS refuses to
 * session credentials whatever the policies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, RoleId, UserId } from '../../src/domain/ids.js';
import { type AuthorizationRequest, Authorizer } from '../../src/services/authorize.js';
import type { Caller, CallerSession } from '../../src/services/operation-context.js';
import { sessionRestriction } from '../../src/services/session-restrictions.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const ACCOUNT = '111122223333' as AccountId;
const NOW = new Date('2026-03-04T05:06:07Z');
const ROLE_ID = 'AROAROLE0000000000001';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: '*',
  ...extra,
});

let store: Store;

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  await store.transaction(async (tx) => {
    await tx.accounts.create({ id: ACCOUNT, createdAt: NOW });
    await tx.roles.create(ACCOUNT, {
      id: ROLE_ID as RoleId,
      name: 'R',
      path: '/',
      createDate: NOW,
      assumeRolePolicyDocument: doc([]),
      maxSessionDuration: 3600,
    });
    await tx.inlinePolicies.put(
      ACCOUNT,
      { kind: 'role', name: 'R' },
      'p',
      doc([
        allow(['s3:GetObject', 's3:PutObject']),
        allow('s3:ListBucket', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }),
        allow('s3:DeleteObject', { Condition: { StringEquals: { 'aws:SourceIdentity': 'alice' } } }),
        allow('s3:GetBucketPolicy', { Condition: { StringEquals: { 'aws:userid': `${ROLE_ID}:sess` } } }),
        allow('s3:GetBucketAcl', { Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } } }),
      ]),
    );
    await tx.tags.put(ACCOUNT, 'role', ROLE_ID, [{ key: 'team', value: 'red' }]);
    await tx.users.create(ACCOUNT, {
      id: 'AIDABOB00000000000001' as UserId,
      name: 'bob',
      path: '/',
      createDate: NOW,
    });
    await tx.inlinePolicies.put(
      ACCOUNT,
      { kind: 'user', name: 'bob' },
      'p',
      doc([allow(['s3:GetObject', 's3:PutObject'])]),
    );
  });
});
afterAll(() => store.close());

const roleSession = (session: Partial<CallerSession> = {}, roleId = ROLE_ID): Caller => ({
  accountId: ACCOUNT,
  principal: {
    type: 'assumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/R/sess`,
    account: ACCOUNT,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
  },
  principalId: `${roleId}:sess`,
  accessKeyId: `ASIA${Math.random().toString(36).slice(2, 18).toUpperCase()}`,
  session: {
    kind: 'assumedRole',
    issuedAt: NOW,
    role: { id: roleId, name: 'R', arn: `arn:aws:iam::${ACCOUNT}:role/R` },
    sessionName: 'sess',
    ...session,
  },
});

const federated = (policies: CallerSession['policies'], userName?: string): Caller => ({
  accountId: ACCOUNT,
  principal: { type: 'federatedUser', arn: `arn:aws:sts::${ACCOUNT}:federated-user/fed`, account: ACCOUNT },
  principalId: `${ACCOUNT}:fed`,
  accessKeyId: `ASIA${Math.random().toString(36).slice(2, 18).toUpperCase()}`,
  session: {
    kind: 'federatedUser',
    issuedAt: NOW,
    sessionName: 'fed',
    userName,
    userId: userName && 'AIDABOB00000000000001',
    policies,
  },
});

const request = (caller: Caller, action: string): AuthorizationRequest => ({
  caller,
  operation: { action, resource: () => '*' },
  input: {},
  accountId: ACCOUNT,
  partition: 'aws',
  now: NOW,
  sourceIp: '192.0.2.7',
  secureTransport: true,
});

const decide = async (caller: Caller, action: string) => {
  const d = (await new Authorizer({ store }).decide(request(caller, action))).decision;
  return d.decision === 'allowed' ? 'allowed' : `${d.decision}:${d.deniedBy}`;
};

describe('role sessions', () => {
  it('act with the role policies and the request keys of a session', async () => {
    const s = roleSession();
    expect(await decide(s, 's3:GetObject')).toBe('allowed');
    expect(await decide(s, 's3:CreateBucket')).toBe('implicitDeny:identity');
    expect(await decide(s, 's3:GetBucketPolicy')).toBe('allowed'); // aws:userid AROA...:sess
    expect(await decide(s, 's3:GetBucketAcl')).toBe('allowed'); // aws:PrincipalType AssumedRole
  });

  it('see session tags over the role tags as aws:PrincipalTag', async () => {
    expect(await decide(roleSession(), 's3:ListBucket')).toBe('implicitDeny:identity');
    expect(await decide(roleSession({ tags: [{ key: 'Team', value: 'blue' }] }), 's3:ListBucket')).toBe(
      'allowed',
    );
  });

  it('see aws:SourceIdentity', async () => {
    expect(await decide(roleSession(), 's3:DeleteObject')).toBe('implicitDeny:identity');
    expect(await decide(roleSession({ sourceIdentity: 'alice' }), 's3:DeleteObject')).toBe('allowed');
  });

  it('are limited by session policies (the session gate)', async () => {
    const s = roleSession({ policies: { inline: doc([allow('s3:GetObject')]), arns: [] } });
    expect(await decide(s, 's3:GetObject')).toBe('allowed');
    expect(await decide(s, 's3:PutObject')).toBe('implicitDeny:session');
  });

  it('of a role deleted and created again under the same name are allowed nothing', async () => {
    expect(await decide(roleSession({}, 'AROAOTHER000000000001'), 's3:GetObject')).toBe(
      'implicitDeny:identity',
    );
  });
});

describe('federated users (GetFederationToken)', () => {
  it('get the intersection of the user policies and the session policy', async () => {
    const fed = federated({ inline: doc([allow(['s3:GetObject', 's3:ListBucket'])]), arns: [] }, 'bob');
    expect(await decide(fed, 's3:GetObject')).toBe('allowed');
    expect(await decide(fed, 's3:PutObject')).toBe('implicitDeny:session'); // user allows, session not
    expect(await decide(fed, 's3:ListBucket')).toBe('implicitDeny:identity'); // session allows, user not
  });

  it('without a session policy have no permissions; of the root, the session policy alone decides', async () => {
    expect(await decide(federated({ arns: [] }, 'bob'), 's3:GetObject')).toBe('implicitDeny:session');
    const rootFed = federated({ inline: doc([allow('s3:ListBucket')]), arns: [] });
    expect(await decide(rootFed, 's3:ListBucket')).toBe('allowed');
    expect(await decide(rootFed, 's3:GetObject')).toBe('implicitDeny:session');
  });
});

describe('session restrictions', () => {
  const user = (mfa?: Date): Caller => ({
    accountId: ACCOUNT,
    principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, account: ACCOUNT },
    principalId: 'AIDABOB00000000000001',
    userName: 'bob',
    session: { kind: 'sessionUser', issuedAt: NOW, mfaAuthenticatedAt: mfa },
  });
  it.each([
    [
      'GetSessionToken user, iam without MFA',
      user(),
      'iam:GetUser',
      'Cannot call GetUser with session credentials unless MFA authentication information is included',
    ],
    ['GetSessionToken user, iam with MFA', user(NOW), 'iam:GetUser', undefined],
    ['GetSessionToken user, sts:AssumeRole', user(), 'sts:AssumeRole', undefined],
    [
      'GetSessionToken user, sts:GetFederationToken',
      user(),
      'sts:GetFederationToken',
      'Cannot call GetFederationToken with session credentials',
    ],
    ['GetSessionToken user, s3', user(), 's3:GetObject', undefined],
    [
      'federated user, iam',
      federated({ arns: [] }),
      'iam:ListUsers',
      'Cannot call ListUsers with federated user credentials',
    ],
    [
      'federated user, sts:AssumeRole',
      federated({ arns: [] }),
      'sts:AssumeRole',
      'Cannot call AssumeRole with federated user credentials',
    ],
    ['federated user, GetCallerIdentity', federated({ arns: [] }), 'sts:GetCallerIdentity', undefined],
    ['role session, iam', roleSession(), 'iam:ListUsers', undefined],
  ])('%s', (_name, caller, action, expected) => {
    expect(sessionRestriction(caller, action)).toBe(expected);
  });
});
