import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeNewFile } from '../auth/secret-box.js';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { asAccountId } from '../domain/ids.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis root enable-mfa [--data-dir DIR] [--account-id ID] [--name NAME] [--qr-png FILE]

Gives the account's root user a virtual MFA device (TOTP, RFC 6238), which AWS's EnableMFADevice
cannot do (it needs a UserName). The device is created as CreateVirtualMFADevice creates one: its
seed is stored sealed under the master key. The Base32 seed and the otpauth:// URI are printed on
standard output, once, for an authenticator app (nowhere else: not in a log, not on stderr).

Then two consecutive codes from the app are read from standard input, one per line (type the
first, wait for the next one, type it). They are checked as EnableMFADevice checks them; when they
are good the device is enabled for the root user and console sign-in asks the root for a code.
Wrong codes leave the device created but unassigned (delete it with aws iam
delete-virtual-mfa-device, or give --name, before trying again).

Works while a server runs on the same data directory (a second SQLite connection).

Options:
  --data-dir DIR      the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  --account-id ID     the account (default: the one recorded in <data-dir>/account-id)
  --name NAME         the device name (default root-account-mfa-device, as AWS names it); the
                      serial number is arn:aws:iam::<account>:mfa/<NAME>
  --qr-png FILE       also write the QR code of the URI to FILE (a new file, mode 0600)
  -h, --help          show this help

Environment:
  PORTCULLIS_MASTER_KEY_FILE   the master key, when the server is given one (default <data-dir>/master.key)
  PORTCULLIS_PARTITION         the ARN partition, when the server is given one (default aws)

Exit status: 0 enabled, 1 wrong codes, the root already has a device, or a missing data directory,
account or master key, 2 usage error.`;

export const rootEnableMfa: CliCommand = {
  summary: 'give the root user a virtual MFA device (codes read from standard input)',
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      options: {
        ...HELP_OPTION,
        'data-dir': { type: 'string' },
        'account-id': { type: 'string' },
        name: { type: 'string' },
        'qr-png': { type: 'string' },
      },
      allowPositionals: false,
    });
    const dataDir = resolve(values['data-dir'] ?? (process.env.PORTCULLIS_DATA_DIR || './data'));
    const accountId = values['account-id'];
    if (accountId !== undefined && asAccountId(accountId) === undefined) {
      throw new UsageError(`--account-id must be 12 digits, got '${accountId}'`);
    }
    const qrPng = values['qr-png'] === undefined ? undefined : resolve(values['qr-png']);
    // Checked before the device exists: a refusal later would leave it behind.
    if (qrPng !== undefined && existsSync(qrPng)) throw new InputError(`${qrPng} already exists`);
    if (qrPng !== undefined && !existsSync(dirname(qrPng))) {
      throw new InputError(`no directory ${dirname(qrPng)} for the QR code`);
    }
    const ops = await import('../server/root-mfa.js');
    const { OperatorError } = await import('../server/operator-commands.js');
    const target = { dataDir, accountId };
    try {
      const created = await ops.createRootMfaDevice({ ...target, name: values.name, now: io.now() });
      io.out(
        `Created virtual MFA device ${created.serialNumber} for the root user of account ${created.accountId}.`,
      );
      io.out('Add it to an authenticator app with the seed or the URI (shown once, keep them secret):');
      io.out(`Base32 seed: ${created.seed}`);
      io.out(`otpauth URI: ${created.uri}`);
      if (qrPng !== undefined) {
        writeNewFile(qrPng, created.png);
        io.out(`QR code written to ${qrPng}`);
      }
      io.err('Type two consecutive codes from the app, one per line:');
      const code1 = ((await io.readLine()) ?? '').trim();
      const code2 = ((await io.readLine()) ?? '').trim();
      if (code1 === '' || code2 === '') {
        throw new InputError(
          `two codes are needed on standard input: ${created.serialNumber} stays unassigned and the root user has no MFA`,
        );
      }
      await ops.enableRootMfaDevice({
        ...target,
        serialNumber: created.serialNumber,
        code1,
        code2,
        now: io.now(),
      });
      io.out(`MFA enabled for the root user of account ${created.accountId} (${created.serialNumber}).`);
      return ExitCode.ok;
    } catch (e) {
      if (e instanceof OperatorError) throw new InputError(e.message);
      throw e;
    }
  },
};
