import type { AccountId } from '../domain/ids.js';
import type { SessionIssuer, SessionKind, SessionTag } from '../domain/session.js';
import type { SessionTokenCodec } from '../domain/session.js';
import type { RequestPrincipal } from '../policy/index.js';
import type { OperationDefinition, OperationInput, OperationOutput } from '../protocol/operation-registry.js';
import type { StoreTx } from '../store/store.js';

/** Who is calling, as authentication resolved it. */
export interface Caller {
  /** The account the caller belongs to (and, for IAM, acts in). */
  readonly accountId: AccountId;
  /** The caller as the policy engine sees it (type, ARN, account, role ARN of a session). */
  readonly principal: RequestPrincipal;
  /** `AIDA...` for users, `AROA...:session` for role sessions, the account id for root. */
  readonly principalId: string;
  /** Set for IAM users: their name (the default target of GetUser, ChangePassword, ...). */
  readonly userName?: string | undefined;
  /** The access key the request was signed with, when it was signed. */
  readonly accessKeyId?: string | undefined;
  /**
   * Set when the caller holds temporary credentials (an STS session, a console sign-in): what the
   * request context derives from them. Long-term access keys have none.
   */
  readonly session?: CallerSession | undefined;
}

/**
 * The facts of a temporary session that authorization sees. STS sessions extend this (session
 * policies, tags, source identity) as they land; a console sign-in sets the two fields below.
 */
export interface CallerSession {
  /** When the credentials were issued: aws:TokenIssueTime. */
  readonly issuedAt: Date;
  /**
   * When MFA was verified for these credentials. Present: aws:MultiFactorAuthPresent is true and
   * aws:MultiFactorAuthAge counts from it. Absent: aws:MultiFactorAuthPresent is false (AWS sets
   * the key only for temporary credentials; long-term keys leave it out).
   */
  readonly mfaAuthenticatedAt?: Date | undefined;
  /** STS sessions: what the session is (absent for a console sign-in). */
  readonly kind?: SessionKind | undefined;
  /** When the credentials stop working. */
  readonly expiresAt?: Date | undefined;
  /** assumedRole: the role (id, name, ARN with path). */
  readonly role?: { readonly id: string; readonly name: string; readonly arn: string } | undefined;
  /** assumedRole: RoleSessionName; federatedUser: its name. */
  readonly sessionName?: string | undefined;
  /** federatedUser: the user who called GetFederationToken (undefined: the root) and its id. */
  readonly userName?: string | undefined;
  readonly userId?: string | undefined;
  /**
   * Session policies (inline document, managed ARNs): present means a session gate applies (a
   * federated user without any has an empty gate, so no permissions, as in AWS).
   */
  readonly policies?: { readonly inline?: string | undefined; readonly arns: readonly string[] } | undefined;
  /** Session tags (they win over the role's tags as aws:PrincipalTag). */
  readonly tags?: readonly SessionTag[] | undefined;
  readonly transitiveTagKeys?: readonly string[] | undefined;
  /** aws:SourceIdentity. */
  readonly sourceIdentity?: string | undefined;
  /** The session this one was assumed from (role chaining caps the duration at one hour). */
  readonly chainedFrom?: string | undefined;
  /** Federated sessions: the identity provider behind it. */
  readonly issuer?: SessionIssuer | undefined;
}

/**
 * Seals secrets for storage. auth/ owns the encryption format and the record binding (AAD), so a
 * handler that creates a secret gets this capability instead of the master key or the format.
 */
export interface SecretSealer {
  /** The ciphertext to store for a new access key's secret, bound to its key id. */
  sealAccessKeySecret(accessKeyId: string, secretAccessKey: string): Buffer;
  /** The ciphertext to store for a virtual MFA device's Base32 seed, bound to its serial number. */
  sealMfaSeed(serialNumber: string, base32Seed: string): Buffer;
  /** The Base32 seed of a stored device (EnableMFADevice and ResyncMFADevice check codes with it). */
  openMfaSeed(serialNumber: string, sealed: Uint8Array): string;
}

/**
 * Time-based one-time codes (RFC 6238) for the handlers that provision and check virtual MFA
 * devices; auth/totp.ts implements them, so services carry no TOTP code of their own.
 */
export interface OneTimeCodes {
  /** A fresh Base32 seed from a CSPRNG. */
  newSeed(): string;
  /** The TOTP time step `at` falls in. */
  step(at: Date): number;
  /** The time steps within `window` steps of `at` whose code is `code` (compared in constant time). */
  matchingSteps(base32Seed: string, code: string, at: Date, window: number): number[];
  /** The otpauth:// URI for an authenticator app, and a PNG QR code of it. */
  provisioning(base32Seed: string, issuer: string, label: string): Promise<{ uri: string; png: Buffer }>;
}

/**
 * Password hashing for the handlers that set or check console passwords (auth/password-hash.ts
 * implements it), so services hold no hashing code and never store a password.
 */
export interface PasswordHashing {
  hash(password: string): Promise<string>;
  /** Constant-time; false for a malformed hash. */
  verify(password: string, encoded: string): Promise<boolean>;
}

/**
 * What an operation handler gets. The server builds it after authentication and authorization;
 * a handler never authorizes anything itself (authorization wraps every operation in one place).
 * Mutating handlers run inside one store transaction (`tx`); so do read-only ones (SQLite
 * serializes anyway), which keeps one shape for every handler.
 */
export interface OperationContext {
  readonly requestId: string;
  /** The request's time; handlers use it for CreateDate and the like, never `new Date()`. */
  readonly now: Date;
  readonly caller: Caller;
  /** The account the call acts in (the caller's, for IAM). */
  readonly accountId: AccountId;
  readonly partition: string;
  readonly tx: StoreTx;
  /** Set by the server; handlers that create secrets (CreateAccessKey) fail without it. */
  readonly secrets?: SecretSealer | undefined;
  /** Set by the server; the login profile handlers fail without it. */
  readonly passwords?: PasswordHashing | undefined;
  /** Set by the server; the virtual MFA handlers fail without it. */
  readonly otp?: OneTimeCodes | undefined;
  /** Set by the server: seals STS session tokens (sts/issue-session.ts). */
  readonly sessionTokens?: SessionTokenCodec | undefined;
  /** Set by the server: opens encoded authorization messages (DecodeAuthorizationMessage). */
  readonly authorizationMessages?: AuthorizationMessageCodec | undefined;
  /** When this request's own SerialNumber/TokenCode verified (AssumeRole, GetSessionToken). */
  readonly mfaVerifiedAt?: Date | undefined;
}

/** Seals and opens the blob AccessDenied messages carry (auth/ owns the format). */
export interface AuthorizationMessageCodec {
  seal(json: string): string;
  /** The JSON, or undefined when the blob is not one of ours. */
  open(blob: string): string | undefined;
}

/** An operation of Portcullis: a protocol registry definition bound to our handler context. */
export type PortcullisOperation<
  I extends OperationInput = OperationInput,
  O extends OperationOutput = OperationOutput,
> = OperationDefinition<I, O, OperationContext>;
