/**
 * AssumeRoleWithWebIdentity verifies its token (which may fetch the issuer's keys over the
 * network) before the store transaction: a slow identity provider must not hold the write lock.
 * The stub verifier below only finishes once a concurrent CreateUser has committed; were the
 * verification inside the transaction, CreateUser would wait for it and neither would finish.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.js';
import { AwsError } from '../../src/core/aws-error.js';
import { buildPipeline } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import type { IncomingRequest, OutgoingResponse } from '../../src/server/http-types.js';
import { createLogger } from '../../src/server/logger.js';
import type { Pipeline } from '../../src/server/pipeline.js';
import type { IdentityVerifiers } from '../../src/services/sts/identity-verifiers.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const ACCOUNT = '210987654321';
const KEY = { accessKeyId: 'AKIAFEDERATION00TEST', secretAccessKey: 'f'.repeat(40) };
const NOW = new Date('2026-05-06T07:08:09Z');

let store: Store;
let pipeline: Pipeline;
let createUserDone: () => void = () => {};
const committed = new Promise<void>((resolve) => {
  createUserDone = resolve;
});
let verifyCalls = 0;

const verifiers: IdentityVerifiers = {
  webIdentity: {
    async verify() {
      verifyCalls += 1;
      await committed;
      throw new AwsError('InvalidIdentityToken', 'The stub rejects every token.');
    },
  },
  saml: {
    verify() {
      throw new AwsError('InvalidIdentityToken', 'not used here');
    },
  },
};

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  const secretBox = new SecretBox(Buffer.alloc(32, 5));
  await bootstrap({
    store,
    secretBox,
    dataDir: mkdtempSync(join(tmpdir(), 'pc-fed-lock-')),
    now: NOW,
    accountId: ACCOUNT,
    rootAccessKeyId: KEY.accessKeyId,
    rootSecretAccessKey: KEY.secretAccessKey,
  });
  pipeline = buildPipeline({
    store,
    secretBox,
    logger: createLogger('silent'),
    partition: 'aws',
    trustProxy: false,
    clock: () => NOW,
    identityVerifiers: verifiers,
  });
});
afterAll(() => store.close());

function request(body: string, headers: Record<string, string>): IncomingRequest {
  const bytes = Buffer.from(body);
  return {
    method: 'POST',
    path: '/',
    query: '',
    headers: { host: 'localhost:4600', ...headers },
    remoteAddress: '127.0.0.1',
    secure: false,
    readBody: async () => bytes,
  };
}

async function signed(body: string): Promise<OutgoingResponse> {
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: KEY, sha256: Sha256 });
  const headers = {
    host: 'localhost:4600',
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  };
  const s = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: 'localhost', port: 4600, path: '/', headers, body },
    { signingDate: NOW },
  );
  return pipeline(request(body, s.headers));
}

const code = (r: OutgoingResponse) => /<Code>([^<]*)<\/Code>/.exec(r.body)?.[1];

describe('AssumeRoleWithWebIdentity and the store lock', () => {
  it('verifies the token before the transaction, so a concurrent write commits meanwhile', async () => {
    const federated = pipeline(
      request(
        `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::${ACCOUNT}:role/web&RoleSessionName=web-session&WebIdentityToken=${'x'.repeat(40)}`,
        { 'content-type': 'application/x-www-form-urlencoded' },
      ),
    );
    // Let the federated call reach its verifier.
    for (let i = 0; i < 50 && verifyCalls === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(verifyCalls).toBe(1);
    const write = signed('Action=CreateUser&Version=2010-05-08&UserName=during-verification').then((r) => {
      createUserDone();
      return r;
    });
    const stuck = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 5000).unref());
    const outcome = await Promise.race([Promise.all([write, federated]), stuck]);
    expect(outcome).not.toBe('stuck');
    const [created, refused] = outcome as [OutgoingResponse, OutgoingResponse];
    expect(created.status).toBe(200);
    expect(code(refused)).toBe('InvalidIdentityToken');
    expect(await store.read((r) => r.users.get(ACCOUNT as never, 'during-verification'))).toMatchObject({
      name: 'during-verification',
    });
  });
});
