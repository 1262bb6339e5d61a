import type { PolicyError } from './policy-error.js';

/**
 * AWS answers a bad document with one message, chosen by the order in which its validator runs
 * its checks (observed: syntax, then version, then the "legacy" parser, then SID uniqueness,
 * then required elements, then resource and action formats). We collect every problem but rank
 * it by that order, so the first error is the one AWS would have reported.
 */
export const Rank = {
  syntax: 0,
  version: 1,
  legacy: 2,
  sid: 3,
  principal: 4,
  actionsExist: 5,
  actionVendor: 6,
  trustAction: 7,
  resourcesExist: 8,
  resourceFormat: 9,
  actionFormat: 10,
} as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** AWS's own wording, where AWS has one (IAM API, observed). */
export const Msg = {
  syntax: 'Syntax errors in policy.',
  invalidJson: 'This policy contains invalid Json',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  noPrincipal: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  actions: 'Policy statement must contain actions.',
  resources: 'Policy statement must contain resources.',
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  trustResource: 'Has prohibited field Resource',
  trustNotResource: 'Has prohibited field NotResource',
  trustNotPrincipal: 'Has prohibited field NotPrincipal',
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
  invalidPrincipalString: (value: string) => `Invalid principal in policy: "${value}"`,
  resourceNotArn: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  partition: (partition: string, shown: string) =>
    `Partition "${partition}" is not valid for resource "${shown}".`,
  iamRegion: (r: string) => `IAM resource ${r} cannot contain region information.`,
  s3Region: (r: string) => `Resource ${r} can not contain region information.`,
  iamPath: (prefixes: readonly string[]) =>
    `IAM resource path must either be "*" or start with ${prefixes.join(', ')}.`,
} as const;

/**
 * A PolicyError with what the AWS message leaves out: `detail` says exactly what is wrong
 * ("Duplicate key \"Effect\"."), `rank` is the validation stage. AWS's message stays in `message`
 * so the API can answer word for word.
 */
export interface DetailedPolicyError extends PolicyError {
  readonly detail: string;
  readonly rank: number;
}

export const isDetailed = (e: PolicyError): e is DetailedPolicyError =>
  typeof (e as Partial<DetailedPolicyError>).detail === 'string';

/** Where a problem is. Line 0 means "not from source text" (parsePolicyValue). */
export interface Where {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

export class Problems {
  private readonly errorList: DetailedPolicyError[] = [];
  private readonly warningList: DetailedPolicyError[] = [];

  error(rank: Rank, message: string, detail: string, where: Where): void {
    this.errorList.push(make(rank, message, detail, where));
  }

  /** A syntax error whose AWS message is the generic one. */
  syntax(detail: string, where: Where): void {
    this.error(Rank.syntax, Msg.syntax, detail, where);
  }

  warn(detail: string, where: Where): void {
    this.warningList.push(make(Rank.syntax, detail, detail, where));
  }

  get errorCount(): number {
    return this.errorList.length;
  }

  /** Errors by stage, document order within a stage (the sort is stable). */
  errors(): DetailedPolicyError[] {
    return [...this.errorList].sort((a, b) => a.rank - b.rank);
  }

  warnings(): DetailedPolicyError[] {
    return [...this.warningList];
  }
}

function make(rank: Rank, message: string, detail: string, where: Where): DetailedPolicyError {
  const known = where.line > 0;
  return {
    code: 'MalformedPolicyDocument',
    message,
    detail,
    rank,
    path: where.path,
    line: known ? where.line : undefined,
    column: known ? where.column : undefined,
  };
}
