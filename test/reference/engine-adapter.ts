/** Runs a generated case through our engine: parsePolicy -> compilePolicy -> evaluate. */
import type { PolicyKind } from '../../src/policy/ast.js';
import { compilePolicy } from '../../src/policy/compile.js';
import type { CompiledPolicy } from '../../src/policy/compiled-policy.js';
import type { ContextValue, RequestContext } from '../../src/policy/context.js';
import type { Decision } from '../../src/policy/decision.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { formatPolicyError } from '../../src/policy/policy-error.js';
import { parsePolicy } from '../../src/policy/parse.js';
import type { RawDoc, RefCase } from './case.js';

export class EngineParseError extends Error {}

export function compileDoc(doc: RawDoc, kind: PolicyKind, id: string): CompiledPolicy {
  const text = JSON.stringify(doc);
  const parsed = parsePolicy(text, { kind, id });
  if (!parsed.ok) {
    throw new EngineParseError(
      `${kind} ${id} rejected: ${parsed.errors.map(formatPolicyError).join('; ')}\n${text}`,
    );
  }
  return compilePolicy(parsed.value);
}

export function engineEvaluate(c: RefCase): Decision {
  const { request: r, policies: p } = c;
  const keys = new Map<string, ContextValue>(Object.entries(r.context).map(([k, v]) => [k.toLowerCase(), v]));
  const context: RequestContext = {
    action: r.action,
    resource: r.resource,
    resourceAccount: r.resourceAccount,
    principal: r.principal,
    keys,
  };
  return evaluate({
    context,
    identity: p.identity.map((d, i) => compileDoc(d, 'identity', `identity-${i}`)),
    boundary: p.boundary?.map((d, i) => compileDoc(d, 'boundary', `boundary-${i}`)),
    session: p.session?.map((d, i) => compileDoc(d, 'session', `session-${i}`)),
    resource: p.resource && compileDoc(p.resource.doc, p.resource.kind, 'resource'),
    scp: p.scp?.map((level, i) => level.map((d, j) => compileDoc(d, 'scp', `scp-${i}-${j}`))),
    rcp: p.rcp?.map((level, i) => level.map((d, j) => compileDoc(d, 'rcp', `rcp-${i}-${j}`))),
  });
}
