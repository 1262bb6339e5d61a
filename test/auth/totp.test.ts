import { describe, expect, it } from 'vitest';
import {
  matchingSteps,
  newTotpSeed,
  provisioningUri,
  SEED_BYTES,
  timeStep,
  totpCode,
} from '../../src/auth/totp.js';

/** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in Base32. */
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

// RFC 6238 Appendix B, SHA-1 rows (8 digits). A 6-digit code is the same truncated value mod 10^6.
const VECTORS: readonly [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1, 30 s)', () => {
  it.each(VECTORS)('at %i s the code is the RFC vector (last 6 digits of %s)', (seconds, eight) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(RFC_SEED, timeStep(at))).toBe(eight.slice(2));
    expect(matchingSteps(RFC_SEED, eight.slice(2), at)).toEqual([Math.floor(seconds / 30)]);
  });

  it('accepts one step either side and refuses two', () => {
    const at = new Date(1234567890 * 1000);
    const now = timeStep(at);
    expect(matchingSteps(RFC_SEED, totpCode(RFC_SEED, now - 1), at)).toEqual([now - 1]);
    expect(matchingSteps(RFC_SEED, totpCode(RFC_SEED, now + 1), at)).toEqual([now + 1]);
    expect(matchingSteps(RFC_SEED, totpCode(RFC_SEED, now - 2), at)).toEqual([]);
    expect(matchingSteps(RFC_SEED, totpCode(RFC_SEED, now + 2), at)).toEqual([]);
  });

  it.each(['', '12345', '1234567', 'abcdef', ' 12345', '١٢٣٤٥٦'])('refuses the malformed code %j', (code) => {
    expect(matchingSteps(RFC_SEED, code, new Date())).toEqual([]);
  });

  it('makes 320-bit seeds in Base32 without padding, different every time', () => {
    const a = newTotpSeed();
    expect(a).toMatch(/^[A-Z2-7]{64}$/);
    expect(SEED_BYTES * 8).toBe(320);
    expect(newTotpSeed()).not.toBe(a);
  });

  it('writes the provisioning URI an authenticator app reads', () => {
    const uri = new URL(provisioningUri(RFC_SEED, 'Portcullis', 'dev@123456789012'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Portcullis:dev@123456789012');
    expect(uri.searchParams.get('secret')).toBe(RFC_SEED);
    expect(uri.searchParams.get('issuer')).toBe('Portcullis');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
