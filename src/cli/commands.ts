import { accountCreate } from './account-create.js';
import { auditExport } from './audit-export.js';
import { auditVerify } from './audit-verify.js';
import type { CliCommand } from './command.js';
import { policySimulate } from './policy-simulate.js';
import { policyValidate } from './policy-validate.js';
import { rootDeactivateMfa } from './root-deactivate-mfa.js';
import { rootEnableMfa } from './root-enable-mfa.js';
import { rootSetPassword } from './root-set-password.js';
import { roleRevokeSessions } from './role-revoke-sessions.js';
import { serve } from './serve.js';

/**
 * Every command, by its full name. A name of several words (`policy validate`) makes its first
 * word a group: `portcullis policy --help` lists the group. A new command (`serve`, `init`,
 * `audit verify`, `root set-password`, `account create`) is one more entry here.
 */
export const COMMANDS: ReadonlyMap<string, CliCommand> = new Map([
  ['audit verify', auditVerify],
  ['audit export', auditExport],
  ['policy validate', policyValidate],
  ['policy simulate', policySimulate],
  ['root set-password', rootSetPassword],
  ['root enable-mfa', rootEnableMfa],
  ['root deactivate-mfa', rootDeactivateMfa],
  ['serve', serve],
  ['account create', accountCreate],
  ['role revoke-sessions', roleRevokeSessions],
]);
