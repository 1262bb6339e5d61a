/**
 * The request and response as the pipeline sees them, independent of node:http: the HTTP layer
 * adapts a socket to these, and tests drive the pipeline with them directly, in-process.
 */
export interface IncomingRequest {
  readonly method: string;
  /** Raw path, still percent-encoded, without the query string. */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Lower-case names; repeated headers as arrays in wire order (`headersDistinct`). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The peer's address (aws:SourceIp unless a trusted proxy says otherwise). */
  readonly remoteAddress: string;
  /** Whether the request arrived over TLS (aws:SecureTransport). */
  readonly secure: boolean;
  /**
   * Reads the whole body, refusing (RequestEntityTooLarge) past `maxBytes`, whether announced by
   * Content-Length or streamed. Called at most once.
   */
  readBody(maxBytes: number): Promise<Buffer>;
}

export interface OutgoingResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Close the connection after answering (a body left unread, say). */
  readonly close?: boolean;
}

export const header = (req: Pick<IncomingRequest, 'headers'>, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' || v === undefined ? v : v[0];
};
