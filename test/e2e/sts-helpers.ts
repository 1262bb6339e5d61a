/** Clients with temporary credentials for the STS end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { isolatedAwsEnv, type Keys, REGION, type ServerProcess } from './harness.js';

export interface TempKeys extends Keys {
  readonly sessionToken?: string | undefined;
}

/** STS Credentials -> SDK credentials. */
export const tempKeys = (
  c:
    | {
        AccessKeyId?: string | undefined;
        SecretAccessKey?: string | undefined;
        SessionToken?: string | undefined;
      }
    | undefined,
): TempKeys => ({
  accessKeyId: c?.AccessKeyId ?? '',
  secretAccessKey: c?.SecretAccessKey ?? '',
  sessionToken: c?.SessionToken,
});

export const stsClient = (server: Pick<ServerProcess, 'url'>, keys: TempKeys): STSClient =>
  new STSClient({ endpoint: server.url, region: REGION, credentials: keys, maxAttempts: 1 });

export const iamWith = (server: Pick<ServerProcess, 'url'>, keys: TempKeys): IAMClient =>
  new IAMClient({ endpoint: server.url, region: REGION, credentials: keys, maxAttempts: 1 });

/** The error name and message of a rejected SDK call ('ok' when it succeeded). */
export async function outcome(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
    return { code: 'ok', message: '' };
  } catch (e) {
    return { code: (e as Error).name, message: (e as Error).message };
  }
}

/** `aws --endpoint-url ... <args>` with temporary keys (AWS_SESSION_TOKEN) or an environment. */
export function awsWith(
  server: Pick<ServerProcess, 'url'>,
  keys: TempKeys,
  args: readonly string[],
): { status: number | null; json: unknown; stderr: string; errorCode: string | undefined } {
  const env = isolatedAwsEnv(keys);
  if (keys.sessionToken !== undefined) env.AWS_SESSION_TOKEN = keys.sessionToken;
  return runAws(['--endpoint-url', server.url, '--output', 'json', ...args], env);
}

export function runAws(
  args: readonly string[],
  env: Record<string, string>,
): { status: number | null; json: unknown; stderr: string; errorCode: string | undefined } {
  const r = spawnSync('aws', args, { env, encoding: 'utf8', timeout: 30_000 });
  let json: unknown;
  try {
    json = r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return {
    status: r.status,
    json,
    stderr: r.stderr,
    errorCode: /An error occurred \(([^)]+)\)/.exec(r.stderr)?.[1],
  };
}

/** Runs a python3 script (boto3) in the environment; the last stdout line parsed as JSON. */
export function python(
  script: string,
  env: Record<string, string>,
): { status: number | null; json: unknown; stderr: string } {
  const r = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', timeout: 30_000 });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    json = undefined;
  }
  return { status: r.status, json, stderr: r.stderr };
}
