import type { Group } from '../domain/group.js';
import type { AccountId, GroupId } from '../domain/ids.js';
import type { User } from '../domain/user.js';
import type { Page, PageRequest, PathPrefixRequest } from './page.js';

export interface NewGroup {
  readonly id: GroupId;
  readonly name: string;
  readonly path: string;
  readonly createDate: Date;
}

export interface GroupDependents {
  readonly members: number;
  readonly inlinePolicies: number;
  readonly attachedPolicies: number;
}

export interface GroupsReader {
  get(accountId: AccountId, name: string): Promise<Group | undefined>;
  getById(accountId: AccountId, id: GroupId): Promise<Group | undefined>;
  list(accountId: AccountId, request?: PathPrefixRequest): Promise<Page<Group>>;
  count(accountId: AccountId): Promise<number>;
  dependents(accountId: AccountId, name: string): Promise<GroupDependents | undefined>;
  /** GetGroup's users, ordered by name; undefined when there is no such group. */
  listMembers(
    accountId: AccountId,
    groupName: string,
    request?: PageRequest,
  ): Promise<Page<User> | undefined>;
  /** ListGroupsForUser (at most 10 by quota, so not paged); undefined when there is no such user. */
  listForUser(accountId: AccountId, userName: string): Promise<readonly Group[] | undefined>;
}

export interface GroupsRepo extends GroupsReader {
  create(accountId: AccountId, input: NewGroup): Promise<Group>;
  update(
    accountId: AccountId,
    name: string,
    changes: { readonly newName?: string; readonly newPath?: string },
  ): Promise<Group | undefined>;
  /** Deletes the group; the service checks `dependents` first (members are also held by a foreign key). */
  delete(accountId: AccountId, name: string): Promise<boolean>;
  /** Idempotent, as AddUserToGroup is. 'no-group' / 'no-user' say which side is missing. */
  addMember(
    accountId: AccountId,
    groupName: string,
    userName: string,
  ): Promise<'added' | 'no-group' | 'no-user'>;
  /** false when either is missing or the user was not a member. */
  removeMember(accountId: AccountId, groupName: string, userName: string): Promise<boolean>;
}
