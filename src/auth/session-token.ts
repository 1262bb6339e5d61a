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

/** The codec the server hands to STS handlers and to credential resolution. */
export function sessionTokenCodec(box: SecretBox): SessionTokenCodec {
  return {
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
