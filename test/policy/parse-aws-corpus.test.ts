import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse.js';

/**
 * IAM's answers to CreatePolicy, as observed against AWS and recorded in moto's conformance
 * corpus (getmoto/moto tests/test_iam/test_iam_policies.py). CreatePolicy makes a managed
 * identity policy, which must be Version 2012-10-17. The first error we report must carry the
 * message AWS returned.
 */
const V = '2012-10-17';
/** A policy variable, `${name}`, spelled so that it is not mistaken for a template placeholder. */
const pv = (name: string): string => `$${'{'}${name}}`;
const doc = (Statement: unknown, extra: Record<string, unknown> = {}) => ({
  Version: V,
  Statement,
  ...extra,
});
const ok = (s: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: 's3:ListBucket',
  Resource: 'arn:aws:s3:::example_bucket',
  ...s,
});

const SYNTAX = 'Syntax errors in policy.';
const VERSION = 'Policy document must be version 2012-10-17 or greater.';
const LEGACY = 'The policy failed legacy parsing';
const VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
const COLON = 'Actions/Condition can contain only one colon.';
const ACTIONS = 'Policy statement must contain actions.';
const RESOURCES = 'Policy statement must contain resources.';
const SID = 'Statement IDs (SID) in a single policy must be unique.';
const IAM_PATH =
  'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.';

const invalid: [string, unknown, string][] = [
  ['not JSON', 'This is not a json document', SYNTAX],
  ['no Version', { Statement: ok() }, VERSION],
  ['Version 2008-10-17', { Version: '2008-10-17', Statement: ok() }, VERSION],
  ['unknown Version', { Version: '2013-10-17', Statement: ok() }, SYNTAX],
  ['no Statement', { Version: V }, SYNTAX],
  ['statement is a string', doc(['afd']), SYNTAX],
  ['unknown top-level element', doc(ok(), { 'Extra field': 'value' }), SYNTAX],
  ['unknown statement element', doc(ok({ 'Extra field': 'value' })), SYNTAX],
  [
    'Id is an array',
    doc(ok(), { Id: ['cd3a324d2343d942772346-34234234423404-4c2242343242349d1642ee'] }),
    SYNTAX,
  ],
  ['Id is an object', doc(ok(), { Id: {} }), SYNTAX],
  ['Effect invalid', doc(ok({ Effect: 'invalid' })), SYNTAX],
  ['Action without vendor', doc(ok({ Action: 'invalid' })), VENDOR],
  [
    'empty NotAction',
    doc({ Effect: 'Allow', NotAction: '', Resource: 'arn:aws:s3:::example_bucket' }),
    VENDOR,
  ],
  ['vendor with a space', doc(ok({ Action: 'a a:ListBucket' })), 'Vendor a a is not valid'],
  ['two colons', doc(ok({ Action: 's3:List:Bucket' })), COLON],
  [
    'two colons, second statement',
    doc([ok({ Action: 's3s:ListBucket' }), ok({ Action: 's:3s:ListBucket' })]),
    COLON,
  ],
  [
    'resource not an ARN',
    doc(ok({ Resource: 'invalid resource' })),
    'Resource invalid resource must be in ARN format or "*".',
  ],
  [
    'empty resource with conditions',
    doc([
      {
        Sid: 'EnableDisableHongKong',
        Effect: 'Allow',
        Action: ['account:EnableRegion', 'account:DisableRegion'],
        Resource: '',
        Condition: { StringEquals: { 'account:TargetRegion': 'ap-east-1' } },
      },
      {
        Sid: 'ViewConsole',
        Effect: 'Allow',
        Action: ['aws-portal:ViewAccount', 'account:ListRegions'],
        Resource: '',
      },
    ]),
    'Resource  must be in ARN format or "*".',
  ],
  [
    'resource error before action colon error',
    doc(ok({ Action: 's:3:ListBucket', Resource: 'sdfsadf' })),
    'Resource sdfsadf must be in ARN format or "*".',
  ],
  ['resource list not an ARN', doc(ok({ Resource: ['adf'] })), 'Resource adf must be in ARN format or "*".'],
  ['empty resource', doc(ok({ Resource: '' })), 'Resource  must be in ARN format or "*".'],
  [
    'partition from a two-field resource',
    doc({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }),
    'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".',
  ],
  [
    'partition from a three-field resource',
    doc({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:cadfsdf' }),
    'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".',
  ],
  [
    'partition from an eight-field resource',
    doc({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }),
    'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".',
  ],
  [
    'ARN missing its arn: prefix',
    doc(ok({ Resource: 'aws:s3:::example_bucket' })),
    'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".',
  ],
  [
    'unknown partition, first resource reported',
    doc(ok({ Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] })),
    'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".',
  ],
  ['empty Statement array', doc([]), SYNTAX],
  ['no Resource', doc({ Effect: 'Allow', Action: 's3:ListBucket' }), RESOURCES],
  ['empty Resource array', doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [] }), RESOURCES],
  ['vendor error before missing resource', doc({ Effect: 'Allow', Action: 'invalid' }), VENDOR],
  ['no Action', doc({ Effect: 'Allow', Resource: 'arn:aws:s3:::example_bucket' }), ACTIONS],
  ['no Effect', doc({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' }), SYNTAX],
  ['Effect only', doc({ Effect: 'Allow' }), ACTIONS],
  ['empty Action array', doc(ok({ Action: [] })), ACTIONS],
  ['first statement lacks actions', doc([{ Effect: 'Deny' }, ok()]), ACTIONS],
  ['IAM resource of no IAM type', doc(ok({ Resource: 'arn:aws:iam:::example_bucket' })), IAM_PATH],
  ['five-field ARN', doc(ok({ Resource: 'arn:aws:s3::example_bucket' })), LEGACY],
  [
    'five-field ARN before missing action',
    doc({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }),
    LEGACY,
  ],
  [
    'ARN without service',
    doc(ok({ Resource: 'arn:aws' })),
    'Resource vendor must be fully qualified and cannot contain regexes.',
  ],
  ['Resource is an object', doc(ok({ Resource: { a: 'arn:aws:s3:::example_bucket' } })), SYNTAX],
  [
    'Resource list holds an object',
    doc({ Effect: 'Deny', Action: 's3:ListBucket', Resource: ['adfdf', {}] }),
    SYNTAX,
  ],
  [
    'Resource and NotResource',
    doc({
      Effect: 'Allow',
      NotAction: 's3:ListBucket',
      Resource: 'arn:aws:s3:::example_bucket',
      NotResource: [],
    }),
    SYNTAX,
  ],
  [
    'nested Action array',
    doc({ Effect: 'Deny', Action: [[]], Resource: 'arn:aws:s3:::example_bucket' }),
    SYNTAX,
  ],
  ['Action and NotAction', doc(ok({ NotAction: 's3s:ListBucket', Action: [] })), SYNTAX],
  ['Action is an object', doc(ok({ Action: {} })), SYNTAX],
  ['Condition is an array', doc(ok({ Condition: [] })), SYNTAX],
  ['Condition is a string', doc(ok({ Condition: 'a' })), SYNTAX],
  ['Condition operator maps to a string', doc(ok({ Condition: { a: 'b' } })), SYNTAX],
  ['DateGreaterThan maps to a string', doc(ok({ Condition: { DateGreaterThan: 'b' } })), SYNTAX],
  ['DateGreaterThan maps to an array', doc(ok({ Condition: { DateGreaterThan: [] } })), SYNTAX],
  ['condition value is an object', doc(ok({ Condition: { DateGreaterThan: { a: {} } } })), SYNTAX],
  [
    'condition value is an object, no action',
    doc({
      Effect: 'Allow',
      Resource: 'arn:aws:s3:::example_bucket',
      Condition: { DateGreaterThan: { a: {} } },
    }),
    SYNTAX,
  ],
  ['unknown operator with keys', doc(ok({ Condition: { x: { a: '1' } } })), SYNTAX],
  [
    'qualifier with a double colon',
    doc(ok({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } })),
    SYNTAX,
  ],
  [
    'Condition is an array of blocks',
    doc(ok({ Condition: [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } }] })),
    SYNTAX,
  ],
  [
    'IAM resource with a region',
    doc(ok({ Resource: 'arn:aws:iam:us-east-1::example_bucket' })),
    'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.',
  ],
  [
    'S3 bucket with a region',
    doc(ok({ Resource: 'arn:aws:s3:us-east-1::example_bucket' })),
    'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.',
  ],
  ['Sid is an object', doc(ok({ Sid: {} })), SYNTAX],
  ['Sid is an array', doc(ok({ Sid: [] })), SYNTAX],
  ['duplicate Sid', doc([ok({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }]), SID],
  [
    'duplicate Sid without Version',
    { Statement: [ok({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }] },
    VERSION,
  ],
  ['NotAction and Action', doc(ok({ NotAction: 's3:ListBucket', Action: 'iam:dsf' })), SYNTAX],
  ['Resource and NotResource "*"', doc(ok({ NotResource: '*' })), SYNTAX],
  ['Effect in the wrong case', doc(ok({ Effect: 'denY' })), LEGACY],
  ['Date value that is no date', doc(ok({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } })), LEGACY],
  [
    'version before legacy (date)',
    { Statement: ok({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }) },
    VERSION,
  ],
  ['version before legacy (effect)', { Statement: ok({ Effect: 'denY' }) }, VERSION],
  [
    'legacy before missing action',
    doc({ Effect: 'Allow', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }),
    LEGACY,
  ],
  [
    'ARN with empty service',
    doc({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }),
    LEGACY,
  ],
  [
    'lower-case effect before region error',
    doc({ Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' }),
    LEGACY,
  ],
  [
    'legacy before duplicate Sid',
    doc([ok({ Sid: 'sdf', Effect: 'aLLow' }), { Sid: 'sdf', Effect: 'Allow' }]),
    LEGACY,
  ],
  [
    'five-field NotResource',
    doc({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' }),
    LEGACY,
  ],
  ['date with month 13', doc(ok({ Condition: { DateLessThanEquals: { a: '234-13' } } })), LEGACY],
  [
    'date with a one-digit zone',
    doc(ok({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } })),
    LEGACY,
  ],
  [
    'date with ten fraction digits',
    doc(ok({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } })),
    LEGACY,
  ],
  ['epoch past 2^63-1', doc(ok({ Condition: { DateLessThan: { a: '9223372036854775808' } } })), LEGACY],
  [
    'legacy before partition error',
    doc(ok({ Resource: 'arn:error:s3:::example_bucket', Condition: { DateGreaterThan: { a: 'sdfdsf' } } })),
    LEGACY,
  ],
  ['four-field ARN with empty service', doc(ok({ Resource: 'arn:aws::fdsasf' })), LEGACY],
];

const valid: [string, unknown][] = [
  ['Resource as a list', doc(ok({ Resource: ['arn:aws:s3:::example_bucket'] }))],
  ['action name is not checked', doc(ok({ Action: 'iam: asdf safdsf af ' }))],
  ['Resource list with "*"', doc(ok({ Resource: ['arn:aws:s3:::example_bucket', '*'] }))],
  ['Action "*"', doc(ok({ Action: '*' }))],
  ['Statement as an array', doc([ok()])],
  [
    'date conditions',
    doc({
      Effect: 'Allow',
      Action: 'service-prefix:action-name',
      Resource: '*',
      Condition: {
        DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' },
        DateLessThan: { 'aws:CurrentTime': '2017-12-31T23:59:59Z' },
      },
    }),
  ],
  ['any vendor', doc(ok({ Action: 'fsx:ListBucket' }))],
  ['IAM user resource', doc(ok({ Resource: 'arn:aws:iam:::user/example_bucket' }))],
  ['unknown service in ARN', doc(ok({ Resource: 'arn:aws:s33:::example_bucket' }))],
  ['three-field ARN', doc(ok({ Resource: 'arn:aws:fdsasf' }))],
  ['empty Condition', doc(ok({ Condition: {} }))],
  [
    'ForAllValues with one value',
    doc(ok({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } } })),
  ],
  ['region on another service', doc(ok({ Resource: 'arn:aws:cloudwatch:us-east-1::example_bucket' }))],
  ['region on EC2', doc(ok({ Resource: 'arn:aws:ec2:us-east-1::example_bucket' }))],
  ['unknown service', doc(ok({ Resource: 'arn:aws:invalid-service:::example_bucket' }))],
  ['unknown service with region', doc(ok({ Resource: 'arn:aws:invalid-service:us-east-1::example_bucket' }))],
  ['empty operator block', doc(ok({ Condition: { DateGreaterThan: {} } }))],
  ['empty value list', doc(ok({ Condition: { DateGreaterThan: { a: [] } } }))],
  ['unknown operator, empty block', doc(ok({ Condition: { a: {} } }))],
  ['alphanumeric Sid', doc(ok({ Sid: 'dsfsdfsdfsdfsdfsadfsd' }))],
  [
    'NotAction',
    doc({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' }),
  ],
  [
    'NotResource list',
    doc({
      Effect: 'Deny',
      Action: 's3:*',
      NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'],
    }),
  ],
  [
    'Id',
    doc(
      { Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' },
      { Id: 'sdfsdfsdf' },
    ),
  ],
  ['long vendor', doc(ok({ Action: 'aaaaaadsfdsafsadfsadfaaaaa:ListBucket' }))],
  ['vendor with a dash', doc(ok({ Action: 's3-s:ListBucket' }))],
  ['vendor with a dot', doc(ok({ Action: 's3.s:ListBucket' }))],
  ['NotAction and NotResource "*"', doc({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' })],
  ['one Sid', doc([ok({ Sid: 'sdf' }), ok()])],
  ['date "01T"', doc(ok({ Condition: { DateGreaterThan: { a: '01T' } } }))],
  ['two unknown empty operators', doc(ok({ Condition: { x: {}, y: {} } }))],
  ['IfExists', doc(ok({ Condition: { StringEqualsIfExists: { a: 'asf' } } }))],
  ['qualifier and IfExists', doc(ok({ Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } }))],
  ['date with Z', doc(ok({ Condition: { DateLessThanEquals: { a: '2019-07-01T13:20:15Z' } } }))],
  [
    'date with fraction and zone',
    doc(ok({ Condition: { DateLessThanEquals: { a: '2016-12-13T21:20:37.593194+00:00' } } })),
  ],
  ['loose date', doc(ok({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+23' } } }))],
  ['earliest year', doc(ok({ Condition: { DateLessThan: { a: '-292275054' } } }))],
  [
    'self-service MFA policy',
    doc([
      {
        Sid: 'AllowManageOwnPasswords',
        Effect: 'Allow',
        Action: ['iam:ChangePassword', 'iam:GetUser'],
        Resource: `arn:aws:iam::*:user/${pv('aws:username')}`,
      },
      {
        Sid: 'AllowManageOwnVirtualMFADevice',
        Effect: 'Allow',
        Action: ['iam:CreateVirtualMFADevice'],
        Resource: `arn:aws:iam::*:mfa/${pv('aws:username')}`,
      },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: ['iam:CreateVirtualMFADevice', 'sts:GetSessionToken'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ]),
  ],
  ['DynamoDB table', doc(ok({ Action: ['dynamodb:List*'], Resource: 'arn:aws:dynamodb:*:*:table/MyTable' }))],
  [
    'ArnEquals',
    doc(
      ok({
        Resource: ['arn:aws:ec2:*:*:volume/*'],
        Condition: { ArnEquals: { 'ec2:SourceInstanceARN': 'arn:aws:ec2:*:*:instance/instance-id' } },
      }),
    ),
  ],
  ['placeholder region and account', doc(ok({ Resource: 'arn:aws:ec2:region:account-id:instance/*' }))],
  [
    'variables with colons',
    doc(
      ok({
        Resource: [
          `arn:aws:s3:::bucket-name/cognito/application-name/${pv('cognito-identity.amazonaws.com:sub')}/*`,
        ],
        Condition: {
          StringLike: {
            's3:prefix': [
              '',
              'home/',
              `cognito/application-name/${pv('cognito-identity.amazonaws.com:sub')}`,
            ],
          },
        },
      }),
    ),
  ],
  ['object wildcard action', doc(ok({ Action: 's3:*Object', Resource: ['arn:aws:s3:::bucket-name/*'] }))],
  ['wildcard account and resource', doc(ok({ Action: 'rds:*', Resource: ['arn:aws:rds:region:*:*'] }))],
  ['empty Sids repeat', doc([ok({ Sid: '' }), ok({ Sid: '' })])],
  [
    'S3 access point with region',
    doc(
      ok({
        Resource: [
          'arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point',
          'arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*',
        ],
      }),
    ),
  ],
];

const text = (d: unknown): string => (typeof d === 'string' ? d : JSON.stringify(d));
const createPolicy = (d: unknown) =>
  parsePolicy(text(d), { kind: 'identity', id: 'TestCreatePolicy', minimumVersion: '2012-10-17' });

describe('CreatePolicy conformance: invalid documents (moto corpus, observed AWS messages)', () => {
  it.each(invalid)('%s', (_name, document, message) => {
    const r = createPolicy(document);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.message).toBe(message);
    expect(r.errors.every((e) => e.code === 'MalformedPolicyDocument')).toBe(true);
  });
});

describe('CreatePolicy conformance: valid documents (moto corpus)', () => {
  it.each(valid)('%s', (_name, document) => {
    const r = createPolicy(document);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
