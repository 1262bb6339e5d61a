import type { Selectable } from 'kysely';
import type { AccountId } from '../../domain/ids.js';
import { nameKey } from '../../domain/names.js';
import { MAX_PASSWORD_REUSE_PREVENTION } from '../../domain/password-policy.js';
import type { LoginProfile, LoginProfilesRepo, NewPassword } from '../login-profiles-repo.js';
import { dateOf, iso, type SqlContext } from './context.js';
import type { LoginProfilesTable } from './schema.js';

/** The owner key of the root user's password (user ids start with AIDA). */
export const ROOT_OWNER = 'root';

function profileFromRow(r: Selectable<LoginProfilesTable>, userName: string | undefined): LoginProfile {
  return {
    accountId: r.account_id as AccountId,
    ...(userName !== undefined && { userName }),
    createDate: dateOf(r.create_date),
    passwordHash: r.password_hash,
    passwordChangedAt: dateOf(r.password_changed_at),
    passwordResetRequired: r.reset_required === 1,
    ...(r.last_used !== null && { passwordLastUsed: dateOf(r.last_used) }),
  };
}

export class SqlLoginProfiles implements LoginProfilesRepo {
  constructor(private readonly ctx: SqlContext) {}

  /** The owner key and stored spelling of the user; undefined when the named user does not exist. */
  async #owner(
    accountId: AccountId,
    userName: string | undefined,
  ): Promise<{ owner: string; name: string | undefined } | undefined> {
    if (userName === undefined) return { owner: ROOT_OWNER, name: undefined };
    const row = await this.ctx.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(userName))
      .executeTakeFirst();
    return row && { owner: row.id, name: row.name };
  }

  async #row(accountId: AccountId, owner: string) {
    return this.ctx.db
      .selectFrom('login_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('owner', '=', owner)
      .executeTakeFirst();
  }

  async get(accountId: AccountId, userName: string | undefined): Promise<LoginProfile | undefined> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined) return undefined;
    const row = await this.#row(accountId, who.owner);
    return row && profileFromRow(row, who.name);
  }

  async recentHashes(
    accountId: AccountId,
    userName: string | undefined,
    limit: number,
  ): Promise<readonly string[]> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined || limit <= 0) return [];
    const current = await this.#row(accountId, who.owner);
    if (current === undefined) return [];
    const previous = await this.ctx.db
      .selectFrom('password_history')
      .select('password_hash')
      .where('account_id', '=', accountId)
      .where('owner', '=', who.owner)
      .orderBy('seq', 'desc')
      .limit(limit - 1)
      .execute();
    return [current.password_hash, ...previous.map((r) => r.password_hash)];
  }

  async create(
    accountId: AccountId,
    userName: string,
    password: NewPassword,
  ): Promise<LoginProfile | 'no-user' | 'exists'> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined) return 'no-user';
    if ((await this.#row(accountId, who.owner)) !== undefined) return 'exists';
    await this.ctx.db
      .insertInto('login_profiles')
      .values({
        account_id: accountId,
        owner: who.owner,
        password_hash: password.passwordHash,
        create_date: iso(password.at),
        password_changed_at: iso(password.at),
        reset_required: password.passwordResetRequired ? 1 : 0,
        last_used: null,
      })
      .execute();
    this.ctx.touch(accountId);
    const row = await this.#row(accountId, who.owner);
    return profileFromRow(row!, who.name);
  }

  async setPassword(
    accountId: AccountId,
    userName: string | undefined,
    password: NewPassword,
    options: { readonly createRoot?: boolean } = {},
  ): Promise<boolean> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined) return false;
    const row = await this.#row(accountId, who.owner);
    if (row === undefined) {
      if (!(userName === undefined && options.createRoot)) return false;
      await this.ctx.db
        .insertInto('login_profiles')
        .values({
          account_id: accountId,
          owner: who.owner,
          password_hash: password.passwordHash,
          create_date: iso(password.at),
          password_changed_at: iso(password.at),
          reset_required: password.passwordResetRequired ? 1 : 0,
          last_used: null,
        })
        .execute();
      this.ctx.touch(accountId);
      return true;
    }
    await this.#remember(accountId, who.owner, row.password_hash);
    await this.ctx.db
      .updateTable('login_profiles')
      .set({
        password_hash: password.passwordHash,
        password_changed_at: iso(password.at),
        ...(password.passwordResetRequired !== undefined && {
          reset_required: password.passwordResetRequired ? 1 : 0,
        }),
      })
      .where('account_id', '=', accountId)
      .where('owner', '=', who.owner)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  /** Adds the outgoing hash to the history and keeps the newest 24 (the most a policy asks for). */
  async #remember(accountId: AccountId, owner: string, hash: string): Promise<void> {
    const db = this.ctx.db;
    const top = await db
      .selectFrom('password_history')
      .select((eb) => eb.fn.max<number | null>('seq').as('seq'))
      .where('account_id', '=', accountId)
      .where('owner', '=', owner)
      .executeTakeFirst();
    const seq = Number(top?.seq ?? 0) + 1;
    await db
      .insertInto('password_history')
      .values({ account_id: accountId, owner, seq, password_hash: hash })
      .execute();
    await db
      .deleteFrom('password_history')
      .where('account_id', '=', accountId)
      .where('owner', '=', owner)
      .where('seq', '<=', seq - MAX_PASSWORD_REUSE_PREVENTION)
      .execute();
  }

  async setResetRequired(accountId: AccountId, userName: string, required: boolean): Promise<boolean> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined) return false;
    const result = await this.ctx.db
      .updateTable('login_profiles')
      .set({ reset_required: required ? 1 : 0 })
      .where('account_id', '=', accountId)
      .where('owner', '=', who.owner)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }

  async delete(accountId: AccountId, userName: string | undefined): Promise<boolean> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined) return false;
    const result = await this.ctx.db
      .deleteFrom('login_profiles')
      .where('account_id', '=', accountId)
      .where('owner', '=', who.owner)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    await this.ctx.db
      .deleteFrom('password_history')
      .where('account_id', '=', accountId)
      .where('owner', '=', who.owner)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async recordSignIn(accountId: AccountId, userName: string | undefined, at: Date): Promise<void> {
    const who = await this.#owner(accountId, userName);
    if (who === undefined) return;
    await this.ctx.db
      .updateTable('login_profiles')
      .set({ last_used: iso(at) })
      .where('account_id', '=', accountId)
      .where('owner', '=', who.owner)
      .execute();
    if (who.owner !== ROOT_OWNER) {
      await this.ctx.db
        .updateTable('users')
        .set({ password_last_used: iso(at) })
        .where('account_id', '=', accountId)
        .where('id', '=', who.owner)
        .execute();
    }
  }
}
