/**
 * Checks a TOTP code against the virtual MFA devices stored for an account: for console sign-in
 * (by owner) and for STS (by serial number). A code is accepted within one 30-second step either
 * side of now, as AWS does, and at most once: the device remembers the last time step it accepted,
 * and a code of that step or an earlier one is refused as replayed (RFC 6238 §5.2). The accepted
 * step is written in a transaction of its own with a conditional update, so two concurrent uses of
 * one code cannot both succeed.
 */
import type { AccountId } from '../domain/ids.js';
import { type MfaDevice, parseMfaSerialNumber } from '../domain/mfa-device.js';
import type { Store } from '../store/store.js';
import { openMfaSeed } from './mfa-seeds.js';
import type { SecretBox } from './secret-box.js';
import { matchingSteps, TOTP_WINDOW } from './totp.js';

export type MfaCheckResult = 'valid' | 'invalid' | 'replayed' | 'no-device';

export interface MfaVerification {
  readonly result: MfaCheckResult;
  /** The device that accepted (valid) or recognized (replayed) the code. */
  readonly serialNumber?: string;
}

/** What one device says about a code, before anything is written. */
type DeviceVerdict =
  | { readonly kind: 'fresh'; readonly step: number }
  | { readonly kind: 'replayed' }
  | undefined;

export class MfaCodes {
  readonly #store: Store;
  readonly #box: SecretBox;

  constructor(store: Store, secretBox: SecretBox) {
    this.#store = store;
    this.#box = secretBox;
  }

  /** Whether the user (or the root, userName undefined) has an MFA device enabled. */
  async hasDevice(accountId: AccountId, userName: string | undefined): Promise<boolean> {
    const devices = await this.#store.read((r) => r.mfaDevices.listAssigned(accountId, userName));
    return (devices?.length ?? 0) > 0;
  }

  /**
   * Checks a code against every device enabled for the user (root when userName is undefined).
   * 'no-device' when the user does not exist or has no enabled device.
   */
  async verifyForOwner(
    accountId: AccountId,
    userName: string | undefined,
    code: string,
    now: Date,
  ): Promise<MfaVerification> {
    const devices = await this.#store.read((r) => r.mfaDevices.listAssigned(accountId, userName));
    if (devices === undefined || devices.length === 0) return { result: 'no-device' };
    return this.#verify(devices, code, now);
  }

  /**
   * Checks a code against the device with this serial number, which must be enabled (assigned to
   * a user or the root) in the account. 'no-device' otherwise.
   */
  async verifySerial(
    accountId: AccountId,
    serialNumber: string,
    code: string,
    now: Date,
  ): Promise<MfaVerification> {
    const parts = parseMfaSerialNumber(serialNumber);
    if (parts === undefined || parts.account !== accountId) return { result: 'no-device' };
    const device = await this.#store.read((r) => r.mfaDevices.get(accountId, parts.path, parts.name));
    if (device === undefined || device.assignedTo === undefined || device.serialNumber !== serialNumber) {
      return { result: 'no-device' };
    }
    return this.#verify([device], code, now);
  }

  async #verify(devices: readonly MfaDevice[], code: string, now: Date): Promise<MfaVerification> {
    // Every device is checked (no early exit), so the time taken does not tell which one matched.
    const verdicts = devices.map((d) => [d, this.#judge(d, code, now)] as const);
    for (const [device, verdict] of verdicts) {
      if (verdict?.kind !== 'fresh') continue;
      const accepted = await this.#store.transaction((tx) =>
        tx.mfaDevices.acceptStep(device.accountId, device.path, device.name, verdict.step),
      );
      // Lost a race with another use of the same code: that one won, this one is a replay.
      return { result: accepted ? 'valid' : 'replayed', serialNumber: device.serialNumber };
    }
    const replayed = verdicts.find(([, v]) => v?.kind === 'replayed');
    if (replayed) return { result: 'replayed', serialNumber: replayed[0].serialNumber };
    return { result: 'invalid' };
  }

  #judge(device: MfaDevice, code: string, now: Date): DeviceVerdict {
    const seed = openMfaSeed(this.#box, device.serialNumber, device.seedCiphertext);
    const steps = matchingSteps(seed, code, now, TOTP_WINDOW);
    if (steps.length === 0) return undefined;
    const last = device.lastAcceptedStep ?? -1;
    const fresh = steps.find((s) => s > last);
    return fresh === undefined ? { kind: 'replayed' } : { kind: 'fresh', step: fresh };
  }
}
