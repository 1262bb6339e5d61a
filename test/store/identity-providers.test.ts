/** The identity providers repository on SQLite: per-account keys, updates, tags removed on delete, generation. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { A, B, T0, testCatalog } from './fixtures.js';

let store: Store;
beforeEach(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
  await store.transaction(async (t) => {
    await t.accounts.create({ id: A, createdAt: T0 });
    await t.accounts.create({ id: B, createdAt: T0 });
  });
});
afterEach(() => store.close());

const oidc = {
  key: 'idp.example.com/a',
  url: 'https://idp.example.com/a',
  clientIds: ['c'],
  thumbprints: [],
  createDate: T0,
};
const saml = {
  name: 'Corp',
  metadataDocument: '<md/>',
  entityId: 'https://idp.example.com',
  signingCertificates: ['MIIB'],
  createDate: T0,
  validUntil: new Date('2100-01-01T00:00:00Z'),
};

describe('identity providers repository', () => {
  it('creates, reads, updates and deletes OIDC providers per account', async () => {
    const before = await store.generation(A);
    const created = await store.transaction((t) => t.identityProviders.createOidc(A, oidc));
    expect(created.arn).toBe(`arn:aws:iam::${A}:oidc-provider/idp.example.com/a`);
    expect(await store.generation(A)).toBe(before + 1);
    await expect(store.transaction((t) => t.identityProviders.createOidc(A, oidc))).rejects.toBeInstanceOf(
      AwsError,
    );
    expect(await store.read((r) => r.identityProviders.getOidc(B, oidc.key))).toBeUndefined();
    expect(
      await store.transaction((t) =>
        t.identityProviders.updateOidc(A, oidc.key, { clientIds: ['x', 'y'], thumbprints: ['a'.repeat(40)] }),
      ),
    ).toBe(true);
    expect(await store.read((r) => r.identityProviders.getOidc(A, oidc.key))).toMatchObject({
      clientIds: ['x', 'y'],
      thumbprints: ['a'.repeat(40)],
      createDate: T0,
    });
    expect(
      await store.transaction((t) =>
        t.identityProviders.updateOidc(B, oidc.key, { clientIds: [], thumbprints: [] }),
      ),
    ).toBe(false);
    await store.transaction((t) => t.tags.put(A, 'oidc-provider', oidc.key, [{ key: 'k', value: 'v' }]));
    expect(await store.transaction((t) => t.identityProviders.deleteOidc(A, oidc.key))).toBe(true);
    expect(await store.read((r) => r.tags.list(A, 'oidc-provider', oidc.key))).toEqual([]);
    expect(await store.transaction((t) => t.identityProviders.deleteOidc(A, oidc.key))).toBe(false);
  });

  it('creates, lists, updates and deletes SAML providers', async () => {
    await store.transaction((t) => t.identityProviders.createSaml(A, saml));
    await store.transaction((t) => t.identityProviders.createSaml(A, { ...saml, name: 'Another' }));
    expect((await store.read((r) => r.identityProviders.listSaml(A))).map((p) => p.name)).toEqual([
      'Another',
      'Corp',
    ]);
    expect(await store.read((r) => r.identityProviders.listSaml(B))).toEqual([]);
    const until = new Date('2030-01-01T00:00:00Z');
    await store.transaction((t) =>
      t.identityProviders.updateSaml(A, 'Corp', { ...saml, entityId: 'e2', validUntil: until }),
    );
    expect(await store.read((r) => r.identityProviders.getSaml(A, 'Corp'))).toMatchObject({
      entityId: 'e2',
      validUntil: until,
    });
    expect(await store.transaction((t) => t.identityProviders.deleteSaml(A, 'Corp'))).toBe(true);
    expect(await store.read((r) => r.identityProviders.getSaml(A, 'Corp'))).toBeUndefined();
  });
});
