import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// Code-review-level checks that signature and token comparison are constant-time: no timing
// measurements, only that the comparison goes through crypto.timingSafeEqual on equal-length
// buffers, and that nothing compares the client's signature with `===`.
const spy = vi.hoisted(() => ({ calls: [] as Array<[number, number]> }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      spy.calls.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { signaturesMatch, verifySigV4 } = await import('../../src/auth/sigv4-verify.js');
const { deriveSigningKey } = await import('../../src/auth/sigv4-signing-key.js');
const { createHash, createHmac } = await import('node:crypto');

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ = '20260101T120000Z';

const request = (signature: string) => ({
  method: 'GET',
  path: '/',
  query: '',
  headers: {
    host: 'h',
    'x-amz-date': AMZ,
    authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
  },
  body: Buffer.alloc(0),
});
const options = {
  now: new Date('2026-01-01T12:00:00Z'),
  services: ['iam'],
  lookupSecret: () => ({ secretAccessKey: SECRET }),
};

describe('constant-time comparison', () => {
  it('a wrong signature is compared with timingSafeEqual on equal-length buffers', async () => {
    for (const wrong of ['0'.repeat(64), 'f', 'x'.repeat(200), '']) {
      spy.calls.length = 0;
      await expect(verifySigV4(request(wrong), options)).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
      });
      expect(spy.calls.length).toBeGreaterThan(0);
      for (const [a, b] of spy.calls) expect(a).toBe(b);
    }
  });

  it('the right signature passes through the same comparison', async () => {
    const creq = `GET\n/\n\nhost:h\nx-amz-date:${AMZ}\n\nhost;x-amz-date\n${createHash('sha256').update('').digest('hex')}`;
    const sts = `AWS4-HMAC-SHA256\n${AMZ}\n20260101/us-east-1/iam/aws4_request\n${createHash('sha256').update(creq).digest('hex')}`;
    const sig = createHmac('sha256', deriveSigningKey(SECRET, '20260101', 'us-east-1', 'iam'))
      .update(sts)
      .digest('hex');
    spy.calls.length = 0;
    await expect(verifySigV4(request(sig), options)).resolves.toMatchObject({ accessKeyId: 'AKID' });
    expect(spy.calls).toEqual([[64, 64]]);
  });

  it('a session token is compared through timingSafeEqual on fixed-length digests', async () => {
    spy.calls.length = 0;
    const req = request('0'.repeat(64));
    const withToken = { ...req, headers: { ...req.headers, 'x-amz-security-token': 'short' } };
    const lookupSecret = () => ({ secretAccessKey: SECRET, sessionToken: 'a-much-longer-session-token' });
    await expect(verifySigV4(withToken, { ...options, lookupSecret })).rejects.toMatchObject({
      code: 'InvalidClientTokenId',
    });
    expect(spy.calls).toContainEqual([32, 32]);
  });

  it('signaturesMatch never short-circuits on length before comparing', () => {
    spy.calls.length = 0;
    expect(signaturesMatch('a'.repeat(64), 'a'.repeat(63))).toBe(false);
    expect(spy.calls).toEqual([[64, 64]]);
  });

  it('the verifier source compares secrets only through timingSafeEqual', () => {
    const src = readFileSync(new URL('../../src/auth/sigv4-verify.ts', import.meta.url), 'utf8');
    expect(src).toMatch(/timingSafeEqual\(expected, given\)/);
    expect(src).not.toMatch(/===\s*auth\.signature|auth\.signature\s*===/);
    expect(src).not.toMatch(/sessionToken\s*===(?!\s*undefined)|===\s*found\??\.sessionToken|===\s*token\b/);
  });
});
