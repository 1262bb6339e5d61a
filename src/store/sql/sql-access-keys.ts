import type { Selectable } from 'kysely';
import type { AccessKey, AccessKeyLastUsed, AccessKeyStatus } from '../../domain/access-key.js';
import type { AccessKeyId, AccountId } from '../../domain/ids.js';
import { nameKey } from '../../domain/names.js';
import type { AccessKeysRepo, NewAccessKey } from '../access-keys-repo.js';
import { dateOf, iso, type SqlContext } from './context.js';
import type { AccessKeysTable } from './schema.js';

type Row = Selectable<AccessKeysTable> & { user_name: string | null };

function keyFromRow(r: Row): AccessKey {
  return {
    accountId: r.account_id as AccountId,
    accessKeyId: r.access_key_id as AccessKeyId,
    ...(r.user_name !== null && { userName: r.user_name }),
    status: r.status as AccessKeyStatus,
    createDate: dateOf(r.create_date),
    secretCiphertext: Buffer.from(r.secret_ciphertext),
    ...(r.last_used_date !== null && {
      lastUsed: {
        lastUsedDate: dateOf(r.last_used_date),
        serviceName: r.last_used_service ?? 'N/A',
        region: r.last_used_region ?? 'N/A',
      },
    }),
  };
}

export class SqlAccessKeys implements AccessKeysRepo {
  constructor(private readonly ctx: SqlContext) {}

  #select() {
    return this.ctx.db
      .selectFrom('access_keys as k')
      .leftJoin('users as u', (j) =>
        j.onRef('u.account_id', '=', 'k.account_id').onRef('u.id', '=', 'k.user_id'),
      )
      .selectAll('k')
      .select('u.name as user_name');
  }

  /** The owner's user id; null for the root; undefined when the named user does not exist. */
  async #ownerId(accountId: AccountId, userName: string | undefined): Promise<string | null | undefined> {
    if (userName === undefined) return null;
    const row = await this.ctx.db
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(userName))
      .executeTakeFirst();
    return row?.id;
  }

  async find(accessKeyId: AccessKeyId): Promise<AccessKey | undefined> {
    const row = await this.#select().where('k.access_key_id', '=', accessKeyId).executeTakeFirst();
    return row && keyFromRow(row);
  }

  async get(accountId: AccountId, accessKeyId: AccessKeyId): Promise<AccessKey | undefined> {
    const row = await this.#select()
      .where('k.account_id', '=', accountId)
      .where('k.access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return row && keyFromRow(row);
  }

  async list(accountId: AccountId, userName: string | undefined): Promise<readonly AccessKey[] | undefined> {
    const owner = await this.#ownerId(accountId, userName);
    if (owner === undefined) return undefined;
    let q = this.#select().where('k.account_id', '=', accountId);
    q = owner === null ? q.where('k.user_id', 'is', null) : q.where('k.user_id', '=', owner);
    const rows = await q.orderBy('k.create_date').orderBy('k.access_key_id').execute();
    return rows.map(keyFromRow);
  }

  async countForRoot(accountId: AccountId): Promise<number> {
    return (await this.list(accountId, undefined))?.length ?? 0;
  }

  async create(accountId: AccountId, input: NewAccessKey): Promise<AccessKey | undefined> {
    const owner = await this.#ownerId(accountId, input.userName);
    if (owner === undefined) return undefined;
    await this.ctx.db
      .insertInto('access_keys')
      .values({
        access_key_id: input.accessKeyId,
        account_id: accountId,
        user_id: owner,
        status: input.status,
        create_date: iso(input.createDate),
        secret_ciphertext: input.secretCiphertext,
        last_used_date: null,
        last_used_service: null,
        last_used_region: null,
      })
      .execute();
    this.ctx.touch(accountId);
    return this.get(accountId, input.accessKeyId);
  }

  async #owned(accountId: AccountId, userName: string | undefined, accessKeyId: AccessKeyId) {
    const owner = await this.#ownerId(accountId, userName);
    if (owner === undefined) return undefined;
    const row = await this.ctx.db
      .selectFrom('access_keys')
      .select(['access_key_id', 'user_id'])
      .where('account_id', '=', accountId)
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return row && row.user_id === owner ? row : undefined;
  }

  async updateStatus(
    accountId: AccountId,
    userName: string | undefined,
    accessKeyId: AccessKeyId,
    status: AccessKeyStatus,
  ): Promise<boolean> {
    if (!(await this.#owned(accountId, userName, accessKeyId))) return false;
    await this.ctx.db
      .updateTable('access_keys')
      .set({ status })
      .where('account_id', '=', accountId)
      .where('access_key_id', '=', accessKeyId)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async delete(
    accountId: AccountId,
    userName: string | undefined,
    accessKeyId: AccessKeyId,
  ): Promise<boolean> {
    if (!(await this.#owned(accountId, userName, accessKeyId))) return false;
    await this.ctx.db
      .deleteFrom('access_keys')
      .where('account_id', '=', accountId)
      .where('access_key_id', '=', accessKeyId)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async recordLastUsed(
    accountId: AccountId,
    accessKeyId: AccessKeyId,
    lastUsed: AccessKeyLastUsed,
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('access_keys')
      .set({
        last_used_date: iso(lastUsed.lastUsedDate),
        last_used_service: lastUsed.serviceName,
        last_used_region: lastUsed.region,
      })
      .where('account_id', '=', accountId)
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
