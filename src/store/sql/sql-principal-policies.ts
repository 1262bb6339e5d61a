import {
  isAwsManagedPolicyArn,
  parsePolicyArn,
  policyArn,
  awsManagedPolicyArn,
  groupArn,
  roleArn,
  userArn,
} from '../../domain/arns.js';
import type { AccountId } from '../../domain/ids.js';
import type { PolicyOwnerKind } from '../../domain/inline-policy.js';
import { nameKey } from '../../domain/names.js';
import type { PrincipalPolicies, PrincipalRef, SourcedPolicy } from '../../domain/principal-policies.js';
import { versionIdOf } from '../../domain/managed-policy.js';
import type { SqlContext } from './context.js';
import { SqlTags } from './sql-tags.js';

interface Owner {
  readonly kind: PolicyOwnerKind;
  readonly id: string;
  readonly name: string;
}

/**
 * One principal's identity policies (inline and attached, its own and, for a user, each group's,
 * in that order), its boundary, tags and groups, with the generation, inside one snapshot.
 */
export async function readPrincipalPolicies(
  ctx: SqlContext,
  accountId: AccountId,
  ref: PrincipalRef,
): Promise<PrincipalPolicies | undefined> {
  const db = ctx.db;
  const table = ref.kind === 'user' ? 'users' : 'roles';
  const row = await db
    .selectFrom(table)
    .select(['id', 'name', 'path', 'permissions_boundary_arn'])
    .where('account_id', '=', accountId)
    .where('name_lower', '=', nameKey(ref.name))
    .executeTakeFirst();
  if (!row) return undefined;

  const owners: Owner[] = [{ kind: ref.kind, id: row.id, name: row.name }];
  const groups: { name: string; arn: string }[] = [];
  if (ref.kind === 'user') {
    const groupRows = await db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (j) =>
        j.onRef('g.account_id', '=', 'm.account_id').onRef('g.id', '=', 'm.group_id'),
      )
      .select(['g.id', 'g.name', 'g.path'])
      .where('m.account_id', '=', accountId)
      .where('m.user_id', '=', row.id)
      .orderBy('g.name_lower')
      .execute();
    for (const g of groupRows) {
      owners.push({ kind: 'group', id: g.id, name: g.name });
      groups.push({ name: g.name, arn: groupArn(accountId, g.path, g.name, ctx.partition) });
    }
  }

  const ownerIds = owners.map((o) => o.id);
  const inline = await db
    .selectFrom('inline_policies')
    .select(['owner_kind', 'owner_id', 'name', 'document'])
    .where('account_id', '=', accountId)
    .where('owner_id', 'in', ownerIds)
    .orderBy('name')
    .execute();
  const attached = await db
    .selectFrom('policy_attachments as a')
    .leftJoin('policies as p', (j) =>
      j.onRef('p.account_id', '=', 'a.account_id').onRef('p.id', '=', 'a.policy_id'),
    )
    .leftJoin('policy_versions as v', (j) =>
      j
        .onRef('v.account_id', '=', 'p.account_id')
        .onRef('v.policy_id', '=', 'p.id')
        .onRef('v.version', '=', 'p.default_version'),
    )
    .select([
      'a.owner_kind',
      'a.owner_id',
      'a.policy_id',
      'a.policy_name',
      'a.policy_path',
      'p.default_version',
      'v.document',
    ])
    .where('a.account_id', '=', accountId)
    .where('a.owner_id', 'in', ownerIds)
    .orderBy('a.policy_name')
    .execute();

  const identityPolicies: SourcedPolicy[] = [];
  for (const owner of owners) {
    for (const p of inline) {
      if (p.owner_kind !== owner.kind || p.owner_id !== owner.id) continue;
      identityPolicies.push({
        source: 'inline',
        ownerKind: owner.kind,
        ownerName: owner.name,
        name: p.name,
        document: p.document,
      });
    }
    for (const a of attached) {
      if (a.owner_kind !== owner.kind || a.owner_id !== owner.id) continue;
      const customer = a.policy_id !== null;
      const arn = customer
        ? policyArn(accountId, a.policy_path, a.policy_name, ctx.partition)
        : awsManagedPolicyArn(a.policy_path, a.policy_name, ctx.partition);
      const document = customer ? (a.document ?? undefined) : ctx.catalog.document(arn);
      if (document === undefined) continue;
      const versionId = customer
        ? versionIdOf(Number(a.default_version))
        : ctx.catalog.get(arn)?.defaultVersionId;
      identityPolicies.push({
        source: 'managed',
        ownerKind: owner.kind,
        ownerName: owner.name,
        name: arn,
        arn,
        ...(versionId !== undefined && { versionId }),
        document,
      });
    }
  }

  const boundaryArn = row.permissions_boundary_arn;
  const generation = await db
    .selectFrom('accounts')
    .select('generation')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const arn =
    ref.kind === 'user'
      ? userArn(accountId, row.path, row.name, ctx.partition)
      : roleArn(accountId, row.path, row.name, ctx.partition);
  return {
    accountId,
    generation: Number(generation?.generation ?? 0),
    principal: {
      kind: ref.kind,
      id: row.id,
      name: row.name,
      path: row.path,
      arn,
      tags: await new SqlTags(ctx).list(accountId, ref.kind, row.id),
    },
    groups,
    identityPolicies,
    ...(boundaryArn !== null && {
      permissionsBoundary: {
        arn: boundaryArn,
        document: await boundaryDocument(ctx, accountId, boundaryArn),
      },
    }),
  };
}

async function boundaryDocument(
  ctx: SqlContext,
  accountId: AccountId,
  arn: string,
): Promise<string | undefined> {
  if (isAwsManagedPolicyArn(arn)) return ctx.catalog.document(arn);
  const parts = parsePolicyArn(arn);
  if (!parts || parts.account !== accountId) return undefined;
  const row = await ctx.db
    .selectFrom('policies as p')
    .innerJoin('policy_versions as v', (j) =>
      j
        .onRef('v.account_id', '=', 'p.account_id')
        .onRef('v.policy_id', '=', 'p.id')
        .onRef('v.version', '=', 'p.default_version'),
    )
    .select(['p.name', 'p.path', 'v.document'])
    .where('p.account_id', '=', accountId)
    .where('p.name_lower', '=', nameKey(parts.name))
    .executeTakeFirst();
  return row && row.name === parts.name && row.path === parts.path ? row.document : undefined;
}
