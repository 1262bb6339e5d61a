import type { Migration } from './migrate.js';

/**
 * What differs between SQL databases, as capabilities (Kysely's dialect-adapter idea): the shared
 * repositories in this folder ask the adapter, never which database they are on.
 */
export interface SqlAdapter {
  readonly name: string;
  /**
   * One connection, one writer (SQLite): queue transactions in-process so that concurrent requests
   * never interleave on the connection and check-then-act in a service stays atomic. A pooled
   * database sets this false and must serialize per account itself (e.g. lock the account row).
   */
  readonly serializeTransactions: boolean;
  isUniqueViolation(error: unknown): boolean;
  readonly migrations: readonly Migration[];
}
