import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; past this the cache starts over (queries are few and fixed). */
const MAX_STATEMENTS = 512;

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing costs about as much as
 * running one of our small queries. Our SQL texts are few and fixed (values are bound
 * parameters), so a connection that keeps each prepared statement and reuses it saves that cost.
 * better-sqlite3 statements are reusable; the store serializes all access to the connection, and
 * it never streams (`iterate`), so a statement is never busy when it is reused.
 */
export function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      return database.close();
    },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        if (cache.size >= MAX_STATEMENTS) cache.clear();
        statement = database.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
