import { describe, expect, it } from 'vitest';
import type { AccessKeyId, AccountId } from '../../src/domain/ids.js';
import { newUserId } from '../../src/domain/unique-id.js';
import { lastAccessedFromAudit } from '../../src/store/sql/sql-last-accessed.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const A = '111111111111' as AccountId;
const T = new Date('2026-01-01T00:00:00Z');

describe('access advisor sources', () => {
  it('interim: each user key last use, latest per principal and service, only the asked principals', async () => {
    const store = await openInMemorySqliteStore();
    try {
      await store.transaction(async (tx) => {
        await tx.accounts.create({ id: A, createdAt: T });
        for (const name of ['alice', 'bob']) {
          await tx.users.create(A, { id: newUserId(), name, path: '/ops/', createDate: T });
        }
        let n = 0;
        const key = async (user: string | undefined, used?: { at: string; service: string }) => {
          const id = `AKIATEST000000000${n++}` as AccessKeyId;
          await tx.accessKeys.create(A, {
            accessKeyId: id,
            ...(user && { userName: user }),
            status: 'Active',
            createDate: T,
            secretCiphertext: Buffer.from('x'),
          });
          if (used) {
            await tx.accessKeys.recordLastUsed(A, id, {
              lastUsedDate: new Date(used.at),
              serviceName: used.service,
              region: 'eu-west-1',
            });
          }
        };
        await key('alice', { at: '2026-01-02T00:00:00Z', service: 'iam' });
        await key('alice', { at: '2026-01-03T00:00:00Z', service: 'iam' });
        await key('bob', { at: '2026-01-04T00:00:00Z', service: 'sts' });
        await key(undefined, { at: '2026-01-05T00:00:00Z', service: 'iam' });
      });
      const alice = `arn:aws:iam::${A}:user/ops/alice`;
      const got = await store.read((r) => r.lastAccessed.list(A, [alice]));
      expect(got).toEqual([
        {
          principalArn: alice,
          serviceNamespace: 'iam',
          lastAccessed: new Date('2026-01-03T00:00:00Z'),
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
