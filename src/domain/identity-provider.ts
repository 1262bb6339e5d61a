import { AwsError } from '../core/aws-error.js';

/** IAM identity providers: OpenID Connect issuers and SAML 2.0 identity providers. */

export interface OidcProvider {
  readonly accountId: string;
  /** `host/path` of the issuer URL (no scheme, no trailing slash): the ARN's resource and the condition-key prefix. */
  readonly key: string;
  readonly arn: string;
  /** The issuer URL as created (`https://` + key). */
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
  readonly createDate: Date;
}

export interface SamlProvider {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly metadataDocument: string;
  /** The IdP's entityID from the metadata. */
  readonly entityId: string;
  /** The IdP's signing certificates (base64 DER) from the metadata. */
  readonly signingCertificates: readonly string[];
  readonly createDate: Date;
  readonly validUntil: Date;
}

export const oidcProviderArn = (partition: string, accountId: string, key: string): string =>
  `arn:${partition}:iam::${accountId}:oidc-provider/${key}`;

export const samlProviderArn = (partition: string, accountId: string, name: string): string =>
  `arn:${partition}:iam::${accountId}:saml-provider/${name}`;

/** Providers per account (IAM quotas: 100 OIDC providers, 100 SAML providers). */
export const PROVIDERS_PER_ACCOUNT = 100;
/** Client ids per OIDC provider (IAM quota "Client IDs per OpenID Connect provider"). */
export const CLIENT_IDS_PER_PROVIDER = 100;
/** Thumbprints per OIDC provider. */
export const THUMBPRINTS_PER_PROVIDER = 5;

/** `https://host[:port]/path` -> `host[:port]/path` (host lower-cased, no trailing slash). */
export function oidcProviderKey(url: string): string {
  if (!/^https:\/\//i.test(url)) {
    throw new AwsError(
      'InvalidInput',
      'Invalid Open ID Connect Provider URL: the URL must begin with https://',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AwsError('InvalidInput', 'Invalid Open ID Connect Provider URL');
  }
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new AwsError(
      'InvalidInput',
      'Invalid Open ID Connect Provider URL: query strings, fragments and credentials are not allowed',
    );
  }
  return `${parsed.host}${parsed.pathname}`.replace(/\/+$/, '');
}
