import type { AccountId } from '../domain/ids.js';

/** A principal's latest authenticated use of a service (and, when known, of one action). */
export interface ServiceAccess {
  /** The user's or role's ARN (with its path). */
  readonly principalArn: string;
  readonly serviceNamespace: string;
  /** Set for action-level records (`GetUser`); undefined for a service-level one. */
  readonly actionName?: string;
  readonly lastAccessed: Date;
  readonly region: string;
}

/**
 * Where access advisor learns who used which service when: the audit trail's last-access summary
 * (service level, kept as events are written; see AuditReader.lastAccessed).
 */
export interface LastAccessedReader {
  /** The latest access per principal and service (and action), for the given principals only. */
  list(accountId: AccountId, principalArns: readonly string[]): Promise<readonly ServiceAccess[]>;
}

export type AccessAdvisorGranularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

/** A GenerateServiceLastAccessedDetails job: its answer is computed when it is created. */
export interface AccessAdvisorJob {
  readonly jobId: string;
  readonly arn: string;
  readonly granularity: AccessAdvisorGranularity;
  readonly createdAt: Date;
  readonly completedAt: Date;
  /** The report, as JSON text (services/iam/access-advisor-report.ts owns the format). */
  readonly result: string;
}

export interface AccessAdvisorJobsReader {
  get(accountId: AccountId, jobId: string): Promise<AccessAdvisorJob | undefined>;
}

export interface AccessAdvisorJobsRepo extends AccessAdvisorJobsReader {
  create(accountId: AccountId, job: AccessAdvisorJob): Promise<void>;
}
