import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/server/config.js';
import { DataDirLockedError, lockDataDir } from '../../src/server/data-dir-lock.js';

describe('resolveConfig', () => {
  it('defaults to 127.0.0.1:4600 and ./data', () => {
    const c = resolveConfig({}, {}, '/srv');
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 4600,
      dataDir: '/srv/data',
      tls: undefined,
      trustProxy: false,
    });
  });

  it('reads PORTCULLIS_* and lets flags win', () => {
    const env = {
      PORTCULLIS_HOST: '127.0.0.2',
      PORTCULLIS_PORT: '5000',
      PORTCULLIS_DATA_DIR: '/var/pc',
      PORTCULLIS_TRUST_PROXY: 'true',
    };
    expect(resolveConfig({}, env, '/')).toMatchObject({
      host: '127.0.0.2',
      port: 5000,
      dataDir: '/var/pc',
      trustProxy: true,
    });
    expect(resolveConfig({ port: '6000', 'data-dir': 'd' }, env, '/x')).toMatchObject({
      port: 6000,
      dataDir: '/x/d',
    });
  });

  it.each([
    [{ port: '70000' }, {}, /port number/],
    [{ port: 'http' }, {}, /port number/],
    [{ 'database-url': 'postgres://db/pc' }, {}, /PostgreSQL is not supported yet/],
    [{ host: '0.0.0.0' }, {}, /--insecure-http/],
    [{ 'tls-cert': 'c.pem' }, {}, /go together/],
    [{}, { PORTCULLIS_ACCOUNT_ID: '123' }, /12 digits/],
    [{}, { PORTCULLIS_ROOT_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }, /go together/],
    [
      {},
      { PORTCULLIS_ROOT_ACCESS_KEY_ID: 'nope', PORTCULLIS_ROOT_SECRET_ACCESS_KEY: 'x'.repeat(40) },
      /AKIA/,
    ],
    [{ 'log-level': 'loud' }, {}, /log-level/],
  ])('refuses %o %o', (flags, env, message) => {
    expect(() => resolveConfig(flags, env, '/')).toThrow(ConfigError);
    expect(() => resolveConfig(flags, env, '/')).toThrow(message);
  });

  it('allows a non-loopback bind with TLS or --insecure-http', () => {
    expect(resolveConfig({ host: '0.0.0.0', 'insecure-http': true }, {}, '/').insecureHttp).toBe(true);
    expect(resolveConfig({ host: '0.0.0.0', 'tls-cert': 'c', 'tls-key': 'k' }, {}, '/t').tls).toEqual({
      certFile: '/t/c',
      keyFile: '/t/k',
    });
  });
});

describe('lockDataDir', () => {
  it('refuses a second holder while the first lives, and takes over a stale lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-lock-'));
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir, process.pid + 1)).toThrow(DataDirLockedError);
    lock.release();
    writeFileSync(join(dir, 'portcullis.lock'), '2147483646\n'); // no such process
    const again = lockDataDir(dir);
    again.release();
  });
});
