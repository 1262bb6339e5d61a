/** Prints results as a Markdown table (pasteable into docs/benchmarks.md as is). */
import type { Measurement } from './measure.js';

export interface Row {
  readonly workload: string;
  readonly engine: string;
  readonly m: Measurement;
  /** Peer mean time per decision / ours; undefined for ours or when ours did not run. */
  readonly ratio: number | undefined;
  readonly agreement: string;
}

const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
export const fmtUs = (x: number): string =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
const fmtRatio = (x: number | undefined): string =>
  x === undefined ? '-' : x >= 100 ? `${x.toFixed(0)}x` : `${x.toFixed(1)}x`;

export function table(rows: readonly Row[]): string {
  const head = [
    'workload',
    'engine',
    'decisions/s',
    'mean µs',
    'p50 µs',
    'p99 µs',
    'peer time / ours',
    'agrees with ours',
  ];
  const body = rows.map((r) => [
    r.workload,
    r.engine,
    fmtInt(r.m.perSecond),
    fmtUs(r.m.meanUs),
    fmtUs(r.m.p50Us),
    fmtUs(r.m.p99Us),
    fmtRatio(r.ratio),
    r.agreement,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 && i <= 6 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}
