import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessKeySealer, Credentials } from '../../../src/auth/credentials.js';
import { SecretBox } from '../../../src/auth/secret-box.js';
import type { AccessKeyId } from '../../../src/domain/ids.js';
import type {
  OperationDefinition,
  OperationInput,
  OperationOutput,
} from '../../../src/protocol/operation-registry.js';
import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from '../../../src/services/iam/access-keys.js';
import { iamOperations } from '../../../src/services/iam/index.js';
import { createUser, deleteUser } from '../../../src/services/iam/users.js';
import type { Caller, OperationContext } from '../../../src/services/operation-context.js';
import { ACCOUNT, NOW, rootCaller, useHarness } from './context.js';

const h = useHarness();
const box = new SecretBox(randomBytes(32));
const secrets = accessKeySealer(box);

type Op<I extends OperationInput, O extends OperationOutput> = OperationDefinition<I, O, OperationContext>;

/** As the harness's call, with the server's secret sealer and a chosen caller. */
const call = <I extends OperationInput, O extends OperationOutput>(
  op: Op<I, O>,
  input: I,
  caller: Caller = rootCaller(),
  now: Date = NOW,
): Promise<O> =>
  h.store.transaction(async (tx) =>
    op.handler(input, { requestId: 't', now, caller, accountId: ACCOUNT, partition: 'aws', tx, secrets }),
  );

const error = async <I extends OperationInput, O extends OperationOutput>(
  op: Op<I, O>,
  input: I,
  caller?: Caller,
): Promise<{ code: string; message: string }> => {
  try {
    await call(op, input, caller);
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code === undefined) throw e;
    return { code: err.code, message: err.message };
  }
  throw new Error(`${op.name} succeeded`);
};

async function userCaller(name: string): Promise<Caller> {
  const { User } = await call(createUser, { UserName: name });
  return {
    accountId: ACCOUNT,
    principal: { type: 'user', arn: User.Arn, account: ACCOUNT },
    principalId: User.UserId,
    userName: name,
  };
}

const roleSession: Caller = {
  accountId: ACCOUNT,
  principal: { type: 'assumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, account: ACCOUNT },
  principalId: 'AROAEXAMPLEEXAMPLEEXA:s',
};

describe('access keys', () => {
  it('are registered, authorized against the user ARN, or the caller without UserName', () => {
    const names = iamOperations.map((op) => op.name);
    for (const op of [
      createAccessKey,
      listAccessKeys,
      updateAccessKey,
      deleteAccessKey,
      getAccessKeyLastUsed,
    ]) {
      expect(names).toContain(op.name);
      expect(op.requestKeys).toBeUndefined();
    }
    const scope = { accountId: ACCOUNT, partition: 'aws' };
    expect(createAccessKey.resource({ UserName: 'bob' }, scope)).toBe(`arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(deleteAccessKey.resource({ UserName: 'bob', AccessKeyId: 'AKIAX' }, scope)).toBe(
      `arn:aws:iam::${ACCOUNT}:user/bob`,
    );
    const me = `arn:aws:iam::${ACCOUNT}:user/eng/me`;
    expect(listAccessKeys.resource({}, { ...scope, callerArn: me })).toBe(me);
    expect(listAccessKeys.resource({}, scope)).toBe('*');
    expect(getAccessKeyLastUsed.resource({ AccessKeyId: 'AKIAX' }, scope)).toBe('*');
  });

  it('CreateAccessKey returns an AKIA id and a 40-character secret once; the store holds only ciphertext', async () => {
    await call(createUser, { UserName: 'alice' });
    const { AccessKey } = await call(createAccessKey, { UserName: 'alice' });
    expect(AccessKey).toMatchObject({ UserName: 'alice', Status: 'Active', CreateDate: NOW });
    expect(AccessKey.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(AccessKey.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);

    const stored = await h.store.read((r) => r.accessKeys.find(AccessKey.AccessKeyId as AccessKeyId));
    expect(stored?.secretCiphertext).toBeInstanceOf(Buffer);
    expect(stored?.secretCiphertext.includes(Buffer.from(AccessKey.SecretAccessKey))).toBe(false);
    expect(stored?.secretCiphertext.toString('latin1')).not.toContain(AccessKey.SecretAccessKey);
    // Sealed in the format and with the AAD that credential resolution opens.
    const credentials = new Credentials({ store: h.store, secretBox: box });
    const resolved = await credentials.resolve(AccessKey.AccessKeyId);
    expect(resolved?.secretAccessKey).toBe(AccessKey.SecretAccessKey);
    expect(resolved?.caller).toMatchObject({ userName: 'alice', accessKeyId: AccessKey.AccessKeyId });

    const { AccessKey: other } = await call(createAccessKey, { UserName: 'alice' });
    expect(other.AccessKeyId).not.toBe(AccessKey.AccessKeyId);
    expect(other.SecretAccessKey).not.toBe(AccessKey.SecretAccessKey);
  });

  it('allows at most two keys per user: LimitExceeded', async () => {
    expect(await error(createAccessKey, { UserName: 'alice' })).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    // Inactive keys count too.
    const { AccessKeyMetadata } = await call(listAccessKeys, { UserName: 'alice' });
    await call(updateAccessKey, {
      UserName: 'alice',
      AccessKeyId: AccessKeyMetadata[0]!.AccessKeyId,
      Status: 'Inactive',
    });
    expect((await error(createAccessKey, { UserName: 'alice' })).code).toBe('LimitExceeded');
  });

  it('ListAccessKeys pages metadata only, oldest first, never a secret', async () => {
    await call(createUser, { UserName: 'lister' });
    const a = await call(
      createAccessKey,
      { UserName: 'lister' },
      rootCaller(),
      new Date('2026-01-01T00:00:00Z'),
    );
    const b = await call(
      createAccessKey,
      { UserName: 'lister' },
      rootCaller(),
      new Date('2026-01-01T00:00:01Z'),
    );
    const all = await call(listAccessKeys, { UserName: 'lister' });
    expect(all).toEqual({
      AccessKeyMetadata: [
        {
          UserName: 'lister',
          AccessKeyId: a.AccessKey.AccessKeyId,
          Status: 'Active',
          CreateDate: a.AccessKey.CreateDate,
        },
        {
          UserName: 'lister',
          AccessKeyId: b.AccessKey.AccessKeyId,
          Status: 'Active',
          CreateDate: b.AccessKey.CreateDate,
        },
      ],
      IsTruncated: false,
    });
    const text = JSON.stringify(all);
    expect(text).not.toContain(a.AccessKey.SecretAccessKey);
    expect(text).not.toContain('SecretAccessKey');

    const first = await call(listAccessKeys, { UserName: 'lister', MaxItems: 1 });
    expect(first.IsTruncated).toBe(true);
    expect(first.AccessKeyMetadata.map((k) => k.AccessKeyId)).toEqual([a.AccessKey.AccessKeyId]);
    const second = await call(listAccessKeys, { UserName: 'lister', MaxItems: 1, Marker: first.Marker! });
    expect(second).toMatchObject({ IsTruncated: false });
    expect(second.AccessKeyMetadata.map((k) => k.AccessKeyId)).toEqual([b.AccessKey.AccessKeyId]);
    expect(await error(listAccessKeys, { UserName: 'alice', Marker: first.Marker! })).toEqual({
      code: 'InvalidInput',
      message: 'Invalid Marker.',
    });

    await call(createUser, { UserName: 'empty' });
    expect(await call(listAccessKeys, { UserName: 'empty' })).toEqual({
      AccessKeyMetadata: [],
      IsTruncated: false,
    });
  });

  it.each([
    [createAccessKey, { UserName: 'nobody' }],
    [listAccessKeys, { UserName: 'nobody' }],
    [
      updateAccessKey,
      { UserName: 'nobody', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Inactive' as const },
    ],
    [deleteAccessKey, { UserName: 'nobody', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }],
  ])('%o on a missing user: NoSuchEntity', async (op, input) => {
    expect(await error(op as Op<OperationInput, OperationOutput>, input)).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
    });
  });

  it('a key must belong to the named user: NoSuchEntity with AWS wording', async () => {
    await call(createUser, { UserName: 'bob' });
    const { AccessKeyMetadata } = await call(listAccessKeys, { UserName: 'alice' });
    const aliceKey = AccessKeyMetadata[0]!.AccessKeyId;
    const notFound = {
      code: 'NoSuchEntity',
      message: `The Access Key with id ${aliceKey} cannot be found.`,
    };
    expect(
      await error(updateAccessKey, { UserName: 'bob', AccessKeyId: aliceKey, Status: 'Inactive' }),
    ).toEqual(notFound);
    expect(await error(deleteAccessKey, { UserName: 'bob', AccessKeyId: aliceKey })).toEqual(notFound);
    // Without UserName the root caller targets its own keys, which alice's is not.
    expect(await error(deleteAccessKey, { AccessKeyId: aliceKey })).toEqual(notFound);
    expect(await error(getAccessKeyLastUsed, { AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })).toEqual({
      code: 'NoSuchEntity',
      message: 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.',
    });
    expect(
      await error(updateAccessKey, { UserName: 'alice', AccessKeyId: aliceKey, Status: 'Expired' }),
    ).toEqual({
      code: 'InvalidInput',
      message: 'Invalid status Expired: must be Active or Inactive.',
    });
  });

  it('rotation: create a second key, deactivate the first, delete it; the second keeps working', async () => {
    const carol = await userCaller('carol');
    const credentials = new Credentials({ store: h.store, secretBox: box });
    // Without UserName a user manages their own keys.
    const first = (await call(createAccessKey, {}, carol, new Date('2026-01-01T00:00:00Z'))).AccessKey;
    expect(first.UserName).toBe('carol');
    expect((await credentials.resolve(first.AccessKeyId))?.caller.userName).toBe('carol');

    const second = (await call(createAccessKey, {}, carol, new Date('2026-01-02T00:00:00Z'))).AccessKey;
    expect((await credentials.resolve(second.AccessKeyId))?.secretAccessKey).toBe(second.SecretAccessKey);
    expect((await credentials.resolve(first.AccessKeyId))?.secretAccessKey).toBe(first.SecretAccessKey);

    await call(updateAccessKey, { AccessKeyId: first.AccessKeyId, Status: 'Inactive' }, carol);
    // An inactive key authenticates nothing; the cache does not outlive the change.
    expect(await credentials.resolve(first.AccessKeyId)).toBeUndefined();
    expect((await credentials.resolve(second.AccessKeyId))?.caller.userName).toBe('carol');
    expect(
      (await call(listAccessKeys, {}, carol)).AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]),
    ).toEqual([
      [first.AccessKeyId, 'Inactive'],
      [second.AccessKeyId, 'Active'],
    ]);

    // Reactivation is possible until the key is deleted.
    await call(updateAccessKey, { AccessKeyId: first.AccessKeyId, Status: 'Active' }, carol);
    expect((await credentials.resolve(first.AccessKeyId))?.secretAccessKey).toBe(first.SecretAccessKey);
    await call(updateAccessKey, { UserName: 'carol', AccessKeyId: first.AccessKeyId, Status: 'Inactive' });

    await call(deleteAccessKey, { AccessKeyId: first.AccessKeyId }, carol);
    expect(await credentials.resolve(first.AccessKeyId)).toBeUndefined();
    expect(
      (await call(listAccessKeys, { UserName: 'carol' })).AccessKeyMetadata.map((k) => k.AccessKeyId),
    ).toEqual([second.AccessKeyId]);
    expect((await error(deleteAccessKey, { AccessKeyId: first.AccessKeyId }, carol)).code).toBe(
      'NoSuchEntity',
    );
    // A free slot again.
    await call(createAccessKey, {}, carol);
  });

  it('GetAccessKeyLastUsed: N/A until used, then the recorded time, service and region', async () => {
    await call(createUser, { UserName: 'dave' });
    const { AccessKey } = await call(createAccessKey, { UserName: 'dave' });
    expect(await call(getAccessKeyLastUsed, { AccessKeyId: AccessKey.AccessKeyId })).toEqual({
      UserName: 'dave',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });
    const at = new Date('2026-02-03T04:05:06Z');
    await h.store.transaction((tx) =>
      tx.accessKeys.recordLastUsed(ACCOUNT, AccessKey.AccessKeyId as AccessKeyId, {
        lastUsedDate: at,
        serviceName: 'iam',
        region: 'eu-west-1',
      }),
    );
    expect(await call(getAccessKeyLastUsed, { AccessKeyId: AccessKey.AccessKeyId })).toEqual({
      UserName: 'dave',
      AccessKeyLastUsed: { LastUsedDate: at, ServiceName: 'iam', Region: 'eu-west-1' },
    });
  });

  it('the root caller without UserName manages root keys, within the same quota', async () => {
    const { AccessKey } = await call(createAccessKey, {});
    expect(AccessKey).not.toHaveProperty('UserName');
    const stored = await h.store.read((r) => r.accessKeys.find(AccessKey.AccessKeyId as AccessKeyId));
    expect(stored?.userName).toBeUndefined();
    expect((await call(listAccessKeys, {})).AccessKeyMetadata.map((k) => k.AccessKeyId)).toEqual([
      AccessKey.AccessKeyId,
    ]);
    expect(
      (await call(getAccessKeyLastUsed, { AccessKeyId: AccessKey.AccessKeyId })).UserName,
    ).toBeUndefined();
    await call(createAccessKey, {});
    expect(await error(createAccessKey, {})).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    await call(deleteAccessKey, { AccessKeyId: AccessKey.AccessKeyId });
    expect((await call(listAccessKeys, {})).AccessKeyMetadata).toHaveLength(1);
  });

  it('a role session must name the user', async () => {
    expect(await error(createAccessKey, {}, roleSession)).toEqual({
      code: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
    });
  });

  it('DeleteUser refuses while the user has keys, and succeeds once they are deleted', async () => {
    await call(createUser, { UserName: 'erin' });
    const { AccessKey } = await call(createAccessKey, { UserName: 'erin' });
    expect(await error(deleteUser, { UserName: 'erin' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete access keys first.',
    });
    await call(deleteAccessKey, { UserName: 'erin', AccessKeyId: AccessKey.AccessKeyId });
    await call(deleteUser, { UserName: 'erin' });
  });

  it('CreateAccessKey without the server secret sealer fails rather than storing a plain secret', async () => {
    await expect(h.call(createAccessKey, { UserName: 'dave' })).rejects.toThrow(/secret sealer/);
    expect((await call(listAccessKeys, { UserName: 'dave' })).AccessKeyMetadata).toHaveLength(1);
  });
});
