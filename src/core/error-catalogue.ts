/**
 * The one table of AWS error codes Portcullis emits: wire code, HTTP status and fault.
 * The protocol layer renders these; nothing else decides a status code.
 */
export type Fault = 'Sender' | 'Receiver';

export interface ErrorSpec {
  readonly status: number;
  readonly fault: Fault;
}

const sender = (status: number): ErrorSpec => ({ status, fault: 'Sender' });
const receiver = (status: number): ErrorSpec => ({ status, fault: 'Receiver' });

export const ERROR_CATALOGUE = {
  // IAM modeled errors
  NoSuchEntity: sender(404),
  EntityAlreadyExists: sender(409),
  LimitExceeded: sender(409),
  DeleteConflict: sender(409),
  EntityTemporarilyUnmodifiable: sender(409),
  ConcurrentModification: sender(409),
  MalformedPolicyDocument: sender(400),
  InvalidInput: sender(400),
  PasswordPolicyViolation: sender(400),
  InvalidUserType: sender(400),
  InvalidAuthenticationCode: sender(403),
  UnmodifiableEntity: sender(400),
  PolicyNotAttachable: sender(400),
  PolicyEvaluation: receiver(500),
  ServiceFailure: receiver(500),
  ReportInProgress: sender(404),
  ReportNotPresent: sender(410),
  ReportExpired: sender(410),
  ReportGenerationLimitExceeded: sender(409),
  NotSupportedService: sender(404),
  DuplicateCertificate: sender(409),
  DuplicateSSHPublicKey: sender(400),
  MalformedCertificate: sender(400),
  InvalidCertificate: sender(400),
  KeyPairMismatch: sender(400),
  InvalidPublicKey: sender(400),
  UnrecognizedPublicKeyEncoding: sender(400),
  OpenIdIdpCommunicationError: sender(400),
  FeatureDisabled: sender(404),
  FeatureEnabled: sender(409),
  // STS modeled errors (wire codes as AWS sends them)
  PackedPolicyTooLarge: sender(400),
  IDPRejectedClaim: sender(403),
  InvalidIdentityToken: sender(400),
  IDPCommunicationError: sender(400),
  ExpiredTokenException: sender(400),
  RegionDisabledException: sender(403),
  InvalidAuthorizationMessageException: sender(400),
  // Generic Query-protocol errors
  ValidationError: sender(400),
  InvalidAction: sender(400),
  MissingAction: sender(400),
  MissingParameter: sender(400),
  InvalidParameterValue: sender(400),
  InvalidParameterCombination: sender(400),
  InvalidQueryParameter: sender(400),
  MalformedQueryString: sender(404),
  AccessDenied: sender(403),
  IncompleteSignature: sender(400),
  InvalidClientTokenId: sender(403),
  MissingAuthenticationToken: sender(403),
  SignatureDoesNotMatch: sender(403),
  ExpiredToken: sender(403),
  RequestExpired: sender(400),
  RequestEntityTooLarge: sender(413),
  Throttling: sender(400),
  InternalFailure: receiver(500),
  ServiceUnavailable: receiver(503),
  // CloudTrail (JSON 1.1) errors
  InvalidLookupAttributesException: sender(400),
  InvalidTimeRangeException: sender(400),
  InvalidMaxResultsException: sender(400),
  InvalidNextTokenException: sender(400),
  InvalidEventCategoryException: sender(400),
  UnsupportedOperationException: sender(400),
  OperationNotPermittedException: sender(400),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
