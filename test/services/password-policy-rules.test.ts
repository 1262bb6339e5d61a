import { describe, expect, it } from 'vitest';
import type { AccountId } from '../../src/domain/ids.js';
import {
  isPasswordExpired,
  type PasswordPolicy,
  passwordRuleViolations,
} from '../../src/domain/password-policy.js';

const base: PasswordPolicy = {
  accountId: '111111111111' as AccountId,
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
};

describe('passwordRuleViolations', () => {
  it.each([
    // AWS's default without a custom policy: 8 characters, three of four classes.
    [undefined, 'Abcdef1!', 0],
    [undefined, 'Abcdefg1', 0],
    [undefined, 'abcdefg1', 1],
    [undefined, 'Ab1!', 1],
    [undefined, 'abc', 2],
    [base, 'abcdef', 0],
    [base, 'abcde', 1],
    [{ ...base, requireUppercaseCharacters: true }, 'abcdef', 1],
    [{ ...base, requireLowercaseCharacters: true }, 'ABCDEF', 1],
    [{ ...base, requireNumbers: true }, 'abcdef', 1],
    [{ ...base, requireSymbols: true }, 'abcdef', 1],
    [{ ...base, requireSymbols: true }, "abcde'", 0],
    [{ ...base, requireSymbols: true }, 'abcde~', 1], // ~ is not in AWS's symbol set
    [{ ...base, minimumPasswordLength: 12, requireNumbers: true, requireSymbols: true }, 'short', 3],
  ] as const)('%o %s -> %i broken', (policy, password, count) => {
    expect(passwordRuleViolations(password, policy)).toHaveLength(count);
  });
});

describe('isPasswordExpired', () => {
  const changed = new Date('2026-01-01T00:00:00Z');
  it('never without MaxPasswordAge; on the day after MaxPasswordAge days', () => {
    expect(isPasswordExpired(undefined, changed, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(isPasswordExpired(base, changed, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    const p = { ...base, maxPasswordAge: 30 };
    expect(isPasswordExpired(p, changed, new Date('2026-01-30T23:59:59Z'))).toBe(false);
    expect(isPasswordExpired(p, changed, new Date('2026-01-31T00:00:00Z'))).toBe(true);
  });
});
