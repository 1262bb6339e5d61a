import type { Selectable } from 'kysely';
import { parsePolicyArn } from '../../domain/arns.js';
import type { AccountId } from '../../domain/ids.js';
import {
  type ManagedPolicy,
  type PolicyVersion,
  versionIdOf,
  versionNumberOf,
} from '../../domain/managed-policy.js';
import { nameKey } from '../../domain/names.js';
import type { Page } from '../page.js';
import type { ListPoliciesRequest, NewManagedPolicy, PoliciesRepo } from '../policies-repo.js';
import { entityAlreadyExists } from '../store-errors.js';
import { dateOf, iso, type SqlContext, unique } from './context.js';
import { deleteTagsOf } from './owners.js';
import { keysetPage, pathPrefixBounds } from './paging.js';
import { policyFromRow } from './rows.js';
import type { PoliciesTable } from './schema.js';

export class SqlPolicies implements PoliciesRepo {
  constructor(private readonly ctx: SqlContext) {}

  /** The customer policy an ARN names in this account: exact path and name, as AWS compares ARNs. */
  async #rowByArn(accountId: AccountId, arn: string): Promise<Selectable<PoliciesTable> | undefined> {
    const parts = parsePolicyArn(arn);
    if (!parts || parts.account !== accountId || parts.partition !== this.ctx.partition) return undefined;
    const row = await this.#rowByName(accountId, parts.name);
    return row && row.name === parts.name && row.path === parts.path ? row : undefined;
  }

  #rowByName(accountId: AccountId, name: string) {
    return this.ctx.db
      .selectFrom('policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
  }

  async #counts(accountId: AccountId, row: Selectable<PoliciesTable>) {
    const arn = policyFromRow(this.ctx, row, { attachments: 0, boundaries: 0 }).arn;
    const db = this.ctx.db;
    const attachments = await db
      .selectFrom('policy_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('policy_key', '=', row.id)
      .executeTakeFirstOrThrow();
    const users = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', '=', arn)
      .executeTakeFirstOrThrow();
    const roles = await db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', '=', arn)
      .executeTakeFirstOrThrow();
    return { attachments: Number(attachments.n), boundaries: Number(users.n) + Number(roles.n) };
  }

  async #entity(accountId: AccountId, row: Selectable<PoliciesTable> | undefined) {
    return row && policyFromRow(this.ctx, row, await this.#counts(accountId, row));
  }

  async get(accountId: AccountId, arn: string): Promise<ManagedPolicy | undefined> {
    return this.#entity(accountId, await this.#rowByArn(accountId, arn));
  }

  async getByName(accountId: AccountId, name: string): Promise<ManagedPolicy | undefined> {
    return this.#entity(accountId, await this.#rowByName(accountId, name));
  }

  async list(accountId: AccountId, request: ListPoliciesRequest = {}): Promise<Page<ManagedPolicy>> {
    let q = this.ctx.db.selectFrom('policies').selectAll().where('account_id', '=', accountId);
    const bounds = pathPrefixBounds(request.pathPrefix);
    if (bounds) q = q.where('path', '>=', bounds[0]).where('path', '<', bounds[1]);
    if (request.onlyAttached) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('policy_attachments as a')
            .select('a.policy_key')
            .whereRef('a.account_id', '=', 'policies.account_id')
            .whereRef('a.policy_key', '=', 'policies.id'),
        ),
      );
    }
    const scope = `policies|${accountId}|${request.pathPrefix ?? '/'}|${request.onlyAttached ? 1 : 0}`;
    const page = await keysetPage(
      this.ctx,
      scope,
      request,
      q,
      'name_lower',
      (r) => r.name_lower,
      (r) => r,
    );
    const items: ManagedPolicy[] = [];
    for (const row of page.items)
      items.push(policyFromRow(this.ctx, row, await this.#counts(accountId, row)));
    return page.marker === undefined ? { items } : { items, marker: page.marker };
  }

  async count(accountId: AccountId): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('policies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async getVersion(accountId: AccountId, arn: string, versionId: string): Promise<PolicyVersion | undefined> {
    const n = versionNumberOf(versionId);
    const policy = n === undefined ? undefined : await this.#rowByArn(accountId, arn);
    if (!policy) return undefined;
    const row = await this.ctx.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('policy_id', '=', policy.id)
      .where('version', '=', n as number)
      .executeTakeFirst();
    return row && versionFromRow(row, Number(policy.default_version));
  }

  async listVersions(accountId: AccountId, arn: string): Promise<readonly PolicyVersion[] | undefined> {
    const policy = await this.#rowByArn(accountId, arn);
    if (!policy) return undefined;
    const rows = await this.ctx.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('policy_id', '=', policy.id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => versionFromRow(r, Number(policy.default_version)));
  }

  async countVersions(accountId: AccountId, arn: string): Promise<number> {
    return (await this.listVersions(accountId, arn))?.length ?? 0;
  }

  async create(accountId: AccountId, input: NewManagedPolicy): Promise<ManagedPolicy> {
    const row = await unique(
      this.ctx,
      () => entityAlreadyExists('policy', input.name),
      () =>
        this.ctx.db
          .insertInto('policies')
          .values({
            account_id: accountId,
            id: input.id,
            name: input.name,
            name_lower: nameKey(input.name),
            path: input.path,
            create_date: iso(input.createDate),
            update_date: iso(input.createDate),
            description: input.description ?? null,
            default_version: 1,
            next_version: 2,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
    );
    await this.ctx.db
      .insertInto('policy_versions')
      .values({
        account_id: accountId,
        policy_id: input.id,
        version: 1,
        document: input.document,
        create_date: iso(input.createDate),
      })
      .execute();
    this.ctx.touch(accountId);
    return policyFromRow(this.ctx, row, { attachments: 0, boundaries: 0 });
  }

  async createVersion(
    accountId: AccountId,
    arn: string,
    input: { readonly document: string; readonly setAsDefault: boolean; readonly createDate: Date },
  ): Promise<PolicyVersion | undefined> {
    const policy = await this.#rowByArn(accountId, arn);
    if (!policy) return undefined;
    const version = Number(policy.next_version);
    await this.ctx.db
      .insertInto('policy_versions')
      .values({
        account_id: accountId,
        policy_id: policy.id,
        version,
        document: input.document,
        create_date: iso(input.createDate),
      })
      .execute();
    await this.ctx.db
      .updateTable('policies')
      .set({
        next_version: version + 1,
        update_date: iso(input.createDate),
        ...(input.setAsDefault && { default_version: version }),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', policy.id)
      .execute();
    this.ctx.touch(accountId);
    return {
      versionId: versionIdOf(version),
      document: input.document,
      isDefault: input.setAsDefault,
      createDate: input.createDate,
    };
  }

  async setDefaultVersion(
    accountId: AccountId,
    arn: string,
    versionId: string,
    updateDate: Date,
  ): Promise<boolean> {
    const version = versionNumberOf(versionId);
    const policy = version === undefined ? undefined : await this.#rowByArn(accountId, arn);
    if (!policy || version === undefined) return false;
    const exists = await this.ctx.db
      .selectFrom('policy_versions')
      .select('version')
      .where('account_id', '=', accountId)
      .where('policy_id', '=', policy.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!exists) return false;
    await this.ctx.db
      .updateTable('policies')
      .set({ default_version: version, update_date: iso(updateDate) })
      .where('account_id', '=', accountId)
      .where('id', '=', policy.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async deleteVersion(accountId: AccountId, arn: string, versionId: string): Promise<boolean> {
    const version = versionNumberOf(versionId);
    const policy = version === undefined ? undefined : await this.#rowByArn(accountId, arn);
    if (!policy || version === undefined || Number(policy.default_version) === version) return false;
    const result = await this.ctx.db
      .deleteFrom('policy_versions')
      .where('account_id', '=', accountId)
      .where('policy_id', '=', policy.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }

  async delete(accountId: AccountId, arn: string): Promise<boolean> {
    const policy = await this.#rowByArn(accountId, arn);
    if (!policy) return false;
    await deleteTagsOf(this.ctx, accountId, 'policy', policy.id);
    await this.ctx.db
      .deleteFrom('policy_versions')
      .where('account_id', '=', accountId)
      .where('policy_id', '=', policy.id)
      .execute();
    await this.ctx.db
      .deleteFrom('policies')
      .where('account_id', '=', accountId)
      .where('id', '=', policy.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }
}

function versionFromRow(
  r: { version: number; document: string; create_date: string | Date },
  defaultVersion: number,
): PolicyVersion {
  const version = Number(r.version);
  return {
    versionId: versionIdOf(version),
    document: r.document,
    isDefault: version === defaultVersion,
    createDate: dateOf(r.create_date),
  };
}
