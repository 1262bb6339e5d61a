/**
 * Creating a virtual MFA device and enabling it with two consecutive codes: the steps that
 * CreateVirtualMFADevice and EnableMFADevice take, shared with the operator's
 * `portcullis root enable-mfa` (AWS's API cannot enable a device for the root user). The caller
 * brings the transaction, the clock and the capabilities (sealing, TOTP); this module holds no
 * TOTP or encryption code of its own.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { AccountId } from '../../domain/ids.js';
import { type MfaDevice, mfaSerialNumber } from '../../domain/mfa-device.js';
import { QUOTAS } from '../../domain/quotas.js';
import type { StoreTx } from '../../store/store.js';
import type { OneTimeCodes, SecretSealer } from '../operation-context.js';
import { limitExceeded, noSuchUser } from './errors.js';
import { deviceOf, noSuchMfaDevice } from './mfa-device-lookup.js';

/** What the two steps need: an OperationContext has all of it; the CLI builds its own. */
export interface MfaProvisioningScope {
  readonly tx: StoreTx;
  readonly accountId: AccountId;
  readonly partition: string;
  readonly now: Date;
  readonly secrets?: Pick<SecretSealer, 'sealMfaSeed' | 'openMfaSeed'> | undefined;
  readonly otp?: OneTimeCodes | undefined;
}

/** The issuer an authenticator app shows beside the account. */
export const MFA_ISSUER = 'Portcullis';

/** serialNumberType's maximum length in the model. */
const SERIAL_NUMBER_MAX = 256;

/** Steps either side of now within which EnableMFADevice/ResyncMFADevice accept their two codes. */
const ENABLE_WINDOW = 1;

/** AWS's answer to codes that are wrong, out of the window, not consecutive, or already used. */
export const invalidAuthenticationCode = () =>
  new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');

export const deviceInUse = () => new AwsError('EntityAlreadyExists', 'MFA Device is already in use.');

function secrets(scope: MfaProvisioningScope): Pick<SecretSealer, 'sealMfaSeed' | 'openMfaSeed'> {
  if (scope.secrets === undefined) throw new Error('virtual MFA operations need the server secret sealer');
  return scope.secrets;
}

export function otp(scope: MfaProvisioningScope): OneTimeCodes {
  if (scope.otp === undefined) throw new Error('virtual MFA operations need the server one-time codes');
  return scope.otp;
}

export interface ProvisionedDevice {
  readonly device: MfaDevice;
  /** The Base32 seed: hand it to the person once, never log or store it. */
  readonly seed: string;
  /** The otpauth:// URI an authenticator app reads, and its QR code as a PNG. */
  readonly uri: string;
  readonly png: Buffer;
}

/**
 * CreateVirtualMFADevice's work: the account quota, the serial number's length, a fresh seed
 * stored sealed under the serial number, and the provisioning URI and QR code.
 */
export async function provisionVirtualMfaDevice(
  scope: MfaProvisioningScope,
  path: string,
  name: string,
): Promise<ProvisionedDevice> {
  if ((await scope.tx.mfaDevices.count(scope.accountId)) >= QUOTAS.mfaDevicesPerAccount.limit) {
    throw limitExceeded('mfaDevicesPerAccount');
  }
  const serialNumber = mfaSerialNumber(scope.accountId, path, name, scope.partition);
  // The model bounds a serial number (every later call's input) to 256 characters but not the
  // name: refuse a device that no later call could name.
  if (serialNumber.length > SERIAL_NUMBER_MAX) {
    throw new AwsError(
      'InvalidInput',
      `The serial number ${serialNumber.slice(0, 40)}... would be longer than ${SERIAL_NUMBER_MAX} characters.`,
    );
  }
  const codes = otp(scope);
  const seed = codes.newSeed();
  const device = await scope.tx.mfaDevices.create(scope.accountId, {
    id: randomUUID(),
    path,
    name,
    createDate: scope.now,
    seedCiphertext: secrets(scope).sealMfaSeed(serialNumber, seed),
  });
  const account = await scope.tx.accounts.get(scope.accountId);
  const { uri, png } = await codes.provisioning(
    seed,
    MFA_ISSUER,
    `${name}@${account?.alias ?? scope.accountId}`,
  );
  return { device, seed, uri, png };
}

/**
 * The first of two consecutive time steps whose codes are code1 and code2, both within the window
 * around now and later than the device's last accepted step; undefined when there is none.
 */
export function consecutiveSteps(
  scope: MfaProvisioningScope,
  device: MfaDevice,
  code1: string,
  code2: string,
): number | undefined {
  const seed = secrets(scope).openMfaSeed(device.serialNumber, device.seedCiphertext);
  const codes = otp(scope);
  const first = codes.matchingSteps(seed, code1, scope.now, ENABLE_WINDOW);
  const second = codes.matchingSteps(seed, code2, scope.now, ENABLE_WINDOW);
  const last = device.lastAcceptedStep ?? -1;
  return first.find((s) => s > last && second.includes(s + 1));
}

/**
 * EnableMFADevice's work, for a user or (userName undefined) the account's root user: the user
 * exists, the device exists and is unassigned, the owner is under its quota, the two codes are
 * consecutive; both codes then count as used.
 */
export async function enableVirtualMfaDevice(
  scope: MfaProvisioningScope,
  userName: string | undefined,
  serialNumber: string,
  code1: string,
  code2: string,
): Promise<void> {
  const owner = userName ?? 'root';
  const enabled = await scope.tx.mfaDevices.listAssigned(scope.accountId, userName);
  if (enabled === undefined) throw noSuchUser(owner);
  const device = await deviceOf(scope, serialNumber);
  if (device.assignedTo !== undefined) throw deviceInUse();
  if (enabled.length >= QUOTAS.mfaDevicesPerUser.limit) throw limitExceeded('mfaDevicesPerUser');
  const step = consecutiveSteps(scope, device, code1, code2);
  if (step === undefined) throw invalidAuthenticationCode();
  const outcome = await scope.tx.mfaDevices.assign(
    scope.accountId,
    device.path,
    device.name,
    userName,
    scope.now,
    step + 1,
  );
  if (outcome === 'no-user') throw noSuchUser(owner);
  if (outcome === 'no-device') throw noSuchMfaDevice(serialNumber);
  if (outcome === 'in-use') throw deviceInUse();
}
