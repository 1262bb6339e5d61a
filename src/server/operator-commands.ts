/**
 * Operator actions on a data directory, run by the CLI beside a running server: they open the
 * SQLite database themselves (SQLite serializes writers; the server notices the commit through
 * PRAGMA data_version) and never take the server's data-directory lock.
 *
 * - createAccount: another account on the same store (cross-account roles), its root key written
 *   as profile `portcullis-<id>` in `<data-dir>/credentials` (0600).
 * - revokeRoleSessions: the inline policy `AWSRevokeOlderSessions` that the AWS console's "Revoke
 *   active sessions" writes on a role: Deny * when aws:TokenIssueTime is before now.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { secretAad } from '../auth/credentials.js';
import { loadMasterKey, SecretBox, writeNewFile } from '../auth/secret-box.js';
import { AwsError } from '../core/aws-error.js';
import { type AccountId, asAccountId } from '../domain/ids.js';
import { checkAccountAlias } from '../domain/names.js';
import { newAccessKeyId } from '../domain/unique-id.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { credentialsPath } from './bootstrap.js';

export class OperatorError extends Error {}

export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The console's revocation policy, for sessions issued before `at` (millisecond ISO time, as the console writes). */
export const revokeOlderSessionsPolicy = (at: Date): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': at.toISOString() } },
      },
    ],
  });

async function withStore<T>(dataDir: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const db = join(dataDir, 'portcullis.db');
  if (!existsSync(db)) throw new OperatorError(`${db} does not exist: start the server once first`);
  const store = await openSqliteStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The data directory's own account (`<data-dir>/account-id`). */
export function defaultAccountId(dataDir: string): AccountId {
  const path = join(dataDir, 'account-id');
  const id = existsSync(path) ? asAccountId(readFileSync(path, 'utf8').trim()) : undefined;
  if (id === undefined) throw new OperatorError(`${path} names no account: start the server once first`);
  return id;
}

export interface CreatedAccount {
  readonly accountId: AccountId;
  readonly accessKeyId: string;
  readonly profile: string;
  readonly credentialsPath: string;
}

export async function createAccount(options: {
  readonly dataDir: string;
  readonly id?: string | undefined;
  readonly alias?: string | undefined;
  readonly now: Date;
}): Promise<CreatedAccount> {
  let accountId: AccountId;
  if (options.id !== undefined) {
    const id = asAccountId(options.id);
    if (id === undefined) throw new OperatorError(`--id must be 12 digits, got '${options.id}'`);
    accountId = id;
  } else {
    accountId = `${randomInt(1, 10)}${String(randomInt(0, 100_000_000_000)).padStart(11, '0')}` as AccountId;
  }
  if (options.alias !== undefined && checkAccountAlias(options.alias) !== undefined) {
    throw new OperatorError(`--alias '${options.alias}' is not a valid account alias`);
  }
  const box = new SecretBox(
    loadMasterKey({ keyFile: process.env.PORTCULLIS_MASTER_KEY_FILE, dataDir: options.dataDir }).key,
  );
  const accessKeyId = newAccessKeyId();
  const secret = randomBytes(30).toString('base64');
  await withStore(options.dataDir, (store) =>
    store.transaction(async (tx) => {
      if ((await tx.accounts.get(accountId)) !== undefined) {
        throw new OperatorError(`account ${accountId} already exists`);
      }
      await tx.accounts.create({ id: accountId, createdAt: options.now });
      if (options.alias !== undefined) await tx.accounts.setAlias(accountId, options.alias);
      await tx.accessKeys.create(accountId, {
        accessKeyId,
        status: 'Active',
        createDate: options.now,
        secretCiphertext: box.seal(secret, secretAad(accessKeyId)),
      });
    }),
  ).catch((e: unknown) => {
    if (e instanceof AwsError) throw new OperatorError(e.message);
    throw e;
  });
  const profile = `portcullis-${accountId}`;
  const path = credentialsPath(options.dataDir);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const text = `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}\n# Root user of account ${accountId}\n[${profile}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secret}\n`;
  const tmp = `${path}.${process.pid}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  writeNewFile(tmp, text);
  renameSync(tmp, path);
  chmodSync(path, 0o600);
  return { accountId, accessKeyId, profile, credentialsPath: path };
}

export async function revokeRoleSessions(options: {
  readonly dataDir: string;
  readonly accountId?: string | undefined;
  readonly roleName: string;
  readonly now: Date;
}): Promise<{ readonly accountId: AccountId; readonly policy: string }> {
  let accountId: AccountId;
  if (options.accountId === undefined) accountId = defaultAccountId(options.dataDir);
  else {
    const id = asAccountId(options.accountId);
    if (id === undefined)
      throw new OperatorError(`--account-id must be 12 digits, got '${options.accountId}'`);
    accountId = id;
  }
  const policy = revokeOlderSessionsPolicy(options.now);
  await withStore(options.dataDir, (store) =>
    store.transaction(async (tx) => {
      const role = await tx.roles.get(accountId, options.roleName);
      if (role === undefined) {
        throw new OperatorError(
          `The role with name ${options.roleName} cannot be found in account ${accountId}.`,
        );
      }
      await tx.inlinePolicies.put(accountId, { kind: 'role', name: role.name }, REVOKE_POLICY_NAME, policy);
    }),
  );
  return { accountId, policy };
}
