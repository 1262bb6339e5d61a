import { generateKeyPairSync } from 'node:crypto';
import type { AccountId } from '../../../src/domain/ids.js';
import { AuditTrail } from '../../../src/services/audit/audit-trail.js';
import type { AuditCall } from '../../../src/services/audit/event-record.js';
import type { Caller } from '../../../src/services/operation-context.js';
import type { SqlStore } from '../../../src/store/sql/sql-store.js';
import { openInMemorySqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import { testCatalog } from '../../store/fixtures.js';

export const ACCOUNT = '123456789012' as AccountId;
export const signer = generateKeyPairSync('ed25519');

export const userCaller = (name: string): Caller => ({
  accountId: ACCOUNT,
  principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, account: ACCOUNT },
  principalId: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
  userName: name,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
});

export const call = (i: number, over: Partial<AuditCall> = {}): AuditCall => ({
  requestId: `req-${i}`,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  caller: userCaller(i % 2 ? 'alice' : 'bob'),
  service: 'iam',
  eventName: i % 3 ? 'GetUser' : 'CreateUser',
  region: 'us-east-1',
  sourceIp: '10.0.0.1',
  userAgent: 'test',
  readOnly: i % 3 !== 0,
  input: { UserName: `user${i}` },
  resourceArn: `arn:aws:iam::${ACCOUNT}:user/user${i}`,
  ...over,
});

/** A store holding `count` events sealed by a digest every `every` events (the tail sealed too). */
export async function sealedStore(count: number, every: number, sealTail = true): Promise<SqlStore> {
  const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
  const trail = new AuditTrail({ store, signer, digestEvents: every, flushMs: 1 });
  for (let i = 1; i <= count; i++) {
    trail.record(call(i));
    await trail.flush();
  }
  if (sealTail) await trail.close();
  else await trail.flush();
  return store;
}
