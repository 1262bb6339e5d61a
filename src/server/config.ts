/**
 * Server configuration from command-line flags and PORTCULLIS_* environment variables (a flag wins
 * over its variable). Resolution is pure: it reads the values it is given, never `process`.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { scryptLogNFrom } from '../auth/password-hash.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4600;
export const DEFAULT_DATA_DIR = './data';

export interface ServerConfig {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Absolute. */
  readonly dataDir: string;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  /** Serve plain HTTP on a non-loopback address (refused unless asked for). */
  readonly insecureHttp: boolean;
  /** Take aws:SourceIp from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
  readonly masterKeyFile: string | undefined;
  readonly bootstrap: {
    readonly accountId: string | undefined;
    readonly rootAccessKeyId: string | undefined;
    readonly rootSecretAccessKey: string | undefined;
  };
  readonly partition: string;
  readonly logLevel: string;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  readonly drainTimeoutMs: number;
  /** The Ed25519 key that signs audit digests (default <data-dir>/audit-signing.key). */
  readonly auditKeyFile: string | undefined;
  /** Audit events older than this are dropped (whole digests at a time); undefined keeps all. */
  readonly auditRetentionDays: number | undefined;
  /** log2 of scrypt's N for password hashes (PORTCULLIS_SCRYPT_LOG_N, default 17). */
  readonly scryptLogN: number;
  /** The first console sign-in lockout (PORTCULLIS_SIGNIN_LOCKOUT_SECONDS, default 900); the other throttle figures scale from it. */
  readonly signInLockoutSeconds: number;
  /** AssumeRoleWithSAML and AssumeRoleWithWebIdentity settings (docs/federation.md). */
  readonly federation: FederationConfig;
}

export interface FederationConfig {
  /**
   * The URL SAML assertions must name as Recipient (and Destination): PORTCULLIS_SAML_ENDPOINT_URL,
   * default `<server URL>/saml` once the server listens.
   */
  readonly samlEndpointUrl: string | undefined;
  /**
   * PORTCULLIS_OIDC_INSECURE_LOOPBACK: fetch the discovery document and JWKS of loopback issuers
   * (`https://127.0.0.1:<port>`) over plain http. For tests only; default false.
   */
  readonly oidcHttpLoopback: boolean;
}

/** Flags as `portcullis serve` parsed them (undefined: not given). */
export interface ServerFlags {
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly 'data-dir'?: string | undefined;
  readonly 'database-url'?: string | undefined;
  readonly 'tls-cert'?: string | undefined;
  readonly 'tls-key'?: string | undefined;
  readonly 'insecure-http'?: boolean | undefined;
  readonly 'trust-proxy'?: boolean | undefined;
  readonly 'log-level'?: string | undefined;
  readonly 'audit-retention-days'?: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

const bool = (name: string, v: string | undefined): boolean | undefined => {
  if (v === undefined || v === '') return undefined;
  if (/^(1|true|yes)$/i.test(v)) return true;
  if (/^(0|false|no)$/i.test(v)) return false;
  throw new ConfigError(`${name} must be true or false, got '${v}'`);
};

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

export function resolveConfig(flags: ServerFlags, env: Env, cwd: string): ServerConfig {
  const host = nonEmpty(flags.host) ?? nonEmpty(env.PORTCULLIS_HOST) ?? DEFAULT_HOST;
  if (host !== 'localhost' && isIP(host.replace(/^\[|\]$/g, '')) === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) {
    throw new ConfigError(`--host: '${host}' is not an IP address or host name`);
  }

  const portText = nonEmpty(flags.port) ?? nonEmpty(env.PORTCULLIS_PORT);
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!/^\d{1,5}$/.test(portText ?? '0') || port > 65535) {
    throw new ConfigError(`--port: '${portText}' is not a port number (0-65535)`);
  }

  const databaseUrl = nonEmpty(flags['database-url']) ?? nonEmpty(env.PORTCULLIS_DATABASE_URL);
  if (databaseUrl !== undefined) {
    const scheme = databaseUrl.split(':', 1)[0];
    throw new ConfigError(
      scheme === 'postgres' || scheme === 'postgresql'
        ? '--database-url: PostgreSQL is not supported yet; omit it to use the embedded SQLite store in --data-dir'
        : `--database-url: unsupported database '${scheme}' (PostgreSQL support is planned; SQLite needs no URL)`,
    );
  }

  const certFile = nonEmpty(flags['tls-cert']) ?? nonEmpty(env.PORTCULLIS_TLS_CERT);
  const keyFile = nonEmpty(flags['tls-key']) ?? nonEmpty(env.PORTCULLIS_TLS_KEY);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError('--tls-cert and --tls-key go together: give both or neither');
  }
  const tls =
    certFile && keyFile ? { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) } : undefined;

  const insecureHttp =
    flags['insecure-http'] ?? bool('PORTCULLIS_INSECURE_HTTP', env.PORTCULLIS_INSECURE_HTTP) ?? false;
  if (tls === undefined && !insecureHttp && !isLoopback(host)) {
    throw new ConfigError(
      `refusing to serve plain HTTP on ${host}: secrets would cross the network in the clear. ` +
        'Give --tls-cert and --tls-key, or --insecure-http if a TLS proxy sits in front.',
    );
  }

  const accountId = nonEmpty(env.PORTCULLIS_ACCOUNT_ID);
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new ConfigError(`PORTCULLIS_ACCOUNT_ID must be 12 digits, got '${accountId}'`);
  }
  const rootAccessKeyId = nonEmpty(env.PORTCULLIS_ROOT_ACCESS_KEY_ID);
  const rootSecretAccessKey = nonEmpty(env.PORTCULLIS_ROOT_SECRET_ACCESS_KEY);
  if ((rootAccessKeyId === undefined) !== (rootSecretAccessKey === undefined)) {
    throw new ConfigError(
      'PORTCULLIS_ROOT_ACCESS_KEY_ID and PORTCULLIS_ROOT_SECRET_ACCESS_KEY go together: set both or neither',
    );
  }
  if (rootAccessKeyId !== undefined && !ACCESS_KEY_ID.test(rootAccessKeyId)) {
    throw new ConfigError(
      'PORTCULLIS_ROOT_ACCESS_KEY_ID must be AKIA followed by 16 characters of A-Z and 2-7 (20 in all)',
    );
  }
  if (rootSecretAccessKey !== undefined && !/^[A-Za-z0-9/+]{40}$/.test(rootSecretAccessKey)) {
    throw new ConfigError(
      'PORTCULLIS_ROOT_SECRET_ACCESS_KEY must be 40 characters of A-Z, a-z, 0-9, / and +',
    );
  }

  const masterKeyFile = nonEmpty(env.PORTCULLIS_MASTER_KEY_FILE);
  const logLevel = nonEmpty(flags['log-level']) ?? nonEmpty(env.PORTCULLIS_LOG_LEVEL) ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ConfigError(`--log-level must be one of ${[...LOG_LEVELS].join(', ')}, got '${logLevel}'`);
  }

  const auditKeyFile = nonEmpty(env.PORTCULLIS_AUDIT_KEY_FILE);
  const retentionText =
    nonEmpty(flags['audit-retention-days']) ?? nonEmpty(env.PORTCULLIS_AUDIT_RETENTION_DAYS);
  if (retentionText !== undefined && !/^[1-9]\d{0,5}$/.test(retentionText)) {
    throw new ConfigError(
      `--audit-retention-days must be a whole number of days (1-999999), got '${retentionText}'`,
    );
  }
  let scryptLogN: number;
  try {
    scryptLogN = scryptLogNFrom(nonEmpty(env.PORTCULLIS_SCRYPT_LOG_N));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }

  const lockoutText = nonEmpty(env.PORTCULLIS_SIGNIN_LOCKOUT_SECONDS);
  const signInLockoutSeconds = lockoutText === undefined ? 900 : Number(lockoutText);
  if (!/^\d{1,6}$/.test(lockoutText ?? '900') || signInLockoutSeconds < 1) {
    throw new ConfigError(
      `PORTCULLIS_SIGNIN_LOCKOUT_SECONDS must be a whole number of seconds, 1 or more, got '${lockoutText}'`,
    );
  }

  return {
    host,
    port,
    dataDir: resolve(
      cwd,
      nonEmpty(flags['data-dir']) ?? nonEmpty(env.PORTCULLIS_DATA_DIR) ?? DEFAULT_DATA_DIR,
    ),
    tls,
    insecureHttp,
    trustProxy: flags['trust-proxy'] ?? bool('PORTCULLIS_TRUST_PROXY', env.PORTCULLIS_TRUST_PROXY) ?? false,
    masterKeyFile: masterKeyFile === undefined ? undefined : resolve(cwd, masterKeyFile),
    bootstrap: { accountId, rootAccessKeyId, rootSecretAccessKey },
    partition: nonEmpty(env.PORTCULLIS_PARTITION) ?? 'aws',
    logLevel,
    drainTimeoutMs: 10_000,
    auditKeyFile: auditKeyFile === undefined ? undefined : resolve(cwd, auditKeyFile),
    auditRetentionDays: retentionText === undefined ? undefined : Number(retentionText),
    scryptLogN,
    signInLockoutSeconds,
    federation: {
      samlEndpointUrl: samlEndpointUrlFrom(nonEmpty(env.PORTCULLIS_SAML_ENDPOINT_URL)),
      oidcHttpLoopback:
        bool('PORTCULLIS_OIDC_INSECURE_LOOPBACK', env.PORTCULLIS_OIDC_INSECURE_LOOPBACK) ?? false,
    },
  };
}

function samlEndpointUrlFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PORTCULLIS_SAML_ENDPOINT_URL must be an absolute URL, got '${value}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PORTCULLIS_SAML_ENDPOINT_URL must be an http(s) URL, got '${value}'`);
  }
  return value;
}
