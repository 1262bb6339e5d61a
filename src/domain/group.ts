import type { AccountId, GroupId, UserId } from './ids.js';

export interface Group {
  readonly accountId: AccountId;
  readonly id: GroupId;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
}

export interface GroupMembership {
  readonly accountId: AccountId;
  readonly groupId: GroupId;
  readonly userId: UserId;
}
