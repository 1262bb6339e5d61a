import type { AccountId, UserId } from '../../domain/ids.js';
import { nameKey } from '../../domain/names.js';
import type { User } from '../../domain/user.js';
import type { Page, PathPrefixRequest } from '../page.js';
import { entityAlreadyExists } from '../store-errors.js';
import type { NewUser, UserDependents, UsersRepo } from '../users-repo.js';
import { CompiledRead, iso, type SqlContext, unique } from './context.js';
import { countOwned, deleteTagsOf } from './owners.js';
import { keysetPage, pathPrefixBounds } from './paging.js';
import { userFromRow } from './rows.js';

/** GetUser's row (and every by-name lookup): on the request path, compiled once. */
const USER_BY_NAME = new CompiledRead(['', ''] as [string, string], (db, accountId, nameLower) =>
  db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('name_lower', '=', nameLower),
);

export class SqlUsers implements UsersRepo {
  constructor(private readonly ctx: SqlContext) {}

  async #row(accountId: AccountId, name: string) {
    return (await USER_BY_NAME.execute(this.ctx, accountId, nameKey(name)))[0];
  }

  async get(accountId: AccountId, name: string): Promise<User | undefined> {
    const row = await this.#row(accountId, name);
    return row && userFromRow(this.ctx, row);
  }

  async getById(accountId: AccountId, id: UserId): Promise<User | undefined> {
    const row = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && userFromRow(this.ctx, row);
  }

  list(accountId: AccountId, request: PathPrefixRequest = {}): Promise<Page<User>> {
    let q = this.ctx.db.selectFrom('users').selectAll().where('account_id', '=', accountId);
    const bounds = pathPrefixBounds(request.pathPrefix);
    if (bounds) q = q.where('path', '>=', bounds[0]).where('path', '<', bounds[1]);
    const scope = `users|${accountId}|${request.pathPrefix ?? '/'}`;
    return keysetPage(
      this.ctx,
      scope,
      request,
      q,
      'name_lower',
      (r) => r.name_lower,
      (r) => userFromRow(this.ctx, r),
    );
  }

  async count(accountId: AccountId): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async dependents(accountId: AccountId, name: string): Promise<UserDependents | undefined> {
    const row = await this.#row(accountId, name);
    if (!row) return undefined;
    const db = this.ctx.db;
    const [keys, groups, profiles, mfa] = await Promise.all([
      db
        .selectFrom('access_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('user_id', '=', row.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('user_id', '=', row.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('login_profiles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('owner', '=', row.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('mfa_devices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('user_id', '=', row.id)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      accessKeys: Number(keys.n),
      groups: Number(groups.n),
      loginProfile: Number(profiles.n),
      mfaDevices: Number(mfa.n),
      inlinePolicies: await countOwned(this.ctx, 'inline_policies', accountId, 'user', row.id),
      attachedPolicies: await countOwned(this.ctx, 'policy_attachments', accountId, 'user', row.id),
    };
  }

  async create(accountId: AccountId, input: NewUser): Promise<User> {
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('user', input.name),
      () =>
        this.ctx.db
          .insertInto('users')
          .values({
            account_id: accountId,
            id: input.id,
            name: input.name,
            name_lower: nameKey(input.name),
            path: input.path,
            create_date: iso(input.createDate),
            permissions_boundary_arn: input.permissionsBoundaryArn ?? null,
            password_last_used: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
    );
    this.ctx.touch(accountId);
    return userFromRow(this.ctx, row);
  }

  async update(
    accountId: AccountId,
    name: string,
    changes: { readonly newName?: string; readonly newPath?: string },
  ): Promise<User | undefined> {
    const current = await this.#row(accountId, name);
    if (!current) return undefined;
    const newName = changes.newName ?? current.name;
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('user', newName),
      () =>
        this.ctx.db
          .updateTable('users')
          .set({ name: newName, name_lower: nameKey(newName), path: changes.newPath ?? current.path })
          .where('account_id', '=', accountId)
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow(),
    );
    this.ctx.touch(accountId);
    return userFromRow(this.ctx, row);
  }

  async setPermissionsBoundary(
    accountId: AccountId,
    name: string,
    arn: string | undefined,
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('users')
      .set({ permissions_boundary_arn: arn ?? null })
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }

  async delete(accountId: AccountId, name: string): Promise<boolean> {
    const row = await this.#row(accountId, name);
    if (!row) return false;
    await deleteTagsOf(this.ctx, accountId, 'user', row.id);
    await this.ctx.db
      .deleteFrom('users')
      .where('account_id', '=', accountId)
      .where('id', '=', row.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }
}
