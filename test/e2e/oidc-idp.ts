/**
 * A test OpenID Connect identity provider on loopback: a node:http server serving the discovery
 * document and the JWKS, and a jose-signed ID token maker. Its issuer is
 * `https://127.0.0.1:<port>` (what the provider URL and `iss` say); the server runs with
 * PORTCULLIS_OIDC_INSECURE_LOOPBACK=true, which fetches loopback issuers over plain http.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof generateKeyPair>>;

export interface TokenOptions {
  /** Sign with a key the JWKS does not publish under this kid (a forged signature). */
  readonly forged?: boolean;
  /** Seconds from now; negative for an expired token. Default 300. */
  readonly expiresIn?: number;
  readonly issuer?: string;
  readonly kid?: string;
}

export interface OidcIdp {
  readonly issuer: string;
  /** How many times the JWKS was served. */
  jwksFetches(): number;
  token(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** Replaces the signing key under a new kid (the JWKS serves only the new one). */
  rotate(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOidcIdp(): Promise<OidcIdp> {
  let key: Key = await generateKeyPair('RS256', { extractable: true });
  let kid = 'k1';
  let jwk: JWK = { ...(await exportJWK(key.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const rogue = await generateKeyPair('RS256');
  let fetches = 0;
  let issuer = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/jwks') {
      fetches++;
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksFetches: () => fetches,
    token: (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setIssuedAt(now - 10)
        .setExpirationTime(now + (options.expiresIn ?? 300))
        .sign(options.forged ? rogue.privateKey : key.privateKey);
    },
    rotate: async () => {
      key = await generateKeyPair('RS256', { extractable: true });
      kid = `k${Number(kid.slice(1)) + 1}`;
      jwk = { ...(await exportJWK(key.publicKey)), kid, alg: 'RS256', use: 'sig' };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
