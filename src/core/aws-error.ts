import { ERROR_CATALOGUE, type ErrorCode, type Fault } from './error-catalogue.js';

/**
 * The one error family thrown outside the policy engine. It carries an AWS wire code; status and
 * fault come from the catalogue, so a handler cannot invent a status.
 */
export class AwsError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fault: Fault;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    const spec = ERROR_CATALOGUE[code];
    this.status = spec.status;
    this.fault = spec.fault;
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;
