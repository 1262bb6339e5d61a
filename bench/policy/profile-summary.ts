/** Self time by function (and by file) from a V8 .cpuprofile, largest first. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
// A directory: take its largest profile (tsx's loader thread writes a small second one).
const arg = process.argv[2] ?? '/tmp/prof';
const path = statSync(arg).isDirectory()
  ? readdirSync(arg)
      .map((f) => join(arg, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!
  : arg;
const prof = JSON.parse(readFileSync(path, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
const files = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const dt = prof.timeDeltas[i] ?? 0;
  total += dt;
  const file = n.callFrame.url.replace(/^.*\/work\/main\//, '') || '(native)';
  const key = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  files.set(file, (files.get(file) ?? 0) + dt);
});
const top = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
console.log(
  `self time by function:\n${top(self, Number(process.argv[3] ?? 30))}\n\nby file:\n${top(files, 15)}`,
);
