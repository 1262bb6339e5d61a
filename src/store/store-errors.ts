import { AwsError } from '../core/aws-error.js';

/**
 * The store throws AwsError for the few conditions only it can see atomically: a name already
 * taken (its unique indexes decide, also under concurrency) and a marker it did not issue.
 */
export type UniqueKind =
  | 'account'
  | 'alias'
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'instanceProfile'
  | 'mfaDevice';

const MESSAGES: Record<UniqueKind, (name: string) => string> = {
  account: (id) => `Account ${id} already exists.`,
  alias: (alias) => `The account alias ${alias} already exists.`,
  user: (name) => `User with name ${name} already exists.`,
  group: (name) => `Group with name ${name} already exists.`,
  role: (name) => `Role with name ${name} already exists.`,
  policy: (name) => `A policy called ${name} already exists. Duplicate names are not allowed.`,
  instanceProfile: (name) => `Instance Profile ${name} already exists.`,
  mfaDevice: () => 'MFADevice entity at the same path and name already exists.',
};

export const entityAlreadyExists = (kind: UniqueKind, name: string): AwsError =>
  new AwsError('EntityAlreadyExists', MESSAGES[kind](name));
