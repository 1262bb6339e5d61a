import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import {
  decodeJsonInput,
  decodeJsonRequest,
  encodeJsonError,
  encodeJsonOutput,
  encodeJsonResponse,
  resolveJsonOperation,
} from '../../src/protocol/json-codec.js';
import { loadServiceModel } from '../../src/protocol/model.js';
import { botocoreAvailable, parseWithBotocore } from './helpers/botocore.js';
import { fakeClientConfig, fakeHandler } from './helpers/sdk.js';

const ct = loadServiceModel('cloudtrail');
const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
const lookup = ct.operations.get('LookupEvents')!;

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

const event = {
  EventId: 'e1',
  EventName: 'CreateUser',
  ReadOnly: 'false',
  EventTime: new Date('2026-01-02T03:04:05.250Z'),
  EventSource: 'iam.amazonaws.com',
  Username: 'alice',
  Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'bob' }],
  CloudTrailEvent: '{"eventVersion":"1.08"}',
};

describe('JSON 1.1 (IAM-FACTS §9.2)', () => {
  it('resolves the operation from X-Amz-Target', () => {
    expect(resolveJsonOperation(ct, TARGET).name).toBe('LookupEvents');
    // what @aws-sdk/client-cloudtrail 3.11xx sends
    expect(resolveJsonOperation(ct, 'CloudTrail_20131101.LookupEvents').name).toBe('LookupEvents');
    for (const bad of [undefined, '', 'LookupEvents', 'com.other.LookupEvents', `${TARGET}X`]) {
      const e = thrown(() => resolveJsonOperation(ct, bad));
      expect(e.code).toBe('InvalidAction');
      expect(JSON.parse(encodeJsonError(e, ct).body).__type).toBe('UnknownOperationException');
    }
  });

  it('decodes the body against the input shape: epoch-second timestamps, lists of structures', () => {
    const r = decodeJsonRequest(
      ct,
      TARGET,
      JSON.stringify({
        LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }],
        StartTime: 1767323045,
        EndTime: 1767323045.5,
        MaxResults: 10,
        Unknown: 'ignored',
      }),
    );
    expect(r.input).toEqual({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }],
      StartTime: new Date('2026-01-02T03:04:05Z'),
      EndTime: new Date('2026-01-02T03:04:05.500Z'),
      MaxResults: 10,
    });
  });

  it('an empty body is an empty input', () => {
    expect(decodeJsonRequest(ct, TARGET, '').input).toEqual({});
    expect(decodeJsonInput(lookup.input, new Uint8Array())).toEqual({});
  });

  it.each([
    ['not json', '{', 'Request body is not valid JSON'],
    ['array body', '[]', 'Request body must be a JSON object'],
    ['string for integer', '{"MaxResults":"10"}', "at 'maxResults'"],
    ['fraction for integer', '{"MaxResults":1.5}', "at 'maxResults'"],
    ['object for list', '{"LookupAttributes":{}}', "at 'lookupAttributes'"],
    ['bad timestamp', '{"StartTime":"soon"}', "at 'startTime'"],
  ])('type errors: %s', (_why, body, fragment) => {
    const e = thrown(() => decodeJsonRequest(ct, TARGET, body));
    expect(e.code).toBe('ValidationError');
    expect(e.message).toContain(fragment);
    const wire = encodeJsonError(e, ct);
    expect(wire.status).toBe(400);
    expect(JSON.parse(wire.body).__type).toBe('ValidationException');
  });

  it('validates with the shared validator (enum, numeric range)', () => {
    const e = thrown(() =>
      decodeJsonRequest(
        ct,
        TARGET,
        JSON.stringify({
          LookupAttributes: [{ AttributeKey: 'Color', AttributeValue: 'x' }],
          MaxResults: 51,
        }),
      ),
    );
    expect(e.message).toBe(
      "2 validation errors detected: Value 'Color' at 'lookupAttributes.1.member.attributeKey' failed to satisfy constraint: Member must satisfy enum value set: [EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId]; Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });

  it('encodes outputs with epoch-second (fractional) timestamps and omits absent members', () => {
    const body = JSON.parse(encodeJsonOutput(lookup, { Events: [event] }));
    expect(body).toEqual({ Events: [{ ...event, EventTime: 1767323045.25 }] });
    expect(encodeJsonResponse(ct, lookup, { Events: [] }).contentType).toBe('application/x-amz-json-1.1');
  });

  it('errors are {"__type","message"} with the catalogue status', () => {
    const r = encodeJsonError(
      new AwsError('InvalidTimeRangeException', 'Start time must be before end time'),
      ct,
    );
    expect(r).toEqual({
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      body: '{"__type":"InvalidTimeRangeException","message":"Start time must be before end time"}',
    });
  });
});

describe.skipIf(!botocoreAvailable())('botocore parses our JSON', () => {
  let results: ReturnType<typeof parseWithBotocore> = [];
  beforeAll(() => {
    results = parseWithBotocore([
      {
        service: 'cloudtrail',
        operation: 'LookupEvents',
        body: encodeJsonOutput(lookup, { Events: [event], NextToken: 'n' }),
      },
      {
        service: 'cloudtrail',
        operation: 'LookupEvents',
        status: 400,
        body: encodeJsonError(new AwsError('InvalidNextTokenException', 'bad token'), ct).body,
      },
    ]);
  });
  it('LookupEvents output', () => {
    const r = results[0]!;
    if ('exception' in r) throw new Error(r.exception);
    expect(r.parsed).toMatchObject({
      Events: [{ ...event, EventTime: '2026-01-02T03:04:05.250000+00:00' }],
      NextToken: 'n',
    });
  });
  it('error', () => {
    const r = results[1]!;
    if ('exception' in r) throw new Error(r.exception);
    expect(r.parsed).toMatchObject({ Error: { Code: 'InvalidNextTokenException', Message: 'bad token' } });
  });
});

describe('@aws-sdk/client-cloudtrail against the codec', () => {
  it('LookupEvents round trip: SDK request decodes, our response parses', async () => {
    const { handler, captured } = fakeHandler((body) => {
      const target = String(captured.request?.headers['x-amz-target']);
      const req = decodeJsonRequest(ct, target, body);
      expect(req.input).toEqual({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
        StartTime: new Date('2026-01-01T00:00:00Z'),
      });
      return encodeJsonResponse(ct, req.operation, { Events: [event] });
    });
    const client = new CloudTrailClient({ ...fakeClientConfig, requestHandler: handler });
    const out = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
        StartTime: new Date('2026-01-01T00:00:00Z'),
      }),
    );
    expect(captured.request?.headers['x-amz-target']).toMatch(/(^|\.)CloudTrail_20131101\.LookupEvents$/);
    expect(out.Events?.[0]?.EventTime?.toISOString()).toBe('2026-01-02T03:04:05.250Z');
    expect(out.Events?.[0]?.Resources).toEqual(event.Resources);
  });

  it('errors surface as the modeled exception', async () => {
    const { handler } = fakeHandler(() =>
      encodeJsonError(new AwsError('InvalidMaxResultsException', 'too many'), ct),
    );
    const client = new CloudTrailClient({ ...fakeClientConfig, requestHandler: handler });
    const err = await client.send(new LookupEventsCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidMaxResultsException', message: 'too many' });
  });
});
