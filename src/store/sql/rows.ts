import type { Selectable } from 'kysely';
import { groupArn, instanceProfileArn, policyArn, roleArn, userArn } from '../../domain/arns.js';
import type { Group } from '../../domain/group.js';
import type { AccountId, GroupId, PolicyId, RoleId, UserId } from '../../domain/ids.js';
import { type ManagedPolicy, versionIdOf } from '../../domain/managed-policy.js';
import type { Role } from '../../domain/role.js';
import type { User } from '../../domain/user.js';
import { dateOf, dateOrUndefined, type SqlContext } from './context.js';
import type { GroupsTable, PoliciesTable, RolesTable, UsersTable } from './schema.js';

/** Row -> entity. ARNs are derived, not stored, so a rename or a partition change cannot leave one stale. */
export const userFromRow = (ctx: SqlContext, r: Selectable<UsersTable>): User => ({
  accountId: r.account_id as AccountId,
  id: r.id as UserId,
  name: r.name,
  path: r.path,
  arn: userArn(r.account_id, r.path, r.name, ctx.partition),
  createDate: dateOf(r.create_date),
  ...(r.permissions_boundary_arn !== null && { permissionsBoundaryArn: r.permissions_boundary_arn }),
  ...(r.password_last_used !== null && { passwordLastUsed: dateOf(r.password_last_used) }),
});

export const groupFromRow = (ctx: SqlContext, r: Selectable<GroupsTable>): Group => ({
  accountId: r.account_id as AccountId,
  id: r.id as GroupId,
  name: r.name,
  path: r.path,
  arn: groupArn(r.account_id, r.path, r.name, ctx.partition),
  createDate: dateOf(r.create_date),
});

export function roleFromRow(ctx: SqlContext, r: Selectable<RolesTable>): Role {
  const lastUsed = dateOrUndefined(r.last_used_date);
  return {
    accountId: r.account_id as AccountId,
    id: r.id as RoleId,
    name: r.name,
    path: r.path,
    arn: roleArn(r.account_id, r.path, r.name, ctx.partition),
    createDate: dateOf(r.create_date),
    assumeRolePolicyDocument: r.assume_role_policy,
    ...(r.description !== null && { description: r.description }),
    maxSessionDuration: Number(r.max_session_duration),
    ...(r.permissions_boundary_arn !== null && { permissionsBoundaryArn: r.permissions_boundary_arn }),
    ...(lastUsed && {
      roleLastUsed: {
        lastUsedDate: lastUsed,
        ...(r.last_used_region !== null && { region: r.last_used_region }),
      },
    }),
  };
}

export const policyFromRow = (
  ctx: SqlContext,
  r: Selectable<PoliciesTable>,
  counts: { attachments: number; boundaries: number },
): ManagedPolicy => ({
  accountId: r.account_id as AccountId,
  id: r.id as PolicyId,
  name: r.name,
  path: r.path,
  arn: policyArn(r.account_id, r.path, r.name, ctx.partition),
  ...(r.description !== null && { description: r.description }),
  defaultVersionId: versionIdOf(Number(r.default_version)),
  attachmentCount: counts.attachments,
  permissionsBoundaryUsageCount: counts.boundaries,
  isAttachable: true,
  createDate: dateOf(r.create_date),
  updateDate: dateOf(r.update_date),
});

export const instanceProfileArnOf = (ctx: SqlContext, account: string, path: string, name: string) =>
  instanceProfileArn(account, path, name, ctx.partition);
