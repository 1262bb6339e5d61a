/**
 * Console passwords of IAM users: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
 * DeleteLoginProfile and ChangePassword, under the account password policy (domain/
 * password-policy.ts). Passwords arrive here and leave only as scrypt hashes, made in `prepare`
 * (after authorization, before the transaction: scrypt must not hold the store's lock); each
 * handler re-checks in its transaction what may have changed meanwhile.
 */
import { AwsError } from '../../core/aws-error.js';
import { isPasswordExpired } from '../../domain/password-policy.js';
import type { ResourceScope } from '../../protocol/operation-registry.js';
import type { LoginProfile } from '../../store/login-profiles-repo.js';
import type { StoreReader } from '../../store/store.js';
import type { Caller, OperationContext, PrepareContext } from '../operation-context.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { noSuchUser } from './errors.js';
import {
  hashing,
  noSuchLoginProfile,
  type PreparedPassword,
  prepareNewPassword,
  preparedPassword,
} from './password-checks.js';

export interface LoginProfileShape {
  readonly UserName?: string;
  readonly CreateDate: Date;
  readonly PasswordResetRequired: boolean;
}

const shape = (p: LoginProfile): LoginProfileShape => ({
  ...(p.userName !== undefined && { UserName: p.userName }),
  CreateDate: p.createDate,
  PasswordResetRequired: p.passwordResetRequired,
});

type WithCaller = { readonly caller: Caller };

/** The user a call names, or the caller (undefined: the root user); role sessions must name one. */
function targetUser(userName: string | undefined, ctx: WithCaller): string | undefined {
  if (userName !== undefined) return userName;
  if (ctx.caller.principal.type === 'root') return undefined;
  if (ctx.caller.userName === undefined) {
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return ctx.caller.userName;
}

/** Create and Update set a user's password; the root's is set with `portcullis root set-password`. */
function namedUser(userName: string | undefined, ctx: WithCaller): string {
  const target = targetUser(userName, ctx);
  if (target === undefined) {
    throw new AwsError(
      'ValidationError',
      "Must specify userName when calling with root credentials (the root user's password is set with 'portcullis root set-password')",
    );
  }
  return target;
}

const targetArn = (input: { readonly UserName?: string }, scope: ResourceScope): string =>
  input.UserName !== undefined
    ? entityArn(scope, 'user', input.UserName)
    : (scope.callerArn ?? ANY_RESOURCE());

const alreadyExists = (userName: string) =>
  new AwsError('EntityAlreadyExists', `Login Profile for user ${userName} already exists.`);

/** The user must exist; its profile must (or, for Create, must not) exist. */
async function checkProfile(
  r: StoreReader,
  accountId: OperationContext['accountId'],
  userName: string,
  want: 'present' | 'absent',
): Promise<LoginProfile | undefined> {
  if ((await r.users.get(accountId, userName)) === undefined) throw noSuchUser(userName);
  const profile = await r.loginProfiles.get(accountId, userName);
  if (want === 'present' && profile === undefined) throw noSuchLoginProfile(userName);
  if (want === 'absent' && profile !== undefined) throw alreadyExists(userName);
  return profile;
}

type CreateInput = { UserName?: string; Password?: string; PasswordResetRequired?: boolean };

export const createLoginProfile = iamOperation<CreateInput, { LoginProfile: LoginProfileShape }>({
  name: 'CreateLoginProfile',
  readOnly: false,
  resource: targetArn,
  prepare: async (input, ctx) => {
    const userName = namedUser(input.UserName, ctx);
    // AWS's newer model leaves Password optional (passwordless profiles for other sign-in
    // methods); a console password is what Portcullis signs in with, so it is required here.
    if (input.Password === undefined) {
      throw new AwsError('ValidationError', 'Password is required to create a login profile.');
    }
    await ctx.read((r) => checkProfile(r, ctx.accountId, userName, 'absent'));
    return prepareNewPassword(ctx, userName, input.Password);
  },
  handler: async (input, ctx) => {
    const userName = namedUser(input.UserName, ctx);
    await checkProfile(ctx.tx, ctx.accountId, userName, 'absent');
    const created = await ctx.tx.loginProfiles.create(ctx.accountId, userName, {
      passwordHash: preparedPassword(ctx).passwordHash,
      at: ctx.now,
      passwordResetRequired: input.PasswordResetRequired ?? false,
    });
    if (created === 'no-user') throw noSuchUser(userName);
    if (created === 'exists') throw alreadyExists(userName);
    return { LoginProfile: shape(created) };
  },
});

export const getLoginProfile = iamOperation<{ UserName?: string }, { LoginProfile: LoginProfileShape }>({
  name: 'GetLoginProfile',
  readOnly: true,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    if (userName !== undefined && (await ctx.tx.users.get(ctx.accountId, userName)) === undefined) {
      throw noSuchUser(userName);
    }
    const profile = await ctx.tx.loginProfiles.get(ctx.accountId, userName);
    if (profile === undefined) throw noSuchLoginProfile(userName ?? ctx.accountId);
    return { LoginProfile: shape(profile) };
  },
});

type UpdateInput = { UserName: string; Password?: string; PasswordResetRequired?: boolean };

export const updateLoginProfile = iamOperation<UpdateInput, undefined>({
  name: 'UpdateLoginProfile',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  prepare: async (input, ctx) => {
    if (input.Password === undefined) return undefined;
    await ctx.read((r) => checkProfile(r, ctx.accountId, input.UserName, 'present'));
    return prepareNewPassword(ctx, input.UserName, input.Password);
  },
  handler: async (input, ctx) => {
    const userName = input.UserName;
    await checkProfile(ctx.tx, ctx.accountId, userName, 'present');
    if (input.Password !== undefined) {
      await ctx.tx.loginProfiles.setPassword(ctx.accountId, userName, {
        passwordHash: preparedPassword(ctx).passwordHash,
        at: ctx.now,
        passwordResetRequired: input.PasswordResetRequired,
      });
      // An administrator's reset ends the user's console sessions.
      await ctx.tx.consoleSessions.deleteFor(ctx.accountId, userName);
    } else if (input.PasswordResetRequired !== undefined) {
      await ctx.tx.loginProfiles.setResetRequired(ctx.accountId, userName, input.PasswordResetRequired);
    }
    return undefined;
  },
});

export const deleteLoginProfile = iamOperation<{ UserName?: string }, undefined>({
  name: 'DeleteLoginProfile',
  readOnly: false,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    if (userName !== undefined && (await ctx.tx.users.get(ctx.accountId, userName)) === undefined) {
      throw noSuchUser(userName);
    }
    if (!(await ctx.tx.loginProfiles.delete(ctx.accountId, userName))) {
      throw noSuchLoginProfile(userName ?? ctx.accountId);
    }
    await ctx.tx.consoleSessions.deleteFor(ctx.accountId, userName);
    return undefined;
  },
});

/** The calling IAM user; root and role sessions get InvalidUserType. */
function callingUser(ctx: WithCaller): string {
  const userName = ctx.caller.userName;
  if (ctx.caller.principal.type !== 'user' || userName === undefined) {
    throw new AwsError(
      'InvalidUserType',
      'Only IAM users can change their own password with ChangePassword; this caller is not an IAM user.',
    );
  }
  return userName;
}

/**
 * ChangePassword: the calling IAM user changes its own password, proving the old one. A wrong old
 * password is AccessDenied (AWS documents no code for it; see docs/passwords-and-sign-in.md).
 * Under HardExpiry an expired password cannot be changed by its user: an administrator resets it.
 */
export const changePassword = iamOperation<{ OldPassword: string; NewPassword: string }, undefined>({
  name: 'ChangePassword',
  readOnly: false,
  resource: (_input, scope) => scope.callerArn ?? ANY_RESOURCE(),
  prepare: async (input, ctx: PrepareContext): Promise<PreparedPassword> => {
    const userName = callingUser(ctx);
    const { profile, policy } = await ctx.read(async (r) => ({
      profile: await r.loginProfiles.get(ctx.accountId, userName),
      policy: await r.passwordPolicies.get(ctx.accountId),
    }));
    if (profile === undefined) throw noSuchLoginProfile(userName);
    if (!(await hashing(ctx).verify(input.OldPassword, profile.passwordHash))) {
      throw new AwsError('AccessDenied', 'The old password is incorrect.');
    }
    if (policy?.hardExpiry && isPasswordExpired(policy, profile.passwordChangedAt, ctx.now)) {
      throw new AwsError(
        'AccessDenied',
        'The password has expired and the account password policy sets HardExpiry: an administrator must reset it.',
      );
    }
    const prepared = await prepareNewPassword(ctx, userName, input.NewPassword);
    return { ...prepared, replaces: profile.passwordHash };
  },
  handler: async (_input, ctx) => {
    const userName = callingUser(ctx);
    const prepared = preparedPassword(ctx);
    const profile = await ctx.tx.loginProfiles.get(ctx.accountId, userName);
    if (profile === undefined) throw noSuchLoginProfile(userName);
    // The old password was verified against this hash, outside the transaction: it must still be current.
    if (profile.passwordHash !== prepared.replaces) {
      throw new AwsError(
        'EntityTemporarilyUnmodifiable',
        `The password of user ${userName} was changed by another request. Try again.`,
      );
    }
    await ctx.tx.loginProfiles.setPassword(ctx.accountId, userName, {
      passwordHash: prepared.passwordHash,
      at: ctx.now,
      passwordResetRequired: false,
    });
    return undefined;
  },
});
