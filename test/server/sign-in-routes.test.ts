/**
 * The sign-in routes in-process: the cookie's attributes under TLS, methods and content types,
 * sign-out without a session, and a session's cookie authenticating API calls over TLS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../src/auth/password-hash.js';
import { SecretBox } from '../../src/auth/secret-box.js';
import type { AccountId } from '../../src/domain/ids.js';
import { buildPipeline } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import type { OutgoingResponse } from '../../src/server/http-types.js';
import { createLogger } from '../../src/server/logger.js';
import type { Pipeline } from '../../src/server/pipeline.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const ACCOUNT = '246802468024' as AccountId;
const box = new SecretBox(Buffer.alloc(32, 4));
const PASSWORD = 'Tls-Root-Pass-1';
let store: Store;
let pipeline: Pipeline;

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  await bootstrap({
    store,
    secretBox: box,
    dataDir: mkdtempSync(join(tmpdir(), 'pc-signin-')),
    now: new Date(),
    accountId: ACCOUNT,
  });
  const passwordHash = await new PasswordHasher(10).hash(PASSWORD);
  await store.transaction((tx) =>
    tx.loginProfiles.setPassword(ACCOUNT, undefined, { passwordHash, at: new Date() }, { createRoot: true }),
  );
  pipeline = buildPipeline({
    store,
    secretBox: box,
    logger: createLogger('silent'),
    partition: 'aws',
    trustProxy: false,
    scryptLogN: 10,
  });
});
afterAll(() => store.close());

function request(
  path: string,
  body: string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<OutgoingResponse> {
  const buf = Buffer.from(body);
  return pipeline({
    method,
    path,
    query: '',
    headers,
    remoteAddress: '192.0.2.7',
    secure: true,
    readBody: async () => buf,
  });
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describe('sign-in routes', () => {
  it('sets a Secure, HttpOnly, SameSite=Strict cookie under TLS, which then authenticates API calls', async () => {
    const res = await request(
      '/signin',
      JSON.stringify({ accountId: ACCOUNT, root: true, password: PASSWORD }),
      JSON_TYPE,
    );
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    const cookie = /^(portcullis-session=[^;]+)/.exec(res.headers['set-cookie']!)![1]!;
    const csrf = (JSON.parse(res.body) as { csrfToken: string }).csrfToken;
    const api = await request('/', 'Action=GetUser&Version=2010-05-08', {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `other=1; ${cookie}`,
      'x-portcullis-csrf': csrf,
    });
    expect(api.status, api.body).toBe(200);
    expect(api.body).toContain(`<Arn>arn:aws:iam::${ACCOUNT}:root</Arn>`);
    const out = await request('/signout', '', { ...JSON_TYPE, cookie, 'x-portcullis-csrf': csrf });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']).toMatch(
      /^portcullis-session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict; Secure$/,
    );
  });

  it('answers other methods, content types and bodies with JSON errors, and sign-out without a session', async () => {
    expect((await request('/signin', '', {}, 'GET')).status).toBe(405);
    expect((await request('/signin', 'a=b', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await request('/signin', '[1]', JSON_TYPE)).status).toBe(400);
    const both = await request(
      '/signin',
      JSON.stringify({ accountId: ACCOUNT, root: true, userName: 'x', password: 'p' }),
      JSON_TYPE,
    );
    expect(JSON.parse(both.body)).toEqual({
      error: 'MalformedRequest',
      message: 'give either "userName" or "root": true',
    });
    expect((await request('/signout', '{}', JSON_TYPE)).status).toBe(401);
  });
});
