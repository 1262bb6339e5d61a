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
import { sourceIp } from '../../src/server/pipeline.js';
import type { PortcullisOperation } from '../../src/services/operation-context.js';
import { StaticAwsManagedCatalog } from '../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = { accessKeyId: 'AKIAPIPELINE0000TEST', secretAccessKey: 'p'.repeat(40) };
const NOW = new Date('2026-05-06T07:08:09Z');
const logs: string[] = [];
const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });

let seen: { ip?: string; secure?: boolean } = {};
const ops: PortcullisOperation[] = [
  {
    service: 'iam',
    name: 'ListUsers',
    action: 'iam:ListUsers',
    readOnly: true,
    resource: () => '*',
    handler: (_input, ctx) => {
      seen = { ip: ctx.caller.principal.arn };
      return { Users: [], IsTruncated: false };
    },
  },
  {
    service: 'iam',
    name: 'GetUser',
    action: 'iam:GetUser',
    readOnly: true,
    resource: () => '*',
    handler: () => {
      throw new Error('database exploded at /secret/path.ts:42');
    },
  },
  {
    service: 'iam',
    name: 'DeleteUser',
    action: 'iam:DeleteUser',
    readOnly: false,
    resource: () => '*',
    handler: () => {
      throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    },
  },
];

let store: Store;
let pipeline: Pipeline;

beforeAll(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: new StaticAwsManagedCatalog([]) });
  const secretBox = new SecretBox(Buffer.alloc(32, 3));
  await bootstrap({
    store,
    secretBox,
    dataDir: mkdtempSync(join(tmpdir(), 'pc-pipe-')),
    now: NOW,
    accountId: '210987654321',
    rootAccessKeyId: KEY.accessKeyId,
    rootSecretAccessKey: KEY.secretAccessKey,
  });
  pipeline = buildPipeline({
    store,
    secretBox,
    logger,
    partition: 'aws',
    trustProxy: false,
    clock: () => NOW,
    operations: ops,
  });
});
afterAll(() => store.close());

interface Req {
  body?: string;
  headers?: Record<string, string>;
  query?: string;
  method?: string;
  path?: string;
}

function request(r: Req): IncomingRequest {
  const body = Buffer.from(r.body ?? '');
  return {
    method: r.method ?? 'POST',
    path: r.path ?? '/',
    query: r.query ?? '',
    headers: { host: 'localhost:4600', ...(r.headers ?? {}) },
    remoteAddress: '::ffff:192.0.2.9',
    secure: false,
    readBody: async (max) => {
      if (body.length > max) throw new AwsError('RequestEntityTooLarge', 'too large');
      return body;
    },
  };
}

async function signed(
  body: string,
  extra: Record<string, string> = {},
  service = 'iam',
): Promise<OutgoingResponse> {
  const signer = new SignatureV4({ service, region: 'eu-west-1', credentials: KEY, sha256: Sha256 });
  const headers = {
    host: 'localhost:4600',
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    ...extra,
  };
  const s = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: 'localhost', port: 4600, path: '/', headers, body },
    { signingDate: NOW },
  );
  return pipeline(request({ body, headers: s.headers }));
}

const code = (r: OutgoingResponse) => /<Code>([^<]*)<\/Code>/.exec(r.body)?.[1];

describe('the pipeline, in-process', () => {
  it('answers a signed call with the XML envelope, request id and Date', async () => {
    const r = await signed('Action=ListUsers&Version=2010-05-08');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    expect(r.body).toContain(`<RequestId>${r.headers['x-amzn-requestid']}</RequestId>`);
    expect(r.headers.date).toBe(NOW.toUTCString());
    expect(seen.ip).toBe('arn:aws:iam::210987654321:root');
  });

  it('renders a handler AwsError with its status', async () => {
    const r = await signed('Action=DeleteUser&Version=2010-05-08&UserName=bob');
    expect(r.status).toBe(409);
    expect(code(r)).toBe('DeleteConflict');
  });

  it('turns an unexpected error into a 500 ServiceFailure with the request id, logged in full, no internals', async () => {
    logs.length = 0;
    const r = await signed('Action=GetUser&Version=2010-05-08');
    expect(r.status).toBe(500);
    expect(code(r)).toBe('ServiceFailure');
    expect(r.body).toContain('<Type>Receiver</Type>');
    expect(r.body).not.toContain('exploded');
    expect(r.body).not.toContain('.ts');
    const id = r.headers['x-amzn-requestid']!;
    const logged = logs.find((l) => l.includes('unexpected error'))!;
    expect(logged).toContain(id);
    expect(logged).toContain('database exploded');
    expect(logged).toContain('stack');
  });

  it('an operation in the model but not registered is InvalidAction', async () => {
    const r = await signed('Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%7D');
    expect(code(r)).toBe('InvalidAction');
  });

  it('routes AssumeRoleWithWebIdentity unsigned to STS (no MissingAuthenticationToken)', async () => {
    const r = await pipeline(
      request({
        body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::210987654321:role/r&RoleSessionName=s&WebIdentityToken=t',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(code(r)).toBe('InvalidAction');
    expect(r.body).toContain('https://sts.amazonaws.com/doc/2011-06-15/');
  });

  it('routes by the credential scope: an sts-signed call is looked up in STS', async () => {
    const r = await signed('Action=GetCallerIdentity&Version=2011-06-15', {}, 'sts');
    expect(code(r)).toBe('InvalidAction');
    expect(r.body).toContain('Could not find operation GetCallerIdentity for version 2011-06-15');
  });

  it('answers CloudTrail (X-Amz-Target) in the JSON envelope', async () => {
    const r = await signed(
      '{}',
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      },
      'cloudtrail',
    );
    expect(r.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(r.body)).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('answers GET /health', async () => {
    const r = await pipeline(request({ method: 'GET', path: '/health' }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok' });
  });

  it('never logs a signature or secret', async () => {
    logs.length = 0;
    logger.info(
      {
        headers: {
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=abcdef',
        },
        input: { Password: 'hunter2', SecretAccessKey: 's3cr3t' },
      },
      'x',
    );
    const line = logs.join('');
    expect(line).not.toContain('abcdef');
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('s3cr3t');
    expect(line).toContain('Credential=AKIA/x');
  });
});

describe('aws:SourceIp', () => {
  const req = (xff?: string) => ({ ...request({ headers: xff ? { 'x-forwarded-for': xff } : {} }) });
  it('is the peer (IPv4-mapped addresses unwrapped), X-Forwarded-For ignored unless trusted', () => {
    expect(sourceIp(req('203.0.113.5'), false)).toBe('192.0.2.9');
  });
  it('behind --trust-proxy, is the address the proxy saw (the last hop)', () => {
    expect(sourceIp(req('198.51.100.1, 203.0.113.5'), true)).toBe('203.0.113.5');
    expect(sourceIp(req(), true)).toBe('192.0.2.9');
  });
});
