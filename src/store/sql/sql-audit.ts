import type { Insertable, Kysely, Selectable } from 'kysely';
import { AwsError } from '../../core/aws-error.js';
import { chainHash, GENESIS_HASH } from '../../domain/audit-chain.js';
import type { AccountId } from '../../domain/ids.js';
import type {
  AuditLogReader,
  AuditRepo,
  AuditResource,
  LastAccess,
  LookupPage,
  LookupQuery,
  NewAuditEvent,
  StoredAuditEvent,
  StoredDigest,
} from '../audit-repo.js';
import type { CursorCodec } from '../cursor.js';
import { CompiledRead, dateOf, iso, type SqlContext } from './context.js';
import type {
  AuditDigestsTable,
  AuditEventResourcesTable,
  AuditEventsTable,
  AuditLastAccessTable,
  Database,
} from './schema.js';

type EventRow = Selectable<AuditEventsTable>;

const COLUMN = {
  EventName: 'e.event_name',
  Username: 'e.username',
  AccessKeyId: 'e.access_key_id',
  EventSource: 'e.event_source',
  EventId: 'e.event_id',
} as const;

type Nullable = string | null;

const INSERT_EVENT = new CompiledRead(
  [0, '', '', '', '', '', null, null, 0, '', '', ''] as [
    number,
    string,
    string,
    string,
    string,
    string,
    Nullable,
    Nullable,
    number,
    string,
    string,
    string,
  ],
  (db, seq, account, id, time, name, source, user, key, ro, record, prev, hash) =>
    db.insertInto('audit_events').values({
      seq,
      account_id: account,
      event_id: id,
      event_time: time,
      event_name: name,
      event_source: source,
      username: user,
      access_key_id: key,
      read_only: ro,
      record,
      prev_hash: prev,
      hash,
    }),
);

const INSERT_RESOURCE = new CompiledRead(
  [0, '', '', '', ''] as [number, string, string, string, string],
  (db, seq, account, time, type, name) =>
    db.insertInto('audit_event_resources').values({
      seq,
      account_id: account,
      event_time: time,
      resource_type: type,
      resource_name: name,
    }),
);

const UPSERT_ACCESS = new CompiledRead(
  ['', '', '', '', ''] as [string, string, string, string, string],
  (db, account, principal, service, at, region) =>
    db
      .insertInto('audit_last_access')
      .values({ account_id: account, principal_arn: principal, service, last_at: at, region })
      .onConflict((oc) =>
        oc.columns(['account_id', 'principal_arn', 'service']).doUpdateSet((eb) => ({
          last_at: eb.ref('excluded.last_at'),
          region: eb.ref('excluded.region'),
        })),
      ),
);

export class SqlAudit implements AuditRepo {
  constructor(private readonly ctx: SqlContext) {}

  async append(events: readonly NewAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const head = await this.head();
    let { seq, hash } = head;
    const rows: Insertable<AuditEventsTable>[] = [];
    const resources: Insertable<AuditEventResourcesTable>[] = [];
    // Access advisor keeps the last use: within a batch, the latest per principal and service.
    const access = new Map<string, Insertable<AuditLastAccessTable>>();
    for (const event of events) {
      seq += 1;
      const prevHash = hash;
      hash = chainHash(prevHash, seq, event.record);
      const time = iso(event.eventTime);
      rows.push({
        seq,
        account_id: event.accountId,
        event_id: event.eventId,
        event_time: time,
        event_name: event.eventName,
        event_source: event.eventSource,
        username: event.userName ?? null,
        access_key_id: event.accessKeyId ?? null,
        read_only: event.readOnly ? 1 : 0,
        record: event.record,
        prev_hash: prevHash,
        hash,
      });
      const seen = new Set<string>();
      for (const r of event.resources) {
        const key = `${r.type}\0${r.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        resources.push({
          seq,
          account_id: event.accountId,
          event_time: time,
          resource_type: r.type,
          resource_name: r.name,
        });
      }
      if (event.access && event.accountId !== '') {
        const key = `${event.accountId}\0${event.access.principalArn}\0${event.access.service}`;
        const known = access.get(key);
        if (known === undefined || known.last_at <= time) {
          access.set(key, {
            account_id: event.accountId,
            principal_arn: event.access.principalArn,
            service: event.access.service,
            last_at: time,
            region: event.access.region,
          });
        }
      }
    }
    // One statement per row, compiled once (building a query costs more than SQLite running it).
    const ctx = this.ctx;
    for (const r of rows) {
      await INSERT_EVENT.execute(
        ctx,
        r.seq,
        r.account_id,
        r.event_id,
        r.event_time,
        r.event_name,
        r.event_source,
        r.username ?? null,
        r.access_key_id ?? null,
        r.read_only,
        r.record,
        r.prev_hash,
        r.hash,
      );
    }
    for (const r of resources) {
      await INSERT_RESOURCE.execute(ctx, r.seq, r.account_id, r.event_time, r.resource_type, r.resource_name);
    }
    for (const a of access.values()) {
      await UPSERT_ACCESS.execute(ctx, a.account_id, a.principal_arn, a.service, a.last_at, a.region);
    }
  }

  async head(): Promise<{ seq: number; hash: string; lastDigestSeq: number; time?: Date }> {
    const row = await this.ctx.db
      .selectFrom('audit_events')
      .select(['seq', 'hash', 'event_time'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const digest = await this.lastDigest();
    if (row)
      return {
        seq: row.seq,
        hash: row.hash,
        lastDigestSeq: digest?.lastSeq ?? 0,
        time: dateOf(row.event_time),
      };
    // Every event dropped by retention: the chain continues from the checkpoint digest.
    if (digest) return { seq: digest.lastSeq, hash: lastHashOf(digest), lastDigestSeq: digest.lastSeq };
    return { seq: 0, hash: GENESIS_HASH, lastDigestSeq: 0 };
  }

  async appendDigest(digest: Omit<StoredDigest, 'digestSeq'>): Promise<number> {
    const last = await this.lastDigest();
    const digestSeq = (last?.digestSeq ?? 0) + 1;
    await this.ctx.db
      .insertInto('audit_digests')
      .values({
        digest_seq: digestSeq,
        account_id: '',
        first_seq: digest.firstSeq,
        last_seq: digest.lastSeq,
        last_time: iso(digest.lastTime),
        digest: digest.digest,
      })
      .execute();
    return digestSeq;
  }

  async lastDigest(): Promise<StoredDigest | undefined> {
    const row = await this.ctx.db
      .selectFrom('audit_digests')
      .selectAll()
      .orderBy('digest_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && digestFromRow(row);
  }

  async digestBefore(before: Date): Promise<StoredDigest | undefined> {
    const row = await this.ctx.db
      .selectFrom('audit_digests')
      .selectAll()
      .where('last_time', '<', iso(before))
      .orderBy('digest_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && digestFromRow(row);
  }

  async dropThrough(throughSeq: number): Promise<number> {
    await this.ctx.db.deleteFrom('audit_event_resources').where('seq', '<=', throughSeq).execute();
    const result = await this.ctx.db
      .deleteFrom('audit_events')
      .where('seq', '<=', throughSeq)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async lookup(accountId: AccountId, query: LookupQuery): Promise<LookupPage> {
    const attr = query.attribute;
    const scope = [
      'lookup-events',
      accountId,
      attr?.key ?? '',
      String(attr?.value ?? ''),
      query.startTime?.toISOString() ?? '',
      query.endTime?.toISOString() ?? '',
    ].join('\0');
    const after =
      query.nextToken === undefined ? undefined : decodeToken(this.ctx.cursors, scope, query.nextToken);
    const db = this.ctx.db;
    const byResource = attr?.key === 'ResourceName' || attr?.key === 'ResourceType';
    // The filtered table's (account, attribute, time, seq) index gives the order and the range.
    const base = byResource
      ? db
          .selectFrom('audit_event_resources as r')
          .innerJoin('audit_events as e', 'e.seq', 'r.seq')
          .where('r.account_id', '=', accountId)
          .where(attr.key === 'ResourceName' ? 'r.resource_name' : 'r.resource_type', '=', attr.value)
      : db.selectFrom('audit_events as e').where('e.account_id', '=', accountId);
    const t = byResource ? ('r.event_time' as const) : ('e.event_time' as const);
    const s = byResource ? ('r.seq' as const) : ('e.seq' as const);
    let q = base.selectAll('e');
    if (attr !== undefined && !byResource) {
      q =
        attr.key === 'ReadOnly'
          ? q.where('e.read_only', '=', attr.value ? 1 : 0)
          : q.where(COLUMN[attr.key], '=', attr.value);
    }
    if (query.startTime) q = q.where(t, '>=', iso(query.startTime));
    if (query.endTime) q = q.where(t, '<=', iso(query.endTime));
    if (after) {
      q = q.where((eb) =>
        eb.or([eb(t, '<', after.time), eb.and([eb(t, '=', after.time), eb(s, '<', after.seq)])]),
      );
    }
    const rows = (await q
      .orderBy(t, 'desc')
      .orderBy(s, 'desc')
      .limit(query.maxResults + 1)
      .execute()) as EventRow[];
    const page = rows.slice(0, query.maxResults);
    const events = await withResources(db, page);
    const last = page.at(-1);
    return {
      events,
      ...(rows.length > query.maxResults &&
        last && { nextToken: this.ctx.cursors.encode(scope, `${last.event_time}|${last.seq}`) }),
    };
  }

  async lastAccessed(
    accountId: AccountId,
    principalArns?: readonly string[],
  ): Promise<readonly LastAccess[]> {
    if (principalArns?.length === 0) return [];
    let q = this.ctx.db.selectFrom('audit_last_access').selectAll().where('account_id', '=', accountId);
    if (principalArns) q = q.where('principal_arn', 'in', [...principalArns]);
    const rows = await q.orderBy('principal_arn').orderBy('service').execute();
    return rows.map((r) => ({
      principalArn: r.principal_arn,
      service: r.service,
      lastAccessed: dateOf(r.last_at),
      region: r.region,
    }));
  }
}

function decodeToken(cursors: CursorCodec, scope: string, token: string): { time: string; seq: number } {
  try {
    const [time, seq] = cursors.decode(scope, token).split('|');
    if (time !== undefined && seq !== undefined && /^\d+$/.test(seq)) return { time, seq: Number(seq) };
  } catch {
    // the same answer for a forged, altered or foreign token
  }
  throw new AwsError('InvalidNextTokenException', 'Invalid NextToken.');
}

async function withResources(db: Kysely<Database>, rows: readonly EventRow[]): Promise<StoredAuditEvent[]> {
  if (rows.length === 0) return [];
  const resources = await db
    .selectFrom('audit_event_resources')
    .select(['seq', 'resource_type', 'resource_name'])
    .where(
      'seq',
      'in',
      rows.map((r) => r.seq),
    )
    .execute();
  const bySeq = new Map<number, AuditResource[]>();
  for (const r of resources) {
    const list = bySeq.get(r.seq) ?? [];
    list.push({ type: r.resource_type, name: r.resource_name });
    bySeq.set(r.seq, list);
  }
  return rows.map((r) => eventFromRow(r, bySeq.get(r.seq) ?? []));
}

export function eventFromRow(r: EventRow, resources: readonly AuditResource[]): StoredAuditEvent {
  return {
    seq: r.seq,
    accountId: r.account_id,
    eventId: r.event_id,
    eventTime: dateOf(r.event_time),
    eventName: r.event_name,
    eventSource: r.event_source,
    ...(r.username !== null && { userName: r.username }),
    ...(r.access_key_id !== null && { accessKeyId: r.access_key_id }),
    readOnly: r.read_only === 1,
    resources,
    record: r.record,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function digestFromRow(r: Selectable<AuditDigestsTable>): StoredDigest {
  return {
    digestSeq: r.digest_seq,
    firstSeq: r.first_seq,
    lastSeq: r.last_seq,
    lastTime: dateOf(r.last_time),
    digest: r.digest,
  };
}

/** The chain hash a digest seals (its JSON names it `lastHash`). */
function lastHashOf(digest: StoredDigest): string {
  const parsed = JSON.parse(digest.digest) as { lastHash?: unknown };
  if (typeof parsed.lastHash !== 'string')
    throw new Error(`audit digest ${digest.digestSeq} has no lastHash`);
  return parsed.lastHash;
}

/** `audit verify` / `audit export`: the log in chain order, read-only. */
export class SqlAuditLogReader implements AuditLogReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void>,
  ) {}

  async events(fromSeq: number, limit: number): Promise<readonly StoredAuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', fromSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return withResources(this.db, rows);
  }

  async digests(): Promise<readonly StoredDigest[]> {
    const rows = await this.db.selectFrom('audit_digests').selectAll().orderBy('digest_seq').execute();
    return rows.map(digestFromRow);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
