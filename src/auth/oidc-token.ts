/**
 * AssumeRoleWithWebIdentity's token check: an OpenID Connect ID token (a JWS-signed JWT) verified
 * with `jose` against the keys its issuer publishes.
 *
 *   1. the provider is the account's OIDC provider whose URL equals the token's `iss` (https);
 *   2. the keys: `<iss>/.well-known/openid-configuration` -> `jwks_uri` -> JWKS, fetched with a
 *      timeout, a size cap and no redirects, cached per issuer for `cacheTtlMs` and fetched again
 *      (at most every `minRefetchMs`) when a token names a `kid` the cached set lacks;
 *   3. the signature (asymmetric algorithms only: RS*, PS*, ES*, EdDSA), `iss`, `exp` (required),
 *      `nbf` and `iat` with `clockSkewMs` of tolerance;
 *   4. `aud` (any of its values) or else `azp` among the provider's client ids.
 *
 * Test mode (`allowHttpLoopback`): an issuer on a loopback host (127.0.0.0/8, ::1, localhost) is
 * fetched over plain http although its URL, provider and `iss` stay `https://127.0.0.1:<port>`;
 * everything else is unchanged. Tests run a node:http IdP on loopback this way
 * (test/e2e/oidc-idp.ts). Production keeps https everywhere.
 */
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  type JSONWebKeySet,
  jwtVerify,
} from 'jose';
import { AwsError } from '../core/aws-error.js';
import { type OidcProvider, oidcProviderKey } from '../domain/identity-provider.js';
import type { VerifiedWebIdentity, WebIdentityVerifier } from '../services/sts/identity-verifiers.js';

export interface OidcVerifierOptions {
  /** Fetch over http for loopback issuers (tests). Default false. */
  readonly allowHttpLoopback?: boolean;
  readonly fetchTimeoutMs?: number;
  /** Largest discovery document or JWKS accepted. */
  readonly maxResponseBytes?: number;
  readonly cacheTtlMs?: number;
  readonly minRefetchMs?: number;
  readonly clockSkewMs?: number;
  /** Injected for tests; default the global fetch. */
  readonly fetch?: typeof fetch;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const invalid = (message: string) => new AwsError('InvalidIdentityToken', message);
const communication = () =>
  new AwsError(
    'IDPCommunicationError',
    "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
  );

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

interface CachedKeys {
  readonly keys: JSONWebKeySet;
  readonly set: ReturnType<typeof createLocalJWKSet>;
  readonly fetchedAt: number;
}

export class OidcTokenVerifier implements WebIdentityVerifier {
  readonly #options: Required<Omit<OidcVerifierOptions, 'fetch'>>;
  readonly #fetch: typeof fetch;
  readonly #cache = new Map<string, CachedKeys>();

  constructor(options: OidcVerifierOptions = {}) {
    this.#options = {
      allowHttpLoopback: options.allowHttpLoopback ?? false,
      fetchTimeoutMs: options.fetchTimeoutMs ?? 5000,
      maxResponseBytes: options.maxResponseBytes ?? 512 * 1024,
      cacheTtlMs: options.cacheTtlMs ?? 3600_000,
      minRefetchMs: options.minRefetchMs ?? 10_000,
      clockSkewMs: options.clockSkewMs ?? 60_000,
    };
    this.#fetch = options.fetch ?? fetch;
  }

  async verify(
    token: string,
    findProvider: (issuerKey: string) => Promise<OidcProvider | undefined>,
    now: Date,
  ): Promise<VerifiedWebIdentity> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw invalid('The ID Token provided is not a valid JWT.');
    }
    if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) {
      throw invalid(`The token's signing algorithm ${String(header.alg)} is not supported.`);
    }
    const iss = unverified.iss;
    if (typeof iss !== 'string' || !/^https:\/\//.test(iss)) {
      throw invalid('The token has no https issuer (iss).');
    }
    let key: string;
    try {
      key = oidcProviderKey(iss);
    } catch {
      throw invalid('The token has no https issuer (iss).');
    }
    const provider = await findProvider(key);
    if (provider === undefined) {
      throw invalid(`No OpenIDConnect provider found in your account for ${iss}`);
    }

    const payload = await this.#verifySignature(token, header.kid, iss, provider, now);

    const exp = payload.exp;
    if (typeof exp !== 'number') throw invalid('The token has no expiration time (exp).');
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now.getTime() + this.#options.clockSkewMs) {
      throw invalid('The token was issued in the future (iat).');
    }
    const subject = payload.sub;
    if (typeof subject !== 'string' || subject === '') throw invalid('The token has no subject (sub).');
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
    const audience =
      audiences.find((a) => provider.clientIds.includes(a)) ??
      (azp !== undefined && provider.clientIds.includes(azp) ? azp : undefined);
    if (audience === undefined) throw invalid('Incorrect token audience');
    const amr = Array.isArray(payload.amr) ? payload.amr.map(String) : undefined;
    return {
      provider,
      issuer: iss,
      subject,
      audience,
      audiences,
      authorizedParty: azp,
      amr,
      expiresAt: new Date(exp * 1000),
      claims: payload,
    };
  }

  async #verifySignature(
    token: string,
    kid: string | undefined,
    iss: string,
    provider: OidcProvider,
    now: Date,
  ) {
    let cached = this.#cache.get(provider.url);
    const age = cached === undefined ? Number.POSITIVE_INFINITY : now.getTime() - cached.fetchedAt;
    const knowsKid = (c: CachedKeys) => kid === undefined || c.keys.keys.some((k) => k.kid === kid);
    if (
      cached === undefined ||
      age > this.#options.cacheTtlMs ||
      (!knowsKid(cached) && age > this.#options.minRefetchMs)
    ) {
      const keys = await this.#fetchKeys(provider.url);
      cached = { keys, set: createLocalJWKSet(keys), fetchedAt: now.getTime() };
      this.#cache.set(provider.url, cached);
    }
    try {
      const { payload } = await jwtVerify(token, cached.set, {
        issuer: iss,
        algorithms: ALGORITHMS,
        currentDate: now,
        clockTolerance: Math.floor(this.#options.clockSkewMs / 1000),
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000) : undefined;
        throw new AwsError(
          'ExpiredTokenException',
          `Token expired: current date/time ${now.toISOString()} must be before the expiration date/time ${exp?.toISOString() ?? 'unknown'}`,
        );
      }
      if (
        error instanceof joseErrors.JWKSNoMatchingKey ||
        error instanceof joseErrors.JWKSMultipleMatchingKeys
      ) {
        throw invalid("No key in the identity provider's JWKS matches the token (kid).");
      }
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw invalid('The token signature could not be verified.');
      }
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw invalid(`The token's ${error.claim} claim is not valid: ${error.reason}`);
      }
      throw invalid('The ID Token provided is not a valid JWT.');
    }
  }

  async #fetchKeys(issuerUrl: string): Promise<JSONWebKeySet> {
    const discovery = await this.#getJson(`${issuerUrl}/.well-known/openid-configuration`);
    const jwksUri = (discovery as { jwks_uri?: unknown }).jwks_uri;
    if (typeof jwksUri !== 'string') throw communication();
    const jwks = (await this.#getJson(jwksUri)) as { keys?: unknown };
    if (!Array.isArray(jwks.keys)) throw communication();
    return { keys: jwks.keys as JSONWebKeySet['keys'] };
  }

  /** The URL to fetch: https only, except loopback in test mode (fetched over http). */
  #fetchUrl(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw communication();
    }
    const loopback = LOOPBACK.test(parsed.hostname);
    if (this.#options.allowHttpLoopback && loopback) {
      parsed.protocol = 'http:';
      return parsed.toString();
    }
    if (parsed.protocol !== 'https:') throw communication();
    return parsed.toString();
  }

  async #getJson(url: string): Promise<unknown> {
    const target = this.#fetchUrl(url);
    try {
      const res = await this.#fetch(target, {
        redirect: 'error',
        signal: AbortSignal.timeout(this.#options.fetchTimeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!res.ok || res.body === null) throw communication();
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > this.#options.maxResponseBytes) throw communication();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > this.#options.maxResponseBytes) throw communication();
        chunks.push(chunk);
      }
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch (error) {
      if (error instanceof AwsError) throw error;
      throw communication();
    }
  }
}
