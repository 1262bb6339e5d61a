import type { AccountId, InstanceProfileId } from './ids.js';
import type { Role } from './role.js';

export interface InstanceProfile {
  readonly accountId: AccountId;
  readonly id: InstanceProfileId;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  /** At most one (QUOTAS.rolesPerInstanceProfile), ordered by name. */
  readonly roles: readonly Role[];
}
