import type { PolicyVersion } from '../ast.js';
import type { EvalScope } from '../eval-scope.js';
import { compileGlob } from '../glob.js';
import {
  matchGlobTokens,
  parseTemplate,
  resolveGlobTokens,
  resolveTemplate,
  staticGlobTokens,
  staticText,
  type Template,
} from '../variables.js';
import { anyOf, type ConditionOperator, NEVER, type PreparedValues, type ValueMatcher } from './operator.js';

/**
 * String operators (AWS "Condition operators: String"). StringEquals compares exactly and
 * case-sensitively, the IgnoreCase forms compare lower-cased, StringLike globs with `*` and `?`.
 * Policy variables are substituted in all of them (2012-10-17 only); a value whose variable has no
 * value matches nothing ("there is no equal or like value"), so the negated forms hold.
 */

const lower = (s: string): string => s.toLowerCase();

function compileEquals(ignoreCase: boolean) {
  return (values: readonly string[], version: PolicyVersion): PreparedValues => {
    const norm = ignoreCase ? lower : (s: string) => s;
    const templates = values.map((v) => parseTemplate(v, version));
    const fixed = new Set(templates.filter((t) => !t.dynamic).map((t) => norm(staticText(t))));
    const dynamic = templates.filter((t) => t.dynamic);
    const fixedTest: ValueMatcher = fixed.size === 0 ? NEVER : (v) => fixed.has(norm(v));
    if (dynamic.length === 0) return () => fixedTest;
    return (scope: EvalScope) => {
      const resolved: string[] = [];
      for (const t of dynamic) {
        const r = resolveTemplate(t, scope);
        if (r !== undefined) resolved.push(norm(r));
      }
      if (resolved.length === 0) return fixedTest;
      return (v) => {
        if (fixedTest(v)) return true;
        const n = norm(v);
        return resolved.includes(n);
      };
    };
  };
}

function staticLike(t: Template): ValueMatcher {
  // Plain text: the shared glob compiler picks the cheapest test. `${*}` and friends need tokens
  // so that the produced character stays literal.
  if (t.parts.length === 1 && t.parts[0]!.kind === 'text') return compileGlob(t.parts[0]!.text);
  const tokens = staticGlobTokens(t);
  return (v) => matchGlobTokens(tokens, v);
}

function compileLike(values: readonly string[], version: PolicyVersion): PreparedValues {
  const templates = values.map((v) => parseTemplate(v, version));
  const fixedTest = anyOf(templates.filter((t) => !t.dynamic).map(staticLike));
  const dynamic = templates.filter((t) => t.dynamic);
  if (dynamic.length === 0) return () => fixedTest;
  return (scope) => {
    const tests: ValueMatcher[] = [fixedTest];
    for (const t of dynamic) {
      const tokens = resolveGlobTokens(t, scope);
      if (tokens !== undefined) tests.push((v) => matchGlobTokens(tokens, v));
    }
    return anyOf(tests);
  };
}

export const StringEquals: ConditionOperator = { negated: false, compile: compileEquals(false) };
export const StringNotEquals: ConditionOperator = { negated: true, compile: compileEquals(false) };
export const StringEqualsIgnoreCase: ConditionOperator = { negated: false, compile: compileEquals(true) };
export const StringNotEqualsIgnoreCase: ConditionOperator = { negated: true, compile: compileEquals(true) };
export const StringLike: ConditionOperator = { negated: false, compile: compileLike };
export const StringNotLike: ConditionOperator = { negated: true, compile: compileLike };
