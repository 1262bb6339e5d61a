import type { Migration } from '../../sql/migrate.js';
import { m0001Initial } from './0001-initial.js';
import { m0002Passwords } from './0002-passwords.js';
import { m0003MfaDevices } from './0003-mfa-devices.js';
import { m0004Audit } from './0004-audit.js';
import { m0006IdentityProviders } from './0006-identity-providers.js';
import { m0007Reports } from './0007-reports.js';

/** Every SQLite migration, in order. Append; never edit one that has shipped. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  m0001Initial,
  m0002Passwords,
  m0003MfaDevices,
  m0004Audit,
  m0006IdentityProviders,
  m0007Reports,
];
