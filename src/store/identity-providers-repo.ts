import type { AccountId } from '../domain/ids.js';
import type { OidcProvider, SamlProvider } from '../domain/identity-provider.js';

export interface NewOidcProvider {
  readonly key: string;
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
  readonly createDate: Date;
}

export interface NewSamlProvider {
  readonly name: string;
  readonly metadataDocument: string;
  readonly entityId: string;
  readonly signingCertificates: readonly string[];
  readonly createDate: Date;
  readonly validUntil: Date;
}

/**
 * OIDC providers keyed by `host/path`, SAML providers by name (both exact). Tags live in the tags
 * table under kinds `oidc-provider` / `saml-provider` with the key or name as entity id; deletes
 * remove them. Quotas are the service's.
 */
export interface IdentityProvidersReader {
  getOidc(accountId: AccountId, key: string): Promise<OidcProvider | undefined>;
  listOidc(accountId: AccountId): Promise<readonly OidcProvider[]>;
  getSaml(accountId: AccountId, name: string): Promise<SamlProvider | undefined>;
  listSaml(accountId: AccountId): Promise<readonly SamlProvider[]>;
}

export interface IdentityProvidersRepo extends IdentityProvidersReader {
  /** EntityAlreadyExists when the key is taken. */
  createOidc(accountId: AccountId, input: NewOidcProvider): Promise<OidcProvider>;
  /** Replaces the client id and thumbprint lists; false when the provider is missing. */
  updateOidc(
    accountId: AccountId,
    key: string,
    change: { readonly clientIds: readonly string[]; readonly thumbprints: readonly string[] },
  ): Promise<boolean>;
  deleteOidc(accountId: AccountId, key: string): Promise<boolean>;
  /** EntityAlreadyExists when the name is taken. */
  createSaml(accountId: AccountId, input: NewSamlProvider): Promise<SamlProvider>;
  updateSaml(
    accountId: AccountId,
    name: string,
    change: Pick<NewSamlProvider, 'metadataDocument' | 'entityId' | 'signingCertificates' | 'validUntil'>,
  ): Promise<boolean>;
  deleteSaml(accountId: AccountId, name: string): Promise<boolean>;
}
