import { compileArnPattern } from '../arn-pattern.js';
import { compileArnTemplate } from '../resource-matcher.js';
import { parseTemplate } from '../variables.js';
import { anyOf, type ConditionOperator, type PreparedValues, type ValueMatcher } from './operator.js';

/**
 * ARN operators (AWS "Condition operators: ARN"): "Each of the six colon-delimited components of
 * the ARN is checked separately and each can include multi-character match wildcards (*) or
 * single-character match wildcards (?)"; ArnEquals and ArnLike "behave identically", as do
 * ArnNotEquals and ArnNotLike. A context value that is not ARN-shaped matches no ARN-shaped
 * pattern. Policy variables are substituted; a substituted value is literal and stays in its field.
 */
function compileArn(values: readonly string[], version: '2012-10-17' | '2008-10-17'): PreparedValues {
  const templates = values.map((v) => parseTemplate(v, version));
  const fixed = anyOf(templates.filter((t) => !t.hasVariables).map((t) => compileArnPattern(t.source)));
  const withVars = templates.filter((t) => t.hasVariables).map(compileArnTemplate);
  if (withVars.length === 0) return () => fixed;
  return (scope) => {
    const test: ValueMatcher = (v) => {
      if (fixed(v)) return true;
      for (const m of withVars) if (m(v, scope)) return true;
      return false;
    };
    return test;
  };
}

export const ArnEquals: ConditionOperator = { negated: false, compile: compileArn };
export const ArnLike: ConditionOperator = { negated: false, compile: compileArn };
export const ArnNotEquals: ConditionOperator = { negated: true, compile: compileArn };
export const ArnNotLike: ConditionOperator = { negated: true, compile: compileArn };
