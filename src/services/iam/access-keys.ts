import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { AccessKey } from '../../domain/access-key.js';
import type { AccessKeyId } from '../../domain/ids.js';
import { QUOTAS } from '../../domain/quotas.js';
import { newAccessKeyId } from '../../domain/unique-id.js';
import type { ResourceScope } from '../../protocol/operation-registry.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { limitExceeded, noSuchUser } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';

type Status = 'Active' | 'Inactive' | 'Expired';

export interface AccessKeyShape {
  readonly UserName?: string;
  readonly AccessKeyId: string;
  readonly Status: Status;
  readonly SecretAccessKey: string;
  readonly CreateDate: Date;
}

export type AccessKeyMetadataShape = Omit<AccessKeyShape, 'SecretAccessKey'>;

export interface AccessKeyLastUsedShape {
  readonly LastUsedDate?: Date;
  readonly ServiceName: string;
  readonly Region: string;
}

/** 40 characters of base64's alphabet from a CSPRNG, like AWS's secrets (IAM-FACTS §3.3). */
const newSecretAccessKey = (): string => randomBytes(30).toString('base64');

/** AWS's wording when a key id is not the named (or implied) user's. */
const noSuchAccessKey = (accessKeyId: string) =>
  new AwsError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);

/**
 * Without UserName AWS acts on, and authorizes against, the caller's own identity: a user's ARN,
 * or the root's (whose keys these operations also manage). Unsigned scopes (tests) fall back to `*`.
 */
const targetArn = (input: { readonly UserName?: string }, scope: ResourceScope): string =>
  input.UserName !== undefined
    ? entityArn(scope, 'user', input.UserName)
    : (scope.callerArn ?? ANY_RESOURCE());

/**
 * The user whose keys a call manages: the named one, else the caller; undefined means the root's
 * keys. Other principals (role sessions) must name a user, as with GetUser.
 */
function targetUser(userName: string | undefined, ctx: OperationContext): string | undefined {
  if (userName !== undefined) return userName;
  if (ctx.caller.principal.type === 'root') return undefined;
  if (ctx.caller.userName === undefined) {
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return ctx.caller.userName;
}

/** The target's keys; NoSuchEntity when a named user does not exist. */
async function keysOf(ctx: OperationContext, userName: string | undefined): Promise<readonly AccessKey[]> {
  const keys = await ctx.tx.accessKeys.list(ctx.accountId, userName);
  if (keys === undefined) throw noSuchUser(userName ?? '');
  return keys;
}

const metadataShape = (key: AccessKey): AccessKeyMetadataShape => ({
  // Root keys have no user name; AWS's model marks it required, SDKs tolerate its absence.
  ...(key.userName !== undefined && { UserName: key.userName }),
  AccessKeyId: key.accessKeyId,
  Status: key.status,
  CreateDate: key.createDate,
});

export const createAccessKey = iamOperation<{ UserName?: string }, { AccessKey: AccessKeyShape }>({
  name: 'CreateAccessKey',
  readOnly: false,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    const existing = await keysOf(ctx, userName);
    if (existing.length >= QUOTAS.accessKeysPerUser.limit) throw limitExceeded('accessKeysPerUser');
    if (ctx.secrets === undefined) throw new Error('CreateAccessKey needs the server secret sealer');
    const accessKeyId = newAccessKeyId();
    const secret = newSecretAccessKey();
    const key = await ctx.tx.accessKeys.create(ctx.accountId, {
      accessKeyId,
      ...(userName !== undefined && { userName }),
      status: 'Active',
      createDate: ctx.now,
      secretCiphertext: ctx.secrets.sealAccessKeySecret(accessKeyId, secret),
    });
    if (key === undefined) throw noSuchUser(userName ?? '');
    // The only time the secret leaves the server: it is not recoverable afterwards.
    return { AccessKey: { ...metadataShape(key), SecretAccessKey: secret } };
  },
});

export const listAccessKeys = iamOperation<
  { UserName?: string } & PageInput,
  { AccessKeyMetadata: AccessKeyMetadataShape[] } & PageOutput
>({
  name: 'ListAccessKeys',
  readOnly: true,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    const keys = await keysOf(ctx, userName);
    // Oldest first, so the key being rotated out comes before its replacement.
    const page = pageOf(
      keys,
      (k) => `${k.createDate.toISOString()} ${k.accessKeyId}`,
      `access-keys:${userName ?? ':root'}`,
      input,
    );
    return { AccessKeyMetadata: page.items.map(metadataShape), ...pageOutput(page) };
  },
});

export const updateAccessKey = iamOperation<
  { UserName?: string; AccessKeyId: string; Status: Status },
  undefined
>({
  name: 'UpdateAccessKey',
  readOnly: false,
  resource: targetArn,
  handler: async (input, ctx) => {
    // `Expired` is in the model's enum for other credential types; a key is Active or Inactive.
    if (input.Status !== 'Active' && input.Status !== 'Inactive') {
      throw new AwsError('InvalidInput', `Invalid status ${input.Status}: must be Active or Inactive.`);
    }
    const userName = targetUser(input.UserName, ctx);
    await keysOf(ctx, userName);
    const id = input.AccessKeyId as AccessKeyId;
    if (!(await ctx.tx.accessKeys.updateStatus(ctx.accountId, userName, id, input.Status))) {
      throw noSuchAccessKey(input.AccessKeyId);
    }
    return undefined;
  },
});

export const deleteAccessKey = iamOperation<{ UserName?: string; AccessKeyId: string }, undefined>({
  name: 'DeleteAccessKey',
  readOnly: false,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    await keysOf(ctx, userName);
    if (!(await ctx.tx.accessKeys.delete(ctx.accountId, userName, input.AccessKeyId as AccessKeyId))) {
      throw noSuchAccessKey(input.AccessKeyId);
    }
    return undefined;
  },
});

export const getAccessKeyLastUsed = iamOperation<
  { AccessKeyId: string },
  { UserName?: string; AccessKeyLastUsed: AccessKeyLastUsedShape }
>({
  name: 'GetAccessKeyLastUsed',
  readOnly: true,
  // The owner is known only after the store lookup, so this is authorized against `*` (a
  // deviation: AWS authorizes it against the owning user's ARN).
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const key = await ctx.tx.accessKeys.get(ctx.accountId, input.AccessKeyId as AccessKeyId);
    if (key === undefined) throw noSuchAccessKey(input.AccessKeyId);
    const used = key.lastUsed;
    return {
      ...(key.userName !== undefined && { UserName: key.userName }),
      // AWS's answer for a key never used: no date, and "N/A" for the service and region.
      AccessKeyLastUsed:
        used === undefined
          ? { ServiceName: 'N/A', Region: 'N/A' }
          : { LastUsedDate: used.lastUsedDate, ServiceName: used.serviceName, Region: used.region },
    };
  },
});
