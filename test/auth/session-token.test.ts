import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.js';
import { sessionTokenCodec } from '../../src/auth/session-token.js';
import type { SessionClaims } from '../../src/domain/session.js';
import { issueSession } from '../../src/services/sts/issue-session.js';

const box = new SecretBox(randomBytes(32));
const codec = sessionTokenCodec(box);
const now = new Date('2026-01-02T03:04:05.678Z');
const ctx = { now, partition: 'aws', sessionTokens: codec };

const role = { id: 'AROAABCDEFGHIJKLMNOPQ', name: 'Admin', arn: 'arn:aws:iam::123456789012:role/ops/Admin' };

describe('session tokens', () => {
  it('round-trips every claim', () => {
    const issued = issueSession(ctx, {
      kind: 'assumedRole',
      accountId: '123456789012',
      durationSeconds: 3600,
      role,
      sessionName: 'alice@example.com',
      policy:
        '{ "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}] }',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      tags: [{ key: 'team', value: 'blue' }],
      transitiveTagKeys: ['team'],
      sourceIdentity: 'alice',
      mfaAuthenticatedAt: new Date('2026-01-02T03:00:00Z'),
      chainedFrom: 'arn:aws:sts::123456789012:assumed-role/Other/s',
    });
    const c = codec.open(issued.credentials.SessionToken) as SessionClaims;
    expect(c).toMatchObject({
      accountId: '123456789012',
      kind: 'assumedRole',
      accessKeyId: issued.credentials.AccessKeyId,
      secretAccessKey: issued.credentials.SecretAccessKey,
      role,
      sessionName: 'alice@example.com',
      policies: {
        inline: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
        arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
      tags: [{ key: 'team', value: 'blue' }],
      transitiveTagKeys: ['team'],
      sourceIdentity: 'alice',
      chainedFrom: 'arn:aws:sts::123456789012:assumed-role/Other/s',
    });
    expect(c.issuedAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(c.expiresAt.toISOString()).toBe('2026-01-02T04:04:05.000Z');
    expect(c.mfaAuthenticatedAt?.toISOString()).toBe('2026-01-02T03:00:00.000Z');
    expect(issued.credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(issued.credentials.SecretAccessKey).toHaveLength(40);
    expect(issued.assumedRoleUser).toEqual({
      AssumedRoleId: 'AROAABCDEFGHIJKLMNOPQ:alice@example.com',
      Arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com',
    });
    expect(issued.packedPolicySize).toBeGreaterThan(0);
  });

  it('is small: a bare assumed-role token is under 400 characters', () => {
    const issued = issueSession(ctx, {
      kind: 'assumedRole',
      accountId: '123456789012',
      durationSeconds: 900,
      role,
      sessionName: 'build-42',
    });
    expect(issued.credentials.SessionToken.length).toBeLessThan(400);
    expect(issued.packedPolicySize).toBeUndefined();
  });

  it('refuses any flipped bit, a foreign key, garbage and truncation', () => {
    const { SessionToken } = issueSession(ctx, {
      kind: 'sessionUser',
      accountId: '123456789012',
      durationSeconds: 900,
      userName: 'bob',
    }).credentials;
    const raw = Buffer.from(SessionToken, 'base64');
    for (const i of [0, 1, 5, 20, 40, raw.length - 1]) {
      const t = Buffer.from(raw);
      t[i]! ^= 1;
      expect(codec.open(t.toString('base64'))).toBeUndefined();
    }
    expect(sessionTokenCodec(new SecretBox(randomBytes(32))).open(SessionToken)).toBeUndefined();
    expect(codec.open(SessionToken.slice(0, -8))).toBeUndefined();
    expect(codec.open('not a token!')).toBeUndefined();
    expect(codec.open('')).toBeUndefined();
    // An access key secret sealed under the same master key does not open as a token.
    const other = Buffer.concat([Buffer.of(1), box.seal('{}', 'access-key:AKIA')]).toString('base64');
    expect(codec.open(other)).toBeUndefined();
  });

  it('federated users without policies keep an empty session gate', () => {
    const { SessionToken } = issueSession(ctx, {
      kind: 'federatedUser',
      accountId: '123456789012',
      durationSeconds: 900,
      sessionName: 'fed',
      userName: 'bob',
    }).credentials;
    expect(codec.open(SessionToken)?.policies).toEqual({ inline: undefined, arns: [] });
  });

  it('refuses a malformed session policy and an over-large packed size', () => {
    const base = {
      kind: 'assumedRole',
      accountId: '123456789012',
      durationSeconds: 900,
      role,
      sessionName: 's',
    } as const;
    expect(() => issueSession(ctx, { ...base, policy: '{"Version":' })).toThrow(
      /Syntax errors in policy|JSON/,
    );
    const tags = Array.from({ length: 50 }, (_, i) => ({
      key: `k${i}-${randomBytes(40).toString('hex')}`,
      value: randomBytes(100).toString('hex'),
    }));
    expect(() => issueSession(ctx, { ...base, tags })).toThrow(
      /Packed policy consumes \d+% of allotted space/,
    );
  });
});

describe('temporary key ids', () => {
  it('encode their account, readable only with the master key', () => {
    for (const account of ['123456789012', '000000000001', '999999999999']) {
      const id = codec.newAccessKeyId(account);
      expect(id).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(codec.accountOf(id)).toBe(account);
    }
    const ids = new Set(Array.from({ length: 50 }, () => codec.newAccessKeyId('123456789012')));
    expect(ids.size).toBe(50);
    const other = sessionTokenCodec(new SecretBox(randomBytes(32)));
    expect(other.accountOf(codec.newAccessKeyId('123456789012'))).not.toBe('123456789012');
    expect(codec.accountOf('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
  });
});
