import type { AccountId, RoleId } from '../../domain/ids.js';
import { nameKey } from '../../domain/names.js';
import type { Role } from '../../domain/role.js';
import type { Page, PathPrefixRequest } from '../page.js';
import type { NewRole, RoleDependents, RolesRepo } from '../roles-repo.js';
import { entityAlreadyExists } from '../store-errors.js';
import { iso, type SqlContext, unique } from './context.js';
import { countOwned, deleteTagsOf } from './owners.js';
import { keysetPage, pathPrefixBounds } from './paging.js';
import { roleFromRow } from './rows.js';

export class SqlRoles implements RolesRepo {
  constructor(private readonly ctx: SqlContext) {}

  #row(accountId: AccountId, name: string) {
    return this.ctx.db
      .selectFrom('roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
  }

  async get(accountId: AccountId, name: string): Promise<Role | undefined> {
    const row = await this.#row(accountId, name);
    return row && roleFromRow(this.ctx, row);
  }

  async getById(accountId: AccountId, id: RoleId): Promise<Role | undefined> {
    const row = await this.ctx.db
      .selectFrom('roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && roleFromRow(this.ctx, row);
  }

  list(accountId: AccountId, request: PathPrefixRequest = {}): Promise<Page<Role>> {
    let q = this.ctx.db.selectFrom('roles').selectAll().where('account_id', '=', accountId);
    const bounds = pathPrefixBounds(request.pathPrefix);
    if (bounds) q = q.where('path', '>=', bounds[0]).where('path', '<', bounds[1]);
    const scope = `roles|${accountId}|${request.pathPrefix ?? '/'}`;
    return keysetPage(
      this.ctx,
      scope,
      request,
      q,
      'name_lower',
      (r) => r.name_lower,
      (r) => roleFromRow(this.ctx, r),
    );
  }

  async count(accountId: AccountId): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async dependents(accountId: AccountId, name: string): Promise<RoleDependents | undefined> {
    const row = await this.#row(accountId, name);
    if (!row) return undefined;
    const profiles = await this.ctx.db
      .selectFrom('instance_profile_roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('role_id', '=', row.id)
      .executeTakeFirstOrThrow();
    return {
      instanceProfiles: Number(profiles.n),
      inlinePolicies: await countOwned(this.ctx, 'inline_policies', accountId, 'role', row.id),
      attachedPolicies: await countOwned(this.ctx, 'policy_attachments', accountId, 'role', row.id),
    };
  }

  async create(accountId: AccountId, input: NewRole): Promise<Role> {
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('role', input.name),
      () =>
        this.ctx.db
          .insertInto('roles')
          .values({
            account_id: accountId,
            id: input.id,
            name: input.name,
            name_lower: nameKey(input.name),
            path: input.path,
            create_date: iso(input.createDate),
            assume_role_policy: input.assumeRolePolicyDocument,
            description: input.description ?? null,
            max_session_duration: input.maxSessionDuration,
            permissions_boundary_arn: input.permissionsBoundaryArn ?? null,
            last_used_date: null,
            last_used_region: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
    );
    this.ctx.touch(accountId);
    return roleFromRow(this.ctx, row);
  }

  async update(
    accountId: AccountId,
    name: string,
    changes: { readonly description?: string; readonly maxSessionDuration?: number },
  ): Promise<Role | undefined> {
    const current = await this.#row(accountId, name);
    if (!current) return undefined;
    const row = await this.ctx.db
      .updateTable('roles')
      .set({
        description: changes.description ?? current.description,
        max_session_duration: changes.maxSessionDuration ?? current.max_session_duration,
      })
      .where('account_id', '=', accountId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    this.ctx.touch(accountId);
    return roleFromRow(this.ctx, row);
  }

  async #set(
    accountId: AccountId,
    name: string,
    values: { assume_role_policy?: string; permissions_boundary_arn?: string | null },
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('roles')
      .set(values)
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async updateAssumeRolePolicy(accountId: AccountId, name: string, document: string): Promise<boolean> {
    const done = await this.#set(accountId, name, { assume_role_policy: document });
    if (done) this.ctx.touch(accountId);
    return done;
  }

  async setPermissionsBoundary(
    accountId: AccountId,
    name: string,
    arn: string | undefined,
  ): Promise<boolean> {
    const done = await this.#set(accountId, name, { permissions_boundary_arn: arn ?? null });
    if (done) this.ctx.touch(accountId);
    return done;
  }

  async recordLastUsed(
    accountId: AccountId,
    name: string,
    lastUsed: { readonly date: Date; readonly region?: string },
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('roles')
      .set({ last_used_date: iso(lastUsed.date), last_used_region: lastUsed.region ?? null })
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(accountId: AccountId, name: string): Promise<boolean> {
    const row = await this.#row(accountId, name);
    if (!row) return false;
    await deleteTagsOf(this.ctx, accountId, 'role', row.id);
    await this.ctx.db
      .deleteFrom('roles')
      .where('account_id', '=', accountId)
      .where('id', '=', row.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }
}
