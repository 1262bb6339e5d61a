import { AwsError } from '../../core/aws-error.js';
import { type MfaDevice, parseMfaSerialNumber } from '../../domain/mfa-device.js';
import type { OperationContext } from '../operation-context.js';

export const noSuchMfaDevice = (serialNumber: string) =>
  new AwsError('NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);

/**
 * The device a serial number names in the call's account, or NoSuchEntity. Only virtual devices
 * (ARN serial numbers) exist here; a hardware serial names nothing.
 */
export async function deviceOf(ctx: OperationContext, serialNumber: string): Promise<MfaDevice> {
  const parts = parseMfaSerialNumber(serialNumber);
  if (parts === undefined || parts.account !== ctx.accountId) throw noSuchMfaDevice(serialNumber);
  const device = await ctx.tx.mfaDevices.get(ctx.accountId, parts.path, parts.name);
  if (device === undefined || device.serialNumber !== serialNumber) throw noSuchMfaDevice(serialNumber);
  return device;
}
