/**
 * Differential testing: our engine (parsePolicy -> compilePolicy -> evaluate) against the naive
 * reference transcribed from AWS's documentation (test/reference/naive-evaluator.ts), on generated
 * policies and requests. Decision AND deniedBy must agree. Also: random and mutated documents
 * produce a decision or a validation error, never an exception or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyKind } from '../../src/policy/ast.js';
import { compilePolicy } from '../../src/policy/compile.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { engineEvaluate } from '../reference/engine-adapter.js';
import { KNOWN_ENGINE_BUGS } from '../reference/engine-known-bugs.js';
import { caseArb, docArb, requestArb } from '../reference/generators.js';
import { naiveEvaluate } from '../reference/naive-evaluator.js';

const DIFFERENTIAL_RUNS = 6000;
const SEED = 20_240_601;

describe('differential: engine vs naive reference', () => {
  it(`agrees on ${DIFFERENTIAL_RUNS} generated cases (decision and deniedBy)`, () => {
    const outcomes: Record<string, number> = {};
    const knownBugs: Record<string, number> = {};
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = naiveEvaluate(c);
        const e = engineEvaluate(c);
        const key = `${r.decision}/${r.deniedBy ?? '-'}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (e.decision === r.decision && e.deniedBy === r.deniedBy) return;
        const bug = KNOWN_ENGINE_BUGS.find((b) => b.explains(c, e, r));
        if (bug) {
          knownBugs[bug.id] = (knownBugs[bug.id] ?? 0) + 1;
          return;
        }
        expect({ decision: e.decision, deniedBy: e.deniedBy }).toEqual(r);
      }),
      { numRuns: DIFFERENTIAL_RUNS, seed: SEED },
    );
    console.log('differential outcomes (reference decision/gate):', outcomes);
    console.log('known engine bugs (see engine-bugs.test.ts):', knownBugs);
    // Every gate must actually be exercised, or the comparison proves little.
    for (const k of [
      'allowed/-',
      'explicitDeny/identity',
      'implicitDeny/identity',
      'implicitDeny/resource',
    ]) {
      expect(outcomes[k] ?? 0).toBeGreaterThan(DIFFERENTIAL_RUNS / 100);
    }
    for (const k of [
      'explicitDeny/scp',
      'explicitDeny/rcp',
      'explicitDeny/resource',
      'implicitDeny/boundary',
    ]) {
      expect(outcomes[k] ?? 0).toBeGreaterThan(0);
    }
    for (const k of [
      'implicitDeny/session',
      'implicitDeny/scp',
      'explicitDeny/boundary',
      'explicitDeny/session',
    ]) {
      expect(outcomes[k] ?? 0).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Robustness: random and mutated documents

const KINDS: PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const garbage = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '${',
    '${aws:username',
    "${a, 'b}",
    '${}',
    '*',
    '?',
    '',
    ' ',
    'arn:aws',
    '\u0000',
    '${${${',
  ),
  fc.constantFrom('StringEqualsIfExists', 'ForAllValues:Foo', 'Bool', 'Null', 'NotPrincipal', 'Statement'),
);

const replacement: fc.Arbitrary<Json> = fc.oneof(
  garbage,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'nest'; at: number; depth: number }
  | { op: 'addKey'; at: number; key: string; value: Json }
  | { op: 'wrap'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: replacement }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('addKey' as const), at: fc.nat(), key: garbage, value: replacement }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }),
);

/** Every (container, key) slot in the document, in a fixed order. */
function slots(root: Json): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        out.push([node, i]);
        walk(node[i]!);
      }
    } else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        out.push([node, k]);
        walk(v);
      }
  };
  walk(root);
  return out;
}

function mutate(doc: Json, mutations: readonly Mutation[]): Json {
  const root = { doc: structuredClone(doc) } as { doc: Json };
  for (const m of mutations) {
    const all = slots(root as unknown as Json);
    if (all.length === 0) break;
    const [container, key] = all[m.at % all.length]!;
    const get = () => (container as Record<string | number, Json>)[key]!;
    const set = (v: Json) => {
      (container as Record<string | number, Json>)[key] = v;
    };
    switch (m.op) {
      case 'drop':
        if (Array.isArray(container)) container.splice(key as number, 1);
        else delete container[key as string];
        break;
      case 'replace':
        set(m.value);
        break;
      case 'nest': {
        let v = get();
        for (let i = 0; i < m.depth; i++) v = [v];
        set(v);
        break;
      }
      case 'addKey': {
        const target = get();
        if (target && typeof target === 'object' && !Array.isArray(target)) target[m.key] = m.value;
        break;
      }
      case 'wrap':
        set({ [String(key)]: get() });
        break;
    }
  }
  return root.doc;
}

const genKind = (k: PolicyKind) =>
  k === 'resource' || k === 'trust' ? 'resource' : k === 'scp' ? 'scp' : k === 'rcp' ? 'rcp' : 'identity';

/** A document text for a policy kind: mutated valid documents mostly, then junk of every shape. */
const textArb = (kind: PolicyKind): fc.Arbitrary<string> => {
  const valid = docArb(genKind(kind));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({ d: valid, m: fc.array(mutationArb, { minLength: 1, maxLength: 2 }) })
        .map(({ d, m }) => JSON.stringify(mutate(d as Json, m)) ?? ''),
    },
    { weight: 2, arbitrary: valid.map((d) => JSON.stringify(d)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((n) => '{"a":'.repeat(n)) },
    {
      weight: 1,
      arbitrary: valid.chain((d) =>
        fc.nat().map((cut) => {
          const t = JSON.stringify(d);
          return t.slice(0, cut % (t.length + 1));
        }),
      ),
    },
  );
};

const fuzzArb = fc.constantFrom(...KINDS).chain((kind) => fc.tuple(textArb(kind), fc.constant(kind)));

describe('robustness: random and mutated documents', () => {
  it('always yield a decision or validation errors, never an exception or a hang', () => {
    let parsed = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fuzzArb, requestArb, ([text, kind], r) => {
        const started = performance.now();
        const result = parsePolicy(text, { kind, id: 'fuzz' });
        if (!result.ok) {
          rejected++;
          expect(result.errors.length).toBeGreaterThan(0);
        } else {
          parsed++;
          const compiled = compilePolicy(result.value);
          const context = {
            action: r.action,
            resource: r.resource,
            resourceAccount: r.resourceAccount,
            principal: r.principal,
            keys: new Map(Object.entries(r.context)),
          };
          const asResource = kind === 'resource' || kind === 'trust';
          const d = evaluate({
            context,
            identity: asResource ? [] : [compiled],
            resource: asResource ? compiled : undefined,
            explain: true,
          });
          expect(['allowed', 'explicitDeny', 'implicitDeny']).toContain(d.decision);
        }
        expect(performance.now() - started).toBeLessThan(2000);
      }),
      { numRuns: 3000, seed: SEED },
    );
    console.log(`robustness: ${parsed} documents parsed and evaluated, ${rejected} rejected with errors`);
    expect(parsed).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
