import { createHmac, randomBytes } from 'node:crypto';

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), cached.
 *
 * The four chained HMACs dominate verification cost and change once a day per key, so they are kept
 * in a small LRU. The cache key never contains the secret: it holds an HMAC of the secret under a
 * random per-process salt, so neither a heap dump of the map's keys nor a timing probe on lookups
 * reveals anything usable offline. Values are signing keys, which are as sensitive as the secret for
 * that one day/region/service and stay in process memory only; nothing here is ever logged.
 */

const MAX_ENTRIES = 1024;
const SALT = randomBytes(32);
const cache = new Map<string, Buffer>();

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export const deriveSigningKey = (secret: string, date: string, region: string, service: string): Buffer =>
  hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');

export const signingKey = (secret: string, date: string, region: string, service: string): Buffer => {
  const id = `${createHmac('sha256', SALT).update(secret).digest('base64')}\n${date}\n${region}\n${service}`;
  const hit = cache.get(id);
  if (hit !== undefined) {
    cache.delete(id); // re-insert to mark most recently used
    cache.set(id, hit);
    return hit;
  }
  const key = deriveSigningKey(secret, date, region, service);
  cache.set(id, key);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return key;
};

/** Test hook: empties the cache. */
export const clearSigningKeyCache = (): void => cache.clear();

export const signingKeyCacheSize = (): number => cache.size;
