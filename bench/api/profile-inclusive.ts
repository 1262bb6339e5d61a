/**
 * Inclusive ("total") time by function from a V8 .cpuprofile of the server, largest first: the
 * share of busy samples with that function anywhere on the stack (counted once per sample), so
 * a pipeline step's cost includes everything it calls, across awaits only when V8 kept the async
 * stack (it does not: time after an await is charged to the microtask that resumed it).
 *
 *   node --import tsx bench/api/profile-inclusive.ts /tmp/prof [filter-regexp] [top]
 *
 * Self time by function: bench/policy/profile-summary.ts on the same file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const arg = process.argv[2] ?? '/tmp/prof';
const filter = new RegExp(process.argv[3] ?? '.');
const top = Number(process.argv[4] ?? 45);
const path = statSync(arg).isDirectory()
  ? readdirSync(arg)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(arg, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!
  : arg;
const prof = JSON.parse(readFileSync(path, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Node): string => {
  const file = n.callFrame.url.replace(/^.*\/work\/main\//, '') || '(native)';
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};

const total = new Map<string, number>();
let busy = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  const leaf = byId.get(id)!;
  if (leaf.callFrame.functionName === '(idle)') return;
  busy += dt;
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + dt);
  }
});
console.log(`${path}: ${(busy / 1e6).toFixed(1)} s busy\ninclusive time by function:`);
[...total]
  .filter(([l]) => filter.test(l))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .forEach(([l, t]) => {
    console.log(`${((100 * t) / busy).toFixed(1).padStart(5)}%  ${l}`);
  });

/**
 * Busy time by step of the request path: each sample goes to the innermost frame on its stack that
 * belongs to a known step (so crypto called by SigV4 counts as SigV4, a socket write as HTTP).
 */
const STEPS: readonly [string, RegExp][] = [
  ['garbage collector', /^\(garbage collector\)/],
  ['async_hooks (AsyncLocalStorage, promise hooks)', /node:(internal\/)?async_hooks/],
  [
    'HTTP parse/write, sockets, timers (node)',
    /node:(_http|net|internal\/streams|internal\/stream_base|internal\/timers|internal\/http)/,
  ],
  ['store: SQLite prepare (better-sqlite3, per query: no statement cache)', /node_modules\/better-sqlite3\//],
  ['store: Kysely (query build, compile, driver, mutex)', /node_modules\/kysely\//],
  ['store: repositories, transaction, mutex', /dist\/src\/store\//],
  ['SigV4 verification, credential cache', /dist\/src\/auth\//],
  ['authorization (authorize + policy engine)', /dist\/src\/(services\/authorize|policy)\//],
  ['decode/validate, XML encode (protocol/)', /dist\/src\/protocol\//],
  ['operation handler (services/iam)', /dist\/src\/services\/iam\//],
  ['pipeline, routing, http-server (server/)', /dist\/src\/server\//],
  ['logging (pino)', /node_modules\/(pino|sonic-boom)/],
];
const steps = new Map<string, number>();
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  if (byId.get(id)!.callFrame.functionName === '(idle)') return;
  let step = 'other (microtask queue, native, node internals)';
  // better-sqlite3's stepping is native code called from Kysely's driver: V8 charges it there.
  if (/^executeQuery node_modules\/kysely\/dist\/esm\/dialect\/sqlite\//.test(label(byId.get(id)!))) {
    steps.set(
      'store: SQLite run (stmt.all/run, native)',
      (steps.get('store: SQLite run (stmt.all/run, native)') ?? 0) + dt,
    );
    return;
  }
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    const hit = STEPS.find(([, re]) => re.test(l));
    if (hit) {
      step = hit[0];
      break;
    }
  }
  steps.set(step, (steps.get(step) ?? 0) + dt);
});
console.log('\nbusy time by step (innermost known frame):');
[...steps]
  .sort((a, b) => b[1] - a[1])
  .forEach(([s, t]) => {
    console.log(`${((100 * t) / busy).toFixed(1).padStart(5)}%  ${s}`);
  });
