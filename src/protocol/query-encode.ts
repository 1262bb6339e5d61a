/**
 * AWS Query response encoding: an operation's output object -> the XML envelope, driven by the
 * output shape. Each shape is compiled once into a small serializer closure (tags precomputed), so
 * encoding is string concatenation only.
 *
 * Policy documents (every member whose shape is `policyDocumentType`) are percent-encoded, as IAM
 * does (IAM-FACTS §1.5). Timestamps are `YYYY-MM-DDTHH:MM:SSZ`; STS keeps milliseconds when the
 * value has them (its documented `Expiration` carries them), IAM always writes whole seconds.
 */
import { AwsError, isAwsError } from '../core/aws-error.js';
import type { ErrorCode } from '../core/error-catalogue.js';
import type { Operation, ServiceModel, Shape, StructureShape } from './model.js';
import { escapeXmlText, percentEncode } from './xml-text.js';

/** Shape names whose string values AWS percent-encodes in responses. */
export const URL_ENCODED_SHAPES: ReadonlySet<string> = new Set(['policyDocumentType']);

export type TimestampPrecision = 'seconds' | 'milliseconds-when-present';

export interface QueryEncoderOptions {
  readonly timestampPrecision?: TimestampPrecision;
}

export interface EncodedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Renders the members of a value (no enclosing element). */
type Serializer = (value: unknown) => string;

const XML_CONTENT_TYPE = 'text/xml';

export class QueryEncoder {
  readonly model: ServiceModel;
  private readonly precision: TimestampPrecision;
  private readonly compiled = new Map<Shape, Serializer>();
  private readonly namespaceAttr: string;

  constructor(model: ServiceModel, options: QueryEncoderOptions = {}) {
    if (model.metadata.protocol !== 'query') throw new Error(`${model.service} is not a Query service`);
    this.model = model;
    this.precision =
      options.timestampPrecision ?? (model.service === 'sts' ? 'milliseconds-when-present' : 'seconds');
    this.namespaceAttr = model.metadata.xmlNamespace
      ? ` xmlns="${escapeXmlAttr(model.metadata.xmlNamespace)}"`
      : '';
  }

  /** The full success envelope for `operation` with `output` (ignored for no-output operations). */
  encodeResponse(operation: Operation | string, output: unknown, requestId: string): string {
    const op = typeof operation === 'string' ? this.operation(operation) : operation;
    const name = op.name;
    let result = '';
    if (op.output) {
      const wrapper = op.resultWrapper ?? `${name}Result`;
      const inner = this.serializer(op.output)(output ?? {});
      result = inner === '' ? `<${wrapper}/>` : `<${wrapper}>${inner}</${wrapper}>`;
    }
    return (
      `<${name}Response${this.namespaceAttr}>${result}` +
      `<ResponseMetadata><RequestId>${escapeXmlText(requestId)}</RequestId></ResponseMetadata>` +
      `</${name}Response>`
    );
  }

  /** Only the members of `shape` for `value`, e.g. for snapshot tests or nested documents. */
  encodeShape(shape: Shape, value: unknown): string {
    return this.serializer(shape)(value);
  }

  private operation(name: string): Operation {
    const op = this.model.operations.get(name);
    if (!op) throw new Error(`${this.model.service} has no operation ${name}`);
    return op;
  }

  private serializer(shape: Shape): Serializer {
    let s = this.compiled.get(shape);
    if (!s) {
      // Register a forwarder first so recursive shapes terminate.
      let real: Serializer | undefined;
      this.compiled.set(shape, (v) => real!(v));
      real = this.compile(shape);
      this.compiled.set(shape, real);
      s = real;
    }
    return s;
  }

  private compile(shape: Shape): Serializer {
    switch (shape.type) {
      case 'structure':
        return this.compileStructure(shape);
      case 'list': {
        const itemTag = shape.member.locationName ?? 'member';
        const item = this.serializer(shape.member.shape);
        const open = `<${itemTag}>`;
        const close = `</${itemTag}>`;
        return (v) => {
          if (!Array.isArray(v)) return '';
          let out = '';
          for (const x of v) if (x !== undefined && x !== null) out += open + item(x) + close;
          return out;
        };
      }
      case 'map': {
        const keyTag = shape.key.locationName ?? 'key';
        const valueTag = shape.value.locationName ?? 'value';
        const key = this.serializer(shape.key.shape);
        const val = this.serializer(shape.value.shape);
        return (v) => {
          if (v === null || typeof v !== 'object') return '';
          const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as Record<string, unknown>);
          let out = '';
          for (const [k, x] of entries) {
            if (x === undefined || x === null) continue;
            out += `<entry><${keyTag}>${key(k)}</${keyTag}><${valueTag}>${val(x)}</${valueTag}></entry>`;
          }
          return out;
        };
      }
      case 'string':
        if (URL_ENCODED_SHAPES.has(shape.name)) return (v) => percentEncode(String(v));
        return (v) => escapeXmlText(String(v));
      case 'integer':
      case 'long':
        return (v) => (typeof v === 'bigint' ? v.toString() : String(Math.trunc(Number(v))));
      case 'double':
      case 'float':
        return (v) => String(Number(v));
      case 'boolean':
        return (v) => (v === true || v === 'true' ? 'true' : 'false');
      case 'timestamp': {
        const millis = this.precision === 'milliseconds-when-present';
        return (v) => formatIsoTimestamp(v, millis);
      }
      case 'blob':
        return (v) => toBuffer(v).toString('base64');
    }
  }

  private compileStructure(shape: StructureShape): Serializer {
    const parts = shape.members.map((m) => {
      const tag = m.locationName ?? m.name;
      const flattenedList = m.shape.type === 'list' && (m.flattened || m.shape.flattened);
      const flattenedMap = m.shape.type === 'map' && (m.flattened || m.shape.flattened);
      return {
        key: m.name,
        tag,
        open: `<${tag}>`,
        close: `</${tag}>`,
        empty: `<${tag}/>`,
        flattenedList,
        flattenedMap,
        shape: m.shape,
        ser: this.serializer(m.shape),
      };
    });
    return (v) => {
      if (v === null || typeof v !== 'object') return '';
      const rec = v as Record<string, unknown>;
      let out = '';
      for (const p of parts) {
        const x = rec[p.key];
        if (x === undefined || x === null) continue;
        if (p.flattenedList && p.shape.type === 'list') {
          // Flattened lists repeat the member element itself (none in IAM/STS; kept for generality).
          const item = this.serializer(p.shape.member.shape);
          if (Array.isArray(x)) for (const e of x) out += p.open + item(e) + p.close;
          continue;
        }
        const inner = p.ser(x);
        out += inner === '' && p.shape.type !== 'string' ? p.empty : p.open + inner + p.close;
      }
      return out;
    };
  }
}

const encoders = new WeakMap<ServiceModel, QueryEncoder>();

/** The (cached) encoder for a model with its default options. */
export function queryEncoderFor(model: ServiceModel): QueryEncoder {
  let e = encoders.get(model);
  if (!e) {
    e = new QueryEncoder(model);
    encoders.set(model, e);
  }
  return e;
}

/** Convenience: the success response (status 200, text/xml) of one operation. */
export function encodeQueryResponse(
  model: ServiceModel,
  operation: Operation | string,
  output: unknown,
  requestId: string,
): EncodedResponse {
  return {
    status: 200,
    contentType: XML_CONTENT_TYPE,
    body: queryEncoderFor(model).encodeResponse(operation, output, requestId),
  };
}

/** The Query error envelope; status and fault come from the error catalogue via AwsError. */
export function encodeQueryError(err: AwsError, requestId: string, namespace?: string): EncodedResponse {
  const ns = namespace ? ` xmlns="${escapeXmlAttr(namespace)}"` : '';
  const body =
    `<ErrorResponse${ns}><Error><Type>${err.fault}</Type><Code>${escapeXmlText(err.code)}</Code>` +
    `<Message>${escapeXmlText(err.message)}</Message></Error>` +
    `<RequestId>${escapeXmlText(requestId)}</RequestId></ErrorResponse>`;
  return { status: err.status, contentType: XML_CONTENT_TYPE, body };
}

/**
 * Any thrown value as an AwsError: AwsErrors pass through; anything else becomes a 500 with a bland
 * message (the caller logs the original; no internals reach the client).
 */
export function toAwsError(e: unknown, fallback: ErrorCode = 'ServiceFailure'): AwsError {
  if (isAwsError(e)) return e;
  return new AwsError(fallback, 'An internal error occurred. Please try again later.');
}

function escapeXmlAttr(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;');
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DDTHH:MM:SSZ` (UTC), with `.mmm` when asked and the value has milliseconds. */
export function formatIsoTimestamp(v: unknown, keepMillis = false): string {
  const d = toDate(v);
  const y = d.getUTCFullYear();
  const base =
    `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return keepMillis && ms !== 0 ? `${base}.${String(ms).padStart(3, '0')}Z` : `${base}Z`;
}

/** Dates, ISO strings and epoch seconds (numbers) are all accepted as timestamp values. */
export function toDate(v: unknown): Date {
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v * 1000) : new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${String(v)}`);
  return d;
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(String(v), 'utf8');
}
