import type { JsonMember, JsonNode, JsonObject, JsonPosition, JsonString } from './json-reader.js';
import { pointerSegment } from './json-reader.js';
import type { Where } from './parse-errors.js';

/** Small helpers for walking the positioned JSON tree while validating it. */

export const at = (pos: JsonPosition, path: string): Where => ({
  path,
  line: pos.line,
  column: pos.column,
});

export const child = (path: string, segment: string | number): string => `${path}/${pointerSegment(segment)}`;

/** First occurrence of each key; repeats are already errors from the reader. */
export function memberMap(obj: JsonObject): Map<string, JsonMember> {
  const map = new Map<string, JsonMember>();
  for (const m of obj.members) if (!map.has(m.key)) map.set(m.key, m);
  return map;
}

export function describeNode(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
  }
}

export interface StringItem {
  readonly node: JsonString;
  /** The block's pointer; `index` is the item's place in it when the block was an array. */
  readonly blockPath: string;
  readonly index: number | undefined;
}

/** Pointers are needed only for the rare item with a problem, so they are built on demand. */
export const itemPath = (item: StringItem): string =>
  item.index === undefined ? item.blockPath : child(item.blockPath, item.index);

/**
 * AWS's `"X": value` or `"X": [values]`: a string or an array of strings. Returns undefined
 * when the shape is wrong (the caller reports it), `[]` for an empty array.
 */
export function stringList(node: JsonNode, blockPath: string): StringItem[] | undefined {
  if (node.kind === 'string') return [{ node, blockPath, index: undefined }];
  if (node.kind !== 'array') return undefined;
  const items: StringItem[] = [];
  for (let i = 0; i < node.items.length; i++) {
    const item = node.items[i] as JsonNode;
    if (item.kind !== 'string') return undefined;
    items.push({ node: item, blockPath, index: i });
  }
  return items;
}
