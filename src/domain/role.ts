import type { AccountId, RoleId } from './ids.js';

export interface RoleLastUsed {
  readonly lastUsedDate: Date;
  readonly region?: string;
}

export interface Role {
  readonly accountId: AccountId;
  readonly id: RoleId;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  /** The trust policy as the caller sent it (plain JSON text; URL-encoding is the protocol's job). */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number;
  readonly permissionsBoundaryArn?: string;
  readonly roleLastUsed?: RoleLastUsed;
}
