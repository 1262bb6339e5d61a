/**
 * The normalized form of a policy document. `parse.ts` builds it from the wire JSON after full
 * validation; the compiler and evaluator see only this form. Every list is non-empty where AWS
 * requires it, every name is in the case AWS compares it in.
 */

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** Where a document is used; validation rules differ (e.g. Principal required or forbidden). */
export type PolicyKind =
  | 'identity' // attached or inline on a user, group or role
  | 'resource' // a resource-based policy (bucket policy, key policy...)
  | 'trust' // a role's assume-role policy (a resource policy on the role)
  | 'boundary' // a permissions boundary
  | 'session' // a session policy passed to AssumeRole / GetFederationToken
  | 'scp' // an Organizations service control policy
  | 'rcp'; // an Organizations resource control policy

export type Effect = 'Allow' | 'Deny';

/** Action or NotAction. Patterns are lower-cased `service:action` globs (`*` and `?`). */
export interface ActionBlock {
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

/** Resource or NotResource. Patterns keep their case (resources match case-sensitively). */
export interface ResourceBlock {
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

/**
 * Principal or NotPrincipal. `"Principal": "*"` sets `wildcard`; `{"AWS": "*"}` also sets it for
 * the AWS family. Account ids given bare (`123456789012`) are normalized to their root ARN.
 */
export interface PrincipalBlock {
  readonly negated: boolean;
  readonly wildcard: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

export type ConditionQualifier = 'ForAllValues' | 'ForAnyValue';

/** One key under one operator: `"StringLike": {"aws:username": ["a*", "b*"]}`. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The base operator without qualifier or IfExists, e.g. `StringLike`. */
  readonly base: ConditionOperatorName;
  readonly qualifier: ConditionQualifier | undefined;
  readonly ifExists: boolean;
  /** The key as written. */
  readonly key: string;
  /** The key lower-cased: condition keys are case-insensitive. */
  readonly keyLower: string;
  /** Values as strings (AWS accepts JSON strings, numbers and booleans here). */
  readonly values: readonly string[];
}

export type ConditionOperatorName =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null';

export interface Statement {
  /** Position in the Statement array (0 when Statement was a single object). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly action: ActionBlock;
  /** Absent only in trust policies, where AWS allows omitting Resource. */
  readonly resource: ResourceBlock | undefined;
  /** Present only in resource, trust and RCP documents. */
  readonly principal: PrincipalBlock | undefined;
  readonly conditions: readonly ConditionClause[];
}

export interface Policy {
  /** Caller-chosen identity used in explanations (a policy ARN, `user/alice/inline/name`, a file name). */
  readonly id: string;
  readonly kind: PolicyKind;
  readonly version: PolicyVersion;
  /** The document's Id element, if any. */
  readonly documentId: string | undefined;
  readonly statements: readonly Statement[];
}
