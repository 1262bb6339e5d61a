/**
 * What the two federated STS operations need from auth/: a verified web identity token and a
 * verified SAML assertion. auth/oidc-token.ts and auth/saml-assertion.ts implement these; the
 * server hands them to handlers through OperationContext.identityVerifiers.
 */
import type { OidcProvider, SamlProvider } from '../../domain/identity-provider.js';

export interface VerifiedWebIdentity {
  readonly provider: OidcProvider;
  /** The `iss` claim as the token carries it. */
  readonly issuer: string;
  readonly subject: string;
  /** The client id that matched: the `aud` value (or `azp`) found in the provider's client ids. */
  readonly audience: string;
  /** The token's `aud` values, as given. */
  readonly audiences: readonly string[];
  readonly authorizedParty?: string | undefined;
  /** `amr` values, when the token has them (Cognito). */
  readonly amr?: readonly string[] | undefined;
  readonly expiresAt: Date;
  /** Every verified claim (session tags and source identity come from AWS's claims). */
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface WebIdentityVerifier {
  /**
   * Verifies signature (the issuer's JWKS), issuer, audience and times. `findProvider` returns
   * the caller account's provider for an issuer key (`host/path`). Throws AwsError with STS's
   * codes: InvalidIdentityToken, ExpiredTokenException, IDPCommunicationError, IDPRejectedClaim.
   */
  verify(
    token: string,
    findProvider: (issuerKey: string) => Promise<OidcProvider | undefined>,
    now: Date,
  ): Promise<VerifiedWebIdentity>;
}

export interface SamlAttribute {
  readonly name: string;
  readonly values: readonly string[];
}

export interface VerifiedSamlAssertion {
  /** The Issuer element's value (equal to the provider metadata's entityID). */
  readonly issuer: string;
  readonly nameId: string;
  /** NameID Format; AWS's SubjectType strips `urn:oasis:names:tc:SAML:2.0:nameid-format:`. */
  readonly nameIdFormat?: string | undefined;
  /** The Recipient of the SubjectConfirmationData (AssumeRoleWithSAML's Audience output, saml:aud). */
  readonly recipient: string;
  readonly audiences: readonly string[];
  readonly notOnOrAfter: Date;
  readonly attributes: readonly SamlAttribute[];
}

export interface SamlAssertionVerifier {
  /**
   * Decodes the base64 SAMLResponse, verifies its signature against the provider's signing
   * certificates and uses only the signed element; checks issuer, audience, recipient and times.
   */
  verify(samlResponse: string, provider: SamlProvider, now: Date): VerifiedSamlAssertion;
}

export interface IdentityVerifiers {
  readonly webIdentity: WebIdentityVerifier;
  readonly saml: SamlAssertionVerifier;
}
