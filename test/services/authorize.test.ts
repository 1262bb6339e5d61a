import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Credentials, secretAad } from '../../src/auth/credentials.js';
import { SecretBox } from '../../src/auth/secret-box.js';
import type { AccessKeyId, AccountId, UserId } from '../../src/domain/ids.js';
import { accessDeniedMessage, type AuthorizationRequest, Authorizer } from '../../src/services/authorize.js';
import type { Caller } from '../../src/services/operation-context.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const ACCOUNT = '111122223333' as AccountId;
const NOW = new Date('2026-03-04T05:06:07Z');
const allow = (action: string, resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
  });
const deny = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

const listUsers = { action: 'iam:ListUsers', resource: () => '*' };
const getUser = {
  action: 'iam:GetUser',
  resource: (input: { UserName?: string }, scope: { accountId: string }) =>
    `arn:aws:iam::${scope.accountId}:user/${input.UserName ?? 'alice'}`,
};
const attachUserPolicy = {
  action: 'iam:AttachUserPolicy',
  resource: () => `arn:aws:iam::${ACCOUNT}:user/alice`,
  requestKeys: (input: { PolicyArn: string }) => ({ 'iam:PolicyARN': input.PolicyArn }),
};

let store: Store;
const box = new SecretBox(Buffer.alloc(32, 1));

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  await store.transaction(async (tx) => {
    await tx.accounts.create({ id: ACCOUNT, createdAt: NOW });
    await tx.users.create(ACCOUNT, {
      id: 'AIDAALICE0000000000A' as UserId,
      name: 'alice',
      path: '/',
      createDate: NOW,
    });
    await tx.accessKeys.create(ACCOUNT, {
      accessKeyId: 'AKIAALICE00000000000' as AccessKeyId,
      userName: 'alice',
      status: 'Active',
      createDate: NOW,
      secretCiphertext: box.seal('alice-secret', secretAad('AKIAALICE00000000000')),
    });
    await tx.accessKeys.create(ACCOUNT, {
      accessKeyId: 'AKIAROOT000000000000' as AccessKeyId,
      status: 'Active',
      createDate: NOW,
      secretCiphertext: box.seal('root-secret', secretAad('AKIAROOT000000000000')),
    });
  });
});
afterAll(() => store.close());

const alice: Caller = {
  accountId: ACCOUNT,
  principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT },
  principalId: 'AIDAALICE0000000000A',
  userName: 'alice',
};
const root: Caller = {
  accountId: ACCOUNT,
  principal: { type: 'root', arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT },
  principalId: ACCOUNT,
};

const request = (
  caller: Caller,
  operation: AuthorizationRequest['operation'],
  input = {},
): AuthorizationRequest => ({
  caller,
  operation,
  input,
  accountId: ACCOUNT,
  partition: 'aws',
  now: NOW,
  sourceIp: '192.0.2.7',
  secureTransport: false,
  region: 'us-east-1',
});

const denial = async (authorizer: Authorizer, req: AuthorizationRequest): Promise<string> => {
  try {
    await authorizer.authorize(req);
  } catch (e) {
    expect((e as { code: string }).code).toBe('AccessDenied');
    return (e as Error).message;
  }
  throw new Error('allowed');
};

const write = (fn: Parameters<Store['transaction']>[0]) => store.transaction(fn);
const owner = { kind: 'user', name: 'alice' } as const;

describe('Authorizer', () => {
  it('lets the root user do anything in its account, with no policy', async () => {
    const authorizer = new Authorizer({ store });
    const r = await authorizer.authorize(request(root, listUsers));
    expect(r.decision.decision).toBe('allowed');
  });

  it('walks a user through no policy, an allow, an explicit deny and a boundary, with AWS messages', async () => {
    const authorizer = new Authorizer({ store });
    expect(await denial(authorizer, request(alice, listUsers))).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: iam:ListUsers on resource: * because no identity-based policy allows the iam:ListUsers action`,
    );

    await write((tx) => tx.inlinePolicies.put(ACCOUNT, owner, 'list', allow('iam:List*')));
    expect((await authorizer.authorize(request(alice, listUsers))).decision.decision).toBe('allowed');

    await write((tx) => tx.inlinePolicies.put(ACCOUNT, owner, 'no', deny('iam:ListUsers')));
    expect(await denial(authorizer, request(alice, listUsers))).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: iam:ListUsers on resource: * with an explicit deny in an identity-based policy`,
    );
    await write((tx) => tx.inlinePolicies.delete(ACCOUNT, owner, 'no'));

    const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/only-get`;
    await write(async (tx) => {
      await tx.policies.create(ACCOUNT, {
        id: 'ANPAONLYGET000000000A' as never,
        name: 'only-get',
        path: '/',
        document: allow('iam:Get*'),
        createDate: NOW,
      });
      await tx.users.setPermissionsBoundary(ACCOUNT, 'alice', boundaryArn);
    });
    expect(await denial(authorizer, request(alice, listUsers))).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: iam:ListUsers on resource: * because no permissions boundary allows the iam:ListUsers action`,
    );
    await write((tx) => tx.users.setPermissionsBoundary(ACCOUNT, 'alice', undefined));
    expect((await authorizer.authorize(request(alice, listUsers))).decision.decision).toBe('allowed');
  });

  it('derives the resource ARN from the input and scope', async () => {
    const authorizer = new Authorizer({ store });
    const message = await denial(authorizer, request(alice, getUser, { UserName: 'bob' }));
    expect(message).toContain(`on resource: arn:aws:iam::${ACCOUNT}:user/bob because`);
  });

  it('puts the request keys and the operation keys in the context', async () => {
    const authorizer = new Authorizer({ store });
    const conditional = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:AttachUserPolicy',
          Resource: '*',
          Condition: {
            ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
            IpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
            StringEquals: {
              'aws:username': 'alice',
              'aws:PrincipalType': 'User',
              'aws:RequestedRegion': 'us-east-1',
            },
            Bool: { 'aws:SecureTransport': 'false' },
            DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
          },
        },
      ],
    });
    await write((tx) => tx.inlinePolicies.put(ACCOUNT, owner, 'attach', conditional));
    const ro = { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
    expect((await authorizer.authorize(request(alice, attachUserPolicy, ro))).decision.decision).toBe(
      'allowed',
    );
    const admin = { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    await denial(authorizer, request(alice, attachUserPolicy, admin));
    await denial(authorizer, { ...request(alice, attachUserPolicy, ro), sourceIp: '198.51.100.1' });
    await write((tx) => tx.inlinePolicies.delete(ACCOUNT, owner, 'attach'));
  });

  it('caches compiled policies per generation: no store read when nothing changed', async () => {
    const authorizer = new Authorizer({ store });
    let reads = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'principalPolicies') {
          return (...args: Parameters<Store['principalPolicies']>) => {
            reads++;
            return target.principalPolicies(...args);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const cached = new Authorizer({ store: counting });
    await cached.decide(request(alice, listUsers));
    await cached.decide(request(alice, listUsers));
    expect(reads).toBe(1);
    await write((tx) => tx.inlinePolicies.put(ACCOUNT, owner, 'x', allow('s3:*')));
    await cached.decide(request(alice, listUsers));
    expect(reads).toBe(2);
    expect(cached.size).toBe(1);
    expect(authorizer.size).toBe(0);
  });

  it('keeps the cache bounded', async () => {
    const small = new Authorizer({ store, maxEntries: 1 });
    await small.decide(request(alice, listUsers));
    await small.decide(request({ ...alice, userName: 'nobody' }, listUsers));
    expect(small.size).toBe(1);
  });

  it('formats each denial reason', () => {
    const d = (decision: 'explicitDeny' | 'implicitDeny', deniedBy: 'identity' | 'boundary' | 'session') => ({
      decision,
      deniedBy,
      matchedStatements: [],
      missingContextKeys: [],
    });
    expect(accessDeniedMessage('arn:x', 'iam:A', '*', d('implicitDeny', 'session'))).toBe(
      'User: arn:x is not authorized to perform: iam:A on resource: * because no session policy allows the iam:A action',
    );
    expect(accessDeniedMessage('arn:x', 'iam:A', '*', d('explicitDeny', 'boundary'))).toContain(
      'with an explicit deny in a permissions boundary',
    );
  });
});

describe('Credentials', () => {
  it('resolves a user key and a root key to their callers, and forgets a deactivated key', async () => {
    const creds = new Credentials({ store, secretBox: box });
    const user = await creds.resolve('AKIAALICE00000000000');
    expect(user?.secretAccessKey).toBe('alice-secret');
    expect(user?.caller).toMatchObject({
      principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
      principalId: 'AIDAALICE0000000000A',
      userName: 'alice',
    });
    const rootKey = await creds.resolve('AKIAROOT000000000000');
    expect(rootKey?.caller).toMatchObject({
      principal: { type: 'root', arn: `arn:aws:iam::${ACCOUNT}:root` },
      principalId: ACCOUNT,
    });
    expect(await creds.resolve('AKIAUNKNOWN000000000')).toBeUndefined();

    await write((tx) =>
      tx.accessKeys.updateStatus(ACCOUNT, 'alice', 'AKIAALICE00000000000' as AccessKeyId, 'Inactive'),
    );
    expect(await creds.resolve('AKIAALICE00000000000')).toBeUndefined();
    await write((tx) =>
      tx.accessKeys.updateStatus(ACCOUNT, 'alice', 'AKIAALICE00000000000' as AccessKeyId, 'Active'),
    );
  });

  it('records last use at most once per interval', async () => {
    const creds = new Credentials({ store, secretBox: box, lastUsedIntervalMs: 60_000 });
    const use = {
      accountId: ACCOUNT,
      accessKeyId: 'AKIAROOT000000000000',
      service: 'iam',
      region: 'eu-west-1',
    };
    creds.recordUse({ ...use, at: NOW });
    creds.recordUse({ ...use, region: 'us-west-2', at: new Date(NOW.getTime() + 1000) });
    await new Promise((r) => setTimeout(r, 50));
    const key = await store.read((r) => r.accessKeys.find('AKIAROOT000000000000' as AccessKeyId));
    expect(key?.lastUsed).toEqual({ lastUsedDate: NOW, serviceName: 'iam', region: 'eu-west-1' });
  });
});
