import type { AccountId } from '../../domain/ids.js';
import type { PolicyOwner, PolicyOwnerKind } from '../../domain/inline-policy.js';
import { nameKey } from '../../domain/names.js';
import type { SqlContext } from './context.js';

export const OWNER_TABLE = { user: 'users', group: 'groups', role: 'roles' } as const satisfies Record<
  PolicyOwnerKind,
  string
>;

/** The owner's unique id, looked up case-insensitively by name in the account. */
export async function ownerId(
  ctx: SqlContext,
  accountId: AccountId,
  owner: PolicyOwner,
): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom(OWNER_TABLE[owner.kind])
    .select('id')
    .where('account_id', '=', accountId)
    .where('name_lower', '=', nameKey(owner.name))
    .executeTakeFirst();
  return row?.id;
}

/** Rows keyed by (owner_kind, owner_id) that an owner's delete must take with it. */
export async function deleteTagsOf(ctx: SqlContext, accountId: AccountId, kind: string, entityId: string) {
  await ctx.db
    .deleteFrom('tags')
    .where('account_id', '=', accountId)
    .where('entity_kind', '=', kind)
    .where('entity_id', '=', entityId)
    .execute();
}

export async function countOwned(
  ctx: SqlContext,
  table: 'inline_policies' | 'policy_attachments',
  accountId: AccountId,
  kind: PolicyOwnerKind,
  id: string,
): Promise<number> {
  const row = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('owner_kind', '=', kind)
    .where('owner_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
