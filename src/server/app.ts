/**
 * The composition root: the one place that picks the store, the clock, the key source and the
 * operations, and wires them into the pipeline and the HTTP server.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleSessions } from '../auth/console-sessions.js';
import { accessKeySealer, Credentials } from '../auth/credentials.js';
import { LoginThrottle, throttleFigures } from '../auth/login-throttle.js';
import { MfaCodes } from '../auth/mfa-codes.js';
import { DEFAULT_SCRYPT_LOG_N, PasswordHasher } from '../auth/password-hash.js';
import { totpCodes } from '../auth/totp.js';
import { loadMasterKey, SecretBox } from '../auth/secret-box.js';
import { SignIn } from '../auth/sign-in.js';
import { authorizationMessageCodec } from '../auth/authorization-message-codec.js';
import { OidcTokenVerifier } from '../auth/oidc-token.js';
import { SamlAssertionVerifierImpl } from '../auth/saml-assertion.js';
import { sessionTokenCodec } from '../auth/session-token.js';
import { loadServiceModel } from '../protocol/model.js';
import { OperationRegistry } from '../protocol/operation-registry.js';
import { type AuditSink, AuditTrail } from '../services/audit/audit-trail.js';
import { cloudtrailOperations } from '../services/audit/lookup-events.js';
import { Authorizer } from '../services/authorize.js';
import { iamOperations } from '../services/iam/index.js';
import { erase } from '../services/iam/define.js';
import { assumeRoleWithSAML } from '../services/sts/assume-role-with-saml.js';
import { assumeRoleWithWebIdentity } from '../services/sts/assume-role-with-web-identity.js';
import type { IdentityVerifiers } from '../services/sts/identity-verifiers.js';
import { type MfaVerifier, stsAuthorizationExtras, stsOperations } from '../services/sts/index.js';
import type { OperationContext, PortcullisOperation } from '../services/operation-context.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { loadAuditKey } from './audit-key.js';
import { type BootstrapResult, bootstrap } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { lockDataDir } from './data-dir-lock.js';
import { startHttpServer } from './http-server.js';
import type { Logger } from './logger.js';
import { createPipeline, type Pipeline, sourceIp } from './pipeline.js';
import { signInRoutes } from './sign-in-routes.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly bootstrap: BootstrapResult;
  readonly masterKeyCreated: string | undefined;
  /** Set when this start created the audit signing key: the public key to print. */
  readonly auditKeyCreated: { readonly pem: string; readonly publicKeyPath: string } | undefined;
  /** Drains in-flight requests, closes the store and releases the data directory. */
  stop(): Promise<void>;
}

export interface ServerParts {
  readonly store: Store;
  readonly secretBox: SecretBox;
  readonly logger: Logger;
  readonly partition: string;
  readonly trustProxy: boolean;
  readonly clock?: () => Date;
  readonly operations?: readonly PortcullisOperation[];
  /** log2 of scrypt's N for console passwords (default 17). */
  readonly scryptLogN?: number;
  /** The first sign-in lockout in seconds; every other throttle figure scales from it (default 900). */
  readonly signInLockoutSeconds?: number;
  /** Verifies SerialNumber/TokenCode for AssumeRole and GetSessionToken (absent: MFA codes fail). */
  readonly mfa?: MfaVerifier | undefined;
  /** Verifiers for AssumeRoleWithWebIdentity/SAML (default: identityVerifiers() with its defaults). */
  readonly identityVerifiers?: IdentityVerifiers | undefined;
  /** The audit trail; absent: calls are not recorded (benchmarks measuring its cost). */
  readonly audit?: AuditSink | undefined;
}

/** The federation settings the verifiers need (config.federation, plus the server URL once known). */
export interface IdentityVerifierSettings {
  /** Recipient/Destination SAML assertions must name. */
  readonly samlEndpointUrl: () => string;
  readonly oidcHttpLoopback?: boolean | undefined;
}

export function identityVerifiers(settings: IdentityVerifierSettings): IdentityVerifiers {
  return {
    webIdentity: new OidcTokenVerifier({ allowHttpLoopback: settings.oidcHttpLoopback ?? false }),
    saml: new SamlAssertionVerifierImpl({ endpointUrl: settings.samlEndpointUrl }),
  };
}

/** Every operation Portcullis serves. */
export const ALL_OPERATIONS: readonly PortcullisOperation[] = [
  ...iamOperations,
  ...stsOperations,
  erase(assumeRoleWithWebIdentity),
  erase(assumeRoleWithSAML),
  ...cloudtrailOperations,
];

/** The pipeline over given parts: used by the server below and by in-process tests. */
export function buildPipeline(parts: ServerParts): Pipeline {
  const registry = new OperationRegistry<OperationContext>(loadServiceModel);
  for (const op of parts.operations ?? ALL_OPERATIONS) registry.register(op);
  const hasher = new PasswordHasher(parts.scryptLogN ?? DEFAULT_SCRYPT_LOG_N);
  const sessions = new ConsoleSessions({ store: parts.store, partition: parts.partition });
  const mfaCodes = new MfaCodes(parts.store, parts.secretBox);
  const signIn = new SignIn({
    store: parts.store,
    hasher,
    box: parts.secretBox,
    sessions,
    throttle: new LoginThrottle(throttleFigures(parts.signInLockoutSeconds)),
    mfa: mfaCodes,
    partition: parts.partition,
  });
  const sessionTokens = sessionTokenCodec(parts.secretBox);
  const authorizationMessages = authorizationMessageCodec(parts.secretBox);
  return createPipeline({
    store: parts.store,
    registry,
    credentials: new Credentials({
      store: parts.store,
      secretBox: parts.secretBox,
      partition: parts.partition,
      sessionTokens,
    }),
    authorizer: new Authorizer({
      store: parts.store,
      onBadPolicy: (policyId, message) =>
        parts.logger.warn({ policyId, message }, 'stored policy does not parse'),
      extras: stsAuthorizationExtras({
        store: parts.store,
        mfa: parts.mfa ?? mfaCodes,
      }),
      messages: authorizationMessages,
    }),
    models: loadServiceModel,
    clock: parts.clock ?? (() => new Date()),
    logger: parts.logger,
    partition: parts.partition,
    trustProxy: parts.trustProxy,
    secrets: accessKeySealer(parts.secretBox),
    audit: parts.audit,
    passwords: hasher,
    otp: totpCodes,
    signIn: signInRoutes({
      signIn,
      sessions,
      sourceIp: (req) => sourceIp(req, parts.trustProxy),
      audit: parts.audit,
    }),
    consoleSessions: sessions,
    sessionTokens,
    authorizationMessages,
    identityVerifiers:
      parts.identityVerifiers ??
      identityVerifiers({ samlEndpointUrl: () => 'https://signin.aws.amazon.com/saml' }),
  });
}

export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(config.dataDir);
  let store: Store | undefined;
  // The default SAML endpoint is `<server URL>/saml`, known once the server listens (port 0 picks one).
  let serverUrl = '';
  let audit: AuditTrail | undefined;
  try {
    const tls = config.tls && {
      cert: readFileSync(config.tls.certFile),
      key: readFileSync(config.tls.keyFile),
    };
    const master = loadMasterKey({ keyFile: config.masterKeyFile, dataDir: config.dataDir });
    const secretBox = new SecretBox(master.key);
    store = await openSqliteStore(join(config.dataDir, 'portcullis.db'), { partition: config.partition });
    const boot = await bootstrap({
      store,
      secretBox,
      dataDir: config.dataDir,
      now: new Date(),
      ...config.bootstrap,
    });
    const auditKey = loadAuditKey({ keyFile: config.auditKeyFile, dataDir: config.dataDir });
    audit = new AuditTrail({
      store,
      signer: auditKey,
      retentionDays: config.auditRetentionDays,
      onError: (err) => logger.error({ err }, 'audit trail write failed'),
    });
    const pipeline = buildPipeline({
      store,
      secretBox,
      logger,
      partition: config.partition,
      trustProxy: config.trustProxy,
      audit,
      scryptLogN: config.scryptLogN,
      signInLockoutSeconds: config.signInLockoutSeconds,
      identityVerifiers: identityVerifiers({
        samlEndpointUrl: () => config.federation.samlEndpointUrl ?? `${serverUrl}/saml`,
        oidcHttpLoopback: config.federation.oidcHttpLoopback,
      }),
    });
    const http = await startHttpServer({ host: config.host, port: config.port, tls, pipeline, logger });
    serverUrl = http.url;
    const openStore = store;
    const openAudit = audit;
    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      bootstrap: boot,
      masterKeyCreated: master.created ? master.path : undefined,
      auditKeyCreated: auditKey.createdPublicKeyPem
        ? { pem: auditKey.createdPublicKeyPem, publicKeyPath: auditKey.publicKeyPath }
        : undefined,
      stop: () => {
        stopping ??= (async () => {
          try {
            await http.close(config.drainTimeoutMs);
            // Queued events are written and the tail sealed before the store closes.
            await openAudit.close();
            await openStore.close();
          } finally {
            lock.release();
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    await audit?.close().catch(() => undefined);
    await store?.close();
    lock.release();
    throw e;
  }
}
