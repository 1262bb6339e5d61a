/** The IAM operations, as registry definitions: the server registers every one of them. */
import type { PortcullisOperation } from '../operation-context.js';
import { erase } from './define.js';
import * as accessKeys from './access-keys.js';
import * as account from './account.js';
import * as contextKeys from './context-keys.js';
import * as entityTags from './entity-tags.js';
import * as groupMembership from './group-membership.js';
import * as groups from './groups.js';
import * as inlinePolicies from './inline-policies.js';
import * as instanceProfiles from './instance-profiles.js';
import * as loginProfiles from './login-profiles.js';
import * as managedPolicies from './managed-policies.js';
import * as passwordPolicy from './password-policy.js';
import * as mfaDevices from './mfa-devices.js';
import * as permissionsBoundaries from './permissions-boundaries.js';
import * as policyAttachments from './policy-attachments.js';
import * as policyEntities from './policy-entities.js';
import * as policyVersions from './policy-versions.js';
import * as roles from './roles.js';
import * as simulation from './simulation.js';
import * as users from './users.js';

const modules = [
  users,
  accessKeys,
  mfaDevices,
  groups,
  groupMembership,
  managedPolicies,
  policyVersions,
  policyAttachments,
  policyEntities,
  inlinePolicies,
  roles,
  instanceProfiles,
  permissionsBoundaries,
  entityTags,
  account,
  simulation,
  contextKeys,
  loginProfiles,
  passwordPolicy,
];

/** Every exported operation of the modules above, in declaration order. */
export const iamOperations: readonly PortcullisOperation[] = modules.flatMap((m) =>
  Object.values(m).map((op) => erase(op)),
);
