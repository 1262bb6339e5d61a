import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, policy, portcullis } from './cli-helpers.js';

const files = fixtures({
  'good.json': policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
  'also-good.json': policy({ Sid: 'A', Effect: 'Deny', Action: 'iam:*', Resource: '*' }),
  // Line 4: a bad Effect value at column 15; line 5: an action without vendor at column 15.
  'bad.json': `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Alow",
    "Action": "s3GetObject",
    "Resource": "*"
  }]
}`,
  'syntax.json': '{\n  "Version": "2012-10-17",\n  "Statement": [\n',
  'trust.json': policy({
    Effect: 'Allow',
    Principal: { Service: 'ec2.amazonaws.com' },
    Action: 'sts:AssumeRole',
  }),
});
afterAll(files.remove);

const validate = (...args: string[]) => portcullis(['policy', 'validate', ...args], { cwd: files.dir });

describe('portcullis policy validate', () => {
  it.concurrent('prints FILE: OK for each valid file and exits 0', async () => {
    const r = await validate('good.json', 'also-good.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('good.json: OK\nalso-good.json: OK\n');
    expect(r.stderr).toBe('');
  });

  it.concurrent('prints every error as FILE:LINE:COL: message (detail) and exits 1', async () => {
    const r = await validate('good.json', 'bad.json');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('good.json: OK');
    expect(lines[1]).toBe(
      'bad.json:4:15: Syntax errors in policy. (Effect must be "Allow" or "Deny", not "Alow".)',
    );
    expect(lines[2]).toMatch(
      /^bad\.json:5:15: Actions\/Conditions must be prefaced by a vendor, e\.g\., iam, sdb, ec2, etc\. \(Action "s3GetObject" has no vendor prefix/,
    );
    expect(lines).toHaveLength(3);
  });

  it.concurrent('reports a JSON syntax error with its position', async () => {
    const r = await validate('syntax.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^syntax\.json:4:1: Syntax errors in policy\. \(.+\)$/m);
  });

  it.concurrent('an unreadable file is a clear message on stderr, no stack, exit 1; others still checked', async () => {
    const r = await validate('missing.json', 'good.json', '.');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('good.json: OK\n');
    expect(r.stderr).toBe(
      'portcullis policy validate: cannot read missing.json: no such file\n' +
        'portcullis policy validate: cannot read .: is a directory\n',
    );
  });

  it.concurrent('--kind picks the rules: a trust policy is valid as trust, not as identity', async () => {
    const [asTrust, asIdentity] = await Promise.all([
      validate('--kind', 'trust', 'trust.json'),
      validate('trust.json'),
    ]);
    expect(asTrust.code).toBe(0);
    expect(asTrust.stdout).toBe('trust.json: OK\n');
    expect(asIdentity.code).toBe(1);
    expect(asIdentity.stdout).toMatch(
      /^trust\.json:\d+:\d+: Policy document should not specify a principal\./m,
    );
  });

  it.concurrent('- reads standard input', async () => {
    const r = await portcullis(['policy', 'validate', '-'], {
      stdin: JSON.stringify(policy({ Effect: 'Allow', Action: 's3:*', Resource: 'nope' })),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:1:\d+: Resource nope must be in ARN format or "\*"\./);
  });

  it.concurrent('an unknown --kind is invalid input (1); no FILE is a usage error (2)', async () => {
    const [kind, none] = await Promise.all([validate('--kind', 'group', 'good.json'), validate()]);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toMatch(/--kind group: not one of identity, resource, trust/);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no FILE given/);
  });
});
