/**
 * Timing, on the calling thread only (JavaScript runs the decisions on one core; V8 may still use
 * a helper thread for GC).
 *
 * - Batches: a batch is one pass over all 1,000 requests in a seeded random order; eight different
 *   orders are cycled, so no request repeats within a batch and consecutive batches differ.
 * - Warm-up: one pass in the workload's order (it also records the outcomes for the agreement
 *   check), then more batches until `warmupSeconds` have passed, so the JIT has settled.
 * - Latency: `process.hrtime.bigint()` is read every `chunk` (100) decisions; a sample is the chunk's
 *   time divided by `chunk`. Timing a single ~1 us call would mostly measure the timer (~50 ns per
 *   read plus the BigInt allocation), so p50 and p99 are percentiles of 100-decision means: they
 *   show steady-state cost and slow stretches (GC, deopts), not the single slowest decision. The
 *   same method is applied to every engine.
 * - Throughput: decisions divided by the wall time of the timed phase (at least `seconds`, ended
 *   on a chunk boundary), timer reads included.
 */
import type { Outcome, Prepared } from './engine.js';
import { rng, shuffled } from './workload.js';

export interface MeasureOptions {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly chunk: number;
}

export interface Measurement {
  readonly decisions: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Mean microseconds per decision (1e6 / perSecond). */
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly samples: number;
  /** The outcome of each request, in workload order, from the first warm-up pass. */
  readonly outcomes: readonly Outcome[];
}

export const DEFAULT_OPTIONS: MeasureOptions = { seconds: 3, warmupSeconds: 1, chunk: 100 };

const now = (): bigint => process.hrtime.bigint();

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;
}

export function measure<R>(p: Prepared<R>, opts: MeasureOptions = DEFAULT_OPTIONS): Measurement {
  const decide = p.decide;
  const r = rng(0x5eed);
  const order = p.requests.map((_, i) => i);
  const batches: R[][] = [];
  for (let k = 0; k < 8; k++) batches.push(shuffled(order, r).map((i) => p.requests[i]!));

  // Warm-up, first pass doubling as the record of outcomes.
  const warmStart = now();
  const outcomes = p.requests.map((req) => decide(req));
  const warmLimit = warmStart + BigInt(Math.round(opts.warmupSeconds * 1e9));
  let sink = 0;
  for (let b = 0; now() < warmLimit; b++) {
    for (const req of batches[b % batches.length]!) if (decide(req) === 'allowed') sink++;
  }

  const chunk = opts.chunk;
  let samples = new Float64Array(4096);
  let n = 0;
  let decisions = 0;
  const start = now();
  const limit = start + BigInt(Math.round(opts.seconds * 1e9));
  let t = start;
  outer: for (let b = 0; ; b++) {
    const batch = batches[b % batches.length]!;
    for (let i = 0; i < batch.length; i += chunk) {
      const end = Math.min(batch.length, i + chunk);
      for (let j = i; j < end; j++) if (decide(batch[j]!) === 'allowed') sink++;
      const t1 = now();
      if (n === samples.length) {
        const grown = new Float64Array(n * 2);
        grown.set(samples);
        samples = grown;
      }
      samples[n++] = Number(t1 - t) / 1000 / (end - i);
      decisions += end - i;
      t = t1;
      if (t1 >= limit) break outer;
    }
  }
  const seconds = Number(t - start) / 1e9;
  const sorted = samples.subarray(0, n).sort();
  if (sink < 0) console.log(sink); // keeps the results observable
  return {
    decisions,
    seconds,
    perSecond: decisions / seconds,
    meanUs: (seconds * 1e6) / decisions,
    p50Us: percentile(sorted, 0.5),
    p99Us: percentile(sorted, 0.99),
    samples: n,
    outcomes,
  };
}
