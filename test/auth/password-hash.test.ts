import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_LOG_N,
  PasswordHasher,
  parseScryptHash,
  scryptLogNFrom,
} from '../../src/auth/password-hash.js';

const hasher = new PasswordHasher(10);

describe('PasswordHasher (scrypt)', () => {
  it('hashes to the self-describing form and verifies only the right password', async () => {
    const encoded = await hasher.hash('Correct horse 1!');
    expect(encoded).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(encoded).not.toContain('Correct horse');
    expect(await hasher.verify('Correct horse 1!', encoded)).toBe(true);
    expect(await hasher.verify('Correct horse 1?', encoded)).toBe(false);
    expect(await hasher.verify('', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hasher.hash('same');
    const b = await hasher.hash('same');
    expect(a).not.toBe(b);
    expect(parseScryptHash(a)!.salt).toHaveLength(16);
    expect(parseScryptHash(a)!.key).toHaveLength(32);
  });

  it('verifies with the parameters stored in the hash, not the current ones', async () => {
    const old = await new PasswordHasher(11).hash('pw');
    expect(await hasher.verify('pw', old)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw'))).toBe(false);
  });

  it('refuses malformed hashes and checks a decoy when there is none', async () => {
    expect(await hasher.verify('pw', 'plain')).toBe(false);
    expect(await hasher.verify('pw', '$scrypt$ln=40,r=8,p=1$AAAA$AAAA')).toBe(false);
    expect(await hasher.verify('pw', undefined)).toBe(false);
  });

  it('defaults to OWASP cost and reads PORTCULLIS_SCRYPT_LOG_N', () => {
    expect(DEFAULT_SCRYPT_LOG_N).toBe(17);
    expect(new PasswordHasher().params).toEqual({ logN: 17, r: 8, p: 1 });
    expect(scryptLogNFrom(undefined)).toBe(17);
    expect(scryptLogNFrom('12')).toBe(12);
    expect(() => scryptLogNFrom('9')).toThrow(/from 10 to 20/);
    expect(() => scryptLogNFrom('x')).toThrow();
    expect(() => new PasswordHasher(3)).toThrow();
  });
});
