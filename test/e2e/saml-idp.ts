/**
 * A test SAML 2.0 identity provider: an RSA key and a self-signed certificate made by openssl at
 * test time, its metadata document, and signed SAMLResponses (xml-crypto, RSA-SHA256, exclusive
 * c14n) whose every part a test can bend (recipient, times, audience, attributes, what is signed).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';

export interface SamlKey {
  readonly privateKeyPem: string;
  readonly certPem: string;
  /** Base64 DER, as metadata carries it. */
  readonly certB64: string;
}

export function makeSamlKey(cn = 'portcullis-test-idp'): SamlKey {
  const dir = mkdtempSync(join(tmpdir(), 'saml-idp-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
      ],
      { stdio: 'ignore' },
    );
    const certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
    return {
      privateKeyPem: readFileSync(join(dir, 'k.pem'), 'utf8'),
      certPem,
      certB64: certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function metadataXml(entityId: string, key: SamlKey): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>${key.certB64}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

export interface AssertionSpec {
  readonly issuer: string;
  readonly recipient: string;
  readonly roleArn: string;
  readonly providerArn: string;
  readonly sessionName?: string | undefined;
  readonly nameId?: string;
  readonly audience?: string;
  /** Offsets in seconds from now. */
  readonly issuedAt?: number;
  readonly notBefore?: number;
  readonly notOnOrAfter?: number;
  readonly extraAttributes?: Readonly<Record<string, readonly string[]>>;
  readonly assertionId?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const at = (offsetSeconds: number): string => new Date(Date.now() + offsetSeconds * 1000).toISOString();

export function assertionXml(spec: AssertionSpec): string {
  const attrs: Record<string, readonly string[]> = {
    'https://aws.amazon.com/SAML/Attributes/Role': [`${spec.roleArn},${spec.providerArn}`],
    ...(spec.sessionName !== undefined && {
      'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [spec.sessionName],
    }),
    ...spec.extraAttributes,
  };
  const attributeXml = Object.entries(attrs)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    )
    .join('');
  return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${spec.assertionId ?? `_a${randomUUID()}`}" IssueInstant="${at(spec.issuedAt ?? 0)}" Version="2.0"><saml:Issuer>${esc(spec.issuer)}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(spec.nameId ?? 'alice@example.com')}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${at(spec.notOnOrAfter ?? 300)}" Recipient="${esc(spec.recipient)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${at(spec.notBefore ?? -30)}" NotOnOrAfter="${at(spec.notOnOrAfter ?? 300)}"><saml:AudienceRestriction><saml:Audience>${esc(spec.audience ?? 'urn:amazon:webservices')}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${at(0)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributeXml}</saml:AttributeStatement></saml:Assertion>`;
}

export function responseXml(assertion: string, destination: string, issuer: string): string {
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${at(0)}" Destination="${esc(destination)}"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${esc(issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
}

/** Signs the Assertion (default) or the whole Response with an enveloped signature. */
export function sign(xml: string, key: SamlKey, target: 'Assertion' | 'Response' = 'Assertion'): string {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  const xpath = `//*[local-name(.)='${target}']`;
  sig.addReference({
    xpath,
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

export const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
