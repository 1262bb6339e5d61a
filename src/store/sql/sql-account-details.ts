import { awsManagedPolicyArn, policyArn } from '../../domain/arns.js';
import type { AccountId, InstanceProfileId } from '../../domain/ids.js';
import type { InstanceProfile } from '../../domain/instance-profile.js';
import type { PolicyOwnerKind } from '../../domain/inline-policy.js';
import { type PolicyVersion, versionIdOf } from '../../domain/managed-policy.js';
import type { Role } from '../../domain/role.js';
import type { Tag } from '../../domain/tag.js';
import {
  type AccountDetails,
  type AccountDetailsReader,
  type AttachedPolicyRef,
  type AwsManagedPolicyUse,
  type OwnerKey,
  ownerKey,
} from '../account-details-repo.js';
import { dateOf, type SqlContext } from './context.js';
import { groupFromRow, instanceProfileArnOf, policyFromRow, roleFromRow, userFromRow } from './rows.js';

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** One query per table, every one scoped by the account. */
export class SqlAccountDetails implements AccountDetailsReader {
  constructor(private readonly ctx: SqlContext) {}

  async read(accountId: AccountId): Promise<AccountDetails> {
    const { db, partition } = this.ctx;
    const ctx = this.ctx;
    const users = (
      await db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name_lower')
        .execute()
    ).map((r) => userFromRow(ctx, r));
    const groupRows = await db
      .selectFrom('groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('name_lower')
      .execute();
    const groups = groupRows.map((r) => groupFromRow(ctx, r));
    const roles = (
      await db
        .selectFrom('roles')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name_lower')
        .execute()
    ).map((r) => roleFromRow(ctx, r));

    const members = await db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (j) =>
        j.onRef('g.account_id', '=', 'm.account_id').onRef('g.id', '=', 'm.group_id'),
      )
      .select(['m.user_id', 'g.name'])
      .where('m.account_id', '=', accountId)
      .orderBy('g.name_lower')
      .execute();
    const groupNamesByUser = new Map<string, string[]>();
    for (const m of members) push(groupNamesByUser, m.user_id, m.name);

    const attachmentRows = await db
      .selectFrom('policy_attachments')
      .select(['owner_kind', 'owner_id', 'policy_key', 'policy_id', 'policy_name', 'policy_path'])
      .where('account_id', '=', accountId)
      .orderBy('policy_name')
      .execute();
    const attachments = new Map<OwnerKey, AttachedPolicyRef[]>();
    const attachmentCounts = new Map<string, number>();
    for (const a of attachmentRows) {
      const arn =
        a.policy_id === null
          ? awsManagedPolicyArn(a.policy_path, a.policy_name, partition)
          : policyArn(accountId, a.policy_path, a.policy_name, partition);
      push(attachments, ownerKey(a.owner_kind as PolicyOwnerKind, a.owner_id), {
        policyName: a.policy_name,
        policyArn: arn,
      });
      attachmentCounts.set(arn, (attachmentCounts.get(arn) ?? 0) + 1);
    }
    const boundaryCounts = new Map<string, number>();
    for (const p of [...users, ...roles]) {
      if (p.permissionsBoundaryArn === undefined) continue;
      boundaryCounts.set(p.permissionsBoundaryArn, (boundaryCounts.get(p.permissionsBoundaryArn) ?? 0) + 1);
    }

    const inlineRows = await db
      .selectFrom('inline_policies')
      .select(['owner_kind', 'owner_id', 'name', 'document'])
      .where('account_id', '=', accountId)
      .orderBy('name')
      .execute();
    const inlinePolicies = new Map<OwnerKey, { name: string; document: string }[]>();
    for (const p of inlineRows) {
      push(inlinePolicies, ownerKey(p.owner_kind as PolicyOwnerKind, p.owner_id), {
        name: p.name,
        document: p.document,
      });
    }

    const tagRows = await db
      .selectFrom('tags')
      .select(['entity_kind', 'entity_id', 'tag_key', 'tag_value'])
      .where('account_id', '=', accountId)
      .where('entity_kind', 'in', ['user', 'role'])
      .orderBy('key_norm')
      .execute();
    const tags = new Map<OwnerKey, Tag[]>();
    for (const t of tagRows) {
      push(tags, ownerKey(t.entity_kind as PolicyOwnerKind, t.entity_id), {
        key: t.tag_key,
        value: t.tag_value,
      });
    }

    const policyRows = await db
      .selectFrom('policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('name_lower')
      .execute();
    const policies = policyRows.map((r) => {
      const arn = policyArn(accountId, r.path, r.name, partition);
      return policyFromRow(ctx, r, {
        attachments: attachmentCounts.get(arn) ?? 0,
        boundaries: boundaryCounts.get(arn) ?? 0,
      });
    });
    const versionRows = await db
      .selectFrom('policy_versions')
      .select(['policy_id', 'version', 'document', 'create_date'])
      .where('account_id', '=', accountId)
      .orderBy('policy_id')
      .orderBy('version', 'desc')
      .execute();
    const defaults = new Map(policyRows.map((r) => [r.id, Number(r.default_version)]));
    const arnById = new Map(policies.map((p) => [p.id as string, p.arn]));
    const policyVersions = new Map<string, PolicyVersion[]>();
    for (const v of versionRows) {
      const arn = arnById.get(v.policy_id);
      if (arn === undefined) continue;
      const n = Number(v.version);
      push(policyVersions, arn, {
        versionId: versionIdOf(n),
        document: v.document,
        isDefault: n === defaults.get(v.policy_id),
        createDate: dateOf(v.create_date),
      });
    }

    const awsArns = new Set<string>();
    for (const arn of [...attachmentCounts.keys(), ...boundaryCounts.keys()]) {
      if (arn.startsWith(`arn:${partition}:iam::aws:policy/`)) awsArns.add(arn);
    }
    const awsManagedInUse: AwsManagedPolicyUse[] = [...awsArns].sort().map((arn) => ({
      arn,
      attachmentCount: attachmentCounts.get(arn) ?? 0,
      permissionsBoundaryUsageCount: boundaryCounts.get(arn) ?? 0,
    }));

    const profileRows = await db
      .selectFrom('instance_profile_roles as pr')
      .innerJoin('instance_profiles as p', (j) =>
        j.onRef('p.account_id', '=', 'pr.account_id').onRef('p.id', '=', 'pr.instance_profile_id'),
      )
      .select(['pr.role_id', 'p.id', 'p.name', 'p.path', 'p.create_date', 'p.account_id'])
      .where('pr.account_id', '=', accountId)
      .orderBy('p.name_lower')
      .execute();
    const rolesById = new Map<string, Role>(roles.map((r) => [r.id as string, r]));
    const instanceProfilesByRole = new Map<string, InstanceProfile[]>();
    for (const p of profileRows) {
      const role = rolesById.get(p.role_id);
      push(instanceProfilesByRole, p.role_id, {
        accountId,
        id: p.id as InstanceProfileId,
        name: p.name,
        path: p.path,
        arn: instanceProfileArnOf(ctx, p.account_id, p.path, p.name),
        createDate: dateOf(p.create_date),
        roles: role ? [role] : [],
      });
    }

    return {
      users,
      groups,
      roles,
      policies,
      policyVersions,
      awsManagedInUse,
      groupNamesByUser,
      attachments,
      inlinePolicies,
      tags,
      instanceProfilesByRole,
    };
  }
}
