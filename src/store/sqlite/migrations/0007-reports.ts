import type { Migration } from '../../sql/migrate.js';

/**
 * The credential report: the latest one per account (GenerateCredentialReport replaces it when
 * it is older than four hours). `content` is the CSV text, which holds no secret. And access
 * advisor jobs (GenerateServiceLastAccessedDetails), their answer kept as JSON.
 */
export const m0007Reports: Migration = {
  version: 7,
  name: 'reports',
  statements: [
    `CREATE TABLE credential_reports (
      account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts (account_id),
      generated_at TEXT NOT NULL,
      content TEXT NOT NULL
    )`,
    `CREATE TABLE access_advisor_jobs (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      job_id TEXT NOT NULL,
      arn TEXT NOT NULL,
      granularity TEXT NOT NULL CHECK (granularity IN ('SERVICE_LEVEL', 'ACTION_LEVEL')),
      created_at TEXT NOT NULL,
      completed_at TEXT NOT NULL,
      result TEXT NOT NULL,
      PRIMARY KEY (account_id, job_id)
    )`,
  ],
};
