/**
 * Virtual MFA devices (TOTP): create with a seed and a QR code, enable for a user with two
 * consecutive codes, resync, deactivate, delete, and the lists. The seed leaves the server once,
 * in CreateVirtualMFADevice's answer; it is stored sealed (ctx.secrets) and checked through
 * ctx.otp, so no TOTP or encryption code lives here.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import type { MfaDevice } from '../../domain/mfa-device.js';
import { mfaSerialNumber } from '../../domain/mfa-device.js';
import { QUOTAS } from '../../domain/quotas.js';
import type { MfaAssignmentFilter } from '../../store/mfa-devices-repo.js';
import type { ResourceScope } from '../../protocol/operation-registry.js';
import type { OneTimeCodes, OperationContext, SecretSealer } from '../operation-context.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { limitExceeded, noSuchUser } from './errors.js';
import { deviceOf, noSuchMfaDevice } from './mfa-device-lookup.js';
import { type PageInput, type PageOutput, pageOf, pageOutput, pageRequest } from './pagination.js';
import { type UserShape, userShape } from './shapes.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys, tagsMember } from './tags.js';

/** The issuer an authenticator app shows beside the account. */
const MFA_ISSUER = 'Portcullis';

/** AWS's answer to codes that are wrong, out of the window, not consecutive, or already used. */
const invalidAuthenticationCode = () =>
  new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');

const deviceInUse = () => new AwsError('EntityAlreadyExists', 'MFA Device is already in use.');

const deviceAssigned = () =>
  new AwsError('DeleteConflict', 'Cannot delete entity, must deactivate the MFA device first.');

/** serialNumberType's maximum length in the model. */
const SERIAL_NUMBER_MAX = 256;

/** Steps either side of now within which EnableMFADevice/ResyncMFADevice accept their two codes. */
const ENABLE_WINDOW = 1;

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

function secrets(ctx: OperationContext): SecretSealer {
  if (ctx.secrets === undefined) throw new Error('virtual MFA operations need the server secret sealer');
  return ctx.secrets;
}

function otp(ctx: OperationContext): OneTimeCodes {
  if (ctx.otp === undefined) throw new Error('virtual MFA operations need the server one-time codes');
  return ctx.otp;
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

/**
 * The first of two consecutive time steps whose codes are code1 and code2, both within the window
 * around now and later than the device's last accepted step; undefined when there is none.
 */
function consecutiveSteps(ctx: OperationContext, device: MfaDevice, code1: string, code2: string) {
  const seed = secrets(ctx).openMfaSeed(device.serialNumber, device.seedCiphertext);
  const codes = otp(ctx);
  const first = codes.matchingSteps(seed, code1, ctx.now, ENABLE_WINDOW);
  const second = codes.matchingSteps(seed, code2, ctx.now, ENABLE_WINDOW);
  const last = device.lastAcceptedStep ?? -1;
  return first.find((s) => s > last && second.includes(s + 1));
}

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
    if ((await ctx.tx.mfaDevices.count(ctx.accountId)) >= QUOTAS.mfaDevicesPerAccount.limit) {
      throw limitExceeded('mfaDevicesPerAccount');
    }
    const path = input.Path ?? '/';
    const name = input.VirtualMFADeviceName;
    const serialNumber = mfaSerialNumber(ctx.accountId, path, name, ctx.partition);
    // The model bounds a serial number (every later call's input) to 256 characters but not the
    // name: refuse a device that no later call could name.
    if (serialNumber.length > SERIAL_NUMBER_MAX) {
      throw new AwsError(
        'InvalidInput',
        `The serial number ${serialNumber.slice(0, 40)}... would be longer than ${SERIAL_NUMBER_MAX} characters.`,
      );
    }
    const codes = otp(ctx);
    const seed = codes.newSeed();
    const device = await ctx.tx.mfaDevices.create(ctx.accountId, {
      id: randomUUID(),
      path,
      name,
      createDate: ctx.now,
      seedCiphertext: secrets(ctx).sealMfaSeed(serialNumber, seed),
    });
    if (tags.length > 0) await ctx.tx.tags.put(ctx.accountId, 'mfa', device.id, fromTagShapes(tags));
    const account = await ctx.tx.accounts.get(ctx.accountId);
    const { png } = await codes.provisioning(seed, MFA_ISSUER, `${name}@${account?.alias ?? ctx.accountId}`);
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
    const enabled = await ctx.tx.mfaDevices.listAssigned(ctx.accountId, input.UserName);
    if (enabled === undefined) throw noSuchUser(input.UserName);
    const device = await deviceOf(ctx, input.SerialNumber);
    if (device.assignedTo !== undefined) throw deviceInUse();
    if (enabled.length >= QUOTAS.mfaDevicesPerUser.limit) throw limitExceeded('mfaDevicesPerUser');
    const step = consecutiveSteps(ctx, device, input.AuthenticationCode1, input.AuthenticationCode2);
    if (step === undefined) throw invalidAuthenticationCode();
    // Both enabling codes count as used: neither can sign in afterwards.
    const outcome = await ctx.tx.mfaDevices.assign(
      ctx.accountId,
      device.path,
      device.name,
      input.UserName,
      ctx.now,
      step + 1,
    );
    if (outcome === 'no-user') throw noSuchUser(input.UserName);
    if (outcome === 'no-device') throw noSuchMfaDevice(input.SerialNumber);
    if (outcome === 'in-use') throw deviceInUse();
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
