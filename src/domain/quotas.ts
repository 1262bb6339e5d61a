/**
 * Default IAM quotas (IAM-FACTS §3.2), as data. The services enforce them; the store only counts.
 * `quotaName` is the name in AWS's `Cannot exceed quota for <QuotaName>: N` message; `summaryKey`
 * is the GetAccountSummary SummaryMap key where one exists.
 */
export interface Quota {
  readonly limit: number;
  readonly quotaName: string;
  readonly summaryKey?: string;
}

export const QUOTAS = {
  usersPerAccount: { limit: 5000, quotaName: 'UsersPerAccount', summaryKey: 'UsersQuota' },
  groupsPerAccount: { limit: 300, quotaName: 'GroupsPerAccount', summaryKey: 'GroupsQuota' },
  rolesPerAccount: { limit: 1000, quotaName: 'RolesPerAccount', summaryKey: 'RolesQuota' },
  policiesPerAccount: { limit: 1500, quotaName: 'PoliciesPerAccount', summaryKey: 'PoliciesQuota' },
  instanceProfilesPerAccount: {
    limit: 1000,
    quotaName: 'InstanceProfilesPerAccount',
    summaryKey: 'InstanceProfilesQuota',
  },
  policyVersionsInUse: {
    limit: 10000,
    quotaName: 'PolicyVersionsInUse',
    summaryKey: 'PolicyVersionsInUseQuota',
  },
  versionsPerPolicy: { limit: 5, quotaName: 'PolicyVersionsPerPolicy', summaryKey: 'VersionsPerPolicyQuota' },
  groupsPerUser: { limit: 10, quotaName: 'GroupsPerUser', summaryKey: 'GroupsPerUserQuota' },
  accessKeysPerUser: { limit: 2, quotaName: 'AccessKeysPerUser', summaryKey: 'AccessKeysPerUserQuota' },
  signingCertificatesPerUser: {
    limit: 2,
    quotaName: 'SigningCertificatesPerUser',
    summaryKey: 'SigningCertificatesPerUserQuota',
  },
  attachedPoliciesPerUser: {
    limit: 10,
    quotaName: 'PoliciesPerUser',
    summaryKey: 'AttachedPoliciesPerUserQuota',
  },
  attachedPoliciesPerGroup: {
    limit: 10,
    quotaName: 'PoliciesPerGroup',
    summaryKey: 'AttachedPoliciesPerGroupQuota',
  },
  attachedPoliciesPerRole: {
    limit: 10,
    quotaName: 'PoliciesPerRole',
    summaryKey: 'AttachedPoliciesPerRoleQuota',
  },
  managedPolicySize: { limit: 6144, quotaName: 'PolicySize', summaryKey: 'PolicySizeQuota' },
  userPolicySize: { limit: 2048, quotaName: 'UserPolicySize', summaryKey: 'UserPolicySizeQuota' },
  groupPolicySize: { limit: 5120, quotaName: 'GroupPolicySize', summaryKey: 'GroupPolicySizeQuota' },
  rolePolicySize: { limit: 10240, quotaName: 'RolePolicySize', summaryKey: 'RolePolicySizeQuota' },
  assumeRolePolicySize: {
    limit: 2048,
    quotaName: 'ACLSizePerRole',
    summaryKey: 'AssumeRolePolicySizeQuota',
  },
  rolesPerInstanceProfile: { limit: 1, quotaName: 'InstanceSessionsPerInstanceProfile' },
  tagsPerEntity: { limit: 50, quotaName: 'TagsPerEntity' },
  mfaDevicesPerUser: { limit: 8, quotaName: 'MFADevicesPerUser' },
  /** Virtual MFA devices per account: AWS ties it to the user quota. */
  mfaDevicesPerAccount: { limit: 5000, quotaName: 'MFADevicesPerAccount' },
} as const satisfies Record<string, Quota>;

export type QuotaKey = keyof typeof QUOTAS;

export const quotaExceededMessage = (key: QuotaKey): string =>
  `Cannot exceed quota for ${QUOTAS[key].quotaName}: ${QUOTAS[key].limit}`;

/** Role MaxSessionDuration bounds in seconds, and the default. */
export const MAX_SESSION_DURATION = { min: 3600, max: 43200, default: 3600 } as const;
