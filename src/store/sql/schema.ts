/**
 * The tables as Kysely sees them. Every table but schema_version carries account_id, and every
 * key starts with it. Dates are ISO-8601 text (`toISOString()`), which sorts, compares and reads
 * back the same in SQLite and Postgres; `name_lower` carries the case-insensitive unique index.
 */
export interface AccountsTable {
  account_id: string;
  alias: string | null;
  created_at: string;
  generation: number;
}

interface Named {
  account_id: string;
  id: string;
  name: string;
  name_lower: string;
  path: string;
  create_date: string;
}

export interface UsersTable extends Named {
  permissions_boundary_arn: string | null;
  password_last_used: string | null;
}

export type GroupsTable = Named;

export interface GroupMembersTable {
  account_id: string;
  group_id: string;
  user_id: string;
}

export interface RolesTable extends Named {
  assume_role_policy: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  last_used_date: string | null;
  last_used_region: string | null;
}

export interface PoliciesTable extends Named {
  description: string | null;
  default_version: number;
  next_version: number;
  update_date: string;
}

export interface PolicyVersionsTable {
  account_id: string;
  policy_id: string;
  version: number;
  document: string;
  create_date: string;
}

export interface PolicyAttachmentsTable {
  account_id: string;
  owner_kind: string;
  owner_id: string;
  /** The customer policy's id, or `aws:` + path + name for an AWS-managed policy. */
  policy_key: string;
  /** Set for customer policies only (a foreign key keeps DeletePolicy honest). */
  policy_id: string | null;
  policy_name: string;
  policy_path: string;
}

export interface InlinePoliciesTable {
  account_id: string;
  owner_kind: string;
  owner_id: string;
  name: string;
  document: string;
}

export interface TagsTable {
  account_id: string;
  entity_kind: string;
  entity_id: string;
  /** The comparison key: lower-cased for users and roles, exact elsewhere. */
  key_norm: string;
  tag_key: string;
  tag_value: string;
}

export type InstanceProfilesTable = Named;

export interface InstanceProfileRolesTable {
  account_id: string;
  instance_profile_id: string;
  role_id: string;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** null: the account root user. */
  user_id: string | null;
  status: string;
  create_date: string;
  secret_ciphertext: Buffer;
  last_used_date: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface AuditEventsTable {
  seq: number;
  account_id: string;
  event_id: string;
  event_time: string;
  event_name: string;
  event_source: string;
  username: string | null;
  access_key_id: string | null;
  read_only: number;
  record: string;
  prev_hash: string;
  hash: string;
}

export interface AuditEventResourcesTable {
  seq: number;
  account_id: string;
  event_time: string;
  resource_type: string;
  resource_name: string;
}

export interface AuditLastAccessTable {
  account_id: string;
  principal_arn: string;
  service: string;
  last_at: string;
  region: string;
}

export interface AuditDigestsTable {
  digest_seq: number;
  account_id: string;
  first_seq: number;
  last_seq: number;
  last_time: string;
  digest: string;
}

export interface LoginProfilesTable {
  account_id: string;
  /** The user's id, or `root`. */
  owner: string;
  password_hash: string;
  create_date: string;
  password_changed_at: string;
  reset_required: number;
  last_used: string | null;
}

export interface PasswordHistoryTable {
  account_id: string;
  owner: string;
  seq: number;
  password_hash: string;
}

export interface PasswordPoliciesTable {
  account_id: string;
  minimum_password_length: number;
  require_symbols: number;
  require_numbers: number;
  require_uppercase: number;
  require_lowercase: number;
  allow_users_to_change: number;
  max_password_age: number | null;
  password_reuse_prevention: number | null;
  hard_expiry: number | null;
}

export interface ConsoleSessionsTable {
  token_hash: string;
  account_id: string;
  owner: string;
  user_name: string | null;
  issued_at: string;
  expires_at: string;
  mfa_authenticated_at: string | null;
  csrf_hash: string;
}

export interface MfaDevicesTable {
  account_id: string;
  id: string;
  path: string;
  name: string;
  name_lower: string;
  create_date: string;
  seed_ciphertext: Buffer;
  /** null: unassigned. */
  assigned_to: 'user' | 'root' | null;
  user_id: string | null;
  enable_date: string | null;
  last_step: number | null;
}

export interface CredentialReportsTable {
  account_id: string;
  generated_at: string;
  content: string;
}

export interface AccessAdvisorJobsTable {
  account_id: string;
  job_id: string;
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  created_at: string;
  completed_at: string;
  result: string;
}

export interface SchemaVersionTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface IdentityProvidersTable {
  account_id: string;
  kind: 'oidc' | 'saml';
  name: string;
  create_date: string;
  valid_until: string | null;
  /** JSON: the kind's fields (see migration 0006). */
  data: string;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_attachments: PolicyAttachmentsTable;
  inline_policies: InlinePoliciesTable;
  tags: TagsTable;
  instance_profiles: InstanceProfilesTable;
  instance_profile_roles: InstanceProfileRolesTable;
  access_keys: AccessKeysTable;
  audit_events: AuditEventsTable;
  audit_event_resources: AuditEventResourcesTable;
  audit_last_access: AuditLastAccessTable;
  audit_digests: AuditDigestsTable;
  login_profiles: LoginProfilesTable;
  password_history: PasswordHistoryTable;
  password_policies: PasswordPoliciesTable;
  console_sessions: ConsoleSessionsTable;
  mfa_devices: MfaDevicesTable;
  identity_providers: IdentityProvidersTable;
  credential_reports: CredentialReportsTable;
  access_advisor_jobs: AccessAdvisorJobsTable;
  schema_version: SchemaVersionTable;
}
