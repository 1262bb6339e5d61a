import type { CompiledStatement, IndexEntry, StatementIndex } from './compiled-policy.js';
import type { EvalScope } from './eval-scope.js';
import type { PrincipalMatch } from './principal-match.js';

/** What one gate's policies say about a request. */
export interface GateResult {
  allows: CompiledStatement[] | undefined;
  denies: CompiledStatement[] | undefined;
  /** For resource-based policies: the strongest principal match among the allowing statements. */
  grant: PrincipalMatch;
}

const GRANT_RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, direct: 3 };

function statementMatches(s: CompiledStatement, resource: string, scope: EvalScope): PrincipalMatch {
  let match: PrincipalMatch = 'direct';
  if (s.principal !== undefined) {
    match = s.principal(scope.ctx.principal);
    if (match === 'none') return 'none';
  }
  const block = s.resource;
  if (block !== undefined) {
    let any = false;
    for (const m of block.matchers) {
      if (m(resource, scope)) {
        any = true;
        break;
      }
    }
    if (any === block.negated) return 'none';
  }
  if (s.condition !== undefined && !s.condition(scope)) return 'none';
  return match;
}

function scanEntries(
  entries: readonly IndexEntry[],
  actionLower: string,
  scope: EvalScope,
  out: GateResult,
): void {
  const resource = scope.ctx.resource;
  for (const e of entries) {
    if (e.actionTest !== undefined && !e.actionTest(actionLower)) continue;
    const s = e.statement;
    const match = statementMatches(s, resource, scope);
    if (match === 'none') continue;
    if (s.effect === 'Deny') {
      if (out.denies === undefined) out.denies = [s];
      else out.denies.push(s);
    } else {
      if (out.allows === undefined) out.allows = [s];
      else out.allows.push(s);
      if (GRANT_RANK[match] > GRANT_RANK[out.grant]) out.grant = match;
    }
  }
}

/** Finds every statement of a gate that applies to the request: index lookups, then tests. */
export function scanGate(
  index: StatementIndex,
  actionLower: string,
  service: string,
  scope: EvalScope,
): GateResult {
  const out: GateResult = { allows: undefined, denies: undefined, grant: 'none' };
  const exact = index.byAction.get(actionLower);
  if (exact !== undefined) scanEntries(exact, actionLower, scope, out);
  const wild = index.byService.get(service);
  if (wild !== undefined) scanEntries(wild, actionLower, scope, out);
  if (index.anyService.length > 0) scanEntries(index.anyService, actionLower, scope, out);
  return out;
}
