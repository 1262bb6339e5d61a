import type { Migration } from '../../sql/migrate.js';

/**
 * OIDC and SAML identity providers, one table: `kind` is 'oidc' or 'saml', `name` the ARN's
 * resource after the kind (`host/path` for OIDC, the provider name for SAML), `data` a JSON
 * object with the kind's fields (client ids and thumbprints; the metadata document, its entity id
 * and signing certificates). Tags use the tags table.
 */
export const m0006IdentityProviders: Migration = {
  version: 6,
  name: 'identity-providers',
  statements: [
    `CREATE TABLE identity_providers (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      kind TEXT NOT NULL CHECK (kind IN ('oidc', 'saml')),
      name TEXT NOT NULL,
      create_date TEXT NOT NULL,
      valid_until TEXT,
      data TEXT NOT NULL,
      PRIMARY KEY (account_id, kind, name)
    )`,
  ],
};
