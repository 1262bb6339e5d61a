/** Helpers for the password and sign-in end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.js';

/** `portcullis root set-password` with the password on standard input. */
export function setRootPassword(dataDir: string, password: string) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'root', 'set-password', '--data-dir', dataDir],
    {
      cwd: ROOT,
      input: `${password}\n`,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORTCULLIS_SCRYPT_LOG_N: '10' },
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
