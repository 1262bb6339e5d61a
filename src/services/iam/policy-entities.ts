import type { OperationContext } from '../operation-context.js';
import { iamOperation } from './define.js';
import { noSuchPolicy } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { checkPolicyArn, findPolicy } from './policy-lookup.js';

type EntityFilter = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

interface Entity {
  readonly kind: 'group' | 'user' | 'role';
  readonly name: string;
  readonly id: string;
}

/** Users and roles whose permissions boundary is `arn`, by scanning them (bounded by the account quotas). */
async function boundaryEntities(ctx: OperationContext, arn: string): Promise<Entity[]> {
  const out: Entity[] = [];
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = await ctx.tx.users.list(ctx.accountId, { maxItems: 1000, ...(marker && { marker }) });
    for (const u of page.items)
      if (u.permissionsBoundaryArn === arn) out.push({ kind: 'user', name: u.name, id: u.id });
    marker = page.marker;
  }
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = await ctx.tx.roles.list(ctx.accountId, { maxItems: 1000, ...(marker && { marker }) });
    for (const r of page.items)
      if (r.permissionsBoundaryArn === arn) out.push({ kind: 'role', name: r.name, id: r.id });
    marker = page.marker;
  }
  return out;
}

async function pathOf(ctx: OperationContext, e: Entity): Promise<string | undefined> {
  const repo = e.kind === 'user' ? ctx.tx.users : e.kind === 'group' ? ctx.tx.groups : ctx.tx.roles;
  return (await repo.get(ctx.accountId, e.name))?.path;
}

const ORDER = { group: 0, user: 1, role: 2 } as const;

export const listEntitiesForPolicy = iamOperation<
  {
    PolicyArn: string;
    EntityFilter?: EntityFilter;
    PathPrefix?: string;
    PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  } & PageInput,
  {
    PolicyGroups: { GroupName: string; GroupId: string }[];
    PolicyUsers: { UserName: string; UserId: string }[];
    PolicyRoles: { RoleName: string; RoleId: string }[];
  } & PageOutput
>({
  name: 'ListEntitiesForPolicy',
  readOnly: true,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    const policy = await findPolicy(ctx, input.PolicyArn);
    if (!policy) throw noSuchPolicy(input.PolicyArn);
    let entities: Entity[] = [];
    if (input.PolicyUsageFilter !== 'PermissionsBoundary') {
      const found = await ctx.tx.attachments.listEntities(ctx.accountId, policy.arn);
      entities.push(...found.groups.map((g) => ({ kind: 'group' as const, ...g })));
      entities.push(...found.users.map((u) => ({ kind: 'user' as const, ...u })));
      entities.push(...found.roles.map((r) => ({ kind: 'role' as const, ...r })));
    }
    if (input.PolicyUsageFilter !== 'PermissionsPolicy') {
      const seen = new Set(entities.map((e) => `${e.kind}|${e.id}`));
      for (const e of await boundaryEntities(ctx, policy.arn))
        if (!seen.has(`${e.kind}|${e.id}`)) entities.push(e);
    }
    const filter = input.EntityFilter;
    if (filter === 'User' || filter === 'Role' || filter === 'Group') {
      entities = entities.filter((e) => e.kind === filter.toLowerCase());
    }
    const prefix = input.PathPrefix ?? '/';
    if (prefix !== '/') {
      const kept: Entity[] = [];
      for (const e of entities) if ((await pathOf(ctx, e))?.startsWith(prefix)) kept.push(e);
      entities = kept;
    }
    const page = pageOf(
      entities,
      (e) => `${ORDER[e.kind]}|${e.name.toLowerCase()}`,
      `entities|${policy.arn}|${filter ?? ''}|${prefix}|${input.PolicyUsageFilter ?? ''}`,
      input,
    );
    const of = (kind: Entity['kind']) => page.items.filter((e) => e.kind === kind);
    return {
      PolicyGroups: of('group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: of('user').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: of('role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      ...pageOutput(page),
    };
  },
});
