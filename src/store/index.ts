/** The persistence layer: the Store interface, its repositories, and the SQLite implementation. */
export type * from './access-keys-repo.js';
export * from './account-details-repo.js';
export type * from './accounts-repo.js';
export type * from './attachments-repo.js';
export type * from './audit-repo.js';
export { type AwsManagedPolicySpec, StaticAwsManagedCatalog } from './aws-managed/static-catalog.js';
export { packageAwsManagedCatalog } from './aws-managed/package-catalog.js';
export type * from './console-sessions-repo.js';
export type * from './credential-reports-repo.js';
export { CursorCodec } from './cursor.js';
export type * from './groups-repo.js';
export type * from './inline-policies-repo.js';
export type * from './instance-profiles-repo.js';
export type * from './last-accessed-repo.js';
export type * from './login-profiles-repo.js';
export type * from './mfa-devices-repo.js';
export * from './page.js';
export type * from './password-policies-repo.js';
export type * from './policies-repo.js';
export type * from './roles-repo.js';
export {
  openInMemorySqliteStore,
  openSqliteStore,
  type SqliteStoreOptions,
} from './sqlite/open-sqlite-store.js';
export type * from './store.js';
export type * from './tags-repo.js';
export type * from './users-repo.js';
