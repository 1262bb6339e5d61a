/**
 * The request as SigV4 verification sees it, independent of any HTTP framework. Everything is raw,
 * as received on the wire: the signature covers bytes, so an adapter must not decode, re-order or
 * re-join anything before handing it over.
 */
export interface SigV4Request {
  /** HTTP method as sent, e.g. `POST`. */
  readonly method: string;
  /** Raw request path as received (still percent-encoded), without the query string. */
  readonly path: string;
  /** Raw query string without the leading `?` (empty string when there is none). */
  readonly query: string;
  /**
   * Header values keyed by lower-case name. A header sent more than once must arrive as an array of
   * its values in wire order (Node: `IncomingMessage.headersDistinct`), not pre-joined with ", ",
   * because SigV4 joins repeated values with a bare ",".
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Raw body bytes, before any form decoding. */
  readonly body: Uint8Array;
}

/** The first value of a header, or undefined when absent. */
export const firstHeader = (req: SigV4Request, name: string): string | undefined => {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v[0];
};
