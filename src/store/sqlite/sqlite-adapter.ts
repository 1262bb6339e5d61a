import type { SqlAdapter } from '../sql/sql-adapter.js';
import { SQLITE_MIGRATIONS } from './migrations/index.js';

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export const sqliteAdapter: SqlAdapter = {
  name: 'sqlite',
  // better-sqlite3 is one synchronous connection: transactions queue in-process.
  serializeTransactions: true,
  isUniqueViolation: (error) =>
    typeof error === 'object' &&
    error !== null &&
    UNIQUE_CODES.has(String((error as { code?: unknown }).code)),
  migrations: SQLITE_MIGRATIONS,
};
