/**
 * Model-constraint validation with AWS's wording:
 *   `2 validation errors detected: Value 'x y' at 'userName' failed to satisfy constraint: Member
 *    must satisfy regular expression pattern: [\w+=,.@-]+; Value null at 'path' ...`
 * Paths are lowerCamel member names joined by '.', list items as `tags.1.member.key`, map values as
 * `summaryMap.KEY.member`. Values of sensitive shapes are never echoed (`Value at 'password' ...`).
 */
import { AwsError } from '../core/aws-error.js';
import { compileJavaPattern } from './java-pattern.js';
import type { ListShape, MapShape, Shape, StructureShape } from './model.js';

/** AWS lists at most this many violations in one message (and counts only those). */
export const MAX_REPORTED_VIOLATIONS = 10;

export interface Violation {
  readonly path: string;
  /** The rendered value, `null` for a missing member, `undefined` when it must not be echoed. */
  readonly value: string | null | undefined;
  readonly constraint: string;
}

export function formatViolation(v: Violation): string {
  const shown = v.value === undefined ? 'Value' : v.value === null ? 'Value null' : `Value '${v.value}'`;
  return `${shown} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
}

export function formatValidationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map(formatViolation).join('; ')}`;
}

/** Every violation of the input structure's constraints, in model member order (capped). */
export function collectViolations(shape: StructureShape, input: unknown): Violation[] {
  const out: Violation[] = [];
  checkStructure(shape, input, '', out);
  return out;
}

/** Throws AwsError('ValidationError') listing the violations, if any. */
export function validateInput(shape: StructureShape | undefined, input: unknown): void {
  if (!shape) return;
  const violations = collectViolations(shape, input ?? {});
  if (violations.length > 0) throw new AwsError('ValidationError', formatValidationMessage(violations));
}

const lowerFirst = (s: string): string => (s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1));

function push(out: Violation[], v: Violation): void {
  if (out.length < MAX_REPORTED_VIOLATIONS) out.push(v);
}

function checkStructure(shape: StructureShape, value: unknown, prefix: string, out: Violation[]): void {
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const m of shape.members) {
    if (out.length >= MAX_REPORTED_VIOLATIONS) return;
    const path = prefix + lowerFirst(m.name);
    const v = record[m.name];
    if (v === undefined || v === null) {
      if (shape.required.has(m.name)) {
        push(out, { path, value: null, constraint: 'Member must not be null' });
      }
      continue;
    }
    checkValue(m.shape, v, path, out);
  }
}

function checkValue(shape: Shape, value: unknown, path: string, out: Violation[]): void {
  switch (shape.type) {
    case 'structure':
      checkStructure(shape, value, `${path}.`, out);
      return;
    case 'list':
      checkList(shape, value, path, out);
      return;
    case 'map':
      checkMap(shape, value, path, out);
      return;
    case 'string': {
      if (typeof value !== 'string') return;
      const shown = shape.sensitive ? undefined : value;
      const len = codePointLength(value);
      if (shape.min !== undefined && len < shape.min) {
        push(out, {
          path,
          value: shown,
          constraint: `Member must have length greater than or equal to ${shape.min}`,
        });
      }
      if (shape.max !== undefined && len > shape.max) {
        push(out, {
          path,
          value: shown,
          constraint: `Member must have length less than or equal to ${shape.max}`,
        });
      }
      if (shape.pattern !== undefined && !compileJavaPattern(shape.pattern).test(value)) {
        push(out, {
          path,
          value: shown,
          constraint: `Member must satisfy regular expression pattern: ${shape.pattern}`,
        });
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        push(out, {
          path,
          value: shown,
          constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        });
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number') return;
      const shown = shape.sensitive ? undefined : String(value);
      if (shape.min !== undefined && value < shape.min) {
        push(out, {
          path,
          value: shown,
          constraint: `Member must have value greater than or equal to ${shape.min}`,
        });
      }
      if (shape.max !== undefined && value > shape.max) {
        push(out, {
          path,
          value: shown,
          constraint: `Member must have value less than or equal to ${shape.max}`,
        });
      }
      return;
    }
    case 'blob': {
      if (!(value instanceof Uint8Array)) return;
      const len = value.byteLength;
      const shown = shape.sensitive ? undefined : `java.nio.HeapByteBuffer[pos=0 lim=${len} cap=${len}]`;
      lengthBounds(shape, len, path, shown, out);
      return;
    }
    default:
      return;
  }
}

function lengthBounds(
  shape: { min?: number; max?: number },
  len: number,
  path: string,
  shown: string | undefined,
  out: Violation[],
): void {
  if (shape.min !== undefined && len < shape.min) {
    push(out, {
      path,
      value: shown,
      constraint: `Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.max !== undefined && len > shape.max) {
    push(out, {
      path,
      value: shown,
      constraint: `Member must have length less than or equal to ${shape.max}`,
    });
  }
}

function checkList(shape: ListShape, value: unknown, path: string, out: Violation[]): void {
  if (!Array.isArray(value)) return;
  if (shape.min !== undefined || shape.max !== undefined) {
    lengthBounds(shape, value.length, path, renderCollection(shape, value), out);
  }
  for (let i = 0; i < value.length; i++) {
    if (out.length >= MAX_REPORTED_VIOLATIONS) return;
    const item = value[i];
    const itemPath = `${path}.${i + 1}.member`;
    if (item === undefined || item === null) {
      push(out, { path: itemPath, value: null, constraint: 'Member must not be null' });
      continue;
    }
    checkValue(shape.member.shape, item, itemPath, out);
  }
}

function checkMap(shape: MapShape, value: unknown, path: string, out: Violation[]): void {
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (shape.min !== undefined || shape.max !== undefined) {
    lengthBounds(shape, entries.length, path, renderCollection(shape, value), out);
  }
  for (const [k, v] of entries) {
    if (out.length >= MAX_REPORTED_VIOLATIONS) return;
    checkValue(shape.key.shape, k, `${path}.${k}.key`, out);
    if (v === undefined || v === null) continue;
    checkValue(shape.value.shape, v, `${path}.${k}.member`, out);
  }
}

/**
 * Lists of scalars are echoed as Java prints them (`[a, b]`); collections of structures, and any
 * collection holding sensitive values, are not echoed (AWS writes `Value at 'tags' ...`).
 */
function renderCollection(shape: ListShape | MapShape, value: unknown): string | undefined {
  if (shape.sensitive) return undefined;
  if (shape.type === 'list') {
    const item = shape.member.shape;
    if (!isEchoableScalar(item)) return undefined;
    return `[${(value as unknown[]).map((v) => String(v)).join(', ')}]`;
  }
  if (!isEchoableScalar(shape.key.shape) || !isEchoableScalar(shape.value.shape)) return undefined;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ')}}`;
}

function isEchoableScalar(s: Shape): boolean {
  return (
    !s.sensitive && (s.type === 'string' || s.type === 'integer' || s.type === 'long' || s.type === 'boolean')
  );
}

/** Length in Unicode code points (Smithy's definition of a string's length). */
export function codePointLength(s: string): number {
  let surrogates = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        surrogates++;
        i++;
      }
    }
  }
  return s.length - surrogates;
}
