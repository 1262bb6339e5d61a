/**
 * Runs only Portcullis on one workload for a few seconds, for profiling:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/policy/profile.ts W1 5
 * then `node --import tsx bench/policy/profile-summary.ts /tmp/prof [top-n]`.
 */
import { measure } from './measure.js';
import { loadPolicyApi, portcullisEngine } from './portcullis.js';
import { workload } from './workload.js';

const name = (process.argv[2] ?? 'W1') as 'W1' | 'W2' | 'W3';
const seconds = Number(process.argv[3] ?? 5);
const api = await loadPolicyApi({ source: process.argv.includes('--source') });
if (typeof api === 'string') throw new Error(api);
const m = measure(await portcullisEngine(api).prepare(workload(name)), {
  seconds,
  warmupSeconds: 1,
  chunk: 100,
});
console.log(
  `${name}: ${Math.round(m.perSecond).toLocaleString('en-US')}/s, mean ${m.meanUs.toFixed(2)} µs, p50 ${m.p50Us.toFixed(2)} µs, p99 ${m.p99Us.toFixed(2)} µs`,
);
