import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { SigV4Request } from '../../src/auth/sigv4-request.js';
import {
  clearSigningKeyCache,
  deriveSigningKey,
  signingKeyCacheSize,
} from '../../src/auth/sigv4-signing-key.js';
import { MSG_INVALID_TOKEN, MSG_SIGNATURE_MISMATCH, verifySigV4 } from '../../src/auth/sigv4-verify.js';
import { AKID, KEYS, SECRET, SESSION_AKID, SESSION_SECRET, SESSION_TOKEN } from './sigv4-helpers.js';

const AT = new Date('2026-01-01T12:00:00Z');
const AMZ = '20260101T120000Z';
const SCOPE = `${AKID}/20260101/us-west-2/iam/aws4_request`;
const BODY = 'Action=ListUsers&Version=2010-05-08';
const options = { now: AT, lookupSecret: KEYS, services: ['iam', 'sts', 'cloudtrail'] };

interface SignOpts {
  service?: string;
  region?: string;
  at?: Date;
  body?: string;
  presign?: number;
  accessKeyId?: string;
  secret?: string;
  token?: string;
  extraHeaders?: Record<string, string>;
}

/** A request signed by @smithy/signature-v4, as a client would send it. */
const signed = async (o: SignOpts = {}): Promise<SigV4Request> => {
  const body = o.body ?? BODY;
  const signer = new SignatureV4({
    service: o.service ?? 'iam',
    region: o.region ?? 'us-west-2',
    sha256: Sha256,
    credentials: {
      accessKeyId: o.accessKeyId ?? AKID,
      secretAccessKey: o.secret ?? SECRET,
      ...(o.token === undefined ? {} : { sessionToken: o.token }),
    },
  });
  const req = new HttpRequest({
    method: o.presign === undefined ? 'POST' : 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4600,
    path: '/',
    query: o.presign === undefined ? {} : { Action: 'ListUsers', Version: '2010-05-08' },
    headers: {
      host: '127.0.0.1:4600',
      ...(o.presign === undefined
        ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
        : {}),
      ...o.extraHeaders,
    },
    ...(o.presign === undefined ? { body } : {}),
  });
  const s =
    o.presign === undefined
      ? await signer.sign(req, { signingDate: o.at ?? AT })
      : await signer.presign(req, { signingDate: o.at ?? AT, expiresIn: o.presign });
  const query = Object.entries(s.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.headers)) headers[k.toLowerCase()] = v;
  return {
    method: s.method,
    path: '/',
    query,
    headers,
    body: Buffer.from(o.presign === undefined ? body : ''),
  };
};

const withHeaders = (r: SigV4Request, h: Record<string, string | undefined>): SigV4Request => {
  const headers = { ...r.headers, ...h };
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete headers[k];
  return { ...r, headers };
};

const raw = (headers: Record<string, string>, query = ''): SigV4Request => ({
  method: 'POST',
  path: '/',
  query,
  headers: { host: '127.0.0.1:4600', ...headers },
  body: Buffer.from(BODY),
});

const rejects = async (req: SigV4Request, code: string, message: string, opts = {}) => {
  await expect(verifySigV4(req, { ...options, ...opts })).rejects.toMatchObject({ code, message });
};

describe('missing or doubled authentication', () => {
  it('no Authorization header and no query auth', async () => {
    await rejects(raw({}), 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    await expect(verifySigV4(raw({}), options)).rejects.toMatchObject({ status: 403, fault: 'Sender' });
  });

  it('an empty Authorization header counts as no authentication', async () => {
    await rejects(
      raw({ authorization: '  ' }),
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    );
  });

  it('a query algorithm other than AWS4-HMAC-SHA256 counts as no authentication', async () => {
    await rejects(
      raw({}, 'X-Amz-Algorithm=AWS4-HMAC-SHA1'),
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    );
  });

  it('header and query auth at once', async () => {
    const header = await signed();
    const presigned = await signed({ presign: 900 });
    await rejects(
      { ...header, query: presigned.query },
      'SignatureDoesNotMatch',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  });
});

describe('malformed Authorization header (IncompleteSignature, 400)', () => {
  it('algorithm only, no date: every missing piece is listed', async () => {
    await rejects(
      raw({ authorization: 'AWS4-HMAC-SHA256' }),
      'IncompleteSignature',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    );
    await expect(verifySigV4(raw({ authorization: 'AWS4-HMAC-SHA256' }), options)).rejects.toMatchObject({
      status: 400,
    });
  });

  it('one missing parameter echoes the header', async () => {
    const header = `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date`;
    await rejects(
      raw({ authorization: header, 'x-amz-date': AMZ }),
      'IncompleteSignature',
      `Authorization header requires 'Signature' parameter. Authorization=${header}`,
    );
  });

  it('a parameter without an equal sign', async () => {
    const header = `AWS4-HMAC-SHA256 Credential= ${SCOPE}, SignedHeaders=host;x-amz-date, Signature=abc`;
    await rejects(
      raw({ authorization: header, 'x-amz-date': AMZ }),
      'IncompleteSignature',
      `'${SCOPE}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
    );
  });

  it('wrong algorithm', async () => {
    await rejects(
      raw({ authorization: `AWS4-HMAC-SHA512 Credential=${SCOPE}, SignedHeaders=host, Signature=abc` }),
      'IncompleteSignature',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
    );
    await rejects(
      raw({ authorization: 'AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl' }),
      'IncompleteSignature',
      "Unsupported AWS 'algorithm': 'AWS'.",
    );
  });

  it('a date that is not ISO 8601 basic format', async () => {
    const r = await signed();
    await rejects(
      withHeaders(r, { 'x-amz-date': '2026-01-01T12:00:00Z' }),
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '2026-01-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
    await rejects(
      withHeaders(r, { 'x-amz-date': '20260231T120000Z' }),
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '20260231T120000Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('presigned query missing its parameters', async () => {
    await rejects(
      raw({}, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T120000Z'),
      'IncompleteSignature',
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
  });
});

describe('credential scope', () => {
  const withCredential = async (credential: string) => {
    const r = await signed();
    const auth = String(r.headers.authorization).replace(/Credential=[^,]+/, `Credential=${credential}`);
    return withHeaders(r, { authorization: auth });
  };

  it('a scope with 4 elements', async () => {
    const credential = `${AKID}/20260101/us-west-2/iam`;
    await rejects(
      await withCredential(credential),
      'IncompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  });

  it('a service not served here names the primary service', async () => {
    await rejects(
      await signed({ service: 'ec2' }),
      'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'iam'. ",
    );
  });

  it('a bad terminator', async () => {
    await rejects(
      await withCredential(`${AKID}/20260101/us-west-2/iam/aws4_reques`),
      'SignatureDoesNotMatch',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reques'. ",
    );
  });

  it('a scope date other than the X-Amz-Date day', async () => {
    await rejects(
      await withCredential(`${AKID}/20251231/us-west-2/iam/aws4_request`),
      'SignatureDoesNotMatch',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251231' != '20260101', from '20260101T120000Z'. ",
    );
  });

  it('a syntactically invalid region, and every problem at once', async () => {
    await rejects(
      await withCredential(`${AKID}/20251231/us_west_2/s3/aws4`),
      'SignatureDoesNotMatch',
      "Credential should be scoped to a valid region, not 'us_west_2'. Credential should be scoped to correct service: 'iam'. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251231' != '20260101', from '20260101T120000Z'. ",
    );
  });

  it('any valid region is accepted unless an allow-list is configured', async () => {
    await expect(verifySigV4(await signed({ region: 'local' }), options)).resolves.toMatchObject({
      region: 'local',
    });
    await rejects(
      await signed({ region: 'eu-west-1' }),
      'SignatureDoesNotMatch',
      "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      {
        regions: ['us-east-1', 'us-west-2'],
      },
    );
  });
});

describe('clock skew and expiry', () => {
  const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);

  it('accepts exactly 15 minutes either way', async () => {
    const r = await signed();
    await expect(verifySigV4(r, { ...options, now: minutes(15) })).resolves.toBeDefined();
    await expect(verifySigV4(r, { ...options, now: minutes(-15) })).resolves.toBeDefined();
  });

  it('too old', async () => {
    await rejects(
      await signed(),
      'SignatureDoesNotMatch',
      'Signature expired: 20260101T120000Z is now earlier than 20260101T120100Z (20260101T121600Z - 15 min.)',
      { now: minutes(16) },
    );
  });

  it('too new', async () => {
    await rejects(
      await signed(),
      'SignatureDoesNotMatch',
      'Signature not yet current: 20260101T120000Z is still later than 20260101T115900Z (20260101T114400Z + 15 min.)',
      { now: minutes(-16) },
    );
  });

  it('honours a tighter window', async () => {
    await rejects(
      await signed(),
      'SignatureDoesNotMatch',
      'Signature expired: 20260101T120000Z is now earlier than 20260101T120100Z (20260101T120600Z - 5 min.)',
      { now: minutes(6), maxSkewMs: 5 * 60_000 },
    );
  });

  it('presigned: valid until X-Amz-Expires, then RequestExpired', async () => {
    const r = await signed({ presign: 3600 });
    await expect(verifySigV4(r, { ...options, now: minutes(60) })).resolves.toMatchObject({
      presigned: true,
    });
    await rejects(r, 'RequestExpired', 'Request has expired.', { now: new Date(AT.getTime() + 3_600_001) });
    await expect(verifySigV4(r, { ...options, now: minutes(61) })).rejects.toMatchObject({ status: 400 });
  });

  it('presigned: signed in the future is still refused', async () => {
    await rejects(
      await signed({ presign: 3600 }),
      'SignatureDoesNotMatch',
      'Signature not yet current: 20260101T120000Z is still later than 20260101T115900Z (20260101T114400Z + 15 min.)',
      { now: minutes(-16) },
    );
  });

  it('presigned: X-Amz-Expires beyond 7 days or not a number', async () => {
    const r = await signed({ presign: 3600 });
    await rejects(
      { ...r, query: r.query.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801') },
      'IncompleteSignature',
      'X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds',
    );
    await rejects(
      { ...r, query: r.query.replace('X-Amz-Expires=3600', 'X-Amz-Expires=-1') },
      'IncompleteSignature',
      'X-Amz-Expires should be a number',
    );
  });
});

describe('tampering and wrong keys', () => {
  it('a body changed after signing', async () => {
    const r = await signed();
    await rejects(
      { ...r, body: Buffer.from(BODY.replace('ListUsers', 'ListRoles')) },
      'SignatureDoesNotMatch',
      MSG_SIGNATURE_MISMATCH,
    );
  });

  it('a body changed with its signed x-amz-content-sha256 left in place', async () => {
    const r = await signed();
    expect(r.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(BODY).digest('hex'));
    await rejects(
      { ...r, body: Buffer.from('Action=DeleteUser&Version=2010-05-08&UserName=bob') },
      'SignatureDoesNotMatch',
      MSG_SIGNATURE_MISMATCH,
    );
  });

  it('UNSIGNED-PAYLOAD does not cover a non-empty body', async () => {
    const r = await signed({ extraHeaders: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await rejects(r, 'SignatureDoesNotMatch', MSG_SIGNATURE_MISMATCH);
  });

  it('a signed header changed; an unsigned one may change', async () => {
    const r = await signed();
    await rejects(
      withHeaders(r, { 'content-type': 'application/json' }),
      'SignatureDoesNotMatch',
      MSG_SIGNATURE_MISMATCH,
    );
    await rejects(
      withHeaders(r, { host: 'evil.example:4600' }),
      'SignatureDoesNotMatch',
      MSG_SIGNATURE_MISMATCH,
    );
    await expect(verifySigV4(withHeaders(r, { 'user-agent': 'changed' }), options)).resolves.toBeDefined();
  });

  it('a tampered query parameter on a presigned URL', async () => {
    const r = await signed({ presign: 900 });
    await rejects(
      { ...r, query: r.query.replace('ListUsers', 'ListRoles') },
      'SignatureDoesNotMatch',
      MSG_SIGNATURE_MISMATCH,
    );
  });

  it('host not signed', async () => {
    const r = await signed();
    const auth = String(r.headers.authorization).replace(
      /SignedHeaders=[^,]+/,
      'SignedHeaders=content-type;x-amz-date',
    );
    await rejects(
      withHeaders(r, { authorization: auth }),
      'SignatureDoesNotMatch',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  it('wrong secret', async () => {
    await rejects(await signed({ secret: 'x'.repeat(40) }), 'SignatureDoesNotMatch', MSG_SIGNATURE_MISMATCH);
    await expect(verifySigV4(await signed({ secret: 'x'.repeat(40) }), options)).rejects.toMatchObject({
      status: 403,
    });
  });

  it('unknown access key', async () => {
    const looked: string[] = [];
    const lookupSecret = (id: string) => {
      looked.push(id);
      return undefined;
    };
    await rejects(
      await signed({ accessKeyId: 'AKIAUNKNOWNKEY000000' }),
      'InvalidClientTokenId',
      MSG_INVALID_TOKEN,
      { lookupSecret },
    );
    expect(looked).toEqual(['AKIAUNKNOWNKEY000000']);
    expect(MSG_INVALID_TOKEN).toBe('The security token included in the request is invalid.');
  });

  it('session keys need their token, long-term keys refuse one', async () => {
    await expect(
      verifySigV4(
        await signed({ accessKeyId: SESSION_AKID, secret: SESSION_SECRET, token: SESSION_TOKEN }),
        options,
      ),
    ).resolves.toMatchObject({ securityToken: SESSION_TOKEN });
    await rejects(
      await signed({ accessKeyId: SESSION_AKID, secret: SESSION_SECRET }),
      'InvalidClientTokenId',
      MSG_INVALID_TOKEN,
    );
    await rejects(
      await signed({ accessKeyId: SESSION_AKID, secret: SESSION_SECRET, token: `${SESSION_TOKEN}x` }),
      'InvalidClientTokenId',
      MSG_INVALID_TOKEN,
    );
    await rejects(await signed({ token: SESSION_TOKEN }), 'InvalidClientTokenId', MSG_INVALID_TOKEN);
  });
});

describe('Date header instead of X-Amz-Date', () => {
  // Signed by hand from the spec: old clients sign with an HTTP-date in `Date` and no X-Amz-Date.
  const signWithDate = (date: string, amzDate: string): SigV4Request => {
    const bodyHash = createHash('sha256').update(BODY).digest('hex');
    const creq = `POST\n/\n\ndate:${date}\nhost:127.0.0.1:4600\n\ndate;host\n${bodyHash}`;
    const sts = `AWS4-HMAC-SHA256\n${amzDate}\n20260101/us-west-2/iam/aws4_request\n${createHash('sha256').update(creq).digest('hex')}`;
    const sig = createHmac('sha256', deriveSigningKey(SECRET, '20260101', 'us-west-2', 'iam'))
      .update(sts)
      .digest('hex');
    return raw({
      date,
      authorization: `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=date;host, Signature=${sig}`,
    });
  };

  it('accepts an HTTP-date and an ISO basic date', async () => {
    await expect(
      verifySigV4(signWithDate('Thu, 01 Jan 2026 12:00:00 GMT', AMZ), options),
    ).resolves.toMatchObject({ signedAt: AT });
    await expect(verifySigV4(signWithDate(AMZ, AMZ), options)).resolves.toMatchObject({ signedAt: AT });
  });
});

describe('signing-key cache', () => {
  it('stays bounded', async () => {
    clearSigningKeyCache();
    const lookupSecret = (id: string) => ({ secretAccessKey: `secret-${id}` });
    for (let i = 0; i < 1100; i++) {
      await verifySigV4(await signed({ accessKeyId: `AKIA${i}`, secret: `secret-AKIA${i}` }), {
        ...options,
        lookupSecret,
      });
    }
    expect(signingKeyCacheSize()).toBe(1024);
  });
});
