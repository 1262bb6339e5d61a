import type { Migration } from '../../sql/migrate.js';

/**
 * The audit trail. `audit_events` is one global hash chain ordered by `seq` (see
 * domain/audit-chain.ts); the lookup columns are copies of fields of `record` (the canonical
 * CloudTrail JSON), indexed for LookupEvents as (account, attribute, time, seq). An event may
 * name several resources: `audit_event_resources` holds them. `audit_last_access` is the
 * access-advisor summary (last authenticated use per principal and service namespace), upserted
 * as events are appended. `audit_digests` are the signed seals over ranges of the chain (the
 * chain spans accounts, so their account_id is always '', the store-wide log).
 * account_id is '' for refused unauthenticated requests (no account is known).
 */
export const m0004Audit: Migration = {
  version: 4,
  name: 'audit',
  statements: [
    `CREATE TABLE audit_events (
      seq INTEGER NOT NULL PRIMARY KEY,
      account_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_time TEXT NOT NULL,
      event_name TEXT NOT NULL,
      event_source TEXT NOT NULL,
      username TEXT,
      access_key_id TEXT,
      read_only INTEGER NOT NULL,
      record TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    )`,
    'CREATE INDEX audit_events_time ON audit_events (account_id, event_time, seq)',
    'CREATE INDEX audit_events_name ON audit_events (account_id, event_name, event_time, seq)',
    'CREATE INDEX audit_events_user ON audit_events (account_id, username, event_time, seq)',
    'CREATE INDEX audit_events_key ON audit_events (account_id, access_key_id, event_time, seq)',
    'CREATE INDEX audit_events_source ON audit_events (account_id, event_source, event_time, seq)',
    'CREATE INDEX audit_events_ro ON audit_events (account_id, read_only, event_time, seq)',
    'CREATE INDEX audit_events_id ON audit_events (account_id, event_id)',
    `CREATE TABLE audit_event_resources (
      seq INTEGER NOT NULL,
      account_id TEXT NOT NULL,
      event_time TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      resource_name TEXT NOT NULL,
      PRIMARY KEY (seq, resource_type, resource_name)
    )`,
    'CREATE INDEX audit_resources_name ON audit_event_resources (account_id, resource_name, event_time, seq)',
    'CREATE INDEX audit_resources_type ON audit_event_resources (account_id, resource_type, event_time, seq)',
    `CREATE TABLE audit_last_access (
      account_id TEXT NOT NULL,
      principal_arn TEXT NOT NULL,
      service TEXT NOT NULL,
      last_at TEXT NOT NULL,
      region TEXT NOT NULL,
      PRIMARY KEY (account_id, principal_arn, service)
    )`,
    `CREATE TABLE audit_digests (
      digest_seq INTEGER NOT NULL PRIMARY KEY,
      account_id TEXT NOT NULL DEFAULT '',
      first_seq INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      last_time TEXT NOT NULL,
      digest TEXT NOT NULL
    )`,
    'CREATE INDEX audit_digests_time ON audit_digests (last_time)',
  ],
};
