import type {
  ActionPlan,
  CompiledStatement,
  IndexEntry,
  PlanPart,
  StatementIndex,
} from './compiled-policy.js';

/** Plans kept per index; past this many distinct actions the cache starts over. */
const MAX_PLANS = 4096;

/**
 * The literal start of a resource pattern, cut back to its last `:` or `/`: any resource the
 * pattern matches starts with it (wildcards and variables only come later). Cutting at a
 * separator means a request can find it by looking up its own prefixes at its separators.
 */
export function resourcePrefix(pattern: string): string {
  let end = pattern.length;
  for (const stop of ['*', '?', '${']) {
    const at = pattern.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  const literal = pattern.slice(0, end);
  const cut = Math.max(literal.lastIndexOf(':'), literal.lastIndexOf('/'));
  return cut < 0 ? '' : literal.slice(0, cut + 1);
}

function collect(
  entries: readonly IndexEntry[] | undefined,
  actionLower: string,
  out: CompiledStatement[],
): void {
  if (entries === undefined) return;
  for (const e of entries) {
    if (e.actionTest === undefined || e.actionTest(actionLower)) out.push(e.statement);
  }
}

/** True when a statement's resource test is implied by finding it under `prefix`. */
function provenBy(s: CompiledStatement, prefix: string): boolean {
  const block = s.source.resource;
  return (
    block !== undefined && !block.negated && block.patterns.length === 1 && block.patterns[0] === `${prefix}*`
  );
}

function buildPart(statements: readonly CompiledStatement[]): PlanPart | undefined {
  if (statements.length === 0) return undefined;
  const general: CompiledStatement[] = [];
  const byPrefix = new Map<string, { tested: CompiledStatement[]; proven: CompiledStatement[] }>();
  for (const s of statements) {
    if (s.resourcePrefixes.length === 0 || s.resourcePrefixes.includes('')) {
      general.push(s);
      continue;
    }
    for (const prefix of new Set(s.resourcePrefixes)) {
      let bucket = byPrefix.get(prefix);
      if (bucket === undefined) {
        bucket = { tested: [], proven: [] };
        byPrefix.set(prefix, bucket);
      }
      (provenBy(s, prefix) ? bucket.proven : bucket.tested).push(s);
    }
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  return { general, byPrefix, prefixLengths };
}

function buildPlan(index: StatementIndex, actionLower: string, service: string): ActionPlan {
  const statements: CompiledStatement[] = [];
  collect(index.byAction.get(actionLower), actionLower, statements);
  collect(index.byService.get(service), actionLower, statements);
  collect(index.anyService, actionLower, statements);
  return {
    deny: buildPart(statements.filter((s) => s.effect === 'Deny')),
    allow: buildPart(statements.filter((s) => s.effect === 'Allow')),
  };
}

/**
 * The plan of `index` for one action, built on first use. Keyed by the action as the request
 * spells it, so the hot path neither lower-cases nor re-hashes it; spellings that differ only in
 * case get equal plans.
 */
export function planFor(index: StatementIndex, action: string): ActionPlan {
  let plan = index.plans.get(action);
  if (plan === undefined) {
    if (index.plans.size >= MAX_PLANS) index.plans.clear();
    const actionLower = action.toLowerCase();
    const colon = actionLower.indexOf(':');
    plan = buildPlan(index, actionLower, colon < 0 ? actionLower : actionLower.slice(0, colon));
    index.plans.set(action, plan);
  }
  return plan;
}
