/**
 * The generated cases of differential.test.ts against the peer simulator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0, dev-dependency only). The peer is wrong in known places;
 * each disagreement must fall in one of the classes of test/reference/peer-classes.ts (each pinned
 * in peer-disagreements.test.ts and listed in docs/policy-engine.md), or the test fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engineEvaluate } from '../reference/engine-adapter.js';
import { caseArb } from '../reference/generators.js';
import { naiveEvaluate } from '../reference/naive-evaluator.js';
import { peerEvaluate } from '../reference/peer-adapter.js';
import { classify, PEER_CLASSES } from '../reference/peer-classes.js';

const RUNS = 4000;
const SEED = 20_240_601;

describe('differential: engine vs peer simulator', () => {
  it(`agrees on ${RUNS} generated cases except in known peer-bug classes`, () => {
    const byClass: Record<string, number> = Object.fromEntries(PEER_CLASSES.map((k) => [k.id, 0]));
    let agreed = 0;
    let disagreed = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const ours = engineEvaluate(c).decision;
        const peer = peerEvaluate(c);
        if (peer === ours) {
          agreed++;
          return;
        }
        disagreed++;
        const classes = classify(c);
        // An unclassified disagreement is either a new peer bug (add a class, a pinned case and a
        // doc entry) or a bug of ours: the reference decides which.
        expect({ peer, ours, reference: naiveEvaluate(c).decision, classes }).toEqual({
          peer,
          ours,
          reference: ours,
          classes: expect.arrayContaining([expect.any(String)]),
        });
        for (const k of classes) byClass[k] = (byClass[k] ?? 0) + 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(
      `peer differential: ${agreed} agreed, ${disagreed} disagreed; by class (a case may hold several):`,
      byClass,
    );
    expect(agreed).toBeGreaterThan(RUNS * 0.8);
  });
});
