import type { AccountId, InstanceProfileId } from '../domain/ids.js';
import type { InstanceProfile } from '../domain/instance-profile.js';
import type { Page, PathPrefixRequest } from './page.js';

export interface NewInstanceProfile {
  readonly id: InstanceProfileId;
  readonly name: string;
  readonly path: string;
  readonly createDate: Date;
}

export interface InstanceProfilesReader {
  get(accountId: AccountId, name: string): Promise<InstanceProfile | undefined>;
  list(accountId: AccountId, request?: PathPrefixRequest): Promise<Page<InstanceProfile>>;
  /** ListInstanceProfilesForRole (bounded by the profile quota; not paged); undefined: no role. */
  listForRole(accountId: AccountId, roleName: string): Promise<readonly InstanceProfile[] | undefined>;
  count(accountId: AccountId): Promise<number>;
}

export interface InstanceProfilesRepo extends InstanceProfilesReader {
  create(accountId: AccountId, input: NewInstanceProfile): Promise<InstanceProfile>;
  /** The service checks the one-role quota; this refuses only missing sides. Idempotent. */
  addRole(
    accountId: AccountId,
    profileName: string,
    roleName: string,
  ): Promise<'added' | 'no-profile' | 'no-role'>;
  removeRole(accountId: AccountId, profileName: string, roleName: string): Promise<boolean>;
  /** Deletes the profile and its tags; roles must have been removed (a foreign key holds them). */
  delete(accountId: AccountId, name: string): Promise<boolean>;
}
