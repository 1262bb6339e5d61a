/**
 * The audit trail's writer. Three paths:
 *
 * - A mutation's event is appended by `appendInTransaction` through the handler's own `tx`: it
 *   commits with the change or not at all (if the append fails the mutation rolls back).
 * - Read-only calls, refused calls and failures are queued and written together, one transaction
 *   per batch, every `flushMs` or `flushEvents` events, whichever comes first. Durability window:
 *   a crash loses at most the last `flushMs` (default 50 ms) of such events; a clean shutdown
 *   (`close`) writes them.
 * - Refused unauthenticated requests (bad signature, unknown key, no signature) are sampled: the
 *   first `unauthenticatedPerMinute` per source address per minute are recorded, the rest counted
 *   into one summary event per minute, so a flood cannot fill the disk.
 *
 * After every write the trail seals a signed digest when `digestEvents` events are unsealed, and
 * a timer seals whatever is unsealed every `digestMs` (and `close` seals the tail).
 */
import type { NewAuditEvent } from '../../store/audit-repo.js';
import type { Store, StoreTx } from '../../store/store.js';
import { digestHash, type DigestSigner, publicKeyFingerprint, signDigest } from './digest.js';
import { type AuditCall, auditEvent } from './event-record.js';

export interface AuditTrailOptions {
  readonly store: Store;
  readonly signer: DigestSigner;
  readonly clock?: () => Date;
  readonly onError?: (error: unknown) => void;
  readonly flushMs?: number;
  readonly flushEvents?: number;
  readonly digestEvents?: number;
  readonly digestMs?: number;
  readonly unauthenticatedPerMinute?: number;
  /** Source addresses tracked per minute; beyond this, addresses are counted together. */
  readonly maxTrackedAddresses?: number;
  /** Retention: events older than this many days are dropped (whole digests at a time). */
  readonly retentionDays?: number | undefined;
}

/** What the pipeline and the console sign-in call. */
export interface AuditSink {
  /** A mutation's event, in its transaction. */
  appendInTransaction(tx: StoreTx, call: AuditCall): Promise<void>;
  /** Any other authenticated call (read, refused, failed): batched. */
  record(call: AuditCall): void;
  /** A refused unauthenticated request: sampled. */
  recordUnauthenticated(call: AuditCall): void;
}

export class AuditTrail implements AuditSink {
  readonly #o: Required<Omit<AuditTrailOptions, 'retentionDays' | 'onError'>> & AuditTrailOptions;
  readonly #fingerprint: string;
  #queue: NewAuditEvent[] = [];
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly #digestTimer: NodeJS.Timeout;
  #minute = -1;
  readonly #perAddress = new Map<string, number>();
  #suppressed = 0;
  #closed = false;
  /** Events written since the last seal, as far as this process knows (the timer seals the rest). */
  #unsealed = 0;

  constructor(options: AuditTrailOptions) {
    this.#o = {
      clock: () => new Date(),
      flushMs: 50,
      flushEvents: 500,
      digestEvents: 1000,
      digestMs: 60_000,
      unauthenticatedPerMinute: 10,
      maxTrackedAddresses: 1000,
      ...options,
    };
    this.#fingerprint = publicKeyFingerprint(options.signer.publicKey);
    this.#digestTimer = setInterval(() => {
      this.#rollMinute(this.#o.clock());
      void this.flush()
        .then(() => this.seal(false))
        .then(() => this.applyRetention())
        .catch((e) => this.#fail(e));
    }, this.#o.digestMs);
    this.#digestTimer.unref();
  }

  #fail(error: unknown): void {
    this.#o.onError?.(error);
  }

  async appendInTransaction(tx: StoreTx, call: AuditCall): Promise<void> {
    await tx.audit.append([auditEvent(call)]);
    this.#unsealed += 1;
  }

  record(call: AuditCall): void {
    this.#enqueue(auditEvent(call));
  }

  recordUnauthenticated(call: AuditCall): void {
    this.#rollMinute(call.time);
    const known = this.#perAddress.get(call.sourceIp);
    if (known === undefined && this.#perAddress.size >= this.#o.maxTrackedAddresses) {
      this.#suppressed += 1;
      return;
    }
    const count = (known ?? 0) + 1;
    this.#perAddress.set(call.sourceIp, count);
    if (count <= this.#o.unauthenticatedPerMinute) this.#enqueue(auditEvent(call));
  }

  /** At a minute boundary: one summary event for what was counted and not recorded. */
  #rollMinute(now: Date): void {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute === this.#minute) return;
    const limit = this.#o.unauthenticatedPerMinute;
    const over = [...this.#perAddress].filter(([, n]) => n > limit);
    if (over.length > 0 || this.#suppressed > 0) {
      over.sort((a, b) => b[1] - a[1]);
      const top = over
        .slice(0, 20)
        .map(([address, n]) => ({ sourceIPAddress: address, notRecorded: n - limit }));
      const total = over.reduce((s, [, n]) => s + n - limit, 0) + this.#suppressed;
      this.#enqueue(
        auditEvent({
          requestId: '',
          time: new Date(this.#minute * 60_000 + 59_999),
          service: 'iam',
          eventName: 'UnauthenticatedRequestsSummary',
          region: 'us-east-1',
          sourceIp: 'portcullis',
          readOnly: true,
          error: { code: 'AccessDenied', message: `${total} refused unauthenticated requests not recorded` },
          additionalEventData: {
            minuteStart: new Date(this.#minute * 60_000).toISOString(),
            notRecorded: total,
            addressesNotTracked: this.#suppressed,
            topSources: top,
          },
        }),
      );
    }
    this.#minute = minute;
    this.#perAddress.clear();
    this.#suppressed = 0;
  }

  #enqueue(event: NewAuditEvent): void {
    this.#queue.push(event);
    if (this.#queue.length >= this.#o.flushEvents) {
      void this.flush().catch((e) => this.#fail(e));
    } else if (this.#flushTimer === undefined) {
      this.#flushTimer = setTimeout(() => void this.flush().catch((e) => this.#fail(e)), this.#o.flushMs);
      this.#flushTimer.unref();
    }
  }

  /** Writes the queued events in one transaction (and seals a digest when enough are unsealed). */
  flush(): Promise<void> {
    if (this.#flushTimer !== undefined) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    const batch = this.#queue;
    this.#queue = [];
    const run = async () => {
      if (batch.length > 0) await this.#o.store.transaction((tx) => tx.audit.append(batch));
      this.#unsealed += batch.length;
      if (this.#unsealed >= this.#o.digestEvents) await this.seal(true);
    };
    this.#flushing = this.#flushing.then(run, run);
    return this.#flushing;
  }

  /** Seals the unsealed tail in a signed digest (`onlyIfFull`: only when digestEvents are waiting). */
  async seal(onlyIfFull: boolean): Promise<void> {
    await this.#o.store.transaction(async (tx) => {
      const head = await tx.audit.head();
      const unsealed = head.seq - head.lastDigestSeq;
      if (unsealed <= 0 || (onlyIfFull && unsealed < this.#o.digestEvents)) {
        this.#unsealed = Math.max(0, unsealed);
        return;
      }
      this.#unsealed = 0;
      const last = await tx.audit.lastDigest();
      const body = {
        digestVersion: '1' as const,
        digestSeq: (last?.digestSeq ?? 0) + 1,
        firstSeq: head.lastDigestSeq + 1,
        lastSeq: head.seq,
        lastHash: head.hash,
        lastEventTime: (head.time ?? this.#o.clock()).toISOString(),
        createdAt: this.#o.clock().toISOString(),
        previousDigestHash: last ? digestHash(last.digest) : '',
        publicKeyFingerprint: this.#fingerprint,
      };
      await tx.audit.appendDigest({
        firstSeq: body.firstSeq,
        lastSeq: body.lastSeq,
        lastTime: new Date(body.lastEventTime),
        digest: signDigest(body, this.#o.signer),
      });
    });
  }

  /**
   * Drops events older than the retention, whole digests at a time: the newest digest whose last
   * event is older than the cut-off becomes the checkpoint the remaining chain verifies from.
   */
  async applyRetention(): Promise<number> {
    const days = this.#o.retentionDays;
    if (days === undefined || days <= 0) return 0;
    const cutoff = new Date(this.#o.clock().getTime() - days * 86_400_000);
    return this.#o.store.transaction(async (tx) => {
      const checkpoint = await tx.audit.digestBefore(cutoff);
      return checkpoint ? tx.audit.dropThrough(checkpoint.lastSeq) : 0;
    });
  }

  /** Writes what is queued, seals the tail and stops the timers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#digestTimer);
    this.#rollMinute(new Date(8.64e15));
    await this.flush();
    await this.seal(false);
  }
}
