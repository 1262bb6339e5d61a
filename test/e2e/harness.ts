/**
 * End-to-end harness: a real `portcullis serve` child process on a free port with a temporary data
 * directory and a fixed account and root key, and the three real clients pointed at it (the `aws`
 * CLI, boto3 through python3, @aws-sdk/client-iam in-process). Start one server per test file.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IAMClient } from '@aws-sdk/client-iam';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const ACCOUNT_ID = '123456789012';
export const ROOT_KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const REGION = 'us-east-1';

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** Reuse a data directory (default: a fresh temporary one). */
  readonly dataDir?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `portcullis serve --port 0` (through tsx, no build needed) and waits until it listens. */
export function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'portcullis-e2e-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORTCULLIS_ACCOUNT_ID: ACCOUNT_ID,
        PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
        PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
        PORTCULLIS_LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time\nstdout: ${out}\nstderr: ${err}`));
    }, 20_000);
    const watch = () => {
      const m = /listening on (https?:\/\/[^:]+:(\d+))/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', watch);
      resolve({
        url: m[1]!,
        port: Number(m[2]),
        dataDir,
        child,
        stdout: () => out,
        stderr: () => err,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', watch);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

/** Runs a process to completion (the first argument) and captures its output. */
export function runToExit(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Client environment that the machine's own AWS configuration cannot leak into. */
export function isolatedAwsEnv(keys: Keys): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-aws-'));
  writeFileSync(join(dir, 'config'), '');
  writeFileSync(join(dir, 'credentials'), '');
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON, when it is. */
  readonly json: unknown;
  /** The AWS error code in the CLI's message `An error occurred (Code) when calling ...`. */
  readonly errorCode: string | undefined;
}

/** `aws --endpoint-url <url> --output json <args>` with the given keys. */
export function aws(
  server: Pick<ServerProcess, 'url'>,
  keys: Keys | { readonly credentialsFile: string; readonly profile: string },
  args: readonly string[],
): CliResult {
  let env: Record<string, string>;
  if ('credentialsFile' in keys) {
    env = isolatedAwsEnv({ accessKeyId: '', secretAccessKey: '' });
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    env.AWS_SHARED_CREDENTIALS_FILE = keys.credentialsFile;
    env.AWS_PROFILE = keys.profile;
  } else {
    env = isolatedAwsEnv(keys);
  }
  const r = spawnSync('aws', ['--endpoint-url', server.url, '--output', 'json', ...args], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  let json: unknown;
  try {
    json = r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json,
    errorCode: /An error occurred \(([^)]+)\)/.exec(r.stderr)?.[1],
  };
}

/**
 * Runs a boto3 snippet with `iam` bound to a client for the server; the snippet's last expression
 * is not printed: print JSON yourself. Errors print `{"error": code, "message": ...}`.
 */
export function boto3(
  server: Pick<ServerProcess, 'url'>,
  keys: Keys,
  body: string,
): { status: number | null; json: unknown; stderr: string } {
  const script = `
import json, boto3, botocore
from botocore.config import Config
iam = boto3.client('iam', endpoint_url=${JSON.stringify(server.url)}, region_name=${JSON.stringify(REGION)},
  aws_access_key_id=${JSON.stringify(keys.accessKeyId)}, aws_secret_access_key=${JSON.stringify(keys.secretAccessKey)},
  config=Config(retries={'max_attempts': 1}))
try:
${body
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
except botocore.exceptions.ClientError as e:
    print(json.dumps({'error': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'), 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
`;
  const r = spawnSync('python3', ['-c', script], {
    env: isolatedAwsEnv(keys),
    encoding: 'utf8',
    timeout: 30_000,
  });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    json = undefined;
  }
  return { status: r.status, json, stderr: r.stderr };
}

/** An @aws-sdk/client-iam client for the server (no retries, so errors surface at once). */
export const iamClient = (server: Pick<ServerProcess, 'url'>, keys: Keys): IAMClient =>
  new IAMClient({ endpoint: server.url, region: REGION, credentials: keys, maxAttempts: 1 });

/** A raw POST to the server (for requests no SDK would send). */
export async function post(
  server: Pick<ServerProcess, 'url'>,
  body: string | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${server.url}/`, { method: 'POST', headers, body: fetchBody(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** A POST signed with SigV4 (so that it reaches the decoder), for malformed bodies no SDK would send. */
export async function signedPost(
  server: Pick<ServerProcess, 'url'>,
  keys: Keys,
  body: string | Uint8Array,
  contentType = 'application/x-www-form-urlencoded; charset=utf-8',
): Promise<{ status: number; headers: Headers; text: string }> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const url = new URL(server.url);
  const signer = new SignatureV4({ service: 'iam', region: REGION, credentials: keys, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': contentType },
    body,
  });
  const headers = { ...signed.headers };
  delete headers.host;
  const res = await fetch(`${server.url}/`, { method: 'POST', headers, body: fetchBody(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The Code of a Query error envelope. */
export const errorCode = (xml: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

/** fetch's BodyInit wants bytes over a plain ArrayBuffer; copy a view over a shared or pooled one. */
function fetchBody(body: string | Uint8Array): string | Uint8Array<ArrayBuffer> {
  return typeof body === 'string' ? body : new Uint8Array(body);
}
