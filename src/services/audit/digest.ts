/**
 * Signed digests: a seal over the chain up to one event, in the spirit of CloudTrail's digest
 * files. The signed bytes are the canonical JSON of every field but `signature`; each digest
 * names its predecessor's hash, so digests form a chain of their own.
 */
import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../../domain/audit-chain.js';

export interface DigestBody {
  readonly digestVersion: '1';
  readonly digestSeq: number;
  /** The first event sealed by this digest (the previous digest's lastSeq + 1). */
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The chain hash of event lastSeq. */
  readonly lastHash: string;
  readonly lastEventTime: string;
  readonly createdAt: string;
  /** SHA-256 of the previous digest's JSON ('' for the first). */
  readonly previousDigestHash: string;
  /** SHA-256 of the public key (SPKI DER), hex: which key verifies this digest. */
  readonly publicKeyFingerprint: string;
}

export interface Digest extends DigestBody {
  /** Ed25519 over canonicalJson(body), base64. */
  readonly signature: string;
}

export interface DigestSigner {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export const publicKeyFingerprint = (key: KeyObject): string =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');

export const digestHash = (digestJson: string): string =>
  createHash('sha256').update(digestJson).digest('hex');

export function signDigest(body: DigestBody, signer: DigestSigner): string {
  const signature = sign(null, Buffer.from(canonicalJson(body)), signer.privateKey).toString('base64');
  return canonicalJson({ ...body, signature });
}

/** Parses and checks one digest's signature; throws on a malformed digest. */
export function verifyDigest(json: string, publicKey: KeyObject): { digest: Digest; valid: boolean } {
  const digest = JSON.parse(json) as Digest;
  if (typeof digest.signature !== 'string' || typeof digest.lastHash !== 'string') {
    throw new Error('not a Portcullis audit digest');
  }
  const { signature, ...body } = digest;
  const valid = verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signature, 'base64'));
  return { digest, valid };
}
