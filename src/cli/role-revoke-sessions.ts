import { HELP_OPTION, parseCommandLine, required } from './args.js';
import { ExitCode, InputError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis role revoke-sessions --role-name NAME [--account-id ID] [--data-dir DIR]

Revokes every session of a role issued until now, as the AWS console's "Revoke active sessions"
does: writes the role's inline policy AWSRevokeOlderSessions, which denies every action to
credentials whose aws:TokenIssueTime is earlier than now. Sessions issued afterwards work. Works
while the server runs.

Options:
  --role-name NAME   the role
  --account-id ID    the role's account (default: the data directory's account)
  --data-dir DIR     the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  -h, --help         show this help

Exit status: 0 revoked, 1 no such role or account, 2 usage error.`;

export const roleRevokeSessions: CliCommand = {
  summary: "revoke a role's active sessions (AWSRevokeOlderSessions)",
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      options: {
        ...HELP_OPTION,
        'role-name': { type: 'string' },
        'account-id': { type: 'string' },
        'data-dir': { type: 'string' },
      },
      allowPositionals: false,
    });
    const roleName = required(values['role-name'], '--role-name');
    const ops = await import('../server/operator-commands.js');
    try {
      const done = await ops.revokeRoleSessions({
        dataDir: values['data-dir'] ?? process.env.PORTCULLIS_DATA_DIR ?? './data',
        accountId: values['account-id'],
        roleName,
        now: io.now(),
      });
      io.out(`Sessions of role ${roleName} in account ${done.accountId} issued before now are revoked`);
      io.out(`Inline policy ${ops.REVOKE_POLICY_NAME}: ${done.policy}`);
      return ExitCode.ok;
    } catch (e) {
      if (e instanceof ops.OperatorError) throw new InputError(e.message);
      throw e;
    }
  },
};
