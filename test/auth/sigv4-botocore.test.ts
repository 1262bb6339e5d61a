import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../../src/auth/sigv4-verify.js';
import { AKID, KEYS, SESSION_AKID, SESSION_TOKEN, wireRequest } from './sigv4-helpers.js';

// Requests signed by botocore (the signer behind boto3 and the AWS CLI): botocore clients pointed at
// an --endpoint-url, and the SigV4Auth / SigV4QueryAuth classes, via test/auth/botocore_sign.py.
interface Signed {
  name: string;
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

const AT = new Date('2026-01-01T12:00:00Z');
const script = fileURLToPath(new URL('./botocore_sign.py', import.meta.url));

const signedByBotocore = (): Signed[] | undefined => {
  try {
    return JSON.parse(
      execFileSync('python3', [script, '2026-01-01T12:00:00Z'], { encoding: 'utf8' }),
    ) as Signed[];
  } catch {
    return undefined;
  }
};

const cases = signedByBotocore();
const toWire = (s: Signed) => wireRequest(s.method, s.url, s.headers, Buffer.from(s.body, 'base64'));
const options = { now: AT, lookupSecret: KEYS, services: ['iam', 'sts', 'cloudtrail'] };

describe.skipIf(cases === undefined)('botocore-signed requests', () => {
  const all = cases ?? [];

  it('covers clients, SigV4Auth and SigV4QueryAuth for iam and sts', () => {
    expect(all.map((c) => c.name)).toEqual([
      'client iam ListUsers',
      'client iam CreateUser with tags',
      'client sts GetCallerIdentity',
      'client sts GetCallerIdentity with session token',
      'client sts presigned GetCallerIdentity',
      'SigV4Auth iam GetUser',
      'SigV4QueryAuth iam GetUser',
      'SigV4Auth sts GetCallerIdentity',
      'SigV4QueryAuth sts GetCallerIdentity',
      'SigV4Auth odd path and query',
    ]);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s verifies', async (name, c) => {
    const id = await verifySigV4(toWire(c), options);
    const session = name.includes('session token');
    expect(id).toMatchObject({
      accessKeyId: session ? SESSION_AKID : AKID,
      region: 'us-west-2',
      service: name.includes('sts') ? 'sts' : 'iam',
      presigned: name.includes('presigned') || name.includes('QueryAuth'),
    });
    expect(id.signedAt).toEqual(AT);
    if (session) expect(id.securityToken).toBe(SESSION_TOKEN);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s fails for a different secret', async (_, c) => {
    const lookupSecret = (id: string) => ({
      secretAccessKey: 'x'.repeat(40),
      ...(id === SESSION_AKID ? { sessionToken: SESSION_TOKEN } : {}),
    });
    await expect(verifySigV4(toWire(c), { ...options, lookupSecret })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});
