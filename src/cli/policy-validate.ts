import type { PolicyKind } from '../policy/index.js';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';
import type { CliIo } from './io.js';
import { checkPolicy, displayName, POLICY_KINDS, readPolicyText } from './policy-files.js';

const HELP = `Usage: portcullis policy validate [--kind KIND] FILE...

Checks IAM policy documents as AWS IAM would on upload, and reports every problem with its
location. A FILE of - reads standard input.

Options:
  --kind KIND   what the documents are: identity (default), resource, trust, boundary,
                session, scp or rcp; the rules differ (a trust policy needs a Principal and
                only sts:AssumeRole* actions, an identity policy may not name a Principal)
  -h, --help    show this help

Output (standard output), per file:
  FILE: OK                             the document is valid
  FILE:LINE:COL: message (detail)      one line per error: AWS's message, then what exactly is wrong
  FILE:LINE:COL: warning: message      valid, but probably not what was meant

Exit status: 0 every file is valid; 1 a file is invalid or cannot be read (the reason goes to
standard error); 2 usage error.`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...args],
    allowPositionals: true,
    options: { ...HELP_OPTION, kind: { type: 'string' } },
  });
  const kind = parseKind(values.kind);
  if (positionals.length === 0) throw new UsageError('no FILE given (use - for standard input)');

  let failed = false;
  for (const file of positionals) {
    let text: string;
    try {
      text = await readPolicyText(file, io);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.err(`portcullis policy validate: ${e.message}`);
      failed = true;
      continue;
    }
    const checked = checkPolicy(file, text, kind);
    if (checked.ok) {
      for (const w of checked.warnings) io.out(w);
      io.out(`${displayName(file)}: OK`);
    } else {
      for (const e of checked.errors) io.out(e);
      failed = true;
    }
  }
  return failed ? ExitCode.invalidInput : ExitCode.ok;
}

function parseKind(value: string | undefined): PolicyKind {
  if (value === undefined) return 'identity';
  const kind = POLICY_KINDS.find((k) => k === value.toLowerCase());
  if (!kind) throw new InputError(`--kind ${value}: not one of ${POLICY_KINDS.join(', ')}`);
  return kind;
}

export const policyValidate: CliCommand = {
  summary: 'check policy documents and report every error with its line and column',
  help: HELP,
  run,
};
