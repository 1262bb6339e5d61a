/**
 * Session tokens: self-contained, sealed. A token is everything a session needs (account, kind,
 * role, session name, secret, times, MFA time, session policies, tags, source identity, chaining,
 * issuer), so no row is written per session and resolution reads nothing but the principal.
 *
 * Wire format (base64, standard alphabet, padded):
 *   format version (1 byte, 0x01) | SecretBox sealed bytes (version 1 | nonce 12 | tag 16 | body)
 * where body = deflate-raw(JSON of the compact claims below), encrypted with AES-256-GCM under
 * the master key and bound by the AAD `sts-session-token:v1` (so no other sealed secret, such as an
 * access key's, opens as a token and vice versa). Any bit flipped anywhere fails the GCM tag.
 * A bare assumed-role token is about 330 base64 characters; with the largest packed session policy
 * (2,048 bytes compressed) it stays under 3.3 KB, inside what SDKs and HTTP servers accept.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SessionClaims, SessionKind, SessionTokenCodec } from '../domain/session.js';
import type { SecretBox } from './secret-box.js';

export const SESSION_TOKEN_AAD = 'sts-session-token:v1';
const FORMAT_VERSION = 1;
/** Longest token accepted for opening (a bound on work done for garbage input). */
const MAX_TOKEN_CHARS = 8192;

const KIND_CODE: Record<SessionKind, string> = { assumedRole: 'r', federatedUser: 'f', sessionUser: 'u' };
const CODE_KIND: Record<string, SessionKind> = { r: 'assumedRole', f: 'federatedUser', u: 'sessionUser' };

/** The compact JSON form (short names keep tokens small). Times are epoch milliseconds. */
interface Compact {
  a: string;
  k: string;
  i: string;
  s: string;
  t: number;
  e: number;
  m?: number;
  r?: [string, string, string];
  n?: string;
  u?: string;
  ui?: string;
  p?: string;
  pa?: string[];
  g?: [string, string][];
  tt?: string[];
  si?: string;
  c?: string;
  f?: SessionClaims['issuer'];
}

function toCompact(c: SessionClaims): Compact {
  const out: Compact = {
    a: c.accountId,
    k: KIND_CODE[c.kind],
    i: c.accessKeyId,
    s: c.secretAccessKey,
    t: c.issuedAt.getTime(),
    e: c.expiresAt.getTime(),
  };
  if (c.mfaAuthenticatedAt !== undefined) out.m = c.mfaAuthenticatedAt.getTime();
  if (c.role !== undefined) out.r = [c.role.id, c.role.name, c.role.arn];
  if (c.sessionName !== undefined) out.n = c.sessionName;
  if (c.userName !== undefined) out.u = c.userName;
  if (c.userId !== undefined) out.ui = c.userId;
  if (c.policies?.inline !== undefined) out.p = c.policies.inline;
  if (c.policies !== undefined && c.policies.arns.length > 0) out.pa = [...c.policies.arns];
  if (c.tags !== undefined && c.tags.length > 0) out.g = c.tags.map((t) => [t.key, t.value]);
  if (c.transitiveTagKeys !== undefined && c.transitiveTagKeys.length > 0) out.tt = [...c.transitiveTagKeys];
  if (c.sourceIdentity !== undefined) out.si = c.sourceIdentity;
  if (c.chainedFrom !== undefined) out.c = c.chainedFrom;
  if (c.issuer !== undefined) out.f = c.issuer;
  return out;
}

const str = (v: unknown): v is string => typeof v === 'string';

function fromCompact(o: Compact): SessionClaims | undefined {
  const kind = CODE_KIND[o.k];
  if (kind === undefined || !str(o.a) || !str(o.i) || !str(o.s)) return undefined;
  if (typeof o.t !== 'number' || typeof o.e !== 'number') return undefined;
  const hasPolicies = o.p !== undefined || o.pa !== undefined;
  return {
    accountId: o.a,
    kind,
    accessKeyId: o.i,
    secretAccessKey: o.s,
    issuedAt: new Date(o.t),
    expiresAt: new Date(o.e),
    mfaAuthenticatedAt: o.m === undefined ? undefined : new Date(o.m),
    role: o.r === undefined ? undefined : { id: o.r[0], name: o.r[1], arn: o.r[2] },
    sessionName: o.n,
    userName: o.u,
    userId: o.ui,
    // A federated user without policies still has a (empty) session gate: keep the distinction.
    policies: hasPolicies || kind === 'federatedUser' ? { inline: o.p, arns: o.pa ?? [] } : undefined,
    tags: o.g?.map(([key, value]) => ({ key, value })),
    transitiveTagKeys: o.tt,
    sourceIdentity: o.si,
    chainedFrom: o.c,
    issuer: o.f,
  };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const KEY_ID = /^ASIA[A-Z2-7]{16}$/;

/**
 * ASIA key ids carry their account, as AWS's do: 16 base32 characters are 80 bits, 40 random (r)
 * then the 12-digit account (< 2^40) XOR the first 40 bits of HMAC(k, r), k derived from the
 * master key. Without k an id reveals nothing about its account; with it any id decodes.
 */
function keyIdCodec(box: SecretBox) {
  const k = box.deriveKey('sts-access-key-id:v1');
  const mask = (r: Buffer): bigint =>
    BigInt(`0x${createHmac('sha256', k).update(r).digest().subarray(0, 5).toString('hex')}`);
  return {
    make: (accountId: string): string => {
      const r = randomBytes(5);
      const masked = BigInt(accountId) ^ mask(r);
      let bits = (BigInt(`0x${r.toString('hex')}`) << 40n) | masked;
      let out = '';
      for (let i = 0; i < 16; i++) {
        out = BASE32[Number(bits & 31n)] + out;
        bits >>= 5n;
      }
      return `ASIA${out}`;
    },
    account: (id: string): string | undefined => {
      if (!KEY_ID.test(id)) return undefined;
      let bits = 0n;
      for (const ch of id.slice(4)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
      const r = Buffer.from((bits >> 40n).toString(16).padStart(10, '0'), 'hex');
      const account = (bits & 0xff_ffff_ffffn) ^ mask(r);
      return account > 999_999_999_999n ? undefined : account.toString().padStart(12, '0');
    },
  };
}

/** The codec the server hands to STS handlers and to credential resolution. */
export function sessionTokenCodec(box: SecretBox): SessionTokenCodec {
  const keyIds = keyIdCodec(box);
  return {
    newAccessKeyId: keyIds.make,
    accountOf: keyIds.account,
    seal: (claims) => {
      const body = deflateRawSync(Buffer.from(JSON.stringify(toCompact(claims)), 'utf8'));
      const sealed = box.sealBytes(body, SESSION_TOKEN_AAD);
      return Buffer.concat([Buffer.of(FORMAT_VERSION), sealed]).toString('base64');
    },
    open: (token) => {
      if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
      const raw = Buffer.from(token, 'base64');
      if (raw[0] !== FORMAT_VERSION) return undefined;
      try {
        const body = box.openBytes(raw.subarray(1), SESSION_TOKEN_AAD);
        return fromCompact(JSON.parse(inflateRawSync(body, { maxOutputLength: 64 * 1024 }).toString('utf8')));
      } catch {
        return undefined;
      }
    },
  };
}
