/**
 * Branded identifiers. A brand costs nothing at run time and stops a role id being passed where a
 * user id is expected; values cross the brand only through the constructors here or the store.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A 12-digit AWS account id, or `aws` for the pseudo-account that owns AWS-managed policies. */
export type AccountId = Brand<string, 'AccountId'>;
export type UserId = Brand<string, 'UserId'>;
export type GroupId = Brand<string, 'GroupId'>;
export type RoleId = Brand<string, 'RoleId'>;
export type PolicyId = Brand<string, 'PolicyId'>;
export type InstanceProfileId = Brand<string, 'InstanceProfileId'>;
export type AccessKeyId = Brand<string, 'AccessKeyId'>;

export const AWS_MANAGED_ACCOUNT = 'aws' as AccountId;

const ACCOUNT_ID = /^\d{12}$/;

export function asAccountId(text: string): AccountId | undefined {
  return ACCOUNT_ID.test(text) ? (text as AccountId) : undefined;
}

/** For ids read back from trusted storage; callers outside store/ use the generators instead. */
export const unsafeId = <T extends Brand<string, string>>(text: string): T => text as T;
