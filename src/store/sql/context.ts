import type { Compilable, CompiledQuery, Kysely } from 'kysely';
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

/**
 * A hot request-path read built and compiled by Kysely once per dialect, then run with the call's
 * parameter values (building and compiling cost more than SQLite running our small queries).
 * `build` receives placeholder values in the order the compiled SQL binds them; the first run
 * checks that the count matches.
 */
export class CompiledRead<Row, Args extends readonly unknown[]> {
  readonly #build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>;
  readonly #placeholders: Args;
  readonly #compiled = new Map<SqlAdapter, CompiledQuery<Row>>();

  constructor(placeholders: Args, build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>) {
    this.#placeholders = placeholders;
    this.#build = build;
  }

  async execute(ctx: SqlContext, ...args: Args): Promise<Row[]> {
    let compiled = this.#compiled.get(ctx.adapter);
    if (compiled === undefined) {
      compiled = this.#build(ctx.db, ...this.#placeholders).compile();
      if (compiled.parameters.length !== args.length) {
        throw new Error(`compiled read binds ${compiled.parameters.length} values, not ${args.length}`);
      }
      this.#compiled.set(ctx.adapter, compiled);
    }
    return (await ctx.db.executeQuery<Row>({ ...compiled, parameters: args })).rows;
  }
}
