/**
 * The policy-engine benchmark: W1/W2/W3 on Portcullis and on each peer, in one run, with the
 * agreement of every peer's decisions with ours. Filters (any order, case-insensitive): workload
 * names (`W1`), engine names (`cedar`), `--seconds=N`, `--warmup=N`.
 */
import { casbinEngine } from './casbin.js';
import { cedarEngine } from './cedar.js';
import { type Engine, type Outcome, isAllowed } from './engine.js';
import { iamSimulate } from './iam-simulate.js';
import { DEFAULT_OPTIONS, type MeasureOptions, type Measurement, measure } from './measure.js';
import { loadPolicyApi, portcullisEngine } from './portcullis.js';
import { fmtUs, type Row, table } from './table.js';
import { WORKLOADS, workload } from './workload.js';

interface Agreement {
  readonly same: number;
  readonly total: number;
  /** Requests where the peer decided otherwise: index -> [ours, peer]. */
  readonly differ: readonly [number, Outcome, Outcome][];
}

/** Two outcomes agree when both allow or both deny and, if both engines tell, the deny kind matches. */
function agree(a: Outcome, b: Outcome): boolean {
  if (a === 'denied' || b === 'denied') return isAllowed(a) === isAllowed(b);
  return a === b;
}

function agreement(ours: readonly Outcome[], peer: readonly Outcome[]): Agreement {
  const differ: [number, Outcome, Outcome][] = [];
  ours.forEach((o, i) => {
    if (!agree(o, peer[i]!)) differ.push([i, o, peer[i]!]);
  });
  return { same: ours.length - differ.length, total: ours.length, differ };
}

const mix = (outcomes: readonly Outcome[]): string => {
  const count = (k: Outcome): number => outcomes.filter((o) => o === k).length;
  return `allowed ${count('allowed')}, explicit deny ${count('explicitDeny')}, implicit deny ${count('implicitDeny')}${count('denied') ? `, denied ${count('denied')}` : ''}`;
};

export async function run(filters: readonly string[]): Promise<void> {
  const opts: MeasureOptions = {
    ...DEFAULT_OPTIONS,
    ...Object.fromEntries(
      filters
        .filter((f) => f.startsWith('--'))
        .map((f) => f.slice(2).split('='))
        .map(([k, v]) => [k === 'warmup' ? 'warmupSeconds' : k!, Number(v)]),
    ),
  };
  const words = filters.filter((f) => !f.startsWith('--')).map((f) => f.toLowerCase());
  const api = await loadPolicyApi();
  const engines: Engine[] = [];
  if (typeof api === 'string') console.log(`portcullis engine not available (${api}); peers only\n`);
  else engines.push(portcullisEngine(api));
  engines.push(cedarEngine, casbinEngine, iamSimulate);
  const wantEngines = engines.filter((e) => words.some((w) => e.name.toLowerCase().includes(w)));
  const chosenEngines = wantEngines.length > 0 ? wantEngines : engines;
  const wantWorkloads = WORKLOADS.filter((w) => words.includes(w.toLowerCase()));
  const chosenWorkloads = wantWorkloads.length > 0 ? wantWorkloads : WORKLOADS;

  console.log(
    `policy engines, node ${process.version}, ${new Date().toISOString()}; ` +
      `${opts.seconds}s timed + ${opts.warmupSeconds}s warm-up per engine and workload, ` +
      `latency = mean of ${opts.chunk}-decision chunks`,
  );
  console.log(chosenEngines.map((e) => `${e.name} ${e.version}`).join(', '));

  const rows: Row[] = [];
  const notes: string[] = [];
  for (const name of chosenWorkloads) {
    const w = workload(name);
    console.log(`\n${name}: ${w.description}`);
    let reference: { engine: string; m: Measurement } | undefined;
    for (const engine of chosenEngines) {
      const t0 = performance.now();
      const prepared = await engine.prepare(w);
      const prepareMs = performance.now() - t0;
      const m = measure(prepared, opts);
      reference ??= { engine: engine.name, m };
      let agreementText = '-';
      if (reference.engine !== engine.name) {
        const a = agreement(reference.m.outcomes, m.outcomes);
        agreementText = `${a.same}/${a.total}`;
        if (a.differ.length > 0) {
          const shown = a.differ
            .slice(0, 3)
            .map(([i, o, p]) => `#${i} ${w.requests[i]!.action} ${w.requests[i]!.resource}: ${o} vs ${p}`);
          notes.push(`${name} ${engine.name} differs on ${a.differ.length}: ${shown.join('; ')}`);
        }
      } else {
        console.log(`  decisions (${engine.name}): ${mix(m.outcomes)}`);
      }
      const ours = rows.find((r) => r.workload === name && r.engine === 'portcullis');
      rows.push({
        workload: name,
        engine: engine.name,
        m,
        ratio: ours && engine.name !== 'portcullis' ? m.meanUs / ours.m.meanUs : undefined,
        agreement: agreementText,
      });
      console.log(
        `  ${engine.name.padEnd(13)} ${prepared.rules} rules, prepared in ${prepareMs.toFixed(0)} ms; ` +
          `${Math.round(m.perSecond).toLocaleString('en-US')}/s, p50 ${fmtUs(m.p50Us)} µs, p99 ${fmtUs(m.p99Us)} µs ` +
          `(${m.decisions.toLocaleString('en-US')} decisions, ${m.samples} samples)`,
      );
    }
  }

  console.log(`\n${table(rows)}\n`);
  for (const n of notes) console.log(n);
  targets(rows);
}

/** The issue's targets, checked on this run. */
function targets(rows: readonly Row[]): void {
  const ours = (w: string) => rows.find((r) => r.workload === w && r.engine === 'portcullis')?.m;
  const w1 = ours('W1');
  const w2 = ours('W2');
  const check = (ok: boolean, text: string) => console.log(`${ok ? 'MET ' : 'MISS'} ${text}`);
  if (w1) {
    check(
      w1.perSecond >= 1e6,
      `W1 >= 1,000,000 decisions/s: ${Math.round(w1.perSecond).toLocaleString('en-US')}`,
    );
    check(w1.p99Us < 5, `W1 p99 < 5 µs: ${fmtUs(w1.p99Us)} µs`);
  }
  if (w1 && w2)
    check(w2.meanUs <= 3 * w1.meanUs, `W2 within 3x of W1: ${(w2.meanUs / w1.meanUs).toFixed(2)}x`);
  const peers = rows.filter((r) => r.ratio !== undefined);
  if (peers.length > 0) {
    const slowest = peers.reduce((a, b) => (a.ratio! < b.ratio! ? a : b));
    check(
      peers.every((r) => r.ratio! > 1),
      `faster than every peer on every workload: closest ${slowest.engine} on ${slowest.workload} at ${slowest.ratio!.toFixed(1)}x`,
    );
  }
}
