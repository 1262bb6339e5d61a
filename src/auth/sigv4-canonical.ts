import { createHash } from 'node:crypto';
import type { QueryParam } from './sigv4-parse.js';
import { uriEncodeBytes } from './sigv4-parse.js';
import type { SigV4Request } from './sigv4-request.js';

/**
 * The SigV4 canonical request, built the way botocore (`SigV4Auth.canonical_request`) and
 * @smithy/signature-v4 (`createCanonicalRequest`) build it for non-S3 services, so that any request
 * they signed canonicalizes to the same bytes here.
 */

const PLAIN_PATH = /^[A-Za-z0-9\-._~/]*$/;

/**
 * Canonical URI for non-S3 services: remove empty, `.` and `..` segments (botocore
 * `remove_dot_segments`, smithy `getCanonicalPath`), keep a leading and a trailing slash, then
 * URI-encode the already-encoded wire path once more (`%` becomes `%25`: AWS's double encoding).
 */
export const canonicalUri = (path: string): string => {
  if (path === '/' || path === '') return '/';
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  const normalized =
    (path.startsWith('/') ? '/' : '') +
    segments.join('/') +
    (segments.length > 0 && path.endsWith('/') ? '/' : '');
  return PLAIN_PATH.test(normalized) ? normalized : uriEncodeBytes(Buffer.from(normalized, 'utf8'), true);
};

const byKeyThenValue = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/** Canonical query: encoded `k=v` pairs sorted by encoded key then value; `X-Amz-Signature` left out when presigned. */
export const canonicalQuery = (params: readonly QueryParam[], presigned: boolean): string => {
  if (params.length === 0) return '';
  const pairs: [string, string][] = [];
  for (const p of params) {
    if (presigned && p.key === 'X-Amz-Signature') continue;
    pairs.push([p.canonicalKey, p.canonicalValue]);
  }
  pairs.sort(byKeyThenValue);
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i]!;
    out += (i === 0 ? '' : '&') + k + '=' + v;
  }
  return out;
};

const NEEDS_TRIMALL = /^\s|\s$|\s\s|[\t\n\r\v\f]/;

/** SigV4 "Trimall": trim, and collapse each inner whitespace run to one space. */
export const trimAll = (v: string): string => (NEEDS_TRIMALL.test(v) ? v.trim().replace(/\s+/g, ' ') : v);

/** Canonical headers block (each line ends with `\n`), from the client's SignedHeaders list. */
export const canonicalHeaders = (req: SigV4Request, signedHeaders: readonly string[]): string => {
  let out = '';
  for (const name of signedHeaders) {
    const v = req.headers[name];
    let value: string;
    if (v === undefined) value = '';
    else if (typeof v === 'string') value = trimAll(v);
    else value = v.map(trimAll).join(',');
    out += name + ':' + value + '\n';
  }
  return out;
};

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

export interface CanonicalRequestParts {
  readonly method: string;
  readonly uri: string;
  readonly query: string;
  readonly headers: string;
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

export const canonicalRequest = (p: CanonicalRequestParts): string =>
  `${p.method}\n${p.uri}\n${p.query}\n${p.headers}\n${p.signedHeaders}\n${p.payloadHash}`;

export const stringToSign = (amzDate: string, scope: string, canonicalRequestText: string): string =>
  `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequestText)}`;
