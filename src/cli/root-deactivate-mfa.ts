import { resolve } from 'node:path';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { asAccountId } from '../domain/ids.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis root deactivate-mfa [--data-dir DIR] [--account-id ID]

Removes the root user's MFA: its virtual MFA devices are deactivated and deleted (their seeds
went with the phone, so none may be enabled again). This is the recovery path when the phone is
lost: on AWS the root user recovers through AWS's support process; here, access to the data
directory stands in for it. Give the root a new device with 'portcullis root enable-mfa'.

Works while a server runs on the same data directory (a second SQLite connection); the root
user's next sign-in asks for no code.

Options:
  --data-dir DIR      the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  --account-id ID     the account (default: the one recorded in <data-dir>/account-id)
  -h, --help          show this help

Exit status: 0 removed, 1 the root has no device, or a missing data directory or account,
2 usage error.`;

export const rootDeactivateMfa: CliCommand = {
  summary: "remove the root user's MFA device (recovery when the phone is lost)",
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      options: { ...HELP_OPTION, 'data-dir': { type: 'string' }, 'account-id': { type: 'string' } },
      allowPositionals: false,
    });
    const dataDir = resolve(values['data-dir'] ?? (process.env.PORTCULLIS_DATA_DIR || './data'));
    const accountId = values['account-id'];
    if (accountId !== undefined && asAccountId(accountId) === undefined) {
      throw new UsageError(`--account-id must be 12 digits, got '${accountId}'`);
    }
    const ops = await import('../server/root-mfa.js');
    const { OperatorError } = await import('../server/operator-commands.js');
    try {
      const done = await ops.deactivateRootMfa({ dataDir, accountId });
      for (const serialNumber of done.serialNumbers) {
        io.out(`Deactivated and deleted ${serialNumber} (root user of account ${done.accountId})`);
      }
      return ExitCode.ok;
    } catch (e) {
      if (e instanceof OperatorError) throw new InputError(e.message);
      throw e;
    }
  },
};
