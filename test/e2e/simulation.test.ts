import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, aws, boto3, removeDir, ROOT_KEY, type ServerProcess, startServer } from './harness.js';

let server: ServerProcess;
let files: string;

beforeAll(async () => {
  server = await startServer();
  files = mkdtempSync(join(tmpdir(), 'portcullis-sim-'));
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
  if (files) removeDir(files);
});

/** Writes `text` to a temporary file and returns its file:// reference for the aws CLI. */
const file = (name: string, text: string): string => {
  const path = join(files, name);
  writeFileSync(path, text);
  return `file://${path}`;
};

/**
 * A file:// reference for a list-of-documents parameter (--policy-input-list...). aws-cli 1.x
 * reads a file given to a list parameter as a JSON list: a bare document would be sent one
 * character per member, so the file holds `["<document>", ...]`.
 */
const listFile = (name: string, ...docs: string[]): string => file(name, JSON.stringify(docs));

const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    },
    {
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*"
    }
  ]
}`;

interface Result {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: string;
  MatchedStatements: unknown[];
  MissingContextValues: string[];
}

describe('policy simulation through the AWS CLI', () => {
  it('simulate-custom-policy: decisions, positions, missing context, typed context entries', () => {
    const base = [
      'iam',
      'simulate-custom-policy',
      '--policy-input-list',
      listFile('policy.json', policy),
      '--action-names',
      's3:GetObject',
      's3:DeleteObject',
      '--resource-arns',
      'arn:aws:s3:::reports/q1.csv',
    ];
    const bare = aws(server, ROOT_KEY, base);
    expect(bare.status, bare.stderr).toBe(0);
    const results = (bare.json as { EvaluationResults: Result[] }).EvaluationResults;
    expect(results).toEqual([
      {
        EvalActionName: 's3:GetObject',
        EvalResourceName: 'arn:aws:s3:::reports/q1.csv',
        EvalDecision: 'implicitDeny',
        MatchedStatements: [],
        MissingContextValues: ['aws:SourceIp'],
      },
      {
        EvalActionName: 's3:DeleteObject',
        EvalResourceName: 'arn:aws:s3:::reports/q1.csv',
        EvalDecision: 'explicitDeny',
        MatchedStatements: [
          {
            SourcePolicyId: 'PolicyInputList.1',
            SourcePolicyType: 'none',
            StartPosition: { Line: 10, Column: 6 },
            EndPosition: { Line: 14, Column: 6 },
          },
        ],
        MissingContextValues: [],
      },
    ]);

    const withIp = aws(server, ROOT_KEY, [
      ...base,
      '--context-entries',
      'ContextKeyName=aws:SourceIp,ContextKeyValues=10.1.2.3,ContextKeyType=ip',
    ]);
    expect(withIp.status, withIp.stderr).toBe(0);
    expect((withIp.json as { EvaluationResults: Result[] }).EvaluationResults[0]).toMatchObject({
      EvalDecision: 'allowed',
      MatchedStatements: [{ StartPosition: { Line: 4, Column: 6 }, EndPosition: { Line: 9, Column: 6 } }],
      MissingContextValues: [],
    });
  });

  it('simulate-principal-policy for a user with an inline policy and a boundary given', () => {
    expect(aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', 'sim-dana']).status).toBe(0);
    const put = aws(server, ROOT_KEY, [
      'iam',
      'put-user-policy',
      '--user-name',
      'sim-dana',
      '--policy-name',
      'reads',
      '--policy-document',
      file(
        'reads.json',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' }],
        }),
      ),
    ]);
    expect(put.status, put.stderr).toBe(0);
    const r = aws(server, ROOT_KEY, [
      'iam',
      'simulate-principal-policy',
      '--policy-source-arn',
      `arn:aws:iam::${ACCOUNT_ID}:user/sim-dana`,
      '--action-names',
      's3:GetObject',
      'sqs:SendMessage',
      '--permissions-boundary-policy-input-list',
      listFile(
        'boundary.json',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      ),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect((r.json as { EvaluationResults: unknown[] }).EvaluationResults).toEqual([
      expect.objectContaining({
        EvalActionName: 's3:GetObject',
        EvalDecision: 'allowed',
        PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
        MatchedStatements: [
          expect.objectContaining({ SourcePolicyId: 'reads', SourcePolicyType: 'user' }),
          expect.objectContaining({ SourcePolicyId: 'PermissionsBoundaryPolicyInputList.1' }),
        ],
      }),
      expect.objectContaining({
        EvalActionName: 'sqs:SendMessage',
        EvalDecision: 'implicitDeny',
        PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
      }),
    ]);
    const missing = aws(server, ROOT_KEY, [
      'iam',
      'simulate-principal-policy',
      '--policy-source-arn',
      `arn:aws:iam::${ACCOUNT_ID}:user/nobody`,
      '--action-names',
      's3:GetObject',
    ]);
    expect(missing.errorCode).toBe('NoSuchEntity');
  });

  it('get-context-keys-for-custom-policy and a malformed policy', () => {
    const keys = aws(server, ROOT_KEY, [
      'iam',
      'get-context-keys-for-custom-policy',
      '--policy-input-list',
      listFile('keys.json', policy),
    ]);
    expect(keys.status, keys.stderr).toBe(0);
    expect(keys.json).toEqual({ ContextKeyNames: ['aws:SourceIp'] });
    const bad = aws(server, ROOT_KEY, [
      'iam',
      'simulate-custom-policy',
      '--policy-input-list',
      '{"Version": "2012-10-17", "Statement": [',
      '--action-names',
      's3:GetObject',
    ]);
    expect(bad.errorCode).toBe('MalformedPolicyDocument');
  });
});

describe('policy simulation through boto3', () => {
  it('pages with MaxItems/Marker and reports cross-account details', () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
doc = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'}]})
bucket = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::${ACCOUNT_ID}:user/alice'}, 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::shared/*'}]})
args = dict(PolicyInputList=[doc], ActionNames=['s3:GetObject', 's3:PutObject', 's3:ListBucket'], ResourceArns=['arn:aws:s3:::shared/k'], ResourcePolicy=bucket, ResourceOwner='arn:aws:iam::210987654321:root', CallerArn='arn:aws:iam::${ACCOUNT_ID}:user/alice')
pages = []
first = iam.simulate_custom_policy(MaxItems=2, **args)
pages.append([(e['EvalActionName'], e['EvalDecision'], e.get('EvalDecisionDetails')) for e in first['EvaluationResults']])
second = iam.simulate_custom_policy(MaxItems=2, Marker=first['Marker'], **args)
pages.append([(e['EvalActionName'], e['EvalDecision'], e.get('EvalDecisionDetails')) for e in second['EvaluationResults']])
keys = iam.get_context_keys_for_principal_policy(PolicySourceArn='arn:aws:iam::${ACCOUNT_ID}:user/sim-dana', PolicyInputList=[json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': 'arn:aws:s3:::b/\${aws:username}/*'}]})])
print(json.dumps({'truncated': [first['IsTruncated'], second['IsTruncated']], 'pages': pages, 'keys': keys['ContextKeyNames']}))
`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toEqual({
      truncated: [true, false],
      pages: [
        [
          ['s3:GetObject', 'allowed', { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' }],
          ['s3:PutObject', 'implicitDeny', { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' }],
        ],
        [['s3:ListBucket', 'implicitDeny', { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' }]],
      ],
      keys: ['aws:username'],
    });
  });
});

describe('authorization of the simulation operations', () => {
  it('authorizes SimulatePrincipalPolicy against PolicySourceArn and SimulateCustomPolicy against *', () => {
    const own = `arn:aws:iam::${ACCOUNT_ID}:user/sim-erin`;
    const setup = boto3(
      server,
      ROOT_KEY,
      `
iam.create_user(UserName='sim-erin')
iam.put_user_policy(UserName='sim-erin', PolicyName='self', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['iam:SimulatePrincipalPolicy', 'iam:GetContextKeysForPrincipalPolicy'], 'Resource': '${own}'}]}))
key = iam.create_access_key(UserName='sim-erin')['AccessKey']
print(json.dumps({'accessKeyId': key['AccessKeyId'], 'secretAccessKey': key['SecretAccessKey']}))
`,
    );
    expect(setup.status, setup.stderr).toBe(0);
    const erin = setup.json as { accessKeyId: string; secretAccessKey: string };
    const r = boto3(
      server,
      erin,
      `
out = {}
out['own'] = iam.simulate_principal_policy(PolicySourceArn='${own}', ActionNames=['iam:SimulatePrincipalPolicy'], ResourceArns=['${own}'])['EvaluationResults'][0]['EvalDecision']
for name, call in [('other', lambda: iam.simulate_principal_policy(PolicySourceArn='arn:aws:iam::${ACCOUNT_ID}:user/sim-dana', ActionNames=['s3:GetObject'])),
                   ('custom', lambda: iam.simulate_custom_policy(PolicyInputList=['{}'], ActionNames=['s3:GetObject']))]:
    try:
        call()
        out[name] = 'ok'
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps(out))
`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toEqual({
      own: 'allowed',
      other: [
        'AccessDenied',
        expect.stringMatching(
          new RegExp(
            `^User: ${own} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: arn:aws:iam::${ACCOUNT_ID}:user/sim-dana because no identity-based policy allows the iam:SimulatePrincipalPolicy action Encoded authorization failure message: [A-Za-z0-9_-]+$`,
          ),
        ),
      ],
      custom: [
        'AccessDenied',
        expect.stringMatching(
          new RegExp(
            `^User: ${own} is not authorized to perform: iam:SimulateCustomPolicy on resource: \\* because no identity-based policy allows the iam:SimulateCustomPolicy action Encoded authorization failure message: [A-Za-z0-9_-]+$`,
          ),
        ),
      ],
    });
  });
});
