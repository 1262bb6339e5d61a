import type { ConditionClause } from '../ast.js';
import type { CompiledCondition } from '../eval-scope.js';
import { parseBool } from './bool.js';

/**
 * Null (AWS "Condition operator to check existence of condition keys"): `true` holds when the key
 * is absent ("the key doesn't exist — it is null"), `false` when it is present "and its value is
 * not null". A key present with no values (an empty list) counts as null: AWS tells authors to
 * guard ForAllValues with `Null: false` against "context keys with empty values". Values compare
 * without regard to case; several values are OR-ed; an unrecognised value never holds. Null has no
 * IfExists form and takes no qualifier; any written is ignored. No policy variables.
 */
export function compileNull(clause: ConditionClause): CompiledCondition {
  const wanted = clause.values.map(parseBool);
  const whenAbsent = wanted.includes(true);
  const whenPresent = wanted.includes(false);
  const key = clause.keyLower;
  return (scope) => {
    const v = scope.ctx.keys.get(key);
    const present = v !== undefined && v.values.length > 0;
    if (present) return whenPresent;
    if (!whenAbsent) scope.missing?.add(clause.key);
    return whenAbsent;
  };
}
