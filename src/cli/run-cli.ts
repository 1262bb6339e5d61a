import { COMMANDS } from './commands.js';
import type { CliCommand } from './command.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliIo } from './io.js';

const EXIT_STATUS = 'Exit status: 0 success, 1 invalid input, 2 usage error.';

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/** `--help` anywhere among a command's arguments (before a `--`) asks for its help. */
const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(isHelp);
};

/** The commands whose name starts with `prefix` (all of them for an empty prefix). */
function listing(prefix: string): string {
  const names = [...COMMANDS.keys()].filter((n) => prefix === '' || n.startsWith(`${prefix} `));
  const shown = (n: string) => (prefix === '' ? n : n.slice(prefix.length + 1));
  const width = Math.max(...names.map((n) => shown(n).length));
  return names.map((n) => `  ${shown(n).padEnd(width)}   ${COMMANDS.get(n)!.summary}`).join('\n');
}

function groupHelp(group: string): string {
  const name = group === '' ? 'portcullis' : `portcullis ${group}`;
  const intro =
    group === ''
      ? 'Identity and access management you run yourself (AWS IAM, STS and CloudTrail compatible).\n\n'
      : '';
  return `${intro}Usage: ${name} <command> [options]

Commands:
${listing(group)}

Run '${name} <command> --help' for a command's options.
${EXIT_STATUS}`;
}

const isGroup = (words: string): boolean => [...COMMANDS.keys()].some((n) => n.startsWith(`${words} `));

/** The longest run of leading words that names a command. */
function findCommand(argv: readonly string[]): { name: string; command: CliCommand } | undefined {
  for (let n = argv.length; n > 0; n--) {
    const name = argv.slice(0, n).join(' ');
    const command = COMMANDS.get(name);
    if (command) return { name, command };
  }
  return undefined;
}

/** The leading words that name a group, possibly none. */
function findGroup(argv: readonly string[]): string {
  let group = '';
  for (const word of argv) {
    const next = group === '' ? word : `${group} ${word}`;
    if (!isGroup(next)) break;
    group = next;
  }
  return group;
}

/** Runs `portcullis <argv>` and returns the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const group = findGroup(argv);
    const rest = argv.slice(group === '' ? 0 : group.split(' ').length);
    if (rest.length > 0 && rest.every(isHelp)) {
      io.out(groupHelp(group));
      return ExitCode.ok;
    }
    const name = group === '' ? 'portcullis' : `portcullis ${group}`;
    const [word] = rest;
    const complaint =
      word === undefined
        ? 'missing command'
        : word.startsWith('-')
          ? `unknown option '${word}'`
          : `unknown command '${word}'`;
    io.err(`${name}: ${complaint}`);
    io.err('');
    io.err(groupHelp(group));
    return ExitCode.usage;
  }

  const { name, command } = found;
  const args = argv.slice(name.split(' ').length);
  if (wantsHelp(args)) {
    io.out(command.help);
    return ExitCode.ok;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`portcullis ${name}: ${e.message}`);
      io.err(`Run 'portcullis ${name} --help' for usage.`);
      return ExitCode.usage;
    }
    if (e instanceof InputError) {
      if (e.lines === undefined) io.err(`portcullis ${name}: ${e.message}`);
      else for (const line of e.lines) io.err(line);
      return ExitCode.invalidInput;
    }
    io.err(`portcullis ${name}: internal error (a bug; please report it with the trace below)`);
    io.err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return ExitCode.internal;
  }
}
