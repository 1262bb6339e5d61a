/**
 * One server per data directory: `<data-dir>/portcullis.lock` holds the owner's pid. A lock whose
 * process is gone (a crash, a kill -9) is stale and taken over; a live one refuses the start.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(`another Portcullis server (pid ${pid}) is using this data directory (lock file ${path})`);
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
};

const readPid = (path: string): number | undefined => {
  try {
    const n = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
};

export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  const path = join(dataDir, 'portcullis.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        path,
        release: () => {
          if (readPid(path) === pid) unlinkSync(path);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readPid(path);
      if (owner !== undefined && owner !== pid && isAlive(owner)) throw new DataDirLockedError(path, owner);
      // Stale (or half-written by a crashed start): remove and try again.
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
