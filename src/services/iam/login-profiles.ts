/**
 * Console passwords of IAM users: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
 * DeleteLoginProfile and ChangePassword, under the account password policy (password-policy.ts in
 * domain/). Passwords arrive here and leave only as scrypt hashes (ctx.passwords).
 */
import { AwsError } from '../../core/aws-error.js';
import type { LoginProfile } from '../../store/login-profiles-repo.js';
import { isPasswordExpired } from '../../domain/password-policy.js';
import type { ResourceScope } from '../../protocol/operation-registry.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { noSuchUser } from './errors.js';
import { changeOwnPassword, checkNewPassword, hashing, noSuchLoginProfile } from './password-checks.js';

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

/** The user a call names, or the caller (undefined: the root user); role sessions must name one. */
function targetUser(userName: string | undefined, ctx: OperationContext): string | undefined {
  if (userName !== undefined) return userName;
  if (ctx.caller.principal.type === 'root') return undefined;
  if (ctx.caller.userName === undefined) {
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return ctx.caller.userName;
}

/** Create and Update set a user's password; the root's is set with `portcullis root set-password`. */
function namedUser(userName: string | undefined, ctx: OperationContext): string {
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

async function requireUser(ctx: OperationContext, userName: string): Promise<void> {
  if ((await ctx.tx.users.get(ctx.accountId, userName)) === undefined) throw noSuchUser(userName);
}

export const createLoginProfile = iamOperation<
  { UserName?: string; Password?: string; PasswordResetRequired?: boolean },
  { LoginProfile: LoginProfileShape }
>({
  name: 'CreateLoginProfile',
  readOnly: false,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = namedUser(input.UserName, ctx);
    // AWS's newer model leaves Password optional (passwordless profiles for other sign-in
    // methods); a console password is what Portcullis signs in with, so it is required here.
    if (input.Password === undefined) {
      throw new AwsError('ValidationError', 'Password is required to create a login profile.');
    }
    await requireUser(ctx, userName);
    if ((await ctx.tx.loginProfiles.get(ctx.accountId, userName)) !== undefined) {
      throw new AwsError('EntityAlreadyExists', `Login Profile for user ${userName} already exists.`);
    }
    const policy = await ctx.tx.passwordPolicies.get(ctx.accountId);
    await checkNewPassword(ctx, policy, userName, input.Password);
    const created = await ctx.tx.loginProfiles.create(ctx.accountId, userName, {
      passwordHash: await hashing(ctx).hash(input.Password),
      at: ctx.now,
      passwordResetRequired: input.PasswordResetRequired ?? false,
    });
    if (created === 'no-user') throw noSuchUser(userName);
    if (created === 'exists') {
      throw new AwsError('EntityAlreadyExists', `Login Profile for user ${userName} already exists.`);
    }
    return { LoginProfile: shape(created) };
  },
});

export const getLoginProfile = iamOperation<{ UserName?: string }, { LoginProfile: LoginProfileShape }>({
  name: 'GetLoginProfile',
  readOnly: true,
  resource: targetArn,
  handler: async (input, ctx) => {
    const userName = targetUser(input.UserName, ctx);
    if (userName !== undefined) await requireUser(ctx, userName);
    const profile = await ctx.tx.loginProfiles.get(ctx.accountId, userName);
    if (profile === undefined) throw noSuchLoginProfile(userName ?? ctx.accountId);
    return { LoginProfile: shape(profile) };
  },
});

export const updateLoginProfile = iamOperation<
  { UserName: string; Password?: string; PasswordResetRequired?: boolean },
  undefined
>({
  name: 'UpdateLoginProfile',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  handler: async (input, ctx) => {
    const userName = input.UserName;
    await requireUser(ctx, userName);
    if ((await ctx.tx.loginProfiles.get(ctx.accountId, userName)) === undefined) {
      throw noSuchLoginProfile(userName);
    }
    if (input.Password !== undefined) {
      const policy = await ctx.tx.passwordPolicies.get(ctx.accountId);
      await checkNewPassword(ctx, policy, userName, input.Password);
      await ctx.tx.loginProfiles.setPassword(ctx.accountId, userName, {
        passwordHash: await hashing(ctx).hash(input.Password),
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
    if (userName !== undefined) await requireUser(ctx, userName);
    if (!(await ctx.tx.loginProfiles.delete(ctx.accountId, userName))) {
      throw noSuchLoginProfile(userName ?? ctx.accountId);
    }
    await ctx.tx.consoleSessions.deleteFor(ctx.accountId, userName);
    return undefined;
  },
});

/**
 * ChangePassword: the calling IAM user changes its own password, proving the old one. Root and
 * role sessions get InvalidUserType. A wrong old password is AccessDenied (AWS documents no code
 * for it; see docs/passwords-and-sign-in.md). Under HardExpiry an expired password cannot be
 * changed by its user: an administrator resets it.
 */
export const changePassword = iamOperation<{ OldPassword: string; NewPassword: string }, undefined>({
  name: 'ChangePassword',
  readOnly: false,
  resource: (_input, scope) => scope.callerArn ?? ANY_RESOURCE(),
  handler: async (input, ctx) => {
    const userName = ctx.caller.userName;
    if (ctx.caller.principal.type !== 'user' || userName === undefined) {
      throw new AwsError(
        'InvalidUserType',
        'Only IAM users can change their own password with ChangePassword; this caller is not an IAM user.',
      );
    }
    const profile = await ctx.tx.loginProfiles.get(ctx.accountId, userName);
    if (profile === undefined) throw noSuchLoginProfile(userName);
    if (!(await hashing(ctx).verify(input.OldPassword, profile.passwordHash))) {
      throw new AwsError('AccessDenied', 'The old password is incorrect.');
    }
    const policy = await ctx.tx.passwordPolicies.get(ctx.accountId);
    if (policy?.hardExpiry && isPasswordExpired(policy, profile.passwordChangedAt, ctx.now)) {
      throw new AwsError(
        'AccessDenied',
        'The password has expired and the account password policy sets HardExpiry: an administrator must reset it.',
      );
    }
    await changeOwnPassword(ctx, policy, userName, input.NewPassword);
    return undefined;
  },
});
