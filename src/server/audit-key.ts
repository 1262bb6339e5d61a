/**
 * The Ed25519 key that signs audit digests. `PORTCULLIS_AUDIT_KEY_FILE` names a PKCS#8 PEM
 * private key kept outside the data directory (the strong set-up: whoever can edit the database
 * cannot forge a digest). Without it the key lives in `<data-dir>/audit-signing.key` (0600),
 * created on first start: weaker, because whoever can edit the database can usually read it.
 * The public key is written beside the data (`<data-dir>/audit-signing.pub`) and printed at
 * creation: keep a copy elsewhere and verify with `portcullis audit verify --public-key`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DigestSigner } from '../services/audit/digest.js';

export interface AuditKey extends DigestSigner {
  readonly path: string;
  /** Set when this start created the key: its public key PEM, to print. */
  readonly createdPublicKeyPem?: string | undefined;
  readonly publicKeyPath: string;
}

export function loadAuditKey(options: { keyFile?: string | undefined; dataDir: string }): AuditKey {
  const path = options.keyFile ?? join(options.dataDir, 'audit-signing.key');
  const publicKeyPath = join(options.dataDir, 'audit-signing.pub');
  let created: string | undefined;
  if (!existsSync(path)) {
    if (options.keyFile !== undefined) throw new Error(`audit signing key ${path} does not exist`);
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(path, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
    created = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
  const privateKey = createPrivateKey(readFileSync(path));
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`audit signing key ${path} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if (!existsSync(publicKeyPath) || readFileSync(publicKeyPath, 'utf8') !== pem) {
    writeFileSync(publicKeyPath, pem, { mode: 0o644 });
  }
  return { path, privateKey, publicKey, publicKeyPath, createdPublicKeyPem: created };
}
