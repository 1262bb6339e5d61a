import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { migrate } from '../sql/migrate.js';
import type { Database } from '../sql/schema.js';
import { SqlStore } from '../sql/sql-store.js';
import type { StoreOptions } from '../store.js';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.js';
import { sqliteAdapter } from './sqlite-adapter.js';
import { withStatementCache } from './statement-cache.js';

export const IN_MEMORY = ':memory:';

export interface SqliteStoreOptions extends StoreOptions {
  /** How long a writer waits for another process's lock before failing (ms); default 5000. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the SQLite database at `path`, or a private in-memory one for
 * `:memory:`, and brings its schema up to date.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqlStore> {
  const database = new BetterSqlite3(path);
  try {
    if (path !== IN_MEMORY) database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
  });
  try {
    await migrate(db, sqliteAdapter.migrations);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // data_version changes when another connection (a second process, the CLI) commits, never for
  // this connection's own commits, which the store accounts for itself.
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  // Read-only transactions stay deferred transactions although the store serializes everything
  // in-process: in WAL mode another process (the CLI) may commit between two statements, and
  // only a transaction makes a GetUser's user row and tags (or a page's rows) one snapshot.
  // Issued synchronously on prepared statements, begin and commit cost a few microseconds.
  const begin = {
    deferred: database.prepare('BEGIN DEFERRED'),
    immediate: database.prepare('BEGIN IMMEDIATE'),
  };
  const commit = database.prepare('COMMIT');
  const rollback = database.prepare('ROLLBACK');
  return new SqlStore(db, sqliteAdapter, {
    ...options,
    changeToken: () => dataVersion.get(),
    session: {
      begin: (mode) => begin[mode].run(),
      commit: () => commit.run(),
      rollback: () => {
        if (database.inTransaction) rollback.run();
      },
    },
  });
}

export const openInMemorySqliteStore = (options: SqliteStoreOptions = {}): Promise<SqlStore> =>
  openSqliteStore(IN_MEMORY, options);
