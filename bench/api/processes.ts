/**
 * The processes under load: `portcullis serve` from tsc's output (dist/, what `npm start` runs) or,
 * with `--tsx`, through tsx; and the floor server. Each is a separate child process on a free
 * loopback port, so the server and the load generator (this process) share the machine's cores as
 * they would in production on one host. CPU time comes from /proc.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const ACCOUNT_ID = '123456789012';
export const ROOT_KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

export interface Child {
  readonly url: string;
  /** `127.0.0.1:PORT`, the Host header requests are signed with. */
  readonly host: string;
  readonly pid: number;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** `npm run build` (tsc into dist/). tsc emits even when it reports type errors; those are printed. */
export function build(): void {
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) {
    console.log(
      `tsc reported errors (status ${r.status}); dist/ was emitted anyway:\n${r.stdout.slice(0, 2000)}`,
    );
  }
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js')))
    throw new Error('build produced no dist/src/cli/main.js');
  console.log(`built dist/ with tsc in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function startChild(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start\nstdout: ${out}\nstderr: ${err}`));
    }, 30_000);
    const watch = (): void => {
      const m = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', watch);
      resolve({
        url: `http://${m[1]}/`,
        host: m[1]!,
        pid: child.pid!,
        stderr: () => err,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', watch);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`${args.join(' ')} exited (${code}) before listening\nstdout: ${out}\nstderr: ${err}`),
      );
    });
  });
}

export interface ServerOptions {
  /** Run src/ through tsx instead of dist/. */
  readonly tsx?: boolean;
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  readonly profileDir?: string;
}

/** `portcullis serve --port 0` on a fresh data directory with a fixed account and root key. */
export function startPortcullis(options: ServerOptions = {}): Promise<Child> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
  const entry = options.tsx
    ? ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')]
    : [join(ROOT, 'dist/src/cli/main.js')];
  const prof = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  return startChild([...prof, ...entry, 'serve', '--port', '0', '--data-dir', dataDir], {
    PORTCULLIS_ACCOUNT_ID: ACCOUNT_ID,
    PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
    PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
    PORTCULLIS_LOG_LEVEL: 'info',
  });
}

export const startFloor = (): Promise<Child> => startChild([join(ROOT, 'bench/api/floor-server.mjs')], {});

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** A process's user + system CPU seconds so far (all its threads), from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The machine's busy CPU seconds so far, summed over cores (/proc/stat, not idle or iowait). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, ...nums] = line.trim().split(/\s+/);
  const v = nums.map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - v[3]! - v[4]!) / TICKS_PER_SECOND;
}
