/**
 * What a phone authenticator app does with a Base32 seed, written from RFC 4648 and RFC 6238 on
 * node:crypto alone, so that tests check the server's codes with no code in common with it (not
 * otpauth, not src/auth/totp.ts).
 */
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const STEP_MS = 30_000;

/** RFC 4648 Base32 (case-insensitive, padding optional) to bytes. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`not Base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP with HMAC-SHA1 and dynamic truncation, `digits` long. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The time step (RFC 6238, T0 = 0, X = 30 s) of a time in milliseconds. */
export const stepAt = (ms: number): number => Math.floor(ms / STEP_MS);

/** The 6-digit code an app shows for `step`. */
export const codeFor = (base32Seed: string, step: number): string => hotp(base32Decode(base32Seed), step);

/**
 * Waits, if needed, until the current step has at least `minRemainingMs` left, so that a test's
 * codes and the server's clock agree on "now"; returns that step.
 */
export async function settledStep(minRemainingMs = 8_000): Promise<number> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < minRemainingMs) await new Promise((r) => setTimeout(r, left + 200));
  return stepAt(Date.now());
}
