import type { AccountId } from '../../domain/ids.js';
import type { AccessAdvisorJob, AccessAdvisorJobsRepo, LastAccessedReader } from '../last-accessed-repo.js';
import { dateOf, iso, type SqlContext } from './context.js';

export class SqlAccessAdvisorJobs implements AccessAdvisorJobsRepo {
  constructor(private readonly ctx: SqlContext) {}

  async get(accountId: AccountId, jobId: string): Promise<AccessAdvisorJob | undefined> {
    const r = await this.ctx.db
      .selectFrom('access_advisor_jobs')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return (
      r && {
        jobId: r.job_id,
        arn: r.arn,
        granularity: r.granularity,
        createdAt: dateOf(r.created_at),
        completedAt: dateOf(r.completed_at),
        result: r.result,
      }
    );
  }

  async create(accountId: AccountId, job: AccessAdvisorJob): Promise<void> {
    await this.ctx.db
      .insertInto('access_advisor_jobs')
      .values({
        account_id: accountId,
        job_id: job.jobId,
        arn: job.arn,
        granularity: job.granularity,
        created_at: iso(job.createdAt),
        completed_at: iso(job.completedAt),
        result: job.result,
      })
      .execute();
    this.ctx.touch(accountId);
  }
}

/** The audit trail's last-access query, as the audit repository declares it. */
export interface AuditLastAccessSource {
  lastAccessed(
    accountId: AccountId,
    principalArns?: readonly string[],
  ): Promise<
    readonly {
      readonly principalArn: string;
      readonly service: string;
      readonly lastAccessed: Date;
      readonly region: string;
    }[]
  >;
}

/** Access advisor fed by the audit trail (every authenticated call, per principal and service). */
export const lastAccessedFromAudit = (audit: AuditLastAccessSource): LastAccessedReader => ({
  async list(accountId, principalArns) {
    if (principalArns.length === 0) return [];
    return (await audit.lastAccessed(accountId, principalArns)).map((a) => ({
      principalArn: a.principalArn,
      serviceNamespace: a.service,
      lastAccessed: a.lastAccessed,
      region: a.region,
    }));
  },
});
