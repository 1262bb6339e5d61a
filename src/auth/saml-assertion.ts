/**
 * AssumeRoleWithSAML's assertion check, with xml-crypto over @xmldom/xmldom.
 *
 * The SAMLResponse is base64 XML: a samlp:Response with Success status and exactly one
 * saml:Assertion child (encrypted assertions are refused). A ds:Signature that is a direct child
 * of the Response (signing it) or of the Assertion (signing that) must verify against one of the
 * provider metadata's signing certificates, with exactly one Reference whose URI is `#` + the ID
 * of the element holding it. Everything read afterwards comes from the XML that signature covers
 * (xml-crypto's getSignedReferences), never from the document as received: an element moved,
 * copied or wrapped around the signed one is never looked at. Unsigned responses are refused; so is
 * a signature by any key that is not in the metadata (the KeyInfo in the message is ignored).
 *
 * Then: Issuer equals the metadata's entityID; one bearer SubjectConfirmation whose
 * SubjectConfirmationData Recipient is this server's SAML endpoint and whose NotOnOrAfter has not
 * passed; Conditions NotBefore/NotOnOrAfter; an Audience that is `urn:amazon:webservices`,
 * `https://signin.aws.amazon.com/saml` or the endpoint itself; the Response's Destination, when
 * present, equal to the endpoint; IssueInstant no more than 5 minutes old (AWS's rule).
 */
import { SignedXml } from 'xml-crypto';
import { AwsError } from '../core/aws-error.js';
import type { SamlProvider } from '../domain/identity-provider.js';
import { parseXml } from '../services/iam/saml-metadata.js';
import type {
  SamlAssertionVerifier,
  SamlAttribute,
  VerifiedSamlAssertion,
} from '../services/sts/identity-verifiers.js';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** The audiences AWS accepts in AudienceRestriction. */
export const AWS_SAML_AUDIENCES: readonly string[] = [
  'urn:amazon:webservices',
  'https://signin.aws.amazon.com/saml',
];

/** AWS: "Token must be redeemed within 5 minutes of issuance". */
const REDEEM_WITHIN_MS = 5 * 60_000;

export interface SamlVerifierOptions {
  /** This server's SAML endpoint URL: the Recipient and Destination assertions must name. */
  readonly endpointUrl: () => string;
  readonly clockSkewMs?: number;
}

const invalid = (message: string) => new AwsError('InvalidIdentityToken', message);
const expired = (message: string) => new AwsError('ExpiredTokenException', message);

function childrenOf(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) {
      out.push(n as Element);
    }
  }
  return out;
}

const childOf = (el: Element, ns: string, local: string): Element | undefined => childrenOf(el, ns, local)[0];
const text = (el: Element | undefined): string => (el?.textContent ?? '').trim();

function dateAttr(el: Element | undefined, name: string): Date | undefined {
  const v = el?.getAttribute(name);
  if (v === null || v === undefined || v === '') return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalid(`${name} is not a valid date`);
  return d;
}

const pem = (b64: string): string =>
  `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

function decodeResponse(samlResponse: string): string {
  const compact = samlResponse.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw invalid('The SAML response is not valid base64.');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

function parse(xml: string): Element {
  try {
    return parseXml(xml).documentElement;
  } catch {
    throw invalid('The SAML response is not well-formed XML.');
  }
}

export class SamlAssertionVerifierImpl implements SamlAssertionVerifier {
  readonly #endpointUrl: () => string;
  readonly #skewMs: number;

  constructor(options: SamlVerifierOptions) {
    this.#endpointUrl = options.endpointUrl;
    this.#skewMs = options.clockSkewMs ?? 60_000;
  }

  verify(samlResponse: string, provider: SamlProvider, now: Date): VerifiedSamlAssertion {
    const xml = decodeResponse(samlResponse);
    const response = parse(xml);
    if (response.namespaceURI !== PROTOCOL_NS || response.localName !== 'Response') {
      throw invalid('The SAML response has no samlp:Response element.');
    }
    if (childrenOf(response, ASSERTION_NS, 'EncryptedAssertion').length > 0) {
      throw invalid('Encrypted SAML assertions are not supported by this server.');
    }
    const assertions = childrenOf(response, ASSERTION_NS, 'Assertion');
    if (assertions.length !== 1) throw invalid('The SAML response must contain exactly one Assertion.');
    const assertion = assertions[0] as Element;

    const signed = this.#verifiedElement(xml, response, assertion, provider);
    const trustedAssertion =
      signed.localName === 'Response' ? childrenOf(signed, ASSERTION_NS, 'Assertion') : [signed];
    if (trustedAssertion.length !== 1)
      throw invalid('The signed response must contain exactly one Assertion.');
    const a = trustedAssertion[0] as Element;

    // The status and Destination come from the signed Response when it is the signed element.
    const outer = signed.localName === 'Response' ? signed : response;
    const status = childOf(outer, PROTOCOL_NS, 'Status');
    const code = status && childOf(status, PROTOCOL_NS, 'StatusCode')?.getAttribute('Value');
    if (code !== SUCCESS) throw invalid('The SAML response status is not Success.');
    const endpoint = this.#endpointUrl();
    const destination = outer.getAttribute('Destination');
    if (destination !== null && destination !== '' && destination !== endpoint) {
      throw invalid(
        `The SAML response Destination ${destination} is not this server's endpoint ${endpoint}.`,
      );
    }

    const issuer = text(childOf(a, ASSERTION_NS, 'Issuer'));
    if (issuer !== provider.entityId) {
      throw invalid(`Issuer ${issuer} does not match the provider's entity ID ${provider.entityId}.`);
    }
    const t = now.getTime();
    const issued = dateAttr(a, 'IssueInstant');
    if (issued === undefined) throw invalid('The assertion has no IssueInstant.');
    if (issued.getTime() > t + this.#skewMs) throw invalid('The assertion was issued in the future.');
    if (t - issued.getTime() > REDEEM_WITHIN_MS + this.#skewMs) {
      throw expired('Token must be redeemed within 5 minutes of issuance');
    }

    const subject = childOf(a, ASSERTION_NS, 'Subject');
    const nameIdEl = subject && childOf(subject, ASSERTION_NS, 'NameID');
    const nameId = text(nameIdEl);
    if (subject === undefined || nameIdEl === undefined || nameId === '') {
      throw invalid('The assertion has no Subject NameID.');
    }
    const confirmations = childrenOf(subject, ASSERTION_NS, 'SubjectConfirmation');
    if (confirmations.length !== 1 || confirmations[0]?.getAttribute('Method') !== BEARER) {
      throw invalid('The assertion must have exactly one bearer SubjectConfirmation.');
    }
    const data = childOf(confirmations[0] as Element, ASSERTION_NS, 'SubjectConfirmationData');
    const recipient = data?.getAttribute('Recipient') ?? '';
    const confirmUntil = dateAttr(data, 'NotOnOrAfter');
    if (recipient === '' || confirmUntil === undefined) {
      throw invalid('SubjectConfirmationData must have Recipient and NotOnOrAfter.');
    }
    if (recipient !== endpoint) {
      throw invalid(`The assertion's Recipient ${recipient} is not this server's endpoint ${endpoint}.`);
    }
    if (confirmUntil.getTime() <= t - this.#skewMs) {
      throw expired(`The SAML assertion expired at ${confirmUntil.toISOString()}.`);
    }

    const conditions = childOf(a, ASSERTION_NS, 'Conditions');
    const notBefore = dateAttr(conditions, 'NotBefore');
    const notOnOrAfter = dateAttr(conditions, 'NotOnOrAfter');
    if (notBefore !== undefined && notBefore.getTime() > t + this.#skewMs) {
      throw invalid(`The SAML assertion is not valid before ${notBefore.toISOString()}.`);
    }
    if (notOnOrAfter !== undefined && notOnOrAfter.getTime() <= t - this.#skewMs) {
      throw expired(`The SAML assertion expired at ${notOnOrAfter.toISOString()}.`);
    }
    const audiences = conditions
      ? childrenOf(conditions, ASSERTION_NS, 'AudienceRestriction').flatMap((r) =>
          childrenOf(r, ASSERTION_NS, 'Audience').map((e) => text(e)),
        )
      : [];
    if (!audiences.some((aud) => AWS_SAML_AUDIENCES.includes(aud) || aud === endpoint)) {
      throw invalid('The SAML assertion audience is not urn:amazon:webservices.');
    }

    const attributes: SamlAttribute[] = [];
    for (const statement of childrenOf(a, ASSERTION_NS, 'AttributeStatement')) {
      for (const attr of childrenOf(statement, ASSERTION_NS, 'Attribute')) {
        attributes.push({
          name: attr.getAttribute('Name') ?? '',
          values: childrenOf(attr, ASSERTION_NS, 'AttributeValue').map((v) => text(v)),
        });
      }
    }
    const earliest = [confirmUntil, notOnOrAfter].filter((d): d is Date => d !== undefined);
    return {
      issuer,
      nameId,
      nameIdFormat: nameIdEl.getAttribute('Format') || undefined,
      recipient,
      audiences,
      notOnOrAfter: new Date(Math.min(...earliest.map((d) => d.getTime()))),
      attributes,
    };
  }

  /**
   * The element a valid signature covers, re-parsed from the signed bytes: the Response when its
   * own signature verifies, else the Assertion when its signature does. Throws when neither does.
   */
  #verifiedElement(xml: string, response: Element, assertion: Element, provider: SamlProvider): Element {
    const candidates: [Element, Element][] = [];
    for (const target of [response, assertion]) {
      const signatures = childrenOf(target, DSIG_NS, 'Signature');
      if (signatures.length > 1) throw invalid('An element carries more than one signature.');
      if (signatures[0] !== undefined) candidates.push([target, signatures[0]]);
    }
    if (candidates.length === 0) throw invalid('The SAML response is not signed.');
    for (const [target, signature] of candidates) {
      const id = target.getAttribute('ID');
      if (id === null || id === '') continue;
      for (const cert of provider.signingCertificates) {
        const sig = new SignedXml({ publicCert: pem(cert), getCertFromKeyInfo: () => null });
        try {
          sig.loadSignature(signature);
          const refs = sig.getReferences();
          if (refs.length !== 1 || refs[0]?.uri !== `#${id}`) continue;
          if (!sig.checkSignature(xml)) continue;
          const signedXml = sig.getSignedReferences();
          if (signedXml.length !== 1) continue;
          const signed = parse(signedXml[0] as string);
          if (
            signed.namespaceURI !== target.namespaceURI ||
            signed.localName !== target.localName ||
            signed.getAttribute('ID') !== id
          ) {
            continue;
          }
          return signed;
        } catch {
          // A signature that does not verify with this certificate; try the next.
        }
      }
    }
    throw invalid('The SAML response signature is invalid: it does not verify with the provider metadata.');
  }
}
