import type { CompiledStatement, PlanPart } from './compiled-policy.js';
import type { EvalScope } from './eval-scope.js';
import type { PrincipalMatch } from './principal-match.js';

/** What the statements of one effect in one gate say about a request. */
export interface ScanResult {
  /** The statements that apply; undefined when none does. */
  statements: CompiledStatement[] | undefined;
  /** For resource-based policies: the strongest principal match among them. */
  grant: PrincipalMatch;
}

const GRANT_RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, direct: 3 };

/** Each scan gets a fresh mark, so a statement found under two prefixes is tested once. */
let scanCounter = 0;

function statementMatches(s: CompiledStatement, scope: EvalScope, resourceProven: boolean): PrincipalMatch {
  let match: PrincipalMatch = 'direct';
  if (s.principal !== undefined) {
    match = s.principal(scope.ctx.principal);
    if (match === 'none') {
      // AWS: a Deny with NotPrincipal always applies to a principal that has a permissions boundary.
      if (!(s.denyNotPrincipal && scope.hasBoundary === true)) return 'none';
      match = 'direct';
    }
  }
  const block = s.resource;
  if (block !== undefined && !resourceProven) {
    const resource = scope.ctx.resource;
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

/** Tests statements; true when the scan may stop (`all` is off and nothing stronger can follow). */
function test(
  statements: readonly CompiledStatement[],
  mark: number,
  scope: EvalScope,
  all: boolean,
  out: ScanResult,
  resourceProven = false,
): boolean {
  for (const s of statements) {
    if (s.visitedBy === mark) continue;
    s.visitedBy = mark;
    const match = statementMatches(s, scope, resourceProven);
    if (match === 'none') continue;
    if (out.statements === undefined) out.statements = [s];
    else out.statements.push(s);
    if (GRANT_RANK[match] > GRANT_RANK[out.grant]) out.grant = match;
    if (!all && out.grant === 'direct') return true;
  }
  return false;
}

const COLON = 58;
const SLASH = 47;

/**
 * Finds the statements of one plan part that apply to the request: those tested for every
 * resource, then only those filed under prefixes the resource actually starts with. With `all`
 * off it stops at the first statement that settles the gate.
 */
export function scanPart(part: PlanPart | undefined, scope: EvalScope, all: boolean): ScanResult {
  const out: ScanResult = { statements: undefined, grant: 'none' };
  if (part === undefined) return out;
  const mark = ++scanCounter;
  if (part.general.length > 0 && test(part.general, mark, scope, all, out)) return out;
  const lengths = part.prefixLengths;
  if (lengths.length > 0) {
    const resource = scope.ctx.resource;
    for (const len of lengths) {
      if (len > resource.length) break;
      const c = resource.charCodeAt(len - 1);
      if (c !== COLON && c !== SLASH) continue;
      const bucket = part.byPrefix.get(resource.slice(0, len));
      if (bucket === undefined) continue;
      if (bucket.proven.length > 0 && test(bucket.proven, mark, scope, all, out, true)) return out;
      if (bucket.tested.length > 0 && test(bucket.tested, mark, scope, all, out)) return out;
    }
  }
  return out;
}
