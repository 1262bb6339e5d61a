import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BotocoreCase {
  readonly service: 'iam' | 'sts' | 'cloudtrail';
  readonly operation: string;
  readonly body: string;
  readonly status?: number;
  readonly requestId?: string;
}

export type BotocoreResult = { parsed: Record<string, unknown> } | { exception: string };

export interface SerializeCase {
  readonly mode: 'serialize';
  readonly service: 'iam' | 'sts' | 'cloudtrail';
  readonly operation: string;
  readonly params: Record<string, unknown>;
}

const script = join(dirname(fileURLToPath(import.meta.url)), 'botocore_parse.py');

let available: boolean | undefined;

/** Whether python3 with botocore is on this machine (the tests using it are skipped otherwise). */
export function botocoreAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('python3', ['-c', 'import botocore.parsers'], { stdio: 'ignore' });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Runs all cases through botocore's response parser in one python process. */
export function parseWithBotocore(cases: readonly BotocoreCase[]): BotocoreResult[] {
  const out = execFileSync('python3', [script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as BotocoreResult[];
}

/** botocore's own request serialization: Query form fields (as a dict) or a JSON body. */
export function serializeWithBotocore(
  cases: readonly SerializeCase[],
): ({ form: Record<string, string> } | { body: string } | { exception: string })[] {
  const out = execFileSync('python3', [script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}
