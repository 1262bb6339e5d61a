import type { Selectable } from 'kysely';
import type { AccountId, InstanceProfileId } from '../../domain/ids.js';
import type { InstanceProfile } from '../../domain/instance-profile.js';
import { nameKey } from '../../domain/names.js';
import type { Role } from '../../domain/role.js';
import type { InstanceProfilesRepo, NewInstanceProfile } from '../instance-profiles-repo.js';
import type { Page, PathPrefixRequest } from '../page.js';
import { entityAlreadyExists } from '../store-errors.js';
import { dateOf, iso, type SqlContext, unique } from './context.js';
import { deleteTagsOf } from './owners.js';
import { keysetPage, pathPrefixBounds } from './paging.js';
import { instanceProfileArnOf, roleFromRow } from './rows.js';
import type { InstanceProfilesTable } from './schema.js';

export class SqlInstanceProfiles implements InstanceProfilesRepo {
  constructor(private readonly ctx: SqlContext) {}

  #row(accountId: AccountId, name: string) {
    return this.ctx.db
      .selectFrom('instance_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
  }

  #roleRow(accountId: AccountId, name: string) {
    return this.ctx.db
      .selectFrom('roles')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
  }

  /** Profiles with their roles, the roles read in one query. */
  async #withRoles(
    accountId: AccountId,
    rows: readonly Selectable<InstanceProfilesTable>[],
  ): Promise<InstanceProfile[]> {
    if (rows.length === 0) return [];
    const roleRows = await this.ctx.db
      .selectFrom('instance_profile_roles as p')
      .innerJoin('roles as r', (j) =>
        j.onRef('r.account_id', '=', 'p.account_id').onRef('r.id', '=', 'p.role_id'),
      )
      .selectAll('r')
      .select('p.instance_profile_id')
      .where('p.account_id', '=', accountId)
      .where(
        'p.instance_profile_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('r.name_lower')
      .execute();
    const roles = new Map<string, Role[]>();
    for (const r of roleRows) {
      const list = roles.get(r.instance_profile_id) ?? [];
      list.push(roleFromRow(this.ctx, r));
      roles.set(r.instance_profile_id, list);
    }
    return rows.map((r) => ({
      accountId,
      id: r.id as InstanceProfileId,
      name: r.name,
      path: r.path,
      arn: instanceProfileArnOf(this.ctx, r.account_id, r.path, r.name),
      createDate: dateOf(r.create_date),
      roles: roles.get(r.id) ?? [],
    }));
  }

  async get(accountId: AccountId, name: string): Promise<InstanceProfile | undefined> {
    const row = await this.#row(accountId, name);
    return row && (await this.#withRoles(accountId, [row]))[0];
  }

  async list(accountId: AccountId, request: PathPrefixRequest = {}): Promise<Page<InstanceProfile>> {
    let q = this.ctx.db.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId);
    const bounds = pathPrefixBounds(request.pathPrefix);
    if (bounds) q = q.where('path', '>=', bounds[0]).where('path', '<', bounds[1]);
    const scope = `instance-profiles|${accountId}|${request.pathPrefix ?? '/'}`;
    const page = await keysetPage(
      this.ctx,
      scope,
      request,
      q,
      'name_lower',
      (r) => r.name_lower,
      (r) => r,
    );
    const items = await this.#withRoles(accountId, page.items);
    return page.marker === undefined ? { items } : { items, marker: page.marker };
  }

  async listForRole(accountId: AccountId, roleName: string): Promise<readonly InstanceProfile[] | undefined> {
    const role = await this.#roleRow(accountId, roleName);
    if (!role) return undefined;
    const rows = await this.ctx.db
      .selectFrom('instance_profile_roles as p')
      .innerJoin('instance_profiles as i', (j) =>
        j.onRef('i.account_id', '=', 'p.account_id').onRef('i.id', '=', 'p.instance_profile_id'),
      )
      .selectAll('i')
      .where('p.account_id', '=', accountId)
      .where('p.role_id', '=', role.id)
      .orderBy('i.name_lower')
      .execute();
    return this.#withRoles(accountId, rows);
  }

  async count(accountId: AccountId): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('instance_profiles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(accountId: AccountId, input: NewInstanceProfile): Promise<InstanceProfile> {
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('instanceProfile', input.name),
      () =>
        this.ctx.db
          .insertInto('instance_profiles')
          .values({
            account_id: accountId,
            id: input.id,
            name: input.name,
            name_lower: nameKey(input.name),
            path: input.path,
            create_date: iso(input.createDate),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
    );
    this.ctx.touch(accountId);
    return (await this.#withRoles(accountId, [row]))[0] as InstanceProfile;
  }

  async addRole(
    accountId: AccountId,
    profileName: string,
    roleName: string,
  ): Promise<'added' | 'no-profile' | 'no-role'> {
    const profile = await this.#row(accountId, profileName);
    if (!profile) return 'no-profile';
    const role = await this.#roleRow(accountId, roleName);
    if (!role) return 'no-role';
    await this.ctx.db
      .insertInto('instance_profile_roles')
      .values({ account_id: accountId, instance_profile_id: profile.id, role_id: role.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    this.ctx.touch(accountId);
    return 'added';
  }

  async removeRole(accountId: AccountId, profileName: string, roleName: string): Promise<boolean> {
    const profile = await this.#row(accountId, profileName);
    const role = await this.#roleRow(accountId, roleName);
    if (!profile || !role) return false;
    const result = await this.ctx.db
      .deleteFrom('instance_profile_roles')
      .where('account_id', '=', accountId)
      .where('instance_profile_id', '=', profile.id)
      .where('role_id', '=', role.id)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }

  async delete(accountId: AccountId, name: string): Promise<boolean> {
    const row = await this.#row(accountId, name);
    if (!row) return false;
    await deleteTagsOf(this.ctx, accountId, 'instance-profile', row.id);
    await this.ctx.db
      .deleteFrom('instance_profiles')
      .where('account_id', '=', accountId)
      .where('id', '=', row.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }
}
