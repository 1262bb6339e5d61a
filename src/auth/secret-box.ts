/**
 * Secrets at rest: AES-256-GCM under the master key. Each secret gets a fresh 12-byte nonce, and
 * the record it belongs to (an access key id, say) is bound in as additional authenticated data,
 * so a ciphertext copied onto another record does not decrypt.
 *
 * Layout of a sealed secret: version byte (1) | nonce (12) | tag (16) | ciphertext.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MASTER_KEY_BYTES = 32;
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + NONCE_BYTES + TAG_BYTES;

export class SecretBox {
  readonly #key: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== MASTER_KEY_BYTES) {
      throw new Error(`master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.length}`);
    }
    this.#key = Buffer.from(masterKey);
  }

  /** Encrypts `plaintext` for the record named by `aad` (e.g. the access key id). */
  seal(plaintext: string, aad: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), body]);
  }

  /** A 32-byte key for one purpose, derived from the master key (HMAC-SHA256 of the purpose). */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.#key).update(purpose, 'utf8').digest();
  }

  /** As `seal`, for binary plaintext (session tokens carry compressed claims). */
  sealBytes(plaintext: Uint8Array, aad: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), body]);
  }

  /** The plaintext, or throws when the ciphertext, the key or the record binding is wrong. */
  open(sealed: Uint8Array, aad: string): string {
    return this.openBytes(sealed, aad).toString('utf8');
  }

  /** As `open`, returning the plaintext bytes. */
  openBytes(sealed: Uint8Array, aad: string): Buffer {
    const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (buf.length < HEADER || buf[0] !== VERSION) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, buf.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(buf.subarray(1 + NONCE_BYTES, HEADER));
    return Buffer.concat([decipher.update(buf.subarray(HEADER)), decipher.final()]);
  }
}

export interface MasterKeySource {
  /** `PORTCULLIS_MASTER_KEY_FILE`, when set. */
  readonly keyFile?: string | undefined;
  readonly dataDir: string;
}

export interface LoadedMasterKey {
  readonly key: Buffer;
  readonly path: string;
  /** True when this call created the file. */
  readonly created: boolean;
}

/**
 * Reads the master key file: 32 raw bytes, or 64 hex characters / base64 of 32 bytes (so that an
 * operator can write one with `openssl rand -hex 32`). Without PORTCULLIS_MASTER_KEY_FILE the key
 * lives at `<data-dir>/master.key` and is created (mode 0600) on first start; a named file must
 * already exist, since generating a key where the operator keeps theirs would hide a typo.
 */
export function loadMasterKey(source: MasterKeySource): LoadedMasterKey {
  const path = source.keyFile ?? join(source.dataDir, 'master.key');
  if (!existsSync(path)) {
    if (source.keyFile !== undefined) throw new Error(`master key file ${path} does not exist`);
    const key = randomBytes(MASTER_KEY_BYTES);
    mkdirSync(dirname(path), { recursive: true });
    writeNewFile(path, `${key.toString('hex')}\n`);
    return { key, path, created: true };
  }
  return { key: decodeMasterKey(readFileSync(path), path), path, created: false };
}

export function decodeMasterKey(raw: Buffer, path = 'master key'): Buffer {
  if (raw.length === MASTER_KEY_BYTES) return raw;
  const text = raw.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Buffer.from(text, 'base64');
  throw new Error(`${path}: expected 32 bytes (raw, 64 hex characters or base64)`);
}

/** Creates a file that must not exist yet, readable by its owner only from the first byte. */
export function writeNewFile(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600); // the umask may have narrowed it further; never wider
}
