import { describe, expect, it } from 'vitest';
import type { PolicyKind } from '../../src/policy/ast.js';
import {
  type CompiledPolicy,
  compilePolicy,
  contextKeys,
  evaluate,
  parsePolicy,
  type RequestPrincipal,
} from '../../src/policy/index.js';

const A = '111122223333';
const B = '444455556666';
const alice: RequestPrincipal = { type: 'user', arn: `arn:aws:iam::${A}:user/alice`, account: A };
const session: RequestPrincipal = {
  type: 'assumedRole',
  arn: `arn:aws:sts::${A}:assumed-role/deploy/s1`,
  account: A,
  roleArn: `arn:aws:iam::${A}:role/deploy`,
};
const root: RequestPrincipal = { type: 'root', arn: `arn:aws:iam::${A}:root`, account: A };
const lambda: RequestPrincipal = {
  type: 'service',
  arn: 'lambda.amazonaws.com',
  account: '',
  service: 'lambda.amazonaws.com',
};

let n = 0;
function policy(kind: PolicyKind, ...statements: object[]): CompiledPolicy {
  const r = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), {
    kind,
    id: `${kind}-${++n}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return compilePolicy(r.value);
}
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

const BUCKET_OBJ = 'arn:aws:s3:::reports/q1.csv';

interface CaseInput {
  readonly principal?: RequestPrincipal;
  readonly action?: string;
  readonly resource?: string;
  readonly resourceAccount?: string;
  readonly keys?: Record<string, string | string[]>;
  readonly identity?: CompiledPolicy[];
  readonly boundary?: CompiledPolicy[];
  readonly session?: CompiledPolicy[];
  readonly resourcePolicy?: CompiledPolicy;
  readonly scp?: CompiledPolicy[][];
}

interface Case {
  readonly name: string;
  readonly input: CaseInput;
  readonly decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  readonly deniedBy?: string;
}

function decide(c: CaseInput, explain: boolean) {
  return evaluate({
    context: {
      action: c.action ?? 's3:GetObject',
      resource: c.resource ?? BUCKET_OBJ,
      resourceAccount: c.resourceAccount ?? A,
      principal: c.principal ?? alice,
      keys: contextKeys(c.keys ?? {}),
    },
    identity: c.identity ?? [],
    boundary: c.boundary,
    session: c.session,
    resource: c.resourcePolicy,
    scp: c.scp,
    explain,
  });
}

// Cases cite the IAM User Guide page whose rule they check:
// [logic] "Policy evaluation logic"; [xacct] "Cross-account policy evaluation logic";
// [pb] "Permissions boundaries for IAM entities"; [sess] "Session policies"; [root] "AWS account root user";
// [trust] "Roles terms and concepts: trust policy"; [notp] "NotPrincipal"; [action] "IAM JSON policy elements: Action".
const cases: Case[] = [
  {
    name: '[logic] no policy: implicit deny by identity',
    input: {},
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[logic] identity Allow allows',
    input: { identity: [policy('identity', allow('s3:GetObject'))] },
    decision: 'allowed',
  },
  {
    name: '[action] actions match case-insensitively',
    input: { identity: [policy('identity', allow('S3:getobject'))] },
    decision: 'allowed',
  },
  {
    name: '[logic] resources match case-sensitively',
    input: { identity: [policy('identity', allow('s3:GetObject', 'arn:aws:s3:::Reports/*'))] },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[logic] an explicit Deny overrides any Allow',
    input: { identity: [policy('identity', allow('s3:*'), deny('s3:GetObject', 'arn:aws:s3:::reports/*'))] },
    decision: 'explicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[action] NotAction Allow covers every other action',
    input: { identity: [policy('identity', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    decision: 'allowed',
  },
  {
    name: '[action] NotAction Allow does not cover the named action',
    input: {
      action: 'iam:ListUsers',
      identity: [policy('identity', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[logic] NotResource Deny denies all but the named resources',
    input: {
      identity: [
        policy('identity', allow('s3:*'), {
          Effect: 'Deny',
          Action: 's3:*',
          NotResource: 'arn:aws:s3:::public/*',
        }),
      ],
    },
    decision: 'explicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[pb] identity allows but the boundary does not',
    input: { identity: [policy('identity', allow('s3:*'))], boundary: [policy('boundary', allow('ec2:*'))] },
    decision: 'implicitDeny',
    deniedBy: 'boundary',
  },
  {
    name: '[pb] the boundary allows but identity does not',
    input: { identity: [policy('identity', allow('ec2:*'))], boundary: [policy('boundary', allow('s3:*'))] },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[pb] identity and boundary both allow',
    input: {
      identity: [policy('identity', allow('s3:GetObject'))],
      boundary: [policy('boundary', allow('s3:*'))],
    },
    decision: 'allowed',
  },
  {
    name: '[sess] session policy caps the role',
    input: {
      principal: session,
      identity: [policy('identity', allow('s3:*'))],
      session: [policy('session', allow('s3:PutObject'))],
    },
    decision: 'implicitDeny',
    deniedBy: 'session',
  },
  {
    name: '[logic] an SCP level without an Allow denies',
    input: {
      identity: [policy('identity', allow('s3:*'))],
      scp: [[policy('scp', allow('*'))], [policy('scp', allow('ec2:*'))]],
    },
    decision: 'implicitDeny',
    deniedBy: 'scp',
  },
  {
    name: '[logic] an SCP Deny is an explicit deny, named before identity',
    input: {
      identity: [policy('identity', deny('s3:*'))],
      scp: [[policy('scp', allow('*'), deny('s3:GetObject'))]],
    },
    decision: 'explicitDeny',
    deniedBy: 'scp',
  },
  {
    name: '[root] the root user needs no identity policy in its account',
    input: { principal: root },
    decision: 'allowed',
  },
  {
    name: '[root] an SCP still limits the root user',
    input: { principal: root, scp: [[policy('scp', deny('s3:*'), allow('*'))]] },
    decision: 'explicitDeny',
    deniedBy: 'scp',
  },
  {
    name: '[logic] same account: a resource policy naming the user is enough',
    input: {
      resourcePolicy: policy(
        'resource',
        allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: alice.arn } }),
      ),
    },
    decision: 'allowed',
  },
  {
    name: '[pb] same account: a boundary does not limit a resource policy naming the user',
    input: {
      boundary: [policy('boundary', allow('ec2:*'))],
      resourcePolicy: policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: alice.arn } })),
    },
    decision: 'allowed',
  },
  {
    name: '[pb] same account: a resource policy naming the role is limited by the boundary',
    input: {
      principal: session,
      boundary: [policy('boundary', allow('ec2:*'))],
      resourcePolicy: policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: session.roleArn } })),
    },
    decision: 'implicitDeny',
    deniedBy: 'boundary',
  },
  {
    name: '[pb] same account: a resource policy naming the role skips the identity gate',
    input: {
      principal: session,
      resourcePolicy: policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: session.roleArn } })),
    },
    decision: 'allowed',
  },
  {
    name: '[sess] a resource policy naming the session ARN is not limited by the session policy',
    input: {
      principal: session,
      session: [policy('session', allow('ec2:*'))],
      resourcePolicy: policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: session.arn } })),
    },
    decision: 'allowed',
  },
  {
    name: '[logic] same account: naming the account delegates to identity policies',
    input: {
      resourcePolicy: policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: A } })),
    },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[xacct] cross-account: identity allows, resource policy silent',
    input: { resourceAccount: B, identity: [policy('identity', allow('s3:*'))] },
    decision: 'implicitDeny',
    deniedBy: 'resource',
  },
  {
    name: '[xacct] cross-account: both sides allow',
    input: {
      resourceAccount: B,
      identity: [policy('identity', allow('s3:*'))],
      resourcePolicy: policy(
        'resource',
        allow('s3:GetObject', '*', { Principal: { AWS: `arn:aws:iam::${A}:root` } }),
      ),
    },
    decision: 'allowed',
  },
  {
    name: '[xacct] cross-account: resource allows the user, identity silent',
    input: {
      resourceAccount: B,
      resourcePolicy: policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: alice.arn } })),
    },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[logic] a resource-policy Deny is named before an identity Deny',
    input: {
      identity: [policy('identity', deny('s3:*'))],
      resourcePolicy: policy('resource', deny('s3:*', '*', { Principal: '*' })),
    },
    decision: 'explicitDeny',
    deniedBy: 'resource',
  },
  {
    name: '[trust] a trust policy naming the user lets it assume the role without identity policy',
    input: {
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${A}:role/deploy`,
      resourcePolicy: policy('trust', {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: alice.arn },
      }),
    },
    decision: 'allowed',
  },
  {
    name: '[trust] a trust policy naming the account needs the identity policy too',
    input: {
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${A}:role/deploy`,
      resourcePolicy: policy('trust', {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: `arn:aws:iam::${A}:root` },
      }),
    },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[trust] a trust policy naming someone else refuses even with an identity Allow',
    input: {
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${A}:role/deploy`,
      identity: [policy('identity', allow('sts:AssumeRole'))],
      resourcePolicy: policy('trust', {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: `arn:aws:iam::${A}:user/bob` },
      }),
    },
    decision: 'implicitDeny',
    deniedBy: 'trust',
  },
  {
    name: '[logic] a service principal is judged by the resource policy alone',
    input: {
      principal: lambda,
      resourcePolicy: policy(
        'resource',
        allow('s3:GetObject', '*', { Principal: { Service: 'lambda.amazonaws.com' } }),
      ),
    },
    decision: 'allowed',
  },
  {
    name: '[logic] a service principal with no resource policy is denied',
    input: { principal: lambda },
    decision: 'implicitDeny',
    deniedBy: 'resource',
  },
  {
    name: '[notp] NotPrincipal Deny listing the user and its account spares the user',
    input: {
      identity: [policy('identity', allow('s3:*'))],
      resourcePolicy: policy(
        'resource',
        deny('s3:*', '*', { NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }),
      ),
    },
    decision: 'allowed',
  },
  {
    name: '[notp] NotPrincipal Deny listing only the user still denies (the account is not listed)',
    input: {
      identity: [policy('identity', allow('s3:*'))],
      resourcePolicy: policy('resource', deny('s3:*', '*', { NotPrincipal: { AWS: alice.arn } })),
    },
    decision: 'explicitDeny',
    deniedBy: 'resource',
  },
  {
    name: '[notp] NotPrincipal Deny always applies to a principal with a boundary',
    input: {
      identity: [policy('identity', allow('s3:*'))],
      boundary: [policy('boundary', allow('s3:*'))],
      resourcePolicy: policy(
        'resource',
        deny('s3:*', '*', { NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }),
      ),
    },
    decision: 'explicitDeny',
    deniedBy: 'resource',
  },
  {
    name: '[logic] a condition that fails keeps the Allow from applying',
    input: {
      keys: { 'aws:SourceIp': '192.0.2.7' },
      identity: [
        policy(
          'identity',
          allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
        ),
      ],
    },
    decision: 'implicitDeny',
    deniedBy: 'identity',
  },
  {
    name: '[logic] a policy variable in Resource resolves from the request',
    input: {
      resource: 'arn:aws:s3:::home/alice/notes.txt',
      keys: { 'aws:username': 'alice' },
      identity: [policy('identity', allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
    },
    decision: 'allowed',
  },
];

describe('evaluate: AWS evaluation logic, one rule per case', () => {
  for (const c of cases) {
    it(c.name, () => {
      const d = decide(c.input, false);
      expect([d.decision, d.deniedBy]).toEqual([c.decision, c.deniedBy]);
      // The explained evaluation reaches the same decision.
      const full = decide(c.input, true);
      expect([full.decision, full.deniedBy]).toEqual([c.decision, c.deniedBy]);
    });
  }
});

describe('evaluate: explanations', () => {
  const ctx = (keys: Record<string, string> = {}) => ({
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourceAccount: A,
    principal: alice,
    keys: contextKeys(keys),
  });

  it('names every matching Deny with explain, policy id, index and Sid', () => {
    const p = policy('identity', { Sid: 'One', ...deny('s3:*') }, allow('*'), {
      Sid: 'Two',
      ...deny('s3:Get*'),
    });
    const d = evaluate({ context: ctx(), identity: [p], explain: true });
    expect(d.decision).toBe('explicitDeny');
    expect(d.matchedStatements.map((m) => [m.policyId, m.statementIndex, m.sid, m.effect])).toEqual([
      [p.id, 0, 'One', 'Deny'],
      [p.id, 2, 'Two', 'Deny'],
    ]);
  });

  it('without explain names at least the deciding statement', () => {
    const p = policy('identity', allow('s3:*'), { Sid: 'Guard', ...deny('s3:GetObject') });
    const d = evaluate({ context: ctx(), identity: [p] });
    expect(d.matchedStatements.map((m) => m.sid)).toEqual(['Guard']);
  });

  it('lists the Allow statements of every gate that allowed', () => {
    const id = policy('identity', { Sid: 'Id', ...allow('s3:GetObject') });
    const pb = policy('boundary', { Sid: 'Pb', ...allow('s3:*') });
    const d = evaluate({ context: ctx(), identity: [id], boundary: [pb], explain: true });
    expect(d.decision).toBe('allowed');
    expect(d.matchedStatements.map((m) => [m.policyKind, m.sid])).toEqual([
      ['identity', 'Id'],
      ['boundary', 'Pb'],
    ]);
  });

  it('reports condition keys the request lacked, in written case', () => {
    const p = policy(
      'identity',
      allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'blue' } } }),
    );
    const d = evaluate({ context: ctx(), identity: [p], explain: true });
    expect(d.decision).toBe('implicitDeny');
    expect(d.missingContextKeys).toEqual(['aws:PrincipalTag/Team']);
  });

  it('does not let one decision leak into the next (no decision cache)', () => {
    const p = policy(
      'identity',
      allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }),
    );
    const yes = evaluate({ context: ctx({ 'aws:username': 'alice' }), identity: [p] });
    const no = evaluate({ context: ctx({ 'aws:username': 'bob' }), identity: [p] });
    expect([yes.decision, no.decision]).toEqual(['allowed', 'implicitDeny']);
  });
});
