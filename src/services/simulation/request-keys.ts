import type { ContextValue, PolicyKind } from '../../policy/index.js';

/** aws:CurrentTime and aws:EpochTime for `now`, to the second. */
export function clockKeys(now: Date): Map<string, ContextValue> {
  const seconds = Math.floor(now.getTime() / 1000);
  const iso = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return new Map<string, ContextValue>([
    ['aws:CurrentTime', { type: 'date', multi: false, values: [iso] }],
    ['aws:EpochTime', { type: 'date', multi: false, values: [String(seconds)] }],
  ]);
}

/**
 * Derived keys (the caller's, the clock's) first; a given key of the same name, in any case,
 * replaces them: what the person simulating says wins over what was inferred.
 */
export function mergeRequestKeys(
  derived: Iterable<[string, ContextValue]>,
  given: ReadonlyMap<string, ContextValue>,
): Map<string, ContextValue> {
  const givenLower = new Set([...given.keys()].map((k) => k.toLowerCase()));
  const keys = new Map<string, ContextValue>();
  for (const [name, value] of derived) if (!givenLower.has(name.toLowerCase())) keys.set(name, value);
  for (const [name, value] of given) keys.set(name, value);
  return keys;
}

/** Actions whose resource-based policy is the role's trust policy. */
const TRUST_ACTIONS = new Set(
  [
    'sts:AssumeRole',
    'sts:AssumeRoleWithSAML',
    'sts:AssumeRoleWithWebIdentity',
    'sts:TagSession',
    'sts:SetSourceIdentity',
    'sts:SetContext',
  ].map((a) => a.toLowerCase()),
);

/** How a simulation reads the target's resource-based policy for `action`. */
export const resourcePolicyKind = (action: string): PolicyKind =>
  TRUST_ACTIONS.has(action.toLowerCase()) ? 'trust' : 'resource';
