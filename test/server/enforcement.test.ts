/**
 * Enforcement through the whole pipeline, in-process, with the real IAM operations: the root user
 * manages, a user's own calls are authorized from what the root attached.
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
import { iamOperations } from '../../src/services/iam/index.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const ACCOUNT = '135791357913' as AccountId;
const ROOT = { accessKeyId: 'AKIAENFORCEROOT00000', secretAccessKey: 'r'.repeat(40) };
const ALICE = { accessKeyId: 'AKIAENFORCEALICE0000', secretAccessKey: 'a'.repeat(40) };
const box = new SecretBox(Buffer.alloc(32, 9));
const has = (name: string) => iamOperations.some((op) => op.name === name);

let store: Store;
let pipeline: Pipeline;

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  await bootstrap({
    store,
    secretBox: box,
    dataDir: mkdtempSync(join(tmpdir(), 'pc-enf-')),
    now: new Date(),
    accountId: ACCOUNT,
    rootAccessKeyId: ROOT.accessKeyId,
    rootSecretAccessKey: ROOT.secretAccessKey,
  });
  pipeline = buildPipeline({
    store,
    secretBox: box,
    logger: createLogger('silent'),
    partition: 'aws',
    trustProxy: false,
  });
});
afterAll(() => store.close());

async function call(keys: typeof ROOT, params: Record<string, string>): Promise<OutgoingResponse> {
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: keys, sha256: Sha256 });
  const s = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    path: '/',
    headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
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

const message = (r: OutgoingResponse) => /<Message>([^<]*)<\/Message>/.exec(r.body)?.[1];
const doc = (effect: string, action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });

describe.runIf(has('CreateUser') && has('CreatePolicy') && has('AttachUserPolicy'))(
  'enforcement in-process',
  () => {
    it('denies a user with no policy, then allows what an attached policy grants', async () => {
      expect((await call(ROOT, { Action: 'CreateUser', UserName: 'alice' })).status).toBe(200);
      await store.transaction((tx) =>
        tx.accessKeys.create(ACCOUNT, {
          accessKeyId: ALICE.accessKeyId as AccessKeyId,
          userName: 'alice',
          status: 'Active',
          createDate: new Date(),
          secretCiphertext: box.seal(ALICE.secretAccessKey, secretAad(ALICE.accessKeyId)),
        }),
      );
      const before = await call(ALICE, { Action: 'ListUsers' });
      expect(before.status).toBe(403);
      expect(message(before)).toMatch(
        new RegExp(
          `^User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: iam:ListUsers on resource: \\S+ because no identity-based policy allows the iam:ListUsers action Encoded authorization failure message: [A-Za-z0-9_-]+$`,
        ),
      );

      const created = await call(ROOT, {
        Action: 'CreatePolicy',
        PolicyName: 'lister',
        PolicyDocument: doc('Allow', 'iam:ListUsers'),
      });
      expect(created.status).toBe(200);
      const arn = /<Arn>([^<]*)<\/Arn>/.exec(created.body)![1]!;
      expect(
        (await call(ROOT, { Action: 'AttachUserPolicy', UserName: 'alice', PolicyArn: arn })).status,
      ).toBe(200);

      const after = await call(ALICE, { Action: 'ListUsers' });
      expect(after.status).toBe(200);
      expect(after.body).toContain('<UserName>alice</UserName>');
      // Allowed ListUsers, not CreateUser.
      const other = await call(ALICE, { Action: 'CreateUser', UserName: 'mallory' });
      expect(message(other)).toContain(
        `iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/mallory because`,
      );
    });
  },
);
