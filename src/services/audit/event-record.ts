/**
 * The CloudTrail record of one call (eventVersion 1.08). Everything an event says about its
 * caller comes from `userIdentity` below, the one mapping from Caller (and Caller.session) to
 * CloudTrail's userIdentity; request and response bodies pass through core/redact.ts, the one
 * redaction function, so no secret reaches the trail.
 */
import { randomUUID } from 'node:crypto';
import { REDACTED, redact } from '../../core/redact.js';
import { canonicalJson } from '../../domain/audit-chain.js';
import type { AccountId } from '../../domain/ids.js';
import type { AuditResource, NewAuditEvent } from '../../store/audit-repo.js';
import type { Caller } from '../operation-context.js';

export type AuditService = 'iam' | 'sts' | 'cloudtrail' | 'signin';

/** One call, as the pipeline (or the console sign-in) saw it. */
export interface AuditCall {
  readonly requestId: string;
  readonly time: Date;
  /** Absent for a refused unauthenticated request. */
  readonly caller?: Caller | undefined;
  readonly service: AuditService;
  /** The action; `Unknown` when the request named none. */
  readonly eventName: string;
  /** The region the request was signed for (STS and CloudTrail are regional; IAM is us-east-1). */
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent?: string | undefined;
  readonly readOnly: boolean;
  readonly input?: unknown;
  /** Recorded for mutations only: CloudTrail leaves responseElements null for reads. */
  readonly output?: unknown;
  readonly error?: { readonly code: string; readonly message: string } | undefined;
  /** The ARN the call was authorized against, when known (`*` for account-wide calls). */
  readonly resourceArn?: string | undefined;
  /** AwsConsoleSignIn for sign-in events; AwsApiCall otherwise. */
  readonly eventType?: 'AwsApiCall' | 'AwsConsoleSignIn' | undefined;
  /** Overrides for events that are not calls (the unauthenticated summary). */
  readonly additionalEventData?: Record<string, unknown> | undefined;
  readonly accountId?: AccountId | undefined;
}

const SOURCES: Record<AuditService, string> = {
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  signin: 'signin.amazonaws.com',
};

/** CloudTrail's userIdentity for a caller: the one place Caller maps to the record. */
export function userIdentity(caller: Caller | undefined): Record<string, unknown> {
  if (caller === undefined || caller.principal.type === 'anonymous') return { type: 'Unknown' };
  const p = caller.principal;
  const base = {
    principalId: caller.principalId,
    arn: p.arn,
    accountId: caller.accountId,
    ...(caller.accessKeyId !== undefined && { accessKeyId: caller.accessKeyId }),
  };
  const session = caller.session && sessionContext(caller);
  switch (p.type) {
    case 'root':
      return { type: 'Root', ...base, ...session };
    case 'user':
      return { type: 'IAMUser', ...base, userName: caller.userName, ...session };
    case 'assumedRole':
      return { type: 'AssumedRole', ...base, ...session };
    case 'federatedUser':
      return { type: 'FederatedUser', ...base, ...session };
    default:
      return { type: 'Unknown', ...base };
  }
}

/** userIdentity.sessionContext (and webIdFederationData) from Caller.session. */
function sessionContext(caller: Caller): Record<string, unknown> {
  const session = caller.session!;
  const p = caller.principal;
  const roleArn = session.role?.arn ?? p.roleArn;
  let issuer: Record<string, unknown> | undefined;
  if (roleArn !== undefined) {
    issuer = {
      type: 'Role',
      principalId: session.role?.id ?? caller.principalId.split(':')[0],
      arn: roleArn,
      accountId: caller.accountId,
      userName: session.role?.name ?? roleArn.slice(roleArn.lastIndexOf('/') + 1),
    };
  } else if (session.kind === 'federatedUser') {
    issuer =
      session.userName === undefined
        ? {
            type: 'Root',
            principalId: caller.accountId,
            arn: `arn:aws:iam::${caller.accountId}:root`,
            accountId: caller.accountId,
          }
        : {
            type: 'IAMUser',
            principalId: session.userId,
            arn: `arn:aws:iam::${caller.accountId}:user/${session.userName}`,
            accountId: caller.accountId,
            userName: session.userName,
          };
  }
  return {
    sessionContext: {
      attributes: {
        creationDate: session.issuedAt.toISOString(),
        mfaAuthenticated: String(session.mfaAuthenticatedAt !== undefined),
      },
      ...(issuer && { sessionIssuer: issuer }),
      ...(session.sourceIdentity !== undefined && { sourceIdentity: session.sourceIdentity }),
      ...(session.issuer && {
        webIdFederationData: { federatedProvider: session.issuer.provider, attributes: {} },
      }),
    },
  };
}

/**
 * The caller of a successful AssumeRoleWithWebIdentity or AssumeRoleWithSAML, which carries no
 * AWS credentials: CloudTrail's WebIdentityUser / SAMLUser, from the verified token the response
 * reports. The event belongs to the role's account. Undefined for every other call.
 */
function federatedCaller(
  call: AuditCall,
): { identity: Record<string, unknown>; accountId: AccountId | undefined } | undefined {
  if (call.caller !== undefined || call.error !== undefined || call.service !== 'sts') return undefined;
  const out = (call.output ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // Unsigned calls are not authorized against a resource: the role ARN comes from the input.
  const roleArn = str((call.input as Record<string, unknown> | undefined)?.RoleArn) ?? '';
  const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn)?.[1] as AccountId | undefined;
  if (call.eventName === 'AssumeRoleWithWebIdentity') {
    const provider = str(out.Provider);
    const subject = str(out.SubjectFromWebIdentityToken);
    const audience = str(out.Audience);
    if (provider === undefined || subject === undefined) return undefined;
    return {
      identity: {
        type: 'WebIdentityUser',
        principalId: `${provider}:${audience ?? ''}:${subject}`,
        userName: subject,
        identityProvider: provider,
      },
      accountId: account,
    };
  }
  if (call.eventName === 'AssumeRoleWithSAML') {
    const subject = str(out.Subject);
    const qualifier = str(out.NameQualifier);
    if (subject === undefined) return undefined;
    return {
      identity: {
        type: 'SAMLUser',
        principalId: `${qualifier ?? ''}:${subject}`,
        userName: subject,
        identityProvider: str(out.Issuer) ?? '',
      },
      accountId: account,
    };
  }
  return undefined;
}

/** The name LookupEvents' Username attribute matches: the user, the role session, or `root`. */
export function lookupUserName(caller: Caller | undefined): string | undefined {
  return caller === undefined ? undefined : userNameOfIdentity(userIdentity(caller));
}

/** The same name, read back from a record's userIdentity (audit verify checks the column). */
export function userNameOfIdentity(identity: unknown): string | undefined {
  const id = (identity ?? {}) as { type?: unknown; userName?: unknown; arn?: unknown };
  if (id.type === 'Root') return 'root';
  if (id.type === 'IAMUser') return typeof id.userName === 'string' ? id.userName : undefined;
  if (id.type === 'WebIdentityUser' || id.type === 'SAMLUser') {
    return typeof id.userName === 'string' ? id.userName : undefined;
  }
  if ((id.type === 'AssumedRole' || id.type === 'FederatedUser') && typeof id.arn === 'string') {
    return id.arn.slice(id.arn.lastIndexOf('/') + 1);
  }
  return undefined;
}

/** The principal access advisor attributes a call to: the user, the role of a session, the root. */
function accessPrincipal(caller: Caller): string | undefined {
  const p = caller.principal;
  if (p.type === 'assumedRole') return p.roleArn ?? p.arn;
  if (p.type === 'root' || p.type === 'user' || p.type === 'federatedUser') return p.arn;
  return undefined;
}

/** Top-level members to lower camel case (CloudTrail's spelling: `UserName` -> `userName`). */
export function camelCase(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(camelCase);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k.charAt(0).toLowerCase() + k.slice(1)] = camelCase(v);
  }
  return out;
}

const redacted = (value: unknown): unknown => (value === undefined ? null : camelCase(redact(value)));

const RESOURCE_MEMBERS: readonly [string, string][] = [
  ['UserName', 'AWS::IAM::User'],
  ['GroupName', 'AWS::IAM::Group'],
  ['RoleName', 'AWS::IAM::Role'],
  ['PolicyArn', 'AWS::IAM::Policy'],
  ['InstanceProfileName', 'AWS::IAM::InstanceProfile'],
  ['AccessKeyId', 'AWS::IAM::AccessKey'],
  ['RoleArn', 'AWS::IAM::Role'],
];

const ARN_TYPES: Record<string, string> = {
  user: 'AWS::IAM::User',
  group: 'AWS::IAM::Group',
  role: 'AWS::IAM::Role',
  policy: 'AWS::IAM::Policy',
  'instance-profile': 'AWS::IAM::InstanceProfile',
  'assumed-role': 'AWS::STS::AssumedRole',
};

/** LookupEvents' Resources: the authorized ARN plus the entities the input and output name. */
export function resourcesOf(call: AuditCall): AuditResource[] {
  const out: AuditResource[] = [];
  const arn = call.resourceArn;
  if (arn !== undefined && arn !== '*') {
    const resource = arn.split(':').slice(5).join(':');
    const kind = resource.split('/')[0] ?? '';
    const type = ARN_TYPES[kind];
    if (type !== undefined) out.push({ type, name: arn });
  }
  for (const bag of [call.input, call.error ? undefined : call.output]) {
    collect(bag, out, 0);
  }
  // One entry per resource, in a fixed order (audit verify compares them with the record's).
  const unique = new Map(out.map((r) => [`${r.type}\0${r.name}`, r]));
  return [...unique.keys()].sort().map((k) => unique.get(k)!);
}

function collect(value: unknown, out: AuditResource[], depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 2) return;
  for (const [member, type] of RESOURCE_MEMBERS) {
    const v = (value as Record<string, unknown>)[member];
    if (typeof v === 'string' && v !== '') out.push({ type, name: v });
  }
  for (const v of Object.values(value))
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) collect(v, out, depth + 1);
}

/** The CloudTrail record and the columns the store indexes. */
export function auditEvent(call: AuditCall): NewAuditEvent {
  const caller = call.caller;
  const authenticated = caller !== undefined && caller.principal.type !== 'anonymous';
  const federated = federatedCaller(call);
  const accountId: AccountId | '' =
    call.accountId ?? (authenticated ? caller.accountId : (federated?.accountId ?? ''));
  const eventId = randomUUID();
  const source = SOURCES[call.service];
  const region = call.service === 'iam' || call.service === 'signin' ? 'us-east-1' : call.region;
  const record = {
    eventVersion: '1.08',
    userIdentity: federated?.identity ?? userIdentity(caller),
    eventTime: isoSeconds(call.time),
    eventSource: source,
    eventName: call.eventName,
    awsRegion: region,
    sourceIPAddress: call.sourceIp,
    userAgent: (call.userAgent ?? '').slice(0, 1000),
    ...(call.error && { errorCode: call.error.code, errorMessage: call.error.message.slice(0, 1000) }),
    requestParameters: call.input === undefined ? null : redacted(call.input),
    // Sign-in events keep AWS's spelling, `{"ConsoleLogin": "Success" | "Failure"}`, either way.
    responseElements:
      call.eventType === 'AwsConsoleSignIn'
        ? (redact(call.output) ?? null)
        : call.readOnly || call.error
          ? null
          : redacted(call.output),
    ...(call.additionalEventData && { additionalEventData: call.additionalEventData }),
    requestID: call.requestId,
    eventID: eventId,
    readOnly: call.readOnly,
    eventType: call.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  const accessKeyId = authenticated ? caller.accessKeyId : undefined;
  const resources = resourcesOf(call);
  return {
    accountId,
    eventId,
    eventTime: call.time,
    eventName: call.eventName,
    eventSource: source,
    userName: authenticated ? lookupUserName(caller) : federated && userNameOfIdentity(federated.identity),
    accessKeyId,
    readOnly: call.readOnly,
    resources,
    record: canonicalJson({ ...record, resources: resources.map((r) => ({ type: r.type, ARN: r.name })) }),
    ...(authenticated &&
      accessPrincipal(caller) !== undefined && {
        access: {
          principalArn: accessPrincipal(caller)!,
          service: call.service === 'signin' ? 'signin' : call.service,
          region,
        },
      }),
  };
}

/** CloudTrail writes eventTime to the second: `2026-01-01T00:00:00Z`. */
const isoSeconds = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

export { REDACTED };
