/**
 * The root user's virtual MFA device, managed by the operator: AWS's EnableMFADevice needs a
 * UserName, so the root user gets its device where AWS gives it one, outside the API (the console
 * there, `portcullis root enable-mfa` here). The device is created and enabled by the very steps
 * CreateVirtualMFADevice and EnableMFADevice take (services/iam/mfa-provisioning.ts), with the
 * server's sealing and TOTP code, through a second SQLite connection beside a running server.
 *
 * Deactivation (`portcullis root deactivate-mfa`) is the recovery path for a lost phone: access to
 * the data directory stands in for AWS's support process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { secretAad } from '../auth/credentials.js';
import { mfaSeedSealer } from '../auth/mfa-seeds.js';
import { loadMasterKey, SecretBox } from '../auth/secret-box.js';
import { totpCodes } from '../auth/totp.js';
import { AwsError } from '../core/aws-error.js';
import { type AccountId, asAccountId } from '../domain/ids.js';
import type { MfaDevice } from '../domain/mfa-device.js';
import {
  enableVirtualMfaDevice,
  type MfaProvisioningScope,
  provisionVirtualMfaDevice,
} from '../services/iam/mfa-provisioning.js';
import type { StoreTx } from '../store/store.js';
import { defaultAccountId, OperatorError, withStore } from './operator-commands.js';

/** The name AWS's console gives the root user's virtual device. */
export const ROOT_MFA_DEVICE_NAME = 'root-account-mfa-device';

/** virtualMFADeviceName in the model. */
const DEVICE_NAME = /^[\w+=,.@-]+$/;

export interface RootMfaTarget {
  readonly dataDir: string;
  /** Default: the data directory's own account (`<data-dir>/account-id`). */
  readonly accountId?: string | undefined;
}

export interface CreatedRootMfaDevice {
  readonly accountId: AccountId;
  readonly serialNumber: string;
  /** The Base32 seed: for the operator's eyes only (standard output), never logged. */
  readonly seed: string;
  readonly uri: string;
  readonly png: Buffer;
}

/** The account named by --account-id, else the data directory's own. */
export function targetAccount(target: RootMfaTarget): AccountId {
  if (target.accountId === undefined) return defaultAccountId(target.dataDir);
  const id = asAccountId(target.accountId);
  if (id === undefined) throw new OperatorError(`--account-id must be 12 digits, got '${target.accountId}'`);
  return id;
}

const partition = (): string => process.env.PORTCULLIS_PARTITION || 'aws';

/**
 * The server's SecretBox. Never creates a master key (loadMasterKey would): a seed sealed under a
 * key the server does not have could never be checked.
 */
function serverSecretBox(dataDir: string): SecretBox {
  const keyFile = process.env.PORTCULLIS_MASTER_KEY_FILE || undefined;
  const path = keyFile ?? join(dataDir, 'master.key');
  if (!existsSync(path)) {
    throw new OperatorError(
      `no master key at ${path}: run with the PORTCULLIS_MASTER_KEY_FILE the server uses, or start the server once first`,
    );
  }
  return new SecretBox(loadMasterKey({ keyFile, dataDir }).key);
}

/** Refuses a master key that does not open the account's sealed secrets (another server's key). */
async function checkMasterKey(tx: StoreTx, box: SecretBox, accountId: AccountId): Promise<void> {
  const keys = (await tx.accessKeys.list(accountId, undefined)) ?? [];
  const [key] = keys;
  if (key === undefined) return;
  try {
    box.open(key.secretCiphertext, secretAad(key.accessKeyId));
  } catch {
    throw new OperatorError(
      `the master key does not open account ${accountId}'s secrets: run with the PORTCULLIS_MASTER_KEY_FILE the server uses`,
    );
  }
}

async function requireAccount(tx: StoreTx, accountId: AccountId, dataDir: string): Promise<void> {
  if ((await tx.accounts.get(accountId)) === undefined) {
    throw new OperatorError(`account ${accountId} is not in ${join(dataDir, 'portcullis.db')}`);
  }
}

const rootDevices = async (tx: StoreTx, accountId: AccountId): Promise<readonly MfaDevice[]> =>
  (await tx.mfaDevices.listAssigned(accountId, undefined)) ?? [];

function refuseIfEnabled(devices: readonly MfaDevice[], accountId: AccountId): void {
  const [device] = devices;
  if (device === undefined) return;
  throw new OperatorError(
    `the root user of account ${accountId} already has MFA device ${device.serialNumber}: ` +
      `'portcullis root deactivate-mfa' removes it first`,
  );
}

function scopeOf(tx: StoreTx, accountId: AccountId, box: SecretBox, now: Date): MfaProvisioningScope {
  return { tx, accountId, partition: partition(), now, secrets: mfaSeedSealer(box), otp: totpCodes };
}

/**
 * Step one of `root enable-mfa`: a new, unassigned virtual device with a fresh seed, stored sealed
 * exactly as CreateVirtualMFADevice stores one. Refused when the root already has a device.
 */
export async function createRootMfaDevice(
  options: RootMfaTarget & { readonly name?: string | undefined; readonly now: Date },
): Promise<CreatedRootMfaDevice> {
  const name = options.name ?? ROOT_MFA_DEVICE_NAME;
  if (!DEVICE_NAME.test(name)) {
    throw new OperatorError(`--name '${name}' may hold letters, digits and _+=,.@- only`);
  }
  const accountId = targetAccount(options);
  return withStore(
    options.dataDir,
    (store) => {
      const box = serverSecretBox(options.dataDir);
      return store.transaction(async (tx) => {
        await requireAccount(tx, accountId, options.dataDir);
        await checkMasterKey(tx, box, accountId);
        refuseIfEnabled(await rootDevices(tx, accountId), accountId);
        try {
          const made = await provisionVirtualMfaDevice(scopeOf(tx, accountId, box, options.now), '/', name);
          return {
            accountId,
            serialNumber: made.device.serialNumber,
            seed: made.seed,
            uri: made.uri,
            png: made.png,
          };
        } catch (e) {
          if (e instanceof AwsError && e.code === 'EntityAlreadyExists') {
            throw new OperatorError(
              `a virtual MFA device named ${name} already exists in account ${accountId} (left unassigned by an ` +
                `earlier attempt?): delete it with 'aws iam delete-virtual-mfa-device', or give --name`,
            );
          }
          throw e;
        }
      });
    },
    { partition: partition() },
  ).catch(toOperatorError);
}

/**
 * Step two: enables the device for the root user if code1 and code2 are two consecutive codes of
 * it, with EnableMFADevice's own checks. A refusal leaves the device unassigned.
 */
export async function enableRootMfaDevice(
  options: RootMfaTarget & {
    readonly serialNumber: string;
    readonly code1: string;
    readonly code2: string;
    readonly now: Date;
  },
): Promise<void> {
  const accountId = targetAccount(options);
  await withStore(
    options.dataDir,
    (store) => {
      const box = serverSecretBox(options.dataDir);
      return store.transaction(async (tx) => {
        await requireAccount(tx, accountId, options.dataDir);
        // Checked again: another enable-mfa may have finished while this one waited for codes.
        refuseIfEnabled(await rootDevices(tx, accountId), accountId);
        try {
          await enableVirtualMfaDevice(
            scopeOf(tx, accountId, box, options.now),
            undefined,
            options.serialNumber,
            options.code1,
            options.code2,
          );
        } catch (e) {
          if (e instanceof AwsError && e.code === 'InvalidAuthenticationCode') {
            throw new OperatorError(
              `the codes are not two consecutive current codes of ${options.serialNumber}: the device stays ` +
                `unassigned and the root user has no MFA (${e.message})`,
            );
          }
          throw e;
        }
      });
    },
    { partition: partition() },
  ).catch(toOperatorError);
}

/**
 * The recovery path: deactivates the root user's devices and deletes them (their seeds went with
 * the lost phone, so none may ever be enabled again), in one transaction.
 */
export async function deactivateRootMfa(
  options: RootMfaTarget,
): Promise<{ readonly accountId: AccountId; readonly serialNumbers: readonly string[] }> {
  const accountId = targetAccount(options);
  const serialNumbers = await withStore(
    options.dataDir,
    (store) =>
      store.transaction(async (tx) => {
        await requireAccount(tx, accountId, options.dataDir);
        const devices = await rootDevices(tx, accountId);
        if (devices.length === 0) {
          throw new OperatorError(`the root user of account ${accountId} has no MFA device`);
        }
        for (const device of devices) {
          await tx.mfaDevices.unassign(accountId, device.path, device.name);
          await tx.mfaDevices.delete(accountId, device.path, device.name);
        }
        return devices.map((d) => d.serialNumber);
      }),
    { partition: partition() },
  ).catch(toOperatorError);
  return { accountId, serialNumbers };
}

function toOperatorError(e: unknown): never {
  if (e instanceof AwsError) throw new OperatorError(e.message);
  throw e;
}
