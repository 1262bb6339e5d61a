import type { Migration } from '../../sql/migrate.js';

/**
 * Console passwords (login profiles, the root user's password), their history for reuse
 * prevention, the account password policy, and console sign-in sessions. `owner` is the user's id,
 * or `root` for the account root user (user ids start with AIDA, so the two never meet). Booleans
 * are 0/1. Only hashes are stored: scrypt strings for passwords, SHA-256 for session and CSRF tokens.
 */
export const m0002Passwords: Migration = {
  version: 2,
  name: 'passwords',
  statements: [
    `CREATE TABLE login_profiles (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      owner TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      create_date TEXT NOT NULL,
      password_changed_at TEXT NOT NULL,
      reset_required INTEGER NOT NULL,
      last_used TEXT,
      PRIMARY KEY (account_id, owner)
    )`,
    `CREATE TABLE password_history (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      owner TEXT NOT NULL,
      seq INTEGER NOT NULL,
      password_hash TEXT NOT NULL,
      PRIMARY KEY (account_id, owner, seq)
    )`,
    `CREATE TABLE password_policies (
      account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts (account_id),
      minimum_password_length INTEGER NOT NULL,
      require_symbols INTEGER NOT NULL,
      require_numbers INTEGER NOT NULL,
      require_uppercase INTEGER NOT NULL,
      require_lowercase INTEGER NOT NULL,
      allow_users_to_change INTEGER NOT NULL,
      max_password_age INTEGER,
      password_reuse_prevention INTEGER,
      hard_expiry INTEGER
    )`,
    `CREATE TABLE console_sessions (
      token_hash TEXT NOT NULL PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      owner TEXT NOT NULL,
      user_name TEXT,
      issued_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      mfa_authenticated_at TEXT,
      csrf_hash TEXT NOT NULL
    )`,
    'CREATE INDEX console_sessions_owner ON console_sessions (account_id, owner)',
    'CREATE INDEX console_sessions_expiry ON console_sessions (expires_at)',
  ],
};
