/**
 * One pinned case per known class of disagreement with the peer simulator. Each shows what AWS's
 * documentation says (docs/policy-engine.md quotes it), that the reference and our engine do that,
 * and what the peer answers today. If a peer upgrade fixes a class, its last assertion fails: drop
 * the class then.
 */
import { describe, expect, it } from 'vitest';
import { engineEvaluate } from '../reference/engine-adapter.js';
import { naiveEvaluate } from '../reference/naive-evaluator.js';
import { peerEvaluate } from '../reference/peer-adapter.js';
import { classify, PEER_CLASSES } from '../reference/peer-classes.js';
import { PINNED } from '../reference/peer-pinned.js';

describe('pinned disagreements with the peer simulator', () => {
  it('pins every known class', () => {
    for (const k of PEER_CLASSES) expect(PINNED.map((p) => p.classId)).toContain(k.id);
  });
  it.each(PINNED.map((p) => [p.classId, p.name, p] as const))('%s: %s', (classId, _name, p) => {
    expect(classify(p.case)).toContain(classId);
    expect(naiveEvaluate(p.case)).toEqual(p.aws);
    const ours = engineEvaluate(p.case);
    expect({ decision: ours.decision, deniedBy: ours.deniedBy }).toEqual(p.aws);
    expect(peerEvaluate(p.case)).not.toBe(p.aws.decision);
  });
});
