import { iamArn, parseArn } from '../core/arn.js';
import { AWS_MANAGED_ACCOUNT } from './ids.js';

/**
 * ARNs of IAM entities (IAM-FACTS §3.4). The path keeps its slashes, so `/` + `Bob` gives
 * `user/Bob` and `/eng/` + `Bob` gives `user/eng/Bob`. IAM ARNs carry no region.
 */
export type ArnEntityKind = 'user' | 'group' | 'role' | 'policy' | 'instance-profile';

export const entityArn = (
  kind: ArnEntityKind,
  account: string,
  path: string,
  name: string,
  partition?: string,
) => iamArn(account, `${kind}${path}${name}`, partition);

export const rootArn = (account: string, partition?: string) => iamArn(account, 'root', partition);
export const userArn = (account: string, path: string, name: string, partition?: string) =>
  entityArn('user', account, path, name, partition);
export const groupArn = (account: string, path: string, name: string, partition?: string) =>
  entityArn('group', account, path, name, partition);
export const roleArn = (account: string, path: string, name: string, partition?: string) =>
  entityArn('role', account, path, name, partition);
export const policyArn = (account: string, path: string, name: string, partition?: string) =>
  entityArn('policy', account, path, name, partition);
export const instanceProfileArn = (account: string, path: string, name: string, partition?: string) =>
  entityArn('instance-profile', account, path, name, partition);
export const awsManagedPolicyArn = (path: string, name: string, partition?: string) =>
  policyArn(AWS_MANAGED_ACCOUNT, path, name, partition);

export interface PolicyArnParts {
  readonly partition: string;
  /** A 12-digit account id, or `aws` for an AWS-managed policy. */
  readonly account: string;
  readonly path: string;
  readonly name: string;
}

/** Splits `arn:aws:iam::ACCT:policy/path/Name`; undefined for anything else. */
export function parsePolicyArn(text: string): PolicyArnParts | undefined {
  const arn = parseArn(text);
  if (arn?.service !== 'iam' || arn.region !== '' || !arn.resource.startsWith('policy/')) return undefined;
  const rest = arn.resource.slice('policy'.length);
  const cut = rest.lastIndexOf('/');
  const name = rest.slice(cut + 1);
  if (name === '') return undefined;
  return { partition: arn.partition, account: arn.account, path: rest.slice(0, cut + 1), name };
}

export const isAwsManagedPolicyArn = (text: string): boolean =>
  parsePolicyArn(text)?.account === AWS_MANAGED_ACCOUNT;
