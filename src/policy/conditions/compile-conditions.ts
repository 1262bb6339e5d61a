import type { ConditionClause, ConditionOperatorName, PolicyVersion } from '../ast.js';
import type { CompiledCondition } from '../eval-scope.js';
import { ArnEquals, ArnLike, ArnNotEquals, ArnNotLike } from './arn.js';
import { BinaryEquals } from './binary.js';
import { Bool } from './bool.js';
import {
  DateEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  DateLessThan,
  DateLessThanEquals,
  DateNotEquals,
} from './date.js';
import { IpAddress, NotIpAddress } from './ip.js';
import { compileNull } from './null.js';
import {
  NumericEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericNotEquals,
} from './numeric.js';
import type { ConditionOperator } from './operator.js';
import {
  StringEquals,
  StringEqualsIgnoreCase,
  StringLike,
  StringNotEquals,
  StringNotEqualsIgnoreCase,
  StringNotLike,
} from './string.js';

/** Every base operator but Null (which tests presence, not values) and its implementation. */
export const CONDITION_OPERATORS: Readonly<
  Record<Exclude<ConditionOperatorName, 'Null'>, ConditionOperator>
> = {
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
  NumericEquals,
  NumericNotEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  DateEquals,
  DateNotEquals,
  DateLessThan,
  DateLessThanEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  Bool,
  BinaryEquals,
  IpAddress,
  NotIpAddress,
  ArnEquals,
  ArnLike,
  ArnNotEquals,
  ArnNotLike,
};

const NEVER: CompiledCondition = () => false;

/**
 * One clause (one key under one operator). The rules, from AWS's condition operator pages:
 *
 * - The policy values are OR-ed; under a negated operator they are NOR-ed ("returns true only if
 *   all values evaluate to false"): the operator's positive test, complemented.
 * - Absent key (or one with no values): positive operators are false, negated operators true
 *   ("If the policy condition requires that the key is not matched ... and the right key is not
 *   present, the condition is true"); `...IfExists` makes any operator true; ForAllValues is true
 *   ("It also returns true if there are no context keys in the request"); ForAnyValue is false
 *   ("if the key does not exist, the condition returns false").
 * - ForAllValues: every context value passes the operator's per-value test; ForAnyValue: at least
 *   one does. For a negated operator the per-value test is "matches none of the policy values"
 *   (AWS's ForAllValues:StringNotLike tables).
 * - No qualifier on a key with several values: "Multivalued context keys require a condition set
 *   operator"; the positive test does not match (observed for aws:CalledVia; the peer simulator
 *   confirmed it with AWS) and a negated operator, being its complement, holds. A multivalued key
 *   holding a single value is compared as that value.
 */
function compileClause(clause: ConditionClause, version: PolicyVersion): CompiledCondition {
  if (clause.base === 'Null') return compileNull(clause);
  const op = CONDITION_OPERATORS[clause.base];
  if (op === undefined) return NEVER; // parse.ts rejects unknown operators; fail closed regardless
  const prepare = op.compile(clause.values, version);
  const negated = op.negated;
  const key = clause.keyLower;
  const written = clause.key;
  const absent = clause.ifExists
    ? true
    : clause.qualifier === 'ForAllValues'
      ? true
      : clause.qualifier === 'ForAnyValue'
        ? false
        : negated;

  if (clause.qualifier === 'ForAllValues') {
    return (scope) => {
      const cv = scope.ctx.keys.get(key);
      if (cv === undefined || cv.values.length === 0) {
        scope.missing?.add(written);
        return absent;
      }
      const matches = prepare(scope);
      for (const v of cv.values) if (matches(v) === negated) return false;
      return true;
    };
  }
  if (clause.qualifier === 'ForAnyValue') {
    return (scope) => {
      const cv = scope.ctx.keys.get(key);
      if (cv === undefined || cv.values.length === 0) {
        scope.missing?.add(written);
        return absent;
      }
      const matches = prepare(scope);
      for (const v of cv.values) if (matches(v) !== negated) return true;
      return false;
    };
  }
  return (scope) => {
    const cv = scope.ctx.keys.get(key);
    if (cv === undefined || cv.values.length === 0) {
      scope.missing?.add(written);
      return absent;
    }
    if (cv.values.length > 1) return negated;
    return prepare(scope)(cv.values[0]!) !== negated;
  };
}

/**
 * A statement's Condition block compiled: clauses (keys and operators) are AND-ed. Undefined when
 * there are no clauses, so a statement without conditions costs nothing.
 */
export function compileConditionBlock(
  clauses: readonly ConditionClause[],
  version: PolicyVersion,
): CompiledCondition | undefined {
  if (clauses.length === 0) return undefined;
  const compiled = clauses.map((c) => compileClause(c, version));
  if (compiled.length === 1) return compiled[0]!;
  return (scope) => {
    if (scope.missing !== undefined) {
      // Explaining: test every clause so that every absent key is reported, not just the first.
      let all = true;
      for (const c of compiled) if (!c(scope)) all = false;
      return all;
    }
    for (const c of compiled) if (!c(scope)) return false;
    return true;
  };
}
