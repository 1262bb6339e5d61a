import type { AccountId } from '../domain/ids.js';

/** What the audit trail appends: the canonical record plus the columns LookupEvents filters on. */
export interface NewAuditEvent {
  /** The recipient account; '' for a refused unauthenticated request. */
  readonly accountId: AccountId | '';
  readonly eventId: string;
  readonly eventTime: Date;
  readonly eventName: string;
  readonly eventSource: string;
  readonly userName?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly readOnly: boolean;
  readonly resources: readonly AuditResource[];
  /** The CloudTrail record as canonical JSON (domain/audit-chain.ts canonicalJson). */
  readonly record: string;
  /**
   * Access advisor: the authenticated principal (user ARN, role ARN for a role session, root ARN),
   * the service namespace (`iam`, `sts`...) and region. Absent for unauthenticated events.
   */
  readonly access?: { readonly principalArn: string; readonly service: string; readonly region: string };
}

export interface AuditResource {
  readonly type: string;
  readonly name: string;
}

/** A stored event: its position in the chain and the chain hashes. */
export interface StoredAuditEvent {
  readonly seq: number;
  readonly accountId: string;
  readonly eventId: string;
  readonly eventTime: Date;
  readonly eventName: string;
  readonly eventSource: string;
  readonly userName?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly readOnly: boolean;
  readonly resources: readonly AuditResource[];
  readonly record: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** LookupEvents' one attribute. */
export type LookupAttribute =
  | {
      readonly key: 'EventName' | 'Username' | 'AccessKeyId' | 'EventSource' | 'EventId';
      readonly value: string;
    }
  | { readonly key: 'ReadOnly'; readonly value: boolean }
  | { readonly key: 'ResourceName' | 'ResourceType'; readonly value: string };

export interface LookupQuery {
  readonly attribute?: LookupAttribute | undefined;
  readonly startTime?: Date | undefined;
  readonly endTime?: Date | undefined;
  /** 1..50. */
  readonly maxResults: number;
  /** A token this query issued; InvalidNextTokenException otherwise. */
  readonly nextToken?: string | undefined;
}

export interface LookupPage {
  /** Newest first. */
  readonly events: readonly StoredAuditEvent[];
  readonly nextToken?: string | undefined;
}

/** Access advisor: the last authenticated use of a service namespace by a principal. */
export interface LastAccess {
  readonly principalArn: string;
  readonly service: string;
  readonly lastAccessed: Date;
  readonly region: string;
}

/** A signed seal over the chain up to `lastSeq` (services/audit/digest.ts writes the text). */
export interface StoredDigest {
  readonly digestSeq: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The time of the last event it covers. */
  readonly lastTime: Date;
  /** The digest JSON, signature included. */
  readonly digest: string;
}

export interface AuditReader {
  lookup(accountId: AccountId, query: LookupQuery): Promise<LookupPage>;
  /**
   * The account's last authenticated access per principal and service namespace (from a summary
   * table kept as events are written, so the cost does not grow with the trail). `principalArns`
   * narrows to those principals; absent: every principal of the account.
   */
  lastAccessed(accountId: AccountId, principalArns?: readonly string[]): Promise<readonly LastAccess[]>;
}

export interface AuditRepo extends AuditReader {
  /** Appends events to the chain, in order, in the caller's transaction. */
  append(events: readonly NewAuditEvent[]): Promise<void>;
  /**
   * The chain and its digests are one log for the whole store (cross-account by nature, like
   * accessKeys.find): the head, a digest, retention.
   */
  head(): Promise<{
    readonly seq: number;
    readonly hash: string;
    readonly lastDigestSeq: number;
    /** The head event's time (absent when no event is stored). */
    readonly time?: Date | undefined;
  }>;
  appendDigest(digest: Omit<StoredDigest, 'digestSeq'>): Promise<number>;
  lastDigest(): Promise<StoredDigest | undefined>;
  /** Retention: drops events (and their resources) with seq <= throughSeq; returns how many. */
  dropThrough(throughSeq: number): Promise<number>;
  /** The newest digest whose last event is older than `before` (retention's checkpoint). */
  digestBefore(before: Date): Promise<StoredDigest | undefined>;
}

/** The whole log in order, for `audit verify` and `audit export` (read-only, outside the server). */
export interface AuditLogReader {
  events(fromSeq: number, limit: number): Promise<readonly StoredAuditEvent[]>;
  digests(): Promise<readonly StoredDigest[]>;
  close(): Promise<void>;
}
