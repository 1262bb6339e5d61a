import { arnFields } from '../core/arn.js';
import type { PolicyVersion } from './ast.js';
import { compileArnPattern } from './arn-pattern.js';
import type { EvalScope, ResourceMatcher } from './eval-scope.js';
import {
  type GlobToken,
  matchGlobTokens,
  parseTemplate,
  resolveGlobTokens,
  staticGlobTokens,
  type Template,
  type TemplatePart,
} from './variables.js';

/**
 * Splits a template into the six ARN fields at the first five colons the author wrote. Colons
 * inside a variable (`${aws:username}`) or produced by one never split fields, so a substituted
 * value stays inside its field. Undefined when the text has fewer than five colons (not an ARN).
 */
function splitFields(t: Template): Template[] | undefined {
  const fields: TemplatePart[][] = [[]];
  for (const part of t.parts) {
    if (part.kind !== 'text' || fields.length === 6) {
      fields[fields.length - 1]!.push(part);
      continue;
    }
    let rest = part.text;
    while (fields.length < 6) {
      const at = rest.indexOf(':');
      if (at < 0) break;
      if (at > 0) fields[fields.length - 1]!.push({ kind: 'text', text: rest.slice(0, at) });
      fields.push([]);
      rest = rest.slice(at + 1);
    }
    if (rest !== '') fields[fields.length - 1]!.push({ kind: 'text', text: rest });
  }
  if (fields.length < 6) return undefined;
  return fields.map((parts) => ({
    source: '',
    parts,
    dynamic: parts.some((p) => p.kind === 'var'),
    hasVariables: parts.some((p) => p.kind !== 'text'),
  }));
}

/** A pattern with policy variables, matched whole (not ARN-shaped) or field by field. */
export type TemplateMatcher = (value: string, scope: EvalScope) => boolean;

/**
 * Compiles an ARN pattern that holds variables. Per request each variable is resolved (a variable
 * with no value and no default makes the pattern match nothing), then the ARN is matched field by
 * field as `compileArnPattern` does: wildcards stay within partition, service, region and account,
 * and may cross `:` and `/` in the resource part.
 */
export function compileArnTemplate(t: Template): TemplateMatcher {
  const fields = splitFields(t);
  if (!t.dynamic) {
    // Only `${*}`, `${?}`, `${$}`: nothing depends on the request, so build the tokens once.
    const whole = staticGlobTokens(t);
    const fixed = fields?.map(staticGlobTokens);
    if (!fixed) return (value) => matchGlobTokens(whole, value);
    return (value) => {
      const target = arnFields(value);
      if (!target) return false;
      for (let i = 0; i < 6; i++) if (!matchGlobTokens(fixed[i]!, target[i]!)) return false;
      return true;
    };
  }
  if (!fields) {
    return (value, scope) => {
      const tokens = resolveGlobTokens(t, scope);
      return tokens !== undefined && matchGlobTokens(tokens, value);
    };
  }
  return (value, scope) => {
    const resolved: GlobToken[][] = [];
    for (const f of fields) {
      const tokens = resolveGlobTokens(f, scope);
      if (tokens === undefined) return false;
      resolved.push(tokens);
    }
    const target = arnFields(value);
    if (!target) return false;
    for (let i = 0; i < 6; i++) {
      if (!matchGlobTokens(resolved[i]!, target[i]!)) return false;
    }
    return true;
  };
}

/**
 * Compiles one Resource/NotResource entry. Static patterns (no variables, or a 2008-10-17 document
 * where `${...}` is literal text) go straight to `compileArnPattern`.
 *
 * AWS documents variables in the resource part of the ARN only (after the fifth colon); a variable
 * in an earlier field is substituted as well, confined to its field (see docs/policy-engine.md).
 */
export function compileResourceMatcher(pattern: string, version: PolicyVersion): ResourceMatcher {
  const t = parseTemplate(pattern, version);
  if (!t.hasVariables) {
    const m = compileArnPattern(pattern);
    return (resource) => m(resource);
  }
  return compileArnTemplate(t);
}
