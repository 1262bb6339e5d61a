import { createHash } from 'node:crypto';

/**
 * The audit hash chain. One chain for the whole store (not one per account): the store has one
 * writer, so a global order costs nothing, and a deleted or reordered event is detected even
 * where it belonged to another account. The hash covers the event's position, the previous hash
 * and its canonical record, so an edit, a deletion, an insertion or a swap breaks the chain at
 * that event.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const chainHash = (prevHash: string, seq: number, record: string): string =>
  createHash('sha256').update(`${prevHash}\n${seq}\n`).update(record, 'utf8').digest('hex');

/** JSON with object keys sorted at every depth: one spelling per value, so one hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
