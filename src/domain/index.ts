/** IAM entities, ids, ARNs, name rules and quotas. Pure: no I/O. */
export type * from './access-key.js';
export type * from './account.js';
export * from './arns.js';
export type * from './attachment.js';
export type * from './group.js';
export * from './ids.js';
export type * from './inline-policy.js';
export type * from './instance-profile.js';
export * from './managed-policy.js';
export * from './mfa-device.js';
export * from './names.js';
export type * from './principal-policies.js';
export * from './quotas.js';
export type * from './role.js';
export * from './tag.js';
export * from './unique-id.js';
export type * from './user.js';
