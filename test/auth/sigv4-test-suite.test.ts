import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../../src/auth/sigv4-verify.js';
import { parseSreq, secrets } from './sigv4-helpers.js';

// AWS's own SigV4 test-suite vectors (see fixtures/aws-sig-v4-test-suite/README.md).
const dir = new URL('./fixtures/aws-sig-v4-test-suite/', import.meta.url);
const TOKEN = '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267';
const lookup = secrets({ AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
const lookupWithToken = secrets({
  AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: TOKEN },
});
const now = new Date('2015-08-30T12:36:00Z');

const CASES: ReadonlyArray<readonly [file: string, presigned: boolean]> = [
  ['get-header-key-duplicate.header.sreq', false],
  ['get-header-value-multiline.header.sreq', false],
  ['get-header-value-trim.header.sreq', false],
  ['get-relative-relative-normalized.header.sreq', false],
  ['get-slashes-normalized.header.sreq', false],
  ['get-space-normalized.header.sreq', false],
  ['get-utf8.header.sreq', false],
  ['get-vanilla-empty-query-key.header.sreq', false],
  ['get-vanilla-query-order-encoded.header.sreq', false],
  ['get-vanilla-query-unreserved.header.sreq', false],
  ['get-vanilla-query-unreserved.query.sreq', true],
  ['get-vanilla-utf8-query.query.sreq', true],
  ['post-x-www-form-urlencoded.header.sreq', false],
];

describe('aws-sig-v4-test-suite vectors', () => {
  it.each(CASES)('%s verifies', async (file, presigned) => {
    const req = parseSreq(readFileSync(new URL(file, dir), 'utf8'));
    const id = await verifySigV4(req, { now, lookupSecret: lookup, services: ['service'] });
    expect(id).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      service: 'service',
      region: 'us-east-1',
      signedAt: now,
      presigned,
    });
  });

  it('get-vanilla-with-session-token verifies and returns the token', async () => {
    const req = parseSreq(readFileSync(new URL('get-vanilla-with-session-token.header.sreq', dir), 'utf8'));
    const id = await verifySigV4(req, { now, lookupSecret: lookupWithToken, services: ['service'] });
    expect(id.securityToken).toBe(TOKEN);
  });

  it.each(CASES)('%s fails once one signed byte changes', async (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8').replace(
      'Host:example.amazonaws.com',
      'Host:example.amazonaws.co',
    );
    await expect(
      verifySigV4(parseSreq(text), { now, lookupSecret: lookup, services: ['service'] }),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
