import type { Policy } from './ast.js';
import { parseTemplate } from './variables.js';

/** Operators whose values substitute policy variables (see docs/policy-engine.md, "variables"). */
const SUBSTITUTING = /^(String|Arn)/;

/**
 * The context keys a policy refers to, as written, in document order, without duplicates (keys
 * are case-insensitive, so the first spelling wins): every Condition key, and every key used as a
 * policy variable in Resource/NotResource or in a String or Arn condition value
 * (GetContextKeysFor*Policy). Variables are read only where the engine substitutes them, so a
 * 2008-10-17 document contributes its condition keys alone.
 */
export function policyContextKeys(policy: Policy): string[] {
  const seen = new Map<string, string>();
  const add = (key: string) => {
    const lower = key.toLowerCase();
    if (!seen.has(lower)) seen.set(lower, key);
  };
  const addVariables = (text: string) => {
    for (const part of parseTemplate(text, policy.version).parts) if (part.kind === 'var') add(part.key);
  };
  for (const s of policy.statements) {
    for (const pattern of s.resource?.patterns ?? []) addVariables(pattern);
    for (const c of s.conditions) {
      add(c.key);
      if (SUBSTITUTING.test(c.base)) for (const v of c.values) addVariables(v);
    }
  }
  return [...seen.values()];
}
