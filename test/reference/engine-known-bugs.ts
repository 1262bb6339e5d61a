/**
 * Disagreements between our engine and the reference that were traced to the ENGINE (AWS's
 * documentation supports the reference). Each has a failing case in test/policy/engine-bugs.test.ts;
 * the differential run counts them instead of failing so that it keeps guarding everything else.
 * Remove an entry once its engine-bugs case passes.
 */
import type { Decision } from '../../src/policy/decision.js';
import type { RefCase, RefDecision } from './case.js';

export interface KnownEngineBug {
  readonly id: string;
  readonly explains: (c: RefCase, engine: Decision, reference: RefDecision) => boolean;
}

export const KNOWN_ENGINE_BUGS: readonly KnownEngineBug[] = [];
