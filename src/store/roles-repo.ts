import type { AccountId, RoleId } from '../domain/ids.js';
import type { Role } from '../domain/role.js';
import type { Page, PathPrefixRequest } from './page.js';

export interface NewRole {
  readonly id: RoleId;
  readonly name: string;
  readonly path: string;
  readonly createDate: Date;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly permissionsBoundaryArn?: string;
}

export interface RoleDependents {
  readonly inlinePolicies: number;
  readonly attachedPolicies: number;
  readonly instanceProfiles: number;
}

export interface RolesReader {
  get(accountId: AccountId, name: string): Promise<Role | undefined>;
  getById(accountId: AccountId, id: RoleId): Promise<Role | undefined>;
  list(accountId: AccountId, request?: PathPrefixRequest): Promise<Page<Role>>;
  count(accountId: AccountId): Promise<number>;
  dependents(accountId: AccountId, name: string): Promise<RoleDependents | undefined>;
}

export interface RolesRepo extends RolesReader {
  create(accountId: AccountId, input: NewRole): Promise<Role>;
  /** UpdateRole / UpdateRoleDescription: only the fields given change. */
  update(
    accountId: AccountId,
    name: string,
    changes: { readonly description?: string; readonly maxSessionDuration?: number },
  ): Promise<Role | undefined>;
  updateAssumeRolePolicy(accountId: AccountId, name: string, document: string): Promise<boolean>;
  setPermissionsBoundary(accountId: AccountId, name: string, arn: string | undefined): Promise<boolean>;
  /** Usage tracking: does not raise the generation. */
  recordLastUsed(
    accountId: AccountId,
    name: string,
    lastUsed: { readonly date: Date; readonly region?: string },
  ): Promise<boolean>;
  /** Deletes the role and its tags; the service checks `dependents` first. */
  delete(accountId: AccountId, name: string): Promise<boolean>;
}
