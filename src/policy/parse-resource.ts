import { Msg, Rank } from './parse-errors.js';

/**
 * Resource strings: `*` or ARN-shaped. The checks and their order follow what AWS IAM answers
 * (observed messages, collected in moto's conformance corpus): no colon at all, an unknown
 * partition, no service, region information on IAM (and region-without-account on S3), an IAM
 * resource type that IAM does not have, and finally the "legacy parser" rejecting a short ARN
 * with an empty field or an empty service. Case is kept: resources match case-sensitively.
 */
export interface ResourceFinding {
  readonly rank: Rank;
  readonly message: string;
  readonly detail: string;
}

/** Partitions AWS knows; `*` is accepted as a wildcard partition. */
export const PARTITIONS: ReadonlySet<string> = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
  '*',
]);

export const IAM_RESOURCE_PREFIXES: readonly string[] = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/**
 * Policy variables may hold colons (`${aws:username}`); they must not split ARN fields, so the
 * structural checks run on a copy with each variable's inside blanked out.
 */
const maskVariables = (s: string): string =>
  s.includes('${') ? s.replace(/\$\{[^}]*\}/g, (v) => `\${${'_'.repeat(v.length - 3)}}`) : s;

const format = (message: string, detail: string): ResourceFinding => ({
  rank: Rank.resourceFormat,
  message,
  detail,
});

export function checkResource(resource: string): ResourceFinding | undefined {
  if (resource === '*') return undefined;
  const masked = maskVariables(resource);
  const parts = masked.split(':');
  if (parts.length === 1) {
    return format(
      Msg.resourceNotArn(resource),
      `Resource "${resource}" is neither "*" nor an ARN (arn:partition:service:region:account:resource).`,
    );
  }
  // AWS reads the second field as the partition whatever the first one says, and echoes the
  // resource back padded to six fields with '*'.
  const partition = parts[1] as string;
  if (!PARTITIONS.has(partition)) {
    return format(
      Msg.partition(partition, echoArn(partition, resource.split(':').slice(2))),
      `Resource "${resource}" names partition "${partition}", which is not an AWS partition.`,
    );
  }
  if (parts.length === 2) {
    return format(Msg.resourceVendor, `Resource "${resource}" has no service field.`);
  }
  const service = parts[2] as string;
  const region = parts[3] ?? '';
  const account = parts[4] ?? '';
  if (service === 'iam' && region !== '') {
    return format(Msg.iamRegion(resource), `IAM ARNs carry no region; "${region}" was given.`);
  }
  // Access points and batch jobs carry a region and an account; a bucket ARN carries neither.
  if (service === 's3' && region !== '' && account === '') {
    return format(Msg.s3Region(resource), `S3 bucket ARNs carry no region; "${region}" was given.`);
  }
  if (service === 'iam' && parts.length >= 6) {
    const rest = parts.slice(5).join(':');
    if (!rest.startsWith('*') && !IAM_RESOURCE_PREFIXES.some((p) => rest.startsWith(p))) {
      return format(
        Msg.iamPath(IAM_RESOURCE_PREFIXES),
        `IAM resource "${resource}" names no IAM resource type.`,
      );
    }
  }
  if ((parts.length < 6 && masked.includes('::')) || service === '') {
    return {
      rank: Rank.legacy,
      message: Msg.legacy,
      detail:
        service === ''
          ? `Resource "${resource}" has an empty service field.`
          : `Resource "${resource}" has fewer than six ARN fields.`,
    };
  }
  return undefined;
}

function echoArn(partition: string, rest: readonly string[]): string {
  const field = (i: number): string => {
    if (i >= rest.length) return '*';
    if (i === 0 && rest[0] === '' && rest.length === 1) return '*';
    return rest[i] as string;
  };
  const tail = rest.length > 3 ? rest.slice(3).join(':') : '*';
  return `arn:${partition}:${field(0)}:${field(1)}:${field(2)}:${tail}`;
}
