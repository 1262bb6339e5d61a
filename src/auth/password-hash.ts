/**
 * Password hashing: scrypt (RFC 7914) from node:crypto, at OWASP's recommended cost for scrypt
 * (N = 2^17, r = 8, p = 1: 128 MiB of memory per hash), a 16-byte random salt and a 32-byte key.
 *
 * The stored form names its own parameters, so the cost can rise later without breaking the hashes
 * already stored (verification reads N, r, p from the string; `needsRehash` says when to upgrade):
 *
 *   $scrypt$ln=17,r=8,p=1$<salt, base64 without padding>$<key, base64 without padding>
 *
 * Hashing runs on libuv's thread pool (the async `scrypt`, never `scryptSync`), so the event loop
 * keeps serving while a password is hashed. Verification compares keys with `timingSafeEqual`.
 * The cost is configurable (`PORTCULLIS_SCRYPT_LOG_N`, default 17) so that tests may lower it.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const DEFAULT_SCRYPT_LOG_N = 17;
/** The range `PORTCULLIS_SCRYPT_LOG_N` accepts (10: tests only; 20: 1 GiB per hash). */
export const MIN_SCRYPT_LOG_N = 10;
export const MAX_SCRYPT_LOG_N = 20;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

export interface ScryptParameters {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

const b64 = (buf: Buffer): string => buf.toString('base64').replace(/=+$/, '');

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParameters,
  keyLength: number,
): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128 * N * r bytes; Node refuses above maxmem (32 MiB by default).
  const maxmem = 128 * N * params.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r: params.r, p: params.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export function parseScryptHash(
  encoded: string,
): (ScryptParameters & { salt: Buffer; key: Buffer }) | undefined {
  const m = ENCODED.exec(encoded);
  if (!m) return undefined;
  const logN = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  if (logN < 1 || logN > MAX_SCRYPT_LOG_N || r < 1 || p < 1) return undefined;
  return { logN, r, p, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

export class PasswordHasher {
  readonly params: ScryptParameters;
  /** A hash of nothing anyone knows, verified when there is no stored hash (equal timing). */
  #decoy: Promise<string> | undefined;

  constructor(logN: number = DEFAULT_SCRYPT_LOG_N) {
    if (!Number.isInteger(logN) || logN < MIN_SCRYPT_LOG_N || logN > MAX_SCRYPT_LOG_N) {
      throw new Error(`scrypt log2(N) must be an integer from ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N}`);
    }
    this.params = { logN, r: R, p: P };
  }

  /** The self-describing hash of `password` with a fresh salt. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.params, KEY_BYTES);
    const { logN, r, p } = this.params;
    return `$scrypt$ln=${logN},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  /**
   * Whether `password` matches `encoded`, compared in constant time. With `encoded` undefined (no
   * such user, no password) a decoy hash is checked, so the answer takes as long as a real one.
   */
  async verify(password: string, encoded: string | undefined): Promise<boolean> {
    if (encoded === undefined) {
      this.#decoy ??= this.hash(randomBytes(24).toString('base64'));
      await this.verify(password, await this.#decoy);
      return false;
    }
    const parsed = parseScryptHash(encoded);
    if (parsed === undefined || parsed.key.length === 0) return false;
    const key = await derive(password, parsed.salt, parsed, parsed.key.length);
    return timingSafeEqual(key, parsed.key);
  }

  /** True when `encoded` was made with other parameters than the current ones. */
  needsRehash(encoded: string): boolean {
    const parsed = parseScryptHash(encoded);
    return (
      parsed === undefined ||
      parsed.logN !== this.params.logN ||
      parsed.r !== this.params.r ||
      parsed.p !== this.params.p
    );
  }
}

/** `PORTCULLIS_SCRYPT_LOG_N` (undefined or empty: the default); throws on anything else. */
export function scryptLogNFrom(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_SCRYPT_LOG_N;
  const n = Number(text);
  if (!/^\d{1,2}$/.test(text) || n < MIN_SCRYPT_LOG_N || n > MAX_SCRYPT_LOG_N) {
    throw new Error(
      `PORTCULLIS_SCRYPT_LOG_N must be an integer from ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N}, got '${text}'`,
    );
  }
  return n;
}
