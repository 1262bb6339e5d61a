/**
 * AWS JSON 1.1 (CloudTrail): the operation comes from `X-Amz-Target: <targetPrefix>.<Operation>`
 * (or `<last segment of targetPrefix>.<Operation>`, as JS SDK v3 sends it),
 * the body is JSON shaped like the input structure (timestamps as epoch seconds), outputs are JSON
 * with epoch-second timestamps and base64 blobs, errors are `{"__type": code, "message": ...}`.
 */
import { AwsError } from '../core/aws-error.js';
import type { ErrorCode } from '../core/error-catalogue.js';
import type { Operation, ServiceModel, Shape, StructureShape } from './model.js';
import { decodeBase64, parseTimestamp } from './query-decode.js';
import { toDate } from './query-encode.js';
import { validateInput } from './validate.js';

export interface EncodedJsonResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface DecodedJsonRequest {
  readonly operation: Operation;
  readonly input: Record<string, unknown>;
}

/**
 * Codes whose JSON-protocol spelling differs from the Query one the catalogue holds: JSON services
 * say `ValidationException` and `UnknownOperationException`.
 */
const JSON_WIRE_CODES: Partial<Record<ErrorCode, string>> = {
  ValidationError: 'ValidationException',
  InvalidAction: 'UnknownOperationException',
  // The JSON services (CloudTrail) name authorization failures this way.
  AccessDenied: 'AccessDeniedException',
};

export const jsonContentType = (model: ServiceModel): string =>
  `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`;

/** The operation named by an `X-Amz-Target` header value. */
export function resolveJsonOperation(model: ServiceModel, target: string | null | undefined): Operation {
  const prefix = model.metadata.targetPrefix;
  if (!target || !prefix) {
    throw new AwsError('InvalidAction', 'Missing X-Amz-Target header');
  }
  const dot = target.lastIndexOf('.');
  const name = dot < 0 ? target : target.slice(dot + 1);
  const given = dot < 0 ? '' : target.slice(0, dot);
  // botocore sends the model's full targetPrefix; JS SDK v3 (schema-based clients) sends only the
  // service shape name, its last segment (`CloudTrail_20131101.LookupEvents`). Accept both.
  const short = prefix.slice(prefix.lastIndexOf('.') + 1);
  const op = given === prefix || given === short ? model.operations.get(name) : undefined;
  if (!op) {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${name} for version ${model.metadata.apiVersion}`,
    );
  }
  return op;
}

/** Resolves the target, parses and type-checks the body, and validates it against the model. */
export function decodeJsonRequest(
  model: ServiceModel,
  target: string | null | undefined,
  body: string | Uint8Array,
): DecodedJsonRequest {
  const operation = resolveJsonOperation(model, target);
  const input = decodeJsonInput(operation.input, body);
  validateInput(operation.input, input);
  return { operation, input };
}

/** Parses the body and converts it per the input shape (unknown members are dropped). */
export function decodeJsonInput(
  shape: StructureShape | undefined,
  body: string | Uint8Array,
): Record<string, unknown> {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let parsed: unknown = {};
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AwsError('ValidationError', 'Request body is not valid JSON');
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('ValidationError', 'Request body must be a JSON object');
  }
  if (!shape) return {};
  return fromJson(shape, parsed, '') as Record<string, unknown>;
}

const lowerFirst = (s: string): string => (s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1));

function typeError(path: string, expected: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be ${expected}`,
  );
}

function fromJson(shape: Shape, v: unknown, path: string): unknown {
  switch (shape.type) {
    case 'structure': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError(path, 'an object');
      const rec = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        const x = rec[m.locationName ?? m.name];
        if (x === undefined || x === null) continue;
        out[m.name] = fromJson(m.shape, x, (path ? `${path}.` : '') + lowerFirst(m.name));
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(v)) throw typeError(path, 'a list');
      return v.map((x, i) =>
        x === null ? null : fromJson(shape.member.shape, x, `${path}.${i + 1}.member`),
      );
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError(path, 'a map');
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== null) out[k] = fromJson(shape.value.shape, x, `${path}.${k}.member`);
      }
      return out;
    }
    case 'string':
      if (typeof v !== 'string') throw typeError(path, 'a string');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(path, 'an integer');
      return v;
    case 'double':
    case 'float':
      if (typeof v !== 'number') throw typeError(path, 'a number');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw typeError(path, 'a boolean');
      return v;
    case 'timestamp': {
      if (typeof v === 'number' && Number.isFinite(v)) return new Date(Math.round(v * 1000));
      const d = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (!d) throw typeError(path, 'a timestamp (epoch seconds)');
      return d;
    }
    case 'blob': {
      const b = typeof v === 'string' ? decodeBase64(v) : undefined;
      if (!b) throw typeError(path, 'base64-encoded');
      return b;
    }
  }
}

function toJson(shape: Shape, v: unknown): unknown {
  switch (shape.type) {
    case 'structure': {
      if (typeof v !== 'object' || v === null) return undefined;
      const rec = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        const x = rec[m.name];
        if (x === undefined || x === null) continue;
        out[m.locationName ?? m.name] = toJson(m.shape, x);
      }
      return out;
    }
    case 'list':
      return Array.isArray(v)
        ? v.filter((x) => x !== null && x !== undefined).map((x) => toJson(shape.member.shape, x))
        : [];
    case 'map': {
      const out: Record<string, unknown> = {};
      const entries =
        v instanceof Map ? [...v.entries()] : Object.entries((v ?? {}) as Record<string, unknown>);
      for (const [k, x] of entries)
        if (x !== null && x !== undefined) out[String(k)] = toJson(shape.value.shape, x);
      return out;
    }
    case 'timestamp':
      return toDate(v).getTime() / 1000;
    case 'blob':
      return (
        Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(String(v))
      ).toString('base64');
    case 'boolean':
      return v === true;
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return Number(v);
    case 'string':
      return String(v);
  }
}

/** The success body: the output structure as JSON (`{}` for operations without output). */
export function encodeJsonOutput(operation: Operation, output: unknown): string {
  if (!operation.output) return '{}';
  return JSON.stringify(toJson(operation.output, output ?? {}) ?? {});
}

export function encodeJsonResponse(
  model: ServiceModel,
  operation: Operation,
  output: unknown,
): EncodedJsonResponse {
  return { status: 200, contentType: jsonContentType(model), body: encodeJsonOutput(operation, output) };
}

/** `{"__type":"Code","message":"..."}` with the catalogue's status. */
export function encodeJsonError(err: AwsError, model?: ServiceModel): EncodedJsonResponse {
  const type = JSON_WIRE_CODES[err.code] ?? err.code;
  return {
    status: err.status,
    contentType: model ? jsonContentType(model) : 'application/x-amz-json-1.1',
    body: JSON.stringify({ __type: type, message: err.message }),
  };
}
