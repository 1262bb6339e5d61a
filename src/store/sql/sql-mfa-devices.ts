import type { Selectable } from 'kysely';
import type { AccountId } from '../../domain/ids.js';
import { type MfaDevice, mfaSerialNumber } from '../../domain/mfa-device.js';
import { nameKey } from '../../domain/names.js';
import type {
  MfaAssignmentFilter,
  MfaDevicesListRequest,
  MfaDevicesRepo,
  NewMfaDevice,
} from '../mfa-devices-repo.js';
import { type Page, pageSize } from '../page.js';
import { entityAlreadyExists } from '../store-errors.js';
import { dateOf, iso, type SqlContext, unique } from './context.js';
import { deleteTagsOf } from './owners.js';
import type { MfaDevicesTable } from './schema.js';

type Row = Selectable<MfaDevicesTable> & { user_name: string | null };

export class SqlMfaDevices implements MfaDevicesRepo {
  constructor(private readonly ctx: SqlContext) {}

  #fromRow(r: Row): MfaDevice {
    const assignedTo =
      r.assigned_to === 'root'
        ? ({ kind: 'root' } as const)
        : r.assigned_to === 'user' && r.user_name !== null
          ? ({ kind: 'user', userName: r.user_name } as const)
          : undefined;
    return {
      accountId: r.account_id as AccountId,
      id: r.id,
      serialNumber: mfaSerialNumber(r.account_id, r.path, r.name, this.ctx.partition),
      path: r.path,
      name: r.name,
      createDate: dateOf(r.create_date),
      seedCiphertext: Buffer.from(r.seed_ciphertext),
      ...(r.enable_date !== null && { enableDate: dateOf(r.enable_date) }),
      ...(assignedTo !== undefined && { assignedTo }),
      ...(r.last_step !== null && { lastAcceptedStep: Number(r.last_step) }),
    };
  }

  #select(accountId: AccountId) {
    return this.ctx.db
      .selectFrom('mfa_devices as d')
      .leftJoin('users as u', (j) =>
        j.onRef('u.account_id', '=', 'd.account_id').onRef('u.id', '=', 'd.user_id'),
      )
      .selectAll('d')
      .select('u.name as user_name')
      .where('d.account_id', '=', accountId);
  }

  async get(accountId: AccountId, path: string, name: string): Promise<MfaDevice | undefined> {
    const row = await this.#select(accountId)
      .where('d.path', '=', path)
      .where('d.name_lower', '=', nameKey(name))
      .executeTakeFirst();
    return row && this.#fromRow(row);
  }

  /** The owner's user id; null for the root; undefined when the named user does not exist. */
  async #userId(accountId: AccountId, userName: string | undefined): Promise<string | null | undefined> {
    if (userName === undefined) return null;
    const row = await this.ctx.db
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(userName))
      .executeTakeFirst();
    return row?.id;
  }

  async listAssigned(
    accountId: AccountId,
    userName: string | undefined,
  ): Promise<readonly MfaDevice[] | undefined> {
    const userId = await this.#userId(accountId, userName);
    if (userId === undefined) return undefined;
    let q = this.#select(accountId);
    q =
      userId === null
        ? q.where('d.assigned_to', '=', 'root')
        : q.where('d.assigned_to', '=', 'user').where('d.user_id', '=', userId);
    const rows = await q.orderBy('d.enable_date').orderBy('d.path').orderBy('d.name_lower').execute();
    return rows.map((r) => this.#fromRow(r));
  }

  async list(accountId: AccountId, request: MfaDevicesListRequest = {}): Promise<Page<MfaDevice>> {
    const assignment = request.assignment ?? 'Any';
    const scope = `mfa-devices|${accountId}|${assignment}`;
    const limit = pageSize(request);
    let q = this.#select(accountId);
    if (assignment === 'Assigned') q = q.where('d.assigned_to', 'is not', null);
    if (assignment === 'Unassigned') q = q.where('d.assigned_to', 'is', null);
    if (request.marker !== undefined) {
      // Keyset on (path, name_lower): the marker is the last pair served.
      const after: unknown = JSON.parse(this.ctx.cursors.decode(scope, request.marker));
      const [path, name] = after as [string, string];
      q = q.where((eb) =>
        eb.or([eb('d.path', '>', path), eb.and([eb('d.path', '=', path), eb('d.name_lower', '>', name)])]),
      );
    }
    const rows = await q
      .orderBy('d.path')
      .orderBy('d.name_lower')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map((r) => this.#fromRow(r));
    if (rows.length <= limit) return { items };
    const last = rows[limit - 1] as Row;
    return { items, marker: this.ctx.cursors.encode(scope, JSON.stringify([last.path, last.name_lower])) };
  }

  async count(accountId: AccountId, assignment: MfaAssignmentFilter = 'Any'): Promise<number> {
    let q = this.ctx.db
      .selectFrom('mfa_devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId);
    if (assignment === 'Assigned') q = q.where('assigned_to', 'is not', null);
    if (assignment === 'Unassigned') q = q.where('assigned_to', 'is', null);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async create(accountId: AccountId, input: NewMfaDevice): Promise<MfaDevice> {
    await unique(
      this.ctx,
      () => entityAlreadyExists('mfaDevice', input.name),
      () =>
        this.ctx.db
          .insertInto('mfa_devices')
          .values({
            account_id: accountId,
            id: input.id,
            path: input.path,
            name: input.name,
            name_lower: nameKey(input.name),
            create_date: iso(input.createDate),
            seed_ciphertext: input.seedCiphertext,
            assigned_to: null,
            user_id: null,
            enable_date: null,
            last_step: null,
          })
          .execute(),
    );
    this.ctx.touch(accountId);
    return (await this.get(accountId, input.path, input.name))!;
  }

  async assign(
    accountId: AccountId,
    path: string,
    name: string,
    userName: string | undefined,
    enableDate: Date,
    acceptedStep: number,
  ): Promise<'ok' | 'no-user' | 'no-device' | 'in-use'> {
    const userId = await this.#userId(accountId, userName);
    if (userId === undefined) return 'no-user';
    const device = await this.get(accountId, path, name);
    if (device === undefined) return 'no-device';
    if (device.assignedTo !== undefined) return 'in-use';
    await this.ctx.db
      .updateTable('mfa_devices')
      .set({
        assigned_to: userId === null ? 'root' : 'user',
        user_id: userId,
        enable_date: iso(enableDate),
        last_step: acceptedStep,
      })
      .where('account_id', '=', accountId)
      .where('id', '=', device.id)
      .execute();
    this.ctx.touch(accountId);
    return 'ok';
  }

  async unassign(accountId: AccountId, path: string, name: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('mfa_devices')
      .set({ assigned_to: null, user_id: null, enable_date: null, last_step: null })
      .where('account_id', '=', accountId)
      .where('path', '=', path)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }

  async delete(accountId: AccountId, path: string, name: string): Promise<boolean> {
    const device = await this.get(accountId, path, name);
    if (device === undefined) return false;
    await deleteTagsOf(this.ctx, accountId, 'mfa', device.id);
    await this.ctx.db
      .deleteFrom('mfa_devices')
      .where('account_id', '=', accountId)
      .where('id', '=', device.id)
      .execute();
    this.ctx.touch(accountId);
    return true;
  }

  async acceptStep(accountId: AccountId, path: string, name: string, step: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('mfa_devices')
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where('path', '=', path)
      .where('name_lower', '=', nameKey(name))
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async resetStep(accountId: AccountId, path: string, name: string, step: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('mfa_devices')
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where('path', '=', path)
      .where('name_lower', '=', nameKey(name))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }
}
