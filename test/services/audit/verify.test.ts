/**
 * Tamper evidence: any single edit to the stored events (a changed field, a deleted, inserted or
 * replayed row, two rows swapped) makes verification fail at that event; a truncated tail is
 * caught by the digests, or by a digest kept elsewhere once the digests are gone too.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../src/services/audit/verify.js';
import type { SqlStore } from '../../../src/store/sql/sql-store.js';
import { SqlAuditLogReader } from '../../../src/store/sql/sql-audit.js';
import { sealedStore, signer } from './audit-fixtures.js';

const COUNT = 12;

const verify = (store: SqlStore, expectAfter?: string) =>
  verifyAuditLog(new SqlAuditLogReader(store.db, async () => undefined), {
    publicKey: signer.publicKey,
    expectAfter,
    pageSize: 5,
  });

const FIELDS = [
  ['event_name', "'DeleteUser'"],
  ['username', "'mallory'"],
  ['access_key_id', "'AKIAFORGEDFORGEDFORG'"],
  ['read_only', '1 - read_only'],
  ['event_time', "'2020-01-01T00:00:00.000Z'"],
  ['account_id', "'999999999999'"],
  ['event_id', "'forged'"],
  ['record', "replace(record, '10.0.0.1', '10.6.6.6')"],
  ['hash', "'" + 'f'.repeat(64) + "'"],
  ['prev_hash', "'" + 'e'.repeat(64) + "'"],
] as const;

type Edit =
  | { kind: 'field'; seq: number; field: number }
  | { kind: 'delete'; seq: number }
  | { kind: 'replay'; seq: number; from: number }
  | { kind: 'swap'; seq: number; other: number }
  | { kind: 'resource'; seq: number };

const edits: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('field' as const),
    seq: fc.integer({ min: 1, max: COUNT }),
    field: fc.integer({ min: 0, max: FIELDS.length - 1 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), seq: fc.integer({ min: 1, max: COUNT }) }),
  fc.record({
    kind: fc.constant('replay' as const),
    seq: fc.integer({ min: 1, max: COUNT }),
    from: fc.integer({ min: 1, max: COUNT }),
  }),
  fc
    .tuple(fc.integer({ min: 1, max: COUNT }), fc.integer({ min: 1, max: COUNT }))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => ({ kind: 'swap' as const, seq: Math.min(a, b), other: Math.max(a, b) })),
  fc.record({ kind: fc.constant('resource' as const), seq: fc.integer({ min: 1, max: COUNT }) }),
);

const COLUMNS =
  'account_id, event_id, event_time, event_name, event_source, username, access_key_id, read_only, record, prev_hash, hash';

/** Applies the edit and returns the seq verification must name. */
async function apply(store: SqlStore, edit: Edit): Promise<number> {
  const db = store.db;
  switch (edit.kind) {
    case 'field': {
      const [column, value] = FIELDS[edit.field]!;
      await sql.raw(`UPDATE audit_events SET ${column} = ${value} WHERE seq = ${edit.seq}`).execute(db);
      return edit.seq;
    }
    case 'delete':
      await sql.raw(`DELETE FROM audit_events WHERE seq = ${edit.seq}`).execute(db);
      return edit.seq;
    case 'replay': {
      // Insert a copy of an event at position seq: the rows from seq on move up by one.
      await sql.raw(`UPDATE audit_events SET seq = -seq - 1 WHERE seq >= ${edit.seq}`).execute(db);
      await sql.raw('UPDATE audit_events SET seq = -seq WHERE seq < 0').execute(db);
      const from = edit.from >= edit.seq ? edit.from + 1 : edit.from;
      await sql
        .raw(
          `INSERT INTO audit_events (seq, ${COLUMNS}) SELECT ${edit.seq}, ${COLUMNS} FROM audit_events WHERE seq = ${from}`,
        )
        .execute(db);
      // A copy of the event placed just before its original is that event: the extra one follows.
      return edit.from === edit.seq ? edit.seq + 1 : edit.seq;
    }
    case 'swap': {
      await sql.raw(`UPDATE audit_events SET seq = -1 WHERE seq = ${edit.seq}`).execute(db);
      await sql.raw(`UPDATE audit_events SET seq = ${edit.seq} WHERE seq = ${edit.other}`).execute(db);
      await sql.raw(`UPDATE audit_events SET seq = ${edit.other} WHERE seq = -1`).execute(db);
      return edit.seq;
    }
    case 'resource':
      await sql
        .raw(
          `UPDATE audit_event_resources SET resource_name = 'forged' WHERE rowid = (SELECT min(rowid) FROM audit_event_resources WHERE seq = ${edit.seq})`,
        )
        .execute(db);
      return edit.seq;
  }
}

describe('audit verify', () => {
  it('passes an untouched trail and reports what it checked', async () => {
    const store = await sealedStore(COUNT, 5);
    const report = await verify(store);
    expect(report).toMatchObject({
      ok: true,
      events: COUNT,
      digests: 3,
      firstSeq: 1,
      lastSeq: COUNT,
      unsealed: 0,
    });
    await store.close();
  });

  it('fails at the edited event for any single edit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(edits, async (edit) => {
        const store = await sealedStore(COUNT, 5);
        try {
          const expected = await apply(store, edit);
          const report = await verify(store);
          expect(report.ok).toBe(false);
          expect(report.firstBad?.seq).toBe(expected);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  it('catches a chain rewritten with correct hashes at the digest that sealed it', async () => {
    const store = await sealedStore(COUNT, 5);
    // Recompute every hash from event 7 on after editing it: only the signed digest disagrees.
    const { chainHash } = await import('../../../src/domain/audit-chain.js');
    await sql
      .raw("UPDATE audit_events SET record = replace(record, '10.0.0.1', '10.6.6.6') WHERE seq = 7")
      .execute(store.db);
    const rows = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    let prev = rows[5]!.hash;
    for (const r of rows.slice(6)) {
      const hash = chainHash(prev, r.seq, r.record);
      await store.db
        .updateTable('audit_events')
        .set({ prev_hash: prev, hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    }
    const report = await verify(store);
    expect(report.ok).toBe(false);
    expect(report.firstBad?.seq).toBe(6);
    expect(report.firstBad?.reason).toMatch(/do not match signed digest 2/);
    await store.close();
  });

  it('detects a truncated tail: from the digests, and from a kept digest when they are gone too', async () => {
    const store = await sealedStore(COUNT, 5);
    const kept = (
      await store.db
        .selectFrom('audit_digests')
        .select('digest')
        .orderBy('digest_seq', 'desc')
        .executeTakeFirstOrThrow()
    ).digest;
    expect((await verify(store, kept)).ok).toBe(true);
    await sql.raw('DELETE FROM audit_events WHERE seq > 9').execute(store.db);
    const report = await verify(store);
    expect(report).toMatchObject({ ok: false, firstBad: { seq: 10 } });
    expect(report.firstBad?.reason).toMatch(/truncated/);
    const cut = await sealedStore(COUNT, 5);
    // Drop the tail and the digest that sealed it: the trail now looks complete...
    await sql.raw('DELETE FROM audit_digests WHERE digest_seq = 3').execute(cut.db);
    await sql.raw('DELETE FROM audit_events WHERE seq > 10').execute(cut.db);
    expect((await verify(cut)).ok).toBe(true);
    // ...except against the digest kept elsewhere, or its hash.
    expect(await verify(cut, kept)).toMatchObject({ ok: false, firstBad: { seq: 11 } });
    const keptHash = (JSON.parse(kept) as { lastHash: string }).lastHash;
    expect((await verify(cut, keptHash)).ok).toBe(false);
    await store.close();
    await cut.close();
  });

  it('rejects digests signed by another key or edited', async () => {
    const store = await sealedStore(COUNT, 5);
    await sql
      .raw(
        'UPDATE audit_digests SET digest = replace(digest, \'"lastSeq":10\', \'"lastSeq":11\') WHERE digest_seq = 2',
      )
      .execute(store.db);
    const report = await verify(store);
    expect(report).toMatchObject({ ok: false, firstBad: { seq: 6 } });
    expect(report.firstBad?.reason).toMatch(/digest 2/);
    await store.close();
  });
});
