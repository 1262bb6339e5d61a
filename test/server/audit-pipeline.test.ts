/**
 * The audit trail through the real pipeline and IAM operations, in-process: every call makes an
 * event (allowed, denied, invalid, failed), a mutation's event commits with it and only with it,
 * no secret reaches a record, and a flood of unauthenticated requests writes a bounded number of rows.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.js';
import { buildPipeline } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import type { IncomingRequest, OutgoingResponse } from '../../src/server/http-types.js';
import { createLogger } from '../../src/server/logger.js';
import type { Pipeline } from '../../src/server/pipeline.js';
import { AuditTrail } from '../../src/services/audit/audit-trail.js';
import type { SqlStore } from '../../src/store/sql/sql-store.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { testCatalog } from '../store/fixtures.js';
import { signer } from '../services/audit/audit-fixtures.js';

const ACCOUNT = '210987654321';
const ROOT = { accessKeyId: 'AKIAPIPELINE0000TEST', secretAccessKey: 'p'.repeat(40) };
const logger = createLogger('silent', { write: () => undefined });

let store: SqlStore;
let trail: AuditTrail;
let pipeline: Pipeline;
let failingPipeline: Pipeline;

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
  const secretBox = new SecretBox(Buffer.alloc(32, 3));
  await bootstrap({
    store,
    secretBox,
    dataDir: mkdtempSync(join(tmpdir(), 'pc-audit-')),
    now: new Date(),
    accountId: ACCOUNT,
    rootAccessKeyId: ROOT.accessKeyId,
    rootSecretAccessKey: ROOT.secretAccessKey,
  });
  trail = new AuditTrail({ store, signer, flushMs: 1, unauthenticatedPerMinute: 10 });
  const parts = { store, secretBox, logger, partition: 'aws', trustProxy: false };
  pipeline = buildPipeline({ ...parts, audit: trail });
  failingPipeline = buildPipeline({
    ...parts,
    audit: {
      appendInTransaction: async () => {
        throw new Error('audit store full');
      },
      record: () => undefined,
      recordUnauthenticated: () => undefined,
    },
  });
});
afterAll(async () => {
  await trail.close();
  await store.close();
});

function request(body: string, headers: Record<string, string>, ip = '192.0.2.9'): IncomingRequest {
  const bytes = Buffer.from(body);
  return {
    method: 'POST',
    path: '/',
    query: '',
    headers,
    remoteAddress: ip,
    secure: false,
    readBody: async () => bytes,
  };
}

async function call(
  body: string,
  keys = ROOT,
  options: { pipe?: Pipeline; ip?: string; service?: string; target?: string } = {},
): Promise<OutgoingResponse> {
  const service = options.service ?? 'iam';
  const s = new SignatureV4({ service, region: 'us-east-1', credentials: keys, sha256: Sha256 });
  const headers: Record<string, string> = {
    host: 'localhost:4600',
    'content-type': options.target
      ? 'application/x-amz-json-1.1'
      : 'application/x-www-form-urlencoded; charset=utf-8',
    'user-agent': 'audit-test/1.0',
    ...(options.target && { 'x-amz-target': options.target }),
  };
  const signed = await s.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4600,
    path: '/',
    headers,
    body,
  });
  return (options.pipe ?? pipeline)(request(body, signed.headers as Record<string, string>, options.ip));
}

const iam = (action: string, params: Record<string, string> = {}) =>
  new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();

// biome-ignore lint/suspicious/noExplicitAny: records are free-form JSON, read by assertions
async function records(): Promise<Record<string, any>[]> {
  await trail.flush();
  const rows = await store.db.selectFrom('audit_events').select('record').orderBy('seq').execute();
  return rows.map((r) => JSON.parse(r.record));
}

const byRequest = async (r: OutgoingResponse) =>
  (await records()).filter((e) => e.requestID === r.headers['x-amzn-requestid']);

describe('audit events through the pipeline', () => {
  it('records an allowed mutation in its own transaction, with CloudTrail fields', async () => {
    const r = await call(iam('CreateUser', { UserName: 'alice', Path: '/eng/' }));
    expect(r.status).toBe(200);
    // Present before any flush: it committed with the user.
    const row = await store.db
      .selectFrom('audit_events')
      .select('record')
      .where('event_name', '=', 'CreateUser')
      .executeTakeFirstOrThrow();
    const e = JSON.parse(row.record);
    expect(e).toMatchObject({
      eventVersion: '1.08',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.9',
      userAgent: 'audit-test/1.0',
      requestParameters: { userName: 'alice', path: '/eng/' },
      responseElements: {
        user: { userName: 'alice', path: '/eng/', arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice` },
      },
      requestID: r.headers['x-amzn-requestid'],
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      userIdentity: {
        type: 'Root',
        principalId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:root`,
        accountId: ACCOUNT,
        accessKeyId: ROOT.accessKeyId,
      },
    });
    expect(e.eventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(e.errorCode).toBeUndefined();
  });

  it('records a failed mutation once, with its error, and no change', async () => {
    const r = await call(iam('CreateUser', { UserName: 'alice' }));
    expect(r.status).toBe(409);
    const [e, ...more] = await byRequest(r);
    expect(more).toEqual([]);
    expect(e).toMatchObject({
      eventName: 'CreateUser',
      errorCode: 'EntityAlreadyExists',
      responseElements: null,
    });
    expect(e!.errorMessage).toMatch(/alice/);
  });

  it('rolls the mutation back when its event cannot be written', async () => {
    const r = await call(iam('CreateUser', { UserName: 'ghost' }), ROOT, { pipe: failingPipeline });
    expect(r.status).toBe(500);
    const user = await store.read((t) => t.users.get(ACCOUNT as never, 'ghost'));
    expect(user).toBeUndefined();
  });

  it('records read-only calls (batched), validation failures and denials of an IAM user', async () => {
    const read = await call(iam('GetUser', { UserName: 'alice' }));
    expect(read.status).toBe(200);
    expect(await byRequest(read)).toEqual([
      expect.objectContaining({ eventName: 'GetUser', readOnly: true, responseElements: null }),
    ]);

    const invalid = await call(iam('CreateUser'));
    expect(invalid.status).toBe(400);
    expect(await byRequest(invalid)).toEqual([
      expect.objectContaining({ eventName: 'CreateUser', errorCode: 'ValidationError' }),
    ]);

    const created = await call(iam('CreateAccessKey', { UserName: 'alice' }));
    const id = /<AccessKeyId>([^<]+)</.exec(created.body)![1]!;
    const secret = /<SecretAccessKey>([^<]+)</.exec(created.body)![1]!;
    const denied = await call(iam('ListUsers'), { accessKeyId: id, secretAccessKey: secret });
    expect(denied.status).toBe(403);
    const [e] = await byRequest(denied);
    expect(e).toMatchObject({
      eventName: 'ListUsers',
      errorCode: 'AccessDenied',
      userIdentity: {
        type: 'IAMUser',
        userName: 'alice',
        accessKeyId: id,
        arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
      },
    });
    const summary = await store.read((t) =>
      t.audit.lastAccessed(ACCOUNT as never, [`arn:aws:iam::${ACCOUNT}:user/eng/alice`]),
    );
    expect(summary).toEqual([expect.objectContaining({ service: 'iam', region: 'us-east-1' })]);
  });

  it('never records a secret', async () => {
    const created = await call(iam('CreateAccessKey', { UserName: 'alice' }));
    const secret = /<SecretAccessKey>([^<]+)</.exec(created.body)![1]!;
    await call(iam('CreateLoginProfile', { UserName: 'alice', Password: 'Sup3r-Secret-Passw0rd!' }));
    await call(iam('UpdateLoginProfile', { UserName: 'alice', Password: 'An0ther-Secret-Passw0rd!' }));
    const all = JSON.stringify(await records());
    expect(all).toContain('CreateAccessKey');
    for (const s of [secret, ROOT.secretAccessKey, 'Sup3r-Secret-Passw0rd!', 'An0ther-Secret-Passw0rd!']) {
      expect(all).not.toContain(s);
    }
    const [e] = await byRequest(created);
    expect(e!.responseElements.accessKey.secretAccessKey).toBe('[REDACTED]');
  });

  it('records role sessions as AssumedRole with their issuer, and never their credentials', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(
      (await call(iam('CreateRole', { RoleName: 'auditor', AssumeRolePolicyDocument: trust }))).status,
    ).toBe(200);
    // The root may not assume roles (as in AWS): a user with sts:AssumeRole does.
    await call(iam('CreateUser', { UserName: 'assumer' }));
    await call(
      iam('PutUserPolicy', {
        UserName: 'assumer',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        }),
      }),
    );
    const key = await call(iam('CreateAccessKey', { UserName: 'assumer' }));
    const assumer = {
      accessKeyId: /<AccessKeyId>([^<]+)</.exec(key.body)![1]!,
      secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(key.body)![1]!,
    };
    const assumed = await call(
      new URLSearchParams({
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/auditor`,
        RoleSessionName: 'review',
      }).toString(),
      assumer,
      { service: 'sts' },
    );
    expect(assumed.status).toBe(200);
    const creds = {
      accessKeyId: /<AccessKeyId>([^<]+)</.exec(assumed.body)![1]!,
      secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(assumed.body)![1]!,
      sessionToken: /<SessionToken>([^<]+)</.exec(assumed.body)![1]!,
    };
    const [issued] = await byRequest(assumed);
    expect(issued).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      readOnly: false,
    });
    const denied = await call(iam('ListUsers'), creds as typeof ROOT);
    expect(denied.status).toBe(403);
    const [e] = await byRequest(denied);
    expect(e!.userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/review`,
      accessKeyId: creds.accessKeyId,
      sessionContext: {
        attributes: { mfaAuthenticated: 'false' },
        sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/auditor`, userName: 'auditor' },
      },
    });
    const all = JSON.stringify(await records());
    expect(all).not.toContain(creds.secretAccessKey);
    expect(all).not.toContain(creds.sessionToken);
  });

  it('samples a flood of bad signatures into a bounded number of rows', async () => {
    const before = (await records()).length;
    const forged = { accessKeyId: ROOT.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    for (let i = 0; i < 300; i++) {
      const r = await call(iam('ListUsers'), forged, { ip: '198.51.100.7' });
      expect(r.status).toBe(403);
    }
    const after = await records();
    const unauth = after.slice(before);
    expect(unauth.length).toBeLessThanOrEqual(10);
    expect(unauth[0]).toMatchObject({
      userIdentity: { type: 'Unknown' },
      errorCode: 'SignatureDoesNotMatch',
      sourceIPAddress: '198.51.100.7',
    });
  });
});
