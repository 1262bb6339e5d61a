/**
 * The audit trail end to end: LookupEvents through the aws CLI, boto3 and @aws-sdk/client-cloudtrail
 * (filters, paging, errors as the model names them), authorization as cloudtrail:LookupEvents, and
 * `audit verify` / `audit export` beside the running server, then after a clean stop.
 */
import {
  CloudTrailClient,
  type Event,
  LookupEventsCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  iamClient,
  type Keys,
  REGION,
  ROOT_KEY,
  removeDir,
  runToExit,
  type ServerProcess,
  startServer,
} from './harness.js';

let server: ServerProcess;
let bob: Keys;

const trail = (keys: Keys = ROOT_KEY) =>
  new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: keys, maxAttempts: 1 });

const lookup = (input: LookupEventsCommandInput, keys?: Keys) =>
  trail(keys).send(new LookupEventsCommand(input));

const errorOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { name?: string }).name;
  }
};

/** Read-only events are written in batches: wait until the trail shows the request. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
}

beforeAll(async () => {
  server = await startServer();
  const iam = iamClient(server, ROOT_KEY);
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
  bob = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  for (let i = 0; i < 7; i++) await iam.send(new GetUserCommand({ UserName: 'bob' }));
  await settle();
}, 60_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

describe('LookupEvents', () => {
  it('pages newest first through the SDK v3 with an attribute, and the CloudTrailEvent is the record', async () => {
    const seen: Event[] = [];
    let token: string | undefined;
    do {
      const page = await lookup({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetUser' }],
        MaxResults: 3,
        NextToken: token,
      });
      expect(page.Events!.length).toBeLessThanOrEqual(3);
      seen.push(...page.Events!);
      token = page.NextToken;
    } while (token);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((e) => e.EventId)).size).toBe(7);
    const times = seen.map((e) => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const e = seen[0]!;
    expect(e).toMatchObject({
      EventName: 'GetUser',
      ReadOnly: 'true',
      EventSource: 'iam.amazonaws.com',
      Username: 'root',
      AccessKeyId: ROOT_KEY.accessKeyId,
    });
    expect(e.Resources).toContainEqual({ ResourceType: 'AWS::IAM::User', ResourceName: 'bob' });
    const record = JSON.parse(e.CloudTrailEvent!);
    expect(record).toMatchObject({
      eventID: e.EventId,
      eventName: 'GetUser',
      recipientAccountId: ACCOUNT_ID,
      requestParameters: { userName: 'bob' },
    });
  });

  it('filters by Username, ResourceName, ReadOnly, EventId and time range', async () => {
    const created = await lookup({
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
    });
    expect(created.Events!.map((e) => e.EventName).sort()).toEqual(['CreateAccessKey', 'CreateUser']);
    const byName = await lookup({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'bob' }],
    });
    expect(byName.Events!.length).toBeGreaterThanOrEqual(9);
    const one = created.Events![0]!;
    const byId = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: one.EventId! }],
    });
    expect(byId.Events!.map((e) => e.EventId)).toEqual([one.EventId]);
    const byKey = await lookup({
      LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: bob.accessKeyId }],
    });
    expect(byKey.Events).toEqual([]);
    const future = await lookup({ StartTime: new Date(Date.now() + 3_600_000) });
    expect(future.Events).toEqual([]);
    const past = await lookup({
      EndTime: one.EventTime,
      StartTime: new Date(one.EventTime!.getTime() - 60_000),
    });
    expect(past.Events!.some((e) => e.EventId === one.EventId)).toBe(true);
  });

  it('answers the modeled errors', async () => {
    expect(await errorOf(lookup({ MaxResults: 51 }))).toBe('InvalidMaxResultsException');
    expect(await errorOf(lookup({ MaxResults: 0 }))).toBe('InvalidMaxResultsException');
    expect(
      await errorOf(
        lookup({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'GetUser' },
            { AttributeKey: 'Username', AttributeValue: 'root' },
          ],
        }),
      ),
    ).toBe('InvalidLookupAttributesException');
    expect(
      await errorOf(lookup({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'maybe' }] })),
    ).toBe('InvalidLookupAttributesException');
    expect(await errorOf(lookup({ StartTime: new Date(2026, 1, 2), EndTime: new Date(2026, 1, 1) }))).toBe(
      'InvalidTimeRangeException',
    );
    const page = await lookup({ MaxResults: 1 });
    const token = page.NextToken!;
    const altered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
    expect(await errorOf(lookup({ MaxResults: 1, NextToken: altered }))).toBe('InvalidNextTokenException');
    // A token is valid only for the query that issued it.
    expect(
      await errorOf(
        lookup({
          MaxResults: 1,
          NextToken: token,
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetUser' }],
        }),
      ),
    ).toBe('InvalidNextTokenException');
  });

  it('is authorized as cloudtrail:LookupEvents', async () => {
    expect(await errorOf(lookup({}, bob))).toBe('AccessDeniedException');
    await iamClient(server, ROOT_KEY).send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'audit',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }],
        }),
      }),
    );
    const page = await lookup({ MaxResults: 50 }, bob);
    expect(page.Events!.length).toBeGreaterThan(0);
    await settle();
    const denied = await lookup({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'bob' }],
    });
    const record = JSON.parse(
      denied.Events!.find((e) => e.EventName === 'LookupEvents' && e.CloudTrailEvent!.includes('errorCode'))!
        .CloudTrailEvent!,
    );
    expect(record).toMatchObject({
      eventSource: 'cloudtrail.amazonaws.com',
      userIdentity: { type: 'IAMUser', userName: 'bob' },
    });
  });

  it('works from the aws CLI and boto3', async () => {
    const cli = aws(server, ROOT_KEY, [
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=CreateUser',
    ]);
    expect(cli.status).toBe(0);
    const events = (cli.json as { Events: { EventName: string; CloudTrailEvent: string }[] }).Events;
    expect(events.map((e) => e.EventName)).toEqual(['CreateUser']);
    expect(JSON.parse(events[0]!.CloudTrailEvent).requestParameters).toEqual({ userName: 'bob' });

    const bad = aws(server, ROOT_KEY, [
      'cloudtrail',
      'lookup-events',
      '--start-time',
      '2026-02-02',
      '--end-time',
      '2026-02-01',
    ]);
    expect(bad.errorCode).toBe('InvalidTimeRangeException');

    const script = `
import json, boto3
ct = boto3.client('cloudtrail', endpoint_url=${JSON.stringify(server.url)}, region_name='${REGION}',
  aws_access_key_id='${ROOT_KEY.accessKeyId}', aws_secret_access_key='${ROOT_KEY.secretAccessKey}')
names = []
for page in ct.get_paginator('lookup_events').paginate(LookupAttributes=[{'AttributeKey': 'Username', 'AttributeValue': 'root'}], PaginationConfig={'PageSize': 2}):
    names += [e['EventName'] for e in page['Events']]
try:
    ct.lookup_events(NextToken='forged.token')
    err = None
except ct.exceptions.InvalidNextTokenException as e:
    err = e.response['Error']['Code']
print(json.dumps({'names': names, 'err': err}))
`;
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('python3', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { names: string[]; err: string };
    expect(out.names).toContain('CreateUser');
    expect(out.names.filter((n) => n === 'GetUser').length).toBe(7);
    expect(out.err).toBe('InvalidNextTokenException');
  });
});

describe('audit verify and export', () => {
  it('verify and export run beside the server, and after a stop the tail is sealed', async () => {
    const running = runToExit(['audit', 'verify', '--data-dir', server.dataDir]);
    expect(running.stdout).toMatch(/^OK: \d+ events/);
    expect(running.status).toBe(0);
    const pub = readFileSync(join(server.dataDir, 'audit-signing.pub'), 'utf8');
    expect(server.stdout()).toContain(pub.trim().split('\n')[1]);

    expect(await server.stop('SIGTERM')).toBe(0);
    const out = join(server.dataDir, 'export.jsonl');
    const exported = runToExit(['audit', 'export', '--data-dir', server.dataDir, '--out', out]);
    expect(exported.status).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'event').length).toBeGreaterThan(10);
    expect(lines.at(-1).type).toBe('digest');
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(bob.secretAccessKey);
    expect(text).not.toContain(ROOT_KEY.secretAccessKey);

    const verified = runToExit(['audit', 'verify', '--data-dir', server.dataDir, '--expect-after', out]);
    expect(verified.stdout).toMatch(/OK: .* [1-9]\d* signed digests/);
    expect(verified.stdout).not.toMatch(/not yet sealed/);

    // Cut the tail and its digest with sqlite: only the kept digest notices.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(server.dataDir, 'portcullis.db'));
    const last = db.prepare('SELECT max(seq) AS s FROM audit_events').get() as { s: number };
    db.prepare('DELETE FROM audit_events WHERE seq = ?').run(last.s);
    db.prepare(
      'DELETE FROM audit_digests WHERE digest_seq = (SELECT max(digest_seq) FROM audit_digests)',
    ).run();
    db.close();
    const cut = runToExit(['audit', 'verify', '--data-dir', server.dataDir, '--expect-after', out]);
    expect(cut.status).toBe(1);
    expect(cut.stdout).toMatch(/^FAILED at event \d+: .*truncated/);
  }, 60_000);
});
