import { userArn } from '../../domain/arns.js';
import type { AccountId } from '../../domain/ids.js';
import type {
  AccessAdvisorJob,
  AccessAdvisorJobsRepo,
  LastAccessedReader,
  ServiceAccess,
} from '../last-accessed-repo.js';
import { dateOf, iso, type SqlContext } from './context.js';

/**
 * The interim source of access advisor: each user access key's last use (AWS's own
 * AccessKeyLastUsed), so a user's latest service per key. The audit trail replaces it.
 */
export class SqlLastAccessed implements LastAccessedReader {
  constructor(private readonly ctx: SqlContext) {}

  async list(accountId: AccountId, principalArns: readonly string[]): Promise<readonly ServiceAccess[]> {
    if (principalArns.length === 0) return [];
    const wanted = new Set(principalArns);
    const rows = await this.ctx.db
      .selectFrom('access_keys as k')
      .innerJoin('users as u', (j) =>
        j.onRef('u.account_id', '=', 'k.account_id').onRef('u.id', '=', 'k.user_id'),
      )
      .select(['u.path', 'u.name', 'k.last_used_date', 'k.last_used_service', 'k.last_used_region'])
      .where('k.account_id', '=', accountId)
      .where('k.last_used_date', 'is not', null)
      .execute();
    const latest = new Map<string, ServiceAccess>();
    for (const r of rows) {
      const arn = userArn(accountId, r.path, r.name, this.ctx.partition);
      if (!wanted.has(arn) || r.last_used_date === null || r.last_used_service === null) continue;
      const access: ServiceAccess = {
        principalArn: arn,
        serviceNamespace: r.last_used_service,
        lastAccessed: dateOf(r.last_used_date),
        region: r.last_used_region ?? '',
      };
      const key = `${arn} ${access.serviceNamespace}`;
      const seen = latest.get(key);
      if (!seen || seen.lastAccessed < access.lastAccessed) latest.set(key, access);
    }
    return [...latest.values()];
  }
}

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
