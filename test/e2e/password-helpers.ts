/** Helpers for the password and sign-in end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.js';

/** `portcullis root set-password` with the password on standard input. */
export function setRootPassword(dataDir: string, password: string) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'root', 'set-password', '--data-dir', dataDir],
    {
      cwd: ROOT,
      input: `${password}\n`,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORTCULLIS_SCRYPT_LOG_N: '10' },
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface SignInResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly setCookie: string | null;
  /** `portcullis-session=<token>` from Set-Cookie, ready for a Cookie header. */
  readonly cookie: string | undefined;
}

/** POST /signin (or /signout) with a JSON body. */
export async function signIn(
  server: { readonly url: string },
  body: unknown,
  options: { readonly path?: string; readonly headers?: Record<string, string> } = {},
): Promise<SignInResponse> {
  const res = await fetch(`${server.url}${options.path ?? '/signin'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  const setCookie = res.headers.get('set-cookie');
  return {
    status: res.status,
    body: parsed,
    setCookie,
    cookie: /^(portcullis-session=[^;]+)/.exec(setCookie ?? '')?.[1],
  };
}

/** An IAM Query API call authenticated by a console session (cookie + anti-CSRF header), unsigned. */
export async function consoleCall(
  server: { readonly url: string },
  session: { readonly cookie?: string | undefined; readonly csrf?: string | undefined },
  params: Record<string, string>,
): Promise<{ status: number; text: string; code: string | undefined }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  };
  if (session.cookie !== undefined) headers.cookie = session.cookie;
  if (session.csrf !== undefined) headers['x-portcullis-csrf'] = session.csrf;
  const res = await fetch(`${server.url}/`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });
  const text = await res.text();
  return { status: res.status, text, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] };
}
