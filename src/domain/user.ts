import type { AccountId, UserId } from './ids.js';

export interface User {
  readonly accountId: AccountId;
  readonly id: UserId;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  readonly permissionsBoundaryArn?: string;
  readonly passwordLastUsed?: Date;
}
