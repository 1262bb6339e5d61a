import { readFileSync } from 'node:fs';
import type { Workload } from './workload.js';

/**
 * What an engine answers. Engines that tell explicit from implicit deny return those two; an
 * engine that only says yes/no (casbin) returns `denied`.
 */
export type Outcome = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'denied';

/**
 * A workload compiled for one engine: its policies loaded/compiled once, and the 1,000 requests
 * translated once into the engine's own request shape, so the timed loop calls `decide` only.
 */
export interface Prepared<R = unknown> {
  readonly requests: readonly R[];
  decide(request: R): Outcome;
  /** Statements (or rules) the engine ended up with, for the doc's translation notes. */
  readonly rules: number;
}

export interface Engine {
  readonly name: string;
  readonly version: string;
  prepare(w: Workload): Prepared | Promise<Prepared>;
}

export const isAllowed = (o: Outcome): boolean => o === 'allowed';

/** The installed version of a dependency, read from its package.json (exports maps may hide it). */
export function packageVersion(name: string): string {
  const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
