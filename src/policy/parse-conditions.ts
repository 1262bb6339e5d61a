import type { ConditionClause, ConditionOperatorName, ConditionQualifier } from './ast.js';
import type { JsonNode } from './json-reader.js';
import { isLegacyDate } from './parse-date-value.js';
import { Msg, type Problems, Rank } from './parse-errors.js';
import { at, child, describeNode } from './parse-node.js';

/**
 * The Condition block: `{ operator: { key: value | [values] } }`. Operators are the 27 base
 * names, optionally qualified with `ForAllValues:` / `ForAnyValue:` and suffixed `IfExists`
 * (never on `Null`, per the condition-operator reference). Values may be strings, numbers or
 * booleans, and are kept as strings (numbers as written).
 */

export const CONDITION_OPERATORS: ReadonlySet<ConditionOperatorName> = new Set<ConditionOperatorName>([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

export interface ParsedOperator {
  readonly base: ConditionOperatorName;
  readonly qualifier: ConditionQualifier | undefined;
  readonly ifExists: boolean;
}

const QUALIFIERS: readonly ConditionQualifier[] = ['ForAllValues', 'ForAnyValue'];

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when it is no operator. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let qualifier: ConditionQualifier | undefined;
  for (const q of QUALIFIERS) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
      break;
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!CONDITION_OPERATORS.has(rest as ConditionOperatorName)) return undefined;
  const base = rest as ConditionOperatorName;
  if (base === 'Null' && ifExists) return undefined;
  return { base, qualifier, ifExists };
}

export function parseConditions(node: JsonNode, path: string, problems: Problems): ConditionClause[] {
  if (node.kind !== 'object') {
    problems.syntax(`Condition must be an object, not ${describeNode(node)}.`, at(node, path));
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const { key: operator, keyPosition, value: block } of node.members) {
    const opPath = child(path, operator);
    if (block.kind !== 'object') {
      problems.syntax(
        `Condition operator ${operator} must map to an object of keys, not ${describeNode(block)}.`,
        at(block, opPath),
      );
      continue;
    }
    const parsed = parseOperator(operator);
    if (!parsed) {
      // AWS accepts an unknown operator whose block is empty (observed); it constrains nothing.
      if (block.members.length === 0) {
        problems.warn(
          `Condition operator ${operator} is not a known operator; its empty block is ignored.`,
          at(keyPosition, opPath),
        );
      } else {
        problems.syntax(`Invalid Condition type : ${operator}`, at(keyPosition, opPath));
      }
      continue;
    }
    for (const { key, value } of block.members) {
      const keyPath = child(opPath, key);
      const values = conditionValues(value, keyPath, problems);
      if (!values) continue;
      if (parsed.base.startsWith('Date')) {
        for (const v of values) {
          if (!isLegacyDate(v.text)) {
            problems.error(
              Rank.legacy,
              Msg.legacy,
              `"${v.text}" is not a date or epoch time for ${operator}.`,
              at(v.node, v.path),
            );
          }
        }
      }
      clauses.push({
        operator,
        base: parsed.base,
        qualifier: parsed.qualifier,
        ifExists: parsed.ifExists,
        key,
        keyLower: key.toLowerCase(),
        values: values.map((v) => v.text),
      });
    }
  }
  return clauses;
}

interface ConditionValue {
  readonly text: string;
  readonly node: JsonNode;
  readonly path: string;
}

function scalar(node: JsonNode): string | undefined {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number') return node.raw;
  if (node.kind === 'boolean') return node.value ? 'true' : 'false';
  return undefined;
}

/** A scalar or an array of scalars. An empty array is accepted, as AWS does (observed). */
function conditionValues(node: JsonNode, path: string, problems: Problems): ConditionValue[] | undefined {
  const single = scalar(node);
  if (single !== undefined) return [{ text: single, node, path }];
  if (node.kind !== 'array') {
    problems.syntax(
      `Condition value must be a string, number, boolean or an array of them, not ${describeNode(node)}.`,
      at(node, path),
    );
    return undefined;
  }
  const out: ConditionValue[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const text = scalar(item);
    if (text === undefined) {
      problems.syntax(
        `Condition value must be a string, number or boolean, not ${describeNode(item)}.`,
        at(item, child(path, i)),
      );
      ok = false;
    } else {
      out.push({ text, node: item, path: child(path, i) });
    }
  });
  return ok ? out : undefined;
}
