/**
 * Password expiry through the API with a controlled clock: after MaxPasswordAge days a user may
 * still change its expired password with ChangePassword, unless HardExpiry is set (then only an
 * administrator's UpdateLoginProfile helps).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretAad } from '../../src/auth/credentials.js';
import { SecretBox } from '../../src/auth/secret-box.js';
import type { AccessKeyId, AccountId } from '../../src/domain/ids.js';
import { buildPipeline } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import type { OutgoingResponse } from '../../src/server/http-types.js';
import { createLogger } from '../../src/server/logger.js';
import type { Pipeline } from '../../src/server/pipeline.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createUser } from '../store/fixtures.js';

const ACCOUNT = '975319753197' as AccountId;
const ROOT = { accessKeyId: 'AKIAEXPIRYROOT000000', secretAccessKey: 'r'.repeat(40) };
const ZOE = { accessKeyId: 'AKIAEXPIRYZOE0000000', secretAccessKey: 'z'.repeat(40) };
const box = new SecretBox(Buffer.alloc(32, 5));
const T0 = new Date('2026-05-01T12:00:00Z');
const DAY = 86_400_000;
let now = T0;
let store: Store;
let pipeline: Pipeline;

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  await bootstrap({
    store,
    secretBox: box,
    dataDir: mkdtempSync(join(tmpdir(), 'pc-expiry-')),
    now: T0,
    accountId: ACCOUNT,
    rootAccessKeyId: ROOT.accessKeyId,
    rootSecretAccessKey: ROOT.secretAccessKey,
  });
  await store.transaction(async (tx) => {
    await createUser(tx, ACCOUNT, 'zoe');
    await tx.accessKeys.create(ACCOUNT, {
      accessKeyId: ZOE.accessKeyId as AccessKeyId,
      userName: 'zoe',
      status: 'Active',
      createDate: T0,
      secretCiphertext: box.seal(ZOE.secretAccessKey, secretAad(ZOE.accessKeyId)),
    });
  });
  pipeline = buildPipeline({
    store,
    secretBox: box,
    logger: createLogger('silent'),
    partition: 'aws',
    trustProxy: false,
    scryptLogN: 10,
    clock: () => now,
  });
});
afterAll(() => store.close());

async function call(keys: typeof ROOT, params: Record<string, string>): Promise<OutgoingResponse> {
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: keys, sha256: Sha256 });
  const s = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/',
      headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: now },
  );
  const buf = Buffer.from(body);
  return pipeline({
    method: 'POST',
    path: '/',
    query: '',
    headers: s.headers,
    remoteAddress: '127.0.0.1',
    secure: false,
    readBody: async () => buf,
  });
}

const code = (r: OutgoingResponse) => /<Code>([^<]*)<\/Code>/.exec(r.body)?.[1];
const message = (r: OutgoingResponse) => /<Message>([^<]*)<\/Message>/.exec(r.body)?.[1];

describe('password expiry through the API', () => {
  it('lets a user change an expired password, except under HardExpiry', async () => {
    const policy = {
      Action: 'UpdateAccountPasswordPolicy',
      AllowUsersToChangePassword: 'true',
      MaxPasswordAge: '30',
    };
    expect((await call(ROOT, policy)).status).toBe(200);
    expect(
      (await call(ROOT, { Action: 'CreateLoginProfile', UserName: 'zoe', Password: 'Zoe-Pass-01' })).status,
    ).toBe(200);

    now = new Date(T0.getTime() + 31 * DAY);
    const soft = await call(ZOE, {
      Action: 'ChangePassword',
      OldPassword: 'Zoe-Pass-01',
      NewPassword: 'Zoe-Pass-02',
    });
    expect(soft.status, soft.body).toBe(200);

    expect((await call(ROOT, { ...policy, HardExpiry: 'true' })).status).toBe(200);
    now = new Date(now.getTime() + 31 * DAY);
    const hard = await call(ZOE, {
      Action: 'ChangePassword',
      OldPassword: 'Zoe-Pass-02',
      NewPassword: 'Zoe-Pass-03',
    });
    expect(hard.status).toBe(403);
    expect(code(hard)).toBe('AccessDenied');
    expect(message(hard)).toContain('HardExpiry');

    // The administrator resets it; the user can change it again.
    expect(
      (await call(ROOT, { Action: 'UpdateLoginProfile', UserName: 'zoe', Password: 'Zoe-Pass-04' })).status,
    ).toBe(200);
    const after = await call(ZOE, {
      Action: 'ChangePassword',
      OldPassword: 'Zoe-Pass-04',
      NewPassword: 'Zoe-Pass-05',
    });
    expect(after.status, after.body).toBe(200);
    const profile = await store.read((r) => r.loginProfiles.get(ACCOUNT, 'zoe'));
    expect(profile?.passwordChangedAt).toEqual(now);
  });
});
