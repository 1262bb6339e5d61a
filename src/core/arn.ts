/**
 * An ARN parsed once: `arn:partition:service:region:account:resource`. The resource part keeps
 * any further colons. Parsing never throws; `parseArn` returns undefined for a non-ARN.
 */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const at = text.indexOf(':', start);
    if (at < 0) return undefined;
    parts.push(text.slice(start, at));
    start = at + 1;
  }
  const [partition, service, region, account] = parts as [string, string, string, string];
  if (partition === '' || service === '') return undefined;
  return { partition, service, region, account, resource: text.slice(start) };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** The 6 colon-separated fields of an ARN-shaped string; the last keeps later colons. */
export function arnFields(text: string): string[] | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const at = text.indexOf(':', start);
    if (at < 0) return undefined;
    fields.push(text.slice(start, at));
    start = at + 1;
  }
  fields.push(text.slice(start));
  return fields;
}

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const isAccountId = (s: string): boolean => ACCOUNT_ID_PATTERN.test(s);

/** The IAM ARNs Portcullis issues; the partition is configurable but defaults to `aws`. */
export const iamArn = (account: string, resource: string, partition = 'aws'): string =>
  `arn:${partition}:iam::${account}:${resource}`;
export const stsArn = (account: string, resource: string, partition = 'aws'): string =>
  `arn:${partition}:sts::${account}:${resource}`;
