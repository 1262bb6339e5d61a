/**
 * The OIDC token verifier against a loopback IdP (test/e2e/oidc-idp.ts): discovery and JWKS
 * fetched over http for the loopback issuer, cached, refetched on an unknown kid; each bad token
 * refused with AWS's error code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcTokenVerifier } from '../../src/auth/oidc-token.js';
import { AwsError } from '../../src/core/aws-error.js';
import { type OidcProvider, oidcProviderKey } from '../../src/domain/identity-provider.js';
import { type OidcIdp, startOidcIdp } from '../e2e/oidc-idp.js';

let idp: OidcIdp;
let provider: OidcProvider;
const find = async (key: string) => (key === provider.key ? provider : undefined);

beforeAll(async () => {
  idp = await startOidcIdp();
  const key = oidcProviderKey(idp.issuer);
  provider = {
    accountId: '123456789012',
    key,
    arn: `arn:aws:iam::123456789012:oidc-provider/${key}`,
    url: idp.issuer,
    clientIds: ['sts.amazonaws.com', 'my-app'],
    thumbprints: [],
    createDate: new Date(),
  };
});
afterAll(() => idp?.stop());

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof AwsError) return e.code;
    throw e;
  }
};

describe('OidcTokenVerifier', () => {
  const verifier = new OidcTokenVerifier({ allowHttpLoopback: true });

  it('verifies a token, caches the JWKS and refetches it for an unknown kid', async () => {
    const token = await idp.token({ sub: 'user-1', aud: 'my-app', amr: ['mfa'] });
    const v = await verifier.verify(token, find, new Date());
    expect(v).toMatchObject({ subject: 'user-1', audience: 'my-app', issuer: idp.issuer, amr: ['mfa'] });
    const before = idp.jwksFetches();
    await verifier.verify(await idp.token({ sub: 'user-2', aud: 'my-app' }), find, new Date());
    expect(idp.jwksFetches()).toBe(before);
    await idp.rotate();
    const rotated = await idp.token({ sub: 'user-3', aud: 'my-app' });
    // Within the refetch floor the unknown kid is refused; past it the keys are fetched again.
    expect(await codeOf(verifier.verify(rotated, find, new Date()))).toBe('InvalidIdentityToken');
    const later = new Date(Date.now() + 15_000);
    expect((await verifier.verify(rotated, find, later)).subject).toBe('user-3');
    expect(idp.jwksFetches()).toBe(before + 1);
  });

  it('accepts azp when aud is not a client id', async () => {
    const token = await idp.token({ sub: 'u', aud: 'other', azp: 'sts.amazonaws.com' });
    expect((await verifier.verify(token, find, new Date())).audience).toBe('sts.amazonaws.com');
  });

  it('refuses a forged signature, an expired token, a wrong audience, an unknown issuer', async () => {
    expect(
      await codeOf(
        verifier.verify(await idp.token({ sub: 'u', aud: 'my-app' }, { forged: true }), find, new Date()),
      ),
    ).toBe('InvalidIdentityToken');
    expect(
      await codeOf(
        verifier.verify(await idp.token({ sub: 'u', aud: 'my-app' }, { expiresIn: -600 }), find, new Date()),
      ),
    ).toBe('ExpiredTokenException');
    expect(
      await codeOf(verifier.verify(await idp.token({ sub: 'u', aud: 'someone-else' }), find, new Date())),
    ).toBe('InvalidIdentityToken');
    expect(
      await codeOf(
        verifier.verify(
          await idp.token({ sub: 'u', aud: 'my-app' }, { issuer: 'https://unknown.example.com' }),
          find,
          new Date(),
        ),
      ),
    ).toBe('InvalidIdentityToken');
    expect(await codeOf(verifier.verify('not.a.jwt', find, new Date()))).toBe('InvalidIdentityToken');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${enc({ alg: 'none' })}.${enc({ iss: idp.issuer, sub: 'u', aud: 'my-app', exp: 9999999999 })}.`;
    expect(await codeOf(verifier.verify(none, find, new Date()))).toBe('InvalidIdentityToken');
  });

  it('does not fetch over http without test mode: IDPCommunicationError', async () => {
    const strict = new OidcTokenVerifier();
    const token = await idp.token({ sub: 'u', aud: 'my-app' });
    expect(await codeOf(strict.verify(token, find, new Date()))).toBe('IDPCommunicationError');
  });
});
