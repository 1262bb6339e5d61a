import type {
  AccessKeyId,
  AccountId,
  GroupId,
  InstanceProfileId,
  PolicyId,
  RoleId,
  UserId,
} from '../../src/domain/ids.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import type { StoreTx } from '../../src/store/store.js';

export const A = '111111111111' as AccountId;
export const B = '222222222222' as AccountId;
export const T0 = new Date('2024-01-02T03:04:05.678Z');

let counter = 0;
const next = (prefix: string, width: number) => `${prefix}${String(++counter).padStart(width, 'A')}`;
export const ids = {
  user: () => next('AIDA', 17) as UserId,
  group: () => next('AGPA', 17) as GroupId,
  role: () => next('AROA', 17) as RoleId,
  policy: () => next('ANPA', 17) as PolicyId,
  profile: () => next('AIPA', 17) as InstanceProfileId,
  key: () => next('AKIA', 16) as AccessKeyId,
};

export const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

export const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const READ_ONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const LAMBDA_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** A two-policy stand-in for the 77 MB package, so the suite stays fast. */
export const testCatalog = () =>
  new StaticAwsManagedCatalog([
    {
      name: 'ReadOnlyAccess',
      defaultVersionId: 'v2',
      versions: [
        { versionId: 'v1', document: doc('s3:Get*'), createDate: T0 },
        { versionId: 'v2', document: doc('*:Get*'), createDate: T0 },
      ],
    },
    {
      name: 'AWSLambdaBasicExecutionRole',
      path: '/service-role/',
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document: doc('logs:*'), createDate: T0 }],
    },
  ]);

export const createUser = (tx: StoreTx, account: AccountId, name: string, path = '/') =>
  tx.users.create(account, { id: ids.user(), name, path, createDate: T0 });
export const createGroup = (tx: StoreTx, account: AccountId, name: string, path = '/') =>
  tx.groups.create(account, { id: ids.group(), name, path, createDate: T0 });
export const createRole = (tx: StoreTx, account: AccountId, name: string, path = '/') =>
  tx.roles.create(account, {
    id: ids.role(),
    name,
    path,
    createDate: T0,
    assumeRolePolicyDocument: TRUST,
    maxSessionDuration: 3600,
  });
export const createPolicy = (
  tx: StoreTx,
  account: AccountId,
  name: string,
  document = doc('s3:*'),
  path = '/',
) => tx.policies.create(account, { id: ids.policy(), name, path, document, createDate: T0 });
export const createProfile = (tx: StoreTx, account: AccountId, name: string, path = '/') =>
  tx.instanceProfiles.create(account, { id: ids.profile(), name, path, createDate: T0 });
export const createKey = (tx: StoreTx, account: AccountId, userName: string | undefined) =>
  tx.accessKeys.create(account, {
    accessKeyId: ids.key(),
    ...(userName !== undefined && { userName }),
    status: 'Active',
    createDate: T0,
    secretCiphertext: Buffer.from([1, 2, 3, 0, 255]),
  });
