import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';

/**
 * Opaque list cursors: base64url(JSON [scope-free payload]) + "." + base64url(HMAC-SHA256 truncated
 * to 16 bytes) over `scope \0 payload`. The scope names the list, account and filter, so a marker
 * cannot be replayed against another list or account, and a changed byte is rejected. Nodes that
 * share a database must share the secret (the composition root derives it from the master key).
 */
export class CursorCodec {
  readonly #secret: Uint8Array;

  constructor(secret: Uint8Array = randomBytes(32)) {
    this.#secret = secret;
  }

  #mac(scope: string, payload: string): Buffer {
    return createHmac('sha256', this.#secret)
      .update(scope)
      .update('\0')
      .update(payload)
      .digest()
      .subarray(0, 16);
  }

  encode(scope: string, key: string): string {
    const payload = Buffer.from(JSON.stringify([key]), 'utf8').toString('base64url');
    return `${payload}.${this.#mac(scope, payload).toString('base64url')}`;
  }

  /** The last key of the previous page; throws InvalidInput for a marker this list did not issue. */
  decode(scope: string, marker: string): string {
    const dot = marker.indexOf('.');
    if (dot > 0) {
      const payload = marker.slice(0, dot);
      const given = Buffer.from(marker.slice(dot + 1), 'base64url');
      const expected = this.#mac(scope, payload);
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        try {
          const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
          if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
        } catch {
          // fall through: a signed but unreadable payload is as invalid as a forged one
        }
      }
    }
    throw new AwsError('InvalidInput', 'Invalid Marker.');
  }
}
