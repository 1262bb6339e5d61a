/**
 * Seals the explanation that AccessDenied messages carry: deflate-raw, AES-256-GCM under the master
 * key with the AAD `sts-authorization-message:v1` (so neither a session token nor an access key
 * secret opens as one), base64url without padding.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AuthorizationMessageCodec } from '../services/operation-context.js';
import type { SecretBox } from './secret-box.js';

export const AUTHORIZATION_MESSAGE_AAD = 'sts-authorization-message:v1';
const MAX_BLOB_CHARS = 10_240;

export function authorizationMessageCodec(box: SecretBox): AuthorizationMessageCodec {
  return {
    seal: (json) =>
      box
        .sealBytes(deflateRawSync(Buffer.from(json, 'utf8')), AUTHORIZATION_MESSAGE_AAD)
        .toString('base64url'),
    open: (blob) => {
      if (blob.length > MAX_BLOB_CHARS || !/^[A-Za-z0-9_-]+$/.test(blob)) return undefined;
      try {
        const body = box.openBytes(Buffer.from(blob, 'base64url'), AUTHORIZATION_MESSAGE_AAD);
        return inflateRawSync(body, { maxOutputLength: 64 * 1024 }).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
