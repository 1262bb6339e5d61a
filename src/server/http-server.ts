/**
 * node:http (or node:https) in front of the pipeline: adapts a socket request to IncomingRequest,
 * enforces the body cap while streaming, writes the response, and drains on close.
 * Why node:http rather than Hono: see docs/architecture.md (measured).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tooLarge } from './body-limits.js';
import type { IncomingRequest } from './http-types.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
  readonly pipeline: Pipeline;
  readonly logger: Logger;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then closes every connection. */
  close(timeoutMs: number): Promise<void>;
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.reject(tooLarge(Number(declared), maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge(size, maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function adapt(req: IncomingMessage, secure: boolean): IncomingRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  let read = false;
  return {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: req.headersDistinct as IncomingRequest['headers'],
    remoteAddress: req.socket.remoteAddress ?? '',
    secure,
    readBody: (max) => {
      if (read) throw new Error('body read twice');
      read = true;
      return readBody(req, max);
    },
  };
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const secure = options.tls !== undefined;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    options
      .pipeline(adapt(req, secure))
      .then((out) => {
        const body = Buffer.from(out.body, 'utf8');
        res.writeHead(out.status, { ...out.headers, 'content-length': String(body.length) });
        if (out.close) res.shouldKeepAlive = false;
        res.end(body);
      })
      .catch((err: unknown) => {
        // The pipeline renders every error itself; reaching here is a bug in writing the response.
        options.logger.error({ err }, 'could not write response');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0) idle?.();
      });
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handle)
    : createHttpServer(handle);
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    port,
    url: `${secure ? 'https' : 'http'}://${host}:${port}`,
    close: async (timeoutMs) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => {
          idle = resolve;
        });
        const timer = new Promise<'timeout'>((resolve) =>
          setTimeout(() => resolve('timeout'), timeoutMs).unref(),
        );
        if ((await Promise.race([drained, timer])) === 'timeout') {
          options.logger.warn({ inFlight }, 'drain timed out; closing connections');
        }
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
