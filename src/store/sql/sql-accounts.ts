import type { Account, AccountUsage } from '../../domain/account.js';
import type { AccountId } from '../../domain/ids.js';
import type { AccountsRepo } from '../accounts-repo.js';
import { entityAlreadyExists } from '../store-errors.js';
import { dateOf, iso, type SqlContext, unique } from './context.js';

const accountFromRow = (r: {
  account_id: string;
  alias: string | null;
  created_at: string | Date;
}): Account => ({
  id: r.account_id as AccountId,
  ...(r.alias !== null && { alias: r.alias }),
  createdAt: dateOf(r.created_at),
});

export class SqlAccounts implements AccountsRepo {
  constructor(private readonly ctx: SqlContext) {}

  async get(accountId: AccountId): Promise<Account | undefined> {
    const row = await this.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && accountFromRow(row);
  }

  async getByAlias(alias: string): Promise<Account | undefined> {
    const row = await this.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('alias', '=', alias)
      .executeTakeFirst();
    return row && accountFromRow(row);
  }

  async usage(accountId: AccountId): Promise<AccountUsage> {
    const db = this.ctx.db;
    const count = async (
      table: 'users' | 'groups' | 'roles' | 'policies' | 'instance_profiles' | 'policy_versions',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('account_id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rootKeys = await db
      .selectFrom('access_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('user_id', 'is', null)
      .executeTakeFirstOrThrow();
    return {
      users: await count('users'),
      groups: await count('groups'),
      roles: await count('roles'),
      policies: await count('policies'),
      policyVersionsInUse: await count('policy_versions'),
      instanceProfiles: await count('instance_profiles'),
      accountAccessKeysPresent: Number(rootKeys.n) > 0,
    };
  }

  async generation(accountId: AccountId): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('accounts')
      .select('generation')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(row?.generation ?? 0);
  }

  async create(input: { readonly id: AccountId; readonly createdAt: Date }): Promise<Account> {
    await unique(
      this.ctx,
      () => entityAlreadyExists('account', input.id),
      () =>
        this.ctx.db
          .insertInto('accounts')
          .values({ account_id: input.id, alias: null, created_at: iso(input.createdAt), generation: 0 })
          .execute(),
    );
    return { id: input.id, createdAt: input.createdAt };
  }

  async setAlias(accountId: AccountId, alias: string): Promise<boolean> {
    const result = await unique(
      this.ctx,
      () => entityAlreadyExists('alias', alias),
      () =>
        this.ctx.db
          .updateTable('accounts')
          .set({ alias })
          .where('account_id', '=', accountId)
          .executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }

  async deleteAlias(accountId: AccountId, alias: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('accounts')
      .set({ alias: null })
      .where('account_id', '=', accountId)
      .where('alias', '=', alias)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }
}
