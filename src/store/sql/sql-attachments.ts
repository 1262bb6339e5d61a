import { awsManagedPolicyArn, parsePolicyArn, policyArn } from '../../domain/arns.js';
import type { Attachment, PolicyEntities } from '../../domain/attachment.js';
import { AWS_MANAGED_ACCOUNT, type AccountId } from '../../domain/ids.js';
import type { PolicyOwner, PolicyOwnerKind } from '../../domain/inline-policy.js';
import { nameKey } from '../../domain/names.js';
import type { AttachmentsRepo } from '../attachments-repo.js';
import type { SqlContext } from './context.js';
import { OWNER_TABLE, ownerId } from './owners.js';

interface ResolvedPolicy {
  readonly key: string;
  readonly policyId: string | null;
  readonly name: string;
  readonly path: string;
}

const AWS_KEY_PREFIX = 'aws:';

export class SqlAttachments implements AttachmentsRepo {
  constructor(private readonly ctx: SqlContext) {}

  /** A customer policy of this account, or an AWS-managed policy the catalog knows. */
  async #resolve(accountId: AccountId, arn: string): Promise<ResolvedPolicy | undefined> {
    const parts = parsePolicyArn(arn);
    if (!parts || parts.partition !== this.ctx.partition) return undefined;
    if (parts.account === AWS_MANAGED_ACCOUNT) {
      if (!this.ctx.catalog.get(arn)) return undefined;
      return {
        key: AWS_KEY_PREFIX + parts.path + parts.name,
        policyId: null,
        name: parts.name,
        path: parts.path,
      };
    }
    if (parts.account !== accountId) return undefined;
    const row = await this.ctx.db
      .selectFrom('policies')
      .select(['id', 'name', 'path'])
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(parts.name))
      .executeTakeFirst();
    if (!row || row.name !== parts.name || row.path !== parts.path) return undefined;
    return { key: row.id, policyId: row.id, name: row.name, path: row.path };
  }

  /** The stored key of an ARN without consulting the catalog (reads must work for any stored row). */
  async #keyOf(accountId: AccountId, arn: string): Promise<string | undefined> {
    const parts = parsePolicyArn(arn);
    if (parts?.account === AWS_MANAGED_ACCOUNT && parts.partition === this.ctx.partition) {
      return AWS_KEY_PREFIX + parts.path + parts.name;
    }
    return (await this.#resolve(accountId, arn))?.key;
  }

  #arnOf(accountId: AccountId, row: { policy_id: string | null; policy_path: string; policy_name: string }) {
    return row.policy_id === null
      ? awsManagedPolicyArn(row.policy_path, row.policy_name, this.ctx.partition)
      : policyArn(accountId, row.policy_path, row.policy_name, this.ctx.partition);
  }

  async list(accountId: AccountId, owner: PolicyOwner): Promise<readonly Attachment[] | undefined> {
    const id = await ownerId(this.ctx, accountId, owner);
    if (id === undefined) return undefined;
    const rows = await this.ctx.db
      .selectFrom('policy_attachments')
      .select(['policy_id', 'policy_name', 'policy_path'])
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', id)
      .orderBy('policy_name')
      .execute();
    return rows.map((r) => ({
      accountId,
      owner,
      policyArn: this.#arnOf(accountId, r),
      policyName: r.policy_name,
    }));
  }

  async listEntities(accountId: AccountId, policyArn: string): Promise<PolicyEntities> {
    const key = await this.#keyOf(accountId, policyArn);
    if (key === undefined) return { users: [], groups: [], roles: [] };
    const of = async (kind: PolicyOwnerKind) => {
      const rows = await this.ctx.db
        .selectFrom('policy_attachments as a')
        // The three owner tables share (account_id, id, name, name_lower); type the join as users.
        .innerJoin(`${OWNER_TABLE[kind]} as o` as 'users as o', (j) =>
          j.onRef('o.account_id', '=', 'a.account_id').onRef('o.id', '=', 'a.owner_id'),
        )
        .select(['o.name', 'o.id'])
        .where('a.account_id', '=', accountId)
        .where('a.owner_kind', '=', kind)
        .where('a.policy_key', '=', key)
        .orderBy('o.name_lower')
        .execute();
      return rows.map((r) => ({ name: r.name, id: r.id }));
    };
    return { users: await of('user'), groups: await of('group'), roles: await of('role') };
  }

  async countForPolicy(accountId: AccountId, policyArn: string): Promise<number> {
    const key = await this.#keyOf(accountId, policyArn);
    if (key === undefined) return 0;
    const row = await this.ctx.db
      .selectFrom('policy_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('policy_key', '=', key)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async attach(
    accountId: AccountId,
    owner: PolicyOwner,
    policyArn: string,
  ): Promise<'attached' | 'no-owner' | 'no-policy'> {
    const id = await ownerId(this.ctx, accountId, owner);
    if (id === undefined) return 'no-owner';
    const policy = await this.#resolve(accountId, policyArn);
    if (!policy) return 'no-policy';
    await this.ctx.db
      .insertInto('policy_attachments')
      .values({
        account_id: accountId,
        owner_kind: owner.kind,
        owner_id: id,
        policy_key: policy.key,
        policy_id: policy.policyId,
        policy_name: policy.name,
        policy_path: policy.path,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    this.ctx.touch(accountId);
    return 'attached';
  }

  async detach(accountId: AccountId, owner: PolicyOwner, policyArn: string): Promise<boolean> {
    const id = await ownerId(this.ctx, accountId, owner);
    const key = id === undefined ? undefined : await this.#keyOf(accountId, policyArn);
    if (id === undefined || key === undefined) return false;
    const result = await this.ctx.db
      .deleteFrom('policy_attachments')
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', id)
      .where('policy_key', '=', key)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }
}
