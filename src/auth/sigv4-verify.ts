import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  sha256Hex,
  stringToSign,
} from './sigv4-canonical.js';
import { type ParsedAuth, parseQueryString, parseSigV4Auth, queryValue } from './sigv4-parse.js';
import { firstHeader, type SigV4Request } from './sigv4-request.js';
import { signingKey } from './sigv4-signing-key.js';

export interface SigV4Secret {
  readonly secretAccessKey: string;
  /** When set, the key is a session key and the request must carry exactly this token. */
  readonly sessionToken?: string;
}

/** The second argument is the request's X-Amz-Security-Token, which a session key's secret comes from. */
export type SigV4SecretLookup = (
  accessKeyId: string,
  securityToken?: string,
) => Promise<SigV4Secret | undefined> | SigV4Secret | undefined;

export interface VerifySigV4Options {
  /** The server's clock. */
  readonly now: Date;
  /** Finds the secret for an access key id; undefined when unknown, inactive or deleted. */
  readonly lookupSecret: SigV4SecretLookup;
  /** Credential-scope services served here, e.g. ['iam', 'sts', 'cloudtrail']; the first is named in errors. */
  readonly services: readonly string[];
  /** Allowed clock skew either way, default 15 minutes (what IAM and STS allow). */
  readonly maxSkewMs?: number;
  /** Optional allow-list of scope regions; by default any syntactically valid region is accepted. */
  readonly regions?: readonly string[];
}

export interface SigV4Identity {
  readonly accessKeyId: string;
  readonly service: string;
  readonly region: string;
  readonly signedAt: Date;
  readonly securityToken?: string;
  readonly presigned: boolean;
}

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
/** Longest presigned lifetime any AWS signer produces (7 days). */
export const MAX_PRESIGNED_EXPIRES_S = 604_800;

export const MSG_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const MSG_INVALID_TOKEN = 'The security token included in the request is invalid.';

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const BASIC_ISO = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
// botocore's region-name rule (a DNS label); clients given --endpoint-url sign with any region.
const REGION = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Stands in for the secret of an unknown key so that the failure costs the same HMAC work.
const DECOY_SECRET = randomBytes(30).toString('base64');

const mismatch = (message = MSG_SIGNATURE_MISMATCH): AwsError =>
  new AwsError('SignatureDoesNotMatch', message);

const basic = (d: Date): string =>
  d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

const parseBasicIso = (s: string): Date | undefined => {
  const m = BASIC_ISO.exec(s);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return basic(t) === s ? t : undefined; // rejects 20260231T…, 25:00:00 and the like
};

/** The signing time and the exact string that went into the string to sign. */
const readTimestamp = (auth: ParsedAuth): { signedAt: Date; amzDate: string } => {
  const iso = parseBasicIso(auth.timestamp);
  if (iso !== undefined) return { signedAt: iso, amzDate: auth.timestamp };
  if (auth.timestampFromDateHeader && HTTP_DATE.test(auth.timestamp)) {
    const ms = Date.parse(auth.timestamp);
    if (!Number.isNaN(ms)) {
      const d = new Date(ms);
      return { signedAt: d, amzDate: basic(d) };
    }
  }
  throw new AwsError(
    'IncompleteSignature',
    `Date must be in ISO-8601 'basic format'. Got '${auth.timestamp}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  );
};

const skewText = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} sec`);

const checkNotExpired = (signedAt: Date, now: Date, skewMs: number): void => {
  const earliest = new Date(now.getTime() - skewMs);
  if (signedAt.getTime() < earliest.getTime()) {
    throw mismatch(
      `Signature expired: ${basic(signedAt)} is now earlier than ${basic(earliest)} (${basic(now)} - ${skewText(skewMs)}.)`,
    );
  }
};

const checkNotFuture = (signedAt: Date, now: Date, skewMs: number): void => {
  const latest = new Date(now.getTime() + skewMs);
  if (signedAt.getTime() > latest.getTime()) {
    throw mismatch(
      `Signature not yet current: ${basic(signedAt)} is still later than ${basic(latest)} (${basic(now)} + ${skewText(skewMs)}.)`,
    );
  }
};

const readExpires = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new AwsError('IncompleteSignature', 'X-Amz-Expires should be a number');
  const n = Number(raw);
  if (n > MAX_PRESIGNED_EXPIRES_S) {
    throw new AwsError(
      'IncompleteSignature',
      `X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_PRESIGNED_EXPIRES_S} seconds`,
    );
  }
  return n;
};

interface Scope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** `date/region/service/aws4_request`, as it goes into the string to sign. */
  readonly text: string;
}

const readScope = (credential: string, amzDate: string, options: VerifySigV4Options): Scope => {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    throw new AwsError(
      'IncompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  // AWS lists every scope problem at once, each sentence followed by a space.
  let problems = '';
  const regionOk = REGION.test(region) && (options.regions === undefined || options.regions.includes(region));
  if (!regionOk) problems += `Credential should be scoped to a valid region, not '${region}'. `;
  if (!options.services.includes(service)) {
    problems += `Credential should be scoped to correct service: '${options.services[0] ?? ''}'. `;
  }
  if (terminator !== 'aws4_request') {
    problems += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  const expectedDate = amzDate.slice(0, 8);
  if (date !== expectedDate) {
    problems += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${expectedDate}', from '${amzDate}'. `;
  }
  if (problems !== '') throw mismatch(problems);
  return { accessKeyId, date, region, service, text: `${date}/${region}/${service}/aws4_request` };
};

/** Constant-time equality of two strings of any length (compares their SHA-256 digests). */
const safeEqualText = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** Constant-time comparison of the expected hex signature with the client's. */
export const signaturesMatch = (expectedHex: string, provided: string): boolean => {
  const expected = Buffer.from(expectedHex, 'latin1');
  const sameLength = provided.length === expected.length;
  // timingSafeEqual needs equal lengths; a wrong-length signature is compared against a blank buffer
  // so the work done does not depend on where (or whether) the strings differ.
  const given = sameLength ? Buffer.from(provided, 'latin1') : Buffer.alloc(expected.length);
  return timingSafeEqual(expected, given) && sameLength;
};

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query). Resolves with who signed
 * it and for which scope, or rejects with the AwsError AWS would answer. Checks run in AWS's order:
 * auth form, parameters, host signed, date format, clock skew / expiry, credential scope, key, token,
 * signature, then that the body is the one the signature covers.
 */
export const verifySigV4 = async (req: SigV4Request, options: VerifySigV4Options): Promise<SigV4Identity> => {
  const query = parseQueryString(req.query);
  const auth = parseSigV4Auth(req, query);

  if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(':authority')) {
    throw mismatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const { signedAt, amzDate } = readTimestamp(auth);
  const expires = auth.presigned ? readExpires(auth.expires) : undefined;
  const skewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  checkNotFuture(signedAt, options.now, skewMs);
  if (expires === undefined) {
    checkNotExpired(signedAt, options.now, skewMs);
  } else if (options.now.getTime() > signedAt.getTime() + expires * 1000) {
    throw new AwsError('RequestExpired', 'Request has expired.');
  }

  const scope = readScope(auth.credential, amzDate, options);

  const found = await options.lookupSecret(scope.accessKeyId, auth.securityToken);
  const secret = found?.secretAccessKey ?? DECOY_SECRET;

  // The payload hash the client declared (botocore and smithy use x-amz-content-sha256 verbatim when
  // present); it must then also be the hash of the body actually received.
  const declared =
    firstHeader(req, 'x-amz-content-sha256') ??
    (auth.presigned ? queryValue(query, 'X-Amz-Content-Sha256') : undefined);
  const bodyHash = declared === UNSIGNED_PAYLOAD ? undefined : sha256Hex(req.body);
  const bodyCovered =
    declared === undefined ||
    declared === bodyHash ||
    (declared === UNSIGNED_PAYLOAD && req.body.length === 0);

  const key = signingKey(secret, scope.date, scope.region, scope.service);
  const parts = {
    method: req.method,
    uri: canonicalUri(req.path),
    query: canonicalQuery(query, auth.presigned),
    headers: canonicalHeaders(req, auth.signedHeaders),
    signedHeaders: auth.signedHeadersRaw,
    payloadHash: declared ?? bodyHash!,
  };
  const sign = (payloadHash: string): string =>
    createHmac('sha256', key)
      .update(stringToSign(amzDate, scope.text, canonicalRequest({ ...parts, payloadHash })))
      .digest('hex');

  let signatureOk = signaturesMatch(sign(parts.payloadHash), auth.signature);
  if (!signatureOk && auth.presigned && declared === undefined && req.body.length === 0) {
    // Some presigners (Go SDK v2 callers, S3-style tooling) sign an empty body as UNSIGNED-PAYLOAD
    // without saying so; with nothing in the body there is nothing left unauthenticated.
    signatureOk = signaturesMatch(sign(UNSIGNED_PAYLOAD), auth.signature);
  }

  const token = auth.securityToken;
  const tokenOk =
    found?.sessionToken === undefined
      ? token === undefined
      : token !== undefined && safeEqualText(found.sessionToken, token);

  if (found === undefined || !tokenOk) throw new AwsError('InvalidClientTokenId', MSG_INVALID_TOKEN);
  if (!signatureOk || !bodyCovered) throw mismatch();

  return {
    accessKeyId: scope.accessKeyId,
    service: scope.service,
    region: scope.region,
    signedAt,
    presigned: auth.presigned,
    ...(token === undefined ? {} : { securityToken: token }),
  };
};
