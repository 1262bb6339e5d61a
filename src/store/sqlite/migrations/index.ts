import type { Migration } from '../../sql/migrate.js';
import { m0001Initial } from './0001-initial.js';
import { m0004Audit } from './0004-audit.js';

/** Every SQLite migration, in order. Append; never edit one that has shipped. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [m0001Initial, m0004Audit];
