import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';

/**
 * `parseArgs` (strict: unknown options and stray operands are refused), with its complaints
 * turned into usage errors. Every command declares `help` among its options so that `--help`
 * is never "unknown"; the dispatcher answers it before the command runs.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, strict: true });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError((e as Error).message);
    }
    throw e;
  }
}

export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** A single-valued option the command cannot do without. */
export function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing required option ${option}`);
  return value;
}
