/**
 * Brute-force protection for console sign-in (AWS IAM has none; Portcullis goes further on
 * purpose). Failures are counted per key (a user as typed: account + name, or a source address;
 * MFA codes have keys of their own) within a window. Each failure makes the key wait before its
 * next attempt (an increasing delay); `maxFailures` failures in the window lock the key for
 * `lockoutMs`, doubling with each further lockout up to `maxLockoutMs`. A success resets the key.
 * A lockout always ends: nothing here is permanent.
 *
 * Keys are the names typed, whether or not such a user exists, and a throttled attempt is refused
 * before the password is looked at, so a refusal says nothing about the user's existence.
 *
 * State is in memory, per process: a restart forgets it, and nodes of a cluster count apart.
 */

export interface ThrottleRule {
  /** Failures in the window that lock the key. */
  readonly maxFailures: number;
  /** How long a failure counts. */
  readonly windowMs: number;
  /** The first lockout; each later one doubles, up to maxLockoutMs. */
  readonly lockoutMs: number;
  readonly maxLockoutMs: number;
  /** The wait after the first failure; it doubles per failure, up to maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ThrottleFigures {
  /** A user (account + name as typed), and the MFA codes entered for it. */
  readonly user: ThrottleRule;
  /** A source address, across every user it tries. */
  readonly source: ThrottleRule;
}

/** The defaults, scaled from one figure: the first lockout (15 minutes). */
export function throttleFigures(lockoutSeconds = 900): ThrottleFigures {
  const lockoutMs = lockoutSeconds * 1000;
  const scale = lockoutMs / 900_000;
  const user: ThrottleRule = {
    maxFailures: 5,
    windowMs: lockoutMs,
    lockoutMs,
    maxLockoutMs: 4 * lockoutMs,
    baseDelayMs: 1000 * scale,
    maxDelayMs: 8000 * scale,
  };
  // A source address (perhaps an office behind one NAT) is not slowed, only locked after 20.
  return { user, source: { ...user, maxFailures: 20, baseDelayMs: 0, maxDelayMs: 0 } };
}

interface KeyState {
  failures: number[];
  /** Attempts refused until then (a delay or a lockout). */
  notBefore: number;
  /** Lockouts so far (for doubling); forgotten after a quiet maxLockoutMs. */
  lockouts: number;
  lastLockoutEnd: number;
}

export type ThrottleVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

/** Most keys tracked; past this the oldest are forgotten (bounded memory under a flood). */
const MAX_KEYS = 100_000;

export class LoginThrottle {
  readonly #figures: ThrottleFigures;
  readonly #states = new Map<string, KeyState>();

  constructor(figures: ThrottleFigures = throttleFigures()) {
    this.#figures = figures;
  }

  get figures(): ThrottleFigures {
    return this.#figures;
  }

  /** Whether every key may try now; the longest wait otherwise. */
  check(keys: readonly ThrottleKey[], now: number): ThrottleVerdict {
    let wait = 0;
    for (const k of keys) {
      const s = this.#states.get(k.id);
      if (s !== undefined && s.notBefore > now) wait = Math.max(wait, s.notBefore - now);
    }
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /** Counts a failure against every key. */
  fail(keys: readonly ThrottleKey[], now: number): void {
    for (const k of keys) {
      const rule = this.#figures[k.rule];
      const s = this.#state(k.id, now);
      s.failures = s.failures.filter((t) => now - t < rule.windowMs);
      s.failures.push(now);
      if (s.lockouts > 0 && now - s.lastLockoutEnd > rule.maxLockoutMs) s.lockouts = 0;
      if (s.failures.length >= rule.maxFailures) {
        const lockout = Math.min(rule.lockoutMs * 2 ** s.lockouts, rule.maxLockoutMs);
        s.lockouts += 1;
        s.failures = [];
        s.notBefore = now + lockout;
        s.lastLockoutEnd = s.notBefore;
      } else {
        const delay = Math.min(rule.baseDelayMs * 2 ** (s.failures.length - 1), rule.maxDelayMs);
        s.notBefore = Math.max(s.notBefore, now + delay);
      }
    }
  }

  /** A success: the keys start over. */
  succeed(keys: readonly ThrottleKey[]): void {
    for (const k of keys) this.#states.delete(k.id);
  }

  #state(id: string, now: number): KeyState {
    let s = this.#states.get(id);
    if (s === undefined) {
      if (this.#states.size >= MAX_KEYS) this.#evict(now);
      s = { failures: [], notBefore: 0, lockouts: 0, lastLockoutEnd: 0 };
      this.#states.set(id, s);
    }
    return s;
  }

  /** Forgets keys with nothing pending, then the oldest if still full. */
  #evict(now: number): void {
    for (const [id, s] of this.#states) {
      if (s.notBefore <= now && s.failures.length === 0) this.#states.delete(id);
    }
    while (this.#states.size >= MAX_KEYS) this.#states.delete(this.#states.keys().next().value!);
  }
}

export interface ThrottleKey {
  readonly id: string;
  readonly rule: keyof ThrottleFigures;
}

/** The keys of a password attempt: the user as typed (case-insensitive) and the source address. */
export const passwordKeys = (
  account: string,
  userName: string | undefined,
  sourceIp: string,
): ThrottleKey[] => [
  { id: `pw\u0000${account.toLowerCase()}\u0000${userName?.toLowerCase() ?? ':root'}`, rule: 'user' },
  { id: `src\u0000${sourceIp}`, rule: 'source' },
];

/** The keys of an MFA code attempt: the user's codes and the source address. */
export const mfaKeys = (account: string, userName: string | undefined, sourceIp: string): ThrottleKey[] => [
  { id: `mfa\u0000${account.toLowerCase()}\u0000${userName?.toLowerCase() ?? ':root'}`, rule: 'user' },
  { id: `src\u0000${sourceIp}`, rule: 'source' },
];
