import type { AccountId } from '../domain/ids.js';
import type { MfaDevice } from '../domain/mfa-device.js';
import type { Page, PageRequest } from './page.js';

export interface NewMfaDevice {
  /** An internal id (tags are keyed by it); AWS shows none for MFA devices. */
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly createDate: Date;
  /** Sealed by auth/ and bound to the serial number; opaque here. */
  readonly seedCiphertext: Buffer;
}

export type MfaAssignmentFilter = 'Assigned' | 'Unassigned' | 'Any';

export interface MfaDevicesListRequest extends PageRequest {
  readonly assignment?: MfaAssignmentFilter;
}

/**
 * Virtual MFA devices, identified by path and name within an account (the serial number is their
 * ARN; names compare case-insensitively). A device is unassigned until EnableMFADevice gives it
 * to a user or the root; DeactivateMFADevice makes it unassigned again and forgets its counter.
 */
export interface MfaDevicesReader {
  get(accountId: AccountId, path: string, name: string): Promise<MfaDevice | undefined>;
  /** The devices enabled for a user, or for the root when userName is undefined; undefined when the user does not exist. */
  listAssigned(accountId: AccountId, userName: string | undefined): Promise<readonly MfaDevice[] | undefined>;
  /** ListVirtualMFADevices: ordered by path and name. */
  list(accountId: AccountId, request?: MfaDevicesListRequest): Promise<Page<MfaDevice>>;
  /** Devices of the account, all of them or those with the given assignment status. */
  count(accountId: AccountId, assignment?: MfaAssignmentFilter): Promise<number>;
}

export interface MfaDevicesRepo extends MfaDevicesReader {
  /** Throws EntityAlreadyExists on a path and name the account already has. */
  create(accountId: AccountId, input: NewMfaDevice): Promise<MfaDevice>;
  /**
   * Enables an unassigned device for a user (or the root: userName undefined) from `enableDate`,
   * remembering the last time step its enabling codes used. 'no-user' when the user does not
   * exist, 'no-device' when the device does not, 'in-use' when it is already assigned.
   */
  assign(
    accountId: AccountId,
    path: string,
    name: string,
    userName: string | undefined,
    enableDate: Date,
    acceptedStep: number,
  ): Promise<'ok' | 'no-user' | 'no-device' | 'in-use'>;
  /** Unassigns the device; false when it does not exist. */
  unassign(accountId: AccountId, path: string, name: string): Promise<boolean>;
  /** Deletes the device and its tags; false when it does not exist. */
  delete(accountId: AccountId, path: string, name: string): Promise<boolean>;
  /**
   * Replay protection: records `step` as the device's last accepted time step if, and only if, it
   * is later than the one recorded (one conditional write, so two concurrent uses of a code cannot
   * both win). False when the step is not later or the device does not exist. Like usage tracking
   * it changes no authorization decision and does not raise the generation.
   */
  acceptStep(accountId: AccountId, path: string, name: string, step: number): Promise<boolean>;
  /** ResyncMFADevice: sets the last accepted step unconditionally; false when there is no device. */
  resetStep(accountId: AccountId, path: string, name: string, step: number): Promise<boolean>;
}
