import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** One schema step: plain SQL statements for one database, applied in one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

const SCHEMA_VERSION_DDL =
  'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** Applies, in order, each migration above the recorded version; returns the versions applied. */
export async function migrate(
  db: Kysely<Database>,
  migrations: readonly Migration[],
  now = new Date(),
): Promise<number[]> {
  await sql.raw(SCHEMA_VERSION_DDL).execute(db);
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const applied: number[] = [];
  for (const migration of ordered) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('schema_version')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (row) return false;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await trx
        .insertInto('schema_version')
        .values({ version: migration.version, name: migration.name, applied_at: now.toISOString() })
        .execute();
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

export async function schemaVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('schema_version')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}
