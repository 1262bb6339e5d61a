import type {
  ConditionClause,
  ConditionOperatorName,
  ConditionQualifier,
  PolicyVersion,
} from '../../src/policy/ast.js';
import { compileConditionBlock } from '../../src/policy/conditions/compile-conditions.js';
import { type ContextValue, contextKeys } from '../../src/policy/context.js';
import type { EvalScope } from '../../src/policy/eval-scope.js';

/** Builds a clause from the operator as written: `ForAnyValue:StringLikeIfExists`. */
export function clause(operator: string, key: string, values: string | readonly string[]): ConditionClause {
  const colon = operator.indexOf(':');
  const qualifier = colon < 0 ? undefined : (operator.slice(0, colon) as ConditionQualifier);
  let base = colon < 0 ? operator : operator.slice(colon + 1);
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  return {
    operator,
    base: base as ConditionOperatorName,
    qualifier,
    ifExists,
    key,
    keyLower: key.toLowerCase(),
    values: typeof values === 'string' ? [values] : values,
  };
}

export type Keys = Record<string, string | readonly string[] | ContextValue>;

export function scope(keys: Keys = {}, missing?: Set<string>): EvalScope {
  return {
    ctx: {
      action: 'iam:GetUser',
      resource: '*',
      resourceAccount: '111122223333',
      principal: { type: 'user', arn: 'arn:aws:iam::111122223333:user/alice', account: '111122223333' },
      keys: contextKeys(keys),
    },
    missing,
  };
}

/** Evaluates one clause against a context. */
export function holds(
  operator: string,
  key: string,
  values: string | readonly string[],
  keys: Keys = {},
  version: PolicyVersion = '2012-10-17',
): boolean {
  const c = compileConditionBlock([clause(operator, key, values)], version)!;
  return c(scope(keys));
}

/** A single-valued typed context value. */
export const one = (type: ContextValue['type'], v: string): ContextValue => ({
  type,
  multi: false,
  values: [v],
});
/** A multivalued typed context value. */
export const list = (type: ContextValue['type'], ...v: string[]): ContextValue => ({
  type,
  multi: true,
  values: v,
});

/** A row of a table-driven test: [doc rule, operator, key, policy values, context, expected]. */
export type Row = readonly [string, string, string, string | readonly string[], Keys, boolean];
