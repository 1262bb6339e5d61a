import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import type { AccessKeyId, AccountId } from '../../src/domain/ids.js';
import type { Store, StoreOptions, StoreTx } from '../../src/store/store.js';
import {
  A,
  B,
  createGroup,
  createKey,
  createPolicy,
  createProfile,
  createRole,
  createUser,
  doc,
  ids,
  LAMBDA_ARN,
  READ_ONLY_ARN,
  T0,
  testCatalog,
} from './fixtures.js';

export type MakeStore = (options: StoreOptions) => Promise<Store>;

let deviceCounter = 0;
const newDevice = (name: string, path = '/') => ({
  id: `mfa-${++deviceCounter}`,
  path,
  name,
  createDate: T0,
  seedCiphertext: Buffer.from(`sealed-${name}`),
});

const policyArnIn = (account: string, name: string, path = '/') =>
  `arn:aws:iam::${account}:policy${path}${name}`;

async function expectAwsError(promise: Promise<unknown>, code: string, message?: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AwsError);
  expect((error as AwsError).code).toBe(code);
  if (message !== undefined) expect((error as AwsError).message).toBe(message);
}

/**
 * The behaviour every Store implementation must have. Each test gets a fresh store with accounts
 * A and B and a two-policy AWS-managed catalog.
 */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);

    beforeEach(async () => {
      store = await makeStore({
        awsManagedPolicies: testCatalog(),
        cursorSecret: Buffer.alloc(32, 7),
        detectNestedTransactions: true,
      });
      await tx(async (t) => {
        await t.accounts.create({ id: A, createdAt: T0 });
        await t.accounts.create({ id: B, createdAt: T0 });
      });
    });
    afterEach(async () => {
      await store.close();
    });

    describe('accounts', () => {
      it('creates, reads and refuses a duplicate id', async () => {
        expect(await store.read((r) => r.accounts.get(A))).toEqual({ id: A, createdAt: T0 });
        expect(await store.read((r) => r.accounts.get('333333333333' as AccountId))).toBeUndefined();
        await expectAwsError(
          tx((t) => t.accounts.create({ id: A, createdAt: T0 })),
          'EntityAlreadyExists',
        );
      });

      it('keeps one alias per account, unique across accounts', async () => {
        expect(await tx((t) => t.accounts.setAlias(A, 'acme'))).toBe(true);
        expect((await store.read((r) => r.accounts.getByAlias('acme')))?.id).toBe(A);
        await expectAwsError(
          tx((t) => t.accounts.setAlias(B, 'acme')),
          'EntityAlreadyExists',
        );
        expect(await tx((t) => t.accounts.setAlias(A, 'acme-2'))).toBe(true);
        expect(await store.read((r) => r.accounts.getByAlias('acme'))).toBeUndefined();
        expect(await tx((t) => t.accounts.deleteAlias(A, 'wrong'))).toBe(false);
        expect(await tx((t) => t.accounts.deleteAlias(A, 'acme-2'))).toBe(true);
        expect((await store.read((r) => r.accounts.get(A)))?.alias).toBeUndefined();
      });

      it('summarizes usage for GetAccountSummary', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'u1');
          await createUser(t, A, 'u2');
          await createGroup(t, A, 'g');
          await createRole(t, A, 'r');
          const p = await createPolicy(t, A, 'p');
          await t.policies.createVersion(A, p.arn, {
            document: doc('x:*'),
            setAsDefault: false,
            createDate: T0,
          });
          await createProfile(t, A, 'ip');
          await createKey(t, A, undefined);
        });
        expect(await store.read((r) => r.accounts.usage(A))).toEqual({
          users: 2,
          groups: 1,
          roles: 1,
          policies: 1,
          policyVersionsInUse: 2,
          instanceProfiles: 1,
          accountAccessKeysPresent: true,
        });
        expect((await store.read((r) => r.accounts.usage(B))).users).toBe(0);
      });
    });

    describe('users', () => {
      it('creates and reads by name (any case) and by id', async () => {
        const user = await tx((t) => createUser(t, A, 'Alice', '/eng/'));
        expect(user).toMatchObject({ accountId: A, name: 'Alice', path: '/eng/', createDate: T0 });
        expect(user.arn).toBe('arn:aws:iam::111111111111:user/eng/Alice');
        expect(await store.read((r) => r.users.get(A, 'ALICE'))).toEqual(user);
        expect(await store.read((r) => r.users.getById(A, user.id))).toEqual(user);
        expect(await store.read((r) => r.users.get(A, 'Bob'))).toBeUndefined();
      });

      it('refuses a name that differs only in case, with AWS wording', async () => {
        await tx((t) => createUser(t, A, 'Alice'));
        await expectAwsError(
          tx((t) => createUser(t, A, 'aLiCe')),
          'EntityAlreadyExists',
          'User with name aLiCe already exists.',
        );
        expect(await store.read((r) => r.users.count(A))).toBe(1);
      });

      it('renames and moves; a rename onto another user clashes; a case-only rename works', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'alice');
          await createUser(t, A, 'bob');
        });
        const moved = await tx((t) => t.users.update(A, 'ALICE', { newName: 'Alicia', newPath: '/ops/' }));
        expect(moved).toMatchObject({
          name: 'Alicia',
          path: '/ops/',
          arn: 'arn:aws:iam::111111111111:user/ops/Alicia',
        });
        expect(await store.read((r) => r.users.get(A, 'alice'))).toBeUndefined();
        await expectAwsError(
          tx((t) => t.users.update(A, 'alicia', { newName: 'BOB' })),
          'EntityAlreadyExists',
        );
        expect((await tx((t) => t.users.update(A, 'bob', { newName: 'Bob' })))?.name).toBe('Bob');
        expect(await tx((t) => t.users.update(A, 'nobody', { newName: 'x' }))).toBeUndefined();
      });

      it('sets and removes the permissions boundary', async () => {
        await tx((t) => createUser(t, A, 'alice'));
        expect(await tx((t) => t.users.setPermissionsBoundary(A, 'alice', READ_ONLY_ARN))).toBe(true);
        expect((await store.read((r) => r.users.get(A, 'alice')))?.permissionsBoundaryArn).toBe(
          READ_ONLY_ARN,
        );
        expect(await tx((t) => t.users.setPermissionsBoundary(A, 'alice', undefined))).toBe(true);
        expect((await store.read((r) => r.users.get(A, 'alice')))?.permissionsBoundaryArn).toBeUndefined();
        expect(await tx((t) => t.users.setPermissionsBoundary(A, 'nobody', READ_ONLY_ARN))).toBe(false);
      });

      it('counts what blocks DeleteUser, and deletes', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'alice');
          await createGroup(t, A, 'devs');
          await t.groups.addMember(A, 'devs', 'alice');
          await createKey(t, A, 'alice');
          await t.inlinePolicies.put(A, { kind: 'user', name: 'alice' }, 'p', doc('s3:*'));
          await t.attachments.attach(A, { kind: 'user', name: 'alice' }, READ_ONLY_ARN);
          await t.mfaDevices.create(A, newDevice('alice-phone'));
          await t.mfaDevices.assign(A, '/', 'alice-phone', 'alice', T0, 1);
          await t.loginProfiles.create(A, 'alice', { passwordHash: '$scrypt$h', at: T0 });
        });
        expect(await store.read((r) => r.users.dependents(A, 'Alice'))).toEqual({
          accessKeys: 1,
          inlinePolicies: 1,
          attachedPolicies: 1,
          groups: 1,
          loginProfile: 1,
          mfaDevices: 1,
        });
        expect(await store.read((r) => r.users.dependents(A, 'nobody'))).toBeUndefined();
        await tx(async (t) => {
          const key = (await t.accessKeys.list(A, 'alice'))?.[0];
          await t.accessKeys.delete(A, 'alice', key!.accessKeyId);
          await t.groups.removeMember(A, 'devs', 'alice');
          await t.inlinePolicies.delete(A, { kind: 'user', name: 'alice' }, 'p');
          await t.attachments.detach(A, { kind: 'user', name: 'alice' }, READ_ONLY_ARN);
          await t.mfaDevices.unassign(A, '/', 'alice-phone');
          await t.loginProfiles.delete(A, 'alice');
        });
        expect(await store.read((r) => r.users.dependents(A, 'alice'))).toEqual({
          accessKeys: 0,
          inlinePolicies: 0,
          attachedPolicies: 0,
          groups: 0,
          loginProfile: 0,
          mfaDevices: 0,
        });
        expect(await tx((t) => t.users.delete(A, 'ALICE'))).toBe(true);
        expect(await tx((t) => t.users.delete(A, 'alice'))).toBe(false);
        expect(await store.read((r) => r.users.count(A))).toBe(0);
      });

      it('refuses to delete a user still in a group or holding a key (last line behind the service)', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'alice');
          await createGroup(t, A, 'devs');
          await t.groups.addMember(A, 'devs', 'alice');
        });
        await expect(tx((t) => t.users.delete(A, 'alice'))).rejects.toThrow();
        expect(await store.read((r) => r.users.get(A, 'alice'))).toBeDefined();
      });
    });

    describe('pagination', () => {
      const names = Array.from({ length: 25 }, (_, i) => `user-${String(i).padStart(2, '0')}`);
      beforeEach(async () => {
        await tx(async (t) => {
          for (const n of names) await createUser(t, A, n, n.endsWith('1') ? '/odd/' : '/');
        });
      });

      it('walks every item exactly once, in name order, with IsTruncated only when more remain', async () => {
        const seen: string[] = [];
        let marker: string | undefined;
        let pages = 0;
        do {
          const page = await store.read((r) => r.users.list(A, { maxItems: 10, ...(marker && { marker }) }));
          seen.push(...page.items.map((u) => u.name));
          marker = page.marker;
          pages++;
        } while (marker !== undefined);
        expect(pages).toBe(3);
        expect(seen).toEqual(names);
        const all = await store.read((r) => r.users.list(A));
        expect(all.items).toHaveLength(25);
        expect(all.marker).toBeUndefined();
      });

      it('orders case-insensitively', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'Zed');
          await createUser(t, A, 'adam');
          await createUser(t, A, 'Bea');
        });
        const page = await store.read((r) => r.users.list(A, { maxItems: 3 }));
        expect(page.items.map((u) => u.name)).toEqual(['adam', 'Bea', 'user-00']);
      });

      it('gives stable markers: the same marker gives the same page, and inserts before it do not repeat items', async () => {
        const first = await store.read((r) => r.users.list(A, { maxItems: 5 }));
        const again = await store.read((r) => r.users.list(A, { maxItems: 5 }));
        expect(again.marker).toBe(first.marker);
        await tx((t) => createUser(t, A, 'user-00a'));
        const second = await store.read((r) => r.users.list(A, { maxItems: 5, marker: first.marker! }));
        expect(second.items.map((u) => u.name)).toEqual([
          'user-05',
          'user-06',
          'user-07',
          'user-08',
          'user-09',
        ]);
      });

      it('is opaque: the marker does not show the name', async () => {
        const page = await store.read((r) => r.users.list(A, { maxItems: 5 }));
        expect(page.marker).not.toContain('user-04');
        expect(page.marker!.length).toBeLessThanOrEqual(320);
      });

      it('rejects a tampered marker, and a marker from another list, account or filter', async () => {
        const page = await store.read((r) => r.users.list(A, { maxItems: 5 }));
        const marker = page.marker!;
        const flipped = (marker[0] === 'A' ? 'B' : 'A') + marker.slice(1);
        await expectAwsError(
          store.read((r) => r.users.list(A, { marker: flipped })),
          'InvalidInput',
        );
        await expectAwsError(
          store.read((r) => r.users.list(A, { marker: 'garbage' })),
          'InvalidInput',
        );
        await expectAwsError(
          store.read((r) => r.users.list(B, { marker })),
          'InvalidInput',
        );
        await expectAwsError(
          store.read((r) => r.roles.list(A, { marker })),
          'InvalidInput',
        );
        await expectAwsError(
          store.read((r) => r.users.list(A, { marker, pathPrefix: '/odd/' })),
          'InvalidInput',
        );
      });

      it('filters by path prefix (case-sensitively) and pages within the filter', async () => {
        const odd = await store.read((r) => r.users.list(A, { pathPrefix: '/odd/' }));
        expect(odd.items.map((u) => u.name)).toEqual(['user-01', 'user-11', 'user-21']);
        const partial = await store.read((r) => r.users.list(A, { pathPrefix: '/od' }));
        expect(partial.items).toHaveLength(3);
        expect((await store.read((r) => r.users.list(A, { pathPrefix: '/ODD/' }))).items).toHaveLength(0);
        const p1 = await store.read((r) => r.users.list(A, { pathPrefix: '/odd/', maxItems: 2 }));
        const p2 = await store.read((r) =>
          r.users.list(A, { pathPrefix: '/odd/', maxItems: 2, marker: p1.marker! }),
        );
        expect([...p1.items, ...p2.items].map((u) => u.name)).toEqual(['user-01', 'user-11', 'user-21']);
        expect(p2.marker).toBeUndefined();
      });

      it('pages any set of names in any page size into the whole list, once each (property)', async () => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_+=,.@-]{1,12}$/), {
              minLength: 0,
              maxLength: 30,
              selector: (n) => n.toLowerCase(),
            }),
            fc.integer({ min: 1, max: 12 }),
            async (names, maxItems) => {
              const account = `9${String(++run).padStart(11, '0')}` as AccountId;
              await tx(async (t) => {
                await t.accounts.create({ id: account, createdAt: T0 });
                for (const n of names) await createUser(t, account, n);
              });
              const seen: string[] = [];
              let marker: string | undefined;
              do {
                const page = await store.read((r) =>
                  r.users.list(account, { maxItems, ...(marker && { marker }) }),
                );
                expect(page.items.length).toBeLessThanOrEqual(maxItems);
                seen.push(...page.items.map((u) => u.name));
                marker = page.marker;
              } while (marker !== undefined);
              const byKey = (a: string, b: string) => {
                const [x, y] = [a.toLowerCase(), b.toLowerCase()];
                return x < y ? -1 : x > y ? 1 : 0;
              };
              expect(seen).toEqual([...names].sort(byKey));
            },
          ),
          { numRuns: 25 },
        );
      });

      it('clamps MaxItems to 1..1000', async () => {
        expect((await store.read((r) => r.users.list(A, { maxItems: 0 }))).items).toHaveLength(1);
        expect((await store.read((r) => r.users.list(A, { maxItems: 5000 }))).items).toHaveLength(25);
      });
    });

    describe('groups and memberships', () => {
      it('creates, clashes case-insensitively, renames, lists', async () => {
        const g = await tx((t) => createGroup(t, A, 'Admins', '/ops/'));
        expect(g.arn).toBe('arn:aws:iam::111111111111:group/ops/Admins');
        await expectAwsError(
          tx((t) => createGroup(t, A, 'ADMINS')),
          'EntityAlreadyExists',
          'Group with name ADMINS already exists.',
        );
        expect((await tx((t) => t.groups.update(A, 'admins', { newName: 'Root' })))?.name).toBe('Root');
        expect((await store.read((r) => r.groups.list(A))).items.map((x) => x.name)).toEqual(['Root']);
        expect((await store.read((r) => r.groups.getById(A, g.id)))?.name).toBe('Root');
      });

      it("adds members idempotently, pages them, lists a user's groups, removes", async () => {
        await tx(async (t) => {
          await createGroup(t, A, 'devs');
          await createGroup(t, A, 'ops');
          for (const n of ['carol', 'alice', 'bob']) await createUser(t, A, n);
          expect(await t.groups.addMember(A, 'devs', 'alice')).toBe('added');
          expect(await t.groups.addMember(A, 'DEVS', 'ALICE')).toBe('added');
          await t.groups.addMember(A, 'devs', 'bob');
          await t.groups.addMember(A, 'devs', 'carol');
          await t.groups.addMember(A, 'ops', 'alice');
          expect(await t.groups.addMember(A, 'nogroup', 'alice')).toBe('no-group');
          expect(await t.groups.addMember(A, 'devs', 'nobody')).toBe('no-user');
        });
        const p1 = await store.read((r) => r.groups.listMembers(A, 'devs', { maxItems: 2 }));
        expect(p1?.items.map((u) => u.name)).toEqual(['alice', 'bob']);
        const p2 = await store.read((r) =>
          r.groups.listMembers(A, 'devs', { maxItems: 2, marker: p1!.marker! }),
        );
        expect(p2?.items.map((u) => u.name)).toEqual(['carol']);
        expect(p2?.marker).toBeUndefined();
        expect(await store.read((r) => r.groups.listMembers(A, 'none'))).toBeUndefined();
        expect((await store.read((r) => r.groups.listForUser(A, 'alice')))?.map((g) => g.name)).toEqual([
          'devs',
          'ops',
        ]);
        expect(await store.read((r) => r.groups.listForUser(A, 'nobody'))).toBeUndefined();
        expect(await store.read((r) => r.groups.dependents(A, 'devs'))).toEqual({
          members: 3,
          inlinePolicies: 0,
          attachedPolicies: 0,
        });
        expect(await tx((t) => t.groups.removeMember(A, 'devs', 'alice'))).toBe(true);
        expect(await tx((t) => t.groups.removeMember(A, 'devs', 'alice'))).toBe(false);
        expect((await store.read((r) => r.groups.listForUser(A, 'alice')))?.map((g) => g.name)).toEqual([
          'ops',
        ]);
      });

      it('keeps memberships across a user rename', async () => {
        await tx(async (t) => {
          await createGroup(t, A, 'devs');
          await createUser(t, A, 'alice');
          await t.groups.addMember(A, 'devs', 'alice');
          await t.users.update(A, 'alice', { newName: 'alicia' });
        });
        expect((await store.read((r) => r.groups.listMembers(A, 'devs')))?.items.map((u) => u.name)).toEqual([
          'alicia',
        ]);
      });

      it('deletes an empty group', async () => {
        await tx((t) => createGroup(t, A, 'devs'));
        expect(await tx((t) => t.groups.delete(A, 'DEVS'))).toBe(true);
        expect(await store.read((r) => r.groups.count(A))).toBe(0);
      });
    });

    describe('roles', () => {
      it('creates with trust policy and settings, and updates them', async () => {
        const role = await tx((t) =>
          t.roles.create(A, {
            id: ids.role(),
            name: 'Deployer',
            path: '/ci/',
            createDate: T0,
            assumeRolePolicyDocument: '{"a":1}',
            description: 'deploys',
            maxSessionDuration: 7200,
            permissionsBoundaryArn: READ_ONLY_ARN,
          }),
        );
        expect(role).toMatchObject({
          arn: 'arn:aws:iam::111111111111:role/ci/Deployer',
          assumeRolePolicyDocument: '{"a":1}',
          description: 'deploys',
          maxSessionDuration: 7200,
          permissionsBoundaryArn: READ_ONLY_ARN,
        });
        expect(role.roleLastUsed).toBeUndefined();
        await expectAwsError(
          tx((t) => createRole(t, A, 'deployer')),
          'EntityAlreadyExists',
          'Role with name deployer already exists.',
        );
        const updated = await tx((t) => t.roles.update(A, 'deployer', { maxSessionDuration: 3600 }));
        expect(updated).toMatchObject({ description: 'deploys', maxSessionDuration: 3600 });
        expect(await tx((t) => t.roles.updateAssumeRolePolicy(A, 'Deployer', '{"b":2}'))).toBe(true);
        expect(await tx((t) => t.roles.setPermissionsBoundary(A, 'Deployer', undefined))).toBe(true);
        const read = await store.read((r) => r.roles.get(A, 'DEPLOYER'));
        expect(read?.assumeRolePolicyDocument).toBe('{"b":2}');
        expect(read?.permissionsBoundaryArn).toBeUndefined();
        expect(await store.read((r) => r.roles.getById(A, role.id))).toEqual(read);
        expect(await tx((t) => t.roles.update(A, 'nobody', {}))).toBeUndefined();
      });

      it('records last use without raising the generation', async () => {
        await tx((t) => createRole(t, A, 'r'));
        const before = await store.generation(A);
        const when = new Date('2024-05-05T00:00:00.000Z');
        expect(await tx((t) => t.roles.recordLastUsed(A, 'r', { date: when, region: 'eu-west-1' }))).toBe(
          true,
        );
        expect((await store.read((r) => r.roles.get(A, 'r')))?.roleLastUsed).toEqual({
          lastUsedDate: when,
          region: 'eu-west-1',
        });
        expect(await store.generation(A)).toBe(before);
      });

      it('counts what blocks DeleteRole, and deletes', async () => {
        await tx(async (t) => {
          await createRole(t, A, 'r');
          await createProfile(t, A, 'ip');
          await t.instanceProfiles.addRole(A, 'ip', 'r');
          await t.inlinePolicies.put(A, { kind: 'role', name: 'r' }, 'p', doc('s3:*'));
          await t.attachments.attach(A, { kind: 'role', name: 'r' }, LAMBDA_ARN);
        });
        expect(await store.read((r) => r.roles.dependents(A, 'R'))).toEqual({
          inlinePolicies: 1,
          attachedPolicies: 1,
          instanceProfiles: 1,
        });
        await tx(async (t) => {
          await t.instanceProfiles.removeRole(A, 'ip', 'r');
          await t.inlinePolicies.delete(A, { kind: 'role', name: 'r' }, 'p');
          await t.attachments.detach(A, { kind: 'role', name: 'r' }, LAMBDA_ARN);
          expect(await t.roles.delete(A, 'r')).toBe(true);
        });
        expect(await store.read((r) => r.roles.count(A))).toBe(0);
      });
    });

    describe('managed policies and versions', () => {
      it('creates v1 as default, with AWS wording on a duplicate name', async () => {
        const p = await tx((t) =>
          t.policies.create(A, {
            id: ids.policy(),
            name: 'S3Read',
            path: '/team/',
            description: 'read',
            document: doc('s3:Get*'),
            createDate: T0,
          }),
        );
        expect(p).toMatchObject({
          arn: 'arn:aws:iam::111111111111:policy/team/S3Read',
          defaultVersionId: 'v1',
          attachmentCount: 0,
          permissionsBoundaryUsageCount: 0,
          isAttachable: true,
          description: 'read',
        });
        await expectAwsError(
          tx((t) => createPolicy(t, A, 's3read')),
          'EntityAlreadyExists',
          'A policy called s3read already exists. Duplicate names are not allowed.',
        );
        expect(await store.read((r) => r.policies.get(A, p.arn))).toEqual(p);
        expect((await store.read((r) => r.policies.getByName(A, 'S3READ')))?.id).toBe(p.id);
        expect(await store.read((r) => r.policies.getVersion(A, p.arn, 'v1'))).toEqual({
          versionId: 'v1',
          document: doc('s3:Get*'),
          isDefault: true,
          createDate: T0,
        });
      });

      it('addresses a policy by its exact ARN only', async () => {
        await tx((t) => createPolicy(t, A, 'S3Read', doc('s3:*'), '/team/'));
        for (const arn of [
          policyArnIn(A, 'S3Read'),
          policyArnIn(A, 's3read', '/team/'),
          policyArnIn(B, 'S3Read', '/team/'),
          'arn:aws-cn:iam::111111111111:policy/team/S3Read',
          'not-an-arn',
        ]) {
          expect(await store.read((r) => r.policies.get(A, arn))).toBeUndefined();
        }
      });

      it('numbers versions without reuse, switches the default, refuses deleting the default', async () => {
        const p = await tx((t) => createPolicy(t, A, 'p', doc('a:*')));
        const v2 = await tx((t) =>
          t.policies.createVersion(A, p.arn, { document: doc('b:*'), setAsDefault: true, createDate: T0 }),
        );
        expect(v2).toMatchObject({ versionId: 'v2', isDefault: true });
        await tx((t) =>
          t.policies.createVersion(A, p.arn, { document: doc('c:*'), setAsDefault: false, createDate: T0 }),
        );
        expect((await store.read((r) => r.policies.get(A, p.arn)))?.defaultVersionId).toBe('v2');
        expect(
          (await store.read((r) => r.policies.listVersions(A, p.arn)))?.map((v) => [
            v.versionId,
            v.isDefault,
          ]),
        ).toEqual([
          ['v3', false],
          ['v2', true],
          ['v1', false],
        ]);
        expect(await tx((t) => t.policies.deleteVersion(A, p.arn, 'v2'))).toBe(false);
        expect(await tx((t) => t.policies.deleteVersion(A, p.arn, 'v3'))).toBe(true);
        expect(await tx((t) => t.policies.deleteVersion(A, p.arn, 'v3'))).toBe(false);
        const v4 = await tx((t) =>
          t.policies.createVersion(A, p.arn, { document: doc('d:*'), setAsDefault: false, createDate: T0 }),
        );
        expect(v4?.versionId).toBe('v4');
        expect(await tx((t) => t.policies.setDefaultVersion(A, p.arn, 'v1', T0))).toBe(true);
        expect(await tx((t) => t.policies.setDefaultVersion(A, p.arn, 'v3', T0))).toBe(false);
        expect(await tx((t) => t.policies.setDefaultVersion(A, p.arn, 'bogus', T0))).toBe(false);
        expect((await store.read((r) => r.policies.getVersion(A, p.arn, 'v1')))?.isDefault).toBe(true);
        expect(await store.read((r) => r.policies.countVersions(A, p.arn))).toBe(3);
        expect(await store.read((r) => r.policies.getVersion(A, p.arn, 'v9'))).toBeUndefined();
        expect(
          await tx((t) =>
            t.policies.createVersion(A, policyArnIn(A, 'nope'), {
              document: '{}',
              setAsDefault: false,
              createDate: T0,
            }),
          ),
        ).toBeUndefined();
      });

      it('counts attachments and boundary uses, lists only attached ones, deletes with versions', async () => {
        const p = await tx(async (t) => {
          const policy = await createPolicy(t, A, 'p');
          await createPolicy(t, A, 'q');
          await createUser(t, A, 'u');
          await createRole(t, A, 'r');
          await createGroup(t, A, 'g');
          await t.attachments.attach(A, { kind: 'user', name: 'u' }, policy.arn);
          await t.attachments.attach(A, { kind: 'group', name: 'g' }, policy.arn);
          await t.roles.setPermissionsBoundary(A, 'r', policy.arn);
          return policy;
        });
        const read = await store.read((r) => r.policies.get(A, p.arn));
        expect(read).toMatchObject({ attachmentCount: 2, permissionsBoundaryUsageCount: 1 });
        expect(
          (await store.read((r) => r.policies.list(A, { onlyAttached: true }))).items.map((x) => x.name),
        ).toEqual(['p']);
        expect((await store.read((r) => r.policies.list(A))).items.map((x) => x.name)).toEqual(['p', 'q']);
        await expect(tx((t) => t.policies.delete(A, p.arn))).rejects.toThrow();
        await tx(async (t) => {
          await t.attachments.detach(A, { kind: 'user', name: 'u' }, p.arn);
          await t.attachments.detach(A, { kind: 'group', name: 'g' }, p.arn);
          await t.policies.createVersion(A, p.arn, {
            document: doc('x:*'),
            setAsDefault: false,
            createDate: T0,
          });
          expect(await t.policies.delete(A, p.arn)).toBe(true);
        });
        expect(await store.read((r) => r.policies.get(A, p.arn))).toBeUndefined();
        expect(await store.read((r) => r.policies.count(A))).toBe(1);
        expect((await store.read((r) => r.accounts.usage(A))).policyVersionsInUse).toBe(1);
      });
    });

    describe('attachments', () => {
      it('attaches customer and AWS-managed policies idempotently and lists them by name', async () => {
        const p = await tx(async (t) => {
          await createUser(t, A, 'u');
          const policy = await createPolicy(t, A, 'Custom');
          expect(await t.attachments.attach(A, { kind: 'user', name: 'U' }, policy.arn)).toBe('attached');
          expect(await t.attachments.attach(A, { kind: 'user', name: 'u' }, policy.arn)).toBe('attached');
          expect(await t.attachments.attach(A, { kind: 'user', name: 'u' }, LAMBDA_ARN)).toBe('attached');
          expect(await t.attachments.attach(A, { kind: 'user', name: 'u' }, READ_ONLY_ARN)).toBe('attached');
          return policy;
        });
        expect(await store.read((r) => r.attachments.list(A, { kind: 'user', name: 'u' }))).toEqual([
          {
            accountId: A,
            owner: { kind: 'user', name: 'u' },
            policyArn: LAMBDA_ARN,
            policyName: 'AWSLambdaBasicExecutionRole',
          },
          { accountId: A, owner: { kind: 'user', name: 'u' }, policyArn: p.arn, policyName: 'Custom' },
          {
            accountId: A,
            owner: { kind: 'user', name: 'u' },
            policyArn: READ_ONLY_ARN,
            policyName: 'ReadOnlyAccess',
          },
        ]);
        expect(await store.read((r) => r.attachments.countForPolicy(A, READ_ONLY_ARN))).toBe(1);
        expect(
          await store.read((r) => r.attachments.list(A, { kind: 'user', name: 'nobody' })),
        ).toBeUndefined();
      });

      it('refuses missing owners and unknown policies', async () => {
        await tx(async (t) => {
          await createRole(t, A, 'r');
          expect(await t.attachments.attach(A, { kind: 'group', name: 'r' }, READ_ONLY_ARN)).toBe('no-owner');
          expect(
            await t.attachments.attach(
              A,
              { kind: 'role', name: 'r' },
              'arn:aws:iam::aws:policy/NoSuchPolicy',
            ),
          ).toBe('no-policy');
          expect(await t.attachments.attach(A, { kind: 'role', name: 'r' }, policyArnIn(A, 'missing'))).toBe(
            'no-policy',
          );
          expect(await t.attachments.attach(A, { kind: 'role', name: 'r' }, 'garbage')).toBe('no-policy');
          expect(await t.attachments.detach(A, { kind: 'role', name: 'r' }, READ_ONLY_ARN)).toBe(false);
        });
      });

      it('lists the entities a policy is attached to', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'zed');
          await createUser(t, A, 'amy');
          await createGroup(t, A, 'g');
          await createRole(t, A, 'r');
          for (const owner of [
            { kind: 'user', name: 'zed' },
            { kind: 'user', name: 'amy' },
            { kind: 'group', name: 'g' },
            { kind: 'role', name: 'r' },
          ] as const) {
            await t.attachments.attach(A, owner, READ_ONLY_ARN);
          }
        });
        const entities = await store.read((r) => r.attachments.listEntities(A, READ_ONLY_ARN));
        expect(entities.users.map((u) => u.name)).toEqual(['amy', 'zed']);
        expect(entities.groups.map((g) => g.name)).toEqual(['g']);
        expect(entities.roles.map((r) => r.name)).toEqual(['r']);
        expect(await store.read((r) => r.attachments.countForPolicy(A, READ_ONLY_ARN))).toBe(4);
        expect(await store.read((r) => r.attachments.listEntities(A, LAMBDA_ARN))).toEqual({
          users: [],
          groups: [],
          roles: [],
        });
      });
    });

    describe('inline policies', () => {
      it('puts, replaces, reads, lists and deletes, with exact names', async () => {
        const owner = { kind: 'group', name: 'devs' } as const;
        await tx(async (t) => {
          await createGroup(t, A, 'devs');
          expect(await t.inlinePolicies.put(A, owner, 'b', doc('b:*'))).toBe(true);
          expect(await t.inlinePolicies.put(A, owner, 'a', doc('a:*'))).toBe(true);
          expect(await t.inlinePolicies.put(A, owner, 'A', doc('A:*'))).toBe(true);
          expect(await t.inlinePolicies.put(A, owner, 'a', doc('a2:*'))).toBe(true);
          expect(await t.inlinePolicies.put(A, { kind: 'user', name: 'devs' }, 'a', doc('x'))).toBe(false);
        });
        expect(
          await store.read((r) => r.inlinePolicies.listNames(A, { kind: 'group', name: 'DEVS' })),
        ).toEqual(['A', 'a', 'b']);
        expect((await store.read((r) => r.inlinePolicies.get(A, owner, 'a')))?.document).toBe(doc('a2:*'));
        expect(await store.read((r) => r.inlinePolicies.get(A, owner, 'c'))).toBeUndefined();
        expect(await tx((t) => t.inlinePolicies.delete(A, owner, 'a'))).toBe(true);
        expect(await tx((t) => t.inlinePolicies.delete(A, owner, 'a'))).toBe(false);
        expect((await store.read((r) => r.inlinePolicies.list(A, owner)))?.map((p) => p.name)).toEqual([
          'A',
          'b',
        ]);
        expect(
          await store.read((r) => r.inlinePolicies.list(A, { kind: 'role', name: 'devs' })),
        ).toBeUndefined();
      });
    });

    describe('tags', () => {
      it('upserts keys case-insensitively on users, exactly on policies; removes; survives renames; goes with the entity', async () => {
        const user = await tx((t) => createUser(t, A, 'u'));
        const policy = await tx((t) => createPolicy(t, A, 'p'));
        await tx(async (t) => {
          await t.tags.put(A, 'user', user.id, [
            { key: 'Team', value: 'a' },
            { key: 'env', value: 'prod' },
          ]);
          await t.tags.put(A, 'user', user.id, [{ key: 'TEAM', value: 'b' }]);
          await t.tags.put(A, 'policy', policy.id, [
            { key: 'Team', value: 'a' },
            { key: 'TEAM', value: 'b' },
          ]);
        });
        expect(await store.read((r) => r.tags.list(A, 'user', user.id))).toEqual([
          { key: 'env', value: 'prod' },
          { key: 'TEAM', value: 'b' },
        ]);
        expect(await store.read((r) => r.tags.count(A, 'policy', policy.id))).toBe(2);
        await tx((t) => t.tags.remove(A, 'user', user.id, ['team', 'absent']));
        expect(await store.read((r) => r.tags.list(A, 'user', user.id))).toEqual([
          { key: 'env', value: 'prod' },
        ]);
        await tx((t) => t.users.update(A, 'u', { newName: 'v' }));
        expect(await store.read((r) => r.tags.count(A, 'user', user.id))).toBe(1);
        await tx((t) => t.users.delete(A, 'v'));
        expect(await store.read((r) => r.tags.count(A, 'user', user.id))).toBe(0);
        await tx((t) => t.policies.delete(A, policy.arn));
        expect(await store.read((r) => r.tags.count(A, 'policy', policy.id))).toBe(0);
      });
    });

    describe('instance profiles', () => {
      it('creates, clashes, holds a role, lists for a role, refuses deleting while it holds one', async () => {
        const ip = await tx((t) => createProfile(t, A, 'Web', '/apps/'));
        expect(ip).toMatchObject({ arn: 'arn:aws:iam::111111111111:instance-profile/apps/Web', roles: [] });
        await expectAwsError(
          tx((t) => createProfile(t, A, 'WEB')),
          'EntityAlreadyExists',
          'Instance Profile WEB already exists.',
        );
        await tx(async (t) => {
          await createRole(t, A, 'r');
          expect(await t.instanceProfiles.addRole(A, 'web', 'R')).toBe('added');
          expect(await t.instanceProfiles.addRole(A, 'nope', 'r')).toBe('no-profile');
          expect(await t.instanceProfiles.addRole(A, 'web', 'nope')).toBe('no-role');
        });
        const read = await store.read((r) => r.instanceProfiles.get(A, 'web'));
        expect(read?.roles.map((r) => r.name)).toEqual(['r']);
        expect((await store.read((r) => r.instanceProfiles.list(A))).items[0]?.roles).toHaveLength(1);
        expect((await store.read((r) => r.instanceProfiles.listForRole(A, 'r')))?.map((p) => p.name)).toEqual(
          ['Web'],
        );
        expect(await store.read((r) => r.instanceProfiles.listForRole(A, 'nope'))).toBeUndefined();
        await expect(tx((t) => t.instanceProfiles.delete(A, 'web'))).rejects.toThrow();
        await tx(async (t) => {
          expect(await t.instanceProfiles.removeRole(A, 'web', 'r')).toBe(true);
          expect(await t.instanceProfiles.delete(A, 'web')).toBe(true);
        });
        expect(await store.read((r) => r.instanceProfiles.count(A))).toBe(0);
      });
    });

    describe('access keys', () => {
      it('creates for a user and for the root; finds by id alone; keeps the ciphertext opaque', async () => {
        const [userKey, rootKey] = await tx(async (t) => {
          await createUser(t, A, 'alice');
          return [await createKey(t, A, 'ALICE'), await createKey(t, A, undefined)];
        });
        expect(userKey).toMatchObject({ accountId: A, userName: 'alice', status: 'Active', createDate: T0 });
        expect(rootKey?.userName).toBeUndefined();
        expect(Buffer.isBuffer(userKey?.secretCiphertext)).toBe(true);
        expect([...userKey!.secretCiphertext]).toEqual([1, 2, 3, 0, 255]);
        expect(await store.read((r) => r.accessKeys.find(userKey!.accessKeyId))).toEqual(userKey);
        expect(
          await store.read((r) => r.accessKeys.find('AKIANOTTHERE00000000' as AccessKeyId)),
        ).toBeUndefined();
        expect((await store.read((r) => r.accessKeys.list(A, 'alice')))?.map((k) => k.accessKeyId)).toEqual([
          userKey!.accessKeyId,
        ]);
        expect((await store.read((r) => r.accessKeys.list(A, undefined)))?.map((k) => k.accessKeyId)).toEqual(
          [rootKey!.accessKeyId],
        );
        expect(await store.read((r) => r.accessKeys.list(A, 'nobody'))).toBeUndefined();
        expect(await store.read((r) => r.accessKeys.countForRoot(A))).toBe(1);
        expect(await tx((t) => createKey(t, A, 'nobody'))).toBeUndefined();
      });

      it('changes status and deletes only through the owning user', async () => {
        const key = await tx(async (t) => {
          await createUser(t, A, 'alice');
          await createUser(t, A, 'bob');
          return (await createKey(t, A, 'alice'))!;
        });
        expect(await tx((t) => t.accessKeys.updateStatus(A, 'bob', key.accessKeyId, 'Inactive'))).toBe(false);
        expect(await tx((t) => t.accessKeys.updateStatus(A, undefined, key.accessKeyId, 'Inactive'))).toBe(
          false,
        );
        expect(await tx((t) => t.accessKeys.updateStatus(A, 'alice', key.accessKeyId, 'Inactive'))).toBe(
          true,
        );
        expect((await store.read((r) => r.accessKeys.get(A, key.accessKeyId)))?.status).toBe('Inactive');
        expect(await tx((t) => t.accessKeys.delete(A, 'bob', key.accessKeyId))).toBe(false);
        expect(await tx((t) => t.accessKeys.delete(A, 'alice', key.accessKeyId))).toBe(true);
        expect(await store.read((r) => r.accessKeys.find(key.accessKeyId))).toBeUndefined();
      });

      it('records last use without raising the generation', async () => {
        const key = await tx(async (t) => {
          await createUser(t, A, 'alice');
          return (await createKey(t, A, 'alice'))!;
        });
        const before = await store.generation(A);
        const lastUsed = {
          lastUsedDate: new Date('2024-06-01T00:00:00.000Z'),
          serviceName: 'iam',
          region: 'us-east-1',
        };
        expect(await tx((t) => t.accessKeys.recordLastUsed(A, key.accessKeyId, lastUsed))).toBe(true);
        expect((await store.read((r) => r.accessKeys.find(key.accessKeyId)))?.lastUsed).toEqual(lastUsed);
        expect(await store.generation(A)).toBe(before);
      });
    });

    describe('virtual MFA devices', () => {
      it('creates, refuses a duplicate path and name in any case, and keeps accounts apart', async () => {
        const device = await tx((t) => t.mfaDevices.create(A, newDevice('phone', '/eng/')));
        expect(device).toMatchObject({
          accountId: A,
          serialNumber: `arn:aws:iam::${A}:mfa/eng/phone`,
          path: '/eng/',
          name: 'phone',
          createDate: T0,
          seedCiphertext: Buffer.from('sealed-phone'),
        });
        expect(device.assignedTo).toBeUndefined();
        await expectAwsError(
          tx((t) => t.mfaDevices.create(A, newDevice('PHONE', '/eng/'))),
          'EntityAlreadyExists',
          'MFADevice entity at the same path and name already exists.',
        );
        await tx((t) => t.mfaDevices.create(A, newDevice('phone', '/ops/')));
        await tx((t) => t.mfaDevices.create(B, newDevice('phone', '/eng/')));
        expect((await store.read((r) => r.mfaDevices.get(A, '/eng/', 'Phone')))?.name).toBe('phone');
        expect(await store.read((r) => r.mfaDevices.count(A))).toBe(2);
        expect(await store.read((r) => r.mfaDevices.count(B))).toBe(1);
        expect(await tx((t) => t.mfaDevices.delete(B, '/ops/', 'phone'))).toBe(false);
        expect(await store.read((r) => r.mfaDevices.get(A, '/ops/', 'phone'))).toBeDefined();
      });

      it('assigns to a user or the root once, lists by owner and status, and unassigns', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'alice');
          for (const n of ['a', 'b', 'c', 'd']) await t.mfaDevices.create(A, newDevice(n));
        });
        expect(await tx((t) => t.mfaDevices.assign(A, '/', 'a', 'ALICE', T0, 7))).toBe('ok');
        expect(await tx((t) => t.mfaDevices.assign(A, '/', 'a', 'alice', T0, 7))).toBe('in-use');
        expect(await tx((t) => t.mfaDevices.assign(A, '/', 'b', undefined, T0, 7))).toBe('ok');
        expect(await tx((t) => t.mfaDevices.assign(A, '/', 'c', 'nobody', T0, 7))).toBe('no-user');
        expect(await tx((t) => t.mfaDevices.assign(A, '/', 'zz', 'alice', T0, 7))).toBe('no-device');
        expect(await tx((t) => t.mfaDevices.assign(B, '/', 'c', undefined, T0, 7))).toBe('no-device');
        const alice = await store.read((r) => r.mfaDevices.listAssigned(A, 'alice'));
        expect(alice?.map((d) => [d.name, d.assignedTo, d.enableDate, d.lastAcceptedStep])).toEqual([
          ['a', { kind: 'user', userName: 'alice' }, T0, 7],
        ]);
        expect(
          (await store.read((r) => r.mfaDevices.listAssigned(A, undefined)))?.map((d) => d.name),
        ).toEqual(['b']);
        expect(await store.read((r) => r.mfaDevices.listAssigned(A, 'nobody'))).toBeUndefined();
        expect(await store.read((r) => r.mfaDevices.listAssigned(B, undefined))).toEqual([]);
        const names = async (assignment: 'Assigned' | 'Unassigned' | 'Any') =>
          (await store.read((r) => r.mfaDevices.list(A, { assignment }))).items.map((d) => d.name);
        expect(await names('Assigned')).toEqual(['a', 'b']);
        expect(await names('Unassigned')).toEqual(['c', 'd']);
        expect(await names('Any')).toEqual(['a', 'b', 'c', 'd']);
        expect(await store.read((r) => r.mfaDevices.count(A, 'Assigned'))).toBe(2);
        expect(await store.read((r) => r.mfaDevices.count(A, 'Unassigned'))).toBe(2);
        expect(await tx((t) => t.mfaDevices.unassign(A, '/', 'a'))).toBe(true);
        const a = await store.read((r) => r.mfaDevices.get(A, '/', 'a'));
        expect([a?.assignedTo, a?.enableDate, a?.lastAcceptedStep]).toEqual([
          undefined,
          undefined,
          undefined,
        ]);
        expect(await tx((t) => t.mfaDevices.unassign(A, '/', 'zz'))).toBe(false);
      });

      it('pages the device list by path and name with markers bound to the filter', async () => {
        await tx(async (t) => {
          for (const [n, p] of [
            ['x', '/b/'],
            ['y', '/a/'],
            ['z', '/'],
            ['w', '/a/'],
          ] as const) {
            await t.mfaDevices.create(A, newDevice(n, p));
          }
        });
        const first = await store.read((r) => r.mfaDevices.list(A, { maxItems: 3 }));
        expect(first.items.map((d) => d.path + d.name)).toEqual(['/z', '/a/w', '/a/y']);
        const second = await store.read((r) => r.mfaDevices.list(A, { maxItems: 3, marker: first.marker! }));
        expect(second.items.map((d) => d.path + d.name)).toEqual(['/b/x']);
        expect(second.marker).toBeUndefined();
        await expectAwsError(
          store.read((r) =>
            r.mfaDevices.list(A, { maxItems: 3, marker: first.marker!, assignment: 'Assigned' }),
          ),
          'InvalidInput',
        );
      });

      it('accepts only a later time step (replay protection), without raising the generation', async () => {
        await tx((t) => t.mfaDevices.create(A, newDevice('t')));
        const generation = await store.generation(A);
        expect(await tx((t) => t.mfaDevices.acceptStep(A, '/', 't', 100))).toBe(true);
        expect(await tx((t) => t.mfaDevices.acceptStep(A, '/', 't', 100))).toBe(false);
        expect(await tx((t) => t.mfaDevices.acceptStep(A, '/', 't', 99))).toBe(false);
        expect(await tx((t) => t.mfaDevices.acceptStep(A, '/', 't', 101))).toBe(true);
        expect(await tx((t) => t.mfaDevices.acceptStep(B, '/', 't', 500))).toBe(false);
        expect(await store.generation(A)).toBe(generation);
        expect((await store.read((r) => r.mfaDevices.get(A, '/', 't')))?.lastAcceptedStep).toBe(101);
        expect(await tx((t) => t.mfaDevices.resetStep(A, '/', 't', 50))).toBe(true);
        expect((await store.read((r) => r.mfaDevices.get(A, '/', 't')))?.lastAcceptedStep).toBe(50);
      });

      it('deletes a device with its tags', async () => {
        const device = await tx((t) => t.mfaDevices.create(A, newDevice('tagged')));
        await tx((t) => t.tags.put(A, 'mfa', device.id, [{ key: 'k', value: 'v' }]));
        expect(await tx((t) => t.mfaDevices.delete(A, '/', 'tagged'))).toBe(true);
        expect(await store.read((r) => r.tags.list(A, 'mfa', device.id))).toEqual([]);
        expect(await tx((t) => t.mfaDevices.delete(A, '/', 'tagged'))).toBe(false);
      });
    });

    describe('login profiles, password policy, console sessions', () => {
      const T1 = new Date(T0.getTime() + 60_000);
      it('creates, re-passwords with history, flags and deletes a login profile, scoped by account', async () => {
        await tx((t) => createUser(t, A, 'alice'));
        expect(await tx((t) => t.loginProfiles.create(A, 'nobody', { passwordHash: 'h0', at: T0 }))).toBe(
          'no-user',
        );
        const created = await tx((t) =>
          t.loginProfiles.create(A, 'ALICE', { passwordHash: 'h0', at: T0, passwordResetRequired: true }),
        );
        expect(created).toMatchObject({ userName: 'alice', passwordHash: 'h0', passwordResetRequired: true });
        expect(await tx((t) => t.loginProfiles.create(A, 'alice', { passwordHash: 'x', at: T0 }))).toBe(
          'exists',
        );
        expect(await store.read((r) => r.loginProfiles.get(B, 'alice'))).toBeUndefined();
        for (let i = 1; i <= 30; i++) {
          await tx((t) => t.loginProfiles.setPassword(A, 'alice', { passwordHash: `h${i}`, at: T1 }));
        }
        const recent = await store.read((r) => r.loginProfiles.recentHashes(A, 'alice', 3));
        expect(recent).toEqual(['h30', 'h29', 'h28']);
        expect(await store.read((r) => r.loginProfiles.recentHashes(A, 'alice', 24))).toHaveLength(24);
        expect(await store.read((r) => r.loginProfiles.get(A, 'alice'))).toMatchObject({
          passwordChangedAt: T1,
          passwordResetRequired: true,
        });
        expect(await tx((t) => t.loginProfiles.setResetRequired(A, 'alice', false))).toBe(true);
        await tx((t) => t.loginProfiles.recordSignIn(A, 'alice', T1));
        expect((await store.read((r) => r.users.get(A, 'alice')))?.passwordLastUsed).toEqual(T1);
        expect(await tx((t) => t.loginProfiles.delete(B, 'alice'))).toBe(false);
        expect(await tx((t) => t.loginProfiles.delete(A, 'alice'))).toBe(true);
        expect(await store.read((r) => r.loginProfiles.recentHashes(A, 'alice', 5))).toEqual([]);
      });

      it("keeps the root user's password apart from users' (created only when asked)", async () => {
        expect(
          await tx((t) => t.loginProfiles.setPassword(A, undefined, { passwordHash: 'r', at: T0 })),
        ).toBe(false);
        expect(
          await tx((t) =>
            t.loginProfiles.setPassword(A, undefined, { passwordHash: 'r', at: T0 }, { createRoot: true }),
          ),
        ).toBe(true);
        expect(await store.read((r) => r.loginProfiles.get(A, undefined))).toMatchObject({
          passwordHash: 'r',
        });
        expect(await store.read((r) => r.loginProfiles.get(B, undefined))).toBeUndefined();
      });

      it('puts, replaces and deletes the password policy per account', async () => {
        const policy = {
          accountId: A,
          minimumPasswordLength: 12,
          requireSymbols: true,
          requireNumbers: false,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: false,
          allowUsersToChangePassword: true,
          maxPasswordAge: 90,
          passwordReusePrevention: 5,
          hardExpiry: false,
        };
        await tx((t) => t.passwordPolicies.put(policy));
        expect(await store.read((r) => r.passwordPolicies.get(A))).toEqual(policy);
        expect(await store.read((r) => r.passwordPolicies.get(B))).toBeUndefined();
        const replaced = {
          ...policy,
          maxPasswordAge: undefined,
          passwordReusePrevention: undefined,
          hardExpiry: undefined,
        };
        await tx((t) => t.passwordPolicies.put(replaced));
        expect(await store.read((r) => r.passwordPolicies.get(A))).toEqual({
          accountId: A,
          minimumPasswordLength: 12,
          requireSymbols: true,
          requireNumbers: false,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: false,
          allowUsersToChangePassword: true,
        });
        expect(await tx((t) => t.passwordPolicies.delete(B))).toBe(false);
        expect(await tx((t) => t.passwordPolicies.delete(A))).toBe(true);
      });

      it('finds sessions by token hash, follows renames, drops deleted users and expired sessions', async () => {
        await tx((t) => createUser(t, A, 'alice'));
        const session = {
          tokenHash: 'a'.repeat(64),
          accountId: A,
          userName: 'alice',
          issuedAt: T0,
          expiresAt: T1,
          csrfHash: 'c'.repeat(64),
        };
        await tx((t) => t.consoleSessions.create(session));
        await tx((t) =>
          t.consoleSessions.create({ ...session, tokenHash: 'b'.repeat(64), userName: undefined as never }),
        );
        expect(await store.read((r) => r.consoleSessions.find('a'.repeat(64)))).toEqual(session);
        await tx((t) => t.users.update(A, 'alice', { newName: 'alicia' }));
        expect((await store.read((r) => r.consoleSessions.find('a'.repeat(64))))?.userName).toBe('alicia');
        expect(await tx((t) => t.consoleSessions.delete(B, 'a'.repeat(64)))).toBe(false);
        await tx((t) => t.users.delete(A, 'alicia'));
        expect(await store.read((r) => r.consoleSessions.find('a'.repeat(64)))).toBeUndefined();
        expect((await store.read((r) => r.consoleSessions.find('b'.repeat(64))))?.userName).toBeUndefined();
        expect(await tx((t) => t.consoleSessions.deleteExpired(T1))).toBe(2);
        expect(await store.read((r) => r.consoleSessions.find('b'.repeat(64)))).toBeUndefined();
      });
    });

    describe('transactions', () => {
      it("rolls back every repository's writes when fn throws, and rethrows", async () => {
        const boom = new Error('boom');
        await expect(
          tx(async (t) => {
            await createUser(t, A, 'alice');
            await createGroup(t, A, 'devs');
            await t.groups.addMember(A, 'devs', 'alice');
            await createPolicy(t, A, 'p');
            await t.accounts.setAlias(A, 'acme');
            throw boom;
          }),
        ).rejects.toBe(boom);
        const usage = await store.read((r) => r.accounts.usage(A));
        expect(usage).toMatchObject({ users: 0, groups: 0, policies: 0, policyVersionsInUse: 0 });
        expect((await store.read((r) => r.accounts.get(A)))?.alias).toBeUndefined();
        expect(await store.generation(A)).toBe(0);
      });

      it('rolls back the earlier writes of a transaction that hits a name clash', async () => {
        await tx((t) => createUser(t, A, 'alice'));
        await expectAwsError(
          tx(async (t) => {
            await createGroup(t, A, 'devs');
            await createUser(t, A, 'ALICE');
          }),
          'EntityAlreadyExists',
        );
        expect(await store.read((r) => r.groups.count(A))).toBe(0);
      });

      it('accepts a synchronous fn', async () => {
        expect(await store.transaction(() => 42)).toBe(42);
      });

      it('serializes concurrent transactions so check-then-act holds', async () => {
        const attempts = Array.from({ length: 30 }, (_, i) =>
          tx(async (t) => {
            if ((await t.users.count(A)) >= 10) return false;
            await new Promise((resolve) => setTimeout(resolve, 1));
            await createUser(t, A, `user-${i}`);
            return true;
          }),
        );
        const results = await Promise.all(attempts);
        expect(results.filter(Boolean)).toHaveLength(10);
        expect(await store.read((r) => r.users.count(A))).toBe(10);
      });

      it('keeps going after a failed transaction', async () => {
        const results = await Promise.allSettled([
          tx((t) => createUser(t, A, 'a')),
          tx(async () => {
            throw new Error('x');
          }),
          tx((t) => createUser(t, A, 'b')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.read((r) => r.users.count(A))).toBe(2);
      });

      it('refuses a nested transaction', async () => {
        await expect(tx(() => store.transaction(async () => 1))).rejects.toThrow(/nest/);
      });

      it('answers ping', async () => {
        expect(await store.ping()).toBe(true);
      });
    });

    describe('generation', () => {
      it('rises once per writing transaction, per account, and not on reads', async () => {
        expect(await store.generation(A)).toBe(0);
        await tx(async (t) => {
          await createUser(t, A, 'u');
          await createGroup(t, A, 'g');
          await t.groups.addMember(A, 'g', 'u');
        });
        expect(await store.generation(A)).toBe(1);
        expect(await store.generation(B)).toBe(0);
        await store.read((r) => r.users.list(A));
        await tx((t) => t.users.get(A, 'u'));
        expect(await store.generation(A)).toBe(1);
        expect(await store.generation('999999999999' as AccountId)).toBe(0);
      });

      it('rises for each kind of write that can change a decision', async () => {
        await tx(async (t) => {
          await createUser(t, A, 'u');
          await createGroup(t, A, 'g');
          await createRole(t, A, 'r');
          await createPolicy(t, A, 'p');
        });
        const p = policyArnIn(A, 'p');
        const writes: ((t: StoreTx) => Promise<unknown>)[] = [
          (t) => t.inlinePolicies.put(A, { kind: 'user', name: 'u' }, 'i', doc('s3:*')),
          (t) => t.attachments.attach(A, { kind: 'role', name: 'r' }, p),
          (t) => t.attachments.detach(A, { kind: 'role', name: 'r' }, p),
          (t) => t.groups.addMember(A, 'g', 'u'),
          (t) => t.groups.removeMember(A, 'g', 'u'),
          (t) => t.users.setPermissionsBoundary(A, 'u', p),
          (t) => t.roles.setPermissionsBoundary(A, 'r', p),
          (t) => t.roles.updateAssumeRolePolicy(A, 'r', '{}'),
          (t) => t.policies.createVersion(A, p, { document: doc('x:*'), setAsDefault: true, createDate: T0 }),
          (t) => t.policies.setDefaultVersion(A, p, 'v1', T0),
          (t) => t.policies.deleteVersion(A, p, 'v2'),
          (t) => createKey(t, A, 'u'),
          (t) => t.users.update(A, 'u', { newName: 'u2' }),
          async (t) => t.tags.put(A, 'role', (await t.roles.get(A, 'r'))!.id, [{ key: 'k', value: 'v' }]),
        ];
        for (const write of writes) {
          const before = await store.generation(A);
          await tx(write);
          expect(await store.generation(A)).toBe(before + 1);
        }
      });

      it('does not rise when a write finds nothing to change', async () => {
        await tx(async (t) => {
          await t.users.delete(A, 'nobody');
          await t.groups.removeMember(A, 'g', 'u');
          await t.inlinePolicies.delete(A, { kind: 'user', name: 'nobody' }, 'x');
        });
        expect(await store.generation(A)).toBe(0);
      });
    });

    describe('principalPolicies', () => {
      beforeEach(async () => {
        await tx(async (t) => {
          const u = await createUser(t, A, 'alice', '/eng/');
          await createGroup(t, A, 'devs');
          await createGroup(t, A, 'admins');
          await t.groups.addMember(A, 'devs', 'alice');
          await t.groups.addMember(A, 'admins', 'alice');
          await t.inlinePolicies.put(A, { kind: 'user', name: 'alice' }, 'own', doc('own:*'));
          const custom = await createPolicy(t, A, 'Custom', doc('custom:v1'));
          await t.policies.createVersion(A, custom.arn, {
            document: doc('custom:v2'),
            setAsDefault: true,
            createDate: T0,
          });
          await t.attachments.attach(A, { kind: 'user', name: 'alice' }, custom.arn);
          await t.inlinePolicies.put(A, { kind: 'group', name: 'devs' }, 'devs-inline', doc('devs:*'));
          await t.attachments.attach(A, { kind: 'group', name: 'admins' }, READ_ONLY_ARN);
          await createPolicy(t, A, 'Boundary', doc('boundary:*'));
          await t.users.setPermissionsBoundary(A, 'alice', policyArnIn(A, 'Boundary'));
          await t.tags.put(A, 'user', u.id, [{ key: 'team', value: 'core' }]);
        });
      });

      it("returns a user's own, attached, group and boundary policies in one read", async () => {
        const pp = await store.principalPolicies(A, { kind: 'user', name: 'ALICE' });
        expect(pp).toBeDefined();
        expect(pp!.generation).toBe(await store.generation(A));
        expect(pp!.principal).toMatchObject({
          kind: 'user',
          name: 'alice',
          path: '/eng/',
          arn: 'arn:aws:iam::111111111111:user/eng/alice',
          tags: [{ key: 'team', value: 'core' }],
        });
        expect(pp!.groups.map((g) => g.name)).toEqual(['admins', 'devs']);
        expect(
          pp!.identityPolicies.map((p) => [p.source, p.ownerKind, p.ownerName, p.name, p.document]),
        ).toEqual([
          ['inline', 'user', 'alice', 'own', doc('own:*')],
          ['managed', 'user', 'alice', policyArnIn(A, 'Custom'), doc('custom:v2')],
          ['managed', 'group', 'admins', READ_ONLY_ARN, doc('*:Get*')],
          ['inline', 'group', 'devs', 'devs-inline', doc('devs:*')],
        ]);
        expect(pp!.identityPolicies[1]?.versionId).toBe('v2');
        expect(pp!.permissionsBoundary).toEqual({
          arn: policyArnIn(A, 'Boundary'),
          document: doc('boundary:*'),
        });
      });

      it("returns a role's policies and an AWS-managed boundary", async () => {
        await tx(async (t) => {
          await createRole(t, A, 'worker');
          await t.inlinePolicies.put(A, { kind: 'role', name: 'worker' }, 'w', doc('w:*'));
          await t.attachments.attach(A, { kind: 'role', name: 'worker' }, LAMBDA_ARN);
          await t.roles.setPermissionsBoundary(A, 'worker', READ_ONLY_ARN);
        });
        const pp = await store.principalPolicies(A, { kind: 'role', name: 'worker' });
        expect(pp!.principal.arn).toBe('arn:aws:iam::111111111111:role/worker');
        expect(pp!.groups).toEqual([]);
        expect(pp!.identityPolicies.map((p) => p.name)).toEqual(['w', LAMBDA_ARN]);
        expect(pp!.permissionsBoundary?.document).toBe(doc('*:Get*'));
      });

      it('reports a boundary whose policy is gone as present with no document', async () => {
        await tx(async (t) => {
          await t.users.setPermissionsBoundary(A, 'alice', policyArnIn(A, 'Gone'));
        });
        const pp = await store.principalPolicies(A, { kind: 'user', name: 'alice' });
        expect(pp!.permissionsBoundary).toEqual({ arn: policyArnIn(A, 'Gone'), document: undefined });
      });

      it('is undefined for a missing principal and sees a change at a new generation', async () => {
        expect(await store.principalPolicies(A, { kind: 'role', name: 'alice' })).toBeUndefined();
        const before = await store.principalPolicies(A, { kind: 'user', name: 'alice' });
        await tx((t) => t.groups.removeMember(A, 'admins', 'alice'));
        const after = await store.principalPolicies(A, { kind: 'user', name: 'alice' });
        expect(after!.generation).toBeGreaterThan(before!.generation);
        expect(after!.identityPolicies.map((p) => p.name)).not.toContain(READ_ONLY_ARN);
      });
    });

    describe('account isolation', () => {
      /** The same names in both accounts, with different contents. */
      beforeEach(async () => {
        for (const account of [A, B]) {
          await tx(async (t) => {
            await createUser(t, account, 'alice');
            await createUser(t, account, `only-${account}`);
            await createGroup(t, account, 'devs');
            await t.groups.addMember(account, 'devs', 'alice');
            await createRole(t, account, 'deployer');
            const p = await createPolicy(t, account, 'shared', doc(`acct${account}:*`));
            await t.attachments.attach(account, { kind: 'user', name: 'alice' }, p.arn);
            await t.inlinePolicies.put(
              account,
              { kind: 'user', name: 'alice' },
              'inline',
              doc(`inline${account}:*`),
            );
            await createProfile(t, account, 'web');
            await createKey(t, account, 'alice');
          });
        }
      });

      it('reads and lists only the asked account', async () => {
        await store.read(async (r) => {
          for (const [mine, theirs] of [
            [A, B],
            [B, A],
          ] as const) {
            expect((await r.users.get(mine, 'alice'))?.accountId).toBe(mine);
            expect((await r.users.get(mine, 'alice'))?.arn).toBe(`arn:aws:iam::${mine}:user/alice`);
            expect(await r.users.get(mine, `only-${theirs}`)).toBeUndefined();
            expect((await r.users.list(mine)).items.map((u) => u.name)).toEqual(['alice', `only-${mine}`]);
            const theirUser = await r.users.get(theirs, 'alice');
            expect(await r.users.getById(mine, theirUser!.id)).toBeUndefined();
            expect((await r.groups.listMembers(mine, 'devs'))?.items.every((u) => u.accountId === mine)).toBe(
              true,
            );
            expect((await r.roles.list(mine)).items).toHaveLength(1);
            expect((await r.policies.list(mine)).items.map((p) => p.arn)).toEqual([
              policyArnIn(mine, 'shared'),
            ]);
            expect(await r.policies.get(mine, policyArnIn(theirs, 'shared'))).toBeUndefined();
            expect((await r.policies.get(mine, policyArnIn(mine, 'shared')))?.attachmentCount).toBe(1);
            expect(
              (await r.inlinePolicies.get(mine, { kind: 'user', name: 'alice' }, 'inline'))?.document,
            ).toBe(doc(`inline${mine}:*`));
            expect(
              (await r.attachments.list(mine, { kind: 'user', name: 'alice' }))?.map((a) => a.policyArn),
            ).toEqual([policyArnIn(mine, 'shared')]);
            expect((await r.attachments.listEntities(mine, policyArnIn(theirs, 'shared'))).users).toEqual([]);
            expect((await r.instanceProfiles.list(mine)).items.every((p) => p.accountId === mine)).toBe(true);
            const keys = await r.accessKeys.list(mine, 'alice');
            expect(keys?.every((k) => k.accountId === mine)).toBe(true);
            const theirKey = (await r.accessKeys.list(theirs, 'alice'))![0]!;
            expect(await r.accessKeys.get(mine, theirKey.accessKeyId)).toBeUndefined();
            expect((await r.accessKeys.find(theirKey.accessKeyId))?.accountId).toBe(theirs);
            expect((await r.accounts.usage(mine)).users).toBe(2);
            const pp = await r.principalPolicies(mine, { kind: 'user', name: 'alice' });
            expect(pp!.identityPolicies.map((p) => p.document)).toEqual([
              doc(`inline${mine}:*`),
              doc(`acct${mine}:*`),
            ]);
          }
        });
      });

      it('never lets a write in one account touch the other', async () => {
        const theirKey = (await store.read((r) => r.accessKeys.list(B, 'alice')))![0]!;
        await tx(async (t) => {
          expect(
            await t.attachments.attach(A, { kind: 'role', name: 'deployer' }, policyArnIn(B, 'shared')),
          ).toBe('no-policy');
          expect(await t.accessKeys.updateStatus(A, 'alice', theirKey.accessKeyId, 'Inactive')).toBe(false);
          expect(await t.accessKeys.delete(A, 'alice', theirKey.accessKeyId)).toBe(false);
          expect(await t.policies.delete(A, policyArnIn(B, 'shared'))).toBe(false);
          await t.attachments.detach(A, { kind: 'user', name: 'alice' }, policyArnIn(A, 'shared'));
          await t.inlinePolicies.delete(A, { kind: 'user', name: 'alice' }, 'inline');
          await t.groups.removeMember(A, 'devs', 'alice');
          await t.accessKeys.delete(A, 'alice', (await t.accessKeys.list(A, 'alice'))![0]!.accessKeyId);
          expect(await t.users.delete(A, 'alice')).toBe(true);
          expect(await t.groups.delete(A, 'devs')).toBe(true);
          expect(await t.roles.delete(A, 'deployer')).toBe(true);
          expect(await t.policies.delete(A, policyArnIn(A, 'shared'))).toBe(true);
          expect(await t.instanceProfiles.delete(A, 'web')).toBe(true);
          await t.users.update(A, `only-${A}`, { newName: `only-${B}` });
        });
        const genB = await store.generation(B);
        await store.read(async (r) => {
          expect((await r.users.list(B)).items.map((u) => u.name)).toEqual(['alice', `only-${B}`]);
          expect(await r.users.dependents(B, 'alice')).toEqual({
            accessKeys: 1,
            inlinePolicies: 1,
            attachedPolicies: 1,
            groups: 1,
            loginProfile: 0,
            mfaDevices: 0,
          });
          expect(await r.groups.get(B, 'devs')).toBeDefined();
          expect(await r.roles.get(B, 'deployer')).toBeDefined();
          expect((await r.policies.get(B, policyArnIn(B, 'shared')))?.attachmentCount).toBe(1);
          expect(await r.instanceProfiles.get(B, 'web')).toBeDefined();
          expect((await r.accessKeys.find(theirKey.accessKeyId))?.status).toBe('Active');
          expect((await r.users.list(A)).items.map((u) => u.name)).toEqual([`only-${B}`]);
        });
        await tx((t) => createUser(t, A, 'new'));
        expect(await store.generation(B)).toBe(genB);
      });

      it('allows the same name in two accounts but not twice in one', async () => {
        await tx((t) => createUser(t, A, 'carol'));
        await tx((t) => createUser(t, B, 'CAROL'));
        await expectAwsError(
          tx((t) => createUser(t, B, 'carol')),
          'EntityAlreadyExists',
        );
      });
    });
  });
}
