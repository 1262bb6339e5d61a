/**
 * AWS Query request decoding: flat `Key.Sub.member.N=value` pairs -> a typed input object that
 * follows the operation's input shape. Lists are 1-based `Name.member.N` (sorted numerically, gaps
 * closed), maps `Name.entry.N.key/value`, structures `A.B`. `Name=` with no sub-keys is an empty
 * list or map. Parameters the shape does not know are ignored (AWS Query services accept and ignore
 * them: presigned URLs, SigV2 fields, newer-SDK members) and reported back for logging.
 */
import { AwsError } from '../core/aws-error.js';
import type {
  ListShape,
  MapShape,
  MemberRef,
  Operation,
  ServiceModel,
  Shape,
  StructureShape,
} from './model.js';

export type QueryPairs = URLSearchParams | Iterable<readonly [string, string]>;

export interface QueryDecodeOptions {
  /** Most items one list or map may carry; larger inputs are refused before any allocation. */
  readonly maxCollectionItems?: number;
  /** Most distinct parameters one request may carry. */
  readonly maxParameters?: number;
}

export interface DecodedQueryInput {
  readonly input: Record<string, unknown>;
  /** Parameter names that match nothing in the input shape (ignored, as AWS does). */
  readonly ignored: readonly string[];
}

export interface DecodedQueryRequest extends DecodedQueryInput {
  readonly action: string;
  readonly version: string | undefined;
  readonly operation: Operation;
}

export const DEFAULT_MAX_COLLECTION_ITEMS = 1000;
export const DEFAULT_MAX_PARAMETERS = 10_000;

/** Protocol parameters every Query request may carry besides the input members. */
const ENVELOPE_PARAMETERS = new Set([
  'Action',
  'Version',
  'AWSAccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'Timestamp',
  'Expires',
  'SecurityToken',
]);
const isEnvelopeParameter = (k: string): boolean => ENVELOPE_PARAMETERS.has(k) || k.startsWith('X-Amz-');

/** Splits an `application/x-www-form-urlencoded` body (or query string) into pairs. */
export function parseQueryString(body: string | Uint8Array): [string, string][] {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  return [...new URLSearchParams(text)];
}

/**
 * Reads Action and Version and decodes the input of the named operation. Operation lookup against
 * the registry (InvalidAction) is the caller's business; here an unknown action is an InvalidAction
 * against the model.
 */
export function decodeQueryRequest(
  model: ServiceModel,
  params: QueryPairs,
  options: QueryDecodeOptions = {},
): DecodedQueryRequest {
  const pairs = toPairs(params, options);
  let action: string | undefined;
  let version: string | undefined;
  for (const [k, v] of pairs) {
    if (k === 'Action' && action === undefined) action = v;
    else if (k === 'Version' && version === undefined) version = v;
  }
  if (action === undefined || action === '') {
    throw new AwsError('MissingAction', 'Missing Action');
  }
  const operation = model.operations.get(action);
  if (!operation || (version !== undefined && version !== model.metadata.apiVersion)) {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${action} for version ${version ?? model.metadata.apiVersion}`,
    );
  }
  return { action, version, operation, ...decodeQueryInput(operation.input, pairs, options) };
}

interface Node {
  value?: string;
  children?: Map<string, Node>;
  /** The full parameter name, kept for the `ignored` report. */
  key: string;
  used: boolean;
}

/** Decodes the pairs against an input structure (undefined = an operation with no input). */
export function decodeQueryInput(
  shape: StructureShape | undefined,
  params: QueryPairs,
  options: QueryDecodeOptions = {},
): DecodedQueryInput {
  const pairs = toPairs(params, options);
  const maxItems = options.maxCollectionItems ?? DEFAULT_MAX_COLLECTION_ITEMS;
  const root: Node = { key: '', used: true };
  for (const [k, v] of pairs) {
    if (isEnvelopeParameter(k)) continue;
    insert(root, k, v);
  }
  const input = shape ? decodeStructure(shape, root, '', maxItems) : {};
  const ignored: string[] = [];
  collectUnused(root, ignored);
  return { input: input ?? {}, ignored };
}

function toPairs(params: QueryPairs, options: QueryDecodeOptions): [string, string][] {
  const max = options.maxParameters ?? DEFAULT_MAX_PARAMETERS;
  const out: [string, string][] = [];
  for (const [k, v] of params as Iterable<readonly [string, string]>) {
    if (out.length >= max) {
      throw new AwsError('ValidationError', `Request has more than ${max} parameters`);
    }
    out.push([k, v]);
  }
  return out;
}

function insert(root: Node, key: string, value: string): void {
  let node = root;
  let start = 0;
  for (;;) {
    const dot = key.indexOf('.', start);
    const part = dot < 0 ? key.slice(start) : key.slice(start, dot);
    node.children ??= new Map();
    let child = node.children.get(part);
    if (!child) {
      child = { key: dot < 0 ? key : key.slice(0, dot), used: false };
      node.children.set(part, child);
    }
    node = child;
    if (dot < 0) break;
    start = dot + 1;
  }
  // First occurrence wins, as a servlet's getParameter would have it.
  if (node.value === undefined) node.value = value;
}

function collectUnused(node: Node, out: string[]): void {
  if (!node.used) {
    out.push(node.key);
    return;
  }
  if (node.children) for (const c of node.children.values()) collectUnused(c, out);
}

const lowerFirst = (s: string): string => (s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1));

/** The member's name in Query requests: queryName, else locationName, else the member name. */
const queryName = (m: MemberRef): string => m.queryName ?? m.locationName ?? m.name;

function decodeStructure(
  shape: StructureShape,
  node: Node,
  path: string,
  maxItems: number,
): Record<string, unknown> | undefined {
  if (!node.children) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const m of shape.members) {
    const child = node.children.get(queryName(m));
    if (!child) continue;
    const v = decodeValue(m, child, path + lowerFirst(m.name), maxItems);
    if (v !== undefined) {
      out[m.name] = v;
      any = true;
    }
  }
  return any || path === '' ? out : undefined;
}

function decodeValue(member: MemberRef, node: Node, path: string, maxItems: number): unknown {
  const shape = member.shape;
  node.used = true;
  switch (shape.type) {
    case 'structure':
      return decodeStructure(shape, node, `${path}.`, maxItems);
    case 'list':
      return decodeList(shape, member, node, path, maxItems);
    case 'map':
      return decodeMap(shape, member, node, path, maxItems);
    default:
      if (node.value === undefined) return undefined;
      return decodeScalar(shape, node.value, path);
  }
}

/** Numeric children of `node`, sorted by index; refuses silly indexes or counts before work. */
function indexedChildren(node: Node | undefined, path: string, maxItems: number): Node[] {
  if (!node?.children) return [];
  if (node.children.size > maxItems) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${maxItems}`,
    );
  }
  const indexed: [number, Node][] = [];
  for (const [k, child] of node.children) {
    if (!/^[1-9][0-9]{0,8}$/.test(k)) continue; // left unused: reported as ignored
    child.used = true;
    indexed.push([Number(k), child]);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  return indexed.map((e) => e[1]);
}

function decodeList(
  shape: ListShape,
  member: MemberRef,
  node: Node,
  path: string,
  maxItems: number,
): unknown {
  const flattened = shape.flattened || member.flattened;
  let container: Node | undefined;
  if (flattened) {
    container = node;
  } else {
    const itemName = shape.member.locationName ?? 'member';
    container = node.children?.get(itemName);
    if (container) container.used = true;
  }
  const items = indexedChildren(container, path, maxItems);
  if (items.length === 0) {
    // `Name=` (what botocore sends for an empty list) or `Name.member` with no items.
    return node.value !== undefined || container !== undefined ? [] : undefined;
  }
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const v = decodeValue(shape.member, items[i]!, `${path}.${i + 1}.member`, maxItems);
    out.push(v ?? null);
  }
  return out;
}

function decodeMap(shape: MapShape, member: MemberRef, node: Node, path: string, maxItems: number): unknown {
  const flattened = shape.flattened || member.flattened;
  let container: Node | undefined;
  if (flattened) container = node;
  else {
    container = node.children?.get('entry');
    if (container) container.used = true;
  }
  const entries = indexedChildren(container, path, maxItems);
  if (entries.length === 0) return node.value !== undefined || container !== undefined ? {} : undefined;
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  const out: Record<string, unknown> = Object.create(null);
  for (const entry of entries) {
    const kNode = entry.children?.get(keyName);
    const vNode = entry.children?.get(valueName);
    if (!kNode || kNode.value === undefined) continue;
    kNode.used = true;
    const k = decodeScalar(shape.key.shape, kNode.value, `${path}.key`);
    if (typeof k !== 'string') continue;
    if (!(k in out))
      out[k] = vNode ? (decodeValue(shape.value, vNode, `${path}.${k}.member`, maxItems) ?? null) : null;
  }
  return { ...out };
}

function malformed(path: string, value: string, what: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: Member must be ${what}`,
  );
}

const INTEGER = /^[-+]?[0-9]+$/;
const DECIMAL = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** Converts one Query scalar per its shape; shared with the JSON codec for string timestamps. */
export function decodeScalar(shape: Shape, raw: string, path: string): unknown {
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long': {
      if (!INTEGER.test(raw)) throw malformed(path, shown(shape, raw), 'an integer');
      const n = Number(raw);
      const limit = shape.type === 'integer' ? 2 ** 31 : 2 ** 63;
      if (n >= limit || n < -limit) throw malformed(path, shown(shape, raw), `a valid ${shape.type}`);
      if (!Number.isSafeInteger(n)) throw malformed(path, shown(shape, raw), 'a safe integer');
      return n;
    }
    case 'double':
    case 'float': {
      if (!DECIMAL.test(raw)) throw malformed(path, shown(shape, raw), 'a number');
      return Number(raw);
    }
    case 'boolean': {
      const l = raw.toLowerCase();
      if (l === 'true') return true;
      if (l === 'false') return false;
      throw malformed(path, shown(shape, raw), 'a boolean (true or false)');
    }
    case 'timestamp': {
      const d = parseTimestamp(raw);
      if (!d) throw malformed(path, shown(shape, raw), 'a timestamp (ISO 8601 or epoch seconds)');
      return d;
    }
    case 'blob': {
      const b = decodeBase64(raw);
      if (!b) throw malformed(path, shape.sensitive ? '***' : raw, 'base64-encoded');
      return b;
    }
    default:
      return undefined;
  }
}

const shown = (shape: Shape, raw: string): string => (shape.sensitive ? '***' : raw);

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/;

/** ISO-8601 date-time (with or without zone; no zone means UTC) or epoch seconds. */
export function parseTimestamp(raw: string): Date | undefined {
  const s = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const ms = Number(s) * 1000;
    const d = new Date(Math.round(ms));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = ISO_8601.exec(s);
  if (!m) return undefined;
  const [, y, mo, da, h = '00', mi = '00', se = '00', frac = '', zone = 'Z'] = m;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se), ms);
  if (Number.isNaN(base)) return undefined;
  const check = new Date(base);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(da) || Number(h) > 23)
    return undefined;
  if (Number(mi) > 59 || Number(se) > 60) return undefined;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return new Date(base - offset);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

export function decodeBase64(raw: string): Buffer | undefined {
  const s = raw.replace(/\s+/g, '');
  if (!BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}
