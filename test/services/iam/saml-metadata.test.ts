/** SAML metadata as CreateSAMLProvider reads it: entity id, signing certificates, validUntil; InvalidInput otherwise. */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/aws-error.js';
import { parseSamlMetadata } from '../../../src/services/iam/saml-metadata.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const key = (use: string | undefined, cert: string) =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo xmlns:ds="${DS}"><ds:X509Data><ds:X509Certificate>
  ${cert}
  </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const entity = (id: string, keys: string, attrs = '') =>
  `<md:EntityDescriptor xmlns:md="${MD}" entityID="${id}"${attrs}><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}</md:IDPSSODescriptor></md:EntityDescriptor>`;

const code = (text: string): string | undefined => {
  try {
    parseSamlMetadata(text);
    return undefined;
  } catch (e) {
    return e instanceof AwsError ? e.code : 'other';
  }
};

describe('parseSamlMetadata', () => {
  it('reads the entity id, signing certificates (not encryption ones) and validUntil', () => {
    const m = parseSamlMetadata(
      entity(
        'https://idp.example.com',
        key('signing', 'QUJD') + key(undefined, 'REVG') + key('encryption', 'R0hJ'),
        ' validUntil="2030-01-02T03:04:05Z"',
      ),
    );
    expect(m).toEqual({
      entityId: 'https://idp.example.com',
      signingCertificates: ['QUJD', 'REVG'],
      validUntil: new Date('2030-01-02T03:04:05Z'),
    });
  });

  it('takes the first IdP entity of an EntitiesDescriptor', () => {
    const sp = `<md:EntityDescriptor xmlns:md="${MD}" entityID="sp"><md:SPSSODescriptor/></md:EntityDescriptor>`;
    const doc = `<md:EntitiesDescriptor xmlns:md="${MD}">${sp}${entity('idp', key('signing', 'QUJD'))}</md:EntitiesDescriptor>`;
    expect(parseSamlMetadata(doc).entityId).toBe('idp');
  });

  it('refuses what is not usable IdP metadata with InvalidInput', () => {
    expect(code('<not-xml')).toBe('InvalidInput');
    expect(code('<x/>')).toBe('InvalidInput');
    expect(code(entity('', key('signing', 'QUJD')))).toBe('InvalidInput');
    expect(code(entity('idp', key('encryption', 'QUJD')))).toBe('InvalidInput');
    expect(code(entity('idp', key('signing', 'not base64!')))).toBe('InvalidInput');
    expect(
      code(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${entity('idp', key('signing', 'QUJD'))}`),
    ).toBe('InvalidInput');
    expect(code(entity('idp', key('signing', 'QUJD'), ' validUntil="soon"'))).toBe('InvalidInput');
  });
});
