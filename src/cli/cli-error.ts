/**
 * How the `portcullis` command ends. The exit status says who has to act:
 *
 * - 0: done (for `policy simulate`, whatever the decision: a denial is an answer, not a failure);
 * - 1: the command line was understood but its input is not valid (a malformed policy, an
 *   unreadable file, a bad ARN or context value);
 * - 2: the command line itself could not be understood (unknown command or option, an option
 *   without its value, a required option or operand missing);
 * - 70: a bug in portcullis (BSD's EX_SOFTWARE); the stack trace goes to stderr.
 */
export const ExitCode = { ok: 0, invalidInput: 1, usage: 2, internal: 70 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line could not be understood (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The input named on the command line is not valid (exit 1). The message is printed after the
 * command's name; `lines`, when given, are printed instead, as they are (diagnostics such as
 * `FILE:LINE:COL: message` read best unprefixed).
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly lines: readonly string[] | undefined;
  constructor(message: string, lines?: readonly string[]) {
    super(message);
    this.lines = lines;
  }
}
