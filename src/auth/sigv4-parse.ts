import { AwsError } from '../core/aws-error.js';
import { firstHeader, type SigV4Request } from './sigv4-request.js';

/**
 * Reading the SigV4 authentication parameters out of a request: the `Authorization` header form and
 * the presigned query form. Messages are AWS's own wording where it is known (observed in public
 * error reports and in scratchstack-aws-signature's reproduction of AWS's error ordering).
 */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export const MSG_MISSING_AUTH = 'Request is missing Authentication Token';

/** One query parameter: decoded text plus its SigV4 canonical (RFC 3986) encoding. */
export interface QueryParam {
  readonly key: string;
  readonly value: string;
  readonly canonicalKey: string;
  readonly canonicalValue: string;
}

export interface ParsedAuth {
  readonly presigned: boolean;
  /** `AKID/YYYYMMDD/region/service/aws4_request`, not yet validated. */
  readonly credential: string;
  /** The client's SignedHeaders list, verbatim (each name lower-cased for lookup). */
  readonly signedHeaders: readonly string[];
  /** The SignedHeaders string exactly as the client sent it, for the canonical request. */
  readonly signedHeadersRaw: string;
  readonly signature: string;
  /** The timestamp string the client signed with (X-Amz-Date, else Date). */
  readonly timestamp: string;
  /** True when the timestamp came from the `Date` header (which may be an HTTP-date). */
  readonly timestampFromDateHeader: boolean;
  readonly securityToken?: string;
  /** Raw X-Amz-Expires (presigned form only). */
  readonly expires?: string;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const HEX = '0123456789ABCDEF';

const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

const hexVal = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

/**
 * Percent-decode to bytes. A `%` not followed by two hex digits is kept as a literal `%` (and so is
 * re-encoded as `%25`): lenient, and whatever the client meant, it signed the same bytes. `+` is a
 * literal plus: SigV4 signers encode a space as `%20`, never `+`.
 */
const percentDecode = (s: string): Buffer => {
  const src = Buffer.from(s, 'utf8');
  if (!src.includes(0x25)) return src;
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25 && i + 2 < src.length && isHex(src[i + 1]!) && isHex(src[i + 2]!)) {
      out[n++] = (hexVal(src[i + 1]!) << 4) | hexVal(src[i + 2]!);
      i += 2;
    } else {
      out[n++] = c;
    }
  }
  return out.subarray(0, n);
};

const isUnreservedByte = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x2d ||
  c === 0x2e ||
  c === 0x5f ||
  c === 0x7e;

/** RFC 3986 encoding of bytes as SigV4 wants it: unreserved kept, all else `%XX` upper-case. */
export const uriEncodeBytes = (bytes: Uint8Array, keepSlash = false): string => {
  let out = '';
  for (const c of bytes) {
    if (isUnreservedByte(c) || (keepSlash && c === 0x2f)) out += String.fromCharCode(c);
    else out += `%${HEX[c >> 4]}${HEX[c & 15]}`;
  }
  return out;
};

const canonicalPiece = (raw: string): { text: string; canonical: string } => {
  if (UNRESERVED.test(raw)) return { text: raw, canonical: raw };
  const bytes = percentDecode(raw);
  return { text: bytes.toString('utf8'), canonical: uriEncodeBytes(bytes) };
};

/** Split a raw query string into parameters, each decoded and canonically re-encoded. */
export const parseQueryString = (raw: string): QueryParam[] => {
  if (raw === '') return [];
  const params: QueryParam[] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = canonicalPiece(eq < 0 ? part : part.slice(0, eq));
    const v = canonicalPiece(eq < 0 ? '' : part.slice(eq + 1));
    params.push({ key: k.text, value: v.text, canonicalKey: k.canonical, canonicalValue: v.canonical });
  }
  return params;
};

/** First value of a query parameter by exact (case-sensitive) name. */
export const queryValue = (params: readonly QueryParam[], key: string): string | undefined => {
  for (const p of params) if (p.key === key) return p.value;
  return undefined;
};

const incomplete = (message: string): AwsError => new AwsError('IncompleteSignature', message);

/** Which form of authentication a request carries, or throws MissingAuthenticationToken / both. */
export const parseSigV4Auth = (req: SigV4Request, query: readonly QueryParam[]): ParsedAuth => {
  const sent = firstHeader(req, 'authorization');
  // An empty Authorization header is no authentication, not a malformed one.
  const header = sent === undefined || sent.trim() === '' ? undefined : sent;
  const queryAlgorithm = queryValue(query, 'X-Amz-Algorithm');
  if (header !== undefined && queryAlgorithm !== undefined) {
    // AWS answers this with SignatureDoesNotMatch (scratchstack's AWS error-ordering rule 5); the
    // wording is the one S3 uses for the same situation.
    throw new AwsError(
      'SignatureDoesNotMatch',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  }
  if (header !== undefined) return parseAuthorizationHeader(req, header);
  if (queryAlgorithm !== undefined) return parsePresignedQuery(req, query, queryAlgorithm);
  throw new AwsError('MissingAuthenticationToken', MSG_MISSING_AUTH);
};

const parseAuthorizationHeader = (req: SigV4Request, rawHeader: string): ParsedAuth => {
  const header = rawHeader.trim();
  const space = header.search(/\s/);
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  // AWS splits the parameters on commas and whitespace alike: "Credential= AKID/..." fails on the
  // stray "AKID/..." token, as observed from real endpoints.
  const fields = new Map<string, string>();
  const rest = space < 0 ? '' : header.slice(space + 1);
  for (const token of rest.split(/[\s,]+/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) {
      throw incomplete(
        `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
      );
    }
    fields.set(token.slice(0, eq), token.slice(eq + 1)); // the last occurrence wins, as AWS does
  }

  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  const signedHeadersRaw = fields.get('SignedHeaders');
  const amzDate = firstHeader(req, 'x-amz-date');
  const date = amzDate === undefined ? firstHeader(req, 'date') : undefined;

  const missing: string[] = [];
  if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeadersRaw === undefined)
    missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDate === undefined && date === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (
    missing.length > 0 ||
    credential === undefined ||
    signature === undefined ||
    signedHeadersRaw === undefined
  ) {
    throw incomplete(`${missing.join(' ')} Authorization=${header}`);
  }

  const token = firstHeader(req, 'x-amz-security-token');
  return {
    presigned: false,
    credential,
    signature,
    signedHeadersRaw,
    signedHeaders: splitSignedHeaders(signedHeadersRaw),
    timestamp: (amzDate ?? date)!.trim(),
    timestampFromDateHeader: amzDate === undefined,
    ...(token === undefined ? {} : { securityToken: token }),
  };
};

const parsePresignedQuery = (
  _req: SigV4Request,
  query: readonly QueryParam[],
  algorithm: string,
): ParsedAuth => {
  // AWS treats an unknown query algorithm as no authentication at all (scratchstack rule 7a).
  if (algorithm !== SIGV4_ALGORITHM) throw new AwsError('MissingAuthenticationToken', MSG_MISSING_AUTH);

  const credential = queryValue(query, 'X-Amz-Credential');
  const signature = queryValue(query, 'X-Amz-Signature');
  const signedHeadersRaw = queryValue(query, 'X-Amz-SignedHeaders');
  const timestamp = queryValue(query, 'X-Amz-Date');

  const missing: string[] = [];
  if (credential === undefined) missing.push("AWS query-string parameters must include 'X-Amz-Credential'.");
  if (signature === undefined) missing.push("AWS query-string parameters must include 'X-Amz-Signature'.");
  if (signedHeadersRaw === undefined) {
    missing.push("AWS query-string parameters must include 'X-Amz-SignedHeaders'.");
  }
  if (timestamp === undefined) missing.push("AWS query-string parameters must include 'X-Amz-Date'.");
  if (
    missing.length > 0 ||
    credential === undefined ||
    signature === undefined ||
    signedHeadersRaw === undefined ||
    timestamp === undefined
  ) {
    throw incomplete(`${missing.join(' ')} Re-examine the query-string parameters.`);
  }

  const token = queryValue(query, 'X-Amz-Security-Token');
  const expires = queryValue(query, 'X-Amz-Expires');
  return {
    presigned: true,
    credential,
    signature,
    signedHeadersRaw,
    signedHeaders: splitSignedHeaders(signedHeadersRaw),
    timestamp,
    timestampFromDateHeader: false,
    ...(token === undefined ? {} : { securityToken: token }),
    ...(expires === undefined ? {} : { expires }),
  };
};

const splitSignedHeaders = (raw: string): string[] =>
  raw === '' ? [] : raw.split(';').map((h) => h.toLowerCase());
