/**
 * First start: create the account and its root user's access key, and hand the key to the
 * operator in `<data-dir>/credentials` (AWS shared-credentials format, profile `portcullis`, 0600).
 * `<data-dir>/account-id` records the account once bootstrap is complete; later starts read it.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { secretAad } from '../auth/credentials.js';
import { type SecretBox, writeNewFile } from '../auth/secret-box.js';
import { type AccessKeyId, type AccountId, asAccountId } from '../domain/ids.js';
import { newAccessKeyId } from '../domain/unique-id.js';
import type { Store } from '../store/store.js';

export const CREDENTIALS_PROFILE = 'portcullis';

export interface BootstrapOptions {
  readonly store: Store;
  readonly secretBox: SecretBox;
  readonly dataDir: string;
  readonly now: Date;
  readonly accountId?: string | undefined;
  readonly rootAccessKeyId?: string | undefined;
  readonly rootSecretAccessKey?: string | undefined;
}

export interface BootstrapResult {
  readonly accountId: AccountId;
  /** Set on first start only. */
  readonly created?: { readonly accessKeyId: string; readonly credentialsPath: string };
  /** A PORTCULLIS_ACCOUNT_ID that differs from the existing account (it applies to first start only). */
  readonly ignoredAccountId?: string;
}

export const credentialsPath = (dataDir: string): string => join(dataDir, 'credentials');
const accountIdPath = (dataDir: string): string => join(dataDir, 'account-id');

export const credentialsFileText = (accessKeyId: string, secretAccessKey: string): string =>
  `# Portcullis root user access key. Use with:\n` +
  `#   AWS_SHARED_CREDENTIALS_FILE=<this file> AWS_PROFILE=${CREDENTIALS_PROFILE} aws --endpoint-url http://127.0.0.1:4600 iam list-users\n` +
  `[${CREDENTIALS_PROFILE}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`;

const randomAccountId = (): AccountId => {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) id += String(randomInt(0, 10));
  return id as AccountId;
};

/** 40 characters of base64's alphabet, like AWS's secrets. */
const randomSecret = (): string => randomBytes(30).toString('base64');

/** Replaces `path` atomically with a 0600 file. */
function writePrivateFile(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  writeNewFile(tmp, content);
  renameSync(tmp, path);
}

export async function bootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const { store, dataDir } = options;
  const recorded = existsSync(accountIdPath(dataDir))
    ? asAccountId(readFileSync(accountIdPath(dataDir), 'utf8').trim())
    : undefined;
  if (recorded !== undefined && (await store.read((r) => r.accounts.get(recorded))) !== undefined) {
    const ignored = options.accountId !== undefined && options.accountId !== recorded;
    return { accountId: recorded, ...(ignored ? { ignoredAccountId: options.accountId } : {}) };
  }

  const accountId = (options.accountId as AccountId | undefined) ?? randomAccountId();
  const accessKeyId = (options.rootAccessKeyId as AccessKeyId | undefined) ?? newAccessKeyId();
  const secret = options.rootSecretAccessKey ?? randomSecret();
  await store.transaction(async (tx) => {
    // An account left by an interrupted first start is completed, not duplicated.
    if ((await tx.accounts.get(accountId)) === undefined) {
      await tx.accounts.create({ id: accountId, createdAt: options.now });
    }
    const existing = await tx.accessKeys.find(accessKeyId);
    if (existing !== undefined && existing.accountId !== accountId) {
      throw new Error(`access key ${accessKeyId} already belongs to account ${existing.accountId}`);
    }
    if (existing !== undefined) await tx.accessKeys.delete(accountId, undefined, accessKeyId);
    await tx.accessKeys.create(accountId, {
      accessKeyId,
      status: 'Active',
      createDate: options.now,
      secretCiphertext: options.secretBox.seal(secret, secretAad(accessKeyId)),
    });
  });
  const path = credentialsPath(dataDir);
  writePrivateFile(path, credentialsFileText(accessKeyId, secret));
  writePrivateFile(accountIdPath(dataDir), `${accountId}\n`);
  return { accountId, created: { accessKeyId, credentialsPath: path } };
}
