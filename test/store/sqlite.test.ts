import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/store/sql/migrate.js';
import type { StoreTx } from '../../src/store/store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { openInMemorySqliteStore, openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { runStoreContract } from './contract.js';
import { A, createKey, createPolicy, createUser, doc, T0, testCatalog } from './fixtures.js';

/** The highest migration version: migrations are numbered by feature and may leave gaps. */
const LATEST = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));

const dir = mkdtempSync(join(tmpdir(), 'portcullis-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runStoreContract('sqlite in memory', (options) => openInMemorySqliteStore(options));
runStoreContract('sqlite file', (options) => openSqliteStore(join(dir, `contract-${++files}.db`), options));

describe('sqlite store: files and migrations', () => {
  it('opens in WAL mode with foreign keys on and a busy timeout', async () => {
    const store = await openSqliteStore(join(dir, 'pragmas.db'), { awsManagedPolicies: testCatalog() });
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`PRAGMA ${name}`).execute(store.db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
    await store.close();
  });

  it('records the schema version and keeps data across a reopen', async () => {
    const path = join(dir, 'reopen.db');
    const first = await openSqliteStore(path, { awsManagedPolicies: testCatalog() });
    expect(await schemaVersion(first.db)).toBe(LATEST);
    const rows = await first.db.selectFrom('schema_version').selectAll().execute();
    expect(rows.map((r) => [r.version, r.name])).toEqual(SQLITE_MIGRATIONS.map((m) => [m.version, m.name]));
    expect(rows[0]).toMatchObject({ version: 1, name: 'initial' });
    const key = await first.transaction(async (t) => {
      await t.accounts.create({ id: A, createdAt: T0 });
      await createUser(t, A, 'alice', '/eng/');
      await createPolicy(t, A, 'p', doc('s3:*'));
      return createKey(t, A, 'alice');
    });
    const generation = await first.generation(A);
    await first.close();

    const second = await openSqliteStore(path, { awsManagedPolicies: testCatalog() });
    expect(await second.db.selectFrom('schema_version').selectAll().execute()).toHaveLength(
      SQLITE_MIGRATIONS.length,
    );
    expect(await migrate(second.db, SQLITE_MIGRATIONS)).toEqual([]);
    const user = await second.read((r) => r.users.get(A, 'alice'));
    expect(user).toMatchObject({ name: 'alice', path: '/eng/', createDate: T0 });
    expect((await second.read((r) => r.policies.getByName(A, 'p')))?.defaultVersionId).toBe('v1');
    expect(await second.read((r) => r.accessKeys.find(key!.accessKeyId))).toEqual(key);
    expect(await second.generation(A)).toBe(generation);
    await second.close();
  });

  it('applies only the migrations above the recorded version', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    const extra = {
      version: LATEST + 1,
      name: 'extra',
      statements: ['CREATE TABLE extra_probe (account_id TEXT NOT NULL)'],
    };
    expect(await migrate(store.db, [...SQLITE_MIGRATIONS, extra])).toEqual([LATEST + 1]);
    expect(await migrate(store.db, [...SQLITE_MIGRATIONS, extra])).toEqual([]);
    expect(await schemaVersion(store.db)).toBe(LATEST + 1);
    await store.close();
  });

  it('rolls a failing migration back entirely', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    const broken = {
      version: LATEST + 1,
      name: 'broken',
      statements: ['CREATE TABLE half (x TEXT)', 'NOT SQL'],
    };
    await expect(migrate(store.db, [...SQLITE_MIGRATIONS, broken])).rejects.toThrow();
    expect(await schemaVersion(store.db)).toBe(LATEST);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE name = 'half'`.execute(
      store.db,
    );
    expect(tables.rows).toHaveLength(0);
    await store.close();
  });

  it('gives every table but schema_version an account_id column', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(
      store.db,
    );
    for (const { name } of tables.rows) {
      if (name === 'schema_version') continue;
      const columns = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${name})`.execute(
        store.db,
      );
      expect(
        columns.rows.map((c) => c.name),
        name,
      ).toContain('account_id');
    }
    await store.close();
  });

  it("waits for another process's write transaction instead of failing (begin immediate + busy timeout)", async () => {
    const path = join(dir, 'two-processes.db');
    const store = await openSqliteStore(path, { awsManagedPolicies: testCatalog() });
    await store.transaction((t) => t.accounts.create({ id: A, createdAt: T0 }));
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(path)});
         db.exec('BEGIN IMMEDIATE');
         db.prepare("INSERT INTO users (account_id, id, name, name_lower, path, create_date) VALUES (?, 'AIDACHILD', 'from-child', 'from-child', '/', ?)").run(${JSON.stringify(A)}, new Date().toISOString());
         process.stdout.write('locked\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
         db.exec('COMMIT');`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()),
    );
    // The child holds the write lock for 300 ms; this transaction waits for it, then writes.
    await store.transaction((t) => createUser(t, A, 'from-parent'));
    expect(await exited).toBe(0);
    expect((await store.read((r) => r.users.list(A))).items.map((u) => u.name)).toEqual([
      'from-child',
      'from-parent',
    ]);
    await store.close();
  });

  it('sees generations raised by another connection to the same file (a second process, the CLI)', async () => {
    const path = join(dir, 'two-connections.db');
    const server = await openSqliteStore(path, { awsManagedPolicies: testCatalog() });
    const cli = await openSqliteStore(path, { awsManagedPolicies: testCatalog() });
    await server.transaction((t) => t.accounts.create({ id: A, createdAt: T0 }));
    expect(await server.generation(A)).toBe(0);
    expect(await cli.generation(A)).toBe(0);

    // A write through the other connection: the server's remembered generation must not be served.
    await cli.transaction((t) => createUser(t, A, 'from-cli'));
    expect(await cli.generation(A)).toBe(1);
    expect(await server.generation(A)).toBe(1);

    // The server's own writes, and the other connection seeing them.
    await server.transaction((t) => createUser(t, A, 'from-server'));
    expect(await server.generation(A)).toBe(2);
    expect(await cli.generation(A)).toBe(2);

    // A bare write on the file (no store at all) changes it too.
    const raw = new BetterSqlite3(path);
    raw.prepare('UPDATE accounts SET generation = generation + 1 WHERE account_id = ?').run(A);
    raw.close();
    expect(await server.generation(A)).toBe(3);
    expect(await cli.generation(A)).toBe(3);

    // Reads and a rolled-back write change nothing.
    await server.read((r) => r.users.list(A));
    await expect(
      server.transaction(async (t) => {
        await createUser(t, A, 'rolled-back');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await server.generation(A)).toBe(3);
    expect(await cli.generation(A)).toBe(3);
    await cli.close();
    await server.close();
    await expect(server.generation(A)).rejects.toThrow(/closed/);
  });

  it('reads in a read-only snapshot and refuses writes there', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    await store.transaction((t) => t.accounts.create({ id: A, createdAt: T0 }));
    await expect(store.read((r) => createUser(r as StoreTx, A, 'sneaky'))).rejects.toThrow(/read-only/);
    expect(await store.read((r) => r.users.count(A))).toBe(0);
    await store.close();
  });

  it('refuses work after close', async () => {
    const store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
    await store.close();
    await expect(store.transaction(() => 1)).rejects.toThrow(/closed/);
    expect(await store.ping()).toBe(false);
  });
});
