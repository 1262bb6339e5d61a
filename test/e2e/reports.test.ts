/**
 * The review scenario: users with passwords and keys, some of them used by signed calls at known
 * times, then the credential report (boto3, parsed with python's csv module, column by column;
 * the AWS CLI; the SDK v3) and access advisor (SDK v3, boto3, the CLI) show exactly that use.
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  AddUserToGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetCredentialReportCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  type IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  iamClient,
  type Keys,
  REGION,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';
import { codeFor, settledStep } from './authenticator-app.js';

let server: ServerProcess;
let iam: IAMClient;
const keys: Record<string, Keys> = {};
let usedFrom = 0;
let usedTo = 0;

const allow = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

const sdkError = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  return undefined;
};

beforeAll(async () => {
  server = await startServer();
  iam = iamClient(server, ROOT_KEY);
  for (const name of ['alice', 'bob', 'carol']) await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-42!' }));
  for (const name of ['alice', 'bob']) {
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
    keys[name] = { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
  }
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'alice',
      PolicyName: 'self',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['iam:GetUser', 'sts:GetCallerIdentity', 's3:GetObject'],
            Resource: '*',
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'all', PolicyDocument: allow('*') }),
  );
  await iam.send(new CreateGroupCommand({ GroupName: 'team' }));
  for (const u of ['alice', 'bob'])
    await iam.send(new AddUserToGroupCommand({ GroupName: 'team', UserName: u }));
  await iam.send(
    new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
  );
  // bob has a virtual MFA device enabled (mfa_active true) and still never uses his key.
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone' })))
    .VirtualMFADevice;
  const seed = Buffer.from(device?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
  const step = await settledStep();
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: 'bob',
      SerialNumber: device?.SerialNumber ?? '',
      AuthenticationCode1: codeFor(seed, step - 1),
      AuthenticationCode2: codeFor(seed, step),
    }),
  );
  // alice signs one IAM call; bob and carol do nothing.
  usedFrom = Date.now() - 1000;
  const who = boto3(
    server,
    keys.alice as Keys,
    `print(json.dumps({'name': iam.get_user()['User']['UserName']}))`,
  );
  usedTo = Date.now() + 1000;
  expect(who.json).toEqual({ name: 'alice' });
  // The last-used write runs after the answer: give it a moment.
  await new Promise((r) => setTimeout(r, 300));
}, 60_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

const inWindow = (iso: string) => {
  const t = Date.parse(iso);
  return t >= Math.floor(usedFrom / 1000) * 1000 && t <= usedTo;
};

describe('credential report', () => {
  it('ReportNotPresent (410) before any generation, through the SDK v3 and the CLI', async () => {
    expect(await sdkError(iam.send(new GetCredentialReportCommand({})))).toEqual({
      name: 'CredentialReportNotPresentException',
      status: 410,
    });
    expect(aws(server, ROOT_KEY, ['iam', 'get-credential-report']).errorCode).toBe('ReportNotPresent');
  });

  it('boto3: STARTED then COMPLETE; the CSV, parsed with the csv module, shows exactly the use', () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
import csv, io
first = iam.generate_credential_report()
second = iam.generate_credential_report()
rep = iam.get_credential_report()
rows = list(csv.DictReader(io.StringIO(rep['Content'].decode('utf-8'))))
header = rep['Content'].decode('utf-8').split('\\n')[0].split(',')
print(json.dumps({'states': [first['State'], second['State']], 'format': rep['ReportFormat'], 'header': header, 'rows': rows}))
`,
    );
    expect(r.stderr).toBe('');
    const out = r.json as {
      states: string[];
      format: string;
      header: string[];
      rows: Record<string, string>[];
    };
    expect(out.states).toEqual(['STARTED', 'COMPLETE']);
    expect(out.format).toBe('text/csv');
    expect(out.header).toEqual([
      'user',
      'arn',
      'user_creation_time',
      'password_enabled',
      'password_last_used',
      'password_last_changed',
      'password_next_rotation',
      'mfa_active',
      'access_key_1_active',
      'access_key_1_last_rotated',
      'access_key_1_last_used_date',
      'access_key_1_last_used_region',
      'access_key_1_last_used_service',
      'access_key_2_active',
      'access_key_2_last_rotated',
      'access_key_2_last_used_date',
      'access_key_2_last_used_region',
      'access_key_2_last_used_service',
      'cert_1_active',
      'cert_1_last_rotated',
      'cert_2_active',
      'cert_2_last_rotated',
    ]);
    const [root, alice, bob, carol] = out.rows;
    expect(out.rows.map((x) => x.user)).toEqual(['<root_account>', 'alice', 'bob', 'carol']);
    expect(root).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT_ID}:root`,
      password_enabled: 'not_supported',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
    });
    // The root key signed every set-up call: its last use is recorded as IAM in us-east-1.
    expect(root?.access_key_1_last_used_service).toBe('iam');
    expect(alice).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice`,
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_next_rotation: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_used_region: REGION,
      access_key_1_last_used_service: 'iam',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
      access_key_2_last_used_date: 'N/A',
      cert_1_active: 'false',
      cert_1_last_rotated: 'N/A',
      cert_2_active: 'false',
      cert_2_last_rotated: 'N/A',
    });
    expect(alice?.password_last_changed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(inWindow(alice?.access_key_1_last_used_date ?? '')).toBe(true);
    // bob has an unused key; carol has nothing.
    expect(bob).toMatchObject({
      mfa_active: 'true',
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      access_key_1_active: 'true',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_used_region: 'N/A',
      access_key_1_last_used_service: 'N/A',
    });
    expect(bob?.access_key_1_last_rotated).toMatch(/\+00:00$/);
    expect(carol).toMatchObject({
      password_enabled: 'false',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
    });
  });

  it('SDK v3 and the CLI read the same report', async () => {
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const r = await iam.send(new GetCredentialReportCommand({}));
    const csv = Buffer.from(r.Content ?? new Uint8Array()).toString('utf8');
    expect(csv.split('\n')[2]?.startsWith(`alice,arn:aws:iam::${ACCOUNT_ID}:user/alice,`)).toBe(true);
    expect(r.GeneratedTime).toBeInstanceOf(Date);
    const cli = aws(server, ROOT_KEY, ['iam', 'get-credential-report']);
    expect(cli.status).toBe(0);
    const content = Buffer.from((cli.json as { Content: string }).Content, 'base64').toString('utf8');
    expect(content).toBe(csv);
  });
});

describe('service last accessed (access advisor)', () => {
  const job = async (arn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL') =>
    (
      await iam.send(
        new GenerateServiceLastAccessedDetailsCommand({
          Arn: arn,
          ...(granularity && { Granularity: granularity }),
        }),
      )
    ).JobId ?? '';

  it("SDK v3: a user's allowed services, and the one alice used", async () => {
    const jobId = await job(`arn:aws:iam::${ACCOUNT_ID}:user/alice`);
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
    expect(r.JobStatus).toBe('COMPLETED');
    expect(r.JobType).toBe('SERVICE_LEVEL');
    expect(r.ServicesLastAccessed?.map((s) => s.ServiceNamespace)).toEqual(['iam', 's3', 'sts']);
    const used = r.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 'iam');
    expect(used).toMatchObject({
      ServiceName: 'AWS Identity and Access Management',
      LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT_ID}:user/alice`,
      LastAuthenticatedRegion: REGION,
      TotalAuthenticatedEntities: 1,
    });
    expect(inWindow(used?.LastAuthenticated?.toISOString() ?? '')).toBe(true);
    for (const ns of ['s3', 'sts']) {
      const s = r.ServicesLastAccessed?.find((x) => x.ServiceNamespace === ns);
      expect(s?.LastAuthenticated).toBeUndefined();
      expect(s?.TotalAuthenticatedEntities).toBe(0);
    }
  });

  it('boto3: bob (Action *) is allowed the three served services and used none; paging by MaxItems', () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
job = iam.generate_service_last_accessed_details(Arn='arn:aws:iam::${ACCOUNT_ID}:user/bob')['JobId']
p1 = iam.get_service_last_accessed_details(JobId=job, MaxItems=2)
p2 = iam.get_service_last_accessed_details(JobId=job, MaxItems=2, Marker=p1['Marker'])
svc = p1['ServicesLastAccessed'] + p2['ServicesLastAccessed']
print(json.dumps({'truncated': [p1['IsTruncated'], p2['IsTruncated']], 'ns': [s['ServiceNamespace'] for s in svc], 'used': [s for s in svc if 'LastAuthenticated' in s]}))
`,
    );
    expect(r.stderr).toBe('');
    expect(r.json).toEqual({ truncated: [true, false], ns: ['cloudtrail', 'iam', 'sts'], used: [] });
  });

  it('SDK v3: a group job lists its members per service; WithEntities shows who used it', async () => {
    const jobId = await job(`arn:aws:iam::${ACCOUNT_ID}:group/team`);
    const r = await iam.send(
      new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }),
    );
    expect(r.JobStatus).toBe('COMPLETED');
    // The group itself grants nothing, so no services and no entities.
    expect(r.EntityDetailsList ?? []).toEqual([]);
    const policyJob = await job('arn:aws:iam::aws:policy/ReadOnlyAccess', 'ACTION_LEVEL');
    const p = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: policyJob }));
    expect(p.JobType).toBe('ACTION_LEVEL');
    const aliceJob = await job(`arn:aws:iam::${ACCOUNT_ID}:user/alice`);
    const e = await iam.send(
      new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: aliceJob, ServiceNamespace: 'iam' }),
    );
    expect(e.EntityDetailsList?.map((x) => [x.EntityInfo?.Name, x.EntityInfo?.Type])).toEqual([
      ['alice', 'USER'],
    ]);
    expect(inWindow(e.EntityDetailsList?.[0]?.LastAuthenticated?.toISOString() ?? '')).toBe(true);
  });

  it('errors: a missing entity, a malformed ARN, an unknown job (CLI and SDK v3)', async () => {
    // Authorized like every IAM operation: alice's policy does not grant the report actions.
    const asAlice = iamClient(server, keys.alice as Keys);
    expect(await sdkError(asAlice.send(new GetCredentialReportCommand({})))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect(
      await sdkError(
        asAlice.send(
          new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice` }),
        ),
      ),
    ).toEqual({ name: 'AccessDenied', status: 403 });
    expect(
      await sdkError(
        iam.send(
          new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT_ID}:user/nobody` }),
        ),
      ),
    ).toEqual({ name: 'NoSuchEntityException', status: 404 });
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'generate-service-last-accessed-details',
        '--arn',
        'arn:aws:s3:::bucket-name-xx',
      ]).errorCode,
    ).toBe('InvalidInput');
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'get-service-last-accessed-details',
        '--job-id',
        '00000000-0000-0000-0000-000000000000',
      ]).errorCode,
    ).toBe('NoSuchEntity');
    const ok = aws(server, ROOT_KEY, [
      'iam',
      'generate-service-last-accessed-details',
      '--arn',
      `arn:aws:iam::${ACCOUNT_ID}:user/carol`,
    ]);
    expect(ok.status).toBe(0);
    const got = aws(server, ROOT_KEY, [
      'iam',
      'get-service-last-accessed-details',
      '--job-id',
      (ok.json as { JobId: string }).JobId,
    ]);
    expect((got.json as { JobStatus: string }).JobStatus).toBe('COMPLETED');
  });
});
