/**
 * The one place where a failure becomes a response: AwsErrors in the envelope of the request's
 * protocol (Query XML with the service's namespace, or JSON 1.1); anything else is a bug or an
 * outage, logged in full here and answered as a bare 500 ServiceFailure with the request id.
 */
import { AwsError, isAwsError } from '../core/aws-error.js';
import { encodeJsonError } from '../protocol/json-codec.js';
import type { ServiceModel } from '../protocol/model.js';
import { encodeQueryError } from '../protocol/query-encode.js';
import type { Logger } from './logger.js';
import type { Protocol } from './routing.js';

export interface ErrorScene {
  readonly requestId: string;
  readonly protocol: Protocol;
  /** The service the request was routed to (its namespace / content type); IAM when unknown. */
  readonly model: ServiceModel;
  /** What to log beside an unexpected error. */
  readonly request: Readonly<Record<string, unknown>>;
}

export interface RenderedError {
  readonly error: AwsError;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export function renderError(thrown: unknown, scene: ErrorScene, logger: Logger): RenderedError {
  let error: AwsError;
  if (isAwsError(thrown)) {
    error = thrown;
    if (error.status >= 500)
      logger.error({ err: error, requestId: scene.requestId, ...scene.request }, 'request failed');
  } else {
    logger.error({ err: thrown, requestId: scene.requestId, ...scene.request }, 'unexpected error');
    error = new AwsError('ServiceFailure', `An internal error occurred (request id ${scene.requestId}).`);
  }
  const encoded =
    scene.protocol === 'json'
      ? encodeJsonError(error, scene.model)
      : encodeQueryError(error, scene.requestId, scene.model.metadata.xmlNamespace);
  return { error, status: encoded.status, contentType: encoded.contentType, body: encoded.body };
}
