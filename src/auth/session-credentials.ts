/**
 * Temporary credentials: an ASIA key id and its session token -> the secret and the caller. The
 * token is sealed and self-contained, so the only store reads are the account's generation and,
 * for a GetSessionToken session of a user, the user (who may since have been deleted).
 *
 * - the token does not open (tampered, truncated, another server's): undefined -> InvalidClientTokenId
 * - the token is for another key id: undefined -> InvalidClientTokenId
 * - the token has expired: ExpiredToken
 * Whether a role session may still do anything (its role deleted, its sessions revoked) is the
 * authorizer's question: it reads the role's policies on every request anyway.
 */
import { AwsError } from '../core/aws-error.js';
import { rootArn } from '../domain/arns.js';
import type { AccountId } from '../domain/ids.js';
import {
  assumedRoleArn,
  federatedUserArn,
  type SessionClaims,
  type SessionTokenCodec,
} from '../domain/session.js';
import type { Caller, CallerSession } from '../services/operation-context.js';
import type { Store } from '../store/store.js';
import type { ResolvedCredential } from './credentials.js';

export const MSG_EXPIRED_TOKEN = 'The security token included in the request is expired';

export const isTemporaryKeyId = (accessKeyId: string): boolean => accessKeyId.startsWith('ASIA');

export async function resolveSession(
  store: Store,
  codec: SessionTokenCodec,
  accessKeyId: string,
  token: string,
  now: Date,
  partition: string,
): Promise<ResolvedCredential | undefined> {
  const claims = codec.open(token);
  if (claims === undefined || claims.accessKeyId !== accessKeyId) return undefined;
  if (now.getTime() >= claims.expiresAt.getTime()) throw new AwsError('ExpiredToken', MSG_EXPIRED_TOKEN);
  const accountId = claims.accountId as AccountId;
  const generation = await store.generation(accountId);
  const caller = await sessionCaller(store, claims, partition);
  if (caller === undefined) return undefined;
  return { secretAccessKey: claims.secretAccessKey, sessionToken: token, caller, generation };
}

/** What authorization sees of the session. */
export function callerSession(c: SessionClaims): CallerSession {
  return {
    issuedAt: c.issuedAt,
    mfaAuthenticatedAt: c.mfaAuthenticatedAt,
    kind: c.kind,
    expiresAt: c.expiresAt,
    role: c.role,
    sessionName: c.sessionName,
    userName: c.userName,
    userId: c.userId,
    policies: c.policies,
    tags: c.tags,
    transitiveTagKeys: c.transitiveTagKeys,
    sourceIdentity: c.sourceIdentity,
    chainedFrom: c.chainedFrom,
    issuer: c.issuer,
  };
}

async function sessionCaller(store: Store, c: SessionClaims, partition: string): Promise<Caller | undefined> {
  const accountId = c.accountId as AccountId;
  const session = callerSession(c);
  const base = { accountId, accessKeyId: c.accessKeyId, session };
  switch (c.kind) {
    case 'assumedRole': {
      if (c.role === undefined || c.sessionName === undefined) return undefined;
      return {
        ...base,
        principal: {
          type: 'assumedRole',
          arn: assumedRoleArn(accountId, c.role.name, c.sessionName, partition),
          account: accountId,
          roleArn: c.role.arn,
          ...(c.issuer !== undefined && { federatedProvider: c.issuer.provider }),
        },
        principalId: `${c.role.id}:${c.sessionName}`,
      };
    }
    case 'federatedUser': {
      if (c.sessionName === undefined) return undefined;
      return {
        ...base,
        principal: {
          type: 'federatedUser',
          arn: federatedUserArn(accountId, c.sessionName, partition),
          account: accountId,
        },
        principalId: `${accountId}:${c.sessionName}`,
      };
    }
    case 'sessionUser': {
      if (c.userName === undefined) {
        return {
          ...base,
          principal: { type: 'root', arn: rootArn(accountId, partition), account: accountId },
          principalId: accountId,
        };
      }
      const user = await store.read((r) => r.users.get(accountId, c.userName!));
      if (user === undefined || (c.userId !== undefined && user.id !== c.userId)) return undefined;
      return {
        ...base,
        principal: { type: 'user', arn: user.arn, account: accountId },
        principalId: user.id,
        userName: user.name,
      };
    }
  }
}
