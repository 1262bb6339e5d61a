/**
 * The SAML assertion verifier against a test IdP (openssl key and certificate, xml-crypto
 * signatures): what verifies, and each forgery refused with AWS's error code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SamlAssertionVerifierImpl } from '../../src/auth/saml-assertion.js';
import { AwsError } from '../../src/core/aws-error.js';
import type { SamlProvider } from '../../src/domain/identity-provider.js';
import {
  type AssertionSpec,
  assertionXml,
  b64,
  makeSamlKey,
  responseXml,
  type SamlKey,
  sign,
} from '../e2e/saml-idp.js';

const ENDPOINT = 'http://127.0.0.1:4600/saml';
const ENTITY = 'https://idp.example.com/metadata';
const ROLE = 'arn:aws:iam::123456789012:role/Federated';
const PROVIDER_ARN = 'arn:aws:iam::123456789012:saml-provider/TestIdP';

let key: SamlKey;
let other: SamlKey;
let provider: SamlProvider;
const verifier = new SamlAssertionVerifierImpl({ endpointUrl: () => ENDPOINT });

beforeAll(() => {
  key = makeSamlKey();
  other = makeSamlKey('attacker');
  provider = {
    accountId: '123456789012',
    name: 'TestIdP',
    arn: PROVIDER_ARN,
    metadataDocument: '',
    entityId: ENTITY,
    signingCertificates: [key.certB64],
    createDate: new Date(),
    validUntil: new Date(Date.now() + 86400_000),
  };
});

const spec = (over: Partial<AssertionSpec> = {}): AssertionSpec => ({
  issuer: ENTITY,
  recipient: ENDPOINT,
  roleArn: ROLE,
  providerArn: PROVIDER_ARN,
  sessionName: 'alice',
  ...over,
});

const signedResponse = (
  over: Partial<AssertionSpec> = {},
  signer = key,
  target: 'Assertion' | 'Response' = 'Assertion',
) =>
  target === 'Assertion'
    ? responseXml(
        sign(responseXml(assertionXml(spec(over)), ENDPOINT, ENTITY), signer, 'Assertion').match(
          /<saml:Assertion[\s\S]*<\/saml:Assertion>/,
        )![0],
        ENDPOINT,
        ENTITY,
      )
    : sign(responseXml(assertionXml(spec(over)), ENDPOINT, ENTITY), signer, 'Response');

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof AwsError) return e.code;
    throw e;
  }
};

describe('SamlAssertionVerifierImpl', () => {
  it('accepts an assertion signed by the metadata key, and a signed Response', () => {
    for (const target of ['Assertion', 'Response'] as const) {
      const v = verifier.verify(b64(signedResponse({}, key, target)), provider, new Date());
      expect(v.issuer).toBe(ENTITY);
      expect(v.nameId).toBe('alice@example.com');
      expect(v.recipient).toBe(ENDPOINT);
      expect(v.attributes.find((a) => a.name.endsWith('/Role'))?.values).toEqual([`${ROLE},${PROVIDER_ARN}`]);
    }
  });

  it('refuses an unsigned response', () => {
    const xml = responseXml(assertionXml(spec()), ENDPOINT, ENTITY);
    expect(code(() => verifier.verify(b64(xml), provider, new Date()))).toBe('InvalidIdentityToken');
  });

  it('refuses an assertion re-signed by another key', () => {
    expect(code(() => verifier.verify(b64(signedResponse({}, other)), provider, new Date()))).toBe(
      'InvalidIdentityToken',
    );
  });

  it('refuses a signed assertion altered after signing', () => {
    const xml = signedResponse().replace('alice@example.com', 'admin@example.com');
    expect(code(() => verifier.verify(b64(xml), provider, new Date()))).toBe('InvalidIdentityToken');
  });

  it('refuses wrapping: an evil assertion beside or around the signed one is never used', () => {
    const signed = signedResponse({ nameId: 'alice@example.com' });
    const original = signed.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const evil = assertionXml(spec({ nameId: 'root@example.com', assertionId: '_evil' }));
    // 1. The evil assertion carries the original's signature; the original hides in its Advice.
    const signature = original.match(/<(?:ds:)?Signature[\s\S]*<\/(?:ds:)?Signature>/)![0];
    const wrapped1 = responseXml(
      evil
        .replace('</saml:Issuer>', `</saml:Issuer>${signature}`)
        .replace('<saml:Conditions', `<saml:Advice>${original}</saml:Advice><saml:Conditions`),
      ENDPOINT,
      ENTITY,
    );
    expect(code(() => verifier.verify(b64(wrapped1), provider, new Date()))).toBe('InvalidIdentityToken');
    // 2. The evil assertion takes the original's ID; the original moves into an Extensions element.
    const id = /ID="([^"]+)"/.exec(original)![1]!;
    const evilSameId = assertionXml(spec({ nameId: 'root@example.com', assertionId: id })).replace(
      '</saml:Issuer>',
      `</saml:Issuer>${signature}`,
    );
    const wrapped2 = responseXml(evilSameId, ENDPOINT, ENTITY).replace(
      '<samlp:Status>',
      `<samlp:Extensions>${original}</samlp:Extensions><samlp:Status>`,
    );
    expect(code(() => verifier.verify(b64(wrapped2), provider, new Date()))).toBe('InvalidIdentityToken');
    // 3. Two assertions: the signed one and an unsigned evil one.
    const twoAssertions = responseXml(`${original}${evil}`, ENDPOINT, ENTITY);
    expect(code(() => verifier.verify(b64(twoAssertions), provider, new Date()))).toBe(
      'InvalidIdentityToken',
    );
  });

  it('refuses a wrong recipient, a wrong audience, a wrong issuer', () => {
    expect(
      code(() =>
        verifier.verify(
          b64(signedResponse({ recipient: 'https://evil.example/saml' })),
          provider,
          new Date(),
        ),
      ),
    ).toBe('InvalidIdentityToken');
    expect(
      code(() =>
        verifier.verify(b64(signedResponse({ audience: 'urn:someone:else' })), provider, new Date()),
      ),
    ).toBe('InvalidIdentityToken');
    expect(
      code(() =>
        verifier.verify(b64(signedResponse({ issuer: 'https://other.example' })), provider, new Date()),
      ),
    ).toBe('InvalidIdentityToken');
  });

  it('accepts the https://signin.aws.amazon.com/saml audience', () => {
    const v = verifier.verify(
      b64(signedResponse({ audience: 'https://signin.aws.amazon.com/saml' })),
      provider,
      new Date(),
    );
    expect(v.audiences).toEqual(['https://signin.aws.amazon.com/saml']);
  });

  it('refuses an expired window and a stale IssueInstant (ExpiredTokenException), a future NotBefore', () => {
    expect(
      code(() => verifier.verify(b64(signedResponse({ notOnOrAfter: -120 })), provider, new Date())),
    ).toBe('ExpiredTokenException');
    expect(code(() => verifier.verify(b64(signedResponse({ issuedAt: -900 })), provider, new Date()))).toBe(
      'ExpiredTokenException',
    );
    expect(code(() => verifier.verify(b64(signedResponse({ notBefore: 600 })), provider, new Date()))).toBe(
      'InvalidIdentityToken',
    );
  });

  it('refuses non-base64, non-XML and DOCTYPE input', () => {
    expect(code(() => verifier.verify('%%%not base64%%%', provider, new Date()))).toBe(
      'InvalidIdentityToken',
    );
    expect(code(() => verifier.verify(b64('<not xml'), provider, new Date()))).toBe('InvalidIdentityToken');
    const doctype = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>${signedResponse()}`;
    expect(code(() => verifier.verify(b64(doctype), provider, new Date()))).toBe('InvalidIdentityToken');
  });
});
