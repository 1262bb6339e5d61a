import { readFile } from 'node:fs/promises';
import {
  type CompiledPolicy,
  compilePolicy,
  type PolicyError,
  type PolicyKind,
  parsePolicy,
} from '../policy/index.js';
import { InputError } from './cli-error.js';
import type { CliIo } from './io.js';

export const POLICY_KINDS: readonly PolicyKind[] = [
  'identity',
  'resource',
  'trust',
  'boundary',
  'session',
  'scp',
  'rcp',
];

/** `-` reads standard input, shown as `<stdin>`. */
export const STDIN = '-';
export const displayName = (file: string): string => (file === STDIN ? '<stdin>' : file);

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of it is not a directory',
  ELOOP: 'too many symbolic links',
};

/** The text of a file (or of stdin), or an InputError saying plainly why it cannot be read. */
export async function readPolicyText(file: string, io: CliIo): Promise<string> {
  try {
    const text = file === STDIN ? await io.readStdin() : await readFile(file, 'utf8');
    // A byte-order mark belongs to the file's encoding, not to the document.
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = (typeof code === 'string' && FS_REASONS[code]) || (e as Error).message;
    throw new InputError(`cannot read ${displayName(file)}: ${reason}`);
  }
}

/**
 * `FILE:LINE:COL: message (detail)`: AWS's message first (what the IAM API would answer), then
 * the engine's precise account of the problem when it says more.
 */
export function formatProblem(file: string, e: PolicyError, prefix = ''): string {
  const where = e.line !== undefined ? `${displayName(file)}:${e.line}:${e.column ?? 1}` : displayName(file);
  const detail = (e as { detail?: unknown }).detail;
  const more = typeof detail === 'string' && detail !== e.message ? ` (${detail})` : '';
  return `${where}: ${prefix}${e.message}${more}`;
}

/** Problems in reading order, which is how a person fixes a file (the engine ranks them AWS's way). */
export const byPosition = (errors: readonly PolicyError[]): PolicyError[] =>
  [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

export type CheckedPolicy =
  | { readonly ok: true; readonly policy: CompiledPolicy; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Parses one document as `kind`; the file name becomes the policy id shown in explanations. */
export function checkPolicy(file: string, text: string, kind: PolicyKind): CheckedPolicy {
  const result = parsePolicy(text, { kind, id: displayName(file) });
  if (!result.ok) return { ok: false, errors: byPosition(result.errors).map((e) => formatProblem(file, e)) };
  return {
    ok: true,
    policy: compilePolicy(result.value),
    warnings: byPosition(result.warnings).map((e) => formatProblem(file, e, 'warning: ')),
  };
}

export interface LoadedPolicies {
  readonly policies: CompiledPolicy[];
  readonly warnings: string[];
  /** Why a file could not be read, one message each. */
  readonly unreadable: string[];
  /** Errors in the documents, one `FILE:LINE:COL: ...` line each. */
  readonly problems: string[];
}

/** Reads and compiles every file of one gate, collecting every problem rather than stopping at one. */
export async function loadPolicies(
  files: readonly string[],
  kind: PolicyKind,
  io: CliIo,
): Promise<LoadedPolicies> {
  const loaded: LoadedPolicies = { policies: [], warnings: [], unreadable: [], problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readPolicyText(file, io);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      loaded.unreadable.push(e.message);
      continue;
    }
    const checked = checkPolicy(file, text, kind);
    if (checked.ok) {
      loaded.policies.push(checked.policy);
      loaded.warnings.push(...checked.warnings);
    } else {
      loaded.problems.push(...checked.errors);
    }
  }
  return loaded;
}
