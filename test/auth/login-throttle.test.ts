import { describe, expect, it } from 'vitest';
import { LoginThrottle, mfaKeys, passwordKeys, throttleFigures } from '../../src/auth/login-throttle.js';

const MIN = 60_000;

describe('throttleFigures (the documented defaults)', () => {
  it('locks a user after 5 failures in 15 minutes for 15 minutes, doubling to 1 hour; sources after 20', () => {
    const f = throttleFigures();
    expect(f.user).toEqual({
      maxFailures: 5,
      windowMs: 15 * MIN,
      lockoutMs: 15 * MIN,
      maxLockoutMs: 60 * MIN,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
    });
    expect(f.source).toMatchObject({ maxFailures: 20, lockoutMs: 15 * MIN, baseDelayMs: 0 });
    expect(throttleFigures(2).user).toMatchObject({ lockoutMs: 2000, windowMs: 2000, maxLockoutMs: 8000 });
  });
});

describe('LoginThrottle', () => {
  const keys = passwordKeys('111111111111', 'Alice', '10.0.0.1');

  it('slows each failure by a doubling delay, then locks out, and a success resets the user', () => {
    const t = new LoginThrottle();
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.fail(keys, now);
      const v = t.check(keys, now);
      waits.push(v.allowed ? 0 : v.retryAfterMs);
      now += v.allowed ? 0 : v.retryAfterMs;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    t.fail(keys, now);
    expect(t.check(keys, now)).toEqual({ allowed: false, retryAfterMs: 15 * MIN });
    expect(t.check(keys, now + 15 * MIN)).toEqual({ allowed: true });
    t.succeed(keys);
    expect(t.check(keys, now)).toEqual({ allowed: true });
  });

  it('doubles each lockout up to one hour, and never locks for good', () => {
    const t = new LoginThrottle();
    let now = 0;
    const lockouts: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) {
        const v = t.check(keys.slice(0, 1), now);
        if (!v.allowed) now += v.retryAfterMs;
        t.fail(keys.slice(0, 1), now);
      }
      const v = t.check(keys.slice(0, 1), now);
      lockouts.push(v.allowed ? 0 : v.retryAfterMs / MIN);
      if (!v.allowed) now += v.retryAfterMs;
    }
    expect(lockouts).toEqual([15, 30, 60, 60]);
    expect(t.check(keys.slice(0, 1), now)).toEqual({ allowed: true });
  });

  it('forgets failures older than the window', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.fail(keys, i * 10_000);
    t.fail(keys, 16 * MIN);
    expect(t.check(keys, 16 * MIN + 1000)).toEqual({ allowed: true });
  });

  it('keys users case-insensitively, apart from their MFA codes, and a source across users', () => {
    expect(passwordKeys('A', 'Bob', 'ip')[0]!.id).toBe(passwordKeys('a', 'bob', 'ip')[0]!.id);
    expect(passwordKeys('a', undefined, 'ip')[0]!.id).not.toBe(passwordKeys('a', 'root', 'ip')[0]!.id);
    expect(mfaKeys('a', 'bob', 'ip')[0]!.id).not.toBe(passwordKeys('a', 'bob', 'ip')[0]!.id);
    const t = new LoginThrottle();
    for (let i = 0; i < 20; i++) t.fail(passwordKeys('a', `user${i}`, '10.9.9.9'), i);
    expect(t.check(passwordKeys('a', 'someone-else', '10.9.9.9'), 30).allowed).toBe(false);
    expect(t.check(passwordKeys('a', 'someone-else', '10.9.9.8'), 30).allowed).toBe(true);
  });
});
