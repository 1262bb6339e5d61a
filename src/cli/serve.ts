import { pino } from 'pino';
import type { startServer } from '../server/app.js';
import { ConfigError, resolveConfig } from '../server/config.js';
import { DataDirLockedError } from '../server/data-dir-lock.js';
import { createLogger } from '../server/logger.js';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis serve [options]

Runs the Portcullis server: the AWS IAM, STS and CloudTrail APIs on one endpoint, with an embedded
SQLite store in the data directory. The first start creates the account and its root user's access
key and writes them to <data-dir>/credentials (mode 0600, AWS shared-credentials format, profile
'portcullis'). Stops on SIGTERM or SIGINT after in-flight requests finish.

Options:
  --host HOST           address to listen on (default 127.0.0.1; env PORTCULLIS_HOST)
  --port PORT           port to listen on, 0 for any free port (default 4600; env PORTCULLIS_PORT)
  --data-dir DIR        where the database, master key and credentials live (default ./data;
                        env PORTCULLIS_DATA_DIR)
  --database-url URL    PostgreSQL (planned, not supported yet; env PORTCULLIS_DATABASE_URL)
  --tls-cert FILE       serve HTTPS with this PEM certificate (with --tls-key; env PORTCULLIS_TLS_CERT)
  --tls-key FILE        the certificate's PEM private key (env PORTCULLIS_TLS_KEY)
  --insecure-http       allow plain HTTP on a non-loopback address (env PORTCULLIS_INSECURE_HTTP)
  --trust-proxy         take aws:SourceIp from X-Forwarded-For (only behind a proxy that sets it;
                        env PORTCULLIS_TRUST_PROXY)
  --log-level LEVEL     fatal, error, warn, info, debug, trace or silent (default info;
                        env PORTCULLIS_LOG_LEVEL)
  --audit-retention-days N  drop audit events older than N days, keeping the chain verifiable
                        from a signed digest (default: keep all; env PORTCULLIS_AUDIT_RETENTION_DAYS)
  -h, --help            show this help

Environment, read on first start only:
  PORTCULLIS_ACCOUNT_ID                12-digit account id (default: random)
  PORTCULLIS_ROOT_ACCESS_KEY_ID        root access key id, AKIA + 16 characters (default: generated)
  PORTCULLIS_ROOT_SECRET_ACCESS_KEY    its 40-character secret (default: generated)
Environment, every start:
  PORTCULLIS_MASTER_KEY_FILE           the key that encrypts secrets at rest (default
                                       <data-dir>/master.key, created on first start)
  PORTCULLIS_AUDIT_KEY_FILE            the Ed25519 key that signs audit digests (default
                                       <data-dir>/audit-signing.key, created on first start;
                                       keep it outside the data directory: see docs/audit.md)

Logs are JSON lines on standard error; standard output says where the server listens.
Exit status: 0 stopped by a signal, 1 could not start (configuration, data directory in use),
2 usage error.`;

export const serve: CliCommand = {
  summary: 'run the server (IAM, STS and CloudTrail APIs)',
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      options: {
        ...HELP_OPTION,
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'insecure-http': { type: 'boolean' },
        'trust-proxy': { type: 'boolean' },
        'log-level': { type: 'string' },
        'audit-retention-days': { type: 'string' },
      },
      allowPositionals: false,
    });
    let config: ReturnType<typeof resolveConfig>;
    try {
      config = resolveConfig(values, process.env, process.cwd());
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    const logger = createLogger(config.logLevel, pino.destination({ fd: 2, sync: false }));
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      // Loaded here so that the other commands do not pay for the server, store and codecs.
      const app = await import('../server/app.js');
      server = await app.startServer(config, logger);
    } catch (e) {
      if (e instanceof DataDirLockedError) throw new InputError(e.message);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'ENOENT') {
        throw new InputError((e as Error).message);
      }
      if (e instanceof Error && /master key/.test(e.message)) throw new InputError(e.message);
      throw e;
    }

    if (server.auditKeyCreated) {
      io.out(
        `Created audit signing key; its public key (also in ${server.auditKeyCreated.publicKeyPath}), keep a copy elsewhere:`,
      );
      io.out(server.auditKeyCreated.pem.trimEnd());
    }
    const boot = server.bootstrap;
    if (server.masterKeyCreated)
      io.out(`Created master key ${server.masterKeyCreated} (keep it: it decrypts every secret)`);
    if (boot.created) {
      io.out(`Created account ${boot.accountId} with root access key ${boot.created.accessKeyId}`);
      io.out(`Credentials written to ${boot.created.credentialsPath} (profile portcullis)`);
    } else {
      io.out(`Account ${boot.accountId}; root credentials in ${config.dataDir}/credentials`);
    }
    if (boot.ignoredAccountId) {
      io.err(
        `PORTCULLIS_ACCOUNT_ID=${boot.ignoredAccountId} ignored: the data directory already holds account ${boot.accountId}`,
      );
    }
    io.out(`Portcullis listening on ${server.url}`);

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    logger.info({ signal }, 'stopping: draining in-flight requests');
    await server.stop();
    logger.info('stopped');
    logger.flush();
    return ExitCode.ok;
  },
};
