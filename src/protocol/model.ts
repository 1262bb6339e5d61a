/**
 * Botocore service models (models/*.json) loaded into linked, typed shapes. The codecs walk these
 * objects directly, so every member reference is resolved to its shape once, at load time.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'iam' | 'sts' | 'cloudtrail';

export interface ShapeCommon {
  readonly name: string;
  readonly sensitive: boolean;
}

export interface StringShape extends ShapeCommon {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** The model's (Java-style) pattern text, as AWS quotes it in error messages. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape extends ShapeCommon {
  readonly type: 'integer' | 'long' | 'double' | 'float';
  readonly min?: number;
  readonly max?: number;
  readonly box: boolean;
}

export interface BooleanShape extends ShapeCommon {
  readonly type: 'boolean';
  readonly box: boolean;
}

export interface TimestampShape extends ShapeCommon {
  readonly type: 'timestamp';
  readonly timestampFormat?: string;
}

export interface BlobShape extends ShapeCommon {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
}

export interface MemberRef {
  /** Member name in the model (`UserName`); for list/map members, 'member' / 'key' / 'value'. */
  readonly name: string;
  readonly shape: Shape;
  readonly locationName?: string;
  readonly xmlName?: string;
  readonly queryName?: string;
  readonly flattened: boolean;
  readonly deprecated: boolean;
}

export interface ListShape extends ShapeCommon {
  readonly type: 'list';
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened: boolean;
}

export interface MapShape extends ShapeCommon {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened: boolean;
}

export interface ErrorTrait {
  readonly code: string;
  readonly httpStatusCode: number;
  readonly senderFault: boolean;
}

export interface StructureShape extends ShapeCommon {
  readonly type: 'structure';
  /** Members in model order. */
  readonly members: readonly MemberRef[];
  readonly memberByName: ReadonlyMap<string, MemberRef>;
  readonly required: ReadonlySet<string>;
  readonly union: boolean;
  readonly error?: ErrorTrait;
  readonly exception: boolean;
}

export type Shape =
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape
  | ListShape
  | MapShape
  | StructureShape;

export type ShapeType = Shape['type'];

export interface Operation {
  readonly name: string;
  readonly input?: StructureShape;
  readonly output?: StructureShape;
  /** `CreateUserResult` for Query operations; absent for JSON ones. */
  readonly resultWrapper?: string;
  /** Error structures the model declares for the operation. */
  readonly errors: readonly StructureShape[];
  readonly http: { readonly method: string; readonly requestUri: string };
}

export interface ServiceMetadata {
  readonly protocol: 'query' | 'json';
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly signingName: string;
  readonly serviceId: string;
  readonly xmlNamespace?: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
}

export interface ServiceModel {
  readonly service: string;
  readonly metadata: ServiceMetadata;
  readonly operations: ReadonlyMap<string, Operation>;
  readonly shapes: ReadonlyMap<string, Shape>;
}

// ---- raw botocore JSON ----------------------------------------------------------------------

interface RawMemberRef {
  shape: string;
  locationName?: string;
  xmlName?: string;
  queryName?: string;
  flattened?: boolean;
  deprecated?: boolean;
}

interface RawShape {
  type: string;
  members?: Record<string, RawMemberRef>;
  member?: RawMemberRef;
  key?: RawMemberRef;
  value?: RawMemberRef;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  box?: boolean;
  union?: boolean;
  flattened?: boolean;
  timestampFormat?: string;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
}

interface RawModel {
  metadata: Record<string, unknown>;
  operations: Record<
    string,
    {
      name: string;
      http?: { method?: string; requestUri?: string };
      input?: { shape: string };
      output?: { shape: string; resultWrapper?: string };
      errors?: { shape: string }[];
    }
  >;
  shapes: Record<string, RawShape>;
}

const SCALAR_TYPES = new Set([
  'string',
  'integer',
  'long',
  'double',
  'float',
  'boolean',
  'timestamp',
  'blob',
]);

/** Turns a parsed botocore service-2.json document into linked shapes. */
export function parseServiceModel(service: string, raw: unknown): ServiceModel {
  const doc = raw as RawModel;
  if (!doc || typeof doc !== 'object' || !doc.shapes || !doc.operations || !doc.metadata) {
    throw new Error(`${service}: not a botocore service model`);
  }
  const shapes = new Map<string, Shape>();
  // Pass 1: create every shape object; members are filled in pass 2 so recursion is fine.
  const pending: [RawShape, Shape][] = [];
  for (const [name, rs] of Object.entries(doc.shapes)) {
    const common = { name, sensitive: rs.sensitive === true };
    let shape: Shape;
    switch (rs.type) {
      case 'string':
        shape = { ...common, type: 'string', ...bounds(rs), pattern: rs.pattern, enum: rs.enum };
        break;
      case 'integer':
      case 'long':
      case 'double':
      case 'float':
        shape = { ...common, type: rs.type, ...bounds(rs), box: rs.box === true };
        break;
      case 'boolean':
        shape = { ...common, type: 'boolean', box: rs.box === true };
        break;
      case 'timestamp':
        shape = { ...common, type: 'timestamp', timestampFormat: rs.timestampFormat };
        break;
      case 'blob':
        shape = { ...common, type: 'blob', ...bounds(rs) };
        break;
      case 'list':
      case 'map':
      case 'structure':
        // placeholders, linked below
        shape = { ...common, type: rs.type } as Shape;
        break;
      default:
        throw new Error(`${service}: shape ${name} has unsupported type ${rs.type}`);
    }
    stripUndefined(shape);
    shapes.set(name, shape);
    if (!SCALAR_TYPES.has(rs.type)) pending.push([rs, shape]);
  }
  const ref = (owner: string, memberName: string, r: RawMemberRef | undefined): MemberRef => {
    if (!r) throw new Error(`${service}: ${owner}.${memberName} has no shape`);
    const target = shapes.get(r.shape);
    if (!target) throw new Error(`${service}: ${owner}.${memberName} targets unknown shape ${r.shape}`);
    const m: MemberRef = {
      name: memberName,
      shape: target,
      locationName: r.locationName,
      xmlName: r.xmlName,
      queryName: r.queryName,
      flattened: r.flattened === true,
      deprecated: r.deprecated === true,
    };
    stripUndefined(m);
    return m;
  };
  for (const [rs, shape] of pending) {
    const s = shape as unknown as Record<string, unknown>;
    if (rs.type === 'list') {
      Object.assign(s, { member: ref(shape.name, 'member', rs.member), flattened: rs.flattened === true });
      Object.assign(s, bounds(rs));
    } else if (rs.type === 'map') {
      Object.assign(s, {
        key: ref(shape.name, 'key', rs.key),
        value: ref(shape.name, 'value', rs.value),
        flattened: rs.flattened === true,
      });
      Object.assign(s, bounds(rs));
    } else {
      const members = Object.entries(rs.members ?? {}).map(([n, r]) => ref(shape.name, n, r));
      const error = rs.error
        ? {
            code: rs.error.code ?? shape.name,
            httpStatusCode: rs.error.httpStatusCode ?? 400,
            senderFault: rs.error.senderFault === true,
          }
        : undefined;
      Object.assign(s, {
        members,
        memberByName: new Map(members.map((m) => [m.name, m])),
        required: new Set(rs.required ?? []),
        union: rs.union === true,
        exception: rs.exception === true,
      });
      if (error) s.error = error;
    }
    stripUndefined(s);
  }

  const structure = (opName: string, name: string | undefined): StructureShape | undefined => {
    if (name === undefined) return undefined;
    const s = shapes.get(name);
    if (s?.type !== 'structure') throw new Error(`${service}: ${opName} refers to non-structure ${name}`);
    return s;
  };
  const operations = new Map<string, Operation>();
  for (const [name, ro] of Object.entries(doc.operations)) {
    const op: Operation = {
      name: ro.name ?? name,
      input: structure(name, ro.input?.shape),
      output: structure(name, ro.output?.shape),
      resultWrapper: ro.output?.resultWrapper,
      errors: (ro.errors ?? []).map((e) => structure(name, e.shape)!),
      http: { method: ro.http?.method ?? 'POST', requestUri: ro.http?.requestUri ?? '/' },
    };
    stripUndefined(op);
    operations.set(name, op);
  }

  const md = doc.metadata;
  const str = (k: string): string | undefined => (typeof md[k] === 'string' ? (md[k] as string) : undefined);
  const protocol = str('protocol');
  if (protocol !== 'query' && protocol !== 'json') {
    throw new Error(`${service}: unsupported protocol ${String(protocol)}`);
  }
  const endpointPrefix = str('endpointPrefix') ?? service;
  const metadata: ServiceMetadata = {
    protocol,
    apiVersion: str('apiVersion') ?? '',
    endpointPrefix,
    signingName: str('signingName') ?? endpointPrefix,
    serviceId: str('serviceId') ?? service,
    xmlNamespace: str('xmlNamespace'),
    targetPrefix: str('targetPrefix'),
    jsonVersion: str('jsonVersion'),
  };
  stripUndefined(metadata);
  return { service, metadata, operations, shapes };
}

function bounds(rs: RawShape): { min?: number; max?: number } {
  const b: { min?: number; max?: number } = {};
  if (typeof rs.min === 'number') b.min = rs.min;
  if (typeof rs.max === 'number') b.max = rs.max;
  return b;
}

function stripUndefined(o: object): void {
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
}

// ---- loading from models/ ------------------------------------------------------------------

const MODEL_FILES: Record<ServiceName, string> = {
  iam: 'iam-2010-05-08.json',
  sts: 'sts-2011-06-15.json',
  cloudtrail: 'cloudtrail-2013-11-01.json',
};

let packageRoot: string | undefined;

/**
 * The directory holding package.json, found by walking up from this module. Works from src/ (tsx,
 * vitest) and from dist/src/ after tsc alike, since both sit below the package root.
 */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models'))) {
      packageRoot = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package root (package.json with models/) above ${from}`);
    dir = up;
  }
}

const cache = new Map<ServiceName, ServiceModel>();

/** The service's model, read from models/ once per process. */
export function loadServiceModel(service: ServiceName): ServiceModel {
  const hit = cache.get(service);
  if (hit) return hit;
  const file = join(findPackageRoot(), 'models', MODEL_FILES[service]);
  const model = parseServiceModel(service, JSON.parse(readFileSync(file, 'utf8')));
  cache.set(service, model);
  return model;
}

/** The member's wire name in Query requests and XML (locationName, else the member name). */
export const wireName = (m: MemberRef): string => m.locationName ?? m.name;
