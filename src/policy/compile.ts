import { resourcePrefix } from './action-plan.js';
import type { Policy, Statement } from './ast.js';
import type {
  CompiledPolicy,
  CompiledPolicySet,
  CompiledStatement,
  IndexEntry,
  PolicyGate,
  StatementIndex,
} from './compiled-policy.js';
import { compileConditionBlock } from './conditions/compile-conditions.js';
import { compileGlob } from './glob.js';
import { compilePrincipal } from './principal-match.js';
import { compileResourceMatcher } from './resource-matcher.js';

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

function compileStatement(policy: Policy, s: Statement): CompiledStatement {
  const resourcePrefixes =
    s.resource === undefined || s.resource.negated ? [] : s.resource.patterns.map(resourcePrefix);
  return {
    source: s,
    policyId: policy.id,
    policyKind: policy.kind,
    effect: s.effect,
    resource: s.resource && {
      negated: s.resource.negated,
      matchers: s.resource.patterns.map((p) => compileResourceMatcher(p, policy.version)),
    },
    principal: s.principal && compilePrincipal(s.principal),
    condition: compileConditionBlock(s.conditions, policy.version),
    denyNotPrincipal: s.effect === 'Deny' && s.principal?.negated === true,
    matched: {
      policyId: policy.id,
      policyKind: policy.kind,
      statementIndex: s.index,
      sid: s.sid,
      effect: s.effect,
    },
    resourcePrefixes,
    visitedBy: 0,
  };
}

/** One matcher that is true when any of the (lower-cased) action globs matches. */
function anyOf(patterns: readonly string[]): (actionLower: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set(patterns.filter((p) => !hasWildcard(p)));
  const globs = patterns.filter(hasWildcard).map((p) => compileGlob(p));
  if (globs.length === 0) return (a) => exact.has(a);
  return (a) => {
    if (exact.has(a)) return true;
    for (const g of globs) if (g(a)) return true;
    return false;
  };
}

interface MutableIndex {
  byAction: Map<string, IndexEntry[]>;
  byService: Map<string, IndexEntry[]>;
  anyService: IndexEntry[];
}

const push = (map: Map<string, IndexEntry[]>, key: string, entry: IndexEntry): void => {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
};

/**
 * Files a statement under every index key its Action can match. Exact actions go in `byAction`
 * with no further test; a service with any wildcard pattern goes in `byService` with a test over
 * all of that service's patterns (so a statement appears once per service); a wildcard service or
 * NotAction can match anything and goes in `anyService`.
 */
function indexStatement(index: MutableIndex, statement: CompiledStatement): void {
  const { negated, patterns } = statement.source.action;
  if (negated) {
    const matches = anyOf(patterns);
    index.anyService.push({ statement, actionTest: (a) => !matches(a) });
    return;
  }
  const byService = new Map<string, string[]>();
  for (const p of patterns) {
    const colon = p.indexOf(':');
    const service = colon < 0 ? p : p.slice(0, colon);
    if (colon < 0 || hasWildcard(service)) {
      index.anyService.push({ statement, actionTest: anyOf(patterns) });
      return;
    }
    const list = byService.get(service);
    if (list) list.push(p);
    else byService.set(service, [p]);
  }
  for (const [service, ps] of byService) {
    if (ps.some(hasWildcard)) {
      push(index.byService, service, { statement, actionTest: anyOf(ps) });
    } else {
      const entry: IndexEntry = { statement, actionTest: undefined };
      for (const p of new Set(ps)) push(index.byAction, p, entry);
    }
  }
}

const emptyIndex = (): MutableIndex => ({ byAction: new Map(), byService: new Map(), anyService: [] });
const sealed = (index: MutableIndex): StatementIndex => ({ ...index, plans: new Map() });

/** Compiles a validated policy once; evaluation then does no parsing. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const index = emptyIndex();
  for (const s of policy.statements) indexStatement(index, compileStatement(policy, s));
  return { kind: 'policy', policy, id: policy.id, policyKind: policy.kind, ...sealed(index) };
}

const mergeInto = (target: MutableIndex, source: StatementIndex): void => {
  for (const [k, v] of source.byAction) for (const e of v) push(target.byAction, k, e);
  for (const [k, v] of source.byService) for (const e of v) push(target.byService, k, e);
  target.anyService.push(...source.anyService);
};

/** Merges the policies of one gate (a principal's identity policies, say) into one index. */
export function compilePolicySet(policies: readonly CompiledPolicy[]): CompiledPolicySet {
  const index = emptyIndex();
  for (const p of policies) mergeInto(index, p);
  return { kind: 'set', policies, ...sealed(index) };
}

/** Accepts any form a caller may hold a gate's policies in. */
export function asIndex(gate: PolicyGate): StatementIndex {
  if (Array.isArray(gate)) {
    const list = gate as readonly CompiledPolicy[];
    return list.length === 1 ? list[0]! : compilePolicySet(list);
  }
  return gate as StatementIndex;
}
