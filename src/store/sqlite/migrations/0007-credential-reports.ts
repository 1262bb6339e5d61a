import type { Migration } from '../../sql/migrate.js';

/**
 * The credential report: the latest one per account (GenerateCredentialReport replaces it when
 * it is older than four hours). `content` is the CSV text, which holds no secret.
 */
export const m0007CredentialReports: Migration = {
  version: 7,
  name: 'credential-reports',
  statements: [
    `CREATE TABLE credential_reports (
      account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts (account_id),
      generated_at TEXT NOT NULL,
      content TEXT NOT NULL
    )`,
  ],
};
