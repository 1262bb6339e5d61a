/**
 * Which service and protocol a request is for. One endpoint serves IAM, STS and CloudTrail: the
 * JSON protocol (CloudTrail) is recognised by X-Amz-Target; for the Query protocol the service is
 * the SigV4 credential scope's, and the two STS calls AWS leaves unsigned are routed by Action.
 */
import { AwsError } from '../core/aws-error.js';
import { parseQueryString } from '../protocol/query-decode.js';
import { header, type IncomingRequest } from './http-types.js';

export type Protocol = 'query' | 'json';
export type RoutedService = 'iam' | 'sts' | 'cloudtrail';

/** The unsigned STS operations (their tokens authenticate the caller). */
export const UNSIGNED_ACTIONS: ReadonlyMap<string, RoutedService> = new Map([
  ['AssumeRoleWithWebIdentity', 'sts'],
  ['AssumeRoleWithSAML', 'sts'],
]);

const SERVICES: ReadonlySet<string> = new Set(['iam', 'sts', 'cloudtrail']);
const CREDENTIAL = /Credential=([^,\s]+)/;

/** What the headers and query string say, before the body is read. */
export interface PreRoute {
  readonly protocol: Protocol;
  /** The credential scope's service when it names one we serve; undefined when unsigned. */
  readonly scopeService: RoutedService | undefined;
  readonly signed: boolean;
}

export function preRoute(req: IncomingRequest): PreRoute {
  const authorization = header(req, 'authorization');
  let credential: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    credential = CREDENTIAL.exec(authorization)?.[1];
  } else if (/(^|&)X-Amz-(Credential|Signature)=/.test(req.query)) {
    credential = new URLSearchParams(req.query).get('X-Amz-Credential') ?? undefined;
  }
  const signed = (authorization !== undefined && authorization !== '') || credential !== undefined;
  const service = credential?.split('/')[3];
  const scopeService =
    service !== undefined && SERVICES.has(service) ? (service as RoutedService) : undefined;
  const protocol: Protocol = header(req, 'x-amz-target') !== undefined ? 'json' : 'query';
  return { protocol, scopeService, signed };
}

const FORM = 'application/x-www-form-urlencoded';

/** The Query parameters: the query string's, then the form body's. */
export function queryParameters(req: IncomingRequest, body: Buffer): [string, string][] {
  const fromQuery = req.query === '' ? [] : parseQueryString(req.query);
  if (body.length === 0) return fromQuery;
  const type = (header(req, 'content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type !== FORM) {
    throw new AwsError(
      'InvalidParameterValue',
      `Unsupported Content-Type '${header(req, 'content-type') ?? ''}': the Query API takes ${FORM} request bodies.`,
    );
  }
  return [...fromQuery, ...parseQueryString(body)];
}

/** The first value of a Query parameter. */
export const parameter = (pairs: readonly (readonly [string, string])[], name: string): string | undefined =>
  pairs.find(([k]) => k === name)?.[1];
