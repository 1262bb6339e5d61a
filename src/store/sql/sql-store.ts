import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, sql } from 'kysely';
import type { AccountId } from '../../domain/ids.js';
import type { AwsManagedPolicyCatalog } from '../../domain/managed-policy.js';
import type { PrincipalPolicies, PrincipalRef } from '../../domain/principal-policies.js';
import { packageAwsManagedCatalog } from '../aws-managed/package-catalog.js';
import { CursorCodec } from '../cursor.js';
import type { Store, StoreOptions, StoreReader, StoreTx } from '../store.js';
import type { SqlContext } from './context.js';
import { Mutex } from './mutex.js';
import type { Database } from './schema.js';
import type { SqlAdapter } from './sql-adapter.js';
import { SqlAccessKeys } from './sql-access-keys.js';
import { SqlAccountDetails } from './sql-account-details.js';
import { SqlCredentialReports } from './sql-credential-reports.js';
import { lastAccessedFromAudit, SqlAccessAdvisorJobs } from './sql-last-accessed.js';
import { SqlAccounts } from './sql-accounts.js';
import { SqlAttachments } from './sql-attachments.js';
import { SqlAudit } from './sql-audit.js';
import { SqlConsoleSessions } from './sql-console-sessions.js';
import { SqlGroups } from './sql-groups.js';
import { SqlInlinePolicies } from './sql-inline-policies.js';
import { SqlInstanceProfiles } from './sql-instance-profiles.js';
import { SqlLoginProfiles } from './sql-login-profiles.js';
import { SqlPasswordPolicies } from './sql-password-policies.js';
import { SqlIdentityProviders } from './sql-identity-providers.js';
import { SqlMfaDevices } from './sql-mfa-devices.js';
import { SqlPolicies } from './sql-policies.js';
import { readPrincipalPolicies } from './sql-principal-policies.js';
import { SqlRoles } from './sql-roles.js';
import { SqlTags } from './sql-tags.js';
import { SqlUsers } from './sql-users.js';

function repositories(ctx: SqlContext): StoreTx {
  const audit = new SqlAudit(ctx);
  return {
    accounts: new SqlAccounts(ctx),
    users: new SqlUsers(ctx),
    groups: new SqlGroups(ctx),
    roles: new SqlRoles(ctx),
    policies: new SqlPolicies(ctx),
    attachments: new SqlAttachments(ctx),
    inlinePolicies: new SqlInlinePolicies(ctx),
    tags: new SqlTags(ctx),
    instanceProfiles: new SqlInstanceProfiles(ctx),
    accessKeys: new SqlAccessKeys(ctx),
    audit,
    loginProfiles: new SqlLoginProfiles(ctx),
    passwordPolicies: new SqlPasswordPolicies(ctx),
    consoleSessions: new SqlConsoleSessions(ctx),
    mfaDevices: new SqlMfaDevices(ctx),
    identityProviders: new SqlIdentityProviders(ctx),
    accountDetails: new SqlAccountDetails(ctx),
    credentialReports: new SqlCredentialReports(ctx),
    lastAccessed: lastAccessedFromAudit(audit),
    accessAdvisorJobs: new SqlAccessAdvisorJobs(ctx),
    awsManagedPolicies: ctx.catalog,
    principalPolicies: (accountId, principal) => readPrincipalPolicies(ctx, accountId, principal),
  };
}

/** What an opener passes besides the StoreOptions: capabilities of its connection. */
export interface SqlStoreOptions extends StoreOptions {
  /**
   * A value that changes whenever ANOTHER connection (a second process, the CLI) has committed to
   * the database since the last call, read synchronously (SQLite: `PRAGMA data_version`). With it
   * the store serves account generations from memory: its own commits update the memory, and a
   * changed token drops it. Without it (a pooled database) every generation is read.
   */
  readonly changeToken?: () => unknown;
  /**
   * Synchronous transaction control of a single-connection database (SQLite through
   * better-sqlite3), used instead of Kysely's transactions when `serializeTransactions` holds.
   */
  readonly session?: SqlSession;
}

/** See SqlStoreOptions.session. */
export interface SqlSession {
  /** `deferred` for reads (never blocks writers in WAL mode), `immediate` for writes (waits its turn at the start). */
  begin(mode: 'deferred' | 'immediate'): void;
  commit(): void;
  /** Rolls back the open transaction, if any (SQLite may already have rolled it back). */
  rollback(): void;
}

/** Most account generations kept in memory; past this the map starts over. */
const MAX_GENERATIONS = 10_000;

/**
 * The Store over any Kysely database: the repositories in this folder are dialect-neutral, and
 * what differs lives in the SqlAdapter that sqlite/ (and later postgres/) passes in.
 */
export class SqlStore implements Store {
  readonly awsManagedPolicies: AwsManagedPolicyCatalog;
  readonly #db: Kysely<Database>;
  readonly #adapter: SqlAdapter;
  readonly #cursors: CursorCodec;
  readonly #partition: string;
  readonly #mutex = new Mutex();
  /** The nesting guard (StoreOptions.detectNestedTransactions), when on. */
  readonly #inTransaction: AsyncLocalStorage<true> | undefined;
  readonly #changeToken: (() => unknown) | undefined;
  readonly #session: SqlSession | undefined;
  #token: unknown;
  /** Committed account generations, when the connection has a change token (see SqlStoreOptions). */
  readonly #generations = new Map<AccountId, number>();
  #closed = false;

  constructor(db: Kysely<Database>, adapter: SqlAdapter, options: SqlStoreOptions = {}) {
    this.#db = db;
    this.#adapter = adapter;
    this.#changeToken = options.changeToken;
    const guard = options.detectNestedTransactions ?? process.env.NODE_ENV === 'test';
    this.#inTransaction = guard ? new AsyncLocalStorage<true>() : undefined;
    this.#session = adapter.serializeTransactions ? options.session : undefined;
    this.#token = options.changeToken?.();
    this.#cursors = new CursorCodec(options.cursorSecret);
    this.#partition = options.partition ?? 'aws';
    this.awsManagedPolicies = options.awsManagedPolicies ?? packageAwsManagedCatalog(this.#partition);
  }

  /** The Kysely instance, for migrations and tests in store/ only. */
  get db(): Kysely<Database> {
    return this.#db;
  }

  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    const guard = this.#inTransaction;
    if (guard === undefined) return this.#adapter.serializeTransactions ? this.#mutex.run(fn) : fn();
    if (guard.getStore()) {
      return Promise.reject(new Error('Store transactions do not nest: use the tx you were given'));
    }
    const run = () => guard.run(true, fn);
    return this.#adapter.serializeTransactions ? this.#mutex.run(run) : run();
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T> | T): Promise<T> {
    return this.#run('read write', fn);
  }

  read<T>(fn: (reader: StoreReader) => Promise<T> | T): Promise<T> {
    // One snapshot for all the reads; the reader type hides the writes, and a write that slips
    // through anyway fails at touch() and rolls back.
    return this.#run('read only', fn);
  }

  #run<T>(mode: 'read write' | 'read only', fn: (tx: StoreTx) => Promise<T> | T): Promise<T> {
    const touched = new Set<AccountId>();
    const session = this.#session;
    return this.#serialized(async () => {
      try {
        if (session === undefined) {
          return await this.#db
            .transaction()
            .setAccessMode(mode)
            .execute((trx) => this.#unitOfWork(trx, mode, touched, fn));
        }
        // The connection is ours alone while the store mutex is held, so the repositories use it
        // directly between a synchronous begin and commit (no Kysely transaction round trips).
        session.begin(mode === 'read only' ? 'deferred' : 'immediate');
        try {
          const result = await this.#unitOfWork(this.#db, mode, touched, fn);
          session.commit();
          return result;
        } catch (error) {
          session.rollback();
          throw error;
        }
      } finally {
        // Committed, rolled back or unknown: the next read of these generations goes to the database.
        for (const accountId of touched) this.#generations.delete(accountId);
      }
    });
  }

  async #unitOfWork<T>(
    db: Kysely<Database>,
    mode: 'read write' | 'read only',
    touched: Set<AccountId>,
    fn: (tx: StoreTx) => Promise<T> | T,
  ): Promise<T> {
    const ctx: SqlContext = {
      db,
      adapter: this.#adapter,
      partition: this.#partition,
      cursors: this.#cursors,
      catalog: this.awsManagedPolicies,
      touch: (accountId) => {
        if (mode === 'read only') throw new Error('write in a read-only Store.read');
        touched.add(accountId);
      },
    };
    const result = await fn(repositories(ctx));
    if (touched.size > 0) {
      await db
        .updateTable('accounts')
        .set((eb) => ({ generation: eb('generation', '+', 1) }))
        .where('account_id', 'in', [...touched])
        .execute();
    }
    return result;
  }

  principalPolicies(accountId: AccountId, principal: PrincipalRef): Promise<PrincipalPolicies | undefined> {
    return this.read((r) => r.principalPolicies(accountId, principal));
  }

  generation(accountId: AccountId): Promise<number> {
    if (this.#changeToken === undefined) {
      return this.#serialized(() => new SqlAccounts(this.#readContext()).generation(accountId));
    }
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    // A transaction of ours may be running: the memory holds the last committed value, which a
    // read racing that transaction may answer (its commit updates the memory before the next one).
    try {
      this.#syncChangeToken();
    } catch (error) {
      return Promise.reject(error);
    }
    const known = this.#generations.get(accountId);
    if (known !== undefined) return Promise.resolve(known);
    return this.#serialized(async () => {
      // The token is read before the row: a commit elsewhere after this point changes it again.
      this.#syncChangeToken();
      const generation = await new SqlAccounts(this.#readContext()).generation(accountId);
      if (this.#generations.size >= MAX_GENERATIONS) this.#generations.clear();
      this.#generations.set(accountId, generation);
      return generation;
    });
  }

  /** Drops the remembered generations when another connection has committed since the last look. */
  #syncChangeToken(): void {
    const token = this.#changeToken!();
    if (token !== this.#token) {
      this.#token = token;
      this.#generations.clear();
    }
  }

  #readContext(): SqlContext {
    return {
      db: this.#db,
      adapter: this.#adapter,
      partition: this.#partition,
      cursors: this.#cursors,
      catalog: this.awsManagedPolicies,
      touch: () => {
        throw new Error('write outside a transaction');
      },
    };
  }

  async ping(): Promise<boolean> {
    try {
      await this.#serialized(() => sql`select 1`.execute(this.#db));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#mutex.run(async () => {
      this.#closed = true;
      await this.#db.destroy();
    });
  }
}
