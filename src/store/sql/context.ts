import type { Kysely } from 'kysely';
import type { AccountId } from '../../domain/ids.js';
import type { AwsManagedPolicyCatalog } from '../../domain/managed-policy.js';
import type { CursorCodec } from '../cursor.js';
import type { Database } from './schema.js';
import type { SqlAdapter } from './sql-adapter.js';

/** What every SQL repository needs: the transaction's connection and the store's settings. */
export interface SqlContext {
  readonly db: Kysely<Database>;
  readonly adapter: SqlAdapter;
  readonly partition: string;
  readonly cursors: CursorCodec;
  readonly catalog: AwsManagedPolicyCatalog;
  /** Marks the account's generation to be raised at commit. */
  touch(accountId: AccountId): void;
}

export const iso = (date: Date): string => date.toISOString();
export const dateOf = (value: string | Date): Date => new Date(value);
export const dateOrUndefined = (value: string | Date | null): Date | undefined =>
  value === null ? undefined : new Date(value);

/** Runs an insert or rename, turning the unique index's refusal into AWS's EntityAlreadyExists. */
export async function unique<T>(ctx: SqlContext, onConflict: () => Error, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (ctx.adapter.isUniqueViolation(error)) throw onConflict();
    throw error;
  }
}
