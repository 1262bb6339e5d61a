import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../src/domain/audit-chain.js';
import type { AccountId } from '../../src/domain/ids.js';
import type { NewAuditEvent } from '../../src/store/audit-repo.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { testCatalog } from './fixtures.js';

const A = '111111111111' as AccountId;
const B = '222222222222' as AccountId;

const event = (i: number, over: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  accountId: A,
  eventId: `id-${i}`,
  eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  eventName: i % 2 ? 'GetUser' : 'CreateUser',
  eventSource: 'iam.amazonaws.com',
  userName: i % 3 ? 'alice' : 'bob',
  readOnly: i % 2 === 1,
  resources: [{ type: 'AWS::IAM::User', name: `u${i}` }],
  record: canonicalJson({ eventID: `id-${i}` }),
  access: {
    principalArn: `arn:aws:iam::${A}:user/${i % 3 ? 'alice' : 'bob'}`,
    service: 'iam',
    region: 'us-east-1',
  },
  ...over,
});

describe('audit repository', () => {
  it('chains events, pages LookupEvents newest first and keeps accounts apart', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    await store.transaction((tx) => tx.audit.append(Array.from({ length: 12 }, (_, i) => event(i + 1))));
    await store.transaction((tx) => tx.audit.append([event(13, { accountId: B, userName: 'alice' })]));
    const head = await store.transaction((tx) => tx.audit.head());
    expect(head.seq).toBe(13);
    const oldest = await store.read((r) =>
      r.audit.lookup(A, { maxResults: 1, endTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 1)) }),
    );
    expect(oldest.events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(oldest.events[0]!.hash).toBe(chainHash(GENESIS_HASH, 1, canonicalJson({ eventID: 'id-1' })));
    const first = await store.read((r) => r.audit.lookup(A, { maxResults: 5 }));
    expect(first.events.map((e) => e.eventId)).toEqual(['id-12', 'id-11', 'id-10', 'id-9', 'id-8']);
    const rest = await store.read((r) => r.audit.lookup(A, { maxResults: 50, nextToken: first.nextToken }));
    expect(rest.events).toHaveLength(7);
    expect(rest.nextToken).toBeUndefined();
    const alice = await store.read((r) =>
      r.audit.lookup(A, { maxResults: 50, attribute: { key: 'Username', value: 'alice' } }),
    );
    expect(alice.events.every((e) => e.userName === 'alice' && e.accountId === A)).toBe(true);
    expect(alice.events).toHaveLength(8);
    const byResource = await store.read((r) =>
      r.audit.lookup(A, { maxResults: 50, attribute: { key: 'ResourceName', value: 'u3' } }),
    );
    expect(byResource.events.map((e) => e.eventId)).toEqual(['id-3']);
    const ro = await store.read((r) =>
      r.audit.lookup(A, { maxResults: 50, attribute: { key: 'ReadOnly', value: true } }),
    );
    expect(ro.events).toHaveLength(6);
    const range = await store.read((r) =>
      r.audit.lookup(A, {
        maxResults: 50,
        startTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 3)),
        endTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)),
      }),
    );
    expect(range.events.map((e) => e.eventId)).toEqual(['id-5', 'id-4', 'id-3']);
    await expect(
      store.read((r) => r.audit.lookup(B, { maxResults: 5, nextToken: first.nextToken })),
    ).rejects.toMatchObject({ code: 'InvalidNextTokenException' });
    await store.close();
  });

  it('answers last access per principal and service from the summary table', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    await store.transaction((tx) =>
      tx.audit.append([
        event(1),
        event(2, {
          access: { principalArn: `arn:aws:iam::${A}:user/alice`, service: 'sts', region: 'eu-west-1' },
        }),
        event(4),
        event(5, { accountId: B }),
      ]),
    );
    const all = await store.read((r) => r.audit.lastAccessed(A));
    expect(all.map((a) => [a.principalArn, a.service, a.lastAccessed.toISOString(), a.region])).toEqual([
      [`arn:aws:iam::${A}:user/alice`, 'iam', '2026-01-01T00:00:04.000Z', 'us-east-1'],
      [`arn:aws:iam::${A}:user/alice`, 'sts', '2026-01-01T00:00:02.000Z', 'eu-west-1'],
    ]);
    expect(await store.read((r) => r.audit.lastAccessed(A, [`arn:aws:iam::${A}:user/bob`]))).toEqual([]);
    await store.close();
  });
});
