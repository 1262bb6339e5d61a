import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awsManagedPolicyArn,
  groupArn,
  instanceProfileArn,
  isAwsManagedPolicyArn,
  parsePolicyArn,
  policyArn,
  roleArn,
  rootArn,
  userArn,
} from '../../src/domain/arns.js';
import { asAccountId } from '../../src/domain/ids.js';
import { versionIdOf, versionNumberOf } from '../../src/domain/managed-policy.js';
import { checkAccountAlias, checkName, checkRule, nameKey, PATH_RULES } from '../../src/domain/names.js';
import { QUOTAS, quotaExceededMessage } from '../../src/domain/quotas.js';
import { tagKeyOf } from '../../src/domain/tag.js';
import {
  newAccessKeyId,
  newUniqueId,
  UNIQUE_ID_PATTERN,
  UNIQUE_ID_PREFIX,
} from '../../src/domain/unique-id.js';

describe('unique ids', () => {
  it.each(Object.entries(UNIQUE_ID_PREFIX))('%s ids start with %s and use base32', (kind, prefix) => {
    const id = newUniqueId(kind as keyof typeof UNIQUE_ID_PREFIX);
    expect(id.startsWith(prefix)).toBe(true);
    expect(id).toHaveLength(kind === 'accessKey' || kind === 'temporaryAccessKey' ? 20 : 21);
    expect(id).toMatch(UNIQUE_ID_PATTERN);
  });

  it('is deterministic under an injected random source and covers the alphabet', () => {
    const fixed = (n: number) => Uint8Array.from({ length: n }, (_, i) => i * 9);
    expect(newUniqueId('user', fixed)).toBe(newUniqueId('user', fixed));
    expect(newAccessKeyId(fixed)).toMatch(/^AKIA[A-Z2-7]{16}$/);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 17, maxLength: 17 }), (bytes) => {
        expect(newUniqueId('role', () => bytes)).toMatch(/^AROA[A-Z2-7]{17}$/);
      }),
    );
  });
});

describe('ARNs', () => {
  it('builds each entity ARN with its path', () => {
    expect(rootArn('123456789012')).toBe('arn:aws:iam::123456789012:root');
    expect(userArn('123456789012', '/division_abc/', 'JaneDoe')).toBe(
      'arn:aws:iam::123456789012:user/division_abc/JaneDoe',
    );
    expect(groupArn('123456789012', '/', 'Devs')).toBe('arn:aws:iam::123456789012:group/Devs');
    expect(roleArn('123456789012', '/', 'R', 'aws-cn')).toBe('arn:aws-cn:iam::123456789012:role/R');
    expect(policyArn('123456789012', '/a/b/', 'P')).toBe('arn:aws:iam::123456789012:policy/a/b/P');
    expect(instanceProfileArn('123456789012', '/', 'Web')).toBe(
      'arn:aws:iam::123456789012:instance-profile/Web',
    );
    expect(awsManagedPolicyArn('/service-role/', 'X')).toBe('arn:aws:iam::aws:policy/service-role/X');
  });

  it.each([
    [
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      { partition: 'aws', account: 'aws', path: '/', name: 'ReadOnlyAccess' },
    ],
    [
      'arn:aws:iam::123456789012:policy/a/b/P',
      { partition: 'aws', account: '123456789012', path: '/a/b/', name: 'P' },
    ],
    ['arn:aws:iam::123456789012:role/P', undefined],
    ['arn:aws:iam:us-east-1:123456789012:policy/P', undefined],
    ['arn:aws:iam::123456789012:policy/', undefined],
    ['arn:aws:s3:::policy/P', undefined],
    ['policy/P', undefined],
  ])('parses %s', (arn, expected) => {
    expect(parsePolicyArn(arn)).toEqual(expected);
  });

  it('round-trips policy ARNs', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 3 }), segment, (parts, name) => {
        const path = parts.length === 0 ? '/' : `/${parts.join('/')}/`;
        expect(parsePolicyArn(policyArn('123456789012', path, name))).toEqual({
          partition: 'aws',
          account: '123456789012',
          path,
          name,
        });
      }),
    );
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/X')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws:iam::123456789012:policy/X')).toBe(false);
  });
});

describe('name and path rules', () => {
  it.each([
    ['user', 'a', undefined],
    ['user', 'x'.repeat(64), undefined],
    ['user', 'x'.repeat(65), 'length'],
    ['role', 'x'.repeat(65), 'length'],
    ['group', 'x'.repeat(128), undefined],
    ['policy', 'x'.repeat(129), 'length'],
    ['user', 'a+b=c,d.e@f-g_h', undefined],
    ['user', 'no spaces', 'pattern'],
    ['inlinePolicy', 'a/b', 'pattern'],
    ['user', '', 'length'],
  ] as const)('%s name %j -> %s', (kind, name, expected) => {
    expect(checkName(kind, name)).toBe(expected);
  });

  it.each([
    ['entity', '/', undefined],
    ['entity', '/a/b/', undefined],
    ['entity', '/a', 'pattern'],
    ['entity', 'a/', 'pattern'],
    ['policy', '/a.b/', undefined],
    ['policy', '/a b/', 'pattern'],
    ['prefix', '/a', undefined],
  ] as const)('%s path %j -> %s', (kind, path, expected) => {
    expect(checkRule(PATH_RULES[kind], path)).toBe(expected);
  });

  it.each([
    ['acme', undefined],
    ['my-alias-1', undefined],
    ['ab', 'length'],
    ['Acme', 'pattern'],
    ['a--b', 'pattern'],
    ['-ab', 'pattern'],
    ['123456789012', 'pattern'],
  ] as const)('account alias %j -> %s', (alias, expected) => {
    expect(checkAccountAlias(alias)).toBe(expected);
  });

  it('keys names and tags as AWS compares them', () => {
    expect(nameKey('ADMINS')).toBe(nameKey('admins'));
    expect(tagKeyOf('user', 'Team')).toBe(tagKeyOf('user', 'TEAM'));
    expect(tagKeyOf('policy', 'Team')).not.toBe(tagKeyOf('policy', 'TEAM'));
  });
});

describe('quotas and versions', () => {
  it('words quota errors as AWS does', () => {
    expect(quotaExceededMessage('versionsPerPolicy')).toBe(
      'Cannot exceed quota for PolicyVersionsPerPolicy: 5',
    );
    expect(quotaExceededMessage('accessKeysPerUser')).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    expect(quotaExceededMessage('attachedPoliciesPerRole')).toBe(
      'Cannot exceed quota for PoliciesPerRole: 10',
    );
    expect(QUOTAS.usersPerAccount.summaryKey).toBe('UsersQuota');
  });

  it('reads version ids', () => {
    expect(versionIdOf(3)).toBe('v3');
    expect(versionNumberOf('v12')).toBe(12);
    for (const bad of ['v0', 'v01', 'V1', '1', 'v', 'v1a']) expect(versionNumberOf(bad)).toBeUndefined();
    expect(asAccountId('123456789012')).toBe('123456789012');
    expect(asAccountId('12345678901')).toBeUndefined();
  });
});
