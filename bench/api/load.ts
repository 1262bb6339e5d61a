/**
 * One load case: autocannon (programmatic, in this process, one thread) replaying pre-signed
 * requests over N keep-alive connections, pipelining 1 (a client waits for each answer, as an SDK
 * does). Latency is recorded here from every response's own time (autocannon's histogram keeps
 * whole milliseconds and 2xx only), so p50/p99 have sub-millisecond resolution and count errors.
 */
import { performance } from 'node:perf_hooks';
import autocannon, { type Client, type Request } from 'autocannon';
import { machineBusySeconds, processCpuSeconds } from './processes.js';

/** A request with the bookkeeping the case reads back. */
export type TrackedRequest = Request & {
  onResponse?: (status: number, body: string) => void;
};

export interface LoadOptions {
  readonly url: string;
  /** The process answering, for its CPU time. */
  readonly serverPid: number;
  readonly connections: number;
  readonly seconds: number;
  /** Replayed in a cycle by every connection, for `seconds`. */
  readonly requests?: readonly TrackedRequest[];
  /**
   * One list per connection, each request sent exactly once, in order (autocannon's `amount` ends
   * each connection after its list; a timer stops the whole run after `seconds`).
   */
  readonly slices?: readonly (readonly TrackedRequest[])[];
}

export interface LoadResult {
  readonly responses: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  /** Connection errors and timeouts (no response at all). */
  readonly errors: number;
  /** Responses by status code. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Error codes of non-2xx responses (`<Code>` of the XML envelope) with counts. */
  readonly errorCodes: ReadonlyMap<string, number>;
  /** Wall time from the start to the last response. */
  readonly seconds: number;
  /** CPU used over that time, in cores (1 = one core busy throughout; the machine has 2). */
  readonly serverCores: number;
  readonly loadCores: number;
  readonly otherCores: number;
}

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function load(options: LoadOptions): Promise<LoadResult> {
  const { slices, requests } = options;
  if ((slices === undefined) === (requests === undefined)) throw new Error('give requests or slices');
  if (slices && slices.length !== options.connections) throw new Error('one slice per connection');
  const errorCodes = new Map<string, number>();
  const noteError = (status: number, body: string): void => {
    if (status < 300) return;
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? `HTTP ${status}`;
    errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
  };
  const withErrors = (r: TrackedRequest): Request =>
    ({
      ...r,
      onResponse: (status: number, body: string) => {
        noteError(status, body);
        r.onResponse?.(status, body);
      },
    }) as Request;

  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let last = 0;
  const server0 = processCpuSeconds(options.serverPid);
  const self0 = process.cpuUsage();
  const busy0 = machineBusySeconds();
  const start = performance.now();
  let nextSlice = 0;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    ...(slices
      ? {
          amount: slices.reduce((a, s) => a + s.length, 0),
          // Each connection's list, set as the connection is made (so it is not deep-copied per
          // connection); `amount` splits evenly because every slice has the same length.
          requests: [slices[0]![0]!],
          setupClient: (client: Client) => client.setRequests(slices[nextSlice++]!.map(withErrors)),
        }
      : { duration: options.seconds, requests: requests!.map(withErrors) }),
  });
  if (slices && new Set(slices.map((s) => s.length)).size !== 1) throw new Error('slices differ in length');
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (n === latencies.length) {
      const grown = new Float64Array(n * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = ms;
    last = performance.now();
  });
  const timer = slices ? setTimeout(() => instance.stop(), options.seconds * 1000) : undefined;
  const result = await instance;
  clearTimeout(timer);
  const serverSeconds = processCpuSeconds(options.serverPid) - server0;
  const self = process.cpuUsage(self0);
  const loadSeconds = (self.user + self.system) / 1e6;
  const busySeconds = machineBusySeconds() - busy0;
  const wall = ((last || performance.now()) - start) / 1000;
  const sorted = latencies.subarray(0, n).sort();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]),
  );
  return {
    responses: n,
    perSecond: n / wall,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    errorCodes,
    seconds: wall,
    serverCores: serverSeconds / wall,
    loadCores: loadSeconds / wall,
    otherCores: Math.max(0, busySeconds - serverSeconds - loadSeconds) / wall,
  };
}
