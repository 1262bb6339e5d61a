import { HELP_OPTION, parseCommandLine } from './args.js';
import { ExitCode, InputError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis account create [--id ID] [--alias ALIAS] [--data-dir DIR]

Adds an account to the data directory's store (for cross-account roles) and writes its root user's
access key to <data-dir>/credentials as profile 'portcullis-<id>' (mode 0600). Works while the
server runs: it opens the database itself.

Options:
  --id ID          12-digit account id (default: random)
  --alias ALIAS    the account alias
  --data-dir DIR   the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  -h, --help       show this help

Exit status: 0 created, 1 the account exists or the input is invalid, 2 usage error.`;

export const accountCreate: CliCommand = {
  summary: 'add an account to the store (cross-account roles)',
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      options: {
        ...HELP_OPTION,
        id: { type: 'string' },
        alias: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      allowPositionals: false,
    });
    const ops = await import('../server/operator-commands.js');
    try {
      const created = await ops.createAccount({
        dataDir: values['data-dir'] ?? process.env.PORTCULLIS_DATA_DIR ?? './data',
        id: values.id,
        alias: values.alias,
        now: io.now(),
      });
      io.out(`Created account ${created.accountId} with root access key ${created.accessKeyId}`);
      io.out(`Credentials written to ${created.credentialsPath} (profile ${created.profile})`);
      return ExitCode.ok;
    } catch (e) {
      if (e instanceof ops.OperatorError) throw new InputError(e.message);
      throw e;
    }
  },
};
