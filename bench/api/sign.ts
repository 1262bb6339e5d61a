/**
 * Pre-signed Query requests, as botocore sends them: `POST /` with a form body
 * (`Action=GetUser&Version=2010-05-08&UserName=...`), `Content-Type: application/x-www-form-urlencoded;
 * charset=utf-8`, SigV4 in the Authorization header over content-type, host and x-amz-date (no
 * x-amz-content-sha256: botocore sends none to IAM), then botocore's unsigned User-Agent. A SigV4
 * signature is valid for 15 minutes and AWS accepts replays inside that window, so replaying a
 * pool of these is what a fleet of SDK clients looks like to the server, minus the client's cost.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Request } from 'autocannon';

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const REGION = 'us-east-1';
const USER_AGENT =
  'Boto3/1.35.99 md/Botocore#1.35.99 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.99';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** node:crypto behind the Checksum interface @smithy/signature-v4 takes (faster than sha256-js). */
class NodeSha256 {
  readonly #secret: string | Uint8Array | undefined;
  #h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#h = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: SourceData): void {
    this.#h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    this.#h = this.#fresh();
  }
}

/** Form-encodes parameters as botocore does (RFC 3986 unreserved characters left as they are). */
export function formBody(params: Readonly<Record<string, string>>): string {
  const enc = (s: string): string =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

export interface Signer {
  /** A ready-to-send autocannon request for an IAM Query call. */
  sign(action: string, params?: Readonly<Record<string, string>>): Promise<Request>;
}

export function signer(host: string, keys: Keys): Signer {
  const sigv4 = new SignatureV4({
    service: 'iam',
    region: REGION,
    credentials: keys,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const [hostname, port] = host.split(':');
  return {
    async sign(action, params = {}) {
      const body = formBody({ Action: action, Version: '2010-05-08', ...params });
      const signed = await sigv4.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: hostname!,
        port: Number(port),
        path: '/',
        query: {},
        headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      });
      const headers: Record<string, string> = { ...(signed.headers as Record<string, string>) };
      headers['user-agent'] = USER_AGENT;
      headers['accept-encoding'] = 'identity';
      return { method: 'POST', path: '/', headers, body };
    },
  };
}

/** Sends one pre-signed request with fetch (to check the pool before replaying it). */
export async function sendOnce(url: string, req: Request): Promise<{ status: number; text: string }> {
  const headers = { ...req.headers };
  delete headers.host;
  const res = await fetch(url, {
    method: req.method ?? 'POST',
    headers,
    body:
      typeof req.body === 'string' || req.body === undefined ? (req.body ?? '') : new Uint8Array(req.body),
  });
  return { status: res.status, text: await res.text() };
}
