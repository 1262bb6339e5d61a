import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PasswordHasher, scryptLogNFrom } from '../auth/password-hash.js';
import { asAccountId } from '../domain/ids.js';
import { rootPasswordViolations } from '../domain/password-policy.js';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis root set-password [--data-dir DIR] [--account-id ID] < password-file

Sets the console password of the account's root user (AWS has no API for it). The password is
read from standard input, never from the command line; one trailing newline is dropped. It must
be 8 to 128 characters and contain three of: upper case letters, lower case letters, numbers,
symbols. It is stored as an scrypt hash only.

Works while a server runs on the same data directory: it writes through a second SQLite
connection (WAL), and the server sees the change at its next request. The root user's console
sessions are ended.

Options:
  --data-dir DIR      the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  --account-id ID     the account (default: the one recorded in <data-dir>/account-id)
  -h, --help          show this help

Environment:
  PORTCULLIS_SCRYPT_LOG_N   scrypt cost, log2 of N (default 17; the server's setting)

Exit status: 0 set, 1 invalid password, missing data directory or account, 2 usage error.`;

const MAX_PASSWORD = 128;

export const rootSetPassword: CliCommand = {
  summary: "set the root user's console password (read from standard input)",
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      options: { ...HELP_OPTION, 'data-dir': { type: 'string' }, 'account-id': { type: 'string' } },
      allowPositionals: false,
    });
    const dataDir = resolve(values['data-dir'] ?? (process.env.PORTCULLIS_DATA_DIR || './data'));
    const dbPath = join(dataDir, 'portcullis.db');
    if (!existsSync(dbPath)) {
      throw new InputError(`no Portcullis database in ${dataDir} (start 'portcullis serve' there first)`);
    }
    const idText = values['account-id'] ?? readRecordedAccount(dataDir);
    const accountId = asAccountId(idText ?? '');
    if (accountId === undefined) {
      throw new UsageError(
        idText === undefined
          ? `no account recorded in ${join(dataDir, 'account-id')}: give --account-id`
          : `--account-id must be 12 digits, got '${idText}'`,
      );
    }
    let logN: number;
    try {
      logN = scryptLogNFrom(process.env.PORTCULLIS_SCRYPT_LOG_N);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }

    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (password === '') throw new InputError('no password on standard input');
    if ([...password].length > MAX_PASSWORD)
      throw new InputError('the password is longer than 128 characters');
    if (!/^[\t\n\r\u0020-\u00ff]+$/.test(password)) {
      throw new InputError('the password may hold printable Latin-1 characters, tab, CR and LF only');
    }
    const broken = rootPasswordViolations(password);
    if (broken.length > 0) throw new InputError(`the password must have ${broken.join(' and ')}`);

    // Hashed before the database is opened: no lock is held while scrypt runs.
    const passwordHash = await new PasswordHasher(logN).hash(password);
    const { openSqliteStore } = await import('../store/sqlite/open-sqlite-store.js');
    const store = await openSqliteStore(dbPath);
    try {
      const found = await store.transaction(async (tx) => {
        if ((await tx.accounts.get(accountId)) === undefined) return false;
        await tx.loginProfiles.setPassword(
          accountId,
          undefined,
          { passwordHash, at: io.now(), passwordResetRequired: false },
          { createRoot: true },
        );
        await tx.consoleSessions.deleteFor(accountId, undefined);
        return true;
      });
      if (!found) throw new InputError(`account ${accountId} is not in ${dbPath}`);
    } finally {
      await store.close();
    }
    io.out(`Root user password set for account ${accountId}`);
    return ExitCode.ok;
  },
};

function readRecordedAccount(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, 'account-id'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
