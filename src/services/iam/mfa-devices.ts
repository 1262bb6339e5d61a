/**
 * Virtual MFA devices (TOTP): create with a seed and a QR code, enable for a user with two
 * consecutive codes, resync, deactivate, delete, and the lists. The seed leaves the server once,
 * in CreateVirtualMFADevice's answer; it is stored sealed (ctx.secrets) and checked through
 * ctx.otp, so no TOTP or encryption code lives here.
 */
import { AwsError } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import type { MfaDevice } from '../../domain/mfa-device.js';
import { mfaSerialNumber } from '../../domain/mfa-device.js';
import type { MfaAssignmentFilter } from '../../store/mfa-devices-repo.js';
import type { ResourceScope } from '../../protocol/operation-registry.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { noSuchUser } from './errors.js';
import { deviceOf, noSuchMfaDevice } from './mfa-device-lookup.js';
import {
  consecutiveSteps,
  enableVirtualMfaDevice,
  invalidAuthenticationCode,
  provisionVirtualMfaDevice,
} from './mfa-provisioning.js';
import { type PageInput, type PageOutput, pageOf, pageOutput, pageRequest } from './pagination.js';
import { type UserShape, userShape } from './shapes.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys, tagsMember } from './tags.js';

const deviceAssigned = () =>
  new AwsError('DeleteConflict', 'Cannot delete entity, must deactivate the MFA device first.');

export interface MfaDeviceShape {
  readonly UserName?: string;
  readonly SerialNumber: string;
  readonly EnableDate: Date;
}

export interface VirtualMfaDeviceShape {
  readonly SerialNumber: string;
  readonly Base32StringSeed?: Buffer;
  readonly QRCodePNG?: Buffer;
  readonly User?: Partial<UserShape>;
  readonly EnableDate?: Date;
  readonly Tags?: TagShape[];
}

/**
 * The user an optional UserName targets: the named one, else the caller; undefined means the root
 * user. Other principals (role sessions) must name a user, as with GetUser.
 */
function targetUser(userName: string | undefined, ctx: OperationContext): string | undefined {
  if (userName !== undefined) return userName;
  if (ctx.caller.principal.type === 'root') return undefined;
  if (ctx.caller.userName === undefined) {
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return ctx.caller.userName;
}

/** The user ARN a call on a user's devices is authorized against; the caller's own without UserName. */
const userResource = (input: { readonly UserName?: string }, scope: ResourceScope): string =>
  input.UserName !== undefined
    ? entityArn(scope, 'user', input.UserName)
    : (scope.callerArn ?? ANY_RESOURCE());

/** Whether the device is enabled for the target (a user name, or undefined for the root). */
const assignedTo = (device: MfaDevice, userName: string | undefined): boolean =>
  userName === undefined
    ? device.assignedTo?.kind === 'root'
    : device.assignedTo?.kind === 'user' &&
      device.assignedTo.userName.toLowerCase() === userName.toLowerCase();

const mfaDeviceShape = (device: MfaDevice): MfaDeviceShape => ({
  ...(device.assignedTo?.kind === 'user' && { UserName: device.assignedTo.userName }),
  SerialNumber: device.serialNumber,
  EnableDate: device.enableDate ?? device.createDate,
});

export const createVirtualMfaDevice = iamOperation<
  { Path?: string; VirtualMFADeviceName: string; Tags?: TagShape[] },
  { VirtualMFADevice: VirtualMfaDeviceShape }
>({
  name: 'CreateVirtualMFADevice',
  readOnly: false,
  resource: (input, scope) =>
    mfaSerialNumber(scope.accountId, input.Path ?? '/', input.VirtualMFADeviceName, scope.partition),
  requestKeys: (input) => tagRequestKeys(input.Tags),
  handler: async (input, ctx) => {
    const tags = input.Tags ?? [];
    checkTags('mfa', tags);
    const { device, seed, png } = await provisionVirtualMfaDevice(
      ctx,
      input.Path ?? '/',
      input.VirtualMFADeviceName,
    );
    if (tags.length > 0) await ctx.tx.tags.put(ctx.accountId, 'mfa', device.id, fromTagShapes(tags));
    // The only time the seed leaves the server. Both blobs: the encoder base64s them on the wire.
    return {
      VirtualMFADevice: {
        SerialNumber: device.serialNumber,
        Base32StringSeed: Buffer.from(seed, 'ascii'),
        QRCodePNG: png,
        ...tagsMember(await ctx.tx.tags.list(ctx.accountId, 'mfa', device.id)),
      },
    };
  },
});

export const enableMfaDevice = iamOperation<
  { UserName: string; SerialNumber: string; AuthenticationCode1: string; AuthenticationCode2: string },
  undefined
>({
  name: 'EnableMFADevice',
  readOnly: false,
  resource: userResource,
  handler: async (input, ctx) => {
    await enableVirtualMfaDevice(
      ctx,
      input.UserName,
      input.SerialNumber,
      input.AuthenticationCode1,
      input.AuthenticationCode2,
    );
    return undefined;
  },
});

export const resyncMfaDevice = iamOperation<
  { UserName: string; SerialNumber: string; AuthenticationCode1: string; AuthenticationCode2: string },
  undefined
>({
  name: 'ResyncMFADevice',
  readOnly: false,
  resource: userResource,
  handler: async (input, ctx) => {
    if ((await ctx.tx.users.get(ctx.accountId, input.UserName)) === undefined)
      throw noSuchUser(input.UserName);
    const device = await deviceOf(ctx, input.SerialNumber);
    if (!assignedTo(device, input.UserName)) throw noSuchMfaDevice(input.SerialNumber);
    const step = consecutiveSteps(ctx, device, input.AuthenticationCode1, input.AuthenticationCode2);
    if (step === undefined) throw invalidAuthenticationCode();
    await ctx.tx.mfaDevices.resetStep(ctx.accountId, device.path, device.name, step + 1);
    return undefined;
  },
});

export const deactivateMfaDevice = iamOperation<{ UserName?: string; SerialNumber: string }, undefined>({
  name: 'DeactivateMFADevice',
  readOnly: false,
  resource: userResource,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    if (userName !== undefined && (await ctx.tx.users.get(ctx.accountId, userName)) === undefined) {
      throw noSuchUser(userName);
    }
    const device = await deviceOf(ctx, input.SerialNumber);
    if (!assignedTo(device, userName)) throw noSuchMfaDevice(input.SerialNumber);
    await ctx.tx.mfaDevices.unassign(ctx.accountId, device.path, device.name);
    return undefined;
  },
});

export const deleteVirtualMfaDevice = iamOperation<{ SerialNumber: string }, undefined>({
  name: 'DeleteVirtualMFADevice',
  readOnly: false,
  resource: (input) => input.SerialNumber,
  handler: async (input, ctx) => {
    const device = await deviceOf(ctx, input.SerialNumber);
    if (device.assignedTo !== undefined) throw deviceAssigned();
    await ctx.tx.mfaDevices.delete(ctx.accountId, device.path, device.name);
    return undefined;
  },
});

export const listMfaDevices = iamOperation<
  { UserName?: string } & PageInput,
  { MFADevices: MfaDeviceShape[] } & PageOutput
>({
  name: 'ListMFADevices',
  readOnly: true,
  resource: userResource,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    const devices = await ctx.tx.mfaDevices.listAssigned(ctx.accountId, userName);
    if (devices === undefined) throw noSuchUser(userName ?? '');
    const page = pageOf(devices, (d) => d.serialNumber, `mfa-devices:${userName ?? ':root'}`, input);
    return { MFADevices: page.items.map(mfaDeviceShape), ...pageOutput(page) };
  },
});

export const getMfaDevice = iamOperation<
  { SerialNumber: string; UserName?: string },
  { UserName?: string; SerialNumber: string; EnableDate?: Date }
>({
  name: 'GetMFADevice',
  readOnly: true,
  resource: userResource,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    if (userName !== undefined && (await ctx.tx.users.get(ctx.accountId, userName)) === undefined) {
      throw noSuchUser(userName);
    }
    const device = await deviceOf(ctx, input.SerialNumber);
    if (!assignedTo(device, userName)) throw noSuchMfaDevice(input.SerialNumber);
    return mfaDeviceShape(device);
  },
});

const ASSIGNMENT_STATUSES: readonly string[] = ['Assigned', 'Unassigned', 'Any'];

export const listVirtualMfaDevices = iamOperation<
  { AssignmentStatus?: MfaAssignmentFilter } & PageInput,
  { VirtualMFADevices: VirtualMfaDeviceShape[] } & PageOutput
>({
  name: 'ListVirtualMFADevices',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const assignment = input.AssignmentStatus ?? 'Any';
    if (!ASSIGNMENT_STATUSES.includes(assignment)) {
      throw new AwsError('InvalidInput', `Invalid AssignmentStatus ${assignment}.`);
    }
    const page = await ctx.tx.mfaDevices.list(ctx.accountId, { ...pageRequest(input), assignment });
    const devices: VirtualMfaDeviceShape[] = [];
    for (const device of page.items) devices.push(await virtualDeviceShape(ctx, device));
    return { VirtualMFADevices: devices, ...pageOutput(page) };
  },
});

/** A listed device: serial number, and the user and enable date while it is assigned. */
async function virtualDeviceShape(ctx: OperationContext, device: MfaDevice): Promise<VirtualMfaDeviceShape> {
  const owner = device.assignedTo;
  if (owner === undefined || device.enableDate === undefined) return { SerialNumber: device.serialNumber };
  let user: Partial<UserShape> | undefined;
  if (owner.kind === 'root') {
    // AWS describes the root user by its account id and ARN, with no name or path.
    const account = await ctx.tx.accounts.get(ctx.accountId);
    user = {
      UserId: ctx.accountId,
      Arn: iamArn(ctx.accountId, 'root', ctx.partition),
      CreateDate: account?.createdAt ?? device.createDate,
    };
  } else {
    const found = await ctx.tx.users.get(ctx.accountId, owner.userName);
    user = found && userShape(found);
  }
  return {
    SerialNumber: device.serialNumber,
    ...(user !== undefined && { User: user }),
    EnableDate: device.enableDate,
  };
}
