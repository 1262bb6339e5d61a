import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, ROOT_KEY, removeDir, type ServerProcess, startServer } from './harness.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.runIf(hasOpenssl)('HTTPS with --tls-cert/--tls-key', () => {
  let server: ServerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-tls-'));

  beforeAll(async () => {
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { encoding: 'utf8' },
    );
    expect(made.status).toBe(0);
    // A non-loopback bind is allowed with TLS (no --insecure-http); clients still use 127.0.0.1.
    server = await startServer({
      args: ['--host', '0.0.0.0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
    });
  }, 30_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    if (server) removeDir(server.dataDir);
    removeDir(dir);
  });

  it('serves the API over HTTPS', () => {
    expect(server.url).toMatch(/^https:\/\//);
    const url = server.url.replace('0.0.0.0', '127.0.0.1');
    const r = aws({ url }, ROOT_KEY, ['iam', 'list-users', '--no-verify-ssl']);
    expect(r.status).toBe(0);
    expect(r.json).toEqual({ Users: expect.any(Array) });
  });
});
