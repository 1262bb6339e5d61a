/**
 * What a command may touch outside itself. Commands get it as a parameter, so they never reach
 * for `process` and the clock is one place (the policy engine reads none; `policy simulate` does).
 */
export interface CliIo {
  /** Writes one line (a newline is added) to standard output. */
  out(line: string): void;
  /** Writes one line to standard error. */
  err(line: string): void;
  /** All of standard input, as UTF-8 text. */
  readStdin(): Promise<string>;
  now(): Date;
}

export function processIo(): CliIo {
  let stdin: Promise<string> | undefined;
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    // Read once: a second `-` sees the same text, not an exhausted stream.
    readStdin: () => {
      stdin ??= (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      })();
      return stdin;
    },
    now: () => new Date(),
  };
}
