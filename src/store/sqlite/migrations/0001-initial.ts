import type { Migration } from '../../sql/migrate.js';

/**
 * The initial schema. Every table is keyed by (account_id, ...) and references accounts; names
 * are unique through (account_id, name_lower); list-by-path has (account_id, path, name_lower).
 * Polymorphic owners (attachments, inline policies, tags) carry owner_kind + owner_id and are
 * removed by the repositories in the same transaction as their owner.
 */
export const m0001Initial: Migration = {
  version: 1,
  name: 'initial',
  statements: [
    `CREATE TABLE accounts (
      account_id TEXT NOT NULL PRIMARY KEY,
      alias TEXT,
      created_at TEXT NOT NULL,
      generation INTEGER NOT NULL DEFAULT 0
    )`,
    'CREATE UNIQUE INDEX accounts_alias ON accounts (alias)',

    `CREATE TABLE users (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      path TEXT NOT NULL,
      create_date TEXT NOT NULL,
      permissions_boundary_arn TEXT,
      password_last_used TEXT,
      PRIMARY KEY (account_id, id)
    )`,
    'CREATE UNIQUE INDEX users_name ON users (account_id, name_lower)',
    'CREATE INDEX users_path ON users (account_id, path, name_lower)',
    'CREATE INDEX users_boundary ON users (account_id, permissions_boundary_arn)',

    `CREATE TABLE groups (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      path TEXT NOT NULL,
      create_date TEXT NOT NULL,
      PRIMARY KEY (account_id, id)
    )`,
    'CREATE UNIQUE INDEX groups_name ON groups (account_id, name_lower)',
    'CREATE INDEX groups_path ON groups (account_id, path, name_lower)',

    `CREATE TABLE group_members (
      account_id TEXT NOT NULL,
      group_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      PRIMARY KEY (account_id, group_id, user_id),
      FOREIGN KEY (account_id, group_id) REFERENCES groups (account_id, id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id)
    )`,
    'CREATE INDEX group_members_user ON group_members (account_id, user_id)',

    `CREATE TABLE roles (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      path TEXT NOT NULL,
      create_date TEXT NOT NULL,
      assume_role_policy TEXT NOT NULL,
      description TEXT,
      max_session_duration INTEGER NOT NULL,
      permissions_boundary_arn TEXT,
      last_used_date TEXT,
      last_used_region TEXT,
      PRIMARY KEY (account_id, id)
    )`,
    'CREATE UNIQUE INDEX roles_name ON roles (account_id, name_lower)',
    'CREATE INDEX roles_path ON roles (account_id, path, name_lower)',
    'CREATE INDEX roles_boundary ON roles (account_id, permissions_boundary_arn)',

    `CREATE TABLE policies (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      path TEXT NOT NULL,
      create_date TEXT NOT NULL,
      update_date TEXT NOT NULL,
      description TEXT,
      default_version INTEGER NOT NULL,
      next_version INTEGER NOT NULL,
      PRIMARY KEY (account_id, id)
    )`,
    'CREATE UNIQUE INDEX policies_name ON policies (account_id, name_lower)',
    'CREATE INDEX policies_path ON policies (account_id, path, name_lower)',

    `CREATE TABLE policy_versions (
      account_id TEXT NOT NULL,
      policy_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      document TEXT NOT NULL,
      create_date TEXT NOT NULL,
      PRIMARY KEY (account_id, policy_id, version),
      FOREIGN KEY (account_id, policy_id) REFERENCES policies (account_id, id) ON DELETE CASCADE
    )`,

    `CREATE TABLE policy_attachments (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'group', 'role')),
      owner_id TEXT NOT NULL,
      policy_key TEXT NOT NULL,
      policy_id TEXT,
      policy_name TEXT NOT NULL,
      policy_path TEXT NOT NULL,
      PRIMARY KEY (account_id, owner_kind, owner_id, policy_key),
      FOREIGN KEY (account_id, policy_id) REFERENCES policies (account_id, id)
    )`,
    'CREATE INDEX policy_attachments_policy ON policy_attachments (account_id, policy_key)',

    `CREATE TABLE inline_policies (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'group', 'role')),
      owner_id TEXT NOT NULL,
      name TEXT NOT NULL,
      document TEXT NOT NULL,
      PRIMARY KEY (account_id, owner_kind, owner_id, name)
    )`,

    `CREATE TABLE tags (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      entity_kind TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      key_norm TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (account_id, entity_kind, entity_id, key_norm)
    )`,

    `CREATE TABLE instance_profiles (
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      path TEXT NOT NULL,
      create_date TEXT NOT NULL,
      PRIMARY KEY (account_id, id)
    )`,
    'CREATE UNIQUE INDEX instance_profiles_name ON instance_profiles (account_id, name_lower)',
    'CREATE INDEX instance_profiles_path ON instance_profiles (account_id, path, name_lower)',

    `CREATE TABLE instance_profile_roles (
      account_id TEXT NOT NULL,
      instance_profile_id TEXT NOT NULL,
      role_id TEXT NOT NULL,
      PRIMARY KEY (account_id, instance_profile_id, role_id),
      FOREIGN KEY (account_id, instance_profile_id) REFERENCES instance_profiles (account_id, id),
      FOREIGN KEY (account_id, role_id) REFERENCES roles (account_id, id)
    )`,
    'CREATE INDEX instance_profile_roles_role ON instance_profile_roles (account_id, role_id)',

    `CREATE TABLE access_keys (
      access_key_id TEXT NOT NULL PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      user_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
      create_date TEXT NOT NULL,
      secret_ciphertext BLOB NOT NULL,
      last_used_date TEXT,
      last_used_service TEXT,
      last_used_region TEXT,
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id)
    )`,
    'CREATE INDEX access_keys_owner ON access_keys (account_id, user_id)',
  ],
};
