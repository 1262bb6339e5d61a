import type { AccountId, UserId } from '../domain/ids.js';
import type { User } from '../domain/user.js';
import type { Page, PathPrefixRequest } from './page.js';

export interface NewUser {
  readonly id: UserId;
  readonly name: string;
  readonly path: string;
  readonly createDate: Date;
  readonly permissionsBoundaryArn?: string;
}

/** What must be gone before DeleteUser (AWS's DeleteConflict list), as counts. */
export interface UserDependents {
  readonly accessKeys: number;
  readonly inlinePolicies: number;
  readonly attachedPolicies: number;
  readonly groups: number;
  /** 1 when the user has a console password (login profile). */
  readonly loginProfile: number;
  /** MFA devices enabled for the user. */
  readonly mfaDevices: number;
}

export interface UsersReader {
  /** Case-insensitive, as AWS compares names. */
  get(accountId: AccountId, name: string): Promise<User | undefined>;
  getById(accountId: AccountId, id: UserId): Promise<User | undefined>;
  /** Ordered by name (case-insensitively). */
  list(accountId: AccountId, request?: PathPrefixRequest): Promise<Page<User>>;
  count(accountId: AccountId): Promise<number>;
  dependents(accountId: AccountId, name: string): Promise<UserDependents | undefined>;
}

export interface UsersRepo extends UsersReader {
  /** Throws EntityAlreadyExists ("User with name X already exists.") on a case-insensitive clash. */
  create(accountId: AccountId, input: NewUser): Promise<User>;
  /** UpdateUser: rename and/or move. undefined when there is no such user; a clash throws. */
  update(
    accountId: AccountId,
    name: string,
    changes: { readonly newName?: string; readonly newPath?: string },
  ): Promise<User | undefined>;
  /** Put (arn) or delete (undefined) the permissions boundary; false when there is no such user. */
  setPermissionsBoundary(accountId: AccountId, name: string, arn: string | undefined): Promise<boolean>;
  /**
   * Deletes the user and its tags. The service checks `dependents` first and raises DeleteConflict;
   * group memberships and access keys are also held by foreign keys as a last line.
   */
  delete(accountId: AccountId, name: string): Promise<boolean>;
}
