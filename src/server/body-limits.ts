/**
 * Request body caps. The operation is unknown until the body is parsed, so the body is first read
 * under the largest cap any operation needs, and the operation's own cap applies once its Action
 * is known. Both answer AWS's RequestEntityTooLarge (413).
 */
import { AwsError } from '../core/aws-error.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * CreateSAMLProvider and UpdateSAMLProvider take up to 10,000,000 characters of metadata (the
 * model's SAMLMetadataDocumentType); form encoding makes XML longer, hence the margin.
 */
export const MAX_BODY_BYTES = 16 * MiB;

/** Enough for every other operation: the largest policy document (10,240 characters) form-encoded is ~30 KB. */
export const DEFAULT_OPERATION_BODY_BYTES = 256 * KiB;

const OPERATION_BODY_BYTES: Readonly<Record<string, number>> = {
  CreateSAMLProvider: MAX_BODY_BYTES,
  UpdateSAMLProvider: MAX_BODY_BYTES,
  // Certificate chains may reach 2,097,152 characters.
  UploadServerCertificate: 8 * MiB,
};

export const operationBodyLimit = (operation: string): number =>
  OPERATION_BODY_BYTES[operation] ?? DEFAULT_OPERATION_BODY_BYTES;

export const tooLarge = (size: number, limit: number, operation?: string): AwsError =>
  new AwsError(
    'RequestEntityTooLarge',
    `Request body of ${size} bytes exceeds the limit of ${limit} bytes${operation ? ` for ${operation}` : ''}.`,
  );

export function checkOperationBodySize(operation: string, size: number): void {
  const limit = operationBodyLimit(operation);
  if (size > limit) throw tooLarge(size, limit, operation);
}
