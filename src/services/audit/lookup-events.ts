/**
 * CloudTrail LookupEvents over the audit trail, authorized as `cloudtrail:LookupEvents` on `*`
 * like every other operation (the registry's action, the one authorizer).
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationDefinition } from '../../protocol/operation-registry.js';
import type { LookupAttribute, StoredAuditEvent } from '../../store/audit-repo.js';
import type { OperationContext, PortcullisOperation } from '../operation-context.js';

interface LookupEventsInput extends Record<string, unknown> {
  LookupAttributes?: { AttributeKey?: string; AttributeValue?: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

interface LookupEventsOutput extends Record<string, unknown> {
  Events: Record<string, unknown>[];
  NextToken?: string;
}

const DEFAULT_MAX_RESULTS = 50;

const KEYS = new Set([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);

function attributeOf(input: LookupEventsInput): LookupAttribute | undefined {
  const list = input.LookupAttributes ?? [];
  if (list.length === 0) return undefined;
  if (list.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', 'You cannot have more than 1 lookup attribute.');
  }
  const { AttributeKey: key, AttributeValue: value } = list[0]!;
  if (key === undefined || !KEYS.has(key)) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      `Invalid attribute key: ${String(key)}. Valid keys are ${[...KEYS].join(', ')}.`,
    );
  }
  if (value === undefined || value === '') {
    throw new AwsError('InvalidLookupAttributesException', `The value for attribute ${key} is invalid.`);
  }
  if (key === 'ReadOnly') {
    if (value !== 'true' && value !== 'false') {
      throw new AwsError(
        'InvalidLookupAttributesException',
        'The value for attribute ReadOnly must be true or false.',
      );
    }
    return { key, value: value === 'true' };
  }
  return { key, value } as LookupAttribute;
}

function checkInput(input: LookupEventsInput): void {
  const max = input.MaxResults;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 50)) {
    throw new AwsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  attributeOf(input);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw new AwsError('InvalidEventCategoryException', 'EventCategory must be insight.');
  }
  if (input.StartTime && input.EndTime && input.StartTime.getTime() > input.EndTime.getTime()) {
    throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');
  }
}

function eventOf(e: StoredAuditEvent): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    ...(e.accessKeyId !== undefined && { AccessKeyId: e.accessKeyId }),
    EventTime: e.eventTime,
    EventSource: e.eventSource,
    ...(e.userName !== undefined && { Username: e.userName }),
    Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: e.record,
  };
}

export const lookupEvents: OperationDefinition<LookupEventsInput, LookupEventsOutput, OperationContext> = {
  service: 'cloudtrail',
  name: 'LookupEvents',
  action: 'cloudtrail:LookupEvents',
  readOnly: true,
  resource: () => '*',
  precheck: checkInput,
  handler: async (input, ctx) => {
    // Insight events are not recorded: that category has none.
    if (input.EventCategory === 'insight') return { Events: [] };
    const page = await ctx.tx.audit.lookup(ctx.accountId, {
      attribute: attributeOf(input),
      startTime: input.StartTime,
      endTime: input.EndTime,
      maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
      nextToken: input.NextToken,
    });
    return {
      Events: page.events.map(eventOf),
      ...(page.nextToken !== undefined && { NextToken: page.nextToken }),
    };
  },
};

export const cloudtrailOperations: readonly PortcullisOperation[] = [
  lookupEvents as unknown as PortcullisOperation,
];
