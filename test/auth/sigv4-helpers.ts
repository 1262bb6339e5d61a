import type { SigV4Request } from '../../src/auth/sigv4-request.js';
import type { SigV4Secret, VerifySigV4Options } from '../../src/auth/sigv4-verify.js';

/** Builds a SigV4Request the way an HTTP adapter would: lower-case names, repeats as arrays, Host from the URL. */
export const wireRequest = (
  method: string,
  url: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body: Uint8Array = new Uint8Array(),
): SigV4Request => {
  const grouped: Record<string, string[]> = {};
  for (const [k, v] of headers) {
    const name = k.toLowerCase();
    grouped[name] = [...(grouped[name] ?? []), v];
  }
  const u = new URL(url);
  grouped.host ??= [u.host];
  const out: Record<string, string | string[]> = {};
  for (const [k, vs] of Object.entries(grouped)) out[k] = vs.length === 1 ? vs[0]! : vs;
  const q = url.indexOf('?');
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  return {
    method,
    path: url.slice(pathStart, q < 0 ? undefined : q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: out,
    body,
  };
};

/** Parses one of the suite's raw .sreq files: request line, headers (folded lines add values), body. */
export const parseSreq = (text: string): SigV4Request => {
  const blank = text.indexOf('\n\n');
  const head = text.slice(0, blank).split('\n');
  const body = Buffer.from(text.slice(blank + 2), 'utf8');
  const requestLine = head.shift()!;
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const headers: [string, string][] = [];
  for (const line of head) {
    if (/^\s/.test(line)) headers.push([headers[headers.length - 1]![0], line.trim()]);
    else {
      const c = line.indexOf(':');
      headers.push([line.slice(0, c), line.slice(c + 1).trim()]);
    }
  }
  const host = headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? 'localhost';
  return wireRequest(method, `http://${host}${target}`, headers, body);
};

export const secrets =
  (table: Record<string, SigV4Secret>): VerifySigV4Options['lookupSecret'] =>
  (id) =>
    table[id];

export const AKID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const SESSION_AKID = 'ASIAIOSFODNN7EXAMPLE';
export const SESSION_SECRET = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
export const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/=';

export const KEYS = secrets({
  [AKID]: { secretAccessKey: SECRET },
  [SESSION_AKID]: { secretAccessKey: SESSION_SECRET, sessionToken: SESSION_TOKEN },
});
