import { compileGlob, type StringMatcher } from './glob.js';

const escapeRegex = (s: string): string => s.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');

/**
 * Matches a resource ARN against a pattern the way AWS does: field by field for partition,
 * service, region and account (a wildcard there stays within its field), then the resource part,
 * where a wildcard may cross `:` and `/`. Compiled to one test on the whole string: equality, a
 * prefix test, or a regular expression whose wildcards in the first five fields exclude `:`.
 * A pattern that is not ARN-shaped (fewer than five colons) matches by whole-string glob.
 */
export function compileArnPattern(pattern: string): StringMatcher {
  if (pattern === '*') return () => true;
  let colons = 0;
  let firstWildcard = -1;
  let resourceStart = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === ':' && colons < 5) {
      colons++;
      if (colons === 5) resourceStart = i + 1;
    } else if ((c === '*' || c === '?') && firstWildcard < 0) firstWildcard = i;
  }
  if (colons < 5) return compileGlob(pattern);
  if (firstWildcard < 0) return (arn) => arn === pattern;
  if (firstWildcard === pattern.length - 1 && firstWildcard >= resourceStart && pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return (arn) => arn.startsWith(prefix);
  }
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const inResource = i >= resourceStart;
    if (c === '*') source += inResource ? '.*' : '[^:]*';
    else if (c === '?') source += inResource ? '.' : '[^:]';
    else source += escapeRegex(c);
  }
  const re = new RegExp(`${source}$`, 's');
  return (arn) => re.test(arn);
}
