import { AwsError } from '../../core/aws-error.js';
import type { PolicyKind, PolicyVersion } from '../../policy/index.js';
import { parsePolicy } from '../../policy/index.js';
import { limitExceeded } from './errors.js';
import { QUOTAS } from '../../domain/quotas.js';

/** IAM's size quotas do not count white space (IAM-FACTS §3.2). */
export const policySize = (document: string): number => document.replace(/[ \t\n\r]/g, '').length;

export interface DocumentCheck {
  readonly kind: PolicyKind;
  readonly id: string;
  readonly partition: string;
  readonly minimumVersion?: PolicyVersion;
}

/** Throws AWS's MalformedPolicyDocument with the first error AWS would report. */
export function checkPolicyDocument(document: string, check: DocumentCheck): void {
  const result = parsePolicy(document, {
    kind: check.kind,
    id: check.id,
    partition: check.partition,
    ...(check.minimumVersion !== undefined && { minimumVersion: check.minimumVersion }),
  });
  if (!result.ok) {
    throw new AwsError('MalformedPolicyDocument', result.errors[0]?.message ?? 'Syntax errors in policy.');
  }
}

/** CreatePolicy and CreatePolicyVersion: the 6,144 quota (white space not counted), then the grammar. */
export function checkManagedDocument(document: string, id: string, partition: string): void {
  if (policySize(document) > QUOTAS.managedPolicySize.limit) throw limitExceeded('managedPolicySize');
  checkPolicyDocument(document, { kind: 'identity', id, partition, minimumVersion: '2012-10-17' });
}
