import { randomBytes } from 'node:crypto';
import type { AccessKeyId, GroupId, InstanceProfileId, PolicyId, RoleId, UserId } from './ids.js';

/**
 * AWS unique-id prefixes (IAM-FACTS §3.3). Entity ids are the prefix plus 17 characters of the
 * RFC 4648 base32 alphabet (21 in all, like `AIDAJQABLZS4A3QDU576Q`); access key ids are the
 * prefix plus 16 (20 in all, like `AKIAIOSFODNN7EXAMPLE`).
 */
export const UNIQUE_ID_PREFIX = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  policy: 'ANPA',
  policyVersion: 'ANVA',
  instanceProfile: 'AIPA',
  accessKey: 'AKIA',
  temporaryAccessKey: 'ASIA',
} as const;
export type UniqueIdKind = keyof typeof UNIQUE_ID_PREFIX;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const UNIQUE_ID_PATTERN = /^A[A-Z]{3}[A-Z2-7]{16,17}$/;

/** Random source, injectable so tests can pin ids. */
export type RandomBytes = (size: number) => Uint8Array;

function base32(count: number, random: RandomBytes): string {
  const bytes = random(count);
  let out = '';
  for (let i = 0; i < count; i++) out += BASE32[(bytes[i] ?? 0) & 31];
  return out;
}

export function newUniqueId(kind: UniqueIdKind, random: RandomBytes = randomBytes): string {
  const length = kind === 'accessKey' || kind === 'temporaryAccessKey' ? 16 : 17;
  return UNIQUE_ID_PREFIX[kind] + base32(length, random);
}

export const newUserId = (random?: RandomBytes): UserId => newUniqueId('user', random) as UserId;
export const newGroupId = (random?: RandomBytes): GroupId => newUniqueId('group', random) as GroupId;
export const newRoleId = (random?: RandomBytes): RoleId => newUniqueId('role', random) as RoleId;
export const newPolicyId = (random?: RandomBytes): PolicyId => newUniqueId('policy', random) as PolicyId;
export const newInstanceProfileId = (random?: RandomBytes): InstanceProfileId =>
  newUniqueId('instanceProfile', random) as InstanceProfileId;
export const newAccessKeyId = (random?: RandomBytes): AccessKeyId =>
  newUniqueId('accessKey', random) as AccessKeyId;
