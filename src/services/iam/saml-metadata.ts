/**
 * SAML 2.0 metadata as CreateSAMLProvider/UpdateSAMLProvider accept it: an EntityDescriptor
 * (alone or the first one with an IDPSSODescriptor inside an EntitiesDescriptor) with an entityID
 * and at least one signing certificate. Anything else is InvalidInput, as AWS refuses it.
 */
import { DOMParser } from '@xmldom/xmldom';
import { AwsError } from '../../core/aws-error.js';

export const SAML_MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SamlMetadata {
  readonly entityId: string;
  /** Base64 DER of each signing certificate (KeyDescriptor use="signing" or without use). */
  readonly signingCertificates: readonly string[];
  readonly validUntil?: Date | undefined;
}

const invalid = (why: string) => new AwsError('InvalidInput', `Could not parse metadata: ${why}`);

/** Parses XML with external entities and DTDs refused (xmldom resolves none; a DOCTYPE is refused outright). */
export function parseXml(text: string): Document {
  if (/<!DOCTYPE/i.test(text)) throw invalid('DOCTYPE declarations are not allowed');
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') errors.push(String(message));
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length > 0 || doc.documentElement === null) throw invalid('the document is not well-formed XML');
  return doc as unknown as Document;
}

const children = (el: Element, ns: string, local: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) {
      out.push(n as Element);
    }
  }
  return out;
};

export function parseSamlMetadata(text: string): SamlMetadata {
  const root = parseXml(text).documentElement;
  let entity: Element | undefined;
  if (root.namespaceURI === SAML_MD_NS && root.localName === 'EntityDescriptor') entity = root;
  else if (root.namespaceURI === SAML_MD_NS && root.localName === 'EntitiesDescriptor') {
    entity = children(root, SAML_MD_NS, 'EntityDescriptor').find(
      (e) => children(e, SAML_MD_NS, 'IDPSSODescriptor').length > 0,
    );
  }
  if (entity === undefined) throw invalid('no SAML 2.0 EntityDescriptor');
  const entityId = entity.getAttribute('entityID') ?? '';
  if (entityId === '') throw invalid('the EntityDescriptor has no entityID');
  const idp = children(entity, SAML_MD_NS, 'IDPSSODescriptor')[0];
  if (idp === undefined) throw invalid('no IDPSSODescriptor');
  const certificates: string[] = [];
  for (const kd of children(idp, SAML_MD_NS, 'KeyDescriptor')) {
    const use = kd.getAttribute('use');
    if (use !== null && use !== '' && use !== 'signing') continue;
    for (const info of children(kd, XMLDSIG_NS, 'KeyInfo'))
      for (const data of children(info, XMLDSIG_NS, 'X509Data'))
        for (const cert of children(data, XMLDSIG_NS, 'X509Certificate')) {
          const b64 = (cert.textContent ?? '').replace(/\s+/g, '');
          if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) throw invalid('an X509Certificate is not base64');
          certificates.push(b64);
        }
  }
  if (certificates.length === 0) throw invalid('the IDPSSODescriptor has no signing certificate');
  const until = entity.getAttribute('validUntil') || root.getAttribute('validUntil');
  const validUntil = until ? new Date(until) : undefined;
  if (validUntil !== undefined && Number.isNaN(validUntil.getTime()))
    throw invalid('validUntil is not a date');
  return { entityId, signingCertificates: certificates, validUntil };
}
