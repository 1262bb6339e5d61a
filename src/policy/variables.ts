import type { PolicyVersion } from './ast.js';
import type { EvalScope } from './eval-scope.js';

/**
 * IAM policy variables (AWS, "IAM policy elements: Variables and tags"):
 *
 * - `${key}` is replaced by the value of the request context key `key` (case-insensitive);
 *   `${key, 'default'}` falls back to `default` when the key has no value.
 * - `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`.
 * - Variables exist only in `2012-10-17` documents; under `2008-10-17` the text is literal.
 * - Only a single-valued key can be a variable ("you cannot use a multivalued context key as a
 *   policy variable"); a multivalued key, like an absent one, leaves the variable without value.
 *
 * A template is compiled once into parts. Text the author wrote keeps its wildcard meaning where the
 * consumer globs (StringLike, Arn*, Resource); everything a variable produces (a context value, a
 * default, the special characters) is matched literally, so a value the requester controls (a tag)
 * can never widen a pattern. AWS does not document this for context values; it is the safe reading.
 */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | {
      readonly kind: 'var';
      /** The key as written, for explanations. */
      readonly key: string;
      readonly keyLower: string;
      readonly fallback: string | undefined;
    };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when any part needs the request (a `${key}` variable). */
  readonly dynamic: boolean;
  /** True when the template holds any `${...}` construct (including `${*}`). */
  readonly hasVariables: boolean;
}

const SPECIALS: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** A key name inside `${...}`: non-empty, no braces, `$`, quotes or commas. */
const KEY_PATTERN = /^[^{}$',]+$/;

interface Parsed {
  readonly part: TemplatePart;
  readonly end: number;
}

/** Parses one `${...}` starting at `at` (pointing at `$`); undefined when it is not a variable. */
function parseVariable(text: string, at: number): Parsed | undefined {
  const open = at + 2;
  // Special one-character variables.
  const special = text[open];
  if (special !== undefined && special in SPECIALS && text[open + 1] === '}') {
    return { part: { kind: 'literal', text: SPECIALS[special]! }, end: open + 2 };
  }
  let i = open;
  while (i < text.length && text[i] !== '}' && text[i] !== ',') i++;
  if (i >= text.length) return undefined;
  const key = text.slice(open, i).trim();
  if (key === '' || !KEY_PATTERN.test(key)) return undefined;
  if (text[i] === '}') {
    return { part: { kind: 'var', key, keyLower: key.toLowerCase(), fallback: undefined }, end: i + 1 };
  }
  // `${key, 'default'}`: AWS writes a comma and a space; any whitespace around either is accepted.
  let j = i + 1;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  if (text[j] !== "'") return undefined;
  const close = text.indexOf("'", j + 1);
  if (close < 0) return undefined;
  const fallback = text.slice(j + 1, close);
  let k = close + 1;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  if (text[k] !== '}') return undefined;
  return { part: { kind: 'var', key, keyLower: key.toLowerCase(), fallback }, end: k + 1 };
}

/** Splits `text` into template parts. In a 2008-10-17 document the whole text is one text part. */
export function parseTemplate(text: string, version: PolicyVersion): Template {
  if (version !== '2012-10-17' || !text.includes('${')) {
    return { source: text, parts: [{ kind: 'text', text }], dynamic: false, hasVariables: false };
  }
  const parts: TemplatePart[] = [];
  let buf = '';
  let dynamic = false;
  let hasVariables = false;
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('${', i);
    if (at < 0) {
      buf += text.slice(i);
      break;
    }
    const parsed = parseVariable(text, at);
    if (!parsed) {
      // Not a variable: keep `$` as written and carry on after it.
      buf += text.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    buf += text.slice(i, at);
    if (buf !== '') parts.push({ kind: 'text', text: buf });
    buf = '';
    parts.push(parsed.part);
    hasVariables = true;
    if (parsed.part.kind === 'var') dynamic = true;
    i = parsed.end;
  }
  if (buf !== '' || parts.length === 0) parts.push({ kind: 'text', text: buf });
  return { source: text, parts, dynamic, hasVariables };
}

/** True when `text` holds a policy variable that AWS would substitute in this document version. */
export const hasPolicyVariables = (text: string, version: PolicyVersion): boolean =>
  parseTemplate(text, version).hasVariables;

/**
 * The value of a context key used as a variable, or undefined when it has none: the key is absent,
 * multivalued, or does not hold exactly one value.
 */
export function variableValue(scope: EvalScope, keyLower: string): string | undefined {
  const v = scope.ctx.keys.get(keyLower);
  if (v === undefined || v.multi || v.values.length !== 1) return undefined;
  return v.values[0];
}

function resolvePart(part: TemplatePart & { kind: 'var' }, scope: EvalScope): string | undefined {
  const value = variableValue(scope, part.keyLower);
  if (value !== undefined) return value;
  if (part.fallback !== undefined) return part.fallback;
  scope.missing?.add(part.key);
  return undefined;
}

/**
 * The template with every variable replaced, or undefined when a variable has no value and no
 * default. Use this where the result is compared literally (StringEquals and friends).
 */
export function resolveTemplate(t: Template, scope: EvalScope): string | undefined {
  if (!t.dynamic) return staticText(t);
  let out = '';
  for (const part of t.parts) {
    if (part.kind === 'var') {
      const v = resolvePart(part, scope);
      if (v === undefined) return undefined;
      out += v;
    } else {
      out += part.text;
    }
  }
  return out;
}

/** The text of a template with no request-dependent part (`${*}` and friends resolved). */
export function staticText(t: Template): string {
  let out = '';
  for (const part of t.parts) if (part.kind !== 'var') out += part.text;
  return out;
}

/**
 * Glob tokens: a literal run, `STAR` (any run of characters) or `ANY` (exactly one). Built from a
 * template where only author-written text carries wildcards.
 */
export const STAR = 0;
export const ANY = 1;
export type GlobToken = string | typeof STAR | typeof ANY;

function pushLiteral(tokens: GlobToken[], s: string): void {
  if (s === '') return;
  const last = tokens.length - 1;
  if (last >= 0 && typeof tokens[last] === 'string') tokens[last] = (tokens[last] as string) + s;
  else tokens.push(s);
}

function pushPattern(tokens: GlobToken[], text: string): void {
  let run = '';
  for (const ch of text) {
    if (ch === '*' || ch === '?') {
      pushLiteral(tokens, run);
      run = '';
      // Consecutive stars are one star.
      if (ch === '*' && tokens[tokens.length - 1] === STAR) continue;
      tokens.push(ch === '*' ? STAR : ANY);
    } else {
      run += ch;
    }
  }
  pushLiteral(tokens, run);
}

/** Resolves a template into glob tokens; undefined when a variable has no value and no default. */
export function resolveGlobTokens(t: Template, scope: EvalScope): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  for (const part of t.parts) {
    if (part.kind === 'text') pushPattern(tokens, part.text);
    else if (part.kind === 'literal') pushLiteral(tokens, part.text);
    else {
      const v = resolvePart(part, scope);
      if (v === undefined) return undefined;
      pushLiteral(tokens, v);
    }
  }
  return tokens;
}

/** Glob tokens for a template with no request-dependent part. */
export function staticGlobTokens(t: Template): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (const part of t.parts) {
    if (part.kind === 'text') pushPattern(tokens, part.text);
    else if (part.kind === 'literal') pushLiteral(tokens, part.text);
  }
  return tokens;
}

/** Lower-cases the literal runs of a token list (for case-insensitive matching). */
export const lowerTokens = (tokens: readonly GlobToken[]): GlobToken[] =>
  tokens.map((t) => (typeof t === 'string' ? t.toLowerCase() : t));

/**
 * Matches `s` against glob tokens. Iterative, with backtracking only to the last star, so it is
 * linear-ish and never exponential.
 */
export function matchGlobTokens(tokens: readonly GlobToken[], s: string): boolean {
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  while (true) {
    if (ti < tokens.length) {
      const t = tokens[ti]!;
      if (t === STAR) {
        starTi = ti++;
        starSi = si;
        continue;
      }
      if (t === ANY) {
        if (si < s.length) {
          ti++;
          si++;
          continue;
        }
      } else if (s.startsWith(t, si)) {
        ti++;
        si += t.length;
        continue;
      }
    } else if (si === s.length) {
      return true;
    }
    // Mismatch (or pattern exhausted early): let the last star swallow one more character.
    if (starTi < 0 || starSi >= s.length) return false;
    starSi++;
    si = starSi;
    ti = starTi + 1;
  }
}
