import { arnFields } from '../core/arn.js';
import { compileGlob, type StringMatcher } from './glob.js';

/**
 * Matches a resource ARN against a pattern the way AWS does: field by field for partition,
 * service, region and account (a wildcard there stays within its field), then the resource part,
 * where a wildcard may cross `:` and `/`. A pattern that is not ARN-shaped only matches by
 * whole-string glob (`*`).
 */
export function compileArnPattern(pattern: string): StringMatcher {
  if (pattern === '*') return () => true;
  const fields = arnFields(pattern);
  if (!fields) {
    const whole = compileGlob(pattern);
    return whole;
  }
  const matchers = fields.map((f) => compileGlob(f));
  return (arn) => {
    const target = arnFields(arn);
    if (!target) return false;
    for (let i = 0; i < 6; i++) {
      if (!matchers[i]!(target[i]!)) return false;
    }
    return true;
  };
}
