import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../src/auth/password-hash.js';
import type { AccountId } from '../../src/domain/ids.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { testCatalog } from '../store/fixtures.js';
import { portcullis } from './cli-helpers.js';

const A = '123456789012' as AccountId;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-root-pw-'));
  const store = await openSqliteStore(join(dir, 'portcullis.db'), { awsManagedPolicies: testCatalog() });
  await store.transaction((tx) => tx.accounts.create({ id: A, createdAt: new Date() }));
  await store.close();
  writeFileSync(join(dir, 'account-id'), `${A}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portcullis root set-password', () => {
  it('stores only an scrypt hash of the password read from standard input', async () => {
    const r = await portcullis(['root', 'set-password', '--data-dir', dir], {
      stdin: 'Only-Stdin-Pass-9\r\n',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Root user password set for account ${A}\n`);
    const store = await openSqliteStore(join(dir, 'portcullis.db'), { awsManagedPolicies: testCatalog() });
    const profile = await store.read((rd) => rd.loginProfiles.get(A, undefined));
    await store.close();
    expect(profile?.passwordHash).toMatch(/^\$scrypt\$ln=\d+,r=8,p=1\$/);
    // One trailing newline (CRLF too) is not part of the password.
    expect(await new PasswordHasher(10).verify('Only-Stdin-Pass-9', profile!.passwordHash)).toBe(true);
  }, 30_000);

  it.each([
    [['--data-dir', '/nonexistent/portcullis'], 'Good-Pass-123', 1, /no Portcullis database/],
    [['--account-id', '12'], 'Good-Pass-123', 2, /12 digits/],
    [['--account-id', '999999999999'], 'Good-Pass-123', 1, /account 999999999999 is not in/],
    [[], '', 1, /no password on standard input/],
    [[], 'short1A', 1, /at least 8 characters/],
    [[], 'x'.repeat(129), 1, /longer than 128/],
    [['--password', 'x'], 'Good-Pass-123', 2, /password/],
  ])('%j with %j exits %i', async (extra, stdin, code, message) => {
    const args = [
      'root',
      'set-password',
      ...(extra.includes('--data-dir') ? [] : ['--data-dir', dir]),
      ...extra,
    ];
    const r = await portcullis(args, { stdin: `${stdin}\n` });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    if (stdin !== '') expect(r.stderr + r.stdout).not.toContain(stdin);
  });
});
