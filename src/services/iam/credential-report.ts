import { AwsError } from '../../core/aws-error.js';
import { rootArn } from '../../domain/arns.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { credentialReportCsv } from './credential-report-csv.js';

/** AWS regenerates a report at most every four hours; an older one has expired. */
const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

type State = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

async function generate(ctx: OperationContext): Promise<void> {
  const facts = await ctx.tx.credentialReports.facts(ctx.accountId);
  if (facts === undefined) throw new Error(`account ${ctx.accountId} has no record`);
  const content = credentialReportCsv(facts, rootArn(ctx.accountId, ctx.partition));
  await ctx.tx.credentialReports.put(ctx.accountId, { generatedAt: ctx.now, content });
}

/**
 * Generation runs inside the call (a report is a few queries), so the report is ready as soon as
 * STARTED is answered; the next call within four hours answers COMPLETE and keeps that report.
 */
export const generateCredentialReport = iamOperation<
  Record<string, never>,
  { State: State; Description: string }
>({
  name: 'GenerateCredentialReport',
  readOnly: false,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const current = await ctx.tx.credentialReports.get(ctx.accountId);
    if (current !== undefined && ctx.now.getTime() - current.generatedAt.getTime() < REPORT_LIFETIME_MS) {
      return { State: 'COMPLETE', Description: 'Report generated' } as const;
    }
    await generate(ctx);
    return {
      State: 'STARTED',
      Description:
        current === undefined
          ? 'No report exists. Starting a new report generation task'
          : 'Report expired. Starting a new report generation task',
    } as const;
  },
});

export const getCredentialReport = iamOperation<
  Record<string, never>,
  { Content: Buffer; ReportFormat: 'text/csv'; GeneratedTime: Date }
>({
  name: 'GetCredentialReport',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const report = await ctx.tx.credentialReports.get(ctx.accountId);
    if (report === undefined) {
      throw new AwsError(
        'ReportNotPresent',
        'Credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
      );
    }
    if (ctx.now.getTime() - report.generatedAt.getTime() >= REPORT_LIFETIME_MS) {
      throw new AwsError(
        'ReportExpired',
        'The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
      );
    }
    return {
      Content: Buffer.from(report.content, 'utf8'),
      ReportFormat: 'text/csv',
      GeneratedTime: report.generatedAt,
    } as const;
  },
});
