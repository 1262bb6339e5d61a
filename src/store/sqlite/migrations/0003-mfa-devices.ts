import type { Migration } from '../../sql/migrate.js';

/**
 * Virtual MFA devices. A device is unique by (path, name) in its account, names compared without
 * regard to case. `assigned_to` is NULL (unassigned), 'user' (user_id set) or 'root'. The seed is
 * AES-256-GCM ciphertext bound to the serial number (auth/mfa-seeds.ts); `last_step` is the last
 * accepted TOTP time step (replay protection).
 */
export const m0003MfaDevices: Migration = {
  version: 3,
  name: 'mfa-devices',
  statements: [
    `CREATE TABLE mfa_devices (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      id TEXT NOT NULL,
      path TEXT NOT NULL,
      name TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      create_date TEXT NOT NULL,
      seed_ciphertext BLOB NOT NULL,
      assigned_to TEXT CHECK (assigned_to IN ('user', 'root')),
      user_id TEXT,
      enable_date TEXT,
      last_step INTEGER,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id),
      CHECK ((assigned_to = 'user') = (user_id IS NOT NULL))
    )`,
    'CREATE UNIQUE INDEX mfa_devices_name ON mfa_devices (account_id, path, name_lower)',
    'CREATE INDEX mfa_devices_owner ON mfa_devices (account_id, assigned_to, user_id)',
  ],
};
