import type { Group } from '../../domain/group.js';
import type { AccountId, GroupId } from '../../domain/ids.js';
import { nameKey } from '../../domain/names.js';
import type { User } from '../../domain/user.js';
import type { GroupDependents, GroupsRepo, NewGroup } from '../groups-repo.js';
import type { Page, PageRequest, PathPrefixRequest } from '../page.js';
import { entityAlreadyExists } from '../store-errors.js';
import { iso, type SqlContext, unique } from './context.js';
import { countOwned } from './owners.js';
import { keysetPage, pathPrefixBounds } from './paging.js';
import { groupFromRow, userFromRow } from './rows.js';

export class SqlGroups implements GroupsRepo {
  constructor(private readonly ctx: SqlContext) {}

  #row(accountId: AccountId, name: string) {
    return this.ctx.db
      .selectFrom('groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
  }

  #userId(accountId: AccountId, name: string) {
    return this.ctx.db
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
  }

  async get(accountId: AccountId, name: string): Promise<Group | undefined> {
    const row = await this.#row(accountId, name);
    return row && groupFromRow(this.ctx, row);
  }

  async getById(accountId: AccountId, id: GroupId): Promise<Group | undefined> {
    const row = await this.ctx.db
      .selectFrom('groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && groupFromRow(this.ctx, row);
  }

  list(accountId: AccountId, request: PathPrefixRequest = {}): Promise<Page<Group>> {
    let q = this.ctx.db.selectFrom('groups').selectAll().where('account_id', '=', accountId);
    const bounds = pathPrefixBounds(request.pathPrefix);
    if (bounds) q = q.where('path', '>=', bounds[0]).where('path', '<', bounds[1]);
    const scope = `groups|${accountId}|${request.pathPrefix ?? '/'}`;
    return keysetPage(
      this.ctx,
      scope,
      request,
      q,
      'name_lower',
      (r) => r.name_lower,
      (r) => groupFromRow(this.ctx, r),
    );
  }

  async count(accountId: AccountId): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async dependents(accountId: AccountId, name: string): Promise<GroupDependents | undefined> {
    const row = await this.#row(accountId, name);
    if (!row) return undefined;
    const members = await this.ctx.db
      .selectFrom('group_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('group_id', '=', row.id)
      .executeTakeFirstOrThrow();
    return {
      members: Number(members.n),
      inlinePolicies: await countOwned(this.ctx, 'inline_policies', accountId, 'group', row.id),
      attachedPolicies: await countOwned(this.ctx, 'policy_attachments', accountId, 'group', row.id),
    };
  }

  async listMembers(
    accountId: AccountId,
    groupName: string,
    request: PageRequest = {},
  ): Promise<Page<User> | undefined> {
    const group = await this.#row(accountId, groupName);
    if (!group) return undefined;
    const q = this.ctx.db
      .selectFrom('group_members as m')
      .innerJoin('users as u', (j) =>
        j.onRef('u.account_id', '=', 'm.account_id').onRef('u.id', '=', 'm.user_id'),
      )
      .selectAll('u')
      .where('m.account_id', '=', accountId)
      .where('m.group_id', '=', group.id);
    const scope = `members|${accountId}|${group.id}`;
    return keysetPage(
      this.ctx,
      scope,
      request,
      q,
      'u.name_lower',
      (r) => r.name_lower,
      (r) => userFromRow(this.ctx, r),
    );
  }

  async listForUser(accountId: AccountId, userName: string): Promise<readonly Group[] | undefined> {
    const user = await this.#userId(accountId, userName);
    if (!user) return undefined;
    const rows = await this.ctx.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (j) =>
        j.onRef('g.account_id', '=', 'm.account_id').onRef('g.id', '=', 'm.group_id'),
      )
      .selectAll('g')
      .where('m.account_id', '=', accountId)
      .where('m.user_id', '=', user.id)
      .orderBy('g.name_lower')
      .execute();
    return rows.map((r) => groupFromRow(this.ctx, r));
  }

  async create(accountId: AccountId, input: NewGroup): Promise<Group> {
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('group', input.name),
      () =>
        this.ctx.db
          .insertInto('groups')
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
    return groupFromRow(this.ctx, row);
  }

  async update(
    accountId: AccountId,
    name: string,
    changes: { readonly newName?: string; readonly newPath?: string },
  ): Promise<Group | undefined> {
    const current = await this.#row(accountId, name);
    if (!current) return undefined;
    const newName = changes.newName ?? current.name;
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('group', newName),
      () =>
        this.ctx.db
          .updateTable('groups')
          .set({ name: newName, name_lower: nameKey(newName), path: changes.newPath ?? current.path })
          .where('account_id', '=', accountId)
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow(),
    );
    this.ctx.touch(accountId);
    return groupFromRow(this.ctx, row);
  }

  async delete(accountId: AccountId, name: string): Promise<boolean> {
    const row = await this.#row(accountId, name);
    if (!row) return false;
    await this.ctx.db
      .deleteFrom('groups')
      .where('account_id', '=', accountId)
      .where('id', '=', row.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async addMember(
    accountId: AccountId,
    groupName: string,
    userName: string,
  ): Promise<'added' | 'no-group' | 'no-user'> {
    const group = await this.#row(accountId, groupName);
    if (!group) return 'no-group';
    const user = await this.#userId(accountId, userName);
    if (!user) return 'no-user';
    await this.ctx.db
      .insertInto('group_members')
      .values({ account_id: accountId, group_id: group.id, user_id: user.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    this.ctx.touch(accountId);
    return 'added';
  }

  async removeMember(accountId: AccountId, groupName: string, userName: string): Promise<boolean> {
    const group = await this.#row(accountId, groupName);
    const user = await this.#userId(accountId, userName);
    if (!group || !user) return false;
    const result = await this.ctx.db
      .deleteFrom('group_members')
      .where('account_id', '=', accountId)
      .where('group_id', '=', group.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }
}
