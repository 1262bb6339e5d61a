import { AwsError } from '../../core/aws-error.js';
import type { PolicyKind, PolicyVersion } from '../../policy/index.js';
import { parsePolicy } from '../../policy/index.js';

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
