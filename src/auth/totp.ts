/**
 * TOTP (RFC 6238) as AWS's virtual MFA devices use it: HMAC-SHA1, 6 digits, 30-second steps from
 * the Unix epoch. Codes are computed by `otpauth` (a maintained implementation); the window search
 * and the comparison are ours, so that every step in the window is compared in constant time and
 * the caller learns WHICH step matched (replay protection keys on it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { OneTimeCodes } from '../services/operation-context.js';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'SHA1';
/** AWS accepts a code one step either side of now (clock skew and typing time). */
export const TOTP_WINDOW = 1;
/** 40 random bytes = 320 bits, 64 Base32 characters (the length of AWS's Base32StringSeed). */
export const SEED_BYTES = 40;

/** A fresh seed from a CSPRNG, as RFC 4648 Base32 without padding. */
export function newTotpSeed(): string {
  return new Secret({ buffer: randomBytes(SEED_BYTES).buffer as ArrayBuffer }).base32;
}

/** The time step (counter) that `at` falls in. */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** The code of one time step. */
export function totpCode(base32Seed: string, step: number): string {
  return HOTP.generate({
    secret: Secret.fromBase32(base32Seed),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    counter: step,
  });
}

const CODE_PATTERN = /^\d{6}$/;

/**
 * The time steps within `window` steps of `at` whose code is `code`, latest first (almost always
 * none or one). Every step of the window is computed and compared, in constant time, whatever
 * matches.
 */
export function matchingSteps(base32Seed: string, code: string, at: Date, window = TOTP_WINDOW): number[] {
  // A malformed code still costs the comparisons, so its refusal takes as long as a wrong one.
  const wanted = Buffer.from(CODE_PATTERN.test(code) ? code : '------', 'utf8');
  const now = timeStep(at);
  const found: number[] = [];
  for (let step = now + window; step >= now - window; step--) {
    if (step < 0) continue;
    const candidate = Buffer.from(totpCode(base32Seed, step), 'utf8');
    if (timingSafeEqual(candidate, wanted)) found.push(step);
  }
  return found;
}

/** The provisioning URI an authenticator app reads: `otpauth://totp/<issuer>:<label>?secret=...`. */
export function provisioningUri(base32Seed: string, issuer: string, label: string): string {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(base32Seed),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** A PNG of the URI as a QR code (error correction M, a 4-module quiet zone), for a phone to scan. */
export function qrCodePng(uri: string): Promise<Buffer> {
  return QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
}

/** The OneTimeCodes capability the server hands to the virtual MFA handlers. */
export const totpCodes: OneTimeCodes = {
  newSeed: newTotpSeed,
  step: timeStep,
  matchingSteps,
  provisioning: async (base32Seed, issuer, label) => {
    const uri = provisioningUri(base32Seed, issuer, label);
    return { uri, png: await qrCodePng(uri) };
  },
};
