import type { Selectable } from 'kysely';
import type { AccountId } from '../../domain/ids.js';
import { nameKey } from '../../domain/names.js';
import type { ConsoleSession, ConsoleSessionsRepo } from '../console-sessions-repo.js';
import { dateOf, iso, type SqlContext } from './context.js';
import type { ConsoleSessionsTable } from './schema.js';
import { ROOT_OWNER } from './sql-login-profiles.js';

function sessionFromRow(r: Selectable<ConsoleSessionsTable>): ConsoleSession {
  return {
    tokenHash: r.token_hash,
    accountId: r.account_id as AccountId,
    ...(r.user_name !== null && { userName: r.user_name }),
    issuedAt: dateOf(r.issued_at),
    expiresAt: dateOf(r.expires_at),
    ...(r.mfa_authenticated_at !== null && { mfaAuthenticatedAt: dateOf(r.mfa_authenticated_at) }),
    csrfHash: r.csrf_hash,
  };
}

export class SqlConsoleSessions implements ConsoleSessionsRepo {
  constructor(private readonly ctx: SqlContext) {}

  /** The owner key: the user's id (the session follows a rename) or `root`. */
  async #owner(accountId: AccountId, userName: string | undefined): Promise<string | undefined> {
    if (userName === undefined) return ROOT_OWNER;
    const row = await this.ctx.db
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name_lower', '=', nameKey(userName))
      .executeTakeFirst();
    return row?.id;
  }

  async find(tokenHash: string): Promise<ConsoleSession | undefined> {
    const row = await this.ctx.db
      .selectFrom('console_sessions as s')
      .leftJoin('users as u', (j) =>
        j.onRef('u.account_id', '=', 's.account_id').onRef('u.id', '=', 's.owner'),
      )
      .selectAll('s')
      .select('u.name as current_name')
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    // A user's session names the user as it is called now; a deleted user's session is gone.
    if (row.owner !== ROOT_OWNER && row.current_name === null) return undefined;
    return sessionFromRow({ ...row, user_name: row.owner === ROOT_OWNER ? null : row.current_name });
  }

  async create(s: ConsoleSession): Promise<void> {
    const owner = await this.#owner(s.accountId, s.userName);
    if (owner === undefined) throw new Error('console session for a missing user');
    await this.ctx.db
      .insertInto('console_sessions')
      .values({
        token_hash: s.tokenHash,
        account_id: s.accountId,
        owner,
        user_name: s.userName ?? null,
        issued_at: iso(s.issuedAt),
        expires_at: iso(s.expiresAt),
        mfa_authenticated_at: s.mfaAuthenticatedAt ? iso(s.mfaAuthenticatedAt) : null,
        csrf_hash: s.csrfHash,
      })
      .execute();
  }

  async delete(accountId: AccountId, tokenHash: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('console_sessions')
      .where('account_id', '=', accountId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteFor(accountId: AccountId, userName: string | undefined): Promise<number> {
    const owner = await this.#owner(accountId, userName);
    if (owner === undefined) return 0;
    const result = await this.ctx.db
      .deleteFrom('console_sessions')
      .where('account_id', '=', accountId)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('console_sessions')
      .where('expires_at', '<=', iso(now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
