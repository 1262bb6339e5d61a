/**
 * `portcullis audit verify`: walks the whole chain in order and checks, for every event, its
 * position (no gap: a deleted event), its link to the previous hash, its hash over its record
 * (an edited, inserted or swapped event), and that the columns LookupEvents filters on say what
 * the record says; for every digest, its Ed25519 signature, its link to the previous digest, and
 * that the chain's hash at its last event is the one it sealed. A chain rewritten from some event
 * on with correct hashes is caught at the first digest sealing that range. The first failure is
 * named: `event <seq> (<eventID>): <why>`.
 */
import type { KeyObject } from 'node:crypto';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../domain/audit-chain.js';
import type { AuditLogReader, StoredAuditEvent, StoredDigest } from '../../store/audit-repo.js';
import { type Digest, digestHash, publicKeyFingerprint, verifyDigest } from './digest.js';
import { userNameOfIdentity } from './event-record.js';

export interface VerifyOptions {
  readonly publicKey: KeyObject;
  /** A digest (its JSON, as `audit export` wrote it) or a hash kept elsewhere: the log must reach it. */
  readonly expectAfter?: string | undefined;
  readonly pageSize?: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** The first failure, in chain order. */
  readonly firstBad?: {
    readonly seq: number;
    readonly eventId?: string | undefined;
    readonly reason: string;
  };
  readonly events: number;
  readonly digests: number;
  readonly firstSeq: number | undefined;
  readonly lastSeq: number | undefined;
  /** Events after the last digest: verified as a chain, not yet signed. */
  readonly unsealed: number;
}

class Bad extends Error {
  constructor(
    readonly seq: number,
    readonly eventId: string | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

export async function verifyAuditLog(log: AuditLogReader, options: VerifyOptions): Promise<VerifyReport> {
  const stored = await log.digests();
  let events = 0;
  let firstSeq: number | undefined;
  let lastSeq: number | undefined;
  let lastHash = GENESIS_HASH;
  const report = (firstBad?: VerifyReport['firstBad']): VerifyReport => {
    const sealedThrough = stored.at(-1)?.lastSeq ?? 0;
    return {
      ok: firstBad === undefined,
      ...(firstBad && { firstBad }),
      events,
      digests: stored.length,
      firstSeq,
      lastSeq,
      unsealed: Math.max(0, (lastSeq ?? 0) - sealedThrough),
    };
  };
  try {
    const digests = checkDigests(stored, options.publicKey);
    const bySeq = new Map(digests.map((d) => [d.body.lastSeq, d.body]));
    const pageSize = options.pageSize ?? 5000;
    let next = 1;
    let expected: number | undefined;
    for (;;) {
      const page = await log.events(next, pageSize);
      for (const e of page) {
        if (expected === undefined) {
          firstSeq = e.seq;
          if (e.seq !== 1) {
            // Retention dropped the events before: a digest sealing exactly up to here is the checkpoint.
            const checkpoint = bySeq.get(e.seq - 1);
            if (checkpoint === undefined) {
              // The first missing event follows the newest digest before the gap (retention's checkpoint).
              const from = Math.max(0, ...digests.map((d) => d.body.lastSeq).filter((s) => s < e.seq)) + 1;
              throw new Bad(
                from,
                undefined,
                `events ${from}..${e.seq - 1} are missing and no signed digest seals them (deleted)`,
              );
            }
            lastHash = checkpoint.lastHash;
          }
          expected = e.seq;
        }
        if (e.seq !== expected) {
          throw new Bad(
            expected,
            undefined,
            `event ${expected} is missing (deleted); the next stored event is ${e.seq}`,
          );
        }
        checkEvent(e, lastHash);
        lastHash = e.hash;
        const digest = bySeq.get(e.seq);
        if (digest && digest.lastHash !== e.hash) {
          throw new Bad(
            digest.firstSeq,
            undefined,
            `events ${digest.firstSeq}..${digest.lastSeq} do not match signed digest ${digest.digestSeq} (rewritten)`,
          );
        }
        lastSeq = e.seq;
        expected = e.seq + 1;
        events += 1;
      }
      if (page.length < pageSize) break;
      next = page.at(-1)!.seq + 1;
    }
    const lastDigest = digests.at(-1)?.body;
    if (lastDigest && (lastSeq ?? 0) < lastDigest.lastSeq) {
      const from = (lastSeq ?? lastDigest.firstSeq - 1) + 1;
      throw new Bad(
        from,
        undefined,
        `events ${from}..${lastDigest.lastSeq} sealed by digest ${lastDigest.digestSeq} are missing (truncated)`,
      );
    }
    if (options.expectAfter !== undefined) {
      await checkExpectAfter(log, options, digests, lastSeq ?? 0, lastHash);
    }
    return report();
  } catch (error) {
    if (error instanceof Bad)
      return report({ seq: error.seq, eventId: error.eventId, reason: error.message });
    throw error;
  }
}

function checkEvent(e: StoredAuditEvent, prevHash: string): void {
  const bad = (why: string) => new Bad(e.seq, e.eventId, why);
  if (e.prevHash !== prevHash)
    throw bad('its previous-hash link does not match the event before it (inserted, deleted or reordered)');
  if (chainHash(prevHash, e.seq, e.record) !== e.hash)
    throw bad('its record does not match its hash (edited or moved)');
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(e.record) as Record<string, unknown>;
  } catch {
    throw bad('its record is not JSON');
  }
  const checks: [string, unknown, unknown][] = [
    ['eventID', record.eventID, e.eventId],
    ['eventName', record.eventName, e.eventName],
    ['eventSource', record.eventSource, e.eventSource],
    ['recipientAccountId', record.recipientAccountId, e.accountId],
    ['readOnly', record.readOnly, e.readOnly],
    [
      'accessKeyId',
      (record.userIdentity as { accessKeyId?: unknown } | undefined)?.accessKeyId,
      e.accessKeyId,
    ],
    ['username', userNameOfIdentity(record.userIdentity), e.userName],
    ['eventTime', record.eventTime, `${e.eventTime.toISOString().slice(0, 19)}Z`],
    [
      'resources',
      canonicalJson([...((record.resources ?? []) as ResourceEntry[])].sort(byResource)),
      canonicalJson(e.resources.map((r) => ({ type: r.type, ARN: r.name })).sort(byResource)),
    ],
  ];
  for (const [name, inRecord, inColumn] of checks) {
    if (inRecord !== inColumn) throw bad(`its ${name} column differs from its record (edited)`);
  }
}

interface ResourceEntry {
  readonly type: string;
  readonly ARN: string;
}

const byResource = (a: ResourceEntry, b: ResourceEntry): number =>
  a.type === b.type ? (a.ARN < b.ARN ? -1 : a.ARN > b.ARN ? 1 : 0) : a.type < b.type ? -1 : 1;

interface CheckedDigest {
  readonly json: string;
  readonly body: Digest;
}

function checkDigests(stored: readonly StoredDigest[], publicKey: KeyObject): CheckedDigest[] {
  const fingerprint = publicKeyFingerprint(publicKey);
  const out: CheckedDigest[] = [];
  let previous: CheckedDigest | undefined;
  for (const d of stored) {
    const bad = (why: string) => new Bad(d.firstSeq, undefined, `digest ${d.digestSeq}: ${why}`);
    let parsed: { digest: Digest; valid: boolean };
    try {
      parsed = verifyDigest(d.digest, publicKey);
    } catch {
      throw bad('is not a readable digest');
    }
    const body = parsed.digest;
    if (body.publicKeyFingerprint !== fingerprint) throw bad('was signed by another key');
    if (!parsed.valid) throw bad('its signature is not valid (edited)');
    if (body.digestSeq !== d.digestSeq || body.firstSeq !== d.firstSeq || body.lastSeq !== d.lastSeq) {
      throw bad('its columns differ from its signed content (edited)');
    }
    if (previous) {
      if (body.digestSeq !== previous.body.digestSeq + 1)
        throw bad(`digest ${previous.body.digestSeq + 1} is missing`);
      if (body.previousDigestHash !== digestHash(previous.json))
        throw bad('does not link to the digest before it');
      if (body.firstSeq !== previous.body.lastSeq + 1)
        throw bad('does not start where the digest before it ended');
    }
    previous = { json: d.digest, body };
    out.push(previous);
  }
  return out;
}

async function checkExpectAfter(
  log: AuditLogReader,
  options: VerifyOptions,
  digests: readonly CheckedDigest[],
  lastSeq: number,
  headHash: string,
): Promise<void> {
  const given = options.expectAfter!.trim();
  if (given.startsWith('{')) {
    let kept: { digest: Digest; valid: boolean };
    try {
      kept = verifyDigest(given, options.publicKey);
    } catch {
      throw new Bad(lastSeq + 1, undefined, '--expect-after: not a digest');
    }
    if (!kept.valid)
      throw new Bad(lastSeq + 1, undefined, '--expect-after: the kept digest has a bad signature');
    const body = kept.digest;
    const here = digests.find((d) => d.body.digestSeq === body.digestSeq);
    if (lastSeq < body.lastSeq || here === undefined) {
      const from = Math.min(lastSeq + 1, here?.body.firstSeq ?? lastSeq + 1);
      throw new Bad(
        from,
        undefined,
        `events ${from}..${body.lastSeq} sealed by the kept digest ${body.digestSeq} are missing (truncated)`,
      );
    }
    if (here.body.lastHash !== body.lastHash || here.body.signature !== body.signature) {
      throw new Bad(
        body.firstSeq,
        undefined,
        `digest ${body.digestSeq} differs from the kept copy (rewritten)`,
      );
    }
    return;
  }
  if (!/^[0-9a-f]{64}$/i.test(given))
    throw new Bad(lastSeq + 1, undefined, '--expect-after: not a digest or a hash');
  const hash = given.toLowerCase();
  if (hash === headHash) return;
  if (digests.some((d) => d.body.lastHash === hash || digestHash(d.json) === hash)) return;
  // An event hash further back: scan for it.
  for (let from = 1; ; ) {
    const page = await log.events(from, 5000);
    if (page.some((e) => e.hash === hash)) return;
    if (page.length < 5000) break;
    from = page.at(-1)!.seq + 1;
  }
  throw new Bad(
    lastSeq + 1,
    undefined,
    `the log does not reach the kept hash ${hash} (truncated or rewritten)`,
  );
}
