import type { AccountId, PolicyId } from './ids.js';

/** `v1`, `v2`, ...: AWS never reuses a number after a version is deleted. */
export type PolicyVersionId = `v${number}`;

export const versionIdOf = (n: number): PolicyVersionId => `v${n}`;
export function versionNumberOf(id: string): number | undefined {
  const m = /^v([1-9][0-9]*)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

export interface PolicyVersion {
  readonly versionId: PolicyVersionId;
  readonly document: string;
  readonly isDefault: boolean;
  readonly createDate: Date;
}

/**
 * A managed policy. Customer-managed ones live in the store under their account; AWS-managed ones
 * (`arn:aws:iam::aws:policy/...`, accountId `aws`) come from an AwsManagedPolicyCatalog and are
 * never copied into an account: only attachments to them are stored.
 */
export interface ManagedPolicy {
  readonly accountId: AccountId;
  readonly id: PolicyId;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly defaultVersionId: PolicyVersionId;
  /** Attachments in the reading account (users, groups and roles). */
  readonly attachmentCount: number;
  /** Users and roles in the reading account that use this policy as their permissions boundary. */
  readonly permissionsBoundaryUsageCount: number;
  readonly isAttachable: boolean;
  readonly createDate: Date;
  readonly updateDate: Date;
}

export interface AwsManagedPolicy {
  readonly id: PolicyId;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly defaultVersionId: PolicyVersionId;
  readonly createDate: Date;
  readonly updateDate: Date;
}

/** The source of AWS-managed policies: a package, a fixture, a file. Read-only, synchronous. */
export interface AwsManagedPolicyCatalog {
  get(arn: string): AwsManagedPolicy | undefined;
  /** The document of a version, or of the default version when versionId is omitted. */
  document(arn: string, versionId?: string): string | undefined;
  versions(arn: string): readonly PolicyVersion[];
  /** Every AWS-managed policy, ordered by name. */
  list(): readonly AwsManagedPolicy[];
}
