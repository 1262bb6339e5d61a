import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../src/services/audit/audit-trail.js';
import { verifyAuditLog } from '../../../src/services/audit/verify.js';
import { SqlAuditLogReader } from '../../../src/store/sql/sql-audit.js';
import type { SqlStore } from '../../../src/store/sql/sql-store.js';
import { openInMemorySqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import { testCatalog } from '../../store/fixtures.js';
import { ACCOUNT, call, sealedStore, signer } from './audit-fixtures.js';

const verify = (store: SqlStore) =>
  verifyAuditLog(new SqlAuditLogReader(store.db, async () => undefined), { publicKey: signer.publicKey });

const count = async (store: SqlStore) =>
  Number(
    (
      await store.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('retention', () => {
  it('drops whole digests older than the retention and still verifies from the checkpoint', async () => {
    const store = await sealedStore(12, 5);
    // Events are at 00:00:01..00:00:12 on 2026-01-01; one day and 8 s later, digest 1 (events
    // 1-5, last at :05) is past a one-day retention, digest 2 (6-10, last at :10) is not.
    const clock = () => new Date(Date.UTC(2026, 0, 2, 0, 0, 8));
    const trail = new AuditTrail({ store, signer, clock, retentionDays: 1, digestEvents: 5 });
    expect(await trail.applyRetention()).toBe(5);
    expect(await count(store)).toBe(7);
    expect(await verify(store)).toMatchObject({ ok: true, firstSeq: 6, lastSeq: 12, events: 7 });
    // The chain goes on from where it was.
    trail.record(call(13));
    await trail.close();
    expect(await verify(store)).toMatchObject({ ok: true, firstSeq: 6, lastSeq: 13 });
    // Deleting the first remaining event is still caught.
    await store.db.deleteFrom('audit_events').where('seq', '=', 6).execute();
    expect(await verify(store)).toMatchObject({ ok: false, firstBad: { seq: 6 } });
    await store.close();
  });

  it('continues the chain when every event has been dropped', async () => {
    const store = await sealedStore(5, 5);
    const trail = new AuditTrail({
      store,
      signer,
      clock: () => new Date(Date.UTC(2027, 0, 1)),
      retentionDays: 1,
    });
    expect(await trail.applyRetention()).toBe(5);
    trail.record(call(6));
    await trail.close();
    expect(await verify(store)).toMatchObject({ ok: true, firstSeq: 6, lastSeq: 6, unsealed: 0 });
    await store.close();
  });
});

describe('unauthenticated sampling', () => {
  it('records the first N per address per minute and one summary for the rest', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    let now = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
    const trail = new AuditTrail({
      store,
      signer,
      clock: () => now,
      unauthenticatedPerMinute: 3,
      maxTrackedAddresses: 2,
    });
    const refused = (ip: string) =>
      trail.recordUnauthenticated(
        call(1, {
          caller: undefined,
          sourceIp: ip,
          time: now,
          error: { code: 'SignatureDoesNotMatch', message: 'no' },
        }),
      );
    for (let i = 0; i < 1000; i++) refused('203.0.113.1');
    refused('203.0.113.2');
    for (let i = 0; i < 50; i++) refused(`198.51.100.${i}`); // past the tracked addresses: counted only
    now = new Date(Date.UTC(2026, 0, 1, 0, 1, 0));
    refused('203.0.113.1'); // a new minute: recorded again, and the last minute summarized
    await trail.close();
    const rows = await store.db
      .selectFrom('audit_events')
      .select(['event_name', 'account_id', 'record'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.event_name)).toEqual([
      'GetUser',
      'GetUser',
      'GetUser',
      'GetUser',
      'UnauthenticatedRequestsSummary',
      'GetUser',
    ]);
    expect(rows.every((r) => r.account_id === '')).toBe(true);
    const summary = JSON.parse(rows[4]!.record);
    expect(summary.additionalEventData).toMatchObject({
      notRecorded: 997 + 50,
      addressesNotTracked: 50,
      topSources: [{ sourceIPAddress: '203.0.113.1', notRecorded: 997 }],
    });
    expect(summary.userIdentity).toEqual({ type: 'Unknown' });
    expect(ACCOUNT).toHaveLength(12);
    await store.close();
  });
});
