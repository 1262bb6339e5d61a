import { describe, expect, it } from 'vitest';
import { parseCaller } from '../../src/cli/caller.js';
import { InputError } from '../../src/cli/cli-error.js';
import { parseContextArgs } from '../../src/cli/context-args.js';
import { explainDecision } from '../../src/cli/explain.js';
import type { Decision, DecisionValue, Gate } from '../../src/policy/index.js';

// In-process: the wording and parsing tables, without spawning a process per row.

const decision = (value: DecisionValue, deniedBy: Gate | undefined): Decision => ({
  decision: value,
  deniedBy,
  matchedStatements: [],
  missingContextKeys: [],
});

describe('explainDecision: AWS AccessDenied wording per gate', () => {
  const prefix =
    'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject on resource: r';
  it.each<[DecisionValue, Gate, string]>([
    ['implicitDeny', 'identity', 'because no identity-based policy allows the s3:GetObject action'],
    ['implicitDeny', 'boundary', 'because no permissions boundary allows the s3:GetObject action'],
    ['implicitDeny', 'session', 'because no session policy allows the s3:GetObject action'],
    ['implicitDeny', 'resource', 'because no resource-based policy allows the s3:GetObject action'],
    ['implicitDeny', 'trust', 'because no role trust policy allows the s3:GetObject action'],
    ['implicitDeny', 'scp', 'because no service control policy allows the s3:GetObject action'],
    ['implicitDeny', 'rcp', 'because no resource control policy allows the s3:GetObject action'],
    ['explicitDeny', 'identity', 'with an explicit deny in an identity-based policy'],
    ['explicitDeny', 'boundary', 'with an explicit deny in a permissions boundary'],
    ['explicitDeny', 'resource', 'with an explicit deny in a resource-based policy'],
    ['explicitDeny', 'trust', 'with an explicit deny in the role trust policy'],
    ['explicitDeny', 'scp', 'with an explicit deny in a service control policy'],
  ])('%s by %s', (value, gate, reason) => {
    const text = explainDecision(
      decision(value, gate),
      'arn:aws:iam::111122223333:user/a',
      's3:GetObject',
      'r',
    );
    expect(text).toBe(`${prefix} ${reason}`);
  });

  it('allowed', () => {
    expect(explainDecision(decision('allowed', undefined), 'c', 'iam:GetUser', '*')).toBe(
      'User: c is authorized to perform: iam:GetUser on resource: *',
    );
  });
});

describe('parseCaller', () => {
  const keys = (arn: string) =>
    Object.fromEntries([...parseCaller(arn).keys].map(([k, v]) => [k, v.values.join(',')]));

  it('a user: type user, aws:username, no aws:userid (its AIDA... id is not in the ARN)', () => {
    const c = parseCaller('arn:aws:iam::111122223333:user/eng/alice');
    expect(c.principal).toEqual({
      type: 'user',
      arn: 'arn:aws:iam::111122223333:user/eng/alice',
      account: '111122223333',
    });
    expect(keys('arn:aws:iam::111122223333:user/eng/alice')).toEqual({
      'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/eng/alice',
      'aws:PrincipalAccount': '111122223333',
      'aws:PrincipalType': 'User',
      'aws:PrincipalIsAWSService': 'false',
      'aws:username': 'alice',
    });
  });

  it('root, by ARN or bare account id', () => {
    expect(parseCaller('111122223333').principal).toEqual({
      type: 'root',
      arn: 'arn:aws:iam::111122223333:root',
      account: '111122223333',
    });
    expect(keys('arn:aws:iam::111122223333:root')).toMatchObject({
      'aws:PrincipalType': 'Account',
      'aws:userid': '111122223333',
    });
  });

  it('an assumed-role session: roleArn, and aws:PrincipalArn is the role', () => {
    const arn = 'arn:aws:sts::111122223333:assumed-role/Dev/s1';
    expect(parseCaller(arn).principal).toEqual({
      type: 'assumedRole',
      arn,
      account: '111122223333',
      roleArn: 'arn:aws:iam::111122223333:role/Dev',
    });
    expect(keys(arn)).toMatchObject({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Dev' });
  });

  it('a role ARN is simulated as a session of that role', () => {
    expect(parseCaller('arn:aws:iam::111122223333:role/ops/Dev').principal).toEqual({
      type: 'assumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/Dev/simulated-session',
      account: '111122223333',
      roleArn: 'arn:aws:iam::111122223333:role/ops/Dev',
    });
  });

  it('a federated user and a service', () => {
    expect(parseCaller('arn:aws:sts::111122223333:federated-user/bob').principal.type).toBe('federatedUser');
    expect(keys('arn:aws:sts::111122223333:federated-user/bob')).toMatchObject({
      'aws:userid': '111122223333:bob',
    });
    expect(parseCaller('ec2.amazonaws.com').principal).toEqual({
      type: 'service',
      arn: 'ec2.amazonaws.com',
      account: '',
      service: 'ec2.amazonaws.com',
    });
  });

  it.each([
    'alice',
    'arn:aws:iam::1234:user/a',
    'arn:aws:iam:us-east-1:111122223333:user/a',
    'arn:aws:s3:::bucket',
    'arn:aws:sts::111122223333:assumed-role/OnlyRole',
  ])('rejects %j', (text) => {
    expect(() => parseCaller(text)).toThrow(InputError);
  });
});

describe('parseContextArgs', () => {
  it('groups repeated keys case-insensitively into a List type', () => {
    const keys = parseContextArgs(['aws:TagKeys=a', 'AWS:tagkeys=b', 'n=1'], ['n=numeric']);
    expect(keys.get('aws:TagKeys')).toEqual({ type: 'stringList', multi: true, values: ['a', 'b'] });
    expect(keys.get('n')).toEqual({ type: 'numeric', multi: false, values: ['1'] });
  });

  it('a List type is multi-valued with one value; booleans are normalized', () => {
    const keys = parseContextArgs(['ips=10.0.0.1', 'b=True'], ['ips=ipList', 'b=boolean']);
    expect(keys.get('ips')).toEqual({ type: 'ipList', multi: true, values: ['10.0.0.1'] });
    expect(keys.get('b')?.values).toEqual(['true']);
  });

  it.each([
    ['numeric', ['-3', '+2.50', '.5', '7.'], ['1e3', '', 'x']],
    ['ip', ['203.0.113.7', '10.0.0.0/8', '::1', '2001:db8::/32'], ['1.2.3', '1.2.3.4/33', '::1/129']],
    [
      'date',
      ['2024-05-01', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00.5+02:00', '1714564800'],
      ['2024-13-01', '2023-02-29', 'soon'],
    ],
    ['boolean', ['true', 'FALSE'], ['yes', '1']],
    ['binary', ['aGVsbG8=', ''], ['not base64!']],
  ])('%s accepts %j and rejects %j', (type, good, bad) => {
    for (const v of good) expect(() => parseContextArgs([`k=${v}`], [`k=${type}`]), v).not.toThrow();
    for (const v of bad) expect(() => parseContextArgs([`k=${v}`], [`k=${type}`]), v).toThrow(InputError);
  });
});
