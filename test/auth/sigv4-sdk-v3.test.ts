import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SigV4Request } from '../../src/auth/sigv4-request.js';
import { verifySigV4 } from '../../src/auth/sigv4-verify.js';
import { AKID, KEYS, SECRET, SESSION_AKID, SESSION_SECRET, SESSION_TOKEN } from './sigv4-helpers.js';

// Requests signed by the AWS SDK for JavaScript v3 exactly as it sends them: real clients with a
// request handler that captures the signed request instead of sending it, and the SignatureV4 class
// the SDK uses, for presigned URLs.
const AT = new Date('2026-01-01T12:00:00Z');
const options = { now: AT, lookupSecret: KEYS, services: ['iam', 'sts', 'cloudtrail'] };

// @smithy/core's escapeUri, the encoding the SDK uses when it writes a query string.
const escapeUri = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

interface SignedRequest {
  readonly method: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
  readonly query?: Record<string, string | readonly string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const toWire = (r: SignedRequest): SigV4Request => {
  const query = Object.entries(r.query ?? {})
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => (x == null ? escapeUri(k) : `${escapeUri(k)}=${escapeUri(x)}`)),
    )
    .join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  headers.host ??= `${r.hostname}${r.port ? `:${r.port}` : ''}`;
  const body =
    typeof r.body === 'string'
      ? Buffer.from(r.body)
      : r.body == null
        ? Buffer.alloc(0)
        : Buffer.from(r.body as Uint8Array);
  return { method: r.method, path: r.path, query, headers, body };
};

const captureFrom = async (
  make: (handler: { handle: (r: HttpRequest) => Promise<never> }) => { send: (c: never) => Promise<unknown> },
  command: unknown,
): Promise<HttpRequest> => {
  let seen: HttpRequest | undefined;
  const handler = {
    handle: async (r: HttpRequest): Promise<never> => {
      seen = r;
      throw new Error('captured');
    },
  };
  await expect(make(handler).send(command as never)).rejects.toThrow('captured');
  return seen!;
};

const clientConfig = (handler: unknown, session = false) => ({
  region: 'us-west-2',
  endpoint: 'http://127.0.0.1:4600',
  maxAttempts: 1,
  requestHandler: handler as never,
  credentials: session
    ? { accessKeyId: SESSION_AKID, secretAccessKey: SESSION_SECRET, sessionToken: SESSION_TOKEN }
    : { accessKeyId: AKID, secretAccessKey: SECRET },
});

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(AT);
});
afterAll(() => {
  vi.useRealTimers();
});

describe('@aws-sdk v3 clients (header auth)', () => {
  it('IAM ListUsers', async () => {
    const r = await captureFrom((h) => new IAMClient(clientConfig(h)), new ListUsersCommand({}));
    const id = await verifySigV4(toWire(r), options);
    expect(id).toMatchObject({ accessKeyId: AKID, service: 'iam', region: 'us-west-2', presigned: false });
    expect(id.signedAt).toEqual(AT);
  });

  it('IAM CreateUser with characters that need encoding', async () => {
    const r = await captureFrom(
      (h) => new IAMClient(clientConfig(h)),
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/eng/',
        Tags: [{ Key: 'team', Value: 'a b+c/d=é' }],
      }),
    );
    expect(r.headers['x-amz-content-sha256']).toBeDefined();
    await expect(verifySigV4(toWire(r), options)).resolves.toMatchObject({ service: 'iam' });
  });

  it('STS GetCallerIdentity with a session token', async () => {
    const r = await captureFrom(
      (h) => new STSClient(clientConfig(h, true)),
      new GetCallerIdentityCommand({}),
    );
    const id = await verifySigV4(toWire(r), options);
    expect(id).toMatchObject({ accessKeyId: SESSION_AKID, service: 'sts', securityToken: SESSION_TOKEN });
  });

  it('rejects the captured request once its body is altered', async () => {
    const r = await captureFrom((h) => new IAMClient(clientConfig(h)), new ListUsersCommand({}));
    const wire = toWire(r);
    const tampered = { ...wire, body: Buffer.from(String(r.body).replace('ListUsers', 'ListRoles')) };
    await expect(verifySigV4(tampered, options)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

describe('@smithy/signature-v4 SignatureV4 (as the SDK signs)', () => {
  const request = (query: Record<string, string> = {}, body?: string) =>
    new HttpRequest({
      method: body === undefined ? 'GET' : 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4600,
      path: '/',
      query,
      headers: {
        host: '127.0.0.1:4600',
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
      },
      ...(body === undefined ? {} : { body }),
    });

  const signer = (service: string, session = false) =>
    new SignatureV4({
      service,
      region: 'us-west-2',
      sha256: Sha256,
      credentials: session
        ? { accessKeyId: SESSION_AKID, secretAccessKey: SESSION_SECRET, sessionToken: SESSION_TOKEN }
        : { accessKeyId: AKID, secretAccessKey: SECRET },
    });

  it('signs a form POST for iam', async () => {
    const signed = await signer('iam').sign(request({}, 'Action=GetUser&Version=2010-05-08'), {
      signingDate: AT,
    });
    await expect(verifySigV4(toWire(signed as HttpRequest), options)).resolves.toMatchObject({
      service: 'iam',
      presigned: false,
    });
  });

  it('presigns sts GetCallerIdentity (EKS / Vault style login URL)', async () => {
    const signed = await signer('sts').presign(
      request({ Action: 'GetCallerIdentity', Version: '2011-06-15' }),
      {
        signingDate: AT,
        expiresIn: 900,
      },
    );
    const wire = toWire(signed);
    expect(wire.query).toContain('X-Amz-Signature=');
    await expect(verifySigV4(wire, options)).resolves.toMatchObject({
      accessKeyId: AKID,
      service: 'sts',
      presigned: true,
    });
    // still good 14 minutes later, expired at 15 min + 1 s
    await expect(
      verifySigV4(wire, { ...options, now: new Date(AT.getTime() + 14 * 60_000) }),
    ).resolves.toBeDefined();
    await expect(
      verifySigV4(wire, { ...options, now: new Date(AT.getTime() + 15 * 60_000 + 1000) }),
    ).rejects.toMatchObject({ code: 'RequestExpired', message: 'Request has expired.' });
  });

  it('presigns with a session token and the 7-day maximum', async () => {
    const signed = await signer('sts', true).presign(
      request({ Action: 'GetCallerIdentity', Version: '2011-06-15' }),
      {
        signingDate: AT,
        expiresIn: 604800,
      },
    );
    const id = await verifySigV4(toWire(signed), {
      ...options,
      now: new Date(AT.getTime() + 6 * 86_400_000),
    });
    expect(id).toMatchObject({ presigned: true, securityToken: SESSION_TOKEN });
  });

  it('accepts an explicit UNSIGNED-PAYLOAD presign of an empty body', async () => {
    const req = request({ Action: 'GetCallerIdentity', Version: '2011-06-15' });
    req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const signed = await signer('sts').presign(req, { signingDate: AT });
    await expect(verifySigV4(toWire(signed), options)).resolves.toMatchObject({ presigned: true });
  });
});
