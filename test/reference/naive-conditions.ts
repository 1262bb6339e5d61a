/**
 * The Condition element, transcribed from "IAM JSON policy elements: Condition operators" and
 * "Set operators for multivalued context keys". Raw JSON in, boolean out.
 */
import type { ContextValue } from '../../src/policy/context.js';
import {
  arnTokMatch,
  ipInCidr,
  parseDate,
  parseNumber,
  plainTokens,
  substitute,
  type Tok,
  tokMatch,
} from './naive-match.js';

type Ctx = Readonly<Record<string, ContextValue>>;

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

/** The positive operator a negated one negates ("Negated matching"). */
const POSITIVE_OF: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/** Operators whose values may hold policy variables ("string and ARN condition operators"). */
const TAKES_VARIABLES = /^(String|Arn)/;

const toStrings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map((x) => String(x));

/** "If you specify multiple condition operators, or multiple keys ... evaluated using a logical AND". */
export function conditionsHold(condition: unknown, ctx: Ctx, variables: boolean): boolean {
  if (condition === undefined) return true;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    for (const [key, rawValues] of Object.entries(block as Record<string, unknown>)) {
      if (!clauseHolds(operator, key, toStrings(rawValues), ctx, variables)) return false;
    }
  }
  return true;
}

function clauseHolds(
  operator: string,
  key: string,
  policyValues: string[],
  ctx: Ctx,
  vars: boolean,
): boolean {
  let op = operator;
  let qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  if (op.startsWith('ForAllValues:')) {
    qualifier = 'ForAllValues';
    op = op.slice('ForAllValues:'.length);
  } else if (op.startsWith('ForAnyValue:')) {
    qualifier = 'ForAnyValue';
    op = op.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (op.endsWith('IfExists')) {
    ifExists = true;
    op = op.slice(0, -'IfExists'.length);
  }
  const present = ctx[key.toLowerCase()];

  // "Null: Use a Null condition operator to check if a condition key is absent at the time of
  // authorization. In the policy statement, use either true (the key doesn't exist — it is null) or
  // false (the key exists and its value is not null)."
  if (op === 'Null') {
    return policyValues.some((v) =>
      v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' && !!present,
    );
  }

  if (!present) {
    // "...IfExists: If the policy key is present in the context of the request, process the key as
    // specified in the policy. If the key is not present, evaluate the condition element as true."
    if (ifExists) return true;
    // ForAllValues: "It also returns true if there are no keys in the request".
    if (qualifier === 'ForAllValues') return true;
    // ForAnyValue: "For no matching key or a null dataset, the condition returns false."
    if (qualifier === 'ForAnyValue') return false;
    // "If the key that you specify in a policy condition is not present in the request context, the
    // values do not match and the condition is false. If the policy condition requires that the key
    // is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
    // condition is true."
    return NEGATED.has(op);
  }

  const negated = NEGATED.has(op);
  const positiveOp = POSITIVE_OF[op] ?? op;
  // "If a single condition operator includes multiple values for a context key, those values are
  // evaluated using a logical OR"; for negated operators "using a logical NOR".
  const single = (requestValue: string): boolean => {
    const anyMatch = policyValues.some((pv) => positiveMatch(positiveOp, requestValue, pv, ctx, vars));
    return negated ? !anyMatch : anyMatch;
  };
  // ForAllValues: "returns true if every key value in the request matches at least one value in
  // the policy"; ForAnyValue: "if any one of the key values in the request matches any one of the
  // condition values in the policy".
  if (qualifier === 'ForAllValues') return present.values.every(single);
  if (qualifier === 'ForAnyValue') return present.values.some(single);
  return present.values.some(single);
}

/** Does one request value match one policy value under a positive operator? */
function positiveMatch(
  op: string,
  requestValue: string,
  policyValue: string,
  ctx: Ctx,
  vars: boolean,
): boolean {
  const wildcards = op === 'StringLike' || op === 'ArnLike' || op === 'ArnEquals';
  let tokens: Tok[] | undefined;
  if (TAKES_VARIABLES.test(op)) {
    // "Policy variables with no value": a value whose variable has no value matches nothing.
    tokens = substitute(policyValue, ctx, wildcards, vars);
    if (tokens === undefined) return false;
  } else {
    tokens = plainTokens(policyValue, false);
  }
  switch (op) {
    // "StringEquals: Exact matching, case sensitive"
    case 'StringEquals':
      return tokMatch(tokens, requestValue, false);
    // "StringEqualsIgnoreCase: Exact matching, ignoring case"
    case 'StringEqualsIgnoreCase':
      return tokMatch(tokens, requestValue, true);
    // "StringLike: Case-sensitive matching. The values can include multi-character match wildcards
    // (*) and single-character match wildcards (?) anywhere in the string."
    case 'StringLike':
      return tokMatch(tokens, requestValue, false);
    case 'ArnEquals':
    case 'ArnLike':
      return arnTokMatch(tokens, requestValue);
    // "Numeric condition operators let you construct Condition elements that restrict access based
    // on comparing a key to an integer or decimal value."
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return compare(op.slice('Numeric'.length), parseNumber(requestValue), parseNumber(policyValue));
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return compare(op.slice('Date'.length), parseDate(requestValue), parseDate(policyValue));
    // "Boolean condition operators let you construct Condition elements that restrict access based
    // on comparing a key to true or false."
    case 'Bool':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    // "The BinaryEquals condition operator ... compares the value of the specified key byte for byte
    // against a base-64 encoded representation of the binary value in the policy."
    case 'BinaryEquals':
      return requestValue === policyValue;
    // "IpAddress: The specified IP address or range"
    case 'IpAddress':
      return ipInCidr(requestValue, policyValue);
    default:
      return false;
  }
}

/** The request value on the left, the policy value on the right: `aws:CurrentTime < policy`. */
function compare(rel: string, left: number | undefined, right: number | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  switch (rel) {
    case 'Equals':
      return left === right;
    case 'LessThan':
      return left < right;
    case 'LessThanEquals':
      return left <= right;
    case 'GreaterThan':
      return left > right;
    case 'GreaterThanEquals':
      return left >= right;
    default:
      return false;
  }
}
