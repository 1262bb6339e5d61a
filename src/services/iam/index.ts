/** The IAM operations, as registry definitions: the server registers every one of them. */
import type { PortcullisOperation } from '../operation-context.js';
import { erase } from './define.js';
import * as groupMembership from './group-membership.js';
import * as groups from './groups.js';
import * as users from './users.js';

const modules = [users, groups, groupMembership];

/** Every exported operation of the modules above, in declaration order. */
export const iamOperations: readonly PortcullisOperation[] = modules.flatMap((m) =>
  Object.values(m).map((op) => erase(op)),
);
