import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../server/config.js';
import type { AuditLogReader } from '../store/audit-repo.js';
import { openSqliteAuditLog } from '../store/sqlite/open-sqlite-audit-log.js';
import { InputError } from './cli-error.js';

/** The data directory as `serve` resolves it: the flag, PORTCULLIS_DATA_DIR, or ./data. */
export function dataDirOf(flag: string | undefined): string {
  return resolve(flag || process.env.PORTCULLIS_DATA_DIR || DEFAULT_DATA_DIR);
}

/** The audit log, read-only: no lock, so it runs beside a serving process. */
export function openAuditLog(dataDir: string): AuditLogReader {
  const path = join(dataDir, 'portcullis.db');
  if (!existsSync(path)) throw new InputError(`no database in ${dataDir} (portcullis.db)`);
  return openSqliteAuditLog(path);
}

export function readPublicKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(readFileSync(file));
  } catch (e) {
    throw new InputError(`cannot read the public key ${file}: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`${file} is not an Ed25519 public key`);
  return key;
}
