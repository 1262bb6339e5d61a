import type { ContextKeyType, ContextValue } from '../policy/index.js';
import {
  CONTEXT_KEY_TYPES,
  checkContextValue,
  contextKeyType,
  contextValue,
} from '../services/simulation/context-values.js';
import { InputError, UsageError } from './cli-error.js';

export { CONTEXT_KEY_TYPES } from '../services/simulation/context-values.js';

function splitPair(option: string, text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new UsageError(`${option} ${text}: expected KEY=${option === '--context' ? 'VALUE' : 'TYPE'}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/**
 * `--context KEY=VALUE` (repeatable; the same key again adds a value) and `--context-type
 * KEY=TYPE` (default string) -> context keys by their written name. Key names are compared without
 * regard to case, as AWS does. A key given more than once is multi-valued: its type becomes the
 * List form (`string` -> `stringList`); a List type makes even one value multi-valued.
 */
export function parseContextArgs(
  pairs: readonly string[],
  typePairs: readonly string[],
): Map<string, ContextValue> {
  // Every bad value is reported, not just the first: one run shows all that needs fixing.
  const problems: string[] = [];
  const types = new Map<string, { name: string; type: ContextKeyType }>();
  for (const text of typePairs) {
    const [name, typeText] = splitPair('--context-type', text);
    const type = contextKeyType(typeText);
    const earlier = types.get(name.toLowerCase());
    if (!type) {
      problems.push(`--context-type ${text}: "${typeText}" is not one of ${CONTEXT_KEY_TYPES.join(', ')}`);
    } else if (earlier && earlier.type !== type) {
      problems.push(`--context-type gives ${name} two types: ${earlier.type} and ${type}`);
    } else {
      types.set(name.toLowerCase(), { name, type });
    }
  }

  const values = new Map<string, { name: string; values: string[] }>();
  for (const text of pairs) {
    const [name, value] = splitPair('--context', text);
    const type = types.get(name.toLowerCase())?.type ?? 'string';
    const checked = checkContextValue(type, value);
    if ('error' in checked) {
      problems.push(`--context ${text}: "${value}" ${checked.error} (${name} is ${type})`);
      continue;
    }
    const entry = values.get(name.toLowerCase());
    if (entry) entry.values.push(checked.value);
    else values.set(name.toLowerCase(), { name, values: [checked.value] });
  }

  for (const [lower, { name }] of types) {
    const named = pairs.some((p) => p.slice(0, p.indexOf('=')).toLowerCase() === lower);
    if (!named) problems.push(`--context-type names ${name}, but no --context gives it a value`);
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'), problems);

  const keys = new Map<string, ContextValue>();
  for (const [lower, { name, values: list }] of values) {
    keys.set(name, contextValue(types.get(lower)?.type ?? 'string', list));
  }
  return keys;
}
