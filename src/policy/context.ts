/**
 * What a request looks like to the engine. The engine never reads a clock: the current time
 * arrives as the `aws:CurrentTime` / `aws:EpochTime` context keys.
 */

/** AWS's ContextKeyType names (SimulatePolicy's ContextEntry.ContextKeyType). */
export type ContextKeyType =
  | 'string'
  | 'stringList'
  | 'numeric'
  | 'numericList'
  | 'boolean'
  | 'booleanList'
  | 'date'
  | 'dateList'
  | 'ip'
  | 'ipList'
  | 'binary'
  | 'binaryList';

/**
 * A context value. Scalars and lists are both held as arrays of strings (the way AWS presents
 * them to condition operators); `multi` says whether the key is multi-valued (a `...List` type),
 * which is what ForAllValues/ForAnyValue and the single-valued operators care about.
 */
export interface ContextValue {
  readonly type: ContextKeyType;
  readonly multi: boolean;
  readonly values: readonly string[];
}

export type PrincipalType =
  | 'root'
  | 'user'
  | 'assumedRole'
  | 'federatedUser'
  | 'service'
  | 'webIdentity'
  | 'saml'
  | 'anonymous';

export interface RequestPrincipal {
  readonly type: PrincipalType;
  /** The caller's ARN: `arn:aws:iam::111122223333:user/alice`, `arn:aws:sts::...:assumed-role/R/s`. */
  readonly arn: string;
  /** The 12-digit account the principal belongs to (empty for services and anonymous callers). */
  readonly account: string;
  /**
   * For an assumed-role session, the role's own ARN (`arn:aws:iam::...:role/path/R`), which a
   * resource policy may name instead of the session ARN. Undefined otherwise.
   */
  readonly roleArn?: string | undefined;
  /** For `service` principals, the service name (`ec2.amazonaws.com`). */
  readonly service?: string | undefined;
  /** For web identity / SAML principals, the provider (`arn:aws:iam::...:oidc-provider/host`, `cognito-identity.amazonaws.com`). */
  readonly federatedProvider?: string | undefined;
}

export interface RequestContext {
  /** `service:Action`, e.g. `iam:GetUser` (compared case-insensitively). */
  readonly action: string;
  /** The resource ARN (or `*` for actions without a resource). Compared case-sensitively. */
  readonly resource: string;
  /** The account that owns the resource; same-account vs cross-account rules depend on it. */
  readonly resourceAccount: string;
  readonly principal: RequestPrincipal;
  /** Condition keys, lower-cased names (`aws:sourceip`). Build with `contextKeys()`. */
  readonly keys: ReadonlyMap<string, ContextValue>;
}

const LIST_TYPES = new Set<ContextKeyType>([
  'stringList',
  'numericList',
  'booleanList',
  'dateList',
  'ipList',
  'binaryList',
]);

export const isListType = (t: ContextKeyType): boolean => LIST_TYPES.has(t);

/** Builds a key map from `{name: value}` where a value is a string, a list, or a typed value. */
export function contextKeys(
  entries: Record<string, string | readonly string[] | ContextValue>,
): Map<string, ContextValue> {
  const map = new Map<string, ContextValue>();
  for (const [name, v] of Object.entries(entries)) {
    map.set(name.toLowerCase(), toContextValue(v));
  }
  return map;
}

export function toContextValue(v: string | readonly string[] | ContextValue): ContextValue {
  if (typeof v === 'string') return { type: 'string', multi: false, values: [v] };
  if (Array.isArray(v)) return { type: 'stringList', multi: true, values: v as readonly string[] };
  return v as ContextValue;
}
