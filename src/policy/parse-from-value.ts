import type { JsonMember, JsonNode, JsonPosition } from './json-reader.js';
import { DEFAULT_JSON_LIMITS } from './json-reader.js';

/**
 * Turns an already-decoded JavaScript value (from JSON.parse, or a literal in code) into the
 * reader's tree, so one validator serves both. Positions are unknown (line 0). Anything that is
 * not JSON data (undefined, functions, NaN, cycles, absurd depth) is reported, never thrown.
 */
const NOWHERE: JsonPosition = { offset: -1, line: 0, column: 0 };

export type FromValueResult = { readonly node: JsonNode } | { readonly error: string };

export function fromValue(value: unknown, maxDepth = DEFAULT_JSON_LIMITS.maxDepth): FromValueResult {
  let nodes = 0;
  const convert = (v: unknown, depth: number): JsonNode | string => {
    if (++nodes > DEFAULT_JSON_LIMITS.maxNodes) return `more than ${DEFAULT_JSON_LIMITS.maxNodes} values`;
    if (v === null) return { kind: 'null', ...NOWHERE };
    if (typeof v === 'string') return { kind: 'string', value: v, ...NOWHERE };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, ...NOWHERE };
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${v} is not a JSON number`;
      return { kind: 'number', value: v, raw: String(v), ...NOWHERE };
    }
    if (typeof v !== 'object') return `a ${typeof v} is not JSON data`;
    if (depth >= maxDepth) return `nesting deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      const items: JsonNode[] = [];
      for (const item of v) {
        const n = convert(item, depth + 1);
        if (typeof n === 'string') return n;
        items.push(n);
      }
      return { kind: 'array', items, ...NOWHERE };
    }
    const members: JsonMember[] = [];
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const n = convert(item, depth + 1);
      if (typeof n === 'string') return n;
      members.push({ key, keyPosition: NOWHERE, value: n });
    }
    return { kind: 'object', members, ...NOWHERE };
  };
  const node = convert(value, 0);
  return typeof node === 'string' ? { error: `Document is not JSON data: ${node}.` } : { node };
}
