/**
 * IAM wildcards: `*` matches any run of characters (including none), `?` exactly one. Nothing
 * else is special. Compiled once into the cheapest test that decides the pattern.
 */
export type StringMatcher = (s: string) => boolean;

const hasWildcard = (p: string): boolean => p.includes('*') || p.includes('?');

const escapeRegex = (s: string): string => s.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');

export function compileGlob(pattern: string, ignoreCase = false): StringMatcher {
  if (pattern === '*') return () => true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (!hasWildcard(p)) {
    return ignoreCase ? (s) => s.length === p.length && s.toLowerCase() === p : (s) => s === p;
  }
  const star = p.indexOf('*');
  if (star === p.length - 1 && !p.includes('?')) {
    const prefix = p.slice(0, -1);
    return ignoreCase ? (s) => s.toLowerCase().startsWith(prefix) : (s) => s.startsWith(prefix);
  }
  let source = '^';
  for (const ch of p) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += escapeRegex(ch);
  }
  // 's' so that '.' also crosses newlines: a wildcard matches any character.
  const re = new RegExp(`${source}$`, ignoreCase ? 'is' : 's');
  return (s) => re.test(s);
}

/** True when `pattern` (with IAM wildcards) matches `s` exactly. Uncompiled, for one-off use. */
export const globMatch = (pattern: string, s: string, ignoreCase = false): boolean =>
  compileGlob(pattern, ignoreCase)(s);
