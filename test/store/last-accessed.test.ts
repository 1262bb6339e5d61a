import { describe, expect, it } from 'vitest';
import type { AccountId } from '../../src/domain/ids.js';
import { lastAccessedFromAudit } from '../../src/store/sql/sql-last-accessed.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const A = '111111111111' as AccountId;
const T = new Date('2026-01-01T00:00:00Z');

describe('access advisor sources', () => {
  it("the store's reader answers from the audit trail: latest per principal and service, only the asked principals", async () => {
    const store = await openInMemorySqliteStore();
    const alice = `arn:aws:iam::${A}:user/ops/alice`;
    const bob = `arn:aws:iam::${A}:user/bob`;
    let n = 0;
    const event = (principalArn: string, service: string, at: string, accountId: AccountId = A) => ({
      accountId,
      eventId: `e-${n++}`,
      eventTime: new Date(at),
      eventName: 'GetUser',
      eventSource: `${service}.amazonaws.com`,
      readOnly: true,
      resources: [],
      record: JSON.stringify({ n }),
      access: { principalArn, service, region: 'eu-west-1' },
    });
    try {
      await store.transaction(async (tx) => {
        await tx.accounts.create({ id: A, createdAt: T });
        await tx.audit.append([
          event(alice, 'iam', '2026-01-02T00:00:00Z'),
          event(alice, 'iam', '2026-01-03T00:00:00Z'),
          event(bob, 'sts', '2026-01-04T00:00:00Z'),
        ]);
      });
      await store.transaction((tx) => tx.audit.append([event(alice, 'sts', '2026-01-05T00:00:00Z')]));
      const got = await store.read((r) => r.lastAccessed.list(A, [alice]));
      expect([...got].sort((x, y) => x.serviceNamespace.localeCompare(y.serviceNamespace))).toEqual([
        {
          principalArn: alice,
          serviceNamespace: 'iam',
          lastAccessed: new Date('2026-01-03T00:00:00Z'),
          region: 'eu-west-1',
        },
        {
          principalArn: alice,
          serviceNamespace: 'sts',
          lastAccessed: new Date('2026-01-05T00:00:00Z'),
          region: 'eu-west-1',
        },
      ]);
      expect(await store.read((r) => r.lastAccessed.list(A, []))).toEqual([]);
      expect(await store.read((r) => r.lastAccessed.list('222222222222' as AccountId, [alice]))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("audit adapter: maps the audit trail's rows and passes the principals through", async () => {
    const asked: (readonly string[] | undefined)[] = [];
    const reader = lastAccessedFromAudit({
      lastAccessed: async (_account, arns) => {
        asked.push(arns);
        return [
          {
            principalArn: 'arn:aws:iam::111111111111:user/a',
            service: 'sts',
            lastAccessed: T,
            region: 'us-east-1',
          },
        ];
      },
    });
    expect(await reader.list(A, ['arn:aws:iam::111111111111:user/a'])).toEqual([
      {
        principalArn: 'arn:aws:iam::111111111111:user/a',
        serviceNamespace: 'sts',
        lastAccessed: T,
        region: 'us-east-1',
      },
    ]);
    expect(await reader.list(A, [])).toEqual([]);
    expect(asked).toEqual([['arn:aws:iam::111111111111:user/a']]);
  });
});
