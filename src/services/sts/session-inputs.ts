/** Input checks shared by the operations that take session policies and tags. */
import { AwsError } from '../../core/aws-error.js';
import { parsePolicyArn } from '../../domain/arns.js';
import type { SessionTag } from '../../domain/session.js';

export interface TagShape {
  readonly Key: string;
  readonly Value: string;
}

export const MAX_POLICY_ARNS = 10;

/** PolicyArns: at most 10, each a managed policy ARN. */
export function policyArnsOf(list: readonly { readonly arn?: string }[] | undefined): string[] {
  const arns = (list ?? []).map((p) => p.arn ?? '');
  if (arns.length > MAX_POLICY_ARNS) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '[${arns.join(', ')}]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`,
    );
  }
  for (const arn of arns) {
    if (parsePolicyArn(arn) === undefined)
      throw new AwsError('InvalidParameterValue', `Invalid policy ARN: ${arn}`);
  }
  return arns;
}

/** Tags: keys unique without regard to case. */
export function sessionTagsOf(tags: readonly TagShape[] | undefined): SessionTag[] {
  const out = (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
  const seen = new Set<string>();
  for (const t of out) {
    const k = t.key.toLowerCase();
    if (seen.has(k)) {
      throw new AwsError(
        'InvalidParameterValue',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(k);
  }
  return out;
}

/** The request keys that session tags contribute: aws:RequestTag/<key> and aws:TagKeys. */
export function tagRequestKeys(tags: readonly SessionTag[]): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = {};
  for (const t of tags) keys[`aws:RequestTag/${t.key}`] = t.value;
  if (tags.length > 0) keys['aws:TagKeys'] = tags.map((t) => t.key);
  return keys;
}
