import { type ConditionOperator, staticValues } from './operator.js';

/**
 * Bool (AWS "Condition operators: Boolean"). Values are `true` or `false`, compared without regard
 * to case on both sides (`"True"` in a policy means true). Any other policy value never matches;
 * any other context value matches nothing. No policy variables: the variables page lists Boolean
 * among the operators that take none (the operator page once said otherwise; see the docs).
 */
const parseBool = (s: string): boolean | undefined => {
  const l = s.toLowerCase();
  return l === 'true' ? true : l === 'false' ? false : undefined;
};

export const Bool: ConditionOperator = {
  negated: false,
  compile: staticValues((values) => {
    const wanted = new Set(values.map(parseBool).filter((b) => b !== undefined));
    return (v) => {
      const b = parseBool(v);
      return b !== undefined && wanted.has(b);
    };
  }),
};

export { parseBool };
