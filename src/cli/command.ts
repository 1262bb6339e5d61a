import type { CliIo } from './io.js';

/**
 * One `portcullis` command. `run` gets the arguments after the command's name and returns the
 * exit status; it reports bad input by throwing UsageError (exit 2) or InputError (exit 1).
 * `--help` never reaches it: the dispatcher prints `help` instead.
 */
export interface CliCommand {
  /** One line for `portcullis --help`. */
  readonly summary: string;
  /** The full text for `portcullis <command> --help`: usage, every option, exit status. */
  readonly help: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}
