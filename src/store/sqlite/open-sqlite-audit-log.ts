import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { AuditLogReader } from '../audit-repo.js';
import type { Database } from '../sql/schema.js';
import { SqlAuditLogReader } from '../sql/sql-audit.js';

/**
 * The audit log of a data directory's database, opened read-only for `audit verify` and
 * `audit export`: it takes no lock and runs beside a serving process (WAL readers never block
 * the writer). Reads run in one deferred transaction each page, so a page is one snapshot.
 */
export function openSqliteAuditLog(path: string): AuditLogReader {
  const database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return new SqlAuditLogReader(db, () => db.destroy());
}
