import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, fixtures, policy, portcullis } from './cli-helpers.js';

const ME = 'arn:aws:iam::111122223333:user/alice';
const OTHER_ACCOUNT_QUEUE = 'arn:aws:sqs:us-east-1:444455556666:orders';

const files = fixtures({
  's3.json': policy(
    { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/secret/*' },
  ),
  'everything.json': policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
  'boundary.json': policy({ Sid: 'S3Only', Effect: 'Allow', Action: 's3:*', Resource: '*' }),
  'queue.json': policy({
    Sid: 'AliceMaySend',
    Effect: 'Allow',
    Principal: { AWS: ME },
    Action: 'sqs:SendMessage',
    Resource: OTHER_ACCOUNT_QUEUE,
  }),
  'trust.json': policy({
    Sid: 'TrustAccount',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
    Action: 'sts:AssumeRole',
  }),
  'conditions.json': policy(
    {
      Sid: 'AnyTag',
      Effect: 'Allow',
      Action: 'iam:TagUser',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } },
    },
    {
      Sid: 'RecentMfa',
      Effect: 'Allow',
      Action: 'iam:DeleteUser',
      Resource: '*',
      Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    },
    {
      Sid: 'Office',
      Effect: 'Allow',
      Action: 'ec2:StartInstances',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    },
    {
      Sid: 'Mfa',
      Effect: 'Allow',
      Action: 'ec2:StopInstances',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
    {
      Sid: 'AfterY2K',
      Effect: 'Allow',
      Action: 'ec2:RebootInstances',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2000-01-01T00:00:00Z' } },
    },
    {
      Sid: 'OwnHome',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::home/${aws:username}/*',
    },
    {
      Sid: 'DevRoleOnly',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Dev' } },
    },
  ),
  'broken.json':
    '{\n  "Version": "2012-10-17",\n  "Statement": {"Effect": "Allow", "Action": "s3", "Resource": "*"}\n}',
});
afterAll(files.remove);

const simulate = (...args: string[]) => portcullis(['policy', 'simulate', ...args], { cwd: files.dir });
const json = async (...args: string[]) => {
  const r = await simulate(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    decision: string;
    matchedStatements: {
      policyId: string;
      policyKind: string;
      statementIndex: number;
      sid: string | null;
      effect: string;
    }[];
    deniedBy: string | null;
    missingContextKeys: string[];
  };
};
const conditions = (action: string, ...rest: string[]) =>
  json('--policy', 'conditions.json', '--action', action, '--resource', '*', ...rest);
const expectInvalid = (r: CliResult, message: RegExp) => {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('portcullis policy simulate: decisions', () => {
  it.concurrent('allowed: text output names the decision and the statement that made it', async () => {
    const r = await simulate(
      '--policy',
      's3.json',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::bucket/a.csv',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Decision: allowed\n' +
        'User: arn:aws:iam::123456789012:user/simulated-user is authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/a.csv\n' +
        'Matched statements:\n' +
        '  s3.json statement 0 (Sid "Read"): Allow, identity-based policy\n',
    );
  });

  it.concurrent('explicitDeny: AWS phrasing and the Deny statement', async () => {
    const r = await simulate(
      ...['--policy', 's3.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::bucket/secret/k'],
      ...['--caller', ME],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Decision: explicitDeny\n');
    expect(r.stdout).toContain(
      `User: ${ME} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/secret/k with an explicit deny in an identity-based policy`,
    );
    expect(r.stdout).toContain('  s3.json statement 1 (Sid "NoSecrets"): Deny, identity-based policy');
  });

  it.concurrent('implicitDeny by identity: "because no identity-based policy allows"', async () => {
    const r = await simulate(
      '--policy',
      's3.json',
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::bucket/a',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Decision: implicitDeny\n');
    expect(r.stdout).toContain('because no identity-based policy allows the s3:PutObject action\n');
    expect(r.stdout).toContain('Matched statements: none\n');
  });

  it.concurrent('implicitDeny by the boundary; --json has exactly the documented keys', async () => {
    const r = await simulate(
      ...['--policy', 'everything.json', '--boundary', 'boundary.json'],
      ...['--action', 'iam:CreateUser', '--resource', 'arn:aws:iam::123456789012:user/bob', '--json'],
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      decision: 'implicitDeny',
      matchedStatements: [
        {
          policyId: 'everything.json',
          policyKind: 'identity',
          statementIndex: 0,
          sid: null,
          effect: 'Allow',
        },
      ],
      deniedBy: 'boundary',
      missingContextKeys: [],
    });
  });

  it.concurrent('allowed through identity and boundary lists both', async () => {
    const d = await json(
      '--policy',
      's3.json',
      '--boundary',
      'boundary.json',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::bucket/x',
    );
    expect(d.decision).toBe('allowed');
    expect(d.deniedBy).toBeNull();
    expect(d.matchedStatements.map((s) => `${s.policyId}:${s.sid}`)).toEqual([
      's3.json:Read',
      'boundary.json:S3Only',
    ]);
  });

  it.concurrent('cross-account: the resource account must allow, then the identity policies too', async () => {
    const base = ['--caller', ME, '--action', 'sqs:SendMessage', '--resource', OTHER_ACCOUNT_QUEUE];
    const [noResourcePolicy, both, noIdentity] = await Promise.all([
      json(...base, '--policy', 'everything.json'),
      json(...base, '--policy', 'everything.json', '--resource-policy', 'queue.json'),
      json(...base, '--resource-policy', 'queue.json'),
    ]);
    expect(noResourcePolicy).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
    expect(both.decision).toBe('allowed');
    expect(both.matchedStatements).toContainEqual({
      policyId: 'queue.json',
      policyKind: 'resource',
      statementIndex: 0,
      sid: 'AliceMaySend',
      effect: 'Allow',
    });
    expect(noIdentity).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
  });

  it.concurrent('--resource-account makes an S3 ARN (no account field) cross-account', async () => {
    const d = await json(
      ...['--caller', ME, '--policy', 's3.json', '--action', 's3:GetObject'],
      ...['--resource', 'arn:aws:s3:::bucket/a', '--resource-account', '444455556666'],
    );
    expect(d).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
  });

  it.concurrent('sts:AssumeRole reads --resource-policy as the role trust policy', async () => {
    const base = [
      '--policy',
      'everything.json',
      '--action',
      'sts:AssumeRole',
      '--resource-policy',
      'trust.json',
    ];
    const [trusted, untrusted] = await Promise.all([
      json(
        ...base,
        '--caller',
        'arn:aws:sts::111122223333:assumed-role/Dev/s1',
        '--resource',
        'arn:aws:iam::444455556666:role/Target',
      ),
      simulate(
        ...base,
        '--caller',
        'arn:aws:iam::999988887777:user/eve',
        '--resource',
        'arn:aws:iam::444455556666:role/Target',
      ),
    ]);
    expect(trusted.decision).toBe('allowed');
    expect(trusted.matchedStatements.map((s) => s.policyKind)).toContain('trust');
    expect(untrusted.code).toBe(0);
    expect(untrusted.stdout).toContain('because no role trust policy allows the sts:AssumeRole action');
  });
});

describe('portcullis policy simulate: context', () => {
  it.concurrent('a repeated --context key is multi-valued, for ForAnyValue', async () => {
    const [some, none, missing] = await Promise.all([
      conditions('iam:TagUser', '--context', 'aws:TagKeys=owner', '--context', 'aws:TagKeys=team'),
      conditions('iam:TagUser', '--context', 'aws:TagKeys=owner', '--context', 'aws:TagKeys=cost'),
      conditions('iam:TagUser'),
    ]);
    expect(some.decision).toBe('allowed');
    expect(none.decision).toBe('implicitDeny');
    expect(missing).toMatchObject({ decision: 'implicitDeny', missingContextKeys: ['aws:TagKeys'] });
  });

  it.concurrent('typed values: numeric, ip, boolean, date (from the clock, or given in ISO or epoch)', async () => {
    const [num, numHigh, ip, ipOut, bool, clock, iso, epoch] = await Promise.all([
      conditions(
        'iam:DeleteUser',
        '--context',
        'aws:MultiFactorAuthAge=120',
        '--context-type',
        'aws:MultiFactorAuthAge=numeric',
      ),
      conditions(
        'iam:DeleteUser',
        '--context',
        'aws:MultiFactorAuthAge=7200',
        '--context-type',
        'aws:MultiFactorAuthAge=numeric',
      ),
      conditions(
        'ec2:StartInstances',
        '--context',
        'aws:SourceIp=203.0.113.9',
        '--context-type',
        'aws:SourceIp=ip',
      ),
      conditions(
        'ec2:StartInstances',
        '--context',
        'aws:sourceip=198.51.100.1',
        '--context-type',
        'AWS:SourceIP=ip',
      ),
      conditions(
        'ec2:StopInstances',
        '--context',
        'aws:MultiFactorAuthPresent=TRUE',
        '--context-type',
        'aws:MultiFactorAuthPresent=boolean',
      ),
      conditions('ec2:RebootInstances'),
      conditions(
        'ec2:RebootInstances',
        '--context',
        'aws:CurrentTime=1999-12-31T23:59:59Z',
        '--context-type',
        'aws:CurrentTime=date',
      ),
      conditions(
        'ec2:RebootInstances',
        '--context',
        'aws:CurrentTime=946684801',
        '--context-type',
        'aws:CurrentTime=date',
      ),
    ]);
    expect(num.decision).toBe('allowed');
    expect(numHigh.decision).toBe('implicitDeny');
    expect(ip.decision).toBe('allowed');
    expect(ipOut.decision).toBe('implicitDeny');
    expect(bool.decision).toBe('allowed');
    expect(clock.decision).toBe('allowed');
    expect(iso.decision).toBe('implicitDeny');
    expect(epoch.decision).toBe('allowed');
  });

  it.concurrent('keys derived from the caller: aws:username, aws:PrincipalArn of a role session', async () => {
    const [home, otherHome, session, user] = await Promise.all([
      json(
        '--policy',
        'conditions.json',
        '--caller',
        ME,
        '--action',
        's3:PutObject',
        '--resource',
        'arn:aws:s3:::home/alice/x',
      ),
      json(
        '--policy',
        'conditions.json',
        '--caller',
        ME,
        '--action',
        's3:PutObject',
        '--resource',
        'arn:aws:s3:::home/bob/x',
      ),
      conditions('ssm:GetParameter', '--caller', 'arn:aws:sts::111122223333:assumed-role/Dev/build-42'),
      conditions('ssm:GetParameter', '--caller', ME),
    ]);
    expect(home.decision).toBe('allowed');
    expect(otherHome.decision).toBe('implicitDeny');
    expect(session.decision).toBe('allowed');
    expect(user.decision).toBe('implicitDeny');
  });

  it.concurrent('bad context values and types: exit 1, every problem reported', async () => {
    const bad: [string, string, RegExp][] = [
      ['aws:MultiFactorAuthAge=soon', 'aws:MultiFactorAuthAge=numeric', /"soon" is not a number/],
      ['aws:SourceIp=300.1.1.1', 'aws:SourceIp=ip', /"300\.1\.1\.1" is not an IP address or CIDR/],
      ['aws:VpcSourceIp=10.0.0.0/33', 'aws:VpcSourceIp=ipList', /"10\.0\.0\.0\/33" is not an IP address/],
      ['aws:MultiFactorAuthPresent=yes', 'aws:MultiFactorAuthPresent=boolean', /"yes" is not a boolean/],
      ['aws:CurrentTime=2024-02-30', 'aws:CurrentTime=date', /"2024-02-30" is not a date/],
      ['aws:TokenIssueTime=tomorrow', 'aws:TokenIssueTime=dateList', /"tomorrow" is not a date/],
      ['k=v', 'k=strung', /"strung" is not one of string, stringList/],
      ['j=v', 'other=numeric', /--context-type names other, but no --context gives it a value/],
    ];
    const r = await simulate(
      ...['--policy', 's3.json', '--action', 's3:GetObject', '--resource', '*'],
      ...bad.flatMap(([context, type]) => ['--context', context, '--context-type', type]),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const [, , message] of bad) expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(bad.length);
  });
});

describe('portcullis policy simulate: invalid input and usage', () => {
  it.concurrent('every problem at once: bad policy with line:col, unreadable file, bad ARN, caller', async () => {
    const r = await simulate(
      ...['--policy', 'broken.json', '--policy', 'absent.json', '--action', 's3:GetObject'],
      ...['--resource', 'bucket', '--caller', 'alice'],
    );
    expectInvalid(r, /^broken\.json:3:\d+: Actions\/Conditions must be prefaced by a vendor/m);
    expect(r.stderr).toContain('portcullis policy simulate: cannot read absent.json: no such file');
    expect(r.stderr).toContain('--resource bucket: expected an ARN or *');
    expect(r.stderr).toContain('--caller alice: not an ARN or a service principal');
  });

  it.concurrent('a policy that is valid but of the wrong kind for its option is invalid input', async () => {
    const r = await simulate('--policy', 'queue.json', '--action', 's3:GetObject', '--resource', '*');
    expectInvalid(r, /^queue\.json:\d+:\d+: Policy document should not specify a principal\./m);
  });

  it.concurrent.each([
    [['--policy', 's3.json', '--resource', '*'], /missing required option --action/],
    [['--action', 's3:GetObject', '--resource', '*'], /missing required option --policy/],
    [
      ['--policy', 's3.json', '--action', 's3:GetObject', '--resource', '*', '--context', 'novalue'],
      /expected KEY=VALUE/,
    ],
  ])('usage error %j exits 2', async (args, message) => {
    const r = await simulate(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("Run 'portcullis policy simulate --help' for usage.");
  });
});
