/**
 * Compiles the engine's sources (src/policy, src/core) with TypeScript's own emitter into
 * node_modules/.cache/portcullis-bench, so the benchmark measures the JavaScript that `npm run build`
 * ships rather than tsx's on-the-fly transform. Why: tsx runs esbuild with `keepNames`, which wraps
 * every function expression in a `__name(fn, "name")` call that defines the function's `name`
 * property when the closure is created; an engine that creates a few closures per decision pays
 * for that on every decision (measured at about half of W1's time under tsx), production does not.
 * The peers are plain JavaScript from node_modules and need no such step. transpileModule checks
 * no types (`npm run typecheck` does), so this takes well under a second.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'portcullis-bench');

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts')) yield p;
  }
}

/** Returns the path of the compiled `src/policy/index.js`. */
export function buildEngine(): string {
  rmSync(OUT, { recursive: true, force: true });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    verbatimModuleSyntax: false,
    sourceMap: false,
  };
  for (const dir of ['src/policy', 'src/core']) {
    for (const file of tsFiles(join(ROOT, dir))) {
      const out = join(OUT, relative(ROOT, file)).replace(/\.ts$/, '.js');
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: options,
        fileName: file,
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
  }
  // Plain .js files under node_modules/.cache are ESM only if a package.json says so.
  writeFileSync(join(OUT, 'package.json'), '{"type":"module"}\n');
  return join(OUT, 'src', 'policy', 'index.js');
}
