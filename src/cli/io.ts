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
  /**
   * The next line of standard input (without its line ending) as soon as it is typed, undefined
   * at the end of input. For commands that talk with a person (`root enable-mfa`); a command
   * uses either this or readStdin, not both.
   */
  readLine(): Promise<string | undefined>;
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
    readLine: () => nextLine(process.stdin),
    now: () => new Date(),
  };
}

const pendingText = new WeakMap<NodeJS.ReadableStream, { text: string; ended: boolean }>();

/**
 * Reads `input` up to the next newline and pauses it again, so that a terminal is not held
 * (the process can end) and text typed ahead stays for the next call.
 */
function nextLine(input: NodeJS.ReadStream): Promise<string | undefined> {
  const state = pendingText.get(input) ?? { text: '', ended: input.readableEnded };
  pendingText.set(input, state);
  return new Promise((resolve, reject) => {
    const take = (): boolean => {
      const newline = state.text.indexOf('\n');
      if (newline >= 0) {
        resolve(state.text.slice(0, newline).replace(/\r$/, ''));
        state.text = state.text.slice(newline + 1);
        return true;
      }
      if (!state.ended) return false;
      resolve(state.text === '' ? undefined : state.text);
      state.text = '';
      return true;
    };
    if (take()) return;
    const stop = () => {
      input.off('data', onData).off('end', onEnd).off('error', onError);
      input.pause();
    };
    const onData = (chunk: string | Buffer) => {
      state.text += chunk.toString();
      if (take()) stop();
    };
    const onEnd = () => {
      state.ended = true;
      take();
      stop();
    };
    const onError = (e: Error) => {
      stop();
      reject(e);
    };
    input.setEncoding('utf8');
    input.on('data', onData).on('end', onEnd).on('error', onError);
    input.resume();
  });
}
