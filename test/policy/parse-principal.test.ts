import { describe, expect, it } from 'vitest';
import type { PolicyKind, PrincipalBlock } from '../../src/policy/ast.js';
import { parsePolicy } from '../../src/policy/parse.js';

/**
 * Principal / NotPrincipal, and what each kind of document requires of them
 * (AWS JSON policy elements: Principal, NotPrincipal; observed IAM messages).
 */
const ACCOUNT = '123456789012';
const resourceDoc = (principal: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      ...principal,
      ...extra,
    },
  });
const trustDoc = (statement: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', ...statement },
  });

const parse = (text: string, kind: PolicyKind = 'resource', partition?: string) =>
  parsePolicy(text, { kind, id: 'p', ...(partition ? { partition } : {}) });

function principalOf(text: string, kind: PolicyKind = 'resource'): PrincipalBlock | undefined {
  const r = parse(text, kind);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.statements[0]?.principal;
}

const empty = { negated: false, wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };

describe('Principal forms that parse (Principal element reference)', () => {
  it.each<[string, unknown, Partial<PrincipalBlock>]>([
    ['"*" is everyone', '*', { wildcard: true }],
    ['{"AWS": "*"} is everyone', { AWS: '*' }, { wildcard: true }],
    ['bare account id becomes its root ARN', { AWS: ACCOUNT }, { aws: [`arn:aws:iam::${ACCOUNT}:root`] }],
    ['account root ARN', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { aws: [`arn:aws:iam::${ACCOUNT}:root`] }],
    [
      'user ARN with path',
      { AWS: `arn:aws:iam::${ACCOUNT}:user/div/alice` },
      { aws: [`arn:aws:iam::${ACCOUNT}:user/div/alice`] },
    ],
    ['role ARN', { AWS: `arn:aws:iam::${ACCOUNT}:role/R` }, { aws: [`arn:aws:iam::${ACCOUNT}:role/R`] }],
    [
      'assumed-role session ARN',
      { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/R/s` },
      { aws: [`arn:aws:sts::${ACCOUNT}:assumed-role/R/s`] },
    ],
    [
      'federated user ARN',
      { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/bob` },
      { aws: [`arn:aws:sts::${ACCOUNT}:federated-user/bob`] },
    ],
    [
      'other partition',
      { AWS: `arn:aws-cn:iam::${ACCOUNT}:root` },
      { aws: [`arn:aws-cn:iam::${ACCOUNT}:root`] },
    ],
    [
      'list of AWS principals',
      { AWS: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/R`] },
      { aws: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/R`] },
    ],
    ['"*" within a list', { AWS: ['*', ACCOUNT] }, { wildcard: true, aws: [`arn:aws:iam::${ACCOUNT}:root`] }],
    ['service principal', { Service: 'ec2.amazonaws.com' }, { service: ['ec2.amazonaws.com'] }],
    [
      'service principals',
      { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] },
      { service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] },
    ],
    [
      'web identity provider',
      { Federated: 'cognito-identity.amazonaws.com' },
      { federated: ['cognito-identity.amazonaws.com'] },
    ],
    [
      'SAML provider ARN',
      { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` },
      { federated: [`arn:aws:iam::${ACCOUNT}:saml-provider/Okta`] },
    ],
    [
      'canonical user',
      { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
      { canonicalUser: ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'] },
    ],
    [
      'several types',
      { AWS: ACCOUNT, Service: 's3.amazonaws.com' },
      { aws: [`arn:aws:iam::${ACCOUNT}:root`], service: ['s3.amazonaws.com'] },
    ],
  ])('%s', (_name, principal, expected) => {
    expect(principalOf(resourceDoc({ Principal: principal }))).toEqual({ ...empty, ...expected });
  });

  it('NotPrincipal with Deny is negated', () => {
    const text = resourceDoc({ NotPrincipal: { AWS: ACCOUNT } }, { Effect: 'Deny' });
    expect(principalOf(text)).toEqual({ ...empty, negated: true, aws: [`arn:aws:iam::${ACCOUNT}:root`] });
  });

  it('expands a bare account id in the configured partition', () => {
    const r = parse(resourceDoc({ Principal: { AWS: ACCOUNT } }), 'resource', 'aws-cn');
    expect(r.ok && r.value.statements[0]?.principal?.aws).toEqual([`arn:aws-cn:iam::${ACCOUNT}:root`]);
  });
});

describe('Principal forms that are rejected', () => {
  it.each<[string, unknown, string]>([
    ['unknown principal type', { Foo: 'bar' }, 'Invalid principal in policy: "Foo":"bar"'],
    ['type names are case-sensitive', { aws: ACCOUNT }, `Invalid principal in policy: "aws":"${ACCOUNT}"`],
    ['11-digit account', { AWS: '12345678901' }, 'Invalid principal in policy: "AWS":"12345678901"'],
    [
      'wildcard inside an ARN',
      { AWS: `arn:aws:iam::${ACCOUNT}:role/*` },
      `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/*"`,
    ],
    [
      'wildcard account',
      { AWS: 'arn:aws:iam::*:root' },
      'Invalid principal in policy: "AWS":"arn:aws:iam::*:root"',
    ],
    [
      'group ARN is no principal',
      { AWS: `arn:aws:iam::${ACCOUNT}:group/G` },
      `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:group/G"`,
    ],
    [
      'ARN of another service',
      { AWS: `arn:aws:s3:::bucket` },
      'Invalid principal in policy: "AWS":"arn:aws:s3:::bucket"',
    ],
    [
      'role ARN without a name',
      { AWS: `arn:aws:iam::${ACCOUNT}:role/` },
      `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/"`,
    ],
    [
      'IAM ARN with a region',
      { AWS: `arn:aws:iam:us-east-1:${ACCOUNT}:root` },
      `Invalid principal in policy: "AWS":"arn:aws:iam:us-east-1:${ACCOUNT}:root"`,
    ],
    ['user name', { AWS: 'alice' }, 'Invalid principal in policy: "AWS":"alice"'],
    ['empty service', { Service: '' }, 'Invalid principal in policy: "Service":""'],
    [
      'service with a space',
      { Service: 'ec2 .amazonaws.com' },
      'Invalid principal in policy: "Service":"ec2 .amazonaws.com"',
    ],
    [
      'a string other than "*"',
      `arn:aws:iam::${ACCOUNT}:root`,
      `Invalid principal in policy: "arn:aws:iam::${ACCOUNT}:root"`,
    ],
    ['empty object', {}, 'Syntax errors in policy.'],
    ['empty list', { AWS: [] }, 'Syntax errors in policy.'],
    ['number', { AWS: 123456789012 }, 'Syntax errors in policy.'],
    ['array', ['*'], 'Syntax errors in policy.'],
    ['null', null, 'Syntax errors in policy.'],
    ['nested list', { AWS: [[ACCOUNT]] }, 'Syntax errors in policy.'],
  ])('%s', (_name, principal, message) => {
    const r = parse(resourceDoc({ Principal: principal }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toBe(message);
  });

  it('Principal and NotPrincipal together', () => {
    const r = parse(resourceDoc({ Principal: '*', NotPrincipal: '*' }, { Effect: 'Deny' }));
    expect(!r.ok && r.errors[0]?.message).toBe('Syntax errors in policy.');
  });

  it('NotPrincipal with Allow is not supported (NotPrincipal reference)', () => {
    const r = parse(resourceDoc({ NotPrincipal: { AWS: ACCOUNT } }));
    expect(!r.ok && r.errors[0]?.path).toBe('/Statement/NotPrincipal');
  });

  it('points at the bad list element', () => {
    const r = parse(resourceDoc({ Principal: { AWS: [ACCOUNT, 'bad'] } }));
    expect(!r.ok && r.errors[0]?.path).toBe('/Statement/Principal/AWS/1');
  });
});

describe('Principal by kind of document', () => {
  const identity = (principal: Record<string, unknown>) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*', ...principal },
    });

  it.each<PolicyKind>(['identity', 'boundary', 'session', 'scp'])(
    '%s policies may not name a principal ("Policy document should not specify a principal.")',
    (kind) => {
      for (const p of [{ Principal: '*' }, { NotPrincipal: '*' }]) {
        const r = parse(identity(p), kind);
        expect(!r.ok && r.errors[0]?.message).toBe('Policy document should not specify a principal.');
      }
    },
  );

  it.each<PolicyKind>(['resource', 'rcp', 'trust'])('%s policies must name one', (kind) => {
    const text =
      kind === 'trust'
        ? trustDoc({})
        : JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' },
          });
    const r = parse(text, kind);
    expect(!r.ok && r.errors[0]?.message).toBe('Missing required field Principal');
  });

  it.each<PolicyKind>(['rcp', 'trust'])('%s policies may not use NotPrincipal', (kind) => {
    const statement = { NotPrincipal: { AWS: ACCOUNT }, Effect: 'Deny' };
    const text =
      kind === 'trust'
        ? trustDoc(statement)
        : JSON.stringify({
            Version: '2012-10-17',
            Statement: { ...statement, Action: 's3:*', Resource: '*' },
          });
    const r = parse(text, kind);
    expect(!r.ok && r.errors[0]?.message).toBe('Has prohibited field NotPrincipal');
  });

  it('an RCP with Principal "*" parses', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' },
    });
    expect(parse(text, 'rcp').ok).toBe(true);
  });
});

describe('role trust policies (CreateRole / UpdateAssumeRolePolicy)', () => {
  const trust = (text: string) => parse(text, 'trust');

  it('a typical trust policy parses, without a resource', () => {
    const r = trust(trustDoc({ Principal: { Service: 'ec2.amazonaws.com' } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.statements[0]?.resource).toBeUndefined();
      expect(r.value.statements[0]?.action.patterns).toEqual(['sts:assumerole']);
    }
  });

  it.each([
    'sts:AssumeRole',
    'sts:AssumeRoleWithSAML',
    'sts:AssumeRoleWithWebIdentity',
    'sts:TagSession',
    'sts:SetSourceIdentity',
    'sts:SetContext',
    'STS:assumerole',
    'sts:AssumeRole*',
  ])('action %s is allowed', (action) => {
    expect(trust(trustDoc({ Principal: '*', Action: action })).ok).toBe(true);
  });

  it.each(['*', 's3:GetObject', 'sts:GetCallerIdentity', 'sts:Get*', 'iam:PassRole'])(
    'action %s is refused ("AssumeRole policy may only specify STS AssumeRole actions.")',
    (action) => {
      const r = trust(trustDoc({ Principal: '*', Action: [action] }));
      expect(!r.ok && r.errors[0]?.message).toBe(
        'AssumeRole policy may only specify STS AssumeRole actions.',
      );
    },
  );

  it('Resource is prohibited ("Has prohibited field Resource", observed)', () => {
    const r = trust(trustDoc({ Principal: '*', Resource: '*' }));
    expect(!r.ok && r.errors[0]?.message).toBe('Has prohibited field Resource');
  });

  it('NotResource is prohibited too', () => {
    const r = trust(trustDoc({ Principal: '*', NotResource: '*' }));
    expect(!r.ok && r.errors[0]?.message).toBe('Has prohibited field NotResource');
  });

  it('invalid JSON gets CreateRole\'s wording ("This policy contains invalid Json", observed)', () => {
    const r = trust('assume-role-policy.json');
    expect(!r.ok && r.errors[0]?.message).toBe('This policy contains invalid Json');
  });

  it('any Sid is allowed in a trust policy', () => {
    expect(trust(trustDoc({ Principal: '*', Sid: 'Allow EC2 to assume' })).ok).toBe(true);
  });
});
