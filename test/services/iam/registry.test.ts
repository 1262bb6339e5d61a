import { describe, expect, it } from 'vitest';
import { OperationRegistry } from '../../../src/protocol/operation-registry.js';
import { iamOperations } from '../../../src/services/iam/index.js';
import type { OperationContext } from '../../../src/services/operation-context.js';

const scope = { accountId: '123456789012', partition: 'aws' };
const MFA = 'arn:aws:iam::123456789012:mfa/d';

describe('iamOperations', () => {
  const registry = new OperationRegistry<OperationContext>();
  for (const op of iamOperations) registry.register(op);

  it('registers every operation under a model name, once, with action iam:<Name>', () => {
    expect(iamOperations.length).toBe(registry.list('iam').length);
    expect(iamOperations.length).toBe(106);
    for (const op of iamOperations) expect(op.action).toBe(`iam:${op.name}`);
  });

  it('marks reads read-only by their names', () => {
    for (const op of iamOperations) {
      expect(op.readOnly, op.name).toBe(/^(Get|List|Simulate)/.test(op.name));
    }
  });

  it.each([
    ['CreateUser', { UserName: 'a', Path: '/eng/' }, 'arn:aws:iam::123456789012:user/eng/a'],
    ['GetUser', { UserName: 'a' }, 'arn:aws:iam::123456789012:user/a'],
    ['GetUser', {}, '*'],
    ['ListUsers', {}, '*'],
    ['AddUserToGroup', { GroupName: 'g', UserName: 'a' }, 'arn:aws:iam::123456789012:group/g'],
    ['CreatePolicy', { PolicyName: 'p', Path: '/x/' }, 'arn:aws:iam::123456789012:policy/x/p'],
    [
      'AttachRolePolicy',
      { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/A' },
      'arn:aws:iam::123456789012:role/r',
    ],
    ['TagPolicy', { PolicyArn: 'arn:aws:iam::123456789012:policy/p' }, 'arn:aws:iam::123456789012:policy/p'],
    [
      'AddRoleToInstanceProfile',
      { InstanceProfileName: 'ip', RoleName: 'r' },
      'arn:aws:iam::123456789012:instance-profile/ip',
    ],
    ['GetAccountSummary', {}, '*'],
    ['SimulateCustomPolicy', { PolicyInputList: [], ActionNames: [] }, '*'],
    ['GetContextKeysForCustomPolicy', { PolicyInputList: [] }, '*'],
    [
      'SimulatePrincipalPolicy',
      { PolicySourceArn: 'arn:aws:iam::123456789012:user/a', ActionNames: [] },
      'arn:aws:iam::123456789012:user/a',
    ],
    [
      'GetContextKeysForPrincipalPolicy',
      { PolicySourceArn: 'arn:aws:iam::123456789012:role/r' },
      'arn:aws:iam::123456789012:role/r',
    ],
    [
      'CreateVirtualMFADevice',
      { VirtualMFADeviceName: 'd', Path: '/x/' },
      'arn:aws:iam::123456789012:mfa/x/d',
    ],
    ['CreateVirtualMFADevice', { VirtualMFADeviceName: 'd' }, 'arn:aws:iam::123456789012:mfa/d'],
    ['DeleteVirtualMFADevice', { SerialNumber: MFA }, MFA],
    ['TagMFADevice', { SerialNumber: MFA }, MFA],
    ['UntagMFADevice', { SerialNumber: MFA }, MFA],
    ['ListMFADeviceTags', { SerialNumber: MFA }, MFA],
    ['EnableMFADevice', { UserName: 'a', SerialNumber: MFA }, 'arn:aws:iam::123456789012:user/a'],
    ['ResyncMFADevice', { UserName: 'a', SerialNumber: MFA }, 'arn:aws:iam::123456789012:user/a'],
    ['DeactivateMFADevice', { UserName: 'a', SerialNumber: MFA }, 'arn:aws:iam::123456789012:user/a'],
    ['ListMFADevices', { UserName: 'a' }, 'arn:aws:iam::123456789012:user/a'],
    ['GetMFADevice', { UserName: 'a', SerialNumber: MFA }, 'arn:aws:iam::123456789012:user/a'],
    ['ListVirtualMFADevices', {}, '*'],
  ])('%s is authorized against %j -> %s', (name, input, arn) => {
    expect(registry.lookup('iam', name).resource(input, scope)).toBe(arn);
  });

  it.each([
    [
      'AttachUserPolicy',
      { UserName: 'a', PolicyArn: 'arn:aws:iam::aws:policy/A' },
      { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/A' },
    ],
    ['DetachGroupPolicy', { GroupName: 'g', PolicyArn: 'arn:x' }, { 'iam:PolicyARN': 'arn:x' }],
    [
      'PutRolePermissionsBoundary',
      { RoleName: 'r', PermissionsBoundary: 'arn:b' },
      { 'iam:PermissionsBoundary': 'arn:b' },
    ],
    [
      'CreateUser',
      { UserName: 'a', PermissionsBoundary: 'arn:b', Tags: [{ Key: 'team', Value: 'x' }] },
      { 'iam:PermissionsBoundary': 'arn:b', 'aws:RequestTag/team': 'x', 'aws:TagKeys': ['team'] },
    ],
    ['UntagRole', { RoleName: 'r', TagKeys: ['a', 'b'] }, { 'aws:TagKeys': ['a', 'b'] }],
  ])('%s adds condition keys', (name, input, keys) => {
    expect(registry.lookup('iam', name).requestKeys?.(input)).toEqual(keys);
  });
});
