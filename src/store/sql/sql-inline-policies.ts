import type { AccountId } from '../../domain/ids.js';
import type { InlinePolicy, PolicyOwner } from '../../domain/inline-policy.js';
import type { InlinePoliciesRepo } from '../inline-policies-repo.js';
import type { SqlContext } from './context.js';
import { ownerId } from './owners.js';

export class SqlInlinePolicies implements InlinePoliciesRepo {
  constructor(private readonly ctx: SqlContext) {}

  #rows(accountId: AccountId, owner: PolicyOwner, id: string) {
    return this.ctx.db
      .selectFrom('inline_policies')
      .select(['name', 'document'])
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', id);
  }

  async get(accountId: AccountId, owner: PolicyOwner, policyName: string): Promise<InlinePolicy | undefined> {
    const id = await ownerId(this.ctx, accountId, owner);
    if (id === undefined) return undefined;
    const row = await this.#rows(accountId, owner, id).where('name', '=', policyName).executeTakeFirst();
    return row && { accountId, owner, name: row.name, document: row.document };
  }

  async listNames(accountId: AccountId, owner: PolicyOwner): Promise<readonly string[] | undefined> {
    return (await this.list(accountId, owner))?.map((p) => p.name);
  }

  async list(accountId: AccountId, owner: PolicyOwner): Promise<readonly InlinePolicy[] | undefined> {
    const id = await ownerId(this.ctx, accountId, owner);
    if (id === undefined) return undefined;
    const rows = await this.#rows(accountId, owner, id).orderBy('name').execute();
    return rows.map((r) => ({ accountId, owner, name: r.name, document: r.document }));
  }

  async put(
    accountId: AccountId,
    owner: PolicyOwner,
    policyName: string,
    document: string,
  ): Promise<boolean> {
    const id = await ownerId(this.ctx, accountId, owner);
    if (id === undefined) return false;
    await this.ctx.db
      .insertInto('inline_policies')
      .values({ account_id: accountId, owner_kind: owner.kind, owner_id: id, name: policyName, document })
      .onConflict((oc) =>
        oc.columns(['account_id', 'owner_kind', 'owner_id', 'name']).doUpdateSet({ document }),
      )
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async delete(accountId: AccountId, owner: PolicyOwner, policyName: string): Promise<boolean> {
    const id = await ownerId(this.ctx, accountId, owner);
    if (id === undefined) return false;
    const result = await this.ctx.db
      .deleteFrom('inline_policies')
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', id)
      .where('name', '=', policyName)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }
}
