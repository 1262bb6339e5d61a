import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { AccessAdvisorGranularity, AccessAdvisorJob } from '../../store/last-accessed-repo.js';
import type { OperationContext } from '../operation-context.js';
import { type AdvisorReport, buildAdvisorReport, type ReportEntity } from './access-advisor-report.js';
import { serviceNameOf } from './allowed-services.js';
import { iamOperation } from './define.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';

interface TrackedActionShape {
  readonly ActionName: string;
  readonly LastAccessedEntity: string;
  readonly LastAccessedTime: Date;
  readonly LastAccessedRegion: string;
}

interface ServiceLastAccessedShape {
  readonly ServiceName: string;
  readonly ServiceNamespace: string;
  readonly LastAuthenticated?: Date;
  readonly LastAuthenticatedEntity?: string;
  readonly LastAuthenticatedRegion?: string;
  readonly TotalAuthenticatedEntities: number;
  readonly TrackedActionsLastAccessed?: TrackedActionShape[];
}

type JobHeader = {
  readonly JobStatus: 'COMPLETED';
  readonly JobCreationDate: Date;
  readonly JobCompletionDate: Date;
};

/** AWS's JobId is a 36-character UUID; anything else is not one of ours. */
async function jobOf(
  ctx: OperationContext,
  jobId: string,
): Promise<{ job: AccessAdvisorJob; report: AdvisorReport }> {
  const job = await ctx.tx.accessAdvisorJobs.get(ctx.accountId, jobId);
  if (job === undefined) throw new AwsError('NoSuchEntity', `No such job: ${jobId}.`);
  return { job, report: JSON.parse(job.result) as AdvisorReport };
}

const header = (job: AccessAdvisorJob): JobHeader => ({
  JobStatus: 'COMPLETED',
  JobCreationDate: job.createdAt,
  JobCompletionDate: job.completedAt,
});

export const generateServiceLastAccessedDetails = iamOperation<
  { Arn: string; Granularity?: AccessAdvisorGranularity },
  { JobId: string }
>({
  name: 'GenerateServiceLastAccessedDetails',
  // It writes the job (so it runs in a read-write transaction), though it changes no entity.
  readOnly: false,
  resource: (input) => input.Arn,
  handler: async (input, ctx) => {
    const granularity = input.Granularity ?? 'SERVICE_LEVEL';
    if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL') {
      throw new AwsError('InvalidInput', `Invalid granularity: ${String(granularity)}.`);
    }
    const report = await buildAdvisorReport(ctx, input.Arn, granularity);
    const jobId = randomUUID();
    await ctx.tx.accessAdvisorJobs.create(ctx.accountId, {
      jobId,
      arn: input.Arn,
      granularity,
      createdAt: ctx.now,
      completedAt: ctx.now,
      result: JSON.stringify(report),
    });
    return { JobId: jobId };
  },
});

export const getServiceLastAccessedDetails = iamOperation<
  { JobId: string } & PageInput,
  JobHeader & {
    JobType: AccessAdvisorGranularity;
    ServicesLastAccessed: ServiceLastAccessedShape[];
  } & PageOutput
>({
  name: 'GetServiceLastAccessedDetails',
  readOnly: true,
  resource: () => '*',
  handler: async (input, ctx) => {
    const { job, report } = await jobOf(ctx, input.JobId);
    const page = pageOf(report.services, (s) => s.namespace, `access-advisor|${job.jobId}`, input);
    return {
      ...header(job),
      JobType: job.granularity,
      ServicesLastAccessed: page.items.map((s) => ({
        ServiceName: serviceNameOf(s.namespace),
        ServiceNamespace: s.namespace,
        ...(s.lastAuthenticated !== undefined && {
          LastAuthenticated: new Date(s.lastAuthenticated),
          LastAuthenticatedEntity: s.lastAuthenticatedEntity,
          LastAuthenticatedRegion: s.lastAuthenticatedRegion,
        }),
        TotalAuthenticatedEntities: s.totalAuthenticatedEntities,
        ...(s.trackedActions && {
          TrackedActionsLastAccessed: s.trackedActions.map((a) => ({
            ...a,
            LastAccessedTime: new Date(a.LastAccessedTime),
          })),
        }),
      })),
      ...pageOutput(page),
    };
  },
});

export const getServiceLastAccessedDetailsWithEntities = iamOperation<
  { JobId: string; ServiceNamespace: string } & PageInput,
  JobHeader & {
    EntityDetailsList: { EntityInfo: ReportEntity; LastAuthenticated?: Date }[];
  } & PageOutput
>({
  name: 'GetServiceLastAccessedDetailsWithEntities',
  readOnly: true,
  resource: () => '*',
  handler: async (input, ctx) => {
    const { job, report } = await jobOf(ctx, input.JobId);
    const service = report.services.find((s) => s.namespace === input.ServiceNamespace);
    // Most recent first, then those that never used the service, by name.
    const entities = service?.entities ?? [];
    const page = pageOf(
      entities,
      (e) => `${e.lastAuthenticated ? String(9e15 - Date.parse(e.lastAuthenticated)) : 'z'} ${e.info.Arn}`,
      `access-advisor|${job.jobId}|${input.ServiceNamespace}`,
      input,
    );
    return {
      ...header(job),
      EntityDetailsList: page.items.map((e) => ({
        EntityInfo: e.info,
        ...(e.lastAuthenticated !== undefined && { LastAuthenticated: new Date(e.lastAuthenticated) }),
      })),
      ...pageOutput(page),
    };
  },
});
